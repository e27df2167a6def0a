// erp.sync_state: per Coda table, the sync token, column snapshot and bindings, last syncs.
// Written in the transaction of the rows, so a token never moves past unwritten data.
import type { PoolClient } from 'pg';
import type { syncState } from '../../../drizzle/schema/sync';
import { toJsonb } from './jsonb';
import type { StoredBindings } from './bindings';
import { ErpTable, sql } from './sql';

const SYNC_STATE = new ErpTable<typeof syncState>('sync_state');

export interface SyncStateRow {
	columns: Record<string, string>;
	column_bindings: StoredBindings;
	sync_token: string | null;
}

export async function readSyncState(client: PoolClient, docId: string, tableId: string): Promise<SyncStateRow | undefined> {
	const { rows } = await client.query<SyncStateRow>(
		sql`SELECT "columns", "column_bindings", "sync_token" FROM ${SYNC_STATE} WHERE "coda_doc_id" = ${docId} AND "coda_table_id" = ${tableId}`,
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
	const token = cp?.token ?? null;
	const columns = u.columns ? toJsonb(u.columns) : null;
	const bindings = u.bindings ? toJsonb(u.bindings) : null;
	await client.query(
		sql`INSERT INTO ${SYNC_STATE} AS s ${SYNC_STATE.row({
			coda_doc_id: u.docId,
			coda_table_id: u.tableId,
			erp_table: u.erpTable,
			columns: sql`coalesce(${columns}::jsonb, '{}')`,
			column_bindings: sql`coalesce(${bindings}::jsonb, '{}')`,
			sync_token: token,
			last_full_sync_at: sql`CASE WHEN ${token}::text IS NOT NULL AND NOT ${cp?.incremental ?? false} THEN now() END`,
			last_incremental_sync_at: sql`CASE WHEN ${token}::text IS NOT NULL AND ${cp?.incremental ?? false} THEN now() END`,
			last_reconcile_at: sql`CASE WHEN ${u.reconciled ?? false} THEN now() END`,
			row_count: u.liveRows ?? null,
			last_row_count_coda: cp?.codaRowCount ?? null,
			updated_at: sql`now()`,
			coda_table_name: u.tableName ?? null,
			display_column_id: u.displayColumnId ?? null,
		})}
		 ON CONFLICT ("coda_doc_id", "coda_table_id") DO UPDATE SET
		   "erp_table" = EXCLUDED."erp_table",
		   "columns" = coalesce(${columns}::jsonb, s."columns"),
		   "column_bindings" = s."column_bindings" || coalesce(${bindings}::jsonb, '{}'),
		   "sync_token" = coalesce(EXCLUDED."sync_token", s."sync_token"),
		   "last_full_sync_at" = coalesce(EXCLUDED."last_full_sync_at", s."last_full_sync_at"),
		   "last_incremental_sync_at" = coalesce(EXCLUDED."last_incremental_sync_at", s."last_incremental_sync_at"),
		   "last_reconcile_at" = coalesce(EXCLUDED."last_reconcile_at", s."last_reconcile_at"),
		   "row_count" = coalesce(EXCLUDED."row_count", s."row_count"),
		   "last_row_count_coda" = coalesce(EXCLUDED."last_row_count_coda", s."last_row_count_coda"),
		   "coda_table_name" = coalesce(EXCLUDED."coda_table_name", s."coda_table_name"),
		   "display_column_id" = coalesce(EXCLUDED."display_column_id", s."display_column_id"),
		   "updated_at" = now()`,
	);
}
