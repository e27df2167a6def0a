// Runs the cached n8n (see n8nRuntime.ts) the way a self-hosted user does: `n8n start` (plus
// `n8n worker`s in queue mode) and the headless CLI, on PostgreSQL, with its own user folder.
import { ChildProcess, spawn } from 'node:child_process';
import { delimiter, dirname, join } from 'node:path';
import { createRequire } from 'node:module';
import type { IRun, IRunExecutionData } from 'n8n-workflow';
import { ensureN8nRuntime, runCommand, runtimeDir, tail, type CommandResult, type N8nRuntime } from './n8nRuntime';
import { adminQuery, createTestDatabase, testServers, type TestDatabase } from './postgres';
import { redisTarget, requireRedis } from './redis';

export interface N8nOptions {
	/** N8N_USER_FOLDER: n8n keeps `.n8n/` (config, community packages in `.n8n/nodes`) here. */
	userFolder: string;
	/** n8n's own database (a fresh one per instance, e.g. from createTestDatabase). */
	databaseUrl: string;
	/** Same key for main, workers and CLI; credentials imported decrypted are encrypted with it. */
	encryptionKey?: string;
	/** Extra environment for n8n (wins over the defaults here). */
	env?: Record<string, string>;
	/** `queue`: executions go through Redis (REDIS_URL, default 127.0.0.1:6379) to `n8n worker`s. */
	mode?: 'regular' | 'queue';
	/** Workers started in queue mode (default 1). */
	workers?: number;
	/** Concurrency of each worker (default 10, n8n's default). */
	workerConcurrency?: number;
}

export interface RunningN8n {
	url: string;
	runtime: N8nRuntime;
	/** What the processes printed so far: all of them, or one (`n8n main`, `n8n worker 1`, …). */
	logs(processName?: string): string;
	/** Waits (up to `timeoutMs`) until a process's output matches; returns the match. */
	waitForLog(pattern: RegExp, processName?: string, timeoutMs?: number): Promise<RegExpMatchArray>;
	/** SIGKILLs one process (`n8n main`, `n8n worker 2`, …) with its children, as a crash would, and waits until it is gone. */
	kill(processName: string): Promise<void>;
	/** Queue mode: starts one more `n8n worker` and waits until it is healthy; returns its name. */
	addWorker(): Promise<string>;
	stop(): Promise<void>;
}

export const TEST_ENCRYPTION_KEY = 'n8n-nodes-coda-erp-test-encryption-key';

import { freePort } from './ports';

export { freePort };

/** Environment shared by `n8n start`, `n8n worker` and CLI commands of one instance. */
export function n8nEnv(runtime: N8nRuntime, opts: N8nOptions, extra: Record<string, string> = {}): NodeJS.ProcessEnv {
	const db = new URL(opts.databaseUrl);
	// n8n starts its JavaScript task runner as `node` from PATH: make that Node 24 too.
	const env: NodeJS.ProcessEnv = { ...process.env, PATH: `${dirname(runtime.node)}${delimiter}${process.env.PATH ?? ''}` };
	// The test process's loader flags and test-runner context must not leak into n8n (Node 24).
	delete env.NODE_OPTIONS;
	delete env.NODE_TEST_CONTEXT;
	const queue: Record<string, string> = {};
	if (opts.mode === 'queue') {
		const redis = redisTarget();
		queue.EXECUTIONS_MODE = 'queue';
		queue.QUEUE_BULL_REDIS_HOST = redis.host;
		queue.QUEUE_BULL_REDIS_PORT = redis.port;
		// One Bull queue per n8n database, so concurrent test instances never take each other's jobs.
		queue.QUEUE_BULL_PREFIX = `bull-${db.pathname.slice(1)}`;
		// n8n's cache and pub/sub keys too: its cache keeps e.g. a workflow's project by workflow id,
		// and the shipped workflows have the same ids in every test instance (a stale project
		// from another instance made n8n refuse to run the error workflow).
		queue.N8N_REDIS_KEY_PREFIX = `n8n-${db.pathname.slice(1)}`;
		queue.OFFLOAD_MANUAL_EXECUTIONS_TO_WORKERS = 'true';
	}
	return {
		...env,
		N8N_USER_FOLDER: opts.userFolder,
		N8N_ENCRYPTION_KEY: opts.encryptionKey ?? TEST_ENCRYPTION_KEY,
		DB_TYPE: 'postgresdb',
		DB_POSTGRESDB_HOST: db.hostname,
		DB_POSTGRESDB_PORT: db.port || '5432',
		DB_POSTGRESDB_DATABASE: decodeURIComponent(db.pathname.slice(1)),
		DB_POSTGRESDB_USER: decodeURIComponent(db.username),
		DB_POSTGRESDB_PASSWORD: decodeURIComponent(db.password),
		// Nothing here reaches the internet; keep n8n from trying.
		N8N_DIAGNOSTICS_ENABLED: 'false',
		N8N_VERSION_NOTIFICATIONS_ENABLED: 'false',
		N8N_TEMPLATES_ENABLED: 'false',
		N8N_PERSONALIZATION_ENABLED: 'false',
		N8N_HIRING_BANNER_ENABLED: 'false',
		N8N_DYNAMIC_BANNERS_ENABLED: 'false',
		// The MCP server registry refreshes from api.n8n.io at start.
		N8N_DISABLED_MODULES: 'mcp-registry',
		N8N_SECURE_COOKIE: 'false',
		N8N_LISTEN_ADDRESS: '127.0.0.1',
		N8N_LOG_LEVEL: 'info',
		...queue,
		...extra,
		...opts.env,
	};
}

