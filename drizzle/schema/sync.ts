// Sync bookkeeping: where each Coda table's sync stands, and rows that failed validation.
import { index, integer, jsonb, text, unique } from 'drizzle-orm/pg-core';
import { erp, primaryId, timestamptz } from './columns';

export const syncState = erp.table(
	'sync_state',
	{
		id: primaryId(),
		coda_doc_id: text('coda_doc_id').notNull(),
		coda_table_id: text('coda_table_id').notNull(),
		/** The table's name in the doc when last read. */
		coda_table_name: text('coda_table_name'),
		/** The Coda column id of the table's display column. */
		display_column_id: text('display_column_id'),
		erp_table: text('erp_table').notNull(),
		/** Coda's syncToken for "Changed Since Last Sync"; set only after a complete read. */
		sync_token: text('sync_token'),
		/** Last seen Coda columns ({ id: name }), to detect added/renamed/removed columns. */
		columns: jsonb('columns').notNull().default({}),
		/** Coda column id → erp column, so a column renamed in Coda keeps its mapping. */
		column_bindings: jsonb('column_bindings').notNull().default({}),
		last_full_sync_at: timestamptz('last_full_sync_at'),
		last_incremental_sync_at: timestamptz('last_incremental_sync_at'),
		last_reconcile_at: timestamptz('last_reconcile_at'),
		/** Live (not soft-deleted) rows in the erp table after the last sync. */
		row_count: integer('row_count'),
		/** Rows Coda reported for the table at the last complete read. */
		last_row_count_coda: integer('last_row_count_coda'),
		updated_at: timestamptz('updated_at').notNull().defaultNow(),
	},
	(t) => [
		unique('sync_state_coda_table_key').on(t.coda_doc_id, t.coda_table_id),
		index('sync_state_erp_table_idx').on(t.erp_table),
	],
);

export const quarantine = erp.table(
	'quarantine',
	{
		id: primaryId(),
		erp_table: text('erp_table').notNull(),
		coda_row_id: text('coda_row_id').notNull(),
		coda_doc_id: text('coda_doc_id'),
		coda_table_id: text('coda_table_id'),
		/** Why the row was rejected, naming the column and value. */
		reason: text('reason').notNull(),
		raw_row: jsonb('raw_row').notNull(),
		first_seen_at: timestamptz('first_seen_at').notNull().defaultNow(),
		last_seen_at: timestamptz('last_seen_at').notNull().defaultNow(),
		attempts: integer('attempts').notNull().default(1),
	},
	(t) => [
		unique('quarantine_row_key').on(t.erp_table, t.coda_row_id),
		index('quarantine_last_seen_at_idx').on(t.last_seen_at),
	],
);
