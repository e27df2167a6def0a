// `erp-db config`: shows and changes the sync configuration the workflows read from
// erp.sync_config / erp.sync_settings, checking each value before it reaches the database; and the
// doc-driven choices `erp-db plan` shows: an option's meaning, a Coda column's erp column.
import type { Client } from 'pg';
import { defaultCatalog, qualified, withLiveColumns } from '../../nodes/shared/erp/catalog';
import { targetOfColumn } from '../../nodes/shared/erp/columnMatching';
import {
	batchCadences,
	CRASHED_AFTER_KEY,
	deliveryModes,
	mirroredTableNames,
	parseCrashedAfterMinutes,
	syncSettingKeys,
	type DeliveryMode,
	type SyncSettingKey,
} from '../schema/syncConfig';
import { closeQuietly, openClient } from './connection';
import { CliError, ExitCode, UsageError, sqlState } from './errors';
import type { DbTarget } from './target';

export interface TableConfig {
	erp_table: string;
	coda_table: string;
	delivery: DeliveryMode;
	cadence_minutes: number;
	enabled: boolean;
}

/**
 * erp.sync_settings key of the automatic mode (`erp-db config set doc_changes auto`): the sync's
 * maintenance run then applies the doc's additive changes itself (docApply.applyDocChanges).
 * `manual` (or no row) leaves them to `erp-db apply`.
 */
export const DOC_CHANGES_KEY = 'doc_changes';
export const docChangesModes = ['manual', 'auto'] as const;
export type DocChangesMode = (typeof docChangesModes)[number];

/** Every setting `config set` accepts: the schema's keys and the automatic mode's. */
export const settingKeys: readonly string[] = [...new Set<string>([...syncSettingKeys, DOC_CHANGES_KEY])];

export interface SyncConfiguration {
	settings: { key: SyncSettingKey; value: string }[];
	tables: TableConfig[];
}

export interface TableChange {
	delivery?: string;
	cadence?: string;
	codaTable?: string;
	enabled?: boolean;
}

const UNDEFINED_TABLE = '42P01';
const oneOf = (values: readonly (string | number)[]) => values.join(', ');

async function withConfigTables<T>(target: DbTarget, work: (client: Client) => Promise<T>): Promise<T> {
	const client = await openClient(target);
	try {
		return await work(client);
	} catch (err) {
		if (sqlState(err) === UNDEFINED_TABLE) {
			throw new CliError(`database "${target.database}" has no erp.sync_config yet: run \`erp-db migrate\` first`, ExitCode.migration);
		}
		throw err;
	} finally {
		await closeQuietly(client);
	}
}

export function checkSetting(key: string, value: string): { key: SyncSettingKey; value: string } {
	if (!settingKeys.includes(key)) {
		// The schema's keys first; the automatic mode's key is named apart until the schema lists it.
		const extra = (syncSettingKeys as readonly string[]).includes(DOC_CHANGES_KEY) ? '' : `; automatic mode: ${DOC_CHANGES_KEY} (${docChangesModes.join(' or ')})`;
		throw new UsageError(`unknown setting "${key}" (settings: ${oneOf(syncSettingKeys)})${extra}`);
	}
	const trimmed = value.trim();
	if (key === DOC_CHANGES_KEY) {
		if (!(docChangesModes as readonly string[]).includes(trimmed)) throw new UsageError(`${DOC_CHANGES_KEY} "${trimmed.slice(0, 100)}" is not one of ${oneOf(docChangesModes)}`);
		return { key: key as SyncSettingKey, value: trimmed };
	}
	if (trimmed === '') return { key: key as SyncSettingKey, value: '' };
	if (key === CRASHED_AFTER_KEY) {
		const bound = parseCrashedAfterMinutes(trimmed);
		if ('problem' in bound) throw new UsageError(bound.problem);
		return { key, value: String(bound.minutes) };
	}
	if (key === 'coda_doc_id') {
		if (!/^[A-Za-z0-9_-]{1,100}$/.test(trimmed)) throw new UsageError(`coda_doc_id "${trimmed.slice(0, 100)}" is not a Coda doc id (letters, digits, - and _)`);
	} else {
		let url: URL | undefined;
		try {
			url = new URL(trimmed);
		} catch {
			url = undefined;
		}
		if (!url || (url.protocol !== 'http:' && url.protocol !== 'https:')) {
			throw new UsageError(`${key} "${trimmed.slice(0, 200)}" is not an http(s) URL (e.g. http://planner-api:8080/tasks/created)`);
		}
	}
	return { key: key as SyncSettingKey, value: trimmed };
}

