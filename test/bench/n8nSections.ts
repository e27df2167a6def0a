// The measurements inside a real n8n: bulk (ERP Upsert vs n8n's Postgres node vs the database
// floor), sequential webhooks (the real-time workflow vs a built-in two-node path), the backfill
// at two table sizes (rows/s, Coda requests, the n8n process's peak memory) and a webhook burst
// in queue mode. Every figure is the median of `runs` alternated runs; ratios are taken within a run.
import { readFileSync, readdirSync } from 'node:fs';
import type { INodeExecutionData } from 'n8n-workflow';
import type * as FetchModule from '../../nodes/CodaTableFetch/CodaTableFetch.node';
import { defaultCatalog } from '../../nodes/shared/erp/catalog';
import { getPool } from '../../nodes/shared/erp/pool';
import { runUpsert } from '../../nodes/shared/erp/upsertRun';
import { WORKFLOW_IDS } from '../e2e/support/e2eStack';
import { pollUntil } from '../e2e/support/polling';
import { codaReads, webhookBurst } from './webhookBurst';
import { n8nCli } from '../harness/n8nInstance';
import { runNode } from '../harness/n8nEngine';
import { WEBHOOK_PATH } from '../stack/n8n';
import { finishedExecution, lastExecutionId, nodeOutput, nodeTime, postJson, webhookHeaders, type BenchStack } from './benchStack';
import { floorCopy, floorUnnest, storedRows, type StoredRows } from './floor';
import { median, msSince, percentile } from './stats';
import { BENCH_NODES, BENCH_PATHS, BENCH_WORKFLOW_IDS } from './workflows';

// By its full name: under tsx, `…/CodaTableFetch.node` resolves the codex `CodaTableFetch.node.json`.
const { CodaTableFetch } = require('../../nodes/CodaTableFetch/CodaTableFetch.node.ts') as typeof FetchModule;


/** Empties erp.tasks and what ERP Upsert keeps about it, so the next write is a first load. */
async function resetTasks(stack: BenchStack): Promise<void> {
	await stack.erp.pool.query(`TRUNCATE erp.tasks, erp.quarantine, erp.cell_issues CASCADE`);
	await stack.erp.pool.query(`DELETE FROM erp.sync_state WHERE erp_table = 'tasks'`);
}

/** The Tasks rows as Coda Table Fetch outputs them (All Rows), read in this process. */
async function fetchTaskItems(stack: BenchStack): Promise<unknown[]> {
	const coda = stack.coda();
	const result = await runNode({
		node: new CodaTableFetch(),
		parameters: { doc: { __rl: true, mode: 'id', value: coda.docId }, table: { __rl: true, mode: 'name', value: 'Tasks' }, mode: 'allRows', options: {} },
		credentials: { codaErpApi: { apiToken: coda.token, baseUrl: coda.baseUrl }, erpPostgres: stack.erpCredential as never },
	});
	if (result.error) throw new Error(`Coda Table Fetch failed in-process: ${result.error.message}`);
	return (result.outputs[0] as INodeExecutionData[]).map((i) => i.json);
}

const moduleUpsert = (stack: BenchStack, items: unknown[]) => runUpsert(getPool(stack.erpCredential), defaultCatalog(), 'tasks', items);

/** Triggers a bench workflow through its webhook and returns its finished run. */
async function runBenchWorkflow(stack: BenchStack, workflowId: string, path: string) {
	const after = await lastExecutionId(stack, workflowId);
	const response = await postJson(`${stack.n8n().url}/webhook/${path}`, {});
	if (response.status !== 200) throw new Error(`webhook ${path} answered ${response.status}: ${response.text.slice(0, 500)}`);
	return finishedExecution(stack, workflowId, after);
}

export interface BulkScenario {
	/** ERP Upsert node inside n8n (its execution time). */
	erpNodeMs: number;
	/** n8n's Postgres node v2.6 Insert or update, plus the Code node that maps the items to columns. */
	postgresNodeMs: number;
	/** Of which the Postgres node alone. */
	postgresUpsertOnlyMs: number;
	/** The ERP Upsert module in this process, same items. */
	moduleMs: number;
	/** The faster of COPY + upsert and unnest writing the rows ERP Upsert stored. */
	floorMs: number;
	/** Medians of the per-run ratios. */
	erpNodeToFloor: number;
	postgresToErpNode: number;
	/** ERP Upsert node in n8n over the module in-process, minus 1 (the n8n overhead). */
	n8nOverhead: number;
	/** Rows the ERP Upsert node inserted or updated (median). */
	erpRowsWritten: number;
}