/**
 * A fresh database for n8n's own data, on the newest test server: n8n 2.41 warns that it
 * supports PostgreSQL 17+ (16 for compatibility), while the primary server may be 15.
 */
export async function createN8nDatabase(): Promise<TestDatabase> {
	const versions = await Promise.all(
		testServers().map(async (server) => ({ server, version: Number((await adminQuery(server.url, 'SHOW server_version_num')).rows[0].server_version_num) })),
	);
	const newest = versions.reduce((a, b) => (b.version > a.version ? b : a));
	return createTestDatabase(newest.server, 'n8n');
}

/** Runs an n8n CLI command (import:workflow, import:credentials, execute, …) for this instance. */
export async function n8nCli(opts: N8nOptions, args: string[]): Promise<CommandResult> {
	const runtime = await ensureN8nRuntime();
	return runCommand(runtime.node, [runtime.n8nBin, ...args], {
		cwd: opts.userFolder,
		env: n8nEnv(runtime, opts, { N8N_RUNNERS_BROKER_PORT: String(await freePort()) }),
		timeoutMs: 5 * 60_000,
	});
}

/**
 * Runs `n8n execute --id=<id> --rawOutput` and returns the run n8n printed (pretty JSON, its
 * braces alone at the start of a line). The exit code is not used: n8n 2.41 can crash while
 * exiting after a successful run (isolated-vm teardown).
 */
export async function n8nExecute(opts: N8nOptions, workflowId: string): Promise<IRun> {
	const result = await n8nCli(opts, ['execute', `--id=${workflowId}`, '--rawOutput']);
	const lines = result.stdout.split('\n');
	const start = lines.lastIndexOf('{');
	const end = lines.indexOf('}', start);
	if (start < 0 || end < 0) {
		throw new Error(`n8n execute --id=${workflowId} printed no run (exit ${result.code}):\n${tail(result.stdout + result.stderr)}`);
	}
	return JSON.parse(lines.slice(start, end + 1).join('\n')) as IRun;
}

interface Managed {
	name: string;
	child: ChildProcess;
	output: string[];
	exited: Promise<void>;
}

const running = new Set<Managed>();
// A test process that ends or is stopped must not leave n8n running: kill what it started.
const killAll = () => {
	for (const m of running) killGroup(m, 'SIGKILL');
};
process.on('exit', killAll);
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
	process.once(signal, () => {
		killAll();
		process.kill(process.pid, signal);
	});
}

function killGroup(m: Managed, signal: NodeJS.Signals): void {
	if (m.child.pid === undefined || m.child.exitCode !== null || m.child.signalCode !== null) return;
	try {
		// n8n starts task-runner children: signal the whole process group it leads.
		process.kill(-m.child.pid, signal);
	} catch {
		// already gone
	}
}

