import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { createServer, type Server, type Socket } from 'node:net';
import { after, before, describe, it } from 'node:test';
import { Client } from 'pg';
import { adminQuery, createTestDatabase, freshDatabaseName, testServers, withDatabase, type TestServer } from '../harness/postgres';
import { MigrationFolder, asUser, closedPort, runCli, shopMigrations, type CliRun } from './cliHarness';

const folder = new MigrationFolder(shopMigrations);
after(() => folder.remove());

/** Exactly one line on stderr, nothing on stdout, the given exit code: never a stack trace. */
function assertOneLineFailure(run: CliRun, code: number, message: string | RegExp) {
	assert.equal(run.stdout, '');
	assert.equal(run.code, code);
	assert.ok(run.stderr.endsWith('\n') && run.stderr.indexOf('\n') === run.stderr.length - 1, `one line expected: ${run.stderr}`);
	if (typeof message === 'string') assert.equal(run.stderr, `erp-db: ${message}\n`);
	else assert.match(run.stderr.trimEnd(), message);
}

const migrate = (url: string) => runCli(['migrate', '--url', url, '--migrations', folder.dir]);

describe('erp-db errors before any server answers', () => {
	const usage = '(usage: erp-db migrate [--url <url>])';

	it('rejects malformed URLs with exit code 2', async () => {
		const cases: [string, string][] = [
			['not a url', 'expected postgres://user:password@host:5432/database'],
			['mysql://root@127.0.0.1/erp', 'scheme must be postgres:// or postgresql://, not mysql://'],
			['postgres://127.0.0.1:5432', 'it names no database (expected postgres://user:password@host:5432/database)'],
			['postgres://127.0.0.1:5432/erp?connect_timeout=soon', 'connect_timeout "soon" must be a positive number of seconds'],
		];
		const runs = await Promise.all(cases.map(([url]) => migrate(url)));
		cases.forEach(([, reason], i) => assertOneLineFailure(runs[i], 2, `invalid database URL: ${reason} ${usage}`));
	});

	it('needs a URL from --url or DATABASE_URL', async () => {
		assertOneLineFailure(await runCli(['status', '--migrations', folder.dir]), 2, 'no database URL: pass --url postgres://user:password@host:5432/erp or set DATABASE_URL (usage: erp-db status [--url <url>])');
		const port = await closedPort();
		assertOneLineFailure(
			await runCli(['status', '--migrations', folder.dir], { DATABASE_URL: `postgres://u:p@127.0.0.1:${port}/erp` }),
			3,
			`cannot reach PostgreSQL at 127.0.0.1:${port} (connection refused)`,
		);
	});

	it('says the server cannot be reached: refused port, unknown host, silent server', async () => {
		const port = await closedPort();
		assertOneLineFailure(await migrate(`postgres://postgres:secret-pw@127.0.0.1:${port}/erp`), 3, `cannot reach PostgreSQL at 127.0.0.1:${port} (connection refused)`);
		assertOneLineFailure(await migrate('postgres://postgres@erp-db-test.invalid:5432/erp'), 3, /^erp-db: cannot reach PostgreSQL at erp-db-test\.invalid:5432 \((host not found|host name lookup failed)\)$/);

		// Accepts TCP connections and never answers the startup message.
		const sockets: Socket[] = [];
		const silent: Server = createServer((socket) => sockets.push(socket));
		await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve));
		const silentPort = (silent.address() as { port: number }).port;
		try {
			assertOneLineFailure(await migrate(`postgres://postgres@127.0.0.1:${silentPort}/erp?connect_timeout=1`), 3, `cannot reach PostgreSQL at 127.0.0.1:${silentPort} (no answer within 1s)`);
		} finally {
			for (const socket of sockets) socket.destroy();
			silent.close();
		}
	});

	it('reports usage mistakes per command', async () => {
		const [none, unknown, badOption, conflict, help] = await Promise.all([
			runCli([]),
			runCli(['upgrade']),
			runCli(['migrate', '--force']),
			runCli(['rollback', '--all', '--to', '0000_base']),
			runCli(['--help']),
		]);
		assertOneLineFailure(none, 2, /^erp-db: no command given; commands: migrate, status, rollback, create-role\b.* \(erp-db --help for more\)$/);
		assertOneLineFailure(unknown, 2, /^erp-db: unknown command "upgrade"; commands: migrate, status, rollback, create-role\b.* \(erp-db --help for more\)$/);
		assertOneLineFailure(badOption, 2, `Unknown option '--force' ${usage}`);
		assertOneLineFailure(conflict, 2, '--to and --all exclude each other (usage: erp-db rollback [--to <tag> | --all] [--url <url>])');
		assert.equal(help.code, 0);
		assert.match(help.stdout, /^Usage: erp-db <command> \[options\]$/m);
		for (const command of ['migrate', 'status', 'rollback', 'create-role']) assert.match(help.stdout, new RegExp(`^  ${command}\\b`, 'm'));
	});
});