function checkTableChange(erpTable: string, change: TableChange) {
	if (!mirroredTableNames.includes(erpTable)) throw new UsageError(`unknown erp table "${erpTable}" (tables: ${oneOf(mirroredTableNames)})`);
	const { delivery, cadence, codaTable, enabled } = change;
	if (delivery === undefined && cadence === undefined && codaTable === undefined && enabled === undefined) {
		throw new UsageError('nothing to change: give --delivery, --cadence, --coda-table, --enable or --disable');
	}
	if (delivery !== undefined && !(deliveryModes as readonly string[]).includes(delivery)) {
		throw new UsageError(`--delivery "${delivery}" is not one of ${oneOf(deliveryModes)}`);
	}
	if (cadence !== undefined && !(batchCadences as readonly number[]).includes(Number(cadence))) {
		throw new UsageError(`--cadence "${cadence}" is not one of ${oneOf(batchCadences)} (minutes)`);
	}
	if (codaTable !== undefined && (codaTable.trim() === '' || codaTable.length > 200)) {
		throw new UsageError('--coda-table must be the Coda table id (grid-…) or its name, 1 to 200 characters');
	}
	return { delivery: delivery ?? null, cadence: cadence === undefined ? null : Number(cadence), codaTable: codaTable?.trim() ?? null, enabled: enabled ?? null };
}

export function showConfig(target: DbTarget): Promise<SyncConfiguration> {
	return withConfigTables(target, async (client) => {
		const settings = await client.query<{ key: SyncSettingKey; value: string }>('SELECT "key", "value" FROM "erp"."sync_settings" ORDER BY "key"');
		const tables = await client.query<TableConfig>(
			'SELECT "erp_table", "coda_table", "delivery", "cadence_minutes", "enabled" FROM "erp"."sync_config" ORDER BY "erp_table"',
		);
		return { settings: settings.rows, tables: tables.rows };
	});
}

const CHECK_VIOLATION = '23514';

export function setSetting(target: DbTarget, key: string, value: string): Promise<{ key: SyncSettingKey; value: string }> {
	const setting = checkSetting(key, value);
	return withConfigTables(target, async (client) => {
		try {
			await client.query(
				`INSERT INTO "erp"."sync_settings" ("key", "value", "updated_at") VALUES ($1, $2, now())
				 ON CONFLICT ("key") DO UPDATE SET "value" = EXCLUDED."value", "updated_at" = now()`,
				[setting.key, setting.value],
			);
		} catch (err) {
			if (sqlState(err) === CHECK_VIOLATION) {
				throw new CliError(`database "${target.database}" does not know the setting ${setting.key} yet (erp.sync_settings refuses it): run \`erp-db migrate\` with this version of the package`, ExitCode.migration);
			}
			throw err;
		}
		return setting;
	});
}

export interface OptionMeaning {
	erpTable: string;
	column: string;
	optionTable: string;
	value: string;
	meaning: string | null;
	/** The option was not in the table yet (the sync or apply would have added it). */
	created: boolean;
}

/**
 * `erp-db config option <erp_table> <column> <value> --meaning <meaning|none>`: what a select option of
 * the user's doc means (one of the shipped meanings the views read, or none). Creates the option
 * row when the doc's option has not been stored yet, so the choice can precede `erp-db apply`.
 */
export function setOptionMeaning(target: DbTarget, erpTable: string, column: string, value: string, meaning: string): Promise<OptionMeaning> {
	if (value === '' || value.length > 500) throw new UsageError('the option value must be 1 to 500 characters, as the Coda select option is written');
	return withConfigTables(target, async (client) => {
		const catalog = await withLiveColumns(defaultCatalog(), client);
		const table = catalog.tables.get(erpTable);
		if (!table?.key) throw new UsageError(`unknown erp table "${erpTable}" (tables: ${oneOf(mirroredTableNames)})`);
		const info = table.columns.get(column);
		const withOptions = [...table.columns.values()].filter((c) => c.options).map((c) => c.name);
		if (!info?.options) throw new UsageError(`${erpTable}.${column} is not a select column with options (${erpTable} has: ${withOptions.join(', ') || 'none'})`);
		const optionTable = info.options.table;
		const { rows: shipped } = await client.query<{ value: string }>(`SELECT "value" FROM ${qualified(optionTable)} WHERE "meaning" = "value"`);
		const meanings = [...new Set([...info.options.meanings, ...shipped.map((r) => r.value)])];
		const wanted = meaning.trim() === '' || meaning.trim() === 'none' ? null : meaning.trim();
		if (wanted !== null && !meanings.includes(wanted)) throw new UsageError(`--meaning "${wanted.slice(0, 100)}" is not one of ${oneOf(meanings)} (or none)`);
		const { rows } = await client.query<{ created: boolean }>(
			`INSERT INTO ${qualified(optionTable)} ("value", "meaning") VALUES ($1, $2)
			 ON CONFLICT ("value") DO UPDATE SET "meaning" = EXCLUDED."meaning"
			 RETURNING (xmax = 0) AS created`,
			[value, wanted],
		);
		return { erpTable, column, optionTable, value, meaning: wanted, created: rows[0].created };
	});
}

