// End to end in a real n8n (regular mode): the shipped workflows, imported and published in
// n8n 2.x with this package installed as users install it, drive the Coda emulator → erp sync:
// backfill, real-time webhook edits and additions, reconcile deletions, planner-api calls (from the
// webhook, and from the batch when its read sees a new task first), the run log, rejection of
// malformed webhook calls, and the error workflow's report of a failed run. One n8n instance
// serves every scenario.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { Pool } from 'pg';
import type { DocSpec } from '../coda-emulator/docModel';
import { compareDoc, compareTable, docRows, erpChecksum, mirrorContext, sampleDocSpec, unfence } from './support/docMirror';
import { parseExecutionData } from '../harness/n8nInstance';
import { prepareE2eStack, WORKFLOW_IDS, type E2eStack } from './support/e2eStack';
import { malformedWebhookCalls } from './support/malformed';
import { cells, codaWrite, pollUntil } from './support/polling';

const ROWS = 10;
/** The issue asks for each edit "within a second"; the poll allows more on a loaded machine and reports what it saw. */
const ARRIVAL_DEADLINE_MS = 5_000;

interface RunRow {
	erp_table: string;
	status: string;
	finished_at: Date | null;
	n8n_execution_id: string;
	fetched_count: number;
	inserted_count: number;
	updated_count: number;
	unchanged_count: number;
	deleted_count: number;
	error_message: string | null;
}

