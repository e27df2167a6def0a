import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { is } from 'drizzle-orm';
import { getTableConfig, PgTable } from 'drizzle-orm/pg-core';
import * as schema from '../../drizzle/schema';
import { mirroredTableNames } from '../../drizzle/schema';
import { optionTableInfo } from '../../drizzle/schema/columns';
import { createTestDatabase, testServers, type TestDatabase } from '../harness/postgres';
import { migrateUp, sqlStateOf } from './migrations';

const mirroredTables = [
	// phase 1
	'service_blueprints', 'workflows', 'process_templates', 'resource_templates', 'execution_runs',
	'ventures', 'projects', 'tasks', 'sprints', 'people', 'organizations',
	'offers', 'engagements', 'deliverables', 'results',
	// phase 2
	'expenses', 'invoices', 'payments', 'deals', 'daily_thread', 'decision_journal', 'experiments',
	'notebook', 'prompt_library', 'assets',
	// phase 3
	'okrs', 'kpis', 'finance_snapshot', 'outcome_types', 'functional_areas', 'topics', 'touchpoints',
	'icp_segments', 'icp_scoring', 'ideas_inbox', 'template_performance',
];
/** Sync bookkeeping (0000, 0004) and the sync configuration (0003): no coda_row_id, not mirrored. */
const bookkeepingTables = [
	'sync_state', 'quarantine', 'sync_config', 'sync_settings', 'coda_columns', 'column_overrides', 'cell_issues',
];

/** Every Coda select column's option table (0004), as the schema declares them. */
const optionTables = (Object.values(schema) as unknown[])
	.filter((value): value is PgTable => is(value, PgTable) && optionTableInfo(value) !== undefined)
	.map((table) => ({ name: getTableConfig(table).name, ...optionTableInfo(table)! }))
	.sort((a, b) => a.name.localeCompare(b.name));

/** `table.column` of every foreign key the Drizzle schema declares. */
function schemaForeignKeys(): string[] {
	return Object.values(schema)
		.filter((value) => is(value, PgTable))
		.flatMap((table) => {
			const config = getTableConfig(table as PgTable);
			return config.foreignKeys.map((fk) => `${config.name}.${fk.reference().columns[0].name}`);
		})
		.sort();
}

