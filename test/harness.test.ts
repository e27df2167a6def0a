import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { createTestDatabase, testServers } from './harness/postgres';

for (const server of testServers()) {
	describe(`test harness on ${server.name}`, () => {
		it('gives each test an empty database of its own, and drops it', async () => {
			const db = await createTestDatabase(server);
			const { rows } = await db.pool.query('SELECT current_database() AS name, count(*)::int AS tables FROM information_schema.tables WHERE table_schema = $1', ['public']);
			assert.equal(rows[0].name, db.name);
			assert.equal(rows[0].tables, 0);
			await db.drop();
		});
	});
}
