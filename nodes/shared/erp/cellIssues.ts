// erp.cell_issues: Coda values their typed column could not hold (stored as NULL there, kept in
// coda_row), one row per (table, Coda row, Coda column), cleared when Coda's value becomes valid.
import type { PoolClient } from 'pg';
import type { cellIssues } from '../../../drizzle/schema/docModel';
import { toJsonb } from './jsonb';
import { each, ErpTable, sql } from './sql';
import type { CellIssue } from './upsertPlanner';

const CELL_ISSUES = new ErpTable<typeof cellIssues>('cell_issues');

/**
 * Records the issues of the rows this run settled (written or found current) and clears
 * those rows' issues that no longer apply. Returns [recorded, cleared].
 */
export async function recordCellIssues(client: PoolClient, erpTable: string, settledRowIds: string[], issues: CellIssue[]): Promise<[number, number]> {
	if (!settledRowIds.length) return [0, 0];
	const settled = new Set(settledRowIds);
	const current = issues.filter((i) => settled.has(i.codaRowId));
	const { rowCount: cleared } = await client.query(
		sql`DELETE FROM ${CELL_ISSUES} c WHERE c."erp_table" = ${erpTable} AND c."coda_row_id" = ANY(${settledRowIds}::text[])
		   AND NOT EXISTS (SELECT 1 FROM unnest(${current.map((i) => i.codaRowId)}::text[], ${current.map((i) => i.codaColumnId)}::text[]) AS k(r, col)
		                   WHERE k.r = c."coda_row_id" AND k.col = c."coda_column_id")`,
	);
	if (current.length) {
		await client.query(
			sql`INSERT INTO ${CELL_ISSUES} AS c ${CELL_ISSUES.rows({
				erp_table: erpTable,
				coda_row_id: each('text', current.map((i) => i.codaRowId)),
				coda_column_id: each('text', current.map((i) => i.codaColumnId)),
				coda_column_name: each('text', current.map((i) => i.codaColumnName)),
				erp_column: each('text', current.map((i) => i.erpColumn)),
				value: each('jsonb', current.map((i) => toJsonb(i.value))),
				reason: each('text', current.map((i) => i.reason)),
			})}
			 ON CONFLICT ("erp_table", "coda_row_id", "coda_column_id") DO UPDATE SET
			   "coda_column_name" = EXCLUDED."coda_column_name", "erp_column" = EXCLUDED."erp_column", "value" = EXCLUDED."value",
			   "reason" = EXCLUDED."reason", "last_seen_at" = now()`,
		);
	}
	return [current.length, cleared ?? 0];
}