for (const server of testServers()) {
	describe(`erp tables on ${server.name}`, () => {
		let db: TestDatabase;
		before(async () => {
			db = await createTestDatabase(server, 'schema');
			await migrateUp(db.pool);
		});
		after(() => db.drop());

		it('has the 36 Coda tables, their 58 option tables, the bookkeeping and configuration tables, and nothing else', async () => {
			const { rows } = await db.pool.query(
				`SELECT table_name FROM information_schema.tables WHERE table_schema = 'erp' AND table_type = 'BASE TABLE' ORDER BY 1`,
			);
			assert.equal(mirroredTables.length, 36);
			assert.equal(optionTables.length, 58);
			for (const { name, erpTable, column } of optionTables) assert.equal(name, `${erpTable}_${column}_options`);
			assert.equal(rows.length, 101);
			assert.deepEqual(
				rows.map((r) => r.table_name).sort(),
				[...mirroredTables, ...bookkeepingTables, ...optionTables.map((t) => t.name)].sort(),
			);
		});

		it('gives every Coda table the sync columns, coda_row_id unique and required except in execution_runs', async () => {
			const { rows } = await db.pool.query(
				`SELECT c.table_name, string_agg(c.column_name || ':' || c.data_type || ':' || c.is_nullable, ',' ORDER BY c.column_name) AS cols
				 FROM information_schema.columns c
				 WHERE c.table_schema = 'erp' AND c.column_name IN ('id', 'coda_row_id', 'coda_created_at', 'coda_updated_at', 'synced_at', 'deleted_at', 'content_hash', 'coda_row')
				 GROUP BY c.table_name`,
			);
			const byTable = new Map(rows.map((r) => [r.table_name, r.cols]));
			for (const table of mirroredTables) {
				const codaRowIdNullable = table === 'execution_runs' ? 'YES' : 'NO';
				assert.equal(
					byTable.get(table),
					[
						'coda_created_at:timestamp with time zone:YES',
						'coda_row:jsonb:NO',
						`coda_row_id:text:${codaRowIdNullable}`,
						'coda_updated_at:timestamp with time zone:YES',
						'content_hash:text:YES',
						'deleted_at:timestamp with time zone:YES',
						'id:bigint:NO',
						'synced_at:timestamp with time zone:NO',
					].join(','),
					table,
				);
			}
			const { rows: unique } = await db.pool.query(
				`SELECT count(DISTINCT rel.relname)::int AS n FROM pg_constraint con
				 JOIN pg_class rel ON rel.oid = con.conrelid JOIN pg_namespace ns ON ns.oid = rel.relnamespace
				 JOIN pg_attribute a ON a.attrelid = rel.oid AND a.attnum = con.conkey[1]
				 WHERE ns.nspname = 'erp' AND con.contype = 'u' AND array_length(con.conkey, 1) = 1 AND a.attname = 'coda_row_id'`,
			);
			assert.equal(unique[0].n, 36);
		});

		it('indexes every foreign key (an index whose leading column is the FK column)', async () => {
			const { rows } = await db.pool.query(
				`SELECT rel.relname || '.' || a.attname AS fk, EXISTS (
					SELECT 1 FROM pg_index i WHERE i.indrelid = con.conrelid AND i.indkey[0] = con.conkey[1]
				 ) AS indexed
				 FROM pg_constraint con
				 JOIN pg_class rel ON rel.oid = con.conrelid JOIN pg_namespace ns ON ns.oid = rel.relnamespace
				 JOIN pg_attribute a ON a.attrelid = rel.oid AND a.attnum = con.conkey[1]
				 WHERE ns.nspname = 'erp' AND con.contype = 'f'`,
			);
			assert.deepEqual(rows.map((r) => r.fk).sort(), schemaForeignKeys());
			assert.deepEqual(rows.filter((r) => !r.indexed).map((r) => r.fk), []);
		});

		it('ties every Coda select column to its option table (FK, cascade on rename, restrict on delete), no vocabulary CHECK', async () => {
			const { rows } = await db.pool.query(
				`SELECT rel.relname AS erp_table, a.attname AS column, ref.relname AS options, con.conname,
					con.confupdtype, con.confdeltype, format_type(a.atttypid, a.atttypmod) AS type
				 FROM pg_constraint con
				 JOIN pg_class rel ON rel.oid = con.conrelid JOIN pg_namespace ns ON ns.oid = rel.relnamespace
				 JOIN pg_class ref ON ref.oid = con.confrelid
				 JOIN pg_attribute a ON a.attrelid = rel.oid AND a.attnum = con.conkey[1]
				 WHERE ns.nspname = 'erp' AND con.contype = 'f' AND ref.relname LIKE '%\\_options'`,
			);
			assert.deepEqual(
				rows.sort((a, b) => a.options.localeCompare(b.options)),
				optionTables.map(({ name, erpTable, column }) => ({
					erp_table: erpTable, column, options: name, conname: `${erpTable}_${column}_options_fk`,
					confupdtype: 'c', confdeltype: 'r', type: 'text',
				})),
			);
			// The CHECKs left are our own: ranges, execution_runs (written by our nodes), sync configuration, meanings.
			const { rows: checks } = await db.pool.query(
				`SELECT con.conname FROM pg_constraint con JOIN pg_namespace ns ON ns.oid = con.connamespace
				 WHERE ns.nspname = 'erp' AND con.contype = 'c'
				   AND con.conname !~ '(_range|_options_meaning_check)$'`,
			);
			assert.deepEqual(checks.map((r) => r.conname).sort(), [
				'execution_runs_duration_ms_check', 'execution_runs_finished_after_start', 'execution_runs_source_check',
				'execution_runs_status_check', 'sync_config_cadence_minutes_check', 'sync_config_delivery_check',
				'sync_config_erp_table_check', 'sync_settings_key_check',
			]);
		});

		it('seeds every option table with the shipped vocabulary: value = meaning, position = its index', async () => {
			for (const { name, shipped } of optionTables) {
				const { rows } = await db.pool.query(
					`SELECT value, meaning, position, coda_column_id, added_at IS NOT NULL AS added FROM erp."${name}" ORDER BY position`,
				);
				assert.deepEqual(
					rows,
					shipped.map((value, position) => ({ value, meaning: value, position, coda_column_id: null, added: true })),
					name,
				);
			}
		});

		it('accepts a select value once its option exists, rejects one that does not, and accepts an empty one', async () => {
			assert.equal(
				await sqlStateOf(db.pool.query(`INSERT INTO erp.tasks (coda_row_id, status) VALUES ('i-bad', 'Waiting on client')`)),
				'23503',
			);
			await db.pool.query(`INSERT INTO erp.tasks (coda_row_id, status) VALUES ('i-ok', 'done'), ('i-empty', NULL)`);
			await db.pool.query(`INSERT INTO erp.tasks_status_options (value, position) VALUES ('Waiting on client', 7)`);
			await db.pool.query(`INSERT INTO erp.tasks (coda_row_id, status) VALUES ('i-new', 'Waiting on client')`);
			// Only a shipped value may be a meaning; views rely on it.
			assert.equal(
				await sqlStateOf(db.pool.query(`INSERT INTO erp.tasks_status_options (value, meaning) VALUES ('Fertig', 'finished')`)),
				'23514',
			);
			// Renaming an option in Coda renames it in every row; an option in use cannot be deleted.
			await db.pool.query(`UPDATE erp.tasks_status_options SET value = 'Waiting' WHERE value = 'Waiting on client'`);
			const { rows } = await db.pool.query(`SELECT status FROM erp.tasks WHERE coda_row_id = 'i-new'`);
			assert.deepEqual(rows, [{ status: 'Waiting' }]);
			assert.ok(['23503', '23001'].includes(
				await sqlStateOf(db.pool.query(`DELETE FROM erp.tasks_status_options WHERE value = 'Waiting'`)),
			));
			// Numeric ranges stay CHECKs; the quarter has no format CHECK any more (real docs write "Q1 2026").
			assert.equal(
				await sqlStateOf(db.pool.query(`INSERT INTO erp.deals (coda_row_id, probability_percent) VALUES ('i-p', 140)`)),
				'23514',
			);
			await db.pool.query(`INSERT INTO erp.okrs (coda_row_id, quarter) VALUES ('i-okr', 'Q1 2026')`);
		});

		it('keeps coda_row_id unique, so it can be the upsert key', async () => {
			await db.pool.query(`INSERT INTO erp.projects (coda_row_id, name) VALUES ('i-p1', 'Alpha')`);
			assert.equal(
				await sqlStateOf(db.pool.query(`INSERT INTO erp.projects (coda_row_id, name) VALUES ('i-p1', 'Again')`)),
				'23505',
			);
			const { rows } = await db.pool.query(
				`INSERT INTO erp.projects (coda_row_id, name) VALUES ('i-p1', 'Alpha 2')
				 ON CONFLICT (coda_row_id) DO UPDATE SET name = EXCLUDED.name RETURNING name, (xmax = 0) AS inserted`,
			);
			assert.deepEqual(rows, [{ name: 'Alpha 2', inserted: false }]);
		});

		it('makes (n8n_workflow_id, n8n_execution_id) an idempotency key usable by ON CONFLICT', async () => {
			const log = (status: string) =>
				db.pool.query(
					`INSERT INTO erp.execution_runs (n8n_workflow_id, n8n_execution_id, status, started_at)
					 VALUES ('wf-1', '101', $1, '2026-01-01T10:00:00Z')
					 ON CONFLICT (n8n_workflow_id, n8n_execution_id) DO UPDATE SET status = EXCLUDED.status
					 RETURNING id, status`,
					[status],
				);
			const first = await log('running');
			const second = await log('success');
			assert.equal(second.rows[0].id, first.rows[0].id);
			assert.equal(second.rows[0].status, 'success');
			// Runs from outside n8n and Coda have neither key: any number of them fit.
			await db.pool.query(
				`INSERT INTO erp.execution_runs (source, status) VALUES ('memory-gateway', 'success'), ('memory-gateway', 'error')`,
			);
			const { rows } = await db.pool.query(`SELECT count(*)::int AS n FROM erp.execution_runs`);
			assert.equal(rows[0].n, 3);
			assert.equal(
				await sqlStateOf(db.pool.query(`INSERT INTO erp.execution_runs (source) VALUES ('zapier')`)),
				'23514',
			);
		});

		it('applies the documented ON DELETE rule of each kind on a hard delete', async () => {
			const q = (sql: string) => db.pool.query(sql);
			await q(`INSERT INTO erp.sprints (coda_row_id, name) VALUES ('i-s1', 'S1')`);
			await q(`INSERT INTO erp.tasks (coda_row_id, sprint_id, sprint_coda_id)
				SELECT 'i-t-del', id, coda_row_id FROM erp.sprints WHERE coda_row_id = 'i-s1'`);
			await q(`DELETE FROM erp.sprints WHERE coda_row_id = 'i-s1'`);
			// set null: the task stays, remembering its sprint's Coda id for a later re-link.
			const task = await q(`SELECT sprint_id, sprint_coda_id FROM erp.tasks WHERE coda_row_id = 'i-t-del'`);
			assert.deepEqual(task.rows, [{ sprint_id: null, sprint_coda_id: 'i-s1' }]);

			await q(`INSERT INTO erp.invoices (coda_row_id) VALUES ('i-inv')`);
			await q(`INSERT INTO erp.payments (coda_row_id, invoice_id) SELECT 'i-pay', id FROM erp.invoices WHERE coda_row_id = 'i-inv'`);
			// restrict: an invoice with payments cannot be hard-deleted (PostgreSQL 18 reports
			// restrict_violation where 15 reports foreign_key_violation).
			assert.ok(['23503', '23001'].includes(await sqlStateOf(q(`DELETE FROM erp.invoices WHERE coda_row_id = 'i-inv'`))));

			await q(`INSERT INTO erp.icp_segments (coda_row_id) VALUES ('i-seg')`);
			await q(`INSERT INTO erp.icp_scoring (coda_row_id, icp_segment_id) SELECT 'i-score', id FROM erp.icp_segments WHERE coda_row_id = 'i-seg'`);
			await q(`DELETE FROM erp.icp_segments WHERE coda_row_id = 'i-seg'`);
			// cascade: a score without its segment goes too.
			const scores = await q(`SELECT count(*)::int AS n FROM erp.icp_scoring`);
			assert.equal(scores.rows[0].n, 0);
		});

		it('resolves person columns through an index on lower(people.email)', async () => {
			const { rows } = await db.pool.query(
				`SELECT indexdef FROM pg_indexes WHERE schemaname = 'erp' AND indexname = 'people_email_lower_idx'`,
			);
			assert.match(rows[0].indexdef, /lower\(email\)/);
		});

		it('keeps one sync_state row per Coda table and one quarantine row per rejected Coda row', async () => {
			const state = `INSERT INTO erp.sync_state (coda_doc_id, coda_table_id, erp_table, coda_table_name, display_column_id)
				VALUES ('d1', 'grid-1', 'tasks', 'Tasks', 'c-name')`;
			await db.pool.query(state);
			assert.equal(await sqlStateOf(db.pool.query(state)), '23505');
			const quarantine = `INSERT INTO erp.quarantine (erp_table, coda_row_id, reason, raw_row)
				VALUES ('tasks', 'i-q', 'due_date: "soon" is not a date', '{}')
				ON CONFLICT (erp_table, coda_row_id) DO UPDATE SET attempts = erp.quarantine.attempts + 1, last_seen_at = now()
				RETURNING attempts`;
			await db.pool.query(quarantine);
			const { rows } = await db.pool.query(quarantine);
			assert.equal(rows[0].attempts, 2);
		});

		it('keeps one doc-model row per Coda column, one override per Coda column and one issue per cell', async () => {
			const column = `INSERT INTO erp.coda_columns (coda_doc_id, coda_table_id, coda_column_id, name, type, format)
				VALUES ('d1', 'grid-1', 'c-1', 'Status', 'select', '{"options": ["To Do"]}')
				ON CONFLICT (coda_doc_id, coda_table_id, coda_column_id) DO UPDATE SET last_seen_at = now()
				RETURNING is_array, is_display, calculated, removed_at, format->'options'->>0 AS first_option`;
			await db.pool.query(column);
			const { rows: columns } = await db.pool.query(column);
			assert.deepEqual(columns, [{ is_array: false, is_display: false, calculated: false, removed_at: null, first_option: 'To Do' }]);

			await db.pool.query(`INSERT INTO erp.column_overrides (erp_table, coda_column, erp_column) VALUES ('tasks', 'c-1', NULL)`);
			assert.equal(
				await sqlStateOf(db.pool.query(`INSERT INTO erp.column_overrides (erp_table, coda_column, erp_column) VALUES ('tasks', 'c-1', 'status')`)),
				'23505',
			);

			const issue = `INSERT INTO erp.cell_issues (erp_table, coda_row_id, coda_column_id, coda_column_name, erp_column, value, reason)
				VALUES ('deals', 'i-d', 'c-p', 'Probability', 'probability_percent', '140', '140 is outside 0–100')
				ON CONFLICT (erp_table, coda_row_id, coda_column_id) DO UPDATE SET value = EXCLUDED.value, last_seen_at = now()
				RETURNING id`;
			const first = await db.pool.query(issue);
			const second = await db.pool.query(issue);
			assert.equal(second.rows[0].id, first.rows[0].id);
		});

		it('seeds sync_config with one row per Coda table and sync_settings with its keys unset, and checks both', async () => {
			assert.deepEqual(mirroredTableNames, [...mirroredTables].sort());
			const { rows: config } = await db.pool.query(
				`SELECT erp_table, coda_table, delivery, cadence_minutes, enabled FROM erp.sync_config ORDER BY erp_table`,
			);
			assert.deepEqual(config.map((r) => r.erp_table), [...mirroredTables].sort());
			assert.deepEqual(config.find((r) => r.erp_table === 'daily_thread'), {
				erp_table: 'daily_thread', coda_table: 'Daily Thread', delivery: 'batch', cadence_minutes: 15, enabled: true,
			});
			assert.equal(config.find((r) => r.erp_table === 'tasks').delivery, 'realtime');
			assert.equal(config.find((r) => r.erp_table === 'kpis').cadence_minutes, 60);
			const { rows: settings } = await db.pool.query(`SELECT key, value FROM erp.sync_settings ORDER BY key`);
			assert.deepEqual(settings, [
				{ key: 'coda_doc_id', value: '' },
				{ key: 'memory_gateway_url', value: '' },
				{ key: 'planner_api_url', value: '' },
			]);
			for (const invalid of [
				`INSERT INTO erp.sync_config (erp_table, coda_table) VALUES ('sync_state', 'Sync State')`,
				`UPDATE erp.sync_config SET delivery = 'hourly' WHERE erp_table = 'tasks'`,
				`UPDATE erp.sync_config SET cadence_minutes = 30 WHERE erp_table = 'tasks'`,
				`INSERT INTO erp.sync_settings (key, value) VALUES ('coda_api_token', 'secret')`,
			]) {
				assert.equal(await sqlStateOf(db.pool.query(invalid)), '23514', invalid);
			}
			assert.equal(
				await sqlStateOf(db.pool.query(`INSERT INTO erp.sync_config (erp_table, coda_table) VALUES ('tasks', 'Tasks 2')`)),
				'23505',
			);
		});
	});
}
