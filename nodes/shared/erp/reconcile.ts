// Reconcile: Coda never reports deletions, so the full list of a table's current row ids is
// compared with the erp table and the missing rows are soft-deleted (set-based, one statement).
import type { Pool } from 'pg';
import type { Catalog } from './catalog';
import { writeSyncState } from './checkpoint';
import { withTransaction, type TransactionOptions } from './pool';
import { ErpTable, sql } from './sql';
import { parseItems } from '../sync/items';
import { ErpInputError } from './errors';

export interface ReconcileOptions {
	/** Soft-delete every row when Coda's list is empty (a table really emptied in Coda). */
	allowEmpty?: boolean;
	transaction?: TransactionOptions;
}

export interface ReconcileSummary {
	table: string;
	codaRows: number;
	softDeleted: number;
	softDeletedIds: string[];
	liveRows: number;
}

/** The complete id list from rowIds items, or from row items plus a complete summary. */
function currentIds(items: unknown[]): { ids: string[]; source?: { docId: string; tableId: string } } {
	const input = parseItems(items);
	if (input.rowIds.length) {
		const partial = input.rowIds.find((r) => !r.complete);
		if (partial) {
			throw new ErpInputError(`Reconcile refused: the row id list of item ${partial.index} is marked incomplete, so rows missing from it may still exist in Coda`);
		}
		const first = input.rowIds[0];
		return { ids: [...new Set(input.rowIds.flatMap((r) => r.ids))], source: { docId: first.docId, tableId: first.tableId } };
	}
	if (!input.summaries.some((s) => s.complete)) {
		throw new ErpInputError(
			'Reconcile refused: the input holds no complete list of Coda row ids (a Row IDs Only item, or rows followed by a summary with complete = true)',
		);
	}
	const summary = input.summaries[0];
	return {
		// parseItems folded duplicates; a 'deleted' item is not a current row.
		ids: input.rows.map((r) => r.id),
		source: input.source ?? { docId: summary.docId, tableId: summary.tableId },
	};
}

export async function runReconcile(pool: Pool, catalog: Catalog, tableName: string, items: unknown[], options: ReconcileOptions = {}): Promise<ReconcileSummary> {
	const table = catalog.table(tableName);
	if (!table.key) throw new ErpInputError(`erp table ${table.name} has no coda_row_id: it cannot be reconciled`);
	const { ids, source } = currentIds(items);
	return withTransaction(
		pool,
		async (client) => {
			const target = new ErpTable(table.name);
			const liveRows = async () => (await client.query<{ n: number }>(sql`SELECT count(*)::int AS n FROM ${target} WHERE "deleted_at" IS NULL`)).rows[0].n;
			if (!ids.length && !options.allowEmpty) {
				const live = await liveRows();
				if (live > 0) {
					throw new ErpInputError(
						`Reconcile refused: Coda's row id list for ${table.name} is empty while the table has ${live} live rows; turn on "Allow Empty List" if the Coda table really is empty`,
					);
				}
			}
			// Anti-join against the id list: a hash anti-join however long the list is.
			const { rows: deleted } = await client.query<{ k: string }>(
				sql`UPDATE ${target} AS t SET "deleted_at" = now(), "synced_at" = now()
				 WHERE t."deleted_at" IS NULL AND t."coda_row_id" IS NOT NULL
				   AND NOT EXISTS (SELECT 1 FROM unnest(${ids}::text[]) AS c(id) WHERE c.id = t."coda_row_id")
				 RETURNING t."coda_row_id" AS k`,
			);
			const live = await liveRows();
			if (source?.docId && source.tableId) {
				await writeSyncState(client, { docId: source.docId, tableId: source.tableId, erpTable: table.name, reconciled: true, liveRows: live });
			}
			const softDeletedIds = deleted.map((r) => r.k).sort();
			return { table: table.name, codaRows: ids.length, softDeleted: softDeletedIds.length, softDeletedIds, liveRows: live };
		},
		options.transaction,
	);
}
