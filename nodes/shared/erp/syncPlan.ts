// The sync plan the workflows follow, read from erp.sync_config / erp.sync_settings (the one
// place the configuration lives): which tables are due for a batch run, which Coda table a
// webhook names, and the shared settings. Plain module; the ERP Upsert node exposes it.
import type { Client, Pool, PoolClient } from 'pg';
import { z } from 'zod';
import { syncSettingKeys, type DeliveryMode } from '../../../drizzle/schema/syncConfigValues';
import type { syncConfig, syncSettings } from '../../../drizzle/schema/syncConfig';
import type { syncState } from '../../../drizzle/schema/sync';
import { ErpInputError } from './errors';
import { jsonDepth } from './jsonb';
import { ErpTable, sql } from './sql';

type Db = Pool | PoolClient | Client;

export type SyncSettings = Record<(typeof syncSettingKeys)[number], string>;

export interface TablePlan {
	erpTable: string;
	/** As configured: a Coda table id (grid-…) or name. */
	codaTable: string;
	/** The id Coda Table Fetch recorded in erp.sync_state for this doc, once the table was read. */
	codaTableId: string | null;
	delivery: DeliveryMode;
	cadenceMinutes: number;
	enabled: boolean;
	/** End of the last complete (full or incremental) read, ISO 8601. */
	lastSyncAt: string | null;
}

export interface SyncPlan {
	settings: SyncSettings;
	tables: TablePlan[];
}

const UNDEFINED_TABLE = '42P01';

/** Reads the configuration, with what erp.sync_state knows of each table in the configured doc. */
export async function readSyncPlan(db: Db): Promise<SyncPlan> {
	try {
		const settingRows = await db.query<{ key: string; value: string }>(sql`SELECT "key", "value" FROM ${new ErpTable<typeof syncSettings>('sync_settings')}`);
		const settings = Object.fromEntries(syncSettingKeys.map((k) => [k, ''])) as SyncSettings;
		for (const row of settingRows.rows) settings[row.key as keyof SyncSettings] = row.value.trim();
		const { rows } = await db.query<{
			erp_table: string;
			coda_table: string;
			delivery: DeliveryMode;
			cadence_minutes: number;
			enabled: boolean;
			coda_table_id: string | null;
			last_sync_at: Date | null;
		}>(
			sql`SELECT c."erp_table", c."coda_table", c."delivery", c."cadence_minutes", c."enabled", s."coda_table_id", s."last_sync_at"
			 FROM ${new ErpTable<typeof syncConfig>('sync_config')} c
			 LEFT JOIN LATERAL (
			   SELECT st."coda_table_id", greatest(st."last_full_sync_at", st."last_incremental_sync_at") AS "last_sync_at"
			   FROM ${new ErpTable<typeof syncState>('sync_state')} st
			   WHERE st."erp_table" = c."erp_table" AND st."coda_doc_id" = ${settings.coda_doc_id}
			   ORDER BY st."updated_at" DESC LIMIT 1) s ON true
			 ORDER BY c."erp_table"`,
		);
		const tables = rows.map((r) => ({
			erpTable: r.erp_table,
			codaTable: r.coda_table,
			codaTableId: r.coda_table_id,
			delivery: r.delivery,
			cadenceMinutes: r.cadence_minutes,
			enabled: r.enabled,
			lastSyncAt: r.last_sync_at ? r.last_sync_at.toISOString() : null,
		}));
		return { settings, tables };
	} catch (error) {
		if ((error as { code?: string }).code === UNDEFINED_TABLE) {
			throw new ErpInputError('The sync configuration tables (erp.sync_config, erp.sync_settings) are missing: run `erp-db migrate`');
		}
		throw error;
	}
}

/** The Coda doc the workflows sync; an unset doc is a set-up mistake worth a precise message. */
export function requireDocId(plan: SyncPlan): string {
	const docId = plan.settings.coda_doc_id;
	if (!docId) throw new ErpInputError('No Coda doc is configured: run `erp-db config set coda_doc_id <doc id>`');
	return docId;
}

/** What Coda Table Fetch should be given: the learned id when there is one, else the configured id or name. */
export const codaTableRef = (t: TablePlan) => t.codaTableId ?? t.codaTable;

/**
 * Whether a batch table is due at `now`. The schedule ticks every `tickMinutes`; half a tick of
 * slack keeps a table on its cadence although each run ends a little after its tick.
 */
export function isDue(table: TablePlan, now: Date, tickMinutes = 5): boolean {
	if (!table.lastSyncAt) return true;
	const elapsedMinutes = (now.getTime() - Date.parse(table.lastSyncAt)) / 60_000;
	return elapsedMinutes + tickMinutes / 2 >= table.cadenceMinutes;
}

/** Enabled tables with one of the given deliveries, in erp table order. */
export function tablesFor(plan: SyncPlan, deliveries: readonly DeliveryMode[]): TablePlan[] {
	return plan.tables.filter((t) => t.enabled && deliveries.includes(t.delivery));
}

