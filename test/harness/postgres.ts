// Real PostgreSQL for tests: every test gets a database of its own on the servers test/run.ts
// provides (DATABASE_URL and embedded ones: PostgreSQL 15 and 18 are always among them).
import { randomBytes } from 'node:crypto';
import { Client, Pool } from 'pg';

export interface TestServer {
	/** Short label used in test names, e.g. `pg15`. */
	name: string;
	/** URL of a database on that server the tests may connect to for admin work. */
	url: string;
}

/** The servers every database test runs against (set by test/run.ts; DATABASE_URL when run alone). */
export function testServers(): TestServer[] {
	const raw = process.env.ERP_TEST_SERVERS;
	if (raw) return JSON.parse(raw) as TestServer[];
	const url = process.env.DATABASE_URL;
	if (!url) {
		throw new Error('No PostgreSQL for tests: run them through `npm test`, or set DATABASE_URL');
	}
	return [{ name: 'default', url }];
}

/** The first server: tests that do not need the version matrix use it. */
export function primaryServer(): TestServer {
	return testServers()[0];
}

export function withDatabase(serverUrl: string, database: string): string {
	const url = new URL(serverUrl);
	url.pathname = `/${database}`;
	return url.toString();
}

export interface TestDatabase {
	name: string;
	url: string;
	pool: Pool;
	drop(): Promise<void>;
}

/** How long `drop()` waits for the database's sessions to exit before it forces them out. */
const DROP_WAIT_MS = 15_000;

/** Creates an empty database with a unique name; `drop()` closes the pool and removes it. */
export async function createTestDatabase(server: TestServer, prefix = 't'): Promise<TestDatabase> {
	const name = `${prefix}_${Date.now().toString(36)}_${randomBytes(4).toString('hex')}`;
	await adminQuery(server.url, `CREATE DATABASE "${name}"`);
	const url = withDatabase(server.url, name);
	const pool = new Pool({ connectionString: url, max: 8 });
	let ending = false;
	// Without a listener an idle client's error is an uncaught exception blamed on whichever test runs.
	// 57P01 after drop() began is the server ending a session of this very pool: expected, ignored.
	pool.on('error', (err: Error & { code?: string }) => {
		if (ending && err.code === '57P01') return;
		throw err;
	});
	return {
		name,
		url,
		pool,
		async drop() {
			ending = true;
			await pool.end();
			// pool.end() resolves once the pool has let go of its clients, while their sessions may not
			// have read the Terminate yet (so may closeAllPools() for the product's pools). DROP … WITH
			// (FORCE) would end such a session with 57P01 (FATAL, sent to the client): wait for them first.
			const left = await waitForSessionsToEnd(server.url, name, DROP_WAIT_MS);
			if (left.length) {
				console.warn(`test database ${name}: ${left.length} session(s) still open after ${DROP_WAIT_MS / 1000} s, dropped with FORCE: ${JSON.stringify(left)}`);
			}
			await adminQuery(server.url, `DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
		},
	};
}

export interface Session {
	pid: number;
	application_name: string;
	state: string | null;
	query: string;
}

/** Client sessions connected to `database` (pg_stat_activity). */
export async function sessionsOf(serverUrl: string, database: string): Promise<Session[]> {
	const { rows } = await adminQuery(serverUrl, SESSIONS_SQL, [database]);
	return rows as Session[];
}

const SESSIONS_SQL = `SELECT pid, application_name, state, left(query, 200) AS query FROM pg_stat_activity
	WHERE datname = $1 AND backend_type = 'client backend' AND pid <> pg_backend_pid() ORDER BY pid`;

/** Waits until no client session of `database` is left, at most `timeoutMs`; returns those still there. */
export async function waitForSessionsToEnd(serverUrl: string, database: string, timeoutMs: number): Promise<Session[]> {
	const client = new Client({ connectionString: serverUrl });
	await client.connect();
	try {
		const deadline = Date.now() + timeoutMs;
		for (;;) {
			// Each query is its own transaction, so pg_stat_activity is read afresh every time.
			const { rows } = await client.query<Session>(SESSIONS_SQL, [database]);
			if (rows.length === 0 || Date.now() >= deadline) return rows;
			await new Promise((r) => setTimeout(r, 20));
		}
	} finally {
		await client.end();
	}
}

/** A database name that does not exist yet (for tests of `erp-db migrate` creating it). */
export function freshDatabaseName(prefix = 'fresh'): string {
	return `${prefix}_${Date.now().toString(36)}_${randomBytes(4).toString('hex')}`;
}

export async function adminQuery(serverUrl: string, sql: string, params: unknown[] = []) {
	const client = new Client({ connectionString: serverUrl });
	await client.connect();
	try {
		return await client.query(sql, params);
	} finally {
		await client.end();
	}
}
