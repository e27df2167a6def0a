// Helpers for the erp-db tests: run the real CLI as a child process, and build small
// migration folders in drizzle-kit's layout.
import { spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort } from '../harness/ports';
import { adminQuery, withDatabase, type TestServer } from '../harness/postgres';

const root = join(__dirname, '..', '..');
// `npm test` builds first and sets ERP_TEST_BUILT: then the tests run the shipped bin (what users
// run, and 5–10× faster to start); run alone, they run the TypeScript source through tsx.
const cliCommand = process.env.ERP_TEST_BUILT
	? [join(root, 'dist', 'drizzle', 'cli', 'erp-db.js')]
	: ['--import', 'tsx', join(root, 'drizzle', 'cli', 'erp-db.ts')];

export interface CliRun {
	code: number | null;
	stdout: string;
	stderr: string;
}

export interface StartedCli {
	/** Everything printed on stdout so far. */
	stdout(): string;
	done: Promise<CliRun>;
}

/** Starts `erp-db <args>` as a child process, without DATABASE_URL unless given; `input` is piped to its stdin. */
export function startCli(args: string[], env: NodeJS.ProcessEnv = {}, input?: string): StartedCli {
	const childEnv = { ...process.env, ...env };
	if (!('DATABASE_URL' in env)) delete childEnv.DATABASE_URL;
	const child = spawn(process.execPath, [...cliCommand, ...args], { cwd: root, env: childEnv });
	if (input !== undefined) child.stdin.end(input);
	let stdout = '';
	let stderr = '';
	child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
	child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
	const done = new Promise<CliRun>((resolve, reject) => {
		child.on('error', reject);
		child.on('close', (code) => resolve({ code, stdout, stderr }));
	});
	return { stdout: () => stdout, done };
}

export function runCli(args: string[], env: NodeJS.ProcessEnv = {}, input?: string): Promise<CliRun> {
	return startCli(args, env, input).done;
}

export function lines(text: string): string[] {
	return text.split('\n').filter((line) => line.length > 0);
}

export interface FixtureMigration {
	tag: string;
	up: string[];
	/** Statements of down/<tag>.down.sql; omitted means no down script. */
	down?: string[];
}

const BREAKPOINT = '\n--> statement-breakpoint\n';

/** A migrations folder laid out as drizzle-kit writes it; `write` may be called again to change it. */
export class MigrationFolder {
	readonly dir = mkdtempSync(join(tmpdir(), 'erp-db-migrations-'));

	constructor(migrations: FixtureMigration[]) {
		this.write(migrations);
	}

	write(migrations: FixtureMigration[]): void {
		rmSync(this.dir, { recursive: true, force: true });
		mkdirSync(join(this.dir, 'meta'), { recursive: true });
		mkdirSync(join(this.dir, 'down'));
		const entries = migrations.map((m, idx) => ({ idx, version: '7', when: 1_700_000_000_000 + idx, tag: m.tag, breakpoints: true }));
		writeFileSync(join(this.dir, 'meta', '_journal.json'), JSON.stringify({ version: '7', dialect: 'postgresql', entries }, null, 2));
		for (const m of migrations) {
			writeFileSync(join(this.dir, `${m.tag}.sql`), m.up.join(BREAKPOINT));
			if (m.down) writeFileSync(join(this.dir, 'down', `${m.tag}.down.sql`), m.down.join(BREAKPOINT));
		}
	}

	remove(): void {
		rmSync(this.dir, { recursive: true, force: true });
	}
}

/** Three migrations in the shape of the real ones: a schema, a table with a FK, a view. */
export const shopMigrations: FixtureMigration[] = [
	{
		tag: '0000_base',
		up: ['CREATE SCHEMA erp', 'CREATE TABLE erp.customers (id int PRIMARY KEY, name text NOT NULL)'],
		down: ['DROP SCHEMA erp CASCADE'],
	},
	{
		tag: '0001_orders',
		up: ['CREATE TABLE erp.orders (id int PRIMARY KEY, customer_id int REFERENCES erp.customers(id) ON DELETE CASCADE)', 'CREATE INDEX orders_customer_idx ON erp.orders (customer_id)'],
		down: ['DROP TABLE erp.orders'],
	},
	{
		tag: '0002_order_counts',
		up: ['CREATE VIEW erp.order_counts AS SELECT customer_id, count(*) AS orders FROM erp.orders GROUP BY customer_id'],
		down: ['DROP VIEW erp.order_counts'],
	},
];

export async function dropDatabase(server: TestServer, name: string): Promise<void> {
	await adminQuery(server.url, `DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
}

/** Relations in schemas erp and erp_meta, and whether those schemas exist. */
export async function erpFootprint(server: TestServer, database: string) {
	const url = withDatabase(server.url, database);
	const { rows: schemas } = await adminQuery(url, "SELECT nspname FROM pg_namespace WHERE nspname IN ('erp', 'erp_meta') ORDER BY nspname");
	const { rows: relations } = await adminQuery(
		url,
		"SELECT n.nspname || '.' || c.relname AS name FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace WHERE n.nspname IN ('erp', 'erp_meta') AND c.relkind IN ('r', 'v', 'm') ORDER BY 1",
	);
	return { schemas: schemas.map((r) => r.nspname as string), relations: relations.map((r) => r.name as string) };
}

export async function trackingRows(server: TestServer, database: string) {
	const { rows } = await adminQuery(withDatabase(server.url, database), 'SELECT id, tag, hash, applied_at FROM erp_meta.migrations ORDER BY id');
	return rows as { id: number; tag: string; hash: string; applied_at: Date }[];
}

/** A local port nothing listens on (taken from the OS, then released). */
export const closedPort = freePort;

/** The server's URL with another user and password (for the login and privilege tests). */
export function asUser(url: string, user: string, password: string): string {
	const u = new URL(url);
	u.username = user;
	u.password = password;
	return u.toString();
}
