// Smoke test in real n8n: the package, packed and installed the way users install it, is
// loaded by n8n 2.x, which registers every node and credential package.json declares.
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { createN8nDatabase, startN8n, type RunningN8n } from '../harness/n8nInstance';
import { declaredCredentialTypes, declaredNodeTypes, installPackageInto, packedFiles, readPackageJson } from '../harness/n8nPackage';
import { setupOwner, type N8nSession } from '../harness/n8nRest';
import type { TestDatabase } from '../harness/postgres';

const pkg = readPackageJson();

describe('npm pack contents', () => {
	it('packs the built nodes and credentials, and no test code, sources or native modules', async () => {
		const files = await packedFiles();
		for (const declared of [...(pkg.n8n?.nodes ?? []), ...(pkg.n8n?.credentials ?? [])]) {
			assert.ok(files.includes(declared), `${declared} is not in the tarball`);
		}
		// n8n reads each node's codex (categories in the node panel) from X.node.json beside X.node.js.
		for (const node of pkg.n8n?.nodes ?? []) {
			const codex = node.replace(/\.js$/, '.json');
			assert.ok(files.includes(codex), `${codex} is not in the tarball`);
		}
		assert.deepEqual(files.filter((f) => !f.startsWith('dist/') && !/^(package\.json|README\.md|LICENSE(\.md)?)$/.test(f)), []);
		// Compiled native addons end in `.node` (node files are `.node.js`).
		assert.deepEqual(files.filter((f) => f.endsWith('.node')), [], 'native modules in the tarball');
		assert.deepEqual(files.filter((f) => /(^|\/)(test|tests|__tests__|coda-emulator)\//.test(f) || /\.(test|spec|bench)\.js$/.test(f)), [], 'test code in the tarball');
		assert.deepEqual(files.filter((f) => (f.endsWith('.ts') && !f.endsWith('.d.ts')) || f.endsWith('.map')), [], 'sources or source maps in the tarball');
	});
});

describe('n8n loads the package from <N8N_USER_FOLDER>/.n8n/nodes', () => {
	let db: TestDatabase;
	let userFolder: string;
	let n8n: RunningN8n | undefined;
	let session: N8nSession;

	before(async () => {
		db = await createN8nDatabase();
		userFolder = mkdtempSync(join(tmpdir(), 'n8n-smoke-'));
		await installPackageInto(userFolder);
		n8n = await startN8n({ userFolder, databaseUrl: db.url });
		session = await setupOwner(n8n.url);
	});

	after(async () => {
		await n8n?.stop();
		await db?.drop();
		if (userFolder) rmSync(userFolder, { recursive: true, force: true });
	});

	it('installs like a user install: listed in .n8n/nodes/package.json, n8n-workflow left to n8n', () => {
		const nodesDir = join(userFolder, '.n8n', 'nodes');
		const manifest = JSON.parse(readFileSync(join(nodesDir, 'package.json'), 'utf8')) as { dependencies: Record<string, string> };
		assert.ok(manifest.dependencies[pkg.name], `${pkg.name} is not a dependency in .n8n/nodes/package.json`);
		// n8n-workflow is an optional peer dependency: the nodes must get n8n's own copy at run time.
		assert.equal(existsSync(join(nodesDir, 'node_modules', 'n8n-workflow')), false);
	});

	it('registers every declared node as <package>.<name> (plus <name>Tool when usable as a tool), and no others', async () => {
		const nodes = declaredNodeTypes('dist');
		assert.equal(nodes.length, pkg.n8n?.nodes?.length);
		const expected = nodes
			.flatMap((node) => {
				const { name, usableAsTool } = 'nodeVersions' in node ? node.nodeVersions[node.currentVersion].description : node.description;
				return usableAsTool ? [name, `${name}Tool`] : [name];
			})
			.map((name) => `${pkg.name}.${name}`)
			.sort();
		const registered = await session.get<{ name: string }[]>('/types/nodes.json');
		const ours = [...new Set(registered.map((n) => n.name).filter((name) => name.startsWith(`${pkg.name}.`)))].sort();
		assert.deepEqual(ours, expected, n8n?.logs().slice(-4000));
	});

	it('registers every declared credential type', async () => {
		const expected = declaredCredentialTypes('dist').map((credential) => credential.name).sort();
		assert.equal(expected.length, pkg.n8n?.credentials?.length);
		const registered = new Set((await session.get<{ name: string }[]>('/types/credentials.json')).map((c) => c.name));
		assert.deepEqual(expected.filter((name) => !registered.has(name)), [], n8n?.logs().slice(-4000));
	});
});
