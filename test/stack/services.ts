// Long-running services of `npm start`, each remembered in .cache/stack/<name>.json (pid, port,
// what a client needs) so that a second `npm start` reuses a service that is still running
// instead of starting another, and stops only what it started itself.
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, openSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { freePort } from '../harness/ports';
import { join } from 'node:path';

export const REPO_ROOT = join(__dirname, '..', '..');
/** ERP_STACK_DIR runs a second, separate stack (the npm start test does). */
export const STACK_DIR = process.env.ERP_STACK_DIR ?? join(REPO_ROOT, '.cache', 'stack');

export interface ServiceRecord {
	pid: number;
	port: number;
	/** Service-specific facts (URLs, ids) a reusing run needs. */
	info: Record<string, string>;
}

export function stackPath(...parts: string[]): string {
	mkdirSync(STACK_DIR, { recursive: true });
	return join(STACK_DIR, ...parts);
}

const recordPath = (name: string) => stackPath(`${name}.json`);

export function readRecord(name: string): ServiceRecord | undefined {
	const file = recordPath(name);
	if (!existsSync(file)) return undefined;
	try {
		return JSON.parse(readFileSync(file, 'utf8')) as ServiceRecord;
	} catch {
		return undefined;
	}
}

export function writeRecord(name: string, record: ServiceRecord): void {
	writeFileSync(recordPath(name), `${JSON.stringify(record, null, 2)}\n`);
}

export function forgetRecord(name: string): void {
	rmSync(recordPath(name), { force: true });
}

export function isAlive(pid: number): boolean {
	try {
		process.kill(pid, 0);
		return true;
	} catch {
		return false;
	}
}

function portFree(port: number): Promise<boolean> {
	return new Promise((resolve) => {
		const srv = createServer();
		srv.once('error', () => resolve(false));
		srv.listen(port, '127.0.0.1', () => srv.close(() => resolve(true)));
	});
}

/** The preferred port when it is free, else one the OS picks. */
export async function pickPort(preferred: number): Promise<number> {
	if (await portFree(preferred)) return preferred;
	return freePort();
}

/** A recorded service whose process still runs and answers `healthy`; stale records are removed. */
export async function reusable(name: string, healthy: (r: ServiceRecord) => Promise<boolean>): Promise<ServiceRecord | undefined> {
	const record = readRecord(name);
	if (!record) return undefined;
	if (isAlive(record.pid) && (await healthy(record).catch(() => false))) return record;
	forgetRecord(name);
	return undefined;
}

export interface Spawned {
	pid: number;
	logFile: string;
	exited(): boolean;
}

/** Starts a process in its own process group, its output appended to .cache/stack/<name>.log. */
export function spawnService(name: string, cmd: string, args: string[], env: NodeJS.ProcessEnv, cwd = REPO_ROOT): Spawned {
	const logFile = stackPath(`${name}.log`);
	const out = openSync(logFile, 'a');
	const child = spawn(cmd, args, { cwd, env, detached: true, stdio: ['ignore', out, out] });
	let done = false;
	child.on('exit', () => (done = true));
	child.unref();
	if (child.pid === undefined) throw new Error(`could not start ${name} (${cmd})`);
	return { pid: child.pid, logFile, exited: () => done };
}

/** Stops a service's whole process group (n8n starts task runners), SIGKILL after 30 s. */
export async function stopService(pid: number): Promise<void> {
	const signal = (s: NodeJS.Signals) => {
		try {
			process.kill(-pid, s);
		} catch {
			// already gone
		}
	};
	signal('SIGTERM');
	for (let waited = 0; waited < 30_000 && isAlive(pid); waited += 250) await new Promise((r) => setTimeout(r, 250));
	if (isAlive(pid)) signal('SIGKILL');
}

/** Polls until `check` is true; on failure the message names the service and its log. */
export async function waitFor(what: string, check: () => Promise<boolean>, opts: { timeoutMs: number; logFile?: string; gone?: () => boolean }): Promise<void> {
	const deadline = Date.now() + opts.timeoutMs;
	while (Date.now() < deadline) {
		if (opts.gone?.()) throw new Error(`${what} exited before it was ready${opts.logFile ? ` (see ${opts.logFile})` : ''}`);
		if (await check().catch(() => false)) return;
		await new Promise((r) => setTimeout(r, 500));
	}
	throw new Error(`${what} not ready after ${opts.timeoutMs / 1000} s${opts.logFile ? ` (see ${opts.logFile})` : ''}`);
}

export async function httpOk(url: string, headers: Record<string, string> = {}): Promise<boolean> {
	const res = await fetch(url, { headers, signal: AbortSignal.timeout(3000) });
	return res.ok;
}
