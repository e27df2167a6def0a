// The 57P01 flake ("terminating connection due to administrator command" at random in database
// tests): pg-pool's end() resolves once it has let go of its clients, before their sessions have
// read the Terminate and exited, and DROP DATABASE … WITH (FORCE) right after it ends such a session
// with a FATAL that reaches the closed pool as an 'error' event. The first test pins one session
// (SIGSTOP on its backend, so it cannot read the Terminate) to show that deterministically; the
// others prove that `drop()` waits the sessions out.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import { Pool } from 'pg';
import { closeAllPools, getPool } from '../../nodes/shared/erp/pool';
import { adminQuery, createTestDatabase, freshDatabaseName, sessionsOf, testServers, withDatabase, type TestServer } from './postgres';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const codeOf = (err: unknown) => String((err as { code?: unknown }).code ?? (err as Error).message);

/** Makes the pool open `n` sessions (n queries at once), which it then keeps idle. */
async function openSessions(pool: Pool, n: number) {
	await Promise.all(Array.from({ length: n }, () => pool.query('SELECT pg_sleep(0.05)')));
}

/**
 * True when `pid` is, on this machine, the backend of a session of `database` (its process title
 * names the database): only then is it ours to pause. A server elsewhere (or in another pid
 * namespace) cannot be paused from here.
 */
function isLocalBackend(pid: number, database: string): boolean {
	try {
		return readFileSync(`/proc/${pid}/cmdline`, 'utf8').includes(` ${database} `);
	} catch {
		return false;
	}
}

async function until(what: string, ms: number, check: () => Promise<boolean> | boolean) {
	const deadline = Date.now() + ms;
	while (!(await check())) {
		if (Date.now() > deadline) assert.fail(`${what}: not within ${ms} ms`);
		await sleep(20);
	}
}

async function databaseExists(server: TestServer, name: string): Promise<boolean> {
	return (await adminQuery(server.url, 'SELECT 1 FROM pg_database WHERE datname = $1', [name])).rowCount === 1;
}

for (const server of testServers()) {
	describe(`dropping a test database on ${server.name}`, () => {
		it('pool.end() then DROP … WITH (FORCE) at once ends a session that has not read its Terminate yet (57P01)', async (t) => {
			const name = freshDatabaseName('race');
			await adminQuery(server.url, `CREATE DATABASE "${name}"`);
			const pool = new Pool({ connectionString: withDatabase(server.url, name), max: 4 });
			const errors: string[] = [];
			pool.on('error', (err) => errors.push(codeOf(err)));
			try {
				await openSessions(pool, 4);
				const [victim] = await sessionsOf(server.url, name);
				if (!isLocalBackend(victim.pid, name)) {
					await pool.end();
					t.skip(`the backends of ${server.name} are not processes of this machine`);
					return;
				}
				process.kill(victim.pid, 'SIGSTOP');
				let paused = true;
				try {
					await pool.end();
					assert.ok((await sessionsOf(server.url, name)).some((s) => s.pid === victim.pid), 'pool.end() resolved while a session of its own was open');
					const drop = `DROP DATABASE "${name}" WITH (FORCE)`;
					const dropping = adminQuery(server.url, drop);
					// DROP signals the sessions first, then waits up to 5 s for them to exit.
					await until('DROP running', 5000, async () => (await adminQuery(server.url, `SELECT 1 FROM pg_stat_activity WHERE query = $1 AND state = 'active'`, [drop])).rowCount === 1);
					await sleep(200);
					process.kill(victim.pid, 'SIGCONT');
					paused = false;
					await dropping;
					await until('the 57P01 reaching the ended pool', 5000, () => errors.length > 0);
					assert.ok(errors.every((c) => c === '57P01'), JSON.stringify(errors));
				} finally {
					if (paused) process.kill(victim.pid, 'SIGCONT');
				}
			} finally {
				await adminQuery(server.url, `DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
			}
		});

		it('drop() waits until the sessions have exited, so none is ended with 57P01', async (t) => {
			const db = await createTestDatabase(server, 'race');
			const errors: string[] = [];
			db.pool.on('error', (err) => errors.push(codeOf(err)));
			await openSessions(db.pool, 4);
			const [victim] = await sessionsOf(server.url, db.name);
			if (!isLocalBackend(victim.pid, db.name)) {
				await db.drop();
				t.skip(`the backends of ${server.name} are not processes of this machine`);
				return;
			}
			process.kill(victim.pid, 'SIGSTOP');
			let settled = false;
			let dropping: Promise<void> | undefined;
			try {
				dropping = db.drop().finally(() => {
					settled = true;
				});
				await sleep(500);
				assert.equal(settled, false, 'drop() went ahead while a session of the database was open');
			} finally {
				process.kill(victim.pid, 'SIGCONT');
			}
			await dropping;
			await sleep(200);
			assert.deepEqual(errors, []);
			assert.equal(await databaseExists(server, db.name), false);
		});

		it('closes the harness pool and a product pool and drops at once, 40 times, without one 57P01', async () => {
			const errors: string[] = [];
			for (let i = 0; i < 40; i++) {
				const db = await createTestDatabase(server, 'race');
				const url = new URL(db.url);
				const product = getPool({ host: url.hostname, port: Number(url.port || 5432), database: db.name, user: decodeURIComponent(url.username), password: decodeURIComponent(url.password), maxConnections: 4 });
				// Both pools have a listener that hides 57P01 (the harness's while dropping, the product's always); this one sees it.
				for (const pool of [db.pool, product]) pool.on('error', (err) => errors.push(`${i}: ${codeOf(err)}`));
				await Promise.all([openSessions(db.pool, 8), openSessions(product, 4)]);
				await closeAllPools();
				await db.drop();
			}
			await sleep(300);
			assert.deepEqual(errors, []);
		});
	});
}
