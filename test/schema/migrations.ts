// Applies and reverses the committed migrations in a test database: journal order, each
// script in its own transaction, statements split on drizzle-kit's breakpoints (the same
// folder reader erp-db uses, without its tracking table, so a rollback leaves nothing behind).
import type { Pool, PoolClient } from 'pg';
import { bundledMigrationsDir, loadMigrations, readDownStatements } from '../../drizzle/cli/journal';

async function inTransaction(pool: Pool, statements: string[]): Promise<void> {
	const client = await pool.connect();
	try {
		await client.query('BEGIN');
		// One round trip for the whole script (simple query protocol allows several statements).
		await client.query(statements.join(';\n'));
		await client.query('COMMIT');
	} catch (err) {
		await client.query('ROLLBACK');
		throw err;
	} finally {
		client.release();
	}
}

export const migrations = () => loadMigrations(bundledMigrationsDir);

/** Applies the migrations with journal positions in [first, end) (all by default), oldest first. */
export async function migrateUp(pool: Pool, first = 0, end?: number): Promise<void> {
	for (const migration of migrations().slice(first, end)) await inTransaction(pool, migration.statements);
}

/** Runs the down scripts of the migrations in [first, end) (all by default), newest first. */
export async function migrateDown(pool: Pool, first = 0, end?: number): Promise<void> {
	for (const migration of migrations().slice(first, end).reverse()) {
		await inTransaction(pool, readDownStatements(migration));
	}
}

/**
 * Runs `work` as a fresh role that is only a member of `group` (as a service login role
 * would be), inside a transaction that is rolled back, then drops that role.
 */
export async function asMemberOf<T>(pool: Pool, group: string, work: (client: PoolClient) => Promise<T>): Promise<T> {
	const member = `t_${group}_${Math.random().toString(36).slice(2, 10)}`;
	await pool.query(`CREATE ROLE "${member}" NOLOGIN IN ROLE "${group}"`);
	const client = await pool.connect();
	try {
		await client.query('BEGIN');
		await client.query(`SET LOCAL ROLE "${member}"`);
		return await work(client);
	} finally {
		await client.query('ROLLBACK');
		client.release();
		await pool.query(`DROP ROLE "${member}"`);
	}
}

/** The SQLSTATE a promise rejects with (fails the test if it resolves). */
export async function sqlStateOf(promise: Promise<unknown>): Promise<string> {
	try {
		await promise;
	} catch (err) {
		return String((err as { code?: unknown }).code);
	}
	throw new Error('expected the statement to fail, but it succeeded');
}
