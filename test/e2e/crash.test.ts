// n8n itself crashing, through the shipped workflows in a real n8n: the main process killed
// (SIGKILL) while webhooks arrive (regular mode), and a queue-mode worker killed in the middle of
// a batch run. Afterwards the next runs converge (erp equals the doc, no duplicates, nothing
// quarantined), no checkpoint is past unwritten data, and erp.execution_runs shows every
// interrupted run as `crashed`: from n8n's own report through the error workflow where n8n makes
// one, else from the crashed_after_minutes bound (nodes/shared/erp/crashedRuns.ts).
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { Pool } from 'pg';
import { buildSampleDoc, loadErpTables } from '../coda-emulator/sampleDoc';
import { n8nCli } from '../harness/n8nInstance';
import { queueModeOptOut, requireRedis } from '../harness/redis';
import { compareDoc, compareTable, docRows, mirrorContext } from './support/docMirror';
import { erpDb, prepareE2eStack, WORKFLOW_IDS, type E2eStack } from './support/e2eStack';
import { cells, codaWrite, pollUntil } from './support/polling';

/** The bound set for these tests: a run still `running` a minute after it started counts as crashed. */
const CRASHED_AFTER_MINUTES = 1;
/** The batch workflow ticks every 5 minutes of the clock; allow one tick and some. */
const NEXT_TICK_MS = 6.5 * 60_000;
const BOUND_MESSAGE = /^Crashed: still running after 1 minutes \(erp\.sync_settings crashed_after_minutes\)/;
const RESTART_REPORT = /^Crashed: n8n found this run unfinished when its process started again/;
const STALLED_REPORT = /^Crashed: the n8n worker running this run stopped \(killed or stalled\) and n8n does not retry it\. n8n said: This execution failed to be processed too many times/;
const N8N_REPORT = new RegExp(`${RESTART_REPORT.source}|${STALLED_REPORT.source}`);

interface RunRow {
	id: number;
	n8n_workflow_id: string;
	n8n_execution_id: string;
	erp_table: string | null;
	status: string;
	error_message: string | null;
	started_at: Date;
}

const runsWhere = async (stack: E2eStack, where: string, params: unknown[] = []) =>
	(
		await stack.erp.pool.query<RunRow>(
			`SELECT id::int, n8n_workflow_id, n8n_execution_id, erp_table, status, error_message, started_at FROM erp.execution_runs WHERE ${where} ORDER BY id`,
			params,
		)
	).rows;

/** erp equals the doc, no Coda row twice in a table, nothing quarantined. */
async function assertConverged(stack: E2eStack, rows: number | Record<string, number>) {
	const spec = buildSampleDoc(loadErpTables(), { seed: 1, docId: stack.coda.docId, rows });
	const mismatches = (await compareDoc(stack.coda, stack.erp.pool, spec)).flatMap((t) => t.mismatches);
	assert.deepEqual(mismatches.slice(0, 20), [], `${mismatches.length} mismatches`);
	const duplicates: string[] = [];
	for (const t of spec.tables) {
		const { rows: dup } = await stack.erp.pool.query(`SELECT coda_row_id FROM erp.${t.erpTable} WHERE coda_row_id IS NOT NULL GROUP BY coda_row_id HAVING count(*) > 1`);
		duplicates.push(...dup.map((d) => `${t.erpTable} ${d.coda_row_id}`));
	}
	assert.deepEqual(duplicates, []);
	const quarantined = await stack.erp.pool.query(`SELECT erp_table, reason FROM erp.quarantine`);
	assert.deepEqual(quarantined.rows, []);
}

/** Execution ids whose `nodeName` node n8n's event log shows started (one JSON message a line). */
function nodeStarts(eventLog: string, nodeName: string): string[] {
	if (!existsSync(eventLog)) return [];
	return readFileSync(eventLog, 'utf8')
		.split('\n')
		.filter((line) => line.includes('"n8n.node.started"') && line.includes(JSON.stringify(nodeName)))
		.map((line) => String((JSON.parse(line) as { payload?: { executionId?: unknown } }).payload?.executionId));
}

/** n8n registers the published workflows' webhooks after it reports ready. */
async function webhookRegistered(stack: E2eStack) {
	await pollUntil('the real-time webhook to be registered', 120_000, async () => ((await stack.postWebhook({})).status === 404 ? undefined : true));
}

