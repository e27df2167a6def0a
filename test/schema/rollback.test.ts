import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { PoolClient } from 'pg';
import { createTestDatabase, testServers, type TestDatabase } from '../harness/postgres';
import { groupRoles } from '../../drizzle/schema';
import { readDownStatements } from '../../drizzle/cli/journal';
import { asMemberOf, migrateDown, migrateUp, migrations, sqlStateOf } from './migrations';

const roles = Object.values(groupRoles);

const erpTableCount = async (db: TestDatabase): Promise<number> =>
	(
		await db.pool.query(
			`SELECT count(*)::int AS n FROM information_schema.tables WHERE table_schema = 'erp' AND table_type = 'BASE TABLE'`,
		)
	).rows[0].n;

/** What of the erp schema is left in this database: the schema itself and grants to the group roles. */
async function erpTraces(db: TestDatabase) {
	const { rows } = await db.pool.query(
		`SELECT
			(SELECT count(*)::int FROM pg_namespace WHERE nspname = 'erp') AS schemas,
			(SELECT count(*)::int FROM pg_shdepend d JOIN pg_roles r ON r.oid = d.refobjid
			 WHERE r.rolname = ANY($1) AND d.dbid = (SELECT oid FROM pg_database WHERE datname = current_database())) AS grants`,
		[roles],
	);
	return rows[0];
}

