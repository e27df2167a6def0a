// README "Creating the `erp` database": the erp-db recipe for the user's Docker n8n, run as written.
// Docker is not needed: the test runs what `docker exec` runs inside the container (the command
// after the container name) with n8n's Node 24 first on PATH, HOME standing in for /home/node, and
// the variables `-e` passes, against a throw-away database; once for each kind of install.
// Under test/n8n: it needs the cached n8n runtime (its Node 24), which a fresh machine installs first.
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { Client } from 'pg';
import { scramSha256Verifier } from '../../drizzle/cli/scram';
import { REPO_ROOT, installPackageInto, packPackage } from '../harness/n8nPackage';
import { ensureN8nRuntime } from '../harness/n8nRuntime';
import { adminQuery, freshDatabaseName, testServers, withDatabase } from '../harness/postgres';
import { installLikeN8nSettings } from '../pack/n8nInstall';

const CONTAINER_HOME = '/home/node';

interface Recipe {
	/** What `docker exec … n8n` runs, by install kind: linked command (npx) or the bin's path (node). */
	inContainer: { npx: string; node: string };
	/** `docker exec` options of the helper. */
	execOptions: string;
	/** The helper's calls in order, with the variable piped to standard input, if any. */
	calls: { args: string[]; stdinVariable?: string }[];
}

