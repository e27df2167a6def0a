import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { createTestDatabase, testServers, type TestDatabase } from '../harness/postgres';
import { groupRoles } from '../../drizzle/schema';
import { readDownStatements } from '../../drizzle/cli/journal';
import { asMemberOf, migrateDown, migrateUp, migrations } from './migrations';

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
				['0000_phase1_core_operations', '0001_phase2_finance_knowledge', '0002_phase3_strategy_analytics', '0003_sync_config'],
			);
			assert.deepEqual(
				migrations().map((m) => readDownStatements(m).length > 0),
				[true, true, true, true],
			);
		});

		it('rolls back one migration at a time and forward again', async () => {
			assert.equal(await erpTableCount(second), 40);
			await migrateDown(second.pool, 3);
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
			assert.equal(await erpTableCount(second), 40);
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
			assert.equal(await erpTableCount(first), 40);
			const written = await asMemberOf(first.pool, groupRoles.sync, async (client) =>
				(await client.query(`INSERT INTO erp.kpis (coda_row_id) VALUES ('i-k') RETURNING coda_row_id`)).rows[0].coda_row_id,
			);
			assert.equal(written, 'i-k');

			await migrateDown(first.pool);
			await migrateDown(second.pool);
			assert.deepEqual(await erpTraces(first), { schemas: 0, grants: 0 });
			assert.deepEqual(await erpTraces(second), { schemas: 0, grants: 0 });
			// Other test files share this server: a role may only survive while some database uses it.
			const { rows } = await first.pool.query(
				`SELECT r.rolname FROM pg_roles r WHERE r.rolname = ANY($1)
				 AND NOT EXISTS (SELECT 1 FROM pg_shdepend d WHERE d.refobjid = r.oid)`,
				[roles],
			);
			assert.deepEqual(rows, []);
		});
	});
}
