import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { createTestDatabase, testServers, type TestDatabase } from '../harness/postgres';
import { groupRoles } from '../../drizzle/schema';
import { asMemberOf, migrateUp, sqlStateOf } from './migrations';

/** Every base table of a phase-1..3 database, to prove grants reach later phases too. */
const tablesOf = async (db: TestDatabase): Promise<string[]> =>
	(
		await db.pool.query(
			`SELECT table_name FROM information_schema.tables WHERE table_schema = 'erp' AND table_type = 'BASE TABLE' ORDER BY 1`,
		)
	).rows.map((r) => r.table_name);

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
				return tables.length;
			});
			assert.equal(counted, 38);
			const insert = await asMemberOf(db.pool, groupRoles.reader, (client) =>
				sqlStateOf(client.query(`INSERT INTO erp.tasks (coda_row_id) VALUES ('i-r')`)),
			);
			assert.equal(insert, '42501');
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
			]) {
				const state = await asMemberOf(db.pool, groupRoles.memoryGateway, (client) => sqlStateOf(client.query(denied)));
				assert.equal(state, '42501', denied);
			}
		});

		it('lets the sync write every table (phases 1–3) and refresh the analytics it does not own', async () => {
			const tables = await tablesOf(db);
			const written = await asMemberOf(db.pool, groupRoles.sync, async (client) => {
				for (const table of tables) {
					const row =
						table === 'sync_state'
							? `(coda_doc_id, coda_table_id, erp_table) VALUES ('d', 'grid', 'tasks')`
							: table === 'quarantine'
								? `(erp_table, coda_row_id, reason, raw_row) VALUES ('tasks', 'i-1', 'bad', '{}')`
								: `(coda_row_id) VALUES ('i-1')`;
					await client.query(`INSERT INTO erp."${table}" ${row}`);
					await client.query(`UPDATE erp."${table}" SET ${table === 'quarantine' || table === 'sync_state' ? 'erp_table' : 'coda_row_id'} = 'x'`);
					await client.query(`DELETE FROM erp."${table}"`);
				}
				await client.query(`SELECT erp.refresh_pattern_analytics()`);
				return tables.length;
			});
			assert.equal(written, 38);
			const direct = await asMemberOf(db.pool, groupRoles.sync, (client) =>
				sqlStateOf(client.query(`REFRESH MATERIALIZED VIEW CONCURRENTLY erp.pattern_analytics`)),
			);
			assert.equal(direct, '42501', 'only the owner may refresh directly: the function is the way');
		});
	});
}
