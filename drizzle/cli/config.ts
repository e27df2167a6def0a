// `erp-db config`: shows and changes the sync configuration the workflows read from
// erp.sync_config / erp.sync_settings, checking each value before it reaches the database.
import type { Client } from 'pg';
import {
	batchCadences,
	deliveryModes,
	mirroredTableNames,
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
	if (!(syncSettingKeys as readonly string[]).includes(key)) throw new UsageError(`unknown setting "${key}" (settings: ${oneOf(syncSettingKeys)})`);
	const trimmed = value.trim();
	if (trimmed === '') return { key: key as SyncSettingKey, value: '' };
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

export function setSetting(target: DbTarget, key: string, value: string): Promise<{ key: SyncSettingKey; value: string }> {
	const setting = checkSetting(key, value);
	return withConfigTables(target, async (client) => {
		await client.query(
			`INSERT INTO "erp"."sync_settings" ("key", "value", "updated_at") VALUES ($1, $2, now())
			 ON CONFLICT ("key") DO UPDATE SET "value" = EXCLUDED."value", "updated_at" = now()`,
			[setting.key, setting.value],
		);
		return setting;
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