describe('real n8n, regular mode: the main process killed while webhooks arrive', () => {
	const ROWS = 4;
	/** Coda answers this slowly while the first webhooks run, so they are mid-run when the main dies. */
	const CODA_LATENCY_MS = 20_000;
	let stack: E2eStack;

	before(async () => {
		stack = await prepareE2eStack({ mode: 'regular', rows: ROWS });
		// No schedules: the only runs the kill interrupts are the webhook runs; the safety-net run is started here.
		for (const id of [WORKFLOW_IDS.batch, WORKFLOW_IDS.reconcile]) {
			const unpublished = await n8nCli(stack.n8nOptions, ['unpublish:workflow', `--id=${id}`]);
			assert.equal(unpublished.code, 0, unpublished.stderr);
		}
		await stack.startN8n();
		await stack.execute(WORKFLOW_IDS.backfill);
		await webhookRegistered(stack);
	});

	after(async () => {
		await stack?.stop();
	});

	it('after the restart calls are answered again, the interrupted runs show as crashed, the safety-net run converges the rows whose webhooks were lost', async (t) => {
		const s = stack;
		const tasks = s.coda.tables().find((x) => x.erpTable === 'tasks')!;
		const rows = await docRows(s.coda, tasks.id);
		assert.equal(rows.length, ROWS);
		for (const [i, row] of rows.entries()) {
			await codaWrite(s.coda, 'PUT', `/docs/${s.coda.docId}/tables/${tasks.id}/rows/${row.id}`, { row: { cells: cells({ Name: `Crash edit ${i}` }) } });
		}
		const [inFlight, whileDown, afterRestart] = [rows.slice(0, 2), rows.slice(2, 3), rows[3]];

		// Two webhook runs reach Coda, which keeps them waiting; once n8n's event log shows them in
		// the fetch (what its restart recovery reads), the main process dies.
		s.coda.faults.latency(CODA_LATENCY_MS);
		const answers = inFlight.map((r) => s.postWebhook({ table: 'Tasks', rowId: r.id }).then((a) => `${a.status}`, (error: Error) => `no answer: ${error.message}`));
		const started = await pollUntil('both webhook runs started', 60_000, async () => {
			const running = await runsWhere(s, `n8n_workflow_id = $1 AND status = 'running'`, [WORKFLOW_IDS.realtime]);
			return running.length === inFlight.length ? running : undefined;
		});
		const eventLog = join(s.n8nOptions.userFolder, '.n8n', 'n8nEventLog.log');
		await pollUntil("n8n's event log to show both runs in Fetch Changed Row", 60_000, async () => {
			const fetching = new Set(nodeStarts(eventLog, 'Fetch Changed Row'));
			return started.every((r) => fetching.has(r.n8n_execution_id)) ? true : undefined;
		});
		await s.n8n().kill('n8n main');
		const interrupted = await runsWhere(s, `status = 'running'`);
		assert.deepEqual(interrupted.map((r) => r.id), started.map((r) => r.id));
		assert.deepEqual(await Promise.all(answers), inFlight.map(() => 'no answer: fetch failed'));
		// A call while n8n is down is lost: Coda's automation gets no answer.
		for (const r of whileDown) await assert.rejects(s.postWebhook({ table: 'Tasks', rowId: r.id }), /fetch failed/);

		s.coda.faults.latency(0);
		await s.startN8n();
		await webhookRegistered(s);
		const answered = await s.postWebhook({ table: 'Tasks', rowId: afterRestart.id });
		assert.equal(answered.status, 200, answered.text);

		// n8n's start-up recovery marks the runs its event log shows unfinished `crashed` and runs the
		// error workflow for each: Log Error records n8n's report.
		const reported = await pollUntil("n8n's reports of the interrupted runs", 2 * 60_000, async () => {
			const rows = await runsWhere(s, `id = ANY($1) AND status <> 'running'`, [interrupted.map((r) => r.id)]);
			return rows.length === interrupted.length ? rows : undefined;
		});
		assert.deepEqual(
			reported.map((r) => [r.n8n_execution_id, r.status, RESTART_REPORT.test(r.error_message ?? '')]),
			interrupted.map((r) => [r.n8n_execution_id, 'crashed', true]),
		);

		// Nothing of the interrupted or lost calls was written.
		const stale = await s.erp.pool.query(`SELECT count(*)::int AS n FROM erp.tasks WHERE coda_row_id = ANY($1) AND name LIKE 'Crash edit%'`, [[...inFlight, ...whileDown].map((r) => r.id)]);
		assert.equal(stale.rows[0].n, 0);

		// The safety net: the batch workflow reads the real-time tables too (run headless here instead of waiting for its tick).
		await s.erp.pool.query(`UPDATE erp.sync_state SET last_full_sync_at = last_full_sync_at - interval '1 day', last_incremental_sync_at = last_incremental_sync_at - interval '1 day'`);
		await s.execute(WORKFLOW_IDS.batch);
		await assertConverged(s, ROWS);
		const names = await s.erp.pool.query(`SELECT name FROM erp.tasks WHERE coda_row_id = ANY($1) ORDER BY name`, [rows.map((r) => r.id)]);
		assert.deepEqual(names.rows.map((r) => r.name), rows.map((_, i) => `Crash edit ${i}`));

		assert.deepEqual(await runsWhere(s, `status = 'running'`), []);
		t.diagnostic(`interrupted runs: ${interrupted.length}, each reported crashed by n8n after its restart`);
	});
});