/** Whether the server checks passwords on TCP (embedded servers do; a local trust setup does not). */
async function checksPasswords(server: TestServer): Promise<boolean> {
	const client = new Client({ connectionString: asUser(server.url, new URL(server.url).username, `wrong-${randomBytes(4).toString('hex')}`) });
	try {
		await client.connect();
		await client.end();
		return false;
	} catch {
		return true;
	}
}

describe('erp-db wrong password', () => {
	it('is named without printing the password, on every server that checks passwords', async () => {
		const checking = [];
		for (const server of testServers()) if (await checksPasswords(server)) checking.push(server);
		// A trust-auth server (the local one) accepts any password; the embedded PostgreSQL 18 always checks.
		assert.ok(checking.length > 0, 'no test server checks passwords');
		for (const server of checking) {
			const role = `erp_cli_pw_${randomBytes(4).toString('hex')}`;
			await adminQuery(server.url, `CREATE ROLE ${role} LOGIN PASSWORD 'right-pw'`);
			try {
				const run = await migrate(asUser(withDatabase(server.url, 'postgres'), role, 'wrong-pw-123'));
				assertOneLineFailure(run, 3, `password authentication failed for user "${role}" at ${new URL(server.url).host}`);
				assert.ok(!run.stderr.includes('wrong-pw-123'));
			} finally {
				await adminQuery(server.url, `DROP ROLE ${role}`);
			}
		}
	});
});

for (const server of testServers()) {
	describe(`erp-db login and privilege errors on ${server.name}`, () => {
		const role = `erp_cli_test_${randomBytes(4).toString('hex')}`;
		const hostPort = new URL(server.url).host;
		before(() => adminQuery(server.url, `CREATE ROLE ${role} LOGIN PASSWORD 'right-pw' NOCREATEDB NOCREATEROLE`));
		after(() => adminQuery(server.url, `DROP ROLE IF EXISTS ${role}`));

		it('says which privilege is missing when a role without CREATEDB migrates a new database', async () => {
			const database = freshDatabaseName('cli_denied');
			assertOneLineFailure(
				await migrate(asUser(withDatabase(server.url, database), role, 'right-pw')),
				3,
				`cannot create database "${database}" at ${hostPort}: user "${role}" lacks the privilege (permission denied to create database)`,
			);
			const { rows } = await adminQuery(server.url, 'SELECT 1 FROM pg_database WHERE datname = $1', [database]);
			assert.equal(rows.length, 0);
		});

		it('says which privilege is missing when a role may connect but not create the tracking schema', async () => {
			const db = await createTestDatabase(server, 'cli_noschema');
			try {
				assertOneLineFailure(
					await migrate(asUser(db.url, role, 'right-pw')),
					3,
					`cannot create the tracking table erp_meta.migrations at ${hostPort}: user "${role}" lacks the privilege (permission denied for database ${db.name})`,
				);
			} finally {
				await db.drop();
			}
		});

		it('names an unknown user and a missing database for commands that do not create it', async () => {
			assertOneLineFailure(
				await migrate(asUser(withDatabase(server.url, 'postgres'), 'erp_no_such_user', 'x')),
				3,
				new RegExp(`^erp-db: (PostgreSQL at ${hostPort} refused user "erp_no_such_user": role "erp_no_such_user" does not exist|password authentication failed for user "erp_no_such_user" at ${hostPort})$`),
			);
			const database = freshDatabaseName('cli_missing');
			const url = withDatabase(server.url, database);
			assertOneLineFailure(await runCli(['rollback', '--url', url, '--migrations', folder.dir]), 3, `database "${database}" does not exist at ${hostPort}`);
			assertOneLineFailure(await runCli(['create-role', 'n8n', '--url', url], { ERP_ROLE_PASSWORD: 'pw' }), 3, `database "${database}" does not exist at ${hostPort}`);
		});
	});
}