export interface ColumnChoice {
	erpTable: string;
	codaColumn: string;
	/** null: the Coda column feeds no typed column (its values stay in coda_row). */
	erpColumn: string | null;
	removed: boolean;
}

export const CONFIG_NOTE = 'set by erp-db config';

/**
 * `erp-db config column <erp_table> <coda column> --erp-column <column> | --none | --remove`: the user's
 * override of the automatic mapping (erp.column_overrides), by Coda column id (c-…) or name.
 */
export function setColumnOverride(target: DbTarget, erpTable: string, codaColumn: string, choice: { erpColumn?: string; none?: boolean; remove?: boolean }): Promise<ColumnChoice> {
	const given = [choice.erpColumn !== undefined, choice.none === true, choice.remove === true].filter(Boolean).length;
	if (given !== 1) throw new UsageError('give exactly one of --erp-column <column>, --none or --remove');
	const coda = codaColumn.trim();
	if (coda === '' || coda.length > 200) throw new UsageError('the Coda column must be its id (c-…) or its name, 1 to 200 characters');
	return withConfigTables(target, async (client) => {
		const catalog = await withLiveColumns(defaultCatalog(), client);
		const table = catalog.tables.get(erpTable);
		if (!table?.key) throw new UsageError(`unknown erp table "${erpTable}" (tables: ${oneOf(mirroredTableNames)})`);
		if (choice.remove) {
			const { rowCount } = await client.query(`DELETE FROM ${qualified('column_overrides')} WHERE "erp_table" = $1 AND "coda_column" = $2`, [erpTable, coda]);
			if (!rowCount) throw new UsageError(`${erpTable} has no override for Coda column "${coda}"`);
			return { erpTable, codaColumn: coda, erpColumn: null, removed: true };
		}
		const erpColumn = choice.none ? null : choice.erpColumn!.trim();
		if (erpColumn !== null && !targetOfColumn(table, erpColumn)) {
			throw new UsageError(`erp table ${erpTable} has no writable column "${erpColumn.slice(0, 100)}"`);
		}
		await client.query(
			`INSERT INTO ${qualified('column_overrides')} ("erp_table", "coda_column", "erp_column", "note") VALUES ($1, $2, $3, $4)
			 ON CONFLICT ("erp_table", "coda_column") DO UPDATE SET "erp_column" = EXCLUDED."erp_column", "note" = EXCLUDED."note"`,
			[erpTable, coda, erpColumn, CONFIG_NOTE],
		);
		return { erpTable, codaColumn: coda, erpColumn, removed: false };
	});
}

export function configureTable(target: DbTarget, erpTable: string, change: TableChange): Promise<TableConfig> {
	const c = checkTableChange(erpTable, change);
	return withConfigTables(target, async (client) => {
		const { rows } = await client.query<TableConfig>(
			`UPDATE "erp"."sync_config" SET
			   "delivery" = coalesce($2, "delivery"), "cadence_minutes" = coalesce($3, "cadence_minutes"),
			   "coda_table" = coalesce($4, "coda_table"), "enabled" = coalesce($5, "enabled"), "updated_at" = now()
			 WHERE "erp_table" = $1
			 RETURNING "erp_table", "coda_table", "delivery", "cadence_minutes", "enabled"`,
			[erpTable, c.delivery, c.cadence, c.codaTable, c.enabled],
		);
		if (rows.length === 0) throw new CliError(`erp.sync_config has no row for "${erpTable}" (was it deleted by hand?)`, ExitCode.migration);
		return rows[0];
	});
}

/** One line per table, aligned, for `erp-db config show` and `config table`. */
export function describeTable(t: TableConfig, width = t.erp_table.length): string {
	const when = t.delivery === 'batch' ? `every ${t.cadence_minutes} min` : '';
	return `  ${t.erp_table.padEnd(width)}  ${t.delivery.padEnd(8)} ${when.padEnd(12)} ${t.enabled ? '' : '(disabled) '}Coda table "${t.coda_table}"`.trimEnd();
}