/**
 * Enabled tables due for a scheduled incremental read at `now`: batch tables, and real-time
 * tables too, at their own cadence, as a safety net for webhooks Coda never sent (automation
 * quota, n8n restarting), so a missed edit converges without a backfill.
 */
export function dueBatchTables(plan: SyncPlan, now: Date, tickMinutes = 5): TablePlan[] {
	return tablesFor(plan, ['batch', 'realtime']).filter((t) => isDue(t, now, tickMinutes));
}

export const MAX_WEBHOOK_BODY_BYTES = 8 * 1024;
/** A call is two levels deep; the bound keeps the size check's JSON.stringify far from its recursion limit. */
export const MAX_WEBHOOK_BODY_DEPTH = 32;

/** The body's size as JSON in bytes; undefined when it is too large to write as one string. */
function jsonBytes(body: unknown): number | undefined {
	try {
		return Buffer.byteLength(JSON.stringify(body ?? null) ?? '', 'utf8');
	} catch {
		return undefined;
	}
}

const requestSchema = z
	.object({
		table: z.string({ required_error: 'is missing', invalid_type_error: 'must be a string' }).trim().min(1, 'is empty').max(200, 'is longer than 200 characters'),
		rowId: z
			.string({ required_error: 'is missing', invalid_type_error: 'must be a string' })
			.trim()
			.regex(/^i-[A-Za-z0-9_-]{1,100}$/, 'must be a Coda row id like i-AbCdEf123'),
		event: z.string({ invalid_type_error: 'must be a string' }).max(100, 'is longer than 100 characters').optional(),
	})
	.strict();

export interface SyncRequest {
	erpTable: string;
	codaTable: string;
	rowId: string;
	event: string | null;
}

export type SyncRequestCheck = { ok: true; request: SyncRequest } | { ok: false; status: number; reason: string };

const reject = (status: number, reason: string): SyncRequestCheck => ({ ok: false, status, reason });

/** Matches a Coda table reference by the learned id, the configured id or name (names ignore case). */
function findTable(plan: SyncPlan, ref: string): TablePlan | undefined {
	return (
		plan.tables.find((t) => t.codaTableId === ref || t.codaTable === ref) ??
		plan.tables.find((t) => t.codaTable.toLowerCase() === ref.toLowerCase())
	);
}

/**
 * Checks a real-time webhook body `{table, rowId, event?}` against the plan. Every rejection is a
 * 4xx status with a reason naming the field, so the Coda automation's log says what to fix; no
 * body makes it throw (depth is checked before anything recurses, size before the fields).
 */
export function checkSyncRequest(body: unknown, plan: SyncPlan): SyncRequestCheck {
	if (jsonDepth(body) > MAX_WEBHOOK_BODY_DEPTH) {
		return reject(400, `The body nests more than ${MAX_WEBHOOK_BODY_DEPTH} levels of objects or arrays; expected {"table": "Tasks", "rowId": "i-AbCdEf123"}`);
	}
	const size = jsonBytes(body);
	if (size === undefined) return reject(413, `The body is too large to read; at most ${MAX_WEBHOOK_BODY_BYTES} bytes are accepted`);
	if (size > MAX_WEBHOOK_BODY_BYTES) return reject(413, `The body is ${size} bytes; at most ${MAX_WEBHOOK_BODY_BYTES} are accepted`);
	if (typeof body !== 'object' || body === null || Array.isArray(body)) {
		return reject(400, 'The body must be a JSON object like {"table": "Tasks", "rowId": "i-AbCdEf123"}');
	}
	const parsed = requestSchema.safeParse(body);
	if (!parsed.success) {
		const issue = parsed.error.issues[0];
		const field = issue.code === 'unrecognized_keys' ? `Unexpected field(s) ${issue.keys.map((k) => `"${k}"`).join(', ')}` : `Field "${issue.path.join('.')}" ${issue.message}`;
		return reject(400, `${field}; expected {"table": <Coda table id or name>, "rowId": "i-…", "event"?: <text>}`);
	}
	const { table, rowId, event } = parsed.data;
	const match = findTable(plan, table);
	const shown = JSON.stringify(table.slice(0, 80));
	if (!match) return reject(422, `Unknown Coda table ${shown}: it is not in erp.sync_config`);
	if (!match.enabled || match.delivery !== 'realtime') {
		const state = match.enabled ? `delivered by ${match.delivery === 'off' ? 'no workflow (off)' : 'the batch sync'}` : 'disabled';
		return reject(422, `Coda table ${shown} (erp.${match.erpTable}) is ${state}, not real-time: see \`erp-db config\``);
	}
	return { ok: true, request: { erpTable: match.erpTable, codaTable: codaTableRef(match), rowId, event: event ?? null } };
}