describe('real n8n, regular mode: Coda → erp through the shipped workflows', () => {
	let stack: E2eStack;
	let spec: DocSpec;
	/** n8n's own database: its executions. */
	let n8nDb: Pool;
	/** Valid real-time deliveries sent, for the run-log assertions. */
	const deliveries: { table: string; rowId: string }[] = [];
	let newTaskId = '';
	let deletedTaskId = '';
	let deletedProjectId = '';

	const runs = async (workflowId: string) =>
		(
			await stack.erp.pool.query<RunRow>(
				`SELECT erp_table, status, finished_at, n8n_execution_id, fetched_count, inserted_count, updated_count, unchanged_count, deleted_count, error_message
				 FROM erp.execution_runs WHERE coda_row_id IS NULL AND n8n_workflow_id = $1 ORDER BY id`,
				[workflowId],
			)
		).rows;

	const table = (erpTable: string) => {
		const t = stack.coda.tables().find((x) => x.erpTable === erpTable);
		assert.ok(t, `no Coda table for ${erpTable}`);
		return t;
	};

	/** POSTs one webhook call the way the Coda automation does and waits for `arrived` in erp; returns the latency. */
	const deliver = async (tableRef: string, rowId: string, arrived: () => Promise<boolean>) => {
		const sentAt = Date.now();
		const response = await stack.postWebhook({ table: tableRef, rowId, event: 'row.changed' });
		assert.equal(response.status, 200, response.text);
		deliveries.push({ table: tableRef, rowId });
		await pollUntil(`${tableRef} ${rowId} in erp`, ARRIVAL_DEADLINE_MS, async () => ((await arrived()) ? true : undefined));
		return Date.now() - sentAt;
	};

	before(async () => {
		stack = await prepareE2eStack({ mode: 'regular', rows: ROWS });
		n8nDb = new Pool({ connectionString: stack.n8nOptions.databaseUrl, max: 1 });
		await stack.startN8n();
		spec = sampleDocSpec(stack.coda, ROWS);
	});

	after(async () => {
		await n8nDb?.end();
		await stack?.stop();
	});

	/** Adds a task in the doc, as a Coda user would; returns its row id. */
	const addTask = async (name: string) => {
		const added = await codaWrite<{ addedRowIds: string[] }>(stack.coda, 'POST', `/docs/${stack.coda.docId}/tables/${table('tasks').id}/rows`, { rows: [{ cells: cells({ Name: name }) }] });
		return added.addedRowIds[0];
	};

	/**
	 * The batch sync run by hand in the n8n server (Run Batch Sync Now), Tasks due as the schedule
	 * would find it: read last a day ago, or (`firstLoad`) never, as a table not read before has no
	 * `lastSyncAt` (its read times cleared; its sync token and bindings stay). Returns what **Sync
	 * Each Table** got back from "sync one table" (every due table's result, and Tasks'), and Tasks'
	 * run row.
	 */
	const batchSyncOfTasks = async (opts: { firstLoad?: boolean } = {}) => {
		const lastSync = opts.firstLoad ? 'NULL' : `now() - interval '1 day'`;
		await stack.erp.pool.query(`UPDATE erp.sync_state SET last_full_sync_at = ${lastSync}, last_incremental_sync_at = ${lastSync} WHERE erp_table = 'tasks'`);
		const { executionId, status } = await stack.runInServer(WORKFLOW_IDS.batch, 'Run Batch Sync Now');
		assert.equal(status, 'success');
		const { rows } = await n8nDb.query<{ data: string }>(`SELECT data FROM execution_data WHERE "executionId" = $1`, [executionId]);
		const results = parseExecutionData(rows[0].data).resultData.runData['Sync Each Table'][0].data!.main[0]!.map((i) => i.json);
		const run = (
			await stack.erp.pool.query<RunRow>(
				`SELECT erp_table, status, finished_at, n8n_execution_id, fetched_count, inserted_count, updated_count, unchanged_count, deleted_count, error_message
				 FROM erp.execution_runs WHERE n8n_workflow_id = $1 AND erp_table = 'tasks' ORDER BY id DESC LIMIT 1`,
				[WORKFLOW_IDS.batch],
			)
		).rows[0];
		return { results, tasksResult: results.find((r) => r.erpTable === 'tasks'), run };
	};

	/** What "sync one table" returns for Tasks: its Table Result. */
	const tasksTableResult = () => ({ erpTable: 'tasks', codaTable: table('tasks').id, docId: stack.coda.docId, continuation: '', status: 'success' });

	it('backfill: every erp table matches the sample doc, relationships resolved, one run row per table', async (t) => {
		await stack.execute(WORKFLOW_IDS.backfill);
		const comparisons = await compareDoc(stack.coda, stack.erp.pool, spec);
		assert.equal(comparisons.length, 36);
		// Every difference is collected first, so one run shows all of them.
		const problems: string[] = [];
		for (const c of comparisons) {
			if (c.erpRows !== c.docRows || c.docRows !== ROWS) problems.push(`${c.erpTable}: ${c.erpRows} rows in erp, ${c.docRows} in the doc`);
		}
		problems.push(...comparisons.flatMap((c) => c.mismatches.slice(0, 3)));
		const quarantined = await stack.erp.pool.query<{ erp_table: string; n: number; reason: string }>(
			`SELECT erp_table, count(*)::int AS n, min(reason) AS reason FROM erp.quarantine GROUP BY erp_table ORDER BY erp_table`,
		);
		problems.push(...quarantined.rows.map((q) => `quarantined ${q.n} ${q.erp_table} rows, e.g. ${q.reason}`));
		// Lookups set in Coda have their foreign key filled, whatever order the tables arrived in.
		const unresolved = await stack.erp.pool.query(`SELECT count(*)::int AS n FROM erp.tasks WHERE project_coda_id IS NOT NULL AND project_id IS NULL`);
		if (unresolved.rows[0].n > 0) problems.push(`${unresolved.rows[0].n} tasks with an unresolved project`);

		const backfillRuns = await runs(WORKFLOW_IDS.backfill);
		const missingRuns = spec.tables.map((x) => x.erpTable).filter((name) => backfillRuns.filter((r) => r.erp_table === name).length !== 1);
		if (missingRuns.length) problems.push(`tables without exactly one backfill run row: ${missingRuns.join(', ')}`);
		// The batch workflow is published too, as a user's would be, so its schedule may have written
		// some batch tables before the backfill reached them: every fetched row must be accounted for.
		for (const r of backfillRuns) {
			const accounted = r.inserted_count + r.updated_count + r.unchanged_count;
			if (r.status !== 'success' || !r.finished_at || r.fetched_count !== ROWS || accounted !== ROWS) {
				problems.push(`backfill run of ${r.erp_table}: ${r.status}, fetched ${r.fetched_count}, inserted ${r.inserted_count}, updated ${r.updated_count}, unchanged ${r.unchanged_count}${r.error_message ? `: ${r.error_message}` : ''}`);
			}
		}
		if (new Set(backfillRuns.map((r) => r.n8n_execution_id)).size !== backfillRuns.length) problems.push('backfill run rows share an execution id');
		assert.deepEqual(problems, []);

		const checked = comparisons.reduce((n, c) => n + c.valuesChecked, 0);
		t.diagnostic(`backfill: ${comparisons.length} tables, ${comparisons.reduce((n, c) => n + c.erpRows, 0)} rows, ${checked} values compared`);
		assert.ok(checked > 36 * ROWS * 3, `only ${checked} values compared`);
		assert.deepEqual(stack.planner.received(), [], 'the backfill creates no planner tasks');
		assert.deepEqual(stack.memoryGateway.received(), [], 'no workflow failed');
	});

	it('webhook: edits and additions reach erp at once; the reconcile soft-deletes rows deleted in Coda', async (t) => {
		const tasks = table('tasks');
		const projects = table('projects');
		const statusOptions = spec.tables.find((x) => x.erpTable === 'tasks')!.columns.find((c) => c.name === 'Status')!.format.options as string[];
		const [edited, toDelete] = (await docRows(stack.coda, tasks.id)).slice(0, 2);
		const newStatus = statusOptions.find((o) => o !== unfence(edited.values.Status))!;
		const latencies: number[] = [];
		const taskRow = async (rowId: string) =>
			(await stack.erp.pool.query(`SELECT name, status, project_id::text, project_coda_id, deleted_at FROM erp.tasks WHERE coda_row_id = $1`, [rowId])).rows[0] as
				| { name: string; status: string; project_id: string | null; project_coda_id: string | null; deleted_at: Date | null }
				| undefined;

		// An edit, delivered by table name.
		await codaWrite(stack.coda, 'PUT', `/docs/${stack.coda.docId}/tables/${tasks.id}/rows/${edited.id}`, { row: { cells: cells({ Name: 'Edited by the e2e test', Status: newStatus }) } });
		latencies.push(await deliver('Tasks', edited.id, async () => (await taskRow(edited.id))?.name === 'Edited by the e2e test'));
		assert.equal((await taskRow(edited.id))?.status, newStatus);

		// An addition, delivered by table id, with a lookup to an existing project.
		const project = (await docRows(stack.coda, projects.id))[0];
		const added = await codaWrite<{ addedRowIds: string[] }>(stack.coda, 'POST', `/docs/${stack.coda.docId}/tables/${tasks.id}/rows`, {
			rows: [{ cells: cells({ Name: 'Created by the e2e test', Status: statusOptions[0], Project: project.id }) }],
		});
		newTaskId = added.addedRowIds[0];
		latencies.push(await deliver(tasks.id, newTaskId, async () => (await taskRow(newTaskId)) !== undefined));
		const inserted = await taskRow(newTaskId);
		assert.equal(inserted?.name, 'Created by the e2e test');
		assert.equal(inserted?.project_coda_id, project.id);
		const projectId = (await mirrorContext(stack.erp.pool, spec)).ids.get('projects')!.get(project.id);
		assert.equal(inserted?.project_id, projectId, 'the lookup resolved to the erp project');

		// A new project (real-time too): no planner call for it.
		const newProject = await codaWrite<{ addedRowIds: string[] }>(stack.coda, 'POST', `/docs/${stack.coda.docId}/tables/${projects.id}/rows`, {
			rows: [{ cells: cells({ Name: 'Project created by the e2e test' }) }],
		});
		deletedProjectId = newProject.addedRowIds[0];
		latencies.push(
			await deliver('Projects', deletedProjectId, async () => {
				const { rowCount } = await stack.erp.pool.query(`SELECT 1 FROM erp.projects WHERE coda_row_id = $1`, [deletedProjectId]);
				return rowCount === 1;
			}),
		);

		// Duplicate deliveries of the new task, at the same time: harmless.
		const duplicates = await Promise.all([1, 2].map(() => stack.postWebhook({ table: 'Tasks', rowId: newTaskId })));
		for (const d of duplicates) {
			assert.equal(d.status, 200, d.text);
			deliveries.push({ table: 'Tasks', rowId: newTaskId });
		}
		assert.equal((await stack.erp.pool.query(`SELECT count(*)::int AS n FROM erp.tasks WHERE coda_row_id = $1`, [newTaskId])).rows[0].n, 1);
		t.diagnostic(`webhook → row in erp: ${latencies.join(' ms, ')} ms`);

		// Deletions: Coda sends no event; the reconcile finds them.
		deletedTaskId = toDelete.id;
		await codaWrite(stack.coda, 'DELETE', `/docs/${stack.coda.docId}/tables/${tasks.id}/rows/${deletedTaskId}`);
		await codaWrite(stack.coda, 'DELETE', `/docs/${stack.coda.docId}/tables/${projects.id}/rows/${deletedProjectId}`);
		await stack.execute(WORKFLOW_IDS.reconcile);
		assert.ok((await taskRow(deletedTaskId))?.deleted_at, 'the deleted task is soft-deleted');
		const softDeleted: { erp_table: string; coda_row_id: string }[] = [];
		for (const x of spec.tables) {
			const { rows } = await stack.erp.pool.query(`SELECT $1::text AS erp_table, coda_row_id FROM erp."${x.erpTable}" WHERE deleted_at IS NOT NULL`, [x.erpTable]);
			softDeleted.push(...(rows as typeof softDeleted));
		}
		assert.deepEqual(
			softDeleted.sort((a, b) => a.erp_table.localeCompare(b.erp_table)),
			[
				{ erp_table: 'projects', coda_row_id: deletedProjectId },
				{ erp_table: 'tasks', coda_row_id: deletedTaskId },
			],
			'exactly the rows deleted in Coda are soft-deleted',
		);
		const ctx = await mirrorContext(stack.erp.pool, spec, [deletedTaskId, deletedProjectId]);
		for (const name of ['tasks', 'projects']) {
			const c = await compareTable(stack.coda, stack.erp.pool, spec, name, ctx);
			assert.deepEqual(c.mismatches, [], name);
			assert.equal(c.erpRows, c.docRows, name);
		}
		const reconcileRuns = await runs(WORKFLOW_IDS.reconcile);
		assert.equal(reconcileRuns.length, 36, 'one run row per reconciled table');
		assert.ok(reconcileRuns.every((r) => r.status === 'success'), JSON.stringify(reconcileRuns.filter((r) => r.status !== 'success')));
		assert.deepEqual(
			reconcileRuns.filter((r) => r.deleted_count > 0).map((r) => [r.erp_table, r.deleted_count]).sort(),
			[
				['projects', 1],
				['tasks', 1],
			],
		);
	});

	it('planner-api gets one POST per new task; execution_runs holds one accurate row per webhook run', async () => {
		const posts = stack.planner.received();
		assert.equal(posts.length, 1, JSON.stringify(posts.map((p) => p.body)));
		assert.equal(posts[0].method, 'POST');
		assert.equal(posts[0].path, '/v1/tasks/created');
		assert.deepEqual(
			{ ...(posts[0].body as Record<string, unknown>) },
			{ event: 'task.created', erpTable: 'tasks', codaRowId: newTaskId, codaDocId: stack.coda.docId, codaTable: table('tasks').id },
		);
		const realtime = await runs(WORKFLOW_IDS.realtime);
		assert.equal(realtime.length, deliveries.length, 'one run row per accepted webhook call');
		assert.equal(new Set(realtime.map((r) => r.n8n_execution_id)).size, realtime.length);
		for (const r of realtime) {
			assert.equal(r.status, 'success', r.error_message ?? '');
			assert.ok(r.finished_at);
			assert.equal(r.fetched_count, 1);
		}
		assert.deepEqual(
			realtime.map((r) => [r.erp_table, r.inserted_count, r.updated_count, r.unchanged_count]),
			[
				['tasks', 0, 1, 0],
				['tasks', 1, 0, 0],
				['projects', 1, 0, 0],
				['tasks', 0, 0, 1],
				['tasks', 0, 0, 1],
			],
		);
		assert.deepEqual(stack.memoryGateway.received(), [], 'no workflow failed');
	});

	it('the batch reading Tasks for the first time (no lastSyncAt) stores new tasks and tells planner-api nothing', () =>
		// The schedule off: this hand-started batch is the only one that reads Tasks and its new row.
		stack.whileUnpublished(WORKFLOW_IDS.batch, async () => {
			const postsBefore = stack.planner.received().length;
			const taskId = await addTask('Added before the first load of Tasks');
			const { tasksResult, run } = await batchSyncOfTasks({ firstLoad: true });
			assert.deepEqual(tasksResult, tasksTableResult());
			assert.deepEqual([run.status, run.inserted_count], ['success', 1], 'the batch inserted the new task');
			const { rowCount } = await stack.erp.pool.query(`SELECT 1 FROM erp.tasks WHERE coda_row_id = $1`, [taskId]);
			assert.equal(rowCount, 1);
			assert.deepEqual(stack.planner.received().slice(postsBefore), [], 'a first load floods planner-api with no task');
		}));

	it('a new task the batch reads before its webhook is POSTed to planner-api once, by the batch; its webhook then posts nothing', () =>
		// The schedule off: this hand-started batch is the only one that reads Tasks and its new row.
		stack.whileUnpublished(WORKFLOW_IDS.batch, async () => {
			const postsBefore = stack.planner.received().length;
			const taskId = await addTask('Read by the batch before its webhook');
			const { results, tasksResult, run } = await batchSyncOfTasks();
			assert.deepEqual([run.status, run.inserted_count], ['success', 1]);
			// The planner branch ends in Table Result too: every caller still gets Table Result back.
			assert.deepEqual(tasksResult, tasksTableResult());
			for (const r of results) assert.deepEqual(Object.keys(r).sort(), ['codaTable', 'continuation', 'docId', 'erpTable', 'status'], JSON.stringify(r));
			const posts = stack.planner.received().slice(postsBefore);
			assert.deepEqual(
				posts.map((p) => [p.method, p.path, p.body]),
				[['POST', '/v1/tasks/created', { event: 'task.created', erpTable: 'tasks', codaRowId: taskId, codaDocId: stack.coda.docId, codaTable: table('tasks').id }]],
			);

			// The task's webhook comes after: the row is there, so the real-time run does not POST it again.
			const { rows: last } = await n8nDb.query<{ id: number }>(`SELECT coalesce(max(id::int), 0) AS id FROM execution_entity WHERE "workflowId" = $1`, [WORKFLOW_IDS.realtime]);
			const answer = await stack.postWebhook({ table: 'Tasks', rowId: taskId, event: 'row.created' });
			assert.equal(answer.status, 200, answer.text);
			assert.equal((JSON.parse(answer.text) as { inserted: number }).inserted, 0, answer.text);
			// It notifies after it answers: wait until the execution has ended.
			const ended = await pollUntil('the webhook execution to end', 60_000, async () => {
				const { rows } = await n8nDb.query<{ status: string }>(`SELECT status FROM execution_entity WHERE "workflowId" = $1 AND id::int > $2 AND "stoppedAt" IS NOT NULL`, [WORKFLOW_IDS.realtime, last[0].id]);
				return rows[0]?.status;
			});
			assert.equal(ended, 'success');
			assert.equal(stack.planner.received().length, postsBefore + 1, 'planner-api was told of the task once');
		}));

	it('planner-api down when the batch finds a new task: its POST is tried 3 times, and the table still syncs, logs and returns its result', () =>
		// The schedule off: this hand-started batch is the only one that reads Tasks and its new row.
		stack.whileUnpublished(WORKFLOW_IDS.batch, async () => {
			const postsBefore = stack.planner.received().length;
			const reportsBefore = stack.memoryGateway.received().length;
			const taskId = await addTask('Found by the batch while planner-api is down');
			stack.planner.answerWith(503);
			let outcome: Awaited<ReturnType<typeof batchSyncOfTasks>>;
			try {
				outcome = await batchSyncOfTasks();
			} finally {
				stack.planner.answerWith(200);
			}
			assert.deepEqual(stack.planner.received().slice(postsBefore).map((p) => (p.body as { codaRowId: string }).codaRowId), [taskId, taskId, taskId]);
			assert.deepEqual(outcome.tasksResult, tasksTableResult());
			assert.deepEqual([outcome.run.status, outcome.run.inserted_count, outcome.run.error_message], ['success', 1, null]);
			assert.ok(outcome.run.finished_at);
			assert.equal(stack.memoryGateway.received().length, reportsBefore, 'no workflow failed');
		}));

	it('100 malformed webhook calls are all rejected with a 4xx and change no erp row', async () => {
		const calls = malformedWebhookCalls(stack.webhookSecret, table('people').name);
		assert.equal(calls.length, 100);
		const before = await erpChecksum(stack.erp.pool);
		const plannerBefore = stack.planner.received().length;
		const accepted: string[] = [];
		for (const call of calls) {
			const response = await stack.postWebhook(call.body, { secret: call.secret, contentType: call.contentType });
			if (response.status < 400 || response.status > 499) accepted.push(`${call.what}: ${response.status} ${response.text.slice(0, 200)}`);
			else if (call.reasonExpected && !/"error"\s*:\s*"[^"]+/.test(response.text)) accepted.push(`${call.what}: ${response.status} without a reason: ${response.text.slice(0, 200)}`);
		}
		assert.deepEqual(accepted, []);
		assert.equal(await erpChecksum(stack.erp.pool), before, 'an erp row changed');
		assert.equal(stack.planner.received().length, plannerBefore);
	});

	// Last, as it adds a failed real-time run the run-log scenario above would not expect.
	it('a failed webhook run is recorded as an error in execution_runs and POSTed once to memory-gateway', async (t) => {
		const tasks = table('tasks');
		const [row] = await docRows(stack.coda, tasks.id);
		const failedRun = async () =>
			(
				await stack.erp.pool.query<RunRow & { failing_node: string | null }>(
					`SELECT erp_table, status, finished_at, n8n_execution_id, fetched_count, inserted_count, updated_count, unchanged_count, deleted_count, error_message, failing_node
					 FROM erp.execution_runs WHERE n8n_workflow_id = $1 AND status <> 'success'`,
					[WORKFLOW_IDS.realtime],
				)
			).rows;
		assert.deepEqual(await failedRun(), [], 'no real-time run failed before');
		// Coda answers 503 to everything: Fetch Changed Row retries within its bounds (8 attempts, 2 min), then fails.
		stack.coda.faults.next5xx(1000, 503);
		let response: { status: number; text: string };
		try {
			response = await stack.postWebhook({ table: 'Tasks', rowId: row.id, event: 'row.changed' });
		} finally {
			stack.coda.faults.reset();
		}
		assert.equal(response.status, 500, response.text);

		const posts = await pollUntil('the failure at memory-gateway', 30_000, async () => {
			const received = stack.memoryGateway.received();
			return received.length > 0 ? received : undefined;
		});
		const failed = await failedRun();
		assert.equal(failed.length, 1, `one failed real-time run: ${JSON.stringify(failed)}`);
		const [run] = failed;
		assert.equal(run.status, 'error');
		assert.equal(run.erp_table, 'tasks', 'the row Log Run Start wrote is the one marked failed');
		assert.equal(run.failing_node, 'Fetch Changed Row');
		assert.ok(run.finished_at);
		assert.match(run.error_message ?? '', /^Coda kept answering 503\b.*Tasks.*after \d+ attempts/);
		t.diagnostic(`failed run ${run.n8n_execution_id}: ${run.error_message}`);

		assert.equal(posts.length, 1, JSON.stringify(posts.map((p) => p.body)));
		assert.equal(posts[0].method, 'POST');
		assert.equal(posts[0].path, '/v1/events');
		const body = posts[0].body as {
			event: string;
			run: { n8n_workflow_id: string; n8n_execution_id: string; status: string };
			execution: { id: string; lastNodeExecuted: string; error: { message: string } };
			workflow: { id: string; name: string };
		};
		assert.equal(body.event, 'n8n.execution.failed');
		assert.deepEqual(body.workflow, { id: WORKFLOW_IDS.realtime, name: 'Coda ERP: real-time sync' });
		assert.equal(String(body.execution.id), run.n8n_execution_id);
		assert.equal(body.execution.lastNodeExecuted, 'Fetch Changed Row');
		assert.equal(body.execution.error.message, run.error_message);
		assert.deepEqual(
			{ workflow: body.run.n8n_workflow_id, execution: body.run.n8n_execution_id, status: body.run.status },
			{ workflow: WORKFLOW_IDS.realtime, execution: run.n8n_execution_id, status: 'error' },
		);
		assert.equal(stack.memoryGateway.received().length, 1, 'memory-gateway got one POST only');
	});

	// After the webhook failure above, whose one memory-gateway POST it leaves out of its own count.
	it('a table failing in the sync-one-table sub-workflow: its run row under the caller says error, the others finish, the error handler reports it', async (t) => {
		const postsBefore = stack.memoryGateway.received().length;
		// Read every 60 minutes: no batch tick reads it (broken) while the reconcile runs.
		const broken = 'kpis';
		const { rows: state } = await stack.erp.pool.query<{ coda_table_id: string }>(`SELECT coda_table_id FROM erp.sync_state WHERE erp_table = $1`, [broken]);
		assert.equal(state.length, 1);
		const since = (await stack.erp.pool.query<{ now: Date }>(`SELECT now() AS now`)).rows[0].now;
		// The plan hands Coda Table Fetch the learned table id: one the doc does not have fails that table's read only.
		await stack.erp.pool.query(`UPDATE erp.sync_state SET coda_table_id = 'grid-NoSuchTable1' WHERE erp_table = $1`, [broken]);
		try {
			// In the server: `n8n execute` exits with the reconcile, and could cut short the error workflow the failed table starts.
			const { status } = await stack.runInServer(WORKFLOW_IDS.reconcile, 'Run Reconcile Now');
			assert.equal(status, 'success', 'a failing table fails its own sub-execution only');
		} finally {
			await stack.erp.pool.query(`UPDATE erp.sync_state SET coda_table_id = $2 WHERE erp_table = $1`, [broken, state[0].coda_table_id]);
		}
		const runsSince = async () =>
			(
				await stack.erp.pool.query<RunRow & { n8n_workflow_id: string; failing_node: string | null }>(
					`SELECT n8n_workflow_id, erp_table, status, finished_at, n8n_execution_id, error_message, failing_node FROM erp.execution_runs
					 WHERE coda_row_id IS NULL AND started_at >= $1 AND n8n_workflow_id IN ($2, $3) ORDER BY erp_table`,
					[since, WORKFLOW_IDS.reconcile, WORKFLOW_IDS.syncTable],
				)
			).rows;
		// The error handler records the failure before it POSTs it.
		const posts = await pollUntil('the failed table at memory-gateway', 60_000, async () => {
			const received = stack.memoryGateway.received().slice(postsBefore);
			return received.length > 0 ? received : undefined;
		});
		const runs = await runsSince();
		assert.deepEqual([...new Set(runs.map((r) => r.n8n_workflow_id))], [WORKFLOW_IDS.reconcile], 'every table run is logged under the reconcile');
		const underSub = await stack.erp.pool.query(`SELECT count(*)::int AS n FROM erp.execution_runs WHERE n8n_workflow_id = $1`, [WORKFLOW_IDS.syncTable]);
		assert.equal(underSub.rows[0].n, 0, 'the error handler found the run under the reconcile instead of adding one under the sub-workflow');
		assert.equal(runs.length, 36, 'one run row per table');
		assert.deepEqual(runs.filter((r) => r.status !== 'success').map((r) => [r.erp_table, r.status, r.failing_node]), [[broken, 'error', 'Fetch Row IDs']]);
		const [failed] = runs.filter((r) => r.status === 'error');
		assert.ok(failed.finished_at);
		assert.match(failed.error_message ?? '', /grid-NoSuchTable1/);
		t.diagnostic(`failed table run ${failed.n8n_execution_id}: ${failed.error_message}`);

		assert.equal(posts.length, 1, JSON.stringify(posts.map((p) => p.body)));
		const body = posts[0].body as { run: { n8n_workflow_id: string; n8n_execution_id: string; status: string }; execution: { id: string; lastNodeExecuted: string }; workflow: { id: string; name: string } };
		assert.deepEqual(body.workflow, { id: WORKFLOW_IDS.syncTable, name: 'Coda ERP: sync one table' });
		assert.equal(String(body.execution.id), failed.n8n_execution_id);
		assert.equal(body.execution.lastNodeExecuted, 'Fetch Row IDs');
		assert.deepEqual(
			{ workflow: body.run.n8n_workflow_id, execution: body.run.n8n_execution_id, status: body.run.status },
			{ workflow: WORKFLOW_IDS.reconcile, execution: failed.n8n_execution_id, status: 'error' },
		);
	});
});