export interface BulkFigures {
	rows: number;
	codaColumns: number;
	firstLoad: BulkScenario;
	resyncUnchanged: BulkScenario;
	changed10: BulkScenario;
}

type Path = 'erpNode' | 'postgresNode' | 'module' | 'floorCopy' | 'floorUnnest';
const PATHS: Path[] = ['erpNode', 'postgresNode', 'module', 'floorCopy', 'floorUnnest'];

interface PathResult {
	ms: number;
	/** Postgres path: the Postgres node alone. */
	upsertOnlyMs?: number;
	written?: number;
}

/** One scenario: `runs` rounds, each running every path once, in an order that rotates per round. */
async function bulkScenario(stack: BenchStack, runs: number, preload: unknown[] | null, items: unknown[], stored: StoredRows): Promise<BulkScenario> {
	const byRun: Record<Path, PathResult>[] = [];
	for (let run = 0; run < runs; run++) {
		const results = {} as Record<Path, PathResult>;
		for (let k = 0; k < PATHS.length; k++) {
			const path = PATHS[(k + run) % PATHS.length];
			await resetTasks(stack);
			// Every path starts from the same stored state, preloaded by the module (which also stores hashes).
			if (preload) await moduleUpsert(stack, preload);
			await stack.erp.pool.query('VACUUM ANALYZE erp.tasks');
			results[path] = await runPath(stack, path, items, stored);
		}
		byRun.push(results);
	}
	const m = (f: (r: Record<Path, PathResult>) => number) => median(byRun.map(f));
	const floor = (r: Record<Path, PathResult>) => Math.min(r.floorCopy.ms, r.floorUnnest.ms);
	return {
		erpNodeMs: m((r) => r.erpNode.ms),
		postgresNodeMs: m((r) => r.postgresNode.ms),
		postgresUpsertOnlyMs: m((r) => r.postgresNode.upsertOnlyMs!),
		moduleMs: m((r) => r.module.ms),
		floorMs: m(floor),
		erpNodeToFloor: m((r) => r.erpNode.ms / floor(r)),
		postgresToErpNode: m((r) => r.postgresNode.ms / r.erpNode.ms),
		n8nOverhead: m((r) => r.erpNode.ms / r.module.ms - 1),
		erpRowsWritten: m((r) => r.erpNode.written!),
	};
}

async function runPath(stack: BenchStack, path: Path, items: unknown[], stored: StoredRows): Promise<PathResult> {
	if (path === 'erpNode') {
		const data = await runBenchWorkflow(stack, BENCH_WORKFLOW_IDS.erpBulk, BENCH_PATHS.erpBulk);
		const summary = nodeOutput(data, BENCH_NODES.erpUpsert) as { inserted: number; updated: number };
		return { ms: nodeTime(data, BENCH_NODES.erpUpsert), written: summary.inserted + summary.updated };
	}
	if (path === 'postgresNode') {
		const data = await runBenchWorkflow(stack, BENCH_WORKFLOW_IDS.pgBulk, BENCH_PATHS.pgBulk);
		const upsert = nodeTime(data, BENCH_NODES.postgresUpsert);
		return { ms: nodeTime(data, BENCH_NODES.mapColumns) + upsert, upsertOnlyMs: upsert };
	}
	globalThis.gc?.();
	const t0 = process.hrtime.bigint();
	if (path === 'module') await moduleUpsert(stack, items);
	else await (path === 'floorCopy' ? floorCopy : floorUnnest)(stack.erp.pool, stored);
	return { ms: msSince(t0) };
}

/** The rows ERP Upsert stores for `items` on top of `preload`: what the floor writes. */
async function storedAfter(stack: BenchStack, preload: unknown[] | null, items: unknown[]): Promise<StoredRows> {
	await resetTasks(stack);
	if (preload) await moduleUpsert(stack, preload);
	await moduleUpsert(stack, items);
	return storedRows(stack.erp.pool, 'tasks');
}

