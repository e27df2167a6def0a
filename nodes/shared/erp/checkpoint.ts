// erp.sync_state: per Coda table, the sync token, column snapshot and bindings, last syncs.
// Written in the transaction of the rows, so a token never moves past unwritten data.
import type { PoolClient } from 'pg';
import { qualified } from './catalog';
import { toJsonb } from './jsonb';
import type { StoredBindings } from './bindings';

const SYNC_STATE = qualified('sync_state');

export interface SyncStateRow {
	columns: Record<string, string>;
	column_bindings: StoredBindings;
	sync_token: string | null;
}

export async function readSyncState(client: PoolClient, docId: string, tableId: string): Promise<SyncStateRow | undefined> {
	const { rows } = await client.query<SyncStateRow>(
		`SELECT "columns", "column_bindings", "sync_token" FROM ${SYNC_STATE} WHERE "coda_doc_id" = $1 AND "coda_table_id" = $2`,
		[docId, tableId],
	);
	return rows[0];
}

export interface SyncStateUpdate {
	docId: string;
	tableId: string;
	erpTable: string;
	/** The Coda table's name and display column, as last read. */
	tableName?: string;
	displayColumnId?: string;
	/** Column snapshot of this run (id → name); omitted when no row was seen. */
	columns?: Record<string, string>;
	/** Bindings of this run, merged over the stored ones. */
	bindings?: StoredBindings;
	/** A complete read: the new token (incremental or full) and Coda's row count. */
	checkpoint?: { token: string; incremental: boolean; codaRowCount: number | null };
	reconciled?: boolean;
	liveRows?: number;
}

/** One upsert of the table's sync_state row; only the facts given are changed. */
export async function writeSyncState(client: PoolClient, u: SyncStateUpdate): Promise<void> {
	const cp = u.checkpoint;
	await client.query(
		`INSERT INTO ${SYNC_STATE} AS s ("coda_doc_id", "coda_table_id", "erp_table", "columns", "column_bindings", "sync_token",
		   "last_full_sync_at", "last_incremental_sync_at", "last_reconcile_at", "row_count", "last_row_count_coda", "updated_at",
		   "coda_table_name", "display_column_id")
		 VALUES ($1, $2, $3, coalesce($4::jsonb, '{}'), coalesce($5::jsonb, '{}'), $6,
		   CASE WHEN $6::text IS NOT NULL AND NOT $7 THEN now() END, CASE WHEN $6::text IS NOT NULL AND $7 THEN now() END,
		   CASE WHEN $8 THEN now() END, $9, $10, now(), $11, $12)
		 ON CONFLICT ("coda_doc_id", "coda_table_id") DO UPDATE SET
		   "erp_table" = EXCLUDED."erp_table",
		   "columns" = coalesce($4::jsonb, s."columns"),
		   "column_bindings" = s."column_bindings" || coalesce($5::jsonb, '{}'),
		   "sync_token" = coalesce(EXCLUDED."sync_token", s."sync_token"),
		   "last_full_sync_at" = coalesce(EXCLUDED."last_full_sync_at", s."last_full_sync_at"),
		   "last_incremental_sync_at" = coalesce(EXCLUDED."last_incremental_sync_at", s."last_incremental_sync_at"),
		   "last_reconcile_at" = coalesce(EXCLUDED."last_reconcile_at", s."last_reconcile_at"),
		   "row_count" = coalesce(EXCLUDED."row_count", s."row_count"),
		   "last_row_count_coda" = coalesce(EXCLUDED."last_row_count_coda", s."last_row_count_coda"),
		   "coda_table_name" = coalesce(EXCLUDED."coda_table_name", s."coda_table_name"),
		   "display_column_id" = coalesce(EXCLUDED."display_column_id", s."display_column_id"),
		   "updated_at" = now()`,
		[
			u.docId,
			u.tableId,
			u.erpTable,
			u.columns ? toJsonb(u.columns) : null,
			u.bindings ? toJsonb(u.bindings) : null,
			cp?.token ?? null,
			cp?.incremental ?? false,
			u.reconciled ?? false,
			u.liveRows ?? null,
			cp?.codaRowCount ?? null,
			u.tableName ?? null,
			u.displayColumnId ?? null,
		],
	);
}
