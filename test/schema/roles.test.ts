import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { createTestDatabase, testServers, type TestDatabase } from '../harness/postgres';
import { groupRoles } from '../../drizzle/schema';
import { asMemberOf, migrateUp, sqlStateOf } from './migrations';

/** Every base table of a fully migrated database, to prove grants reach later migrations too. */
const tablesOf = async (db: TestDatabase): Promise<string[]> =>
	(
		await db.pool.query(
			`SELECT table_name FROM information_schema.tables WHERE table_schema = 'erp' AND table_type = 'BASE TABLE' ORDER BY 1`,
		)
	).rows.map((r) => r.table_name);

/** A row the sync may insert into each table that has no coda_row_id, and a valid update of it. */
const syncWrites: Record<string, { row: string; set: string }> = {
	sync_state: { row: `(coda_doc_id, coda_table_id, erp_table) VALUES ('d', 'grid', 'tasks')`, set: `erp_table = 'x'` },
	quarantine: { row: `(erp_table, coda_row_id, reason, raw_row) VALUES ('tasks', 'i-1', 'bad', '{}')`, set: `erp_table = 'x'` },
	// Within the CHECKs: a mirrored table, a delivery mode and a cadence of 5, 15 or 60.
	sync_config: {
		row: `(erp_table, coda_table, delivery, cadence_minutes) VALUES ('tasks', 'grid-tasks', 'batch', 5)`,
		set: `delivery = 'off', cadence_minutes = 60, enabled = false`,
	},
	sync_settings: { row: `(key, value) VALUES ('coda_doc_id', 'doc-1')`, set: `value = 'doc-2'` },
	coda_columns: {
		row: `(coda_doc_id, coda_table_id, coda_column_id, name, type) VALUES ('d', 'grid', 'c-1', 'Status', 'select')`,
		set: `removed_at = now()`,
	},
	column_overrides: { row: `(erp_table, coda_column, erp_column) VALUES ('tasks', 'c-1', 'status')`, set: `erp_column = NULL` },
	cell_issues: {
		row: `(erp_table, coda_row_id, coda_column_id, erp_column, reason) VALUES ('deals', 'i-1', 'c-1', 'probability_percent', 'out of range')`,
		set: `last_seen_at = now()`,
	},
};
const mirroredWrite = { row: `(coda_row_id) VALUES ('i-1')`, set: `coda_row_id = 'x'` };
/** An option table (0004): its rows are Coda options, added and renamed by the sync. */
const optionWrite = { row: `(value) VALUES ('To Do')`, set: `value = 'Todo'` };
const writeFor = (table: string) => syncWrites[table] ?? (table.endsWith('_options') ? optionWrite : mirroredWrite);
/** The option tables of the pattern tables memory-gateway reads. */
const patternOptionTables = [
	'service_blueprints_status_options', 'workflows_status_options', 'workflows_workflow_type_options',
	'workflows_trigger_type_options', 'process_templates_status_options', 'resource_templates_status_options',
	'resource_templates_resource_type_options',
];