/** The recipe's bash block in README's "Creating the `erp` database" section. */
function readRecipe(): Recipe {
	const readme = readFileSync(join(REPO_ROOT, 'README.md'), 'utf8');
	const start = readme.indexOf('\n## Creating the `erp` database');
	assert.ok(start >= 0, 'README has the "Creating the `erp` database" section');
	const section = readme.slice(start, readme.indexOf('\n## ', start + 1));
	const block = /```bash\n([\s\S]*?)```/.exec(section)?.[1];
	assert.ok(block, 'the section opens with a bash block');
	const helpers = [...block.matchAll(/^(?:# )?erp_db\(\) \{ docker exec (.+?) n8n (.+?) "\$@"; \}$/gm)];
	const npx = helpers.find((m) => m[2].startsWith('npx '));
	const node = helpers.find((m) => m[2].startsWith('node '));
	assert.ok(npx && node, `the block defines erp_db with npx and with node:\n${block}`);
	assert.equal(npx[1], node[1], 'both helpers pass the same docker exec options');
	const calls = [...block.matchAll(/^(?:printf %s "\$(\w+)" \| )?erp_db (.+)$/gm)].map((m) => ({
		args: m[2].trim().split(/\s+/),
		stdinVariable: m[1],
	}));
	return { inContainer: { npx: npx[2], node: node[2] }, execOptions: npx[1], calls };
}

interface Run {
	code: number | null;
	stdout: string;
	stderr: string;
}

function runIn(command: string[], env: NodeJS.ProcessEnv, input?: string): Promise<Run> {
	return new Promise((resolve, reject) => {
		const child = spawn(command[0], command.slice(1), { env, cwd: env.HOME, stdio: ['pipe', 'pipe', 'pipe'] });
		let stdout = '';
		let stderr = '';
		child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
		child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
		child.on('error', reject);
		child.on('close', (code) => resolve({ code, stdout, stderr }));
		child.stdin.end(input ?? '');
	});
}

const recipe = readRecipe();

describe('README: erp-db inside the Docker n8n', () => {
	const work = mkdtempSync(join(tmpdir(), 'erp-db-docker-'));
	/** The container's /home/node (N8N_USER_FOLDER), one per install kind. */
	const homes = { npx: join(work, 'npx-home'), node: join(work, 'settings-home') };
	let pathWithN8nNode = '';

	before(async () => {
		const runtime = await ensureN8nRuntime();
		pathWithN8nNode = `${dirname(runtime.node)}:${process.env.PATH}`;
		// README's "Installing into n8n (Docker)": `npm install` in ~/.n8n/nodes links `erp-db`.
		await installPackageInto(homes.npx);
		// Settings → Community Nodes: same folder, no linked command.
		const nodesDir = join(homes.node, '.n8n', 'nodes');
		mkdirSync(nodesDir, { recursive: true });
		installLikeN8nSettings(await packPackage(), nodesDir);
	});
	after(() => rmSync(work, { recursive: true, force: true }));

	it('passes the URL and the admin password by name, and keeps stdin open for a piped password', () => {
		assert.deepEqual(recipe.execOptions.split(/\s+/), ['-i', '-e', 'DATABASE_URL', '-e', 'PGPASSWORD']);
		assert.match(recipe.inContainer.npx, /^npx --no /, 'npx never downloads a package named erp-db');
		assert.deepEqual(
			recipe.calls.map((c) => [c.args[0], c.stdinVariable ?? null]),
			[
				['migrate', null],
				['status', null],
				['create-role', 'N8N_ERP_PASSWORD'],
			],
		);
	});

	for (const server of testServers()) {
		for (const kind of ['npx', 'node'] as const) {
			it(`creates, migrates and grants a database on ${server.name}, installed for ${kind === 'npx' ? 'npx (npm install)' : 'node (Settings → Community Nodes)'}`, async () => {
				const home = homes[kind];
				const command = recipe.inContainer[kind].replaceAll(CONTAINER_HOME, home).split(/\s+/);
				const database = freshDatabaseName('docker_recipe');
				// The admin URL without its password, which travels in PGPASSWORD as the recipe has it.
				const admin = new URL(withDatabase(server.url, database));
				const adminPassword = decodeURIComponent(admin.password);
				admin.password = '';
				const env: NodeJS.ProcessEnv = {
					PATH: pathWithN8nNode,
					HOME: home,
					DATABASE_URL: admin.toString(),
					PGPASSWORD: adminPassword,
					npm_config_update_notifier: 'false',
				};
				assert.match(spawnSync('node', ['--version'], { env, encoding: 'utf8' }).stdout, /^v24\./, "erp-db runs on n8n's Node 24");
				const role = `erp_n8n_${randomBytes(3).toString('hex')}`;
				const rolePassword = `pw ${randomBytes(6).toString('base64')}`;
				try {
					const outputs: Record<string, Run> = {};
					for (const call of recipe.calls) {
						// The test server is shared: the role gets a name of its own (create-role's --name).
						const args = call.args[0] === 'create-role' ? [...call.args, '--name', role] : call.args;
						const input = call.stdinVariable === 'N8N_ERP_PASSWORD' ? rolePassword : undefined;
						const run = await runIn([...command, ...args], env, input);
						assert.equal(run.code, 0, `erp_db ${args.join(' ')} (${kind}):\n${run.stderr}${run.stdout}`);
						outputs[call.args[0]] = run;
					}
					assert.match(outputs.status.stdout, /\b0 pending\b/);
					assert.match(outputs['create-role'].stdout, new RegExp(`login role "${role}" \\(member of erp_sync`));

					// The piped password, and only it, is the new login's.
					const { rows } = await adminQuery(server.url, 'SELECT rolpassword FROM pg_authid WHERE rolname = $1', [role]);
					const stored = rows[0].rolpassword as string;
					assert.equal(scramSha256Verifier(rolePassword, Buffer.from(stored.split('$')[1].split(':')[1], 'base64')), stored);
					const login = new URL(withDatabase(server.url, database));
					login.username = role;
					login.password = rolePassword;
					const client = new Client({ connectionString: login.toString() });
					await client.connect();
					try {
						// Logged in with the piped password, as the role, which may read what the sync reads.
						const { rows: me } = await client.query('SELECT current_user AS me, (SELECT count(*) FROM erp.sync_config)::int AS configured');
						assert.equal(me[0].me, role);
					} finally {
						await client.end();
					}
				} finally {
					await adminQuery(server.url, `DROP DATABASE IF EXISTS "${database}" WITH (FORCE)`);
					await adminQuery(server.url, `DROP ROLE IF EXISTS ${role}`);
				}
			});
		}
	}
});
