// Puts a node package into an n8n user folder the way users install community packages:
// `npm pack` it, then `npm install <tarball>` in `<N8N_USER_FOLDER>/.n8n/nodes`, where n8n
// loads it with node types named `<package>.<nodeName>`.
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, readdirSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import type { ICredentialType, INodeType, IVersionedNodeType } from 'n8n-workflow';
import { cacheRoot, runCommand, tail, withLockFile } from './n8nRuntime';

export const REPO_ROOT = join(__dirname, '..', '..');

interface PackageJson {
	name: string;
	version: string;
	n8n?: { credentials?: string[]; nodes?: string[] };
}

export function readPackageJson(packageDir = REPO_ROOT): PackageJson {
	return JSON.parse(readFileSync(join(packageDir, 'package.json'), 'utf8')) as PackageJson;
}

async function npm(args: string[], cwd: string, what: string): Promise<string> {
	const result = await runCommand('npm', args, { cwd, timeoutMs: 10 * 60_000 });
	if (result.code !== 0) {
		throw new Error(`${what} failed in ${cwd} (exit ${result.code}):\n${tail(result.stderr || result.stdout)}`);
	}
	return result.stdout;
}

export type AnyNodeType = INodeType | IVersionedNodeType;

/** Where declared files load from: `dist` (built, what gets packed) or `source` (the .ts files tsx runs). */
export type LoadFrom = 'dist' | 'source';

/** A `dist/x/Y.js` path from package.json's n8n section, or its source `x/Y.ts`. */
function declaredFile(distPath: string, from: LoadFrom): string {
	const file = join(REPO_ROOT, from === 'dist' ? distPath : distPath.replace(/^dist\//, '').replace(/\.js$/, '.ts'));
	if (!existsSync(file)) throw new Error(`package.json's n8n section names ${distPath}, but ${file} does not exist`);
	return file;
}

/** Instances of every class a module exports. */
function instancesIn(file: string): unknown[] {
	const exported = require(file) as Record<string, unknown>;
	return Object.values(exported)
		.filter((value): value is new () => unknown => typeof value === 'function' && /^class\s/.test(Function.prototype.toString.call(value)))
		.map((Class) => new Class());
}

/** Every node class the package declares in package.json's n8n section, instantiated. */
export function declaredNodeTypes(from: LoadFrom = 'source'): AnyNodeType[] {
	return (readPackageJson().n8n?.nodes ?? []).flatMap((file) => instancesIn(declaredFile(file, from)) as AnyNodeType[]);
}

/** Every credential class the package declares in package.json's n8n section, instantiated. */
export function declaredCredentialTypes(from: LoadFrom = 'source'): ICredentialType[] {
	return (readPackageJson().n8n?.credentials ?? []).flatMap((file) => instancesIn(declaredFile(file, from)) as ICredentialType[]);
}

/** Builds the package once if a file its `n8n` section names is missing (test/run.ts normally builds first). */
async function ensureBuilt(packageDir: string): Promise<void> {
	const pkg = readPackageJson(packageDir);
	const declared = [...(pkg.n8n?.nodes ?? []), ...(pkg.n8n?.credentials ?? [])];
	const missing = () => declared.some((file) => !existsSync(join(packageDir, file)));
	if (!missing()) return;
	mkdirSync(cacheRoot(), { recursive: true });
	const lockName = createHash('sha256').update(packageDir).digest('hex').slice(0, 12);
	await withLockFile(join(cacheRoot(), `build-${lockName}.lock`), `building ${packageDir}`, async () => {
		if (missing()) await npm(['run', '--silent', 'build'], packageDir, `npm run build of ${pkg.name}`);
	});
}

function listFiles(dir: string): string[] {
	if (!existsSync(dir)) return [];
	return readdirSync(dir).flatMap((entry) => {
		const full = join(dir, entry);
		return statSync(full).isDirectory() ? listFiles(full) : [full];
	});
}

/** Hash of what `npm pack` packs (package.json and the built files), naming the cached tarball. */
function buildHash(packageDir: string): string {
	const hash = createHash('sha256');
	for (const file of [join(packageDir, 'package.json'), ...listFiles(join(packageDir, 'dist')).sort()]) {
		hash.update(relative(packageDir, file)).update('\0').update(readFileSync(file)).update('\0');
	}
	return hash.digest('hex').slice(0, 16);
}

/**
 * `npm pack`s the package (building it first if needed) and returns the tarball, cached per
 * build under the n8n cache. Scripts are skipped: `prepack` would rebuild `dist` under
 * other tests' feet.
 */
export async function packPackage(packageDir = REPO_ROOT): Promise<string> {
	await ensureBuilt(packageDir);
	const pkg = readPackageJson(packageDir);
	const packs = join(cacheRoot(), 'packs');
	const tarball = join(packs, `${pkg.name}-${pkg.version}-${buildHash(packageDir)}.tgz`);
	if (existsSync(tarball)) return tarball;
	const staging = join(packs, `staging-${process.pid}-${Date.now()}`);
	mkdirSync(staging, { recursive: true });
	try {
		const out = await npm(['pack', '--ignore-scripts', '--json', '--pack-destination', staging], packageDir, `npm pack of ${pkg.name}`);
		const [{ filename }] = JSON.parse(out) as { filename: string }[];
		// Rename is atomic: concurrent packers of the same build never see a half-written tarball.
		renameSync(join(staging, filename), tarball);
	} finally {
		rmSync(staging, { recursive: true, force: true });
	}
	return tarball;
}

/** The paths `npm pack` would put in the tarball (from `npm pack --dry-run --json`). */
export async function packedFiles(packageDir = REPO_ROOT): Promise<string[]> {
	await ensureBuilt(packageDir);
	const out = await npm(['pack', '--dry-run', '--ignore-scripts', '--json'], packageDir, 'npm pack --dry-run');
	const [{ files }] = JSON.parse(out) as { files: { path: string }[] }[];
	return files.map((f) => f.path);
}

/**
 * Installs the package into `<userFolder>/.n8n/nodes` as a user would (a package.json there
 * lists it; n8n loads what that lists). Returns the installed package folder.
 */
export async function installPackageInto(userFolder: string, packageDir = REPO_ROOT): Promise<string> {
	const tarball = await packPackage(packageDir);
	const nodesDir = join(userFolder, '.n8n', 'nodes');
	mkdirSync(nodesDir, { recursive: true });
	const manifest = join(nodesDir, 'package.json');
	if (!existsSync(manifest)) {
		writeFileSync(manifest, JSON.stringify({ name: 'installed-nodes', private: true, dependencies: {} }, null, 2));
	}
	await npm(['install', tarball, '--no-audit', '--no-fund', '--loglevel=error'], nodesDir, `npm install of ${tarball}`);
	return join(nodesDir, 'node_modules', readPackageJson(packageDir).name);
}