/** First load, re-sync with nothing changed, and with 10% of the rows changed in Coda. */
export async function benchBulk(stack: BenchStack, rows: number, runs: number): Promise<BulkFigures> {
	const coda = stack.coda();
	const before = await fetchTaskItems(stack);
	const rowsOf = (items: unknown[]) => items.filter((i) => (i as { kind: string }).kind === 'row');
	if (rowsOf(before).length !== rows) throw new Error(`Coda Table Fetch read ${rowsOf(before).length} Tasks rows, expected ${rows}`);
	// Warm-up (untimed): connections, plan caches, n8n's first load of every node, the option tables.
	for (const path of PATHS) {
		await resetTasks(stack);
		await runPath(stack, path, before, await storedAfter(stack, null, before));
	}
	const stored = await storedAfter(stack, null, before);
	const firstLoad = await bulkScenario(stack, runs, null, before, stored);
	const resyncUnchanged = await bulkScenario(stack, runs, before, before, stored);
	// 10% of the rows edited in Coda, as a person would (a new updatedAt each).
	const table = coda.tables().find((t) => t.erpTable === 'tasks')!;
	const ids = rowsOf(before).map((i) => (i as { id: string }).id);
	for (let i = 0; i < ids.length; i += 10) coda.editCell(table.id, ids[i], 'Actual Hours', (i % 30) + 0.5);
	const after = await fetchTaskItems(stack);
	const changed10 = await bulkScenario(stack, runs, before, after, await storedAfter(stack, before, after));
	return { rows, codaColumns: coda.columns('Tasks').length, firstLoad, resyncUnchanged, changed10 };
}

export interface WebhookFigures {
	calls: number;
	realtimeP50Ms: number;
	realtimeP95Ms: number;
	builtinP50Ms: number;
	builtinP95Ms: number;
	/** Real-time p95 over the built-in path's p95, same run. */
	p95Ratio: number;
}

/**
 * `calls` sequential pairs: a Tasks row is edited in Coda, then the real-time workflow is called
 * for it and the built-in Webhook → Postgres upsert for the same row (in alternating order).
 */
export async function benchWebhooks(stack: BenchStack, calls: number): Promise<WebhookFigures> {
	const coda = stack.coda();
	const table = coda.tables().find((t) => t.erpTable === 'tasks')!;
	const ids = (await fetchTaskItems(stack)).filter((i) => (i as { kind: string }).kind === 'row').map((i) => (i as { id: string }).id);
	await resetTasks(stack);
	const url = stack.n8n().url;
	const headers = webhookHeaders(stack);
	const timedPost = async (path: string, body: unknown) => {
		const t0 = process.hrtime.bigint();
		const response = await postJson(`${url}/webhook/${path}`, body, headers);
		const ms = msSince(t0);
		if (response.status !== 200) throw new Error(`webhook ${path} answered ${response.status}: ${response.text.slice(0, 500)}`);
		return ms;
	};
	const realtime: number[] = [];
	const builtin: number[] = [];
	// One untimed pair first: n8n's first run of each workflow loads its nodes.
	for (let i = -1; i < calls; i++) {
		const rowId = ids[(i + ids.length) % ids.length];
		const name = `Webhook bench ${i}`;
		coda.editCell(table.id, rowId, 'Name', name);
		const calls2 = [() => timedPost(WEBHOOK_PATH, { table: 'Tasks', rowId }), () => timedPost(BENCH_PATHS.builtinHook, { rowId, name })];
		const [a, b] = i % 2 ? [calls2[1], calls2[0]] : calls2;
		const first = await a();
		const second = await b();
		if (i < 0) continue;
		const [r, w] = i % 2 ? [second, first] : [first, second];
		realtime.push(r);
		builtin.push(w);
	}
	const { rows } = await stack.erp.pool.query<{ n: number }>(`SELECT count(*)::int AS n FROM erp.tasks WHERE name LIKE 'Webhook bench %' AND coda_row_id NOT LIKE 'bench-%'`);
	if (rows[0].n === 0) throw new Error('the real-time workflow stored none of the edited rows');
	return {
		calls,
		realtimeP50Ms: percentile(realtime, 50),
		realtimeP95Ms: percentile(realtime, 95),
		builtinP50Ms: percentile(builtin, 50),
		builtinP95Ms: percentile(builtin, 95),
		p95Ratio: percentile(realtime, 95) / percentile(builtin, 95),
	};
}