for (const server of testServers()) {
	describe(`erp down scripts on ${server.name}`, () => {
		let first: TestDatabase;
		let second: TestDatabase;
		before(async () => {
			[first, second] = await Promise.all([createTestDatabase(server, 'down'), createTestDatabase(server, 'down')]);
			await Promise.all([migrateUp(first.pool), migrateUp(second.pool)]);
		});
		after(() => Promise.all([first.drop(), second.drop()]));

		it('has a down script for every migration', () => {
			assert.deepEqual(
				migrations().map((m) => m.tag),
				['0000_phase1_core_operations', '0001_phase2_finance_knowledge', '0002_phase3_strategy_analytics', '0003_sync_config',
					'0004_doc_driven_vocabularies', '0005_sync_setting_doc_changes', '0006_crashed_runs'],
			);
			assert.deepEqual(
				migrations().map((m) => readDownStatements(m).length > 0),
				[true, true, true, true, true, true, true],
			);
		});

		it('rolls back 0006: a crashed run becomes an error run, pattern_analytics loses crashed_runs and stays refreshable', async () => {
			const q = (sql: string) => second.pool.query(sql);
			await q(`INSERT INTO erp.execution_runs (n8n_workflow_id, n8n_execution_id, status, error_message) VALUES ('wf', '1', 'crashed', 'Crashed: killed')`);
			await q(`INSERT INTO erp.sync_settings (key, value) VALUES ('crashed_after_minutes', '5')`);
			await migrateDown(second.pool, 6);
			assert.deepEqual((await q(`SELECT status, error_message FROM erp.execution_runs`)).rows, [{ status: 'error', error_message: 'Crashed: killed' }]);
			assert.equal((await q(`SELECT count(*)::int AS n FROM erp.sync_settings WHERE key = 'crashed_after_minutes'`)).rows[0].n, 0);
			assert.equal(await sqlStateOf(q(`UPDATE erp.execution_runs SET status = 'crashed'`)), '23514');
			await q(`SELECT erp.refresh_pattern_analytics()`);
			const columns = await q(`SELECT attname FROM pg_attribute WHERE attrelid = 'erp.pattern_analytics'::regclass AND attname LIKE '%_runs' ORDER BY attnum`);
			assert.deepEqual(columns.rows.map((r) => r.attname), ['success_runs', 'error_runs', 'partial_runs', 'running_runs']);
			const readable = await asMemberOf(second.pool, groupRoles.memoryGateway, async (client) => (await client.query(`SELECT sum(runs)::int AS n FROM erp.pattern_analytics`)).rows[0].n);
			assert.equal(readable, 1);
			await migrateUp(second.pool, 6);
			await q(`SELECT erp.refresh_pattern_analytics()`);
			assert.deepEqual((await q(`SELECT error_runs, crashed_runs FROM erp.pattern_analytics`)).rows, [{ error_runs: 1, crashed_runs: 0 }]);
			await q(`DELETE FROM erp.execution_runs`);
			await q(`SELECT erp.refresh_pattern_analytics()`);
		});

		it('rolls back 0004 only while every value fits the old vocabularies, and restores their CHECKs', async () => {
			const q = (sql: string) => second.pool.query(sql);
			await q(`INSERT INTO erp.tasks_status_options (value, meaning) VALUES ('To Do', 'todo'), ('Erledigt ✅', 'done')`);
			await q(`INSERT INTO erp.tasks (coda_row_id, status) VALUES ('i-1', 'To Do'), ('i-2', 'To Do'), ('i-3', 'Erledigt ✅'), ('i-4', 'done')`);
			await q(`INSERT INTO erp.okrs (coda_row_id, quarter) VALUES ('i-o', 'Q1 2026')`);
			const refused = await migrateDown(second.pool, 4).then(() => undefined, (err: Error & { code?: string }) => err);
			assert.equal(refused?.code, '23514');
			assert.equal(
				refused?.message,
				"cannot roll back 0004_doc_driven_vocabularies: values outside the vocabularies of 0000-0002: "
					+ "erp.tasks.status: 3 row(s), e.g. 'Erledigt ✅', 'To Do' (allowed: backlog, todo, in_progress, blocked, review, done, cancelled); "
					+ "erp.okrs.quarter: 1 row(s), e.g. 'Q1 2026' (format YYYY-Qn)",
			);
			assert.equal(await erpTableCount(second), 101, 'nothing was rolled back');

			await q(`UPDATE erp.tasks t SET status = o.meaning FROM erp.tasks_status_options o WHERE o.value = t.status`);
			await q(`UPDATE erp.okrs SET quarter = '2026-Q1'`);
			await migrateDown(second.pool, 4);
			assert.equal(await erpTableCount(second), 40);
			for (const rejected of [
				`INSERT INTO erp.tasks (coda_row_id, status) VALUES ('i-5', 'To Do')`,
				`INSERT INTO erp.deals (coda_row_id, stage) VALUES ('i-6', 'Won 🎉')`,
				`INSERT INTO erp.okrs (coda_row_id, quarter) VALUES ('i-7', 'Q2 2026')`,
			]) {
				assert.equal(await sqlStateOf(q(rejected)), '23514', rejected);
			}
			const { rows } = await q(`SELECT count(*)::int AS n FROM information_schema.columns
				WHERE table_schema = 'erp' AND table_name = 'sync_state' AND column_name IN ('coda_table_name', 'display_column_id')`);
			assert.equal(rows[0].n, 0);
			// project_progress is back on the status text, and still readable by a reader.
			await q(`INSERT INTO erp.projects (coda_row_id) VALUES ('p-1')`);
			await q(`UPDATE erp.tasks SET project_id = (SELECT id FROM erp.projects)`);
			const progress = await asMemberOf(second.pool, groupRoles.reader, async (client) =>
				(await client.query(`SELECT tasks_total, tasks_done FROM erp.project_progress`)).rows,
			);
			assert.deepEqual(progress, [{ tasks_total: 4, tasks_done: 2 }]);

			await migrateUp(second.pool, 4);
			assert.equal(await erpTableCount(second), 101);
			await q(`DELETE FROM erp.tasks`);
			await q(`DELETE FROM erp.okrs`);
			await q(`DELETE FROM erp.projects`);
		});

		it('rolls back one migration at a time and forward again', async () => {
			assert.equal(await erpTableCount(second), 101);
			await migrateDown(second.pool, 4);
			assert.equal(await erpTableCount(second), 40, 'the option tables and the doc model dropped');
			await migrateDown(second.pool, 3, 4);
			assert.equal(await erpTableCount(second), 38, 'sync_config and sync_settings dropped');
			await migrateDown(second.pool, 2, 3);
			assert.equal(await erpTableCount(second), 27);
			await migrateDown(second.pool, 1, 2);
			assert.equal(await erpTableCount(second), 17);
			await migrateDown(second.pool, 0, 1);
			assert.deepEqual(await erpTraces(second), { schemas: 0, grants: 0 });
			await migrateUp(second.pool, 0, 1);
			assert.equal(await erpTableCount(second), 17);
			await migrateUp(second.pool, 1);
			assert.equal(await erpTableCount(second), 101);
			const { rows } = await second.pool.query(`SELECT count(*)::int AS n FROM erp.sync_config`);
			assert.equal(rows[0].n, 36, 'the seed rows come back with the tables');
		});

		it('rolls back to zero leaving no erp objects, while another database keeps the shared roles', async () => {
			await migrateDown(first.pool);
			assert.deepEqual(await erpTraces(first), { schemas: 0, grants: 0 });
			const { rows } = await first.pool.query(`SELECT count(*)::int AS n FROM pg_roles WHERE rolname = ANY($1)`, [roles]);
			assert.equal(rows[0].n, 3, 'the second database still uses the group roles');
			const read = await asMemberOf(second.pool, groupRoles.reader, async (client) =>
				(await client.query(`SELECT count(*)::int AS n FROM erp.tasks`)).rows[0].n,
			);
			assert.equal(read, 0);
		});

		it('migrates again after a rollback to zero, and drops the roles once no database uses them', async () => {
			await migrateUp(first.pool);
			assert.equal(await erpTableCount(first), 101);
			const written = await asMemberOf(first.pool, groupRoles.sync, async (client) =>
				(await client.query(`INSERT INTO erp.kpis (coda_row_id) VALUES ('i-k') RETURNING coda_row_id`)).rows[0].coda_row_id,
			);
			assert.equal(written, 'i-k');

			await migrateDown(first.pool);
			// What the last down decided, in its own words: a role it keeps is one another database used.
			const kept = new Set<string>();
			const onNotice = (n: { message?: string }) => {
				const role = /^role (\S+) kept: other databases on this server still use it$/.exec(n.message ?? '')?.[1];
				if (role) kept.add(role);
			};
			const listen = (client: PoolClient) => client.on('notice', onNotice);
			second.pool.on('acquire', listen);
			try {
				await migrateDown(second.pool);
			} finally {
				second.pool.off('acquire', listen);
			}
			assert.deepEqual(await erpTraces(first), { schemas: 0, grants: 0 });
			assert.deepEqual(await erpTraces(second), { schemas: 0, grants: 0 });
			// Other test files share this server and create and drop databases that use the roles at
			// any moment (dropping one leaves its roles unused): so a role still here must be one the
			// down kept for another database, or one a database uses now.
			const { rows } = await first.pool.query<{ rolname: string }>(
				`SELECT r.rolname FROM pg_roles r WHERE r.rolname = ANY($1)
				 AND NOT EXISTS (SELECT 1 FROM pg_shdepend d WHERE d.refobjid = r.oid)`,
				[roles],
			);
			assert.deepEqual(rows.filter((r) => !kept.has(r.rolname)), []);
		});
	});
}
