// End to end in a real n8n in queue mode (n8n's own scaling: EXECUTIONS_MODE=queue, Redis, a
// main process and two `n8n worker`s): the batch sync, started by its own schedule on a worker,
// and a burst of real-time webhook calls on overlapping rows run at the same time; afterwards erp
// equals the doc and nothing is quarantined.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { DocSpec } from '../coda-emulator/docModel';
import { queueModeOptOut, requireRedis } from '../harness/redis';
import { compareDoc, docRows, sampleDocSpec, unfence } from './support/docMirror';
import { prepareE2eStack, WORKFLOW_IDS, type E2eStack } from './support/e2eStack';
import { cells, codaWrite, pollUntil } from './support/polling';

const ROWS = 8;
const WORKERS = 2;
/** Concurrent deliveries of each changed real-time row (Coda retries and fans out). */
const COPIES = 4;
/** The batch workflow's schedule ticks every 5 minutes of the clock; allow one tick and some. */
const NEXT_TICK_MS = 6.5 * 60_000;
/** Coda answers this much slower while the batch runs, so the batch is still busy when the burst arrives. */
const CODA_LATENCY_MS = 150;

describe('real n8n, queue mode: batch sync and webhook burst at once', () => {
	// Redis is part of the test environment: unreachable, the suite fails (test/harness/redis.ts).
	const optOut = queueModeOptOut();
	let stack: E2eStack | undefined;
	let spec: DocSpec;

	before(async () => {
		if (optOut) return;
		await requireRedis();
		stack = await prepareE2eStack({ mode: 'queue', rows: ROWS, workers: WORKERS });
		spec = sampleDocSpec(stack.coda, ROWS);
		// n8n runs sub-workflows (the backfill's slices) only once a server has activated them.
		await stack.startN8n();
		await stack.execute(WORKFLOW_IDS.backfill);
		const backfilled = await stack.erp.pool.query(`SELECT count(DISTINCT erp_table)::int AS n FROM erp.execution_runs WHERE n8n_workflow_id = $1 AND status <> 'running'`, [WORKFLOW_IDS.backfill]);
		assert.equal(backfilled.rows[0].n, 36, 'the backfill ran every table');
	});

	after(async () => {
		await stack?.stop();
	});

	it('leaves erp equal to the doc, one planner call per new task, nothing quarantined', async (t) => {
		if (optOut) {
			t.skip(optOut);
			return;
		}
		const s = stack!;
		const { docId } = s.coda;
		const tableOf = (erpTable: string) => s.coda.tables().find((x) => x.erpTable === erpTable)!;
		const selectColumn = (erpTable: string) =>
			spec.tables.find((x) => x.erpTable === erpTable)!.columns.find((c) => c.format.type === 'select' && !c.format.isArray && ((c.format.options as string[] | undefined)?.length ?? 0) >= 2);

		// Changes in batch tables: a select edited in two rows of three tables, one row added.
		const { rows: batchTables } = await s.erp.pool.query<{ erp_table: string }>(`SELECT erp_table FROM erp.sync_config WHERE delivery = 'batch' AND enabled ORDER BY erp_table`);
		const edited = batchTables.map((b) => b.erp_table).filter((name) => name !== 'people' && selectColumn(name)).slice(0, 3);
		assert.equal(edited.length, 3);
		for (const name of edited) {
			const col = selectColumn(name)!;
			const options = col.format.options as string[];
			for (const row of (await docRows(s.coda, tableOf(name).id)).slice(0, 2)) {
				const value = options.find((o) => o !== unfence(row.values[col.name]))!;
				await codaWrite(s.coda, 'PUT', `/docs/${docId}/tables/${tableOf(name).id}/rows/${row.id}`, { row: { cells: cells({ [col.name]: value }) } });
			}
		}
		const addedBatchRow = await codaWrite<{ addedRowIds: string[] }>(s.coda, 'POST', `/docs/${docId}/tables/${tableOf(edited[0]).id}/rows`, {
			rows: [{ cells: cells({ [selectColumn(edited[0])!.name]: (selectColumn(edited[0])!.format.options as string[])[0] }) }],
		});
		assert.equal(addedBatchRow.addedRowIds.length, 1);

		// Changes in real-time tables: four tasks and two projects edited, one task added.
		const taskStatus = selectColumn('tasks')!;
		const tasks = (await docRows(s.coda, tableOf('tasks').id)).slice(0, 4);
		for (const [i, row] of tasks.entries()) {
			await codaWrite(s.coda, 'PUT', `/docs/${docId}/tables/${tableOf('tasks').id}/rows/${row.id}`, {
				row: { cells: cells({ Name: `Queue edit ${i}`, [taskStatus.name]: (taskStatus.format.options as string[]).find((o) => o !== unfence(row.values[taskStatus.name])) }) },
			});
		}
		const projects = (await docRows(s.coda, tableOf('projects').id)).slice(0, 2);
		for (const row of projects) {
			await codaWrite(s.coda, 'PUT', `/docs/${docId}/tables/${tableOf('projects').id}/rows/${row.id}`, { row: { cells: cells({ Name: `Queue edit of ${row.id}` }) } });
		}
		const newTask = (
			await codaWrite<{ addedRowIds: string[] }>(s.coda, 'POST', `/docs/${docId}/tables/${tableOf('tasks').id}/rows`, {
				rows: [{ cells: cells({ Name: 'Queue-mode new task', [taskStatus.name]: (taskStatus.format.options as string[])[0] }) }],
			})
		).addedRowIds[0];

		// The batch tables are due again (as if their cadence had passed since the backfill); the
		// schedule's next tick starts the batch on a worker, and the burst goes in while it runs.
		const dueSince = (await s.erp.pool.query<{ now: Date }>(`SELECT now() AS now`)).rows[0].now;
		await s.erp.pool.query(
			`UPDATE erp.sync_state SET last_full_sync_at = last_full_sync_at - interval '1 day', last_incremental_sync_at = last_incremental_sync_at - interval '1 day'`,
		);
		s.coda.faults.latency(CODA_LATENCY_MS);
		const batchRunsSince = async () =>
			(
				await s.erp.pool.query<{ erp_table: string; status: string; finished_at: Date | null; inserted_count: number; updated_count: number; error_message: string | null }>(
					`SELECT erp_table, status, finished_at, inserted_count, updated_count, error_message FROM erp.execution_runs
					 WHERE coda_row_id IS NULL AND n8n_workflow_id = $1 AND started_at >= $2 ORDER BY erp_table`,
					[WORKFLOW_IDS.batch, dueSince],
				)
			).rows;
		await pollUntil('the scheduled batch sync', NEXT_TICK_MS, async () => ((await batchRunsSince()).length > 0 ? true : undefined));

		// Real-time tables are read on the schedule too (the safety net for missed webhooks).
		const { rows: dueTables } = await s.erp.pool.query<{ erp_table: string }>(`SELECT erp_table FROM erp.sync_config WHERE delivery IN ('batch', 'realtime') AND enabled ORDER BY erp_table`);
		const batchTableNames = dueTables.map((b) => b.erp_table);
		const finishedTables = async () => new Set((await batchRunsSince()).filter((r) => r.finished_at).map((r) => r.erp_table)).size;
		const finishedAtBurst = await finishedTables();
		assert.ok(finishedAtBurst < batchTableNames.length, 'the batch sync is still running when the burst starts');
		const targets = [...tasks.map((r) => ['Tasks', r.id]), ...projects.map((r) => ['Projects', r.id]), ['Tasks', newTask]];
		const first = await Promise.all(targets.flatMap(([table, rowId]) => Array.from({ length: COPIES }, () => s.postWebhook({ table, rowId }))));
		// A second edit of a row while deliveries of the first are still around, then its own delivery.
		await codaWrite(s.coda, 'PUT', `/docs/${docId}/tables/${tableOf('tasks').id}/rows/${tasks[0].id}`, { row: { cells: cells({ Name: 'Queue edit 0, again' }) } });
		const second = await Promise.all([1, 2].map(() => s.postWebhook({ table: 'Tasks', rowId: tasks[0].id })));
		const responses = [...first, ...second];
		assert.deepEqual(responses.filter((r) => r.status !== 200).map((r) => `${r.status} ${r.text.slice(0, 200)}`), []);
		const webhookCalls = responses.length;
		t.diagnostic(`batch tables synced of ${batchTableNames.length}: ${finishedAtBurst} when the burst started, ${await finishedTables()} when it was answered`);
		const batchRuns = await pollUntil('the batch sync of every due table', 5 * 60_000, async () => {
			const rows = await batchRunsSince();
			return (await finishedTables()) === batchTableNames.length && rows.every((r) => r.finished_at) ? rows : undefined;
		});
		s.coda.faults.latency(0);

		// Every difference is collected first, so one run shows all of them.
		const problems: string[] = [];
		const comparisons = await compareDoc(s.coda, s.erp.pool, spec);
		for (const c of comparisons) if (c.erpRows !== c.docRows) problems.push(`${c.erpTable}: ${c.erpRows} rows in erp, ${c.docRows} in the doc`);
		problems.push(...comparisons.flatMap((c) => c.mismatches.slice(0, 3)));
		const names = await s.erp.pool.query(`SELECT name FROM erp.tasks WHERE coda_row_id = ANY($1) ORDER BY name`, [[tasks[0].id, newTask]]);
		if (names.rows.map((r) => r.name).join(' | ') !== 'Queue edit 0, again | Queue-mode new task') problems.push(`task names: ${JSON.stringify(names.rows)}`);
		const quarantined = await s.erp.pool.query<{ erp_table: string; n: number; reason: string }>(
			`SELECT erp_table, count(*)::int AS n, min(reason) AS reason FROM erp.quarantine GROUP BY erp_table ORDER BY erp_table`,
		);
		problems.push(...quarantined.rows.map((q) => `quarantined ${q.n} ${q.erp_table} rows, e.g. ${q.reason}`));

		const planned = s.planner.received().map((p) => (p.body as { codaRowId?: string }).codaRowId);
		if (JSON.stringify(planned) !== JSON.stringify([newTask])) problems.push(`planner-api got ${JSON.stringify(planned)}, expected one call for ${newTask}`);

		const runTables = [...new Set(batchRuns.map((r) => r.erp_table))];
		if (runTables.join() !== batchTableNames.join()) problems.push(`batch run rows for ${runTables.join()}; expected every due table: ${batchTableNames.join()}`);
		problems.push(...batchRuns.filter((r) => r.status !== 'success').map((r) => `batch run of ${r.erp_table}: ${r.status} ${r.error_message ?? ''}`));
		// Summed per table: a second tick overlapping the first would find the same rows unchanged.
		const changes = new Map<string, [number, number]>();
		for (const r of batchRuns) {
			const [ins, upd] = changes.get(r.erp_table) ?? [0, 0];
			changes.set(r.erp_table, [ins + r.inserted_count, upd + r.updated_count]);
		}
		// Only batch tables: a real-time row the schedule reads before its webhook run is counted by either.
		const batchOnly = new Set(batchTables.map((b) => b.erp_table));
		const changedRuns = [...changes].filter(([name, [ins, upd]]) => batchOnly.has(name) && ins + upd > 0).map(([name, [ins, upd]]) => `${name} +${ins} ~${upd}`);
		const expectedChanges = edited.map((name, i) => `${name} +${i === 0 ? 1 : 0} ~2`).sort();
		if (changedRuns.join() !== expectedChanges.join()) problems.push(`batch runs changed ${changedRuns.join(', ')}; expected ${expectedChanges.join(', ')}`);
		const failures = s.memoryGateway.received().map((r) => JSON.stringify(r.body).slice(0, 300));
		problems.push(...failures.map((f) => `memory-gateway got a failure: ${f}`));
		const realtimeRuns = await s.erp.pool.query<{ n: number; ok: number }>(
			`SELECT count(*)::int AS n, count(*) FILTER (WHERE status = 'success')::int AS ok FROM erp.execution_runs WHERE coda_row_id IS NULL AND n8n_workflow_id = $1`,
			[WORKFLOW_IDS.realtime],
		);
		const { n, ok } = realtimeRuns.rows[0];
		if (n !== webhookCalls || ok !== webhookCalls) problems.push(`${n} real-time run rows (${ok} successful) for ${webhookCalls} webhook calls`);
		assert.deepEqual(problems, []);

		// The webhook runs went through Redis to the workers.
		// The webhook runs and the scheduled batch went through Redis to the workers.
		const finished = Array.from({ length: WORKERS }, (_, i) => (s.n8n().logs(`n8n worker ${i + 1}`).match(/Worker finished execution \d+/g) ?? []).length);
		t.diagnostic(`executions finished per worker: ${finished.join(', ')}; webhook calls: ${webhookCalls}`);
		assert.ok(finished.reduce((a, b) => a + b, 0) >= webhookCalls + 1, `workers finished ${finished.join(' + ')} executions`);
	});
});