export interface BackfillRun {
	rows: number;
	rowsPerSecond: number;
	codaRequests: number;
	/** Row-listing requests (pages) among them. */
	codaPages: number;
	/** Peak resident memory (VmHWM) of the n8n process that ran the backfill, MB. */
	peakRssMb: number;
}

export interface BackfillFigures {
	small: BackfillRun;
	large: BackfillRun;
	/** Large over small peak memory, minus 1 (median of per-pair ratios). */
	memoryGrowth: number;
}

/** The `n8n execute` child of this process, once it is running. */
function executeChildPid(): number | undefined {
	for (const entry of readdirSync('/proc')) {
		if (!/^\d+$/.test(entry)) continue;
		try {
			const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
			const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
			if (ppid !== process.pid) continue;
			const cmdline = readFileSync(`/proc/${entry}/cmdline`, 'utf8').split('\0');
			if (cmdline.includes('execute') && cmdline.includes(`--id=${WORKFLOW_IDS.backfill}`)) return Number(entry);
		} catch {
			// the process ended while being read
		}
	}
	return undefined;
}

/** VmHWM (peak resident set) of a process in kB, or undefined once it is gone. */
function peakRssKb(pid: number): number | undefined {
	try {
		const match = /VmHWM:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
		return match ? Number(match[1]) : undefined;
	} catch {
		return undefined;
	}
}

/** The shipped backfill workflow over the Tasks table alone (the other tables disabled), run by `n8n execute`. */
async function backfillOnce(stack: BenchStack, rows: number): Promise<BackfillRun> {
	const coda = await stack.restartCoda(rows);
	await resetTasks(stack);
	await pollUntil('n8n executions to finish before a headless run', 5 * 60_000, async () => {
		const { rows: r } = await stack.n8nDb.pool.query<{ n: number }>(`SELECT count(*)::int AS n FROM execution_entity WHERE status IN ('new', 'running', 'unknown')`);
		return r[0].n === 0 ? true : undefined;
	});
	const since = (await stack.erp.pool.query<{ now: Date }>('SELECT clock_timestamp() AS now')).rows[0].now;
	coda.clearLog();
	let peakKb = 0;
	let pid: number | undefined;
	let done = false;
	const execute = n8nCli({ ...stack.n8nOptions, mode: 'regular' }, ['execute', `--id=${WORKFLOW_IDS.backfill}`, '--rawOutput']).finally(() => {
		done = true;
	});
	// VmHWM only grows: the last reading before the process exits is its peak.
	while (!done) {
		pid ??= executeChildPid();
		if (pid) peakKb = Math.max(peakKb, peakRssKb(pid) ?? 0);
		await new Promise((r) => setTimeout(r, 100));
	}
	const result = await execute;
	if (!/"status": "success"/.test(result.stdout)) throw new Error(`the backfill did not succeed (exit ${result.code}):\n${(result.stdout + result.stderr).slice(-3000)}`);
	if (!peakKb) throw new Error('the n8n process that ran the backfill was not found under /proc');
	const { rows: runRows } = await stack.erp.pool.query<{ n: number; ms: number }>(
		`SELECT count(*)::int AS n, extract(epoch FROM max(finished_at) - min(started_at)) * 1000 AS ms FROM erp.execution_runs
		 WHERE erp_table = 'tasks' AND started_at >= $1 AND status = 'success'`,
		[since],
	);
	const { rows: stored } = await stack.erp.pool.query<{ n: number }>(`SELECT count(*)::int AS n FROM erp.tasks`);
	if (stored[0].n !== rows) throw new Error(`the backfill stored ${stored[0].n} of ${rows} Tasks rows; n8n printed:\n${(result.stdout + result.stderr).slice(-6000)}`);
	if (!runRows[0].n) throw new Error('the backfill logged no successful run of tasks');
	const log = coda.requestLog();
	return {
		rows,
		rowsPerSecond: rows / (Number(runRows[0].ms) / 1000),
		codaRequests: log.length,
		codaPages: log.filter((e) => e.method === 'GET' && /\/tables\/[^/]+\/rows$/.test(e.path)).length,
		peakRssMb: peakKb / 1024,
	};
}

