import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { ICredentialTestFunctions } from 'n8n-workflow';
import { erpPostgresConnectionTest } from '../../nodes/shared/erp/credentialTest';
import { cachedPoolCount, closeAllPools, getPool, parseErpCredentials, poolKey, withTransaction } from '../../nodes/shared/erp/pool';
import { createTestDatabase, primaryServer } from '../harness/postgres';
import { createErpDatabase } from './helpers';

const base = { host: 'db', port: 5432, database: 'erp', user: 'n8n', password: 's3cret-pw', ssl: 'disable', maxConnections: 4 };

describe('ERP pool', () => {
	it('validates the credential and keys pools by a digest that never contains the password', async () => {
		assert.throws(() => parseErpCredentials({ ...base, host: ' ' }), /ERP PostgreSQL credential: host: Host is empty/);
		assert.throws(() => parseErpCredentials({ ...base, ssl: 'maybe' }), /credential: ssl: Invalid enum value/);
		assert.throws(() => parseErpCredentials({ ...base, maxConnections: 500 }), /maxConnections/);
		const key = poolKey(parseErpCredentials(base));
		assert.match(key, /^[0-9a-f]{64}$/);
		assert.notEqual(poolKey(parseErpCredentials({ ...base, password: 'other' })), key);
		assert.equal(poolKey(parseErpCredentials({ ...base })), key);
		assert.equal(parseErpCredentials({ host: 'h', user: 'u' }).maxConnections, 4);
		const first = getPool(base);
		assert.equal(getPool({ ...base }), first, 'one pool per credential, reused');
		assert.notEqual(getPool({ ...base, password: 'other' }), first);
		assert.equal(first.options.max, 4);
		await closeAllPools();
		assert.equal(cachedPoolCount(), 0);
	});

	it('reads connection, lock and statement timeouts from the credential and sets them on every transaction', async () => {
		assert.deepEqual(
			(({ connectionTimeout, lockTimeout, statementTimeout }) => ({ connectionTimeout, lockTimeout, statementTimeout }))(parseErpCredentials({ host: 'h', user: 'u' })),
			{ connectionTimeout: 15, lockTimeout: 30, statementTimeout: 600 },
		);
		assert.throws(() => parseErpCredentials({ ...base, lockTimeout: -1 }), /ERP PostgreSQL credential: lockTimeout: Number must be greater than or equal to 0/);
		assert.throws(() => parseErpCredentials({ ...base, statementTimeout: 'soon' }), /credential: statementTimeout: Expected number, received nan/);
		assert.throws(() => parseErpCredentials({ ...base, connectionTimeout: 0 }), /credential: connectionTimeout: Number must be greater than or equal to 1/);
		assert.notEqual(poolKey(parseErpCredentials({ ...base, lockTimeout: 5 })), poolKey(parseErpCredentials(base)), 'another bound, another pool');
		const url = new URL(primaryServer().url);
		const creds = { host: url.hostname, port: Number(url.port), database: url.pathname.slice(1), user: url.username, password: decodeURIComponent(url.password) };
		try {
			const show = (c: Record<string, unknown>) =>
				withTransaction(getPool(c), async (client) => (await client.query('SELECT current_setting($1) AS l, current_setting($2) AS s', ['lock_timeout', 'statement_timeout'])).rows[0]);
			assert.deepEqual(await show(creds), { l: '30s', s: '10min' });
			assert.deepEqual(await show({ ...creds, lockTimeout: 2, statementTimeout: 0 }), { l: '2s', s: '0' });
			const { rows } = await getPool(creds).query('SELECT current_setting($1) AS l', ['lock_timeout']);
			assert.notEqual(rows[0].l, '30s', 'SET LOCAL: the session outside the transaction keeps its own setting');
		} finally {
			await closeAllPools();
		}
	});

	it('closes and forgets a pool left idle', async () => {
		const url = new URL(primaryServer().url);
		const creds = { host: url.hostname, port: Number(url.port), database: url.pathname.slice(1), user: url.username, password: decodeURIComponent(url.password) };
		const pool = getPool(creds, 20);
		await pool.query('SELECT 1');
		assert.equal(cachedPoolCount(), 1);
		for (let i = 0; i < 200 && cachedPoolCount() > 0; i++) await new Promise((r) => setTimeout(r, 10));
		assert.equal(cachedPoolCount(), 0);
		assert.ok(pool.ended, 'the evicted pool was ended');
		await closeAllPools();
	});

	it('retries a transaction that hit a deadlock, invisibly to the caller', async () => {
		const db = await createTestDatabase(primaryServer());
		try {
			await db.pool.query('CREATE TABLE t (id int primary key, v int); INSERT INTO t VALUES (1, 0), (2, 0)');
			let attempts = 0;
			const barrier = (() => {
				let arrived = 0;
				let release!: () => void;
				const all = new Promise<void>((r) => (release = r));
				return async () => {
					if (++arrived === 2) release();
					await all;
				};
			})();
			const cross = (first: number, second: number) =>
				withTransaction(db.pool, async (client, attempt) => {
					attempts++;
					await client.query('UPDATE t SET v = v + 1 WHERE id = $1', [first]);
					if (attempt === 1) await barrier();
					await client.query('UPDATE t SET v = v + 1 WHERE id = $1', [second]);
				}, { baseDelayMs: 5 });
			await Promise.all([cross(1, 2), cross(2, 1)]);
			assert.equal(attempts, 3, 'one of the two was retried once');
			const { rows } = await db.pool.query('SELECT v FROM t ORDER BY id');
			assert.deepEqual(rows, [{ v: 2 }, { v: 2 }]);
			await assert.rejects(withTransaction(db.pool, async (client) => client.query('SELECT 1/0')), /division by zero/);
		} finally {
			await db.drop();
		}
	});

	it('tests the credential: migrated erp database, unmigrated database, wrong password', async () => {
		const db = await createErpDatabase(primaryServer());
		const test = (data: Record<string, unknown>) =>
			erpPostgresConnectionTest.call({} as ICredentialTestFunctions, { id: 'c', name: 'erp', type: 'erpPostgres', data: data as never });
		try {
			assert.deepEqual(await test(db.credentials), { status: 'OK', message: 'Connection successful' });
			const bare = await test({ ...db.credentials, database: 'postgres' });
			assert.deepEqual(bare, { status: 'Error', message: 'Connected to postgres, but it has no erp schema yet: run `erp-db migrate`' });
			const wrongDb = await test({ ...db.credentials, database: 'no_such_db_x' });
			assert.equal(wrongDb.status, 'Error');
			assert.match(wrongDb.message, /database "no_such_db_x" does not exist/);
			assert.deepEqual(await test({ ...db.credentials, host: '' }), { status: 'Error', message: 'ERP PostgreSQL credential: host: Host is empty' });
		} finally {
			await db.drop();
		}
	});
});