function launch(runtime: N8nRuntime, name: string, args: string[], cwd: string, env: NodeJS.ProcessEnv): Managed {
	const child = spawn(runtime.node, [runtime.n8nBin, ...args], { cwd, env, detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
	const output: string[] = [];
	const keep = (d: Buffer) => {
		output.push(d.toString());
		if (output.length > 2000) output.splice(0, output.length - 2000);
	};
	child.stdout?.on('data', keep);
	child.stderr?.on('data', keep);
	const exited = new Promise<void>((resolve) => child.on('close', () => resolve()));
	const managed: Managed = { name, child, output, exited };
	running.add(managed);
	void exited.then(() => running.delete(managed));
	return managed;
}

async function stopManaged(m: Managed): Promise<void> {
	killGroup(m, 'SIGTERM');
	const timeout = new Promise<'timeout'>((r) => setTimeout(() => r('timeout'), 30_000).unref());
	if ((await Promise.race([m.exited, timeout])) === 'timeout') {
		killGroup(m, 'SIGKILL');
		await m.exited;
	}
}

/** Polls `url` until it answers 200; fails early with the logs when the process exits. */
async function waitHealthy(m: Managed, url: string, timeoutMs = 180_000): Promise<void> {
	const deadline = Date.now() + timeoutMs;
	while (Date.now() < deadline) {
		if (m.child.exitCode !== null || m.child.signalCode !== null) {
			throw new Error(`${m.name} exited (${m.child.exitCode ?? m.child.signalCode}) before it was healthy:\n${tailOf(m)}`);
		}
		try {
			const res = await fetch(url);
			if (res.ok) return;
		} catch {
			// not listening yet
		}
		await new Promise((r) => setTimeout(r, 500));
	}
	throw new Error(`${m.name} not healthy at ${url} after ${timeoutMs / 1000} s:\n${tailOf(m)}`);
}

function tailOf(m: Managed): string {
	return tail(m.output.join(''), 40);
}

/**
 * Starts `n8n start` on a free port (and, in queue mode, `n8n worker`s) and waits until they
 * are ready (n8n's migrations done). `stop()` ends every process it started.
 */
export async function startN8n(opts: N8nOptions): Promise<RunningN8n> {
	// Without Redis, n8n would only time out on its readiness check: say why at once.
	if (opts.mode === 'queue') await requireRedis();
	const runtime = await ensureN8nRuntime();
	const port = await freePort();
	const mainEnv = n8nEnv(runtime, opts, { N8N_PORT: String(port), N8N_RUNNERS_BROKER_PORT: String(await freePort()) });
	const started: Managed[] = [];
	const stop = async () => {
		await Promise.all(started.map(stopManaged));
	};
	try {
		const main = launch(runtime, 'n8n main', ['start'], opts.userFolder, mainEnv);
		started.push(main);
		const url = `http://127.0.0.1:${port}`;
		await waitHealthy(main, `${url}/healthz/readiness`);
		const addWorker = async () => {
			const name = `n8n worker ${started.filter((m) => m.name.startsWith('n8n worker')).length + 1}`;
			const healthPort = await freePort();
			const worker = launch(
				runtime,
				name,
				['worker', `--concurrency=${opts.workerConcurrency ?? 10}`],
				opts.userFolder,
				n8nEnv(runtime, opts, {
					QUEUE_HEALTH_CHECK_ACTIVE: 'true',
					QUEUE_HEALTH_CHECK_PORT: String(healthPort),
					N8N_RUNNERS_BROKER_PORT: String(await freePort()),
				}),
			);
			started.push(worker);
			await waitHealthy(worker, `http://127.0.0.1:${healthPort}/healthz/readiness`);
			return name;
		};
		if (opts.mode === 'queue') for (let i = 0; i < (opts.workers ?? 1); i++) await addWorker();
		const logs = (processName?: string) =>
			started
				.filter((m) => !processName || m.name === processName)
				.map((m) => `--- ${m.name}\n${m.output.join('')}`)
				.join('\n');
		const waitForLog = async (pattern: RegExp, processName?: string, timeoutMs = 30_000) => {
			const deadline = Date.now() + timeoutMs;
			for (;;) {
				const match = logs(processName).match(pattern);
				if (match) return match;
				if (Date.now() > deadline) throw new Error(`${processName ?? 'n8n'} did not log ${pattern} within ${timeoutMs / 1000} s:\n${logs(processName).slice(-3000)}`);
				await new Promise((r) => setTimeout(r, 250));
			}
		};
		const kill = async (processName: string) => {
			const m = started.find((p) => p.name === processName);
			if (!m) throw new Error(`no n8n process named "${processName}" (${started.map((p) => p.name).join(', ')})`);
			killGroup(m, 'SIGKILL');
			await m.exited;
		};
		return { url, runtime, logs, waitForLog, kill, addWorker, stop };
	} catch (err) {
		await stop();
		throw err;
	}
}

/** n8n stores execution data in the `flatted` format; its own copy reads it. */
export function parseExecutionData(text: string): IRunExecutionData {
	const flatted = createRequire(join(runtimeDir(), 'node_modules', 'n8n', 'package.json'))('flatted') as { parse(s: string): unknown };
	return flatted.parse(text) as IRunExecutionData;
}
