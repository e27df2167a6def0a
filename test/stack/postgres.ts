// PostgreSQL for `npm start`: DATABASE_URL when given (its database holds erp; n8n gets a
// database of its own on the same server), else an embedded PostgreSQL 15 whose data lives in
// .cache/stack/postgres, so a second start finds the same data (or the same running server).
import { Client } from 'pg';
import { checkEmbeddedPostgresReach } from '../harness/embeddedAccess';
import { forgetRecord, pickPort, REPO_ROOT, reusable, spawnService, stackPath, stopService, waitFor, writeRecord } from './services';

export interface StackPostgres {
	/** The erp database. */
	erpUrl: string;
	/** n8n's own database, on the same server. */
	n8nUrl: string;
	/** Stops the server; undefined when this run did not start it. */
	stop?: () => Promise<void>;
}

const N8N_DATABASE = 'n8n_coda_erp';

function withDatabase(url: string, database: string): string {
	const u = new URL(url);
	u.pathname = `/${database}`;
	return u.toString();
}

async function answers(url: string): Promise<boolean> {
	const client = new Client({ connectionString: url, connectionTimeoutMillis: 3000 });
	try {
		await client.connect();
		await client.query('SELECT 1');
		return true;
	} finally {
		await client.end().catch(() => undefined);
	}
}

/** Creates the database when missing (erp-db migrate does the same for erp). */
async function ensureDatabase(serverUrl: string, database: string): Promise<void> {
	const client = new Client({ connectionString: withDatabase(serverUrl, 'postgres') });
	await client.connect();
	try {
		const { rowCount } = await client.query('SELECT 1 FROM pg_database WHERE datname = $1', [database]);
		if (!rowCount) await client.query(`CREATE DATABASE "${database.replace(/"/g, '""')}"`);
	} finally {
		await client.end();
	}
}

const serverUrl = (port: number) => `postgres://postgres:postgres@127.0.0.1:${port}/postgres`;

async function embedded(log: (line: string) => void): Promise<StackPostgres> {
	const running = await reusable('postgres', (r) => answers(serverUrl(r.port)));
	const port = running?.port ?? (await pickPort(54329));
	let stop: (() => Promise<void>) | undefined;
	if (running) {
		log(`PostgreSQL: reusing the embedded server on port ${port}`);
	} else {
		checkEmbeddedPostgresReach(REPO_ROOT, 'set DATABASE_URL to a PostgreSQL server');
		const dataDir = stackPath('postgres');
		const child = spawnService('postgres', process.execPath, ['--import', 'tsx', 'test/stack/postgresServer.ts', dataDir, String(port)], process.env);
		await waitFor('the embedded PostgreSQL', () => answers(serverUrl(port)), {
			timeoutMs: 120_000,
			logFile: child.logFile,
			gone: child.exited,
		});
		writeRecord('postgres', { pid: child.pid, port, info: { dataDir } });
		log(`PostgreSQL: embedded PostgreSQL 15 on port ${port}, data in ${dataDir}`);
		stop = async () => {
			await stopService(child.pid);
			forgetRecord('postgres');
		};
	}
	await ensureDatabase(serverUrl(port), N8N_DATABASE);
	return { erpUrl: withDatabase(serverUrl(port), 'erp'), n8nUrl: withDatabase(serverUrl(port), N8N_DATABASE), stop };
}

export async function startPostgres(log: (line: string) => void): Promise<StackPostgres> {
	const url = process.env.DATABASE_URL;
	if (!url) return embedded(log);
	log(`PostgreSQL: DATABASE_URL (${new URL(url).host}${new URL(url).pathname}), n8n's data in database ${N8N_DATABASE}`);
	await ensureDatabase(url, N8N_DATABASE);
	return { erpUrl: url, n8nUrl: withDatabase(url, N8N_DATABASE) };
}