export async function benchBackfill(stack: BenchStack, sizes: [number, number], runs: number): Promise<BackfillFigures> {
	// Only Tasks is backfilled, so the figures are those of one table.
	await stack.erp.pool.query(`UPDATE erp.sync_config SET enabled = (erp_table = 'tasks')`);
	try {
		const pairs: [BackfillRun, BackfillRun][] = [];
		for (let run = 0; run < runs; run++) {
			// Alternated: small first in even runs, large first in odd ones.
			const order = run % 2 ? [sizes[1], sizes[0]] : sizes;
			const results = new Map<number, BackfillRun>();
			for (const size of order) results.set(size, await backfillOnce(stack, size));
			pairs.push([results.get(sizes[0])!, results.get(sizes[1])!]);
		}
		const med = (i: 0 | 1): BackfillRun => ({
			rows: sizes[i],
			rowsPerSecond: median(pairs.map((p) => p[i].rowsPerSecond)),
			codaRequests: median(pairs.map((p) => p[i].codaRequests)),
			codaPages: median(pairs.map((p) => p[i].codaPages)),
			peakRssMb: median(pairs.map((p) => p[i].peakRssMb)),
		});
		return { small: med(0), large: med(1), memoryGrowth: median(pairs.map(([s, l]) => l.peakRssMb / s.peakRssMb - 1)) };
	} finally {
		await stack.erp.pool.query(`UPDATE erp.sync_config SET enabled = true`);
	}
}

export interface BurstFigures {
	calls: number;
	rows: number;
	windowMs: number;
	answered: number;
	p50Ms: number;
	p95Ms: number;
	maxMs: number;
	/** Rows whose erp copy holds the last Coda edit after the burst. */
	rowsConverged: number;
	codaReads: number;
	/** The most Coda reads in any 6 s (Coda's rate-limit window). */
	codaReadsMaxPer6s: number;
	coda429s: number;
}

/** `calls` real-time webhook calls for `rows` edited Tasks rows, spread evenly over `windowMs`, on the running (queue-mode) n8n. */
export async function benchBurst(stack: BenchStack, calls: number, rowCount: number, windowMs: number): Promise<BurstFigures> {
	const coda = stack.coda();
	const table = coda.tables().find((t) => t.erpTable === 'tasks')!;
	// Rows the bulk, webhook or backfill section stored (not the built-in path's own `bench-` rows).
	const { rows: stored } = await stack.erp.pool.query<{ coda_row_id: string }>(
		`SELECT coda_row_id FROM erp.tasks WHERE deleted_at IS NULL AND coda_row_id NOT LIKE 'bench-%' ORDER BY coda_row_id LIMIT $1`,
		[rowCount],
	);
	if (stored.length < rowCount) throw new Error(`only ${stored.length} Tasks rows in erp for a burst over ${rowCount}: run the burst with the bulk or backfill section`);
	const url = `${stack.n8n().url}/webhook/${WEBHOOK_PATH}`;
	const headers = webhookHeaders(stack);
	// Untimed warm-up: every worker's first run loads the workflow's nodes.
	await Promise.all(stored.slice(0, 4).map((r) => postJson(url, { table: 'Tasks', rowId: r.coda_row_id }, headers)));
	const expected = new Map(stored.map((r, i) => [r.coda_row_id, `Burst edit ${i}`]));
	for (const [rowId, name] of expected) coda.editCell(table.id, rowId, 'Name', name);
	const ids = [...expected.keys()];
	const started = Date.now();
	const burst = await webhookBurst(calls, windowMs, (k) => postJson(url, { table: 'Tasks', rowId: ids[k % ids.length] }, headers));
	const reads = codaReads(coda, started);
	const { rows: converged } = await stack.erp.pool.query<{ coda_row_id: string; name: string }>(`SELECT coda_row_id, name FROM erp.tasks WHERE coda_row_id = ANY($1)`, [ids]);
	if (burst.failures.length) {
		console.error(`burst: ${burst.failures.length} calls not answered 200, e.g. ${burst.failures[0].status} ${burst.failures[0].text.slice(0, 1500)}`);
		console.error(`n8n's output, last lines:\n${stack.n8nLogs().slice(-6000)}`);
	}
	return {
		calls,
		rows: rowCount,
		windowMs,
		answered: burst.answered,
		p50Ms: burst.p50Ms,
		p95Ms: burst.p95Ms,
		maxMs: burst.maxMs,
		rowsConverged: converged.filter((r) => expected.get(r.coda_row_id) === r.name).length,
		codaReads: reads.reads,
		codaReadsMaxPer6s: reads.maxPer6s,
		coda429s: reads.coda429s,
	};
}
