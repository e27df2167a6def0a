// erp.quarantine: rows that could not be stored, kept with the reason until they succeed.
import type { PoolClient } from 'pg';
import type { quarantine } from '../../../drizzle/schema/sync';
import { JsonValueError, toJsonb } from './jsonb';
import { each, ErpTable, sql } from './sql';
import type { Rejection } from '../sync/items';

const QUARANTINE = new ErpTable<typeof quarantine>('quarantine');

/** The item as quarantine keeps it; one JSON cannot hold (often why it was rejected) is kept as that reason. */
function rawRow(raw: unknown): string {
	try {
		return toJsonb(raw);
	} catch (err) {
		if (!(err instanceof JsonValueError)) throw err;
		return toJsonb({ notKept: `the item ${err.message}` });
	}
}

/** Upserts the rejected rows (those with a Coda row id); attempts count every rejection. */
export async function quarantineRows(client: PoolClient, erpTable: string, rejected: Rejection[]): Promise<number> {
	const byId = new Map<string, Rejection>();
	for (const r of rejected) if (r.codaRowId) byId.set(r.codaRowId, r);
	if (!byId.size) return 0;
	const list = [...byId.values()];
	await client.query(
		sql`INSERT INTO ${QUARANTINE} AS q ${QUARANTINE.rows({
			erp_table: erpTable,
			coda_row_id: each('text', list.map((r) => r.codaRowId)),
			coda_doc_id: each('text', list.map((r) => r.docId)),
			coda_table_id: each('text', list.map((r) => r.tableId)),
			reason: each('text', list.map((r) => r.reason)),
			raw_row: each('jsonb', list.map((r) => rawRow(r.raw))),
		})}
		 ON CONFLICT ("erp_table", "coda_row_id") DO UPDATE SET
		   "reason" = EXCLUDED."reason", "raw_row" = EXCLUDED."raw_row", "coda_doc_id" = EXCLUDED."coda_doc_id",
		   "coda_table_id" = EXCLUDED."coda_table_id", "last_seen_at" = now(), "attempts" = q."attempts" + 1`,
	);
	return list.length;
}

/** Rows that were stored (or found current) this time leave quarantine. */
export async function releaseRows(client: PoolClient, erpTable: string, codaRowIds: string[]): Promise<number> {
	if (!codaRowIds.length) return 0;
	const { rowCount } = await client.query(sql`DELETE FROM ${QUARANTINE} WHERE "erp_table" = ${erpTable} AND "coda_row_id" = ANY(${codaRowIds}::text[])`);
	return rowCount ?? 0;
}
