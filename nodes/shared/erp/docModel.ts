// The doc model: each synced Coda table's columns (id, name, format, display column) as Coda
// lists them, kept in erp.coda_columns so every n8n process and `erp-db` decide the mapping from
// the same facts. Refreshed whenever Coda Table Fetch listed the columns of a table it read.
import type { PoolClient } from 'pg';
import type { codaColumns, columnOverrides } from '../../../drizzle/schema/docModel';
import type { syncConfig } from '../../../drizzle/schema/syncConfig';
import type { syncState } from '../../../drizzle/schema/sync';
import { toJsonb } from './jsonb';
import { each, ErpTable, sql } from './sql';
import type { SummaryColumn } from '../sync/items';
import type { ColumnOverride, DocColumn } from './columnMatching';

const CODA_COLUMNS = new ErpTable<typeof codaColumns>('coda_columns');

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/** The format the doc model keeps: Coda's, with its type and lookup table even when the listing gave them apart. */
function modelFormat(c: SummaryColumn): Record<string, unknown> {
	return { ...(c.tableId ? { table: { id: c.tableId } } : {}), ...(c.type ? { type: c.type } : {}), ...(c.format ?? {}) };
}

/**
 * Stores the columns Coda listed for the table and returns them as the doc model (no need to
 * read back what was just written); columns it no longer lists are marked removed (their values
 * stay in erp, their mapping stays for a column that comes back).
 */
export async function storeDocColumns(client: PoolClient, docId: string, tableId: string, columns: SummaryColumn[]): Promise<DocColumn[]> {
	const model = columns.map((c) => {
		const format = modelFormat(c);
		return { id: c.id, name: c.name, type: c.type ?? 'unknown', isArray: c.isArray === true, display: c.display === true, calculated: c.calculated === true, format, lookupTableId: lookupTable(format) };
	});
	await client.query(
		sql`INSERT INTO ${CODA_COLUMNS} AS c ${CODA_COLUMNS.rows({
			coda_doc_id: docId,
			coda_table_id: tableId,
			coda_column_id: each('text', columns.map((c) => c.id)),
			name: each('text', columns.map((c) => c.name)),
			type: each('text', model.map((c) => c.type)),
			is_array: each('boolean', model.map((c) => c.isArray)),
			format: each('jsonb', model.map((c) => toJsonb(c.format))),
			is_display: each('boolean', model.map((c) => c.display)),
			calculated: each('boolean', model.map((c) => c.calculated)),
			position: each('int', columns.map((_, i) => i)),
		})}
		 ON CONFLICT ("coda_doc_id", "coda_table_id", "coda_column_id") DO UPDATE SET
		   "name" = EXCLUDED."name", "type" = EXCLUDED."type", "is_array" = EXCLUDED."is_array", "format" = EXCLUDED."format",
		   "is_display" = EXCLUDED."is_display", "calculated" = EXCLUDED."calculated", "position" = EXCLUDED."position",
		   "last_seen_at" = now(), "removed_at" = NULL
		 -- Every read lists the columns (each real-time call too): an unchanged column is not rewritten.
		 WHERE (c."name", c."type", c."is_array", c."format", c."is_display", c."calculated", c."position", c."removed_at")
		   IS DISTINCT FROM (EXCLUDED."name", EXCLUDED."type", EXCLUDED."is_array", EXCLUDED."format", EXCLUDED."is_display", EXCLUDED."calculated", EXCLUDED."position", NULL::timestamptz)`,
	);
	await client.query(
		sql`UPDATE ${CODA_COLUMNS} SET "removed_at" = now()
		 WHERE "coda_doc_id" = ${docId} AND "coda_table_id" = ${tableId} AND "removed_at" IS NULL AND NOT ("coda_column_id" = ANY(${columns.map((c) => c.id)}::text[]))`,
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
		sql`SELECT "coda_column_id" AS id, "name", "type", "is_array", "format", "is_display", "calculated"
		 FROM ${CODA_COLUMNS} WHERE "coda_doc_id" = ${docId} AND "coda_table_id" = ${tableId} AND "removed_at" IS NULL ORDER BY "position", "coda_column_id"`,
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
		sql`SELECT "coda_table_id" AS coda, "erp_table" AS erp FROM ${new ErpTable<typeof syncState>('sync_state')} WHERE "coda_doc_id" = ${docId}
		 UNION ALL SELECT "coda_table", "erp_table" FROM ${new ErpTable<typeof syncConfig>('sync_config')}`,
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
		sql`SELECT "coda_column", "erp_column" FROM ${new ErpTable<typeof columnOverrides>('column_overrides')} WHERE "erp_table" = ${erpTable} ORDER BY "id"`,
	);
	return rows.map((r) => ({ codaColumn: r.coda_column, erpColumn: r.erp_column }));
}
