// Real PostgreSQL for tests: every test gets a database of its own on a server that
// test/run.ts provides (DATABASE_URL, else embedded PostgreSQL 15), plus PostgreSQL 18.
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

/** Creates an empty database with a unique name; `drop()` removes it and closes the pool. */
export async function createTestDatabase(server: TestServer, prefix = 't'): Promise<TestDatabase> {
	const name = `${prefix}_${Date.now().toString(36)}_${randomBytes(4).toString('hex')}`;
	await adminQuery(server.url, `CREATE DATABASE "${name}"`);
	const url = withDatabase(server.url, name);
	const pool = new Pool({ connectionString: url, max: 8 });
	return {
		name,
		url,
		pool,
		async drop() {
			await pool.end();
			await adminQuery(server.url, `DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
		},
	};
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
