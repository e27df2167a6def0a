// The user's Coda doc as the sync last read it (columns and their formats), the user's
// overrides of the automatic column mapping, and cells that could not be stored typed.
import { boolean, integer, jsonb, primaryKey, text, unique } from 'drizzle-orm/pg-core';
import { erp, primaryId, timestamptz } from './columns';

/** One row per Coda column ever seen; refreshed whenever its table is read. */
export const codaColumns = erp.table(
	'coda_columns',
	{
		coda_doc_id: text('coda_doc_id').notNull(),
		coda_table_id: text('coda_table_id').notNull(),
		coda_column_id: text('coda_column_id').notNull(),
		name: text('name').notNull(),
		/** Coda's format type: text, select, lookup, person, currency, … */
		type: text('type').notNull(),
		is_array: boolean('is_array').notNull().default(false),
		/** The whole Coda column format (select options, lookup table, currency code, …). */
		format: jsonb('format').notNull().default({}),
		is_display: boolean('is_display').notNull().default(false),
		calculated: boolean('calculated').notNull().default(false),
		position: integer('position'),
		first_seen_at: timestamptz('first_seen_at').notNull().defaultNow(),
		/** When Coda last listed the column changed (a listing that changes nothing writes nothing). */
		last_seen_at: timestamptz('last_seen_at').notNull().defaultNow(),
		/** Set when Coda no longer lists the column (its cells stay in coda_row). */
		removed_at: timestamptz('removed_at'),
	},
	(t) => [primaryKey({ name: 'coda_columns_pkey', columns: [t.coda_doc_id, t.coda_table_id, t.coda_column_id] })],
);

/** The user's corrections of the automatic Coda column → erp column mapping. */
export const columnOverrides = erp.table(
	'column_overrides',
	{
		id: primaryId(),
		erp_table: text('erp_table').notNull(),
		/** A Coda column id (c-…) or a column name. */
		coda_column: text('coda_column').notNull(),
		/** NULL: map this Coda column to no typed column (it stays in coda_row). */
		erp_column: text('erp_column'),
		note: text('note'),
		created_at: timestamptz('created_at').notNull().defaultNow(),
	},
	(t) => [unique('column_overrides_coda_column_key').on(t.erp_table, t.coda_column)],
);

/**
 * A Coda value its typed column could not hold (stored NULL there; the value stays in coda_row).
 * The unique key leads with erp_table, so it also serves lookups by table.
 */
export const cellIssues = erp.table(
	'cell_issues',
	{
		id: primaryId(),
		erp_table: text('erp_table').notNull(),
		coda_row_id: text('coda_row_id').notNull(),
		coda_column_id: text('coda_column_id').notNull(),
		coda_column_name: text('coda_column_name'),
		erp_column: text('erp_column').notNull(),
		value: jsonb('value'),
		/** Why, e.g. `140 is outside 0–100`. */
		reason: text('reason').notNull(),
		first_seen_at: timestamptz('first_seen_at').notNull().defaultNow(),
		last_seen_at: timestamptz('last_seen_at').notNull().defaultNow(),
	},
	(t) => [unique('cell_issues_cell_key').on(t.erp_table, t.coda_row_id, t.coda_column_id)],
);