for (const server of testServers()) {
	describe(`erp group roles on ${server.name}`, () => {
		let db: TestDatabase;
		before(async () => {
			db = await createTestDatabase(server, 'roles');
			await migrateUp(db.pool);
		});
		after(() => db.drop());

		it('creates the three group roles as NOLOGIN', async () => {
			const { rows } = await db.pool.query(
				`SELECT rolname, rolcanlogin FROM pg_roles WHERE rolname = ANY($1) ORDER BY rolname`,
				[Object.values(groupRoles)],
			);
			assert.deepEqual(rows, [
				{ rolname: 'erp_memory_gateway', rolcanlogin: false },
				{ rolname: 'erp_reader', rolcanlogin: false },
				{ rolname: 'erp_sync', rolcanlogin: false },
			]);
		});

		it('lets a reader read every table and view, and denies it any write', async () => {
			const tables = await tablesOf(db);
			const counted = await asMemberOf(db.pool, groupRoles.reader, async (client) => {
				for (const table of tables) await client.query(`SELECT count(*) FROM erp."${table}"`);
				for (const view of ['sprint_tasks', 'project_progress', 'pattern_analytics']) {
					await client.query(`SELECT count(*) FROM erp."${view}"`);
				}
				const config = await client.query(`SELECT count(*)::int AS n FROM erp.sync_config`);
				const settings = await client.query(`SELECT count(*)::int AS n FROM erp.sync_settings`);
				return [tables.length, config.rows[0].n, settings.rows[0].n];
			});
			assert.deepEqual(counted, [101, 36, 3], 'every table, and the seeded sync configuration');
			for (const denied of [
				`INSERT INTO erp.tasks (coda_row_id) VALUES ('i-r')`,
				`INSERT INTO erp.tasks_status_options (value) VALUES ('To Do')`,
				`INSERT INTO erp.cell_issues (erp_table, coda_row_id, coda_column_id, erp_column, reason) VALUES ('t', 'i', 'c', 'e', 'r')`,
				`UPDATE erp.sync_config SET enabled = false`,
				`UPDATE erp.sync_settings SET value = 'x'`,
			]) {
				const state = await asMemberOf(db.pool, groupRoles.reader, (client) => sqlStateOf(client.query(denied)));
				assert.equal(state, '42501', denied);
			}
			const refresh = await asMemberOf(db.pool, groupRoles.reader, (client) =>
				sqlStateOf(client.query(`SELECT erp.refresh_pattern_analytics()`)),
			);
			assert.equal(refresh, '42501');
		});

		it('lets memory-gateway write execution_runs and read the pattern tables, and nothing else', async () => {
			const written = await asMemberOf(db.pool, groupRoles.memoryGateway, async (client) => {
				const { rows } = await client.query(
					`INSERT INTO erp.execution_runs (source, n8n_workflow_id, n8n_execution_id, status) VALUES ('memory-gateway', 'w', 'e', 'running')
					 ON CONFLICT (n8n_workflow_id, n8n_execution_id) DO UPDATE SET status = 'success' RETURNING status`,
				);
				await client.query(`UPDATE erp.execution_runs SET status = 'success', duration_ms = 5 WHERE n8n_execution_id = 'e'`);
				for (const table of ['service_blueprints', 'workflows', 'process_templates', 'resource_templates', 'template_performance', 'pattern_analytics', ...patternOptionTables]) {
					await client.query(`SELECT count(*) FROM erp."${table}"`);
				}
				await client.query(`SELECT erp.refresh_pattern_analytics()`);
				return rows[0].status;
			});
			assert.equal(written, 'running');
			for (const denied of [
				`INSERT INTO erp.tasks (coda_row_id) VALUES ('i-m')`,
				`SELECT count(*) FROM erp.tasks`,
				`DELETE FROM erp.execution_runs`,
				`UPDATE erp.workflows SET name = 'x'`,
				`SELECT count(*) FROM erp.tasks_status_options`,
				`INSERT INTO erp.workflows_status_options (value) VALUES ('Live')`,
				`SELECT count(*) FROM erp.coda_columns`,
				`INSERT INTO erp.sync_config (erp_table, coda_table) VALUES ('tasks', 'Tasks')`,
				`UPDATE erp.sync_config SET enabled = false`,
				`DELETE FROM erp.sync_settings`,
				`UPDATE erp.sync_settings SET value = 'x'`,
			]) {
				const state = await asMemberOf(db.pool, groupRoles.memoryGateway, (client) => sqlStateOf(client.query(denied)));
				assert.equal(state, '42501', denied);
			}
		});

		it('lets the sync write every table (all migrations) and refresh the analytics it does not own', async () => {
			const tables = await tablesOf(db);
			const written = await asMemberOf(db.pool, groupRoles.sync, async (client) => {
				const updated: string[] = [];
				for (const table of tables) {
					const { row, set } = writeFor(table);
					// The DELETE comes first: it frees the keys the config tables are seeded with.
					await client.query(`DELETE FROM erp."${table}"`);
					await client.query(`INSERT INTO erp."${table}" ${row}`);
					const { rowCount } = await client.query(`UPDATE erp."${table}" SET ${set}`);
					if (rowCount === 1) updated.push(table);
				}
				await client.query(`SELECT erp.refresh_pattern_analytics()`);
				return updated;
			});
			assert.deepEqual(written, tables);
			assert.equal(written.length, 101);
			const direct = await asMemberOf(db.pool, groupRoles.sync, (client) =>
				sqlStateOf(client.query(`REFRESH MATERIALIZED VIEW CONCURRENTLY erp.pattern_analytics`)),
			);
			assert.equal(direct, '42501', 'only the owner may refresh directly: the function is the way');
		});

		it('lets the sync add an option the doc grew and use it at once, without any DDL right', async () => {
			const status = await asMemberOf(db.pool, groupRoles.sync, async (client) => {
				await client.query(`INSERT INTO erp.tasks_status_options (value, meaning, position, coda_column_id)
					VALUES ('🚀 Launched', NULL, 7, 'c-status') ON CONFLICT (value) DO NOTHING`);
				await client.query(`INSERT INTO erp.tasks (coda_row_id, status) VALUES ('i-launch', '🚀 Launched')`);
				const { rows } = await client.query(`SELECT status FROM erp.tasks WHERE coda_row_id = 'i-launch'`);
				return rows[0].status;
			});
			assert.equal(status, '🚀 Launched');
			for (const ddl of [
				`CREATE TABLE erp.x (id int)`,
				`ALTER TABLE erp.tasks DROP CONSTRAINT tasks_status_options_fk`,
				`ALTER TABLE erp.tasks ADD CONSTRAINT tasks_status_check CHECK (status IN ('todo'))`,
			]) {
				const state = await asMemberOf(db.pool, groupRoles.sync, (client) => sqlStateOf(client.query(ddl)));
				assert.equal(state, '42501', ddl);
			}
			const { rows } = await db.pool.query(
				`SELECT has_schema_privilege('erp_sync', 'erp', 'CREATE') AS can_create, has_database_privilege('erp_sync', current_database(), 'CREATE') AS can_create_schema`,
			);
			assert.deepEqual(rows, [{ can_create: false, can_create_schema: false }]);
		});
	});
}
