// erp.cell_issues: Coda values their typed column could not hold (stored as NULL there, kept in
// coda_row), one row per (table, Coda row, Coda column), cleared when Coda's value becomes valid.
import type { PoolClient } from 'pg';
import { qualified } from './catalog';
import { toJsonb } from './jsonb';
import type { CellIssue } from './upsertPlanner';

const CELL_ISSUES = qualified('cell_issues');

/**
 * Records the issues of the rows this run settled (written or found current) and clears
 * those rows' issues that no longer apply. Returns [recorded, cleared].
 */
export async function recordCellIssues(client: PoolClient, erpTable: string, settledRowIds: string[], issues: CellIssue[]): Promise<[number, number]> {
	if (!settledRowIds.length) return [0, 0];
	const settled = new Set(settledRowIds);
	const current = issues.filter((i) => settled.has(i.codaRowId));
	const { rowCount: cleared } = await client.query(
		`DELETE FROM ${CELL_ISSUES} c WHERE c."erp_table" = $1 AND c."coda_row_id" = ANY($2::text[])
		   AND NOT EXISTS (SELECT 1 FROM unnest($3::text[], $4::text[]) AS k(r, col) WHERE k.r = c."coda_row_id" AND k.col = c."coda_column_id")`,
		[erpTable, settledRowIds, current.map((i) => i.codaRowId), current.map((i) => i.codaColumnId)],
	);
	if (current.length) {
		await client.query(
			`INSERT INTO ${CELL_ISSUES} AS c ("erp_table", "coda_row_id", "coda_column_id", "coda_column_name", "erp_column", "value", "reason")
			 SELECT $1, u.r, u.col, u.name, u.erp, u.v::jsonb, u.reason
			 FROM unnest($2::text[], $3::text[], $4::text[], $5::text[], $6::text[], $7::text[]) AS u(r, col, name, erp, v, reason)
			 ON CONFLICT ("erp_table", "coda_row_id", "coda_column_id") DO UPDATE SET
			   "coda_column_name" = EXCLUDED."coda_column_name", "erp_column" = EXCLUDED."erp_column", "value" = EXCLUDED."value",
			   "reason" = EXCLUDED."reason", "last_seen_at" = now()`,
			[
				erpTable,
				current.map((i) => i.codaRowId),
				current.map((i) => i.codaColumnId),
				current.map((i) => i.codaColumnName),
				current.map((i) => i.erpColumn),
				current.map((i) => toJsonb(i.value)),
				current.map((i) => i.reason),
			],
		);
	}
	return [current.length, cleared ?? 0];
}