describe('real n8n, queue mode: the worker running a batch killed mid-run', () => {
	const ROWS = { tasks: 4000 };
	const WORKERS = 2;
	/** Coda answers a little slower, so the Tasks read spans several seconds. */
	const CODA_LATENCY_MS = 150;
	const optOut = queueModeOptOut();
	let stack: E2eStack | undefined;
	let n8nDb: Pool | undefined;

	before(async () => {
		if (optOut) return;
		await requireRedis();
		stack = await prepareE2eStack({ mode: 'queue', rows: ROWS, workers: WORKERS });
		await erpDb(['config', 'set', 'crashed_after_minutes', String(CRASHED_AFTER_MINUTES)], stack.erp.url);
		await stack.startN8n();
		n8nDb = new Pool({ connectionString: stack.n8nOptions.databaseUrl, max: 2 });
	});

	after(async () => {
		await n8nDb?.end();
		await stack?.stop();
	});

	it('the next runs converge, no checkpoint past unwritten data, and the killed run shows as crashed', async (t) => {
		if (optOut) {
			t.skip(optOut);
			return;
		}
		const s = stack!;
		s.coda.faults.latency(CODA_LATENCY_MS);
		// Nothing is synced yet: the schedule's first tick reads every table, Tasks (4000 rows) among the last.
		const killed = await pollUntil('the scheduled batch sync to reach Tasks', NEXT_TICK_MS, async () =>
			(await runsWhere(s, `n8n_workflow_id = $1 AND erp_table = 'tasks' AND status = 'running'`, [WORKFLOW_IDS.batch]))[0],
		);
		const { rows: parents } = await n8nDb!.query<{ id: string }>(`SELECT id::text FROM execution_entity WHERE "workflowId" = $1 AND status = 'running'`, [WORKFLOW_IDS.batch]);
		assert.equal(parents.length, 1, JSON.stringify(parents));
		const parent = parents[0].id;
		const worker = Array.from({ length: WORKERS }, (_, i) => `n8n worker ${i + 1}`).find((name) => s.n8n().logs(name).includes(`Worker started execution ${parent} (job`));
		assert.ok(worker, `no worker logged starting execution ${parent}`);
		await s.n8n().kill(worker);
		const [atKill] = await runsWhere(s, `id = $1`, [killed.id]);
		assert.equal(atKill.status, 'running', 'killed before the Tasks run finished');
		t.diagnostic(`killed ${worker} running batch execution ${parent} (Tasks: execution ${killed.n8n_execution_id})`);
		await s.n8n().addWorker();

		// No checkpoint past unwritten data: a table with a stored sync token holds what the doc holds;
		// one without holds no row the killed run wrote.
		const spec = buildSampleDoc(loadErpTables(), { seed: 1, docId: s.coda.docId, rows: ROWS });
		const ctx = await mirrorContext(s.erp.pool, spec);
		const { rows: states } = await s.erp.pool.query<{ erp_table: string; sync_token: string | null }>(`SELECT erp_table, sync_token FROM erp.sync_state ORDER BY erp_table`);
		const past: string[] = [];
		// A reference to a parent table the killed run never reached is pending by design (its
		// `_coda_id` is stored, its `_id` filled when the parent arrives): not data the checkpoint skipped.
		const pendingReference = /^\S+ \S+ \w+_id: erp null, doc "<no \w+ row i-[\w-]+>"$/;
		for (const state of states) {
			if (!state.sync_token) continue;
			past.push(...(await compareTable(s.coda, s.erp.pool, spec, state.erp_table, ctx)).mismatches.filter((m) => !pendingReference.test(m)));
		}
		assert.deepEqual(past.slice(0, 20), []);
		const tasksState = states.find((st) => st.erp_table === 'tasks');
		const tasksRows = (await s.erp.pool.query<{ n: number }>(`SELECT count(*)::int AS n FROM erp.tasks`)).rows[0].n;
		if (!tasksState?.sync_token) assert.equal(tasksRows, 0, 'Tasks rows written without their checkpoint');
		t.diagnostic(`at the kill: ${states.filter((st) => st.sync_token).length} tables checkpointed, Tasks ${tasksState?.sync_token ? 'checkpointed' : 'not checkpointed'} with ${tasksRows} rows`);

		// n8n reports the batch execution crashed to the error workflow: the replacement worker finds it
		// unfinished in the workers' event log (they share the n8n folder here) when it starts, and the
		// main fails the stalled job (never retried) once its lock lapses. Whichever comes first is stored.
		const reported = await pollUntil("n8n's report of the stalled batch execution", 5 * 60_000, async () =>
			(await runsWhere(s, `n8n_workflow_id = $1 AND n8n_execution_id = $2 AND status <> 'running'`, [WORKFLOW_IDS.batch, parent]))[0],
		).catch(async (error: Error) => {
			const executions = (await n8nDb!.query(`SELECT id, "workflowId", mode, status FROM execution_entity ORDER BY id DESC LIMIT 8`)).rows;
			const said = s.n8n().logs().split('\n').filter((line) => /stall|Problem with execution|rror workflow|failed|crash/i.test(line));
			throw new Error(`${error.message}\nn8n executions: ${JSON.stringify(executions)}\n${said.slice(-40).join('\n')}`);
		});
		assert.equal(reported.status, 'crashed');
		assert.match(reported.error_message ?? '', N8N_REPORT);

		// The next tick syncs what is due; the killed Tasks run is crashed by then: reported by n8n like
		// the batch execution, else marked by the bound at the tick's first Log Start.
		s.coda.faults.latency(0);
		const { rows: due } = await s.erp.pool.query<{ n: number }>(`SELECT count(*)::int AS n FROM erp.sync_config WHERE enabled AND delivery <> 'off'`);
		await pollUntil('the next batch runs to sync every table', NEXT_TICK_MS + 5 * 60_000, async () => {
			const { rows } = await s.erp.pool.query<{ synced: number; running: number }>(
				`SELECT count(DISTINCT erp_table) FILTER (WHERE status = 'success')::int AS synced, count(*) FILTER (WHERE status = 'running')::int AS running
				 FROM erp.execution_runs WHERE n8n_workflow_id = $1`,
				[WORKFLOW_IDS.batch],
			);
			return rows[0].synced === due[0].n && rows[0].running === 0 ? true : undefined;
		});
		const [crashed] = await runsWhere(s, `id = $1`, [killed.id]);
		assert.equal(crashed.status, 'crashed');
		assert.match(crashed.error_message ?? '', new RegExp(`${N8N_REPORT.source}|${BOUND_MESSAGE.source}`));
		const [batchRun] = await runsWhere(s, `id = $1`, [reported.id]);
		const how = (r: RunRow) => (BOUND_MESSAGE.test(r.error_message ?? '') ? 'the bound' : RESTART_REPORT.test(r.error_message ?? '') ? "n8n's recovery of the killed worker's events" : "n8n's stalled job");
		t.diagnostic(`batch execution: crashed (${how(batchRun)}); Tasks run: crashed (${how(crashed)})`);
		await assertConverged(s, ROWS);
		const failedRuns = await runsWhere(s, `n8n_workflow_id = $1 AND status NOT IN ('success', 'crashed')`, [WORKFLOW_IDS.batch]);
		assert.deepEqual(failedRuns.map((r) => `${r.erp_table} ${r.status} ${r.error_message}`), []);
	});
});
