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
};
const mirroredWrite = { row: `(coda_row_id) VALUES ('i-1')`, set: `coda_row_id = 'x'` };

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
			assert.deepEqual(counted, [40, 36, 3], 'every table, and the seeded sync configuration');
			for (const denied of [
				`INSERT INTO erp.tasks (coda_row_id) VALUES ('i-r')`,
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
				for (const table of ['service_blueprints', 'workflows', 'process_templates', 'resource_templates', 'template_performance', 'pattern_analytics']) {
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
					const { row, set } = syncWrites[table] ?? mirroredWrite;
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
			assert.equal(written.length, 40);
			const direct = await asMemberOf(db.pool, groupRoles.sync, (client) =>
				sqlStateOf(client.query(`REFRESH MATERIALIZED VIEW CONCURRENTLY erp.pattern_analytics`)),
			);
			assert.equal(direct, '42501', 'only the owner may refresh directly: the function is the way');
		});
	});
}
