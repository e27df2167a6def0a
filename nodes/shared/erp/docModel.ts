// The doc model: each synced Coda table's columns (id, name, format, display column) as Coda
// lists them, kept in erp.coda_columns so every n8n process and `erp-db` decide the mapping from
// the same facts. Refreshed whenever Coda Table Fetch listed the columns of a table it read.
import type { PoolClient } from 'pg';
import { qualified } from './catalog';
import { toJsonb } from './jsonb';
import type { ColumnOverride, DocColumn } from './columnMatching';

const CODA_COLUMNS = qualified('coda_columns');

/** A column as Coda Table Fetch's summary lists it (DEVELOPERS.md contract). */
export interface ListedColumn {
	id: string;
	name: string;
	type?: string;
	isArray?: boolean;
	tableId?: string;
	display?: boolean;
	calculated?: boolean;
	format?: Record<string, unknown>;
}

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/** The summary's `columns`, checked entry by entry (it comes from the workflow's items). */
export function parseListedColumns(raw: unknown): ListedColumn[] | null {
	if (!Array.isArray(raw)) return null;
	const out: ListedColumn[] = [];
	for (const c of raw) {
		if (!isObject(c) || typeof c.id !== 'string' || typeof c.name !== 'string') return null;
		out.push({
			id: c.id,
			name: c.name,
			type: typeof c.type === 'string' ? c.type : undefined,
			isArray: c.isArray === true,
			tableId: typeof c.tableId === 'string' ? c.tableId : undefined,
			display: c.display === true,
			calculated: c.calculated === true,
			format: isObject(c.format) ? c.format : undefined,
		});
	}
	return out;
}

/** The format the doc model keeps: Coda's, with its type and lookup table even when the listing gave them apart. */
function modelFormat(c: ListedColumn): Record<string, unknown> {
	return { ...(c.tableId ? { table: { id: c.tableId } } : {}), ...(c.type ? { type: c.type } : {}), ...(c.format ?? {}) };
}

/**
 * Stores the columns Coda listed for the table and returns them as the doc model (no need to
 * read back what was just written); columns it no longer lists are marked removed (their values
 * stay in erp, their mapping stays for a column that comes back).
 */
export async function storeDocColumns(client: PoolClient, docId: string, tableId: string, columns: ListedColumn[]): Promise<DocColumn[]> {
	const model = columns.map((c) => {
		const format = modelFormat(c);
		return { id: c.id, name: c.name, type: c.type ?? 'unknown', isArray: c.isArray === true, display: c.display === true, calculated: c.calculated === true, format, lookupTableId: lookupTable(format) };
	});
	await client.query(
		`INSERT INTO ${CODA_COLUMNS} AS c ("coda_doc_id", "coda_table_id", "coda_column_id", "name", "type", "is_array", "format", "is_display", "calculated", "position")
		 SELECT $1, $2, u.id, u.name, u.type, u.is_array, u.format::jsonb, u.display, u.calculated, u.position
		 FROM unnest($3::text[], $4::text[], $5::text[], $6::boolean[], $7::text[], $8::boolean[], $9::boolean[], $10::int[])
		   AS u(id, name, type, is_array, format, display, calculated, position)
		 ON CONFLICT ("coda_doc_id", "coda_table_id", "coda_column_id") DO UPDATE SET
		   "name" = EXCLUDED."name", "type" = EXCLUDED."type", "is_array" = EXCLUDED."is_array", "format" = EXCLUDED."format",
		   "is_display" = EXCLUDED."is_display", "calculated" = EXCLUDED."calculated", "position" = EXCLUDED."position",
		   "last_seen_at" = now(), "removed_at" = NULL
		 -- Every read lists the columns (each real-time call too): an unchanged column is not rewritten.
		 WHERE (c."name", c."type", c."is_array", c."format", c."is_display", c."calculated", c."position", c."removed_at")
		   IS DISTINCT FROM (EXCLUDED."name", EXCLUDED."type", EXCLUDED."is_array", EXCLUDED."format", EXCLUDED."is_display", EXCLUDED."calculated", EXCLUDED."position", NULL::timestamptz)`,
		[
			docId,
			tableId,
			columns.map((c) => c.id),
			columns.map((c) => c.name),
			model.map((c) => c.type),
			model.map((c) => c.isArray),
			model.map((c) => toJsonb(c.format)),
			model.map((c) => c.display),
			model.map((c) => c.calculated),
			columns.map((_, i) => i),
		],
	);
	await client.query(
		`UPDATE ${CODA_COLUMNS} SET "removed_at" = now()
		 WHERE "coda_doc_id" = $1 AND "coda_table_id" = $2 AND "removed_at" IS NULL AND NOT ("coda_column_id" = ANY($3::text[]))`,
		[docId, tableId, columns.map((c) => c.id)],
	);
	return model;
}

interface DocColumnRow {
	id: string;
	name: string;
	type: string;
	is_array: boolean;
	format: Record<string, unknown>;
	is_display: boolean;
	calculated: boolean;
}

function lookupTable(format: Record<string, unknown>): string | null {
	const table = format.table;
	return isObject(table) && typeof table.id === 'string' ? table.id : null;
}

/** The table's current columns in Coda's order (removed ones left out). */
export async function readDocColumns(client: PoolClient, docId: string, tableId: string): Promise<DocColumn[]> {
	const { rows } = await client.query<DocColumnRow>(
		`SELECT "coda_column_id" AS id, "name", "type", "is_array", "format", "is_display", "calculated"
		 FROM ${CODA_COLUMNS} WHERE "coda_doc_id" = $1 AND "coda_table_id" = $2 AND "removed_at" IS NULL ORDER BY "position", "coda_column_id"`,
		[docId, tableId],
	);
	return rows.map((r) => ({
		id: r.id,
		name: r.name,
		type: r.type,
		isArray: r.is_array,
		display: r.is_display,
		calculated: r.calculated,
		format: r.format,
		lookupTableId: lookupTable(r.format),
	}));
}

/**
 * Coda table id → the erp table it is mirrored into: from erp.sync_state (tables read already)
 * and erp.sync_config (an id, or a name, which the doc model's lookup formats translate to an id).
 */
export async function readErpTableOf(client: PoolClient, docId: string, columns: DocColumn[]): Promise<(codaTableId: string) => string | undefined> {
	const { rows } = await client.query<{ coda: string; erp: string }>(
		`SELECT "coda_table_id" AS coda, "erp_table" AS erp FROM ${qualified('sync_state')} WHERE "coda_doc_id" = $1
		 UNION ALL SELECT "coda_table", "erp_table" FROM ${qualified('sync_config')}`,
		[docId],
	);
	const map = new Map<string, string>();
	for (const r of rows) if (!map.has(r.coda)) map.set(r.coda, r.erp);
	for (const c of columns) {
		const table = c.format.table;
		if (!isObject(table) || typeof table.id !== 'string' || typeof table.name !== 'string' || map.has(table.id)) continue;
		const erp = map.get(table.name);
		if (erp) map.set(table.id, erp);
	}
	return (id) => map.get(id);
}

/** The user's mapping overrides for an erp table (`erp-db` writes them). */
export async function readOverrides(client: PoolClient, erpTable: string): Promise<ColumnOverride[]> {
	const { rows } = await client.query<{ coda_column: string; erp_column: string | null }>(
		`SELECT "coda_column", "erp_column" FROM ${qualified('column_overrides')} WHERE "erp_table" = $1 ORDER BY "id"`,
		[erpTable],
	);
	return rows.map((r) => ({ codaColumn: r.coda_column, erpColumn: r.erp_column }));
}
