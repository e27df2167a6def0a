// Sync configuration, in the one place every n8n process reads (queue-mode workers included):
// which erp tables the workflows sync in real time, in batches (and how often) or not at all,
// each table's Coda table, and the few settings the workflows share. Changed with
// `erp-db config`, never by editing a workflow; seeded with the defaults by migration 0003.
import { is, sql } from 'drizzle-orm';
import { boolean, check, getTableConfig, integer, PgTable, text } from 'drizzle-orm/pg-core';
import { erp, inVocabulary, timestamptz, vocab } from './columns';
import * as clients from './clients';
import * as finance from './finance';
import * as knowledge from './knowledge';
import * as operations from './operations';
import * as pattern from './pattern';
import * as people from './people';
import * as strategy from './strategy';
import { batchCadences, deliveryModes, syncSettingKeys } from './syncConfigValues';

export * from './syncConfigValues';

/** The Coda-mirrored erp tables (those keyed by coda_row_id), sorted: what sync_config may name. */
export const mirroredTableNames: readonly string[] = [clients, finance, knowledge, operations, pattern, people, strategy]
	.flatMap((module) => Object.values(module as Record<string, unknown>))
	.filter((v): v is PgTable => is(v, PgTable) && getTableConfig(v).columns.some((c) => c.name === 'coda_row_id'))
	.map((t) => getTableConfig(t).name)
	.sort();

export const syncConfig = erp.table(
	'sync_config',
	{
		erp_table: text('erp_table').primaryKey(),
		/** The Coda table: its id (grid-…) or its name as shown in the doc. */
		coda_table: text('coda_table').notNull(),
		delivery: vocab('delivery', deliveryModes).notNull().default('batch'),
		/** Minutes between scheduled incremental reads: the batch cadence, or for a real-time table its safety-net read. */
		cadence_minutes: integer('cadence_minutes').notNull().default(15),
		/** Pauses every workflow for the table without losing its delivery and cadence. */
		enabled: boolean('enabled').notNull().default(true),
		updated_at: timestamptz('updated_at').notNull().defaultNow(),
	},
	(t) => [
		inVocabulary(t.erp_table, mirroredTableNames),
		inVocabulary(t.delivery, deliveryModes),
		check('sync_config_cadence_minutes_check', sql`${t.cadence_minutes} IN (${sql.raw(batchCadences.join(', '))})`),
	],
);

export const syncSettings = erp.table(
	'sync_settings',
	{
		key: vocab('key', syncSettingKeys).primaryKey(),
		value: text('value').notNull().default(''),
		updated_at: timestamptz('updated_at').notNull().defaultNow(),
	},
	(t) => [inVocabulary(t.key, syncSettingKeys)],
);
