// Rebinding: when a Coda column feeds an erp column it did not feed before, the stored rows a
// run did not read are mapped again from what coda_row keeps and written like any chunk.
import type { PoolClient } from 'pg';
import type { TableInfo } from './catalog';
import type { CodaColumnFormat } from '../coda/apiSchemas';
import { normaliseValue } from '../coda/normalise';
import { currentRows, emptyOutcome, writeRows, type ChunkStatements } from './chunkPipeline';
import type { DocColumn } from './columnMatching';
import { ErpTable, sql } from './sql';
import type { ParsedRow } from '../sync/items';
import type { CellIssue, RowMapper } from './upsertPlanner';

/** Whether a Coda column feeds an erp column it did not feed before (a column added, a new match). */
export function bindingsChanged(before: Record<string, string>, now: Record<string, string>): boolean {
	return Object.entries(now).some(([id, column]) => before[id] !== column);
}

/** Stored rows read at a time. */
const REBIND_PAGE = 5000;

export interface RebindContext {
	statements: ChunkStatements;
	mapper: RowMapper;
	columns: DocColumn[];
	source: { docId: string; tableId: string };
	/** Rows this run writes anyway. */
	skip: Set<string>;
	issues: CellIssue[];
	chunkSize?: number;
}

/**
 * Maps the live rows this run did not read again from coda_row (Coda's values as sent,
 * normalised by the doc model's formats) and writes them, so a column `erp-db apply` added
 * fills at once, without reading the table from Coda. `settled` are the rows now current.
 */
export async function rebindStoredRows(client: PoolClient, table: TableInfo, ctx: RebindContext): Promise<{ rebound: number; optionsAdded: number; settled: string[] }> {
	const formats = new Map(ctx.columns.map((c) => [c.id, c.format as CodaColumnFormat]));
	const out = emptyOutcome();
	let optionsAdded = 0;
	for (let after = ''; ; ) {
		const { rows } = await client.query<{ k: string; ca: Date | null; ua: Date | null; j: Record<string, unknown> }>(
			sql`SELECT "coda_row_id" AS k, "coda_created_at" AS ca, "coda_updated_at" AS ua, "coda_row" AS j FROM ${new ErpTable(table.name)}
			 WHERE "deleted_at" IS NULL AND "coda_row_id" > ${after} ORDER BY "coda_row_id" LIMIT ${REBIND_PAGE}`,
		);
		if (!rows.length) break;
		after = rows[rows.length - 1].k;
		const items: ParsedRow[] = rows
			.filter((r) => !ctx.skip.has(r.k) && r.ua)
			.map((r) => ({
				...ctx.source,
				id: r.k,
				createdAt: r.ca?.toISOString() ?? null,
				updatedAt: r.ua!.toISOString(),
				values: Object.fromEntries(Object.entries(r.j).map(([id, raw]) => [id, normaliseValue(raw, formats.get(id))])),
				columnNames: {},
				index: -1,
				raw: null,
				codaValues: r.j,
			}));
		// coda_row was written as JSON once, so it maps again; a row that did not would stay as stored.
		optionsAdded += (await writeRows(client, ctx.statements, ctx.mapper, items, { chunkSize: ctx.chunkSize, rawRow: () => null, findings: { issues: ctx.issues, rejected: out.rejected } }, out)).optionsAdded;
	}
	ctx.issues.push(...out.issues);
	return { rebound: [...out.actions.values()].filter((a) => a === 'updated').length, optionsAdded, settled: currentRows(out) };
}
