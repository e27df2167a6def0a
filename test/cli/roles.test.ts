import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import { Client } from 'pg';
import { SERVICES, createServiceRole } from '../../drizzle/cli/roles';
import { scramSha256Verifier } from '../../drizzle/cli/scram';
import { parseDatabaseUrl } from '../../drizzle/cli/target';
import { adminQuery, freshDatabaseName, testServers, withDatabase } from '../harness/postgres';
import { asUser, dropDatabase, lines, runCli } from './cliHarness';

const suffix = () => randomBytes(3).toString('hex');

/** Logs in as `role` with `password`; returns current_user. */
async function loginAs(url: string, role: string, password: string): Promise<string> {
	const client = new Client({ connectionString: asUser(url, role, password) });
	await client.connect();
	try {
		return (await client.query('SELECT current_user AS me')).rows[0].me as string;
	} finally {
		await client.end();
	}
}

for (const server of testServers()) {
	describe(`erp-db create-role on ${server.name}`, () => {
		const database = freshDatabaseName('cli_roles');
		const url = withDatabase(server.url, database);
		const roles: string[] = [];
		before(async () => {
			// The committed migrations create the group roles the services join.
			const run = await runCli(['migrate', '--url', url]);
			assert.equal(run.code, 0, run.stderr);
		});
		after(async () => {
			await dropDatabase(server, database);
			for (const role of roles) await adminQuery(server.url, `DROP ROLE IF EXISTS ${role}`);
		});

		it('creates a login role for every service, in its group, allowed to connect, with a SCRAM secret', async () => {
			for (const [service, access] of Object.entries(SERVICES)) {
				const role = `${access.login}_${suffix()}`;
				roles.push(role);
				const password = `pw-${service}-${suffix()}`;
				const result = await createServiceRole({ target: parseDatabaseUrl(url), service, password, name: role });
				assert.deepEqual(result, { role, group: access.group, database, created: true });

				const { rows } = await adminQuery(
					url,
					`SELECT r.rolcanlogin, pg_has_role($1, $2, 'MEMBER') AS member, has_database_privilege($1, current_database(), 'CONNECT') AS connect,
					        a.rolpassword LIKE 'SCRAM-SHA-256$4096:%' AS scram
					   FROM pg_roles r JOIN pg_authid a ON a.oid = r.oid WHERE r.rolname = $1`,
					[role, access.group],
				);
				assert.deepEqual(rows, [{ rolcanlogin: true, member: true, connect: true, scram: true }]);
				assert.equal(await loginAs(url, role, password), role);
			}
		});

		it('uses the service default name and is idempotent: a second run sets the new password and keeps one membership', async () => {
			const role = SERVICES['open-webui'].login;
			roles.push(role);
			// The password never goes on the command line: piped on stdin, or from the environment.
			const first = await runCli(['create-role', 'open-webui', '--password-stdin', '--url', url], {}, 'first-pw\n');
			assert.equal(first.stderr, '');
			assert.equal(first.code, 0);
			assert.deepEqual(lines(first.stdout), [`created login role "${role}" (member of erp_reader, may connect to "${database}")`]);
			assert.equal(await loginAs(url, role, 'first-pw'), role, 'the newline that ends the piped line is not part of the password');

			const second = await runCli(['create-role', 'open-webui', '--url', url], { ERP_ROLE_PASSWORD: 'second-pw' });
			assert.equal(second.stderr, '');
			assert.equal(second.code, 0);
			assert.deepEqual(lines(second.stdout), [`updated login role "${role}" (member of erp_reader, may connect to "${database}")`]);
			assert.ok(!second.stdout.includes('second-pw'));

			const { rows } = await adminQuery(
				url,
				'SELECT count(*)::int AS memberships FROM pg_auth_members m JOIN pg_roles r ON r.oid = m.member JOIN pg_roles g ON g.oid = m.roleid WHERE r.rolname = $1 AND g.rolname = $2',
				[role, 'erp_reader'],
			);
			assert.deepEqual(rows, [{ memberships: 1 }]);
			assert.equal(await loginAs(url, role, 'second-pw'), role);
		});

		it('stores the same SCRAM verifier PostgreSQL computes, for ASCII and non-ASCII passwords', async () => {
			const probe = `erp_cli_scram_${suffix()}`;
			roles.push(probe);
			await adminQuery(server.url, `CREATE ROLE ${probe} NOLOGIN`);
			for (const password of ['plain-ascii', 'pässwörd ñ', 'ｆｕｌｌ\u00a0width\u00ad']) {
				const literal = password.replace(/'/g, "''");
				await adminQuery(server.url, `SET password_encryption = 'scram-sha-256'; ALTER ROLE ${probe} PASSWORD '${literal}'`);
				const { rows } = await adminQuery(server.url, 'SELECT rolpassword FROM pg_authid WHERE rolname = $1', [probe]);
				const stored = rows[0].rolpassword as string;
				const salt = Buffer.from(stored.split('$')[1].split(':')[1], 'base64');
				assert.equal(scramSha256Verifier(password, salt), stored, password);
			}
		});

		it('refuses unknown services and group names with the valid choices', async () => {
			const pw = { ERP_ROLE_PASSWORD: 'pw' };
			const unknown = await runCli(['create-role', 'grafana', '--url', url], pw);
			assert.equal(unknown.code, 2);
			assert.equal(unknown.stdout, '');
			assert.match(unknown.stderr, /^erp-db: unknown service "grafana"; valid services: n8n, planner-api, memory-gateway, coda-mcp, open-webui \(usage: erp-db create-role/);
			const group = await runCli(['create-role', 'n8n', '--name', 'erp_sync', '--url', url], pw);
			assert.equal(group.code, 2);
			assert.match(group.stderr, /^erp-db: --name "erp_sync" is a group role; a service needs a login role of its own/);
			const missing = await runCli(['create-role', 'n8n', '--url', url]);
			assert.equal(missing.code, 2);
			assert.match(missing.stderr, /^erp-db: no password: pipe it with --password-stdin, or set ERP_ROLE_PASSWORD/);
			// Still accepted on the command line, with a warning saying why not to.
			const visible = await runCli(['create-role', 'grafana', '--password', 'pw', '--url', url]);
			assert.match(visible.stderr, /^erp-db: warning: --password is visible in `ps` and shell history/);
		});
	});
}
