// erp.quarantine: rows that could not be stored, kept with the reason until they succeed.
import type { PoolClient } from 'pg';
import { qualified } from './catalog';
import { toJsonb } from './jsonb';
import type { Rejection } from './upsertPlanner';

const QUARANTINE = qualified('quarantine');

/** Upserts the rejected rows (those with a Coda row id); attempts count every rejection. */
export async function quarantineRows(client: PoolClient, erpTable: string, rejected: Rejection[]): Promise<number> {
	const byId = new Map<string, Rejection>();
	for (const r of rejected) if (r.codaRowId) byId.set(r.codaRowId, r);
	if (!byId.size) return 0;
	const list = [...byId.values()];
	await client.query(
		`INSERT INTO ${QUARANTINE} AS q ("erp_table", "coda_row_id", "coda_doc_id", "coda_table_id", "reason", "raw_row")
		 SELECT $1, u.id, u.doc, u.tab, u.reason, u.raw::jsonb
		 FROM unnest($2::text[], $3::text[], $4::text[], $5::text[], $6::text[]) AS u(id, doc, tab, reason, raw)
		 ON CONFLICT ("erp_table", "coda_row_id") DO UPDATE SET
		   "reason" = EXCLUDED."reason", "raw_row" = EXCLUDED."raw_row", "coda_doc_id" = EXCLUDED."coda_doc_id",
		   "coda_table_id" = EXCLUDED."coda_table_id", "last_seen_at" = now(), "attempts" = q."attempts" + 1`,
		[
			erpTable,
			list.map((r) => r.codaRowId),
			list.map((r) => r.docId),
			list.map((r) => r.tableId),
			list.map((r) => r.reason),
			list.map((r) => toJsonb(r.raw)),
		],
	);
	return list.length;
}

/** Rows that were stored (or found current) this time leave quarantine. */
export async function releaseRows(client: PoolClient, erpTable: string, codaRowIds: string[]): Promise<number> {
	if (!codaRowIds.length) return 0;
	const { rowCount } = await client.query(
		`DELETE FROM ${QUARANTINE} WHERE "erp_table" = $1 AND "coda_row_id" = ANY($2::text[])`,
		[erpTable, codaRowIds],
	);
	return rowCount ?? 0;
}
