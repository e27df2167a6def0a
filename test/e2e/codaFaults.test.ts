// Coda's faults through the shipped workflows in a real n8n (regular mode), one instance for all:
// the batch sync (schedule off, run by hand) reads Tasks through "Coda ERP: sync one table" in
// pages of 3 rows while the emulator answers 429 bursts, a sticky 429, 5xx and dropped
// connections mid-page, refuses the stored sync token, or has its columns and the table changed
// between runs; the real-time webhook meets an edit Coda's API does not show yet. Each ends with
// Tasks in erp equal to the doc after the next normal run, no row lost or duplicated, the sync
// token never past what was written, and execution_runs saying what happened.
import assert from 'node:assert/strict';
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { Pool } from 'pg';
import type { LogEntry } from '../coda-emulator/server';
import type { FaultRequest } from '../coda-emulator/faults';
import type { DocSpec } from '../coda-emulator/docModel';
import { n8nCli } from '../harness/n8nInstance';
import { REPO_ROOT } from '../harness/n8nPackage';
import { compareTable, docRows, mirrorContext, sampleDocSpec } from './support/docMirror';
import { prepareE2eStack, WORKFLOW_IDS, type E2eStack } from './support/e2eStack';
import { pollUntil } from './support/polling';

const ROWS = 8;
/** Rows per page the batch read asks for: Tasks' 8 rows are three pages. */
const PAGE_SIZE = 3;
/** The Fetch node's default Max Attempts (the shipped workflow keeps it). */
const MAX_ATTEMPTS = 8;

interface RunRow {
	id: number;
	status: string;
	fetched_count: number;
	inserted_count: number;
	updated_count: number;
	unchanged_count: number;
	error_message: string | null;
	failing_node: string | null;
	details: { coda?: { fullFetchFallback: string | null; retried429: number; retriedOther: number; columnChanges: { added: Array<{ id: string; name: string }>; renamed: Array<{ id: string; from: string; to: string }>; removed: Array<{ id: string; name: string }> } } };
}

describe('real n8n, regular mode: Coda faults through the workflows', () => {
	let stack: E2eStack;
	let spec: DocSpec;
	let tasksId = '';
	let taskIds: string[] = [];
	/** Runs of the error workflow seen so far (memory-gateway POSTs). */
	let reported = 0;
	let n8nDb: Pool;

	/** Requests of a listing of Tasks' rows after its first page. */
	const laterTaskPage = (r: FaultRequest) => r.path.endsWith(`/tables/${tasksId}/rows`) && 'pageToken' in r.query;
	const taskRowRequests = (log: LogEntry[]) => log.filter((e) => e.path.endsWith(`/tables/${tasksId}/rows`));

	const syncToken = async () =>
		(await stack.erp.pool.query<{ sync_token: string | null }>(`SELECT sync_token FROM erp.sync_state WHERE erp_table = 'tasks'`)).rows[0].sync_token;

	const lastTasksRun = async () =>
		(
			await stack.erp.pool.query<RunRow>(
				`SELECT id::int AS id, status, fetched_count, inserted_count, updated_count, unchanged_count, error_message, failing_node, details
				 FROM erp.execution_runs WHERE n8n_workflow_id = $1 AND erp_table = 'tasks' ORDER BY id DESC LIMIT 1`,
				[WORKFLOW_IDS.batch],
			)
		).rows[0];

	/**
	 * The batch sync run by hand in the n8n server (Run Batch Sync Now), Tasks due as the schedule
	 * would find it; returns the new log entries and Tasks' run row. In the server, not `n8n execute`:
	 * that process exits with the batch, cutting short the error workflow a failed table starts.
	 */
	const batchRun = async () => {
		await stack.erp.pool.query(`UPDATE erp.sync_state SET last_full_sync_at = now() - interval '1 day', last_incremental_sync_at = now() - interval '1 day' WHERE erp_table = 'tasks'`);
		const before = (await lastTasksRun())?.id ?? 0;
		const logStart = stack.coda.requestLog().length;
		const { executionId, status } = await stack.runInServer(WORKFLOW_IDS.batch, 'Run Batch Sync Now');
		// A failing table fails its own sub-execution only: the batch goes on.
		assert.equal(status, 'success');
		const run = await lastTasksRun();
		if (!run || run.id <= before) {
			const runs = await stack.erp.pool.query(`SELECT id, n8n_workflow_id, n8n_execution_id, erp_table, status, fetched_count, updated_count, started_at, finished_at, error_message FROM erp.execution_runs ORDER BY id DESC LIMIT 4`);
			const subs = await n8nDb.query(`SELECT id, status FROM execution_entity WHERE "workflowId" = $1 ORDER BY id DESC LIMIT 2`, [WORKFLOW_IDS.syncTable]);
			assert.fail(`batch execution ${executionId} logged no Tasks run after run ${before}; last runs ${JSON.stringify(runs.rows)}, last sub-executions ${JSON.stringify(subs.rows)}, reports ${JSON.stringify(stack.memoryGateway.received().slice(reported))}`);
		}
		return { run, log: stack.coda.requestLog().slice(logStart) };
	};

	/** Tasks in erp equal to the doc: every row once, every mapped value equal. */
	const assertConverged = async () => {
		const ctx = await mirrorContext(stack.erp.pool, spec);
		const c = await compareTable(stack.coda, stack.erp.pool, spec, 'tasks', ctx);
		assert.deepEqual(c.mismatches, []);
		assert.equal(c.erpRows, c.docRows);
		const { rows } = await stack.erp.pool.query(`SELECT count(*)::int AS n, count(DISTINCT coda_row_id)::int AS ids FROM erp.tasks`);
		assert.deepEqual(rows[0], { n: c.docRows, ids: c.docRows }, 'a Tasks row lost or duplicated');
	};

	/** Edits the Name of the first `n` Tasks rows in the doc (as a person would): the next delta holds them. */
	const editTasks = (n: number, label: string) => {
		for (const id of taskIds.slice(0, n)) stack.coda.editCell(tasksId, id, 'Name', `${label} ${id}`);
	};

	const erpNames = async () =>
		Object.fromEntries((await stack.erp.pool.query<{ coda_row_id: string; name: string }>(`SELECT coda_row_id, name FROM erp.tasks`)).rows.map((r) => [r.coda_row_id, r.name]));

	/** The error workflow's POST for a failed table, once. */
	const nextReport = async () => {
		const posts = await pollUntil('the failure at memory-gateway', 60_000, async () => {
			const received = stack.memoryGateway.received();
			return received.length > reported ? received : undefined;
		});
		assert.equal(posts.length, reported + 1, 'one memory-gateway POST per failed run');
		reported = posts.length;
		return posts[posts.length - 1].body as { workflow: { id: string }; execution: { lastNodeExecuted: string; error: { message: string } } };
	};

	/** The status n8n itself recorded for the last "sync one table" execution. */
	const lastSubExecutionStatus = async () =>
		(await n8nDb.query<{ status: string }>(`SELECT status FROM execution_entity WHERE "workflowId" = $1 ORDER BY id DESC LIMIT 1`, [WORKFLOW_IDS.syncTable])).rows[0]?.status;

	before(async () => {
		stack = await prepareE2eStack({ mode: 'regular', rows: ROWS });
		n8nDb = new Pool({ connectionString: stack.n8nOptions.databaseUrl, max: 1 });
		// The shipped "sync one table" with one change: the incremental read asks for pages of 3 rows,
		// so a handful of changed rows spans several pages (Page Size is an option of Coda Table Fetch).
		const syncTable = JSON.parse(readFileSync(join(REPO_ROOT, 'workflows', 'sync-table.json'), 'utf8')) as { nodes: Array<{ name: string; parameters: Record<string, unknown> }> };
		const fetch = syncTable.nodes.find((n) => n.name === 'Fetch Changed Rows');
		assert.ok(fetch);
		fetch.parameters.options = { pageSize: PAGE_SIZE };
		const file = join(stack.n8nOptions.userFolder, 'sync-table.json');
		writeFileSync(file, JSON.stringify([syncTable]));
		// n8n imports over a published workflow only once it is unpublished.
		for (const args of [['unpublish:workflow', `--id=${WORKFLOW_IDS.syncTable}`], ['import:workflow', `--input=${file}`], ['publish:workflow', `--id=${WORKFLOW_IDS.syncTable}`], ...[WORKFLOW_IDS.batch, WORKFLOW_IDS.reconcile].map((id) => ['unpublish:workflow', `--id=${id}`])]) {
			// No schedules: only the runs this file starts read Coda.
			const result = await n8nCli(stack.n8nOptions, args);
			assert.equal(result.code, 0, `n8n ${args.join(' ')}: ${result.stderr}${result.stdout}`);
		}
		rmSync(file);
		await stack.startN8n();
		spec = sampleDocSpec(stack.coda, ROWS);
		await stack.execute(WORKFLOW_IDS.backfill);
		// Only Tasks is synced from here on: the batch run reads it alone.
		await stack.erp.pool.query(`UPDATE erp.sync_config SET enabled = (erp_table = 'tasks')`);
		const tasks = stack.coda.tables().find((t) => t.erpTable === 'tasks');
		assert.ok(tasks);
		tasksId = tasks.id;
		taskIds = (await docRows(stack.coda, tasksId)).map((r) => r.id);
		assert.equal(taskIds.length, ROWS);
		await assertConverged();
		assert.ok(await syncToken(), 'the backfill stored a sync token');
		await pollUntil('the real-time webhook to be registered', 120_000, async () => ((await stack.postWebhook({})).status === 404 ? undefined : true));
	});

	after(async () => {
		await n8nDb?.end();
		await stack?.stop();
	});

	it('a burst of 429s on the second page is absorbed: the run succeeds, retries logged, every changed row written, the token moves on', async () => {
		editTasks(7, 'Burst');
		const tokenBefore = await syncToken();
		stack.coda.faults.burst429(3, laterTaskPage);
		const { run, log } = await batchRun();
		stack.coda.faults.reset();
		const pages = taskRowRequests(log);
		assert.deepEqual(
			pages.map((e) => [e.status, 'pageToken' in e.query]),
			[[200, false], [429, true], [429, true], [429, true], [200, true], [200, true]],
			'page 1, page 2 refused three times then served, page 3',
		);
		assert.equal(pages[1].query.pageToken, pages[4].query.pageToken, 'the refused page was asked for again, not skipped');
		assert.equal(run.status, 'success', run.error_message ?? '');
		assert.deepEqual([run.fetched_count, run.updated_count], [7, 7]);
		assert.equal(run.details.coda?.retried429, 3);
		assert.notEqual(await syncToken(), tokenBefore);
		await assertConverged();
	});

	it('a sticky 429: bounded retries, then a clear error in execution_runs and from the workflow; the token unchanged; the next run completes', async () => {
		editTasks(2, 'Sticky');
		const tokenBefore = await syncToken();
		const namesBefore = await erpNames();
		stack.coda.faults.sticky429(true);
		let outcome: Awaited<ReturnType<typeof batchRun>>;
		try {
			outcome = await batchRun();
		} finally {
			stack.coda.faults.reset();
		}
		// The error workflow marks the run failed, then reports it.
		const report = await nextReport();
		const run = await lastTasksRun();
		assert.equal(run.id, outcome.run.id);
		assert.equal(run.status, 'error');
		assert.equal(run.failing_node, 'Fetch Changed Rows');
		assert.match(run.error_message ?? '', new RegExp(`^Coda kept answering 429 Too Many Requests for table .*${tasksId}.* after ${MAX_ATTEMPTS} attempts over \\d+(\\.\\d)? s`));
		assert.deepEqual(outcome.log.map((e) => e.status), Array(MAX_ATTEMPTS).fill(429), 'exactly Max Attempts requests, all refused');
		assert.equal(await lastSubExecutionStatus(), 'error');
		assert.equal(report.execution.lastNodeExecuted, 'Fetch Changed Rows');
		assert.equal(report.execution.error.message, run.error_message);
		assert.equal(await syncToken(), tokenBefore, 'the checkpoint did not move');
		assert.deepEqual(await erpNames(), namesBefore, 'nothing written');

		const next = await batchRun();
		assert.equal(next.run.status, 'success', next.run.error_message ?? '');
		assert.deepEqual([next.run.fetched_count, next.run.updated_count], [2, 2]);
		assert.notEqual(await syncToken(), tokenBefore);
		await assertConverged();
	});

	it('a 5xx and a dropped connection on the second page are retried: the run succeeds and converges', async () => {
		editTasks(7, 'Flaky');
		stack.coda.faults.next5xx(2, 503, laterTaskPage);
		stack.coda.faults.dropNext(1, laterTaskPage);
		const { run, log } = await batchRun();
		stack.coda.faults.reset();
		const pages = taskRowRequests(log);
		assert.deepEqual(
			pages.map((e) => [e.status, e.dropped ?? false, 'pageToken' in e.query]),
			[[200, false, false], [503, false, true], [503, false, true], [200, true, true], [200, false, true], [200, false, true]],
		);
		assert.equal(new Set(pages.slice(1, 5).map((e) => e.query.pageToken)).size, 1, 'the same page each time');
		assert.equal(run.status, 'success', run.error_message ?? '');
		assert.deepEqual([run.fetched_count, run.updated_count], [7, 7]);
		assert.equal(run.details.coda?.retriedOther, 3);
		await assertConverged();
	});

	it('a connection dropped on the second page until the retries run out: a clear error, nothing written, the token unchanged; the next run converges', async () => {
		editTasks(5, 'Dropped');
		const tokenBefore = await syncToken();
		const namesBefore = await erpNames();
		stack.coda.faults.dropNext(MAX_ATTEMPTS, laterTaskPage);
		const { log } = await batchRun();
		stack.coda.faults.reset();
		const pages = taskRowRequests(log);
		assert.deepEqual(pages.map((e) => e.dropped ?? false), [false, ...Array(MAX_ATTEMPTS).fill(true)], 'page 1 served, page 2 cut Max Attempts times');
		const report = await nextReport();
		const run = await lastTasksRun();
		assert.equal(run.status, 'error');
		assert.equal(run.failing_node, 'Fetch Changed Rows');
		assert.match(run.error_message ?? '', new RegExp(`^Coda kept dropping the connection \\(.+\\) for table Tasks \\(${tasksId}\\) after ${MAX_ATTEMPTS} attempts`));
		assert.equal(report.execution.error.message, run.error_message);
		assert.equal(await syncToken(), tokenBefore, 'page 1 was read but the checkpoint did not move');
		assert.deepEqual(await erpNames(), namesBefore, 'nothing of page 1 written');

		const next = await batchRun();
		assert.equal(next.run.status, 'success', next.run.error_message ?? '');
		assert.deepEqual([next.run.fetched_count, next.run.updated_count], [5, 5]);
		await assertConverged();
	});

	for (const [what, status] of [
		['expired (410)', 410],
		['invalid (400)', 400],
	] as const) {
		it(`a stored sync token Coda refuses as ${what}: the whole table is read, reported in execution_runs, a new token stored`, async () => {
			editTasks(1, `Token ${status}`);
			if (status === 410) stack.coda.expireSyncTokens(410);
			else await stack.erp.pool.query(`UPDATE erp.sync_state SET sync_token = 'bm90LWEtdG9rZW4' WHERE erp_table = 'tasks'`);
			const refused = await syncToken();
			const { run, log } = await batchRun();
			const reads = taskRowRequests(log);
			assert.deepEqual(
				reads.map((e) => [e.status, e.query.syncToken === refused, 'pageToken' in e.query]),
				[[status, true, false], [200, false, false], [200, false, true], [200, false, true]],
				'the refused token, then the whole table from its first page',
			);
			assert.equal(run.status, 'success', run.error_message ?? '');
			// The edited row is updated; so may be rows whose lookups show its new name (Coda does not touch their updatedAt).
			assert.deepEqual([run.fetched_count, run.inserted_count, run.updated_count + run.unchanged_count], [ROWS, 0, ROWS]);
			assert.ok(run.updated_count >= 1, 'the edited row was written');
			assert.match(run.details.coda?.fullFetchFallback ?? '', new RegExp(`^Coda rejected the stored sync token \\(${status}: .+\\); read the whole table instead$`));
			const token = await syncToken();
			assert.ok(token && token !== refused);
			await assertConverged();
			// The new token works: an unchanged table is one row request.
			const again = await batchRun();
			assert.deepEqual(taskRowRequests(again.log).map((e) => [e.status, e.query.syncToken === token]), [[200, true]]);
			assert.equal(again.run.details.coda?.fullFetchFallback, null);
		});
	}

	it('a column added, one renamed and one removed between two runs: still written by column id, the changes reported, the doc model follows', async () => {
		const [first, second] = taskIds;
		const added = stack.coda.addColumn(tasksId, { name: 'Risk Note', format: { type: 'text' }, values: { [first]: 'watch the budget' } });
		const status = stack.coda.columns(tasksId).find((c) => c.name === 'Status');
		assert.ok(status);
		stack.coda.renameColumn(tasksId, 'Status', 'Stage');
		const statusOptions = spec.tables.find((t) => t.erpTable === 'tasks')!.columns.find((c) => c.name === 'Status')!.format.options as string[];
		const current = (await stack.erp.pool.query<{ status: string }>(`SELECT status FROM erp.tasks WHERE coda_row_id = $1`, [second])).rows[0].status;
		const newStatus = statusOptions.find((o) => o !== current)!;
		stack.coda.editCell(tasksId, second, 'Stage', newStatus);
		const removed = stack.coda.columns(tasksId).find((c) => c.name === 'Notes');
		assert.ok(removed, 'Tasks has a Notes column');
		const notesBefore = (await stack.erp.pool.query<{ notes: string | null }>(`SELECT notes FROM erp.tasks WHERE coda_row_id = $1`, [second])).rows[0].notes;
		stack.coda.removeColumn(tasksId, 'Notes');

		const { run } = await batchRun();
		assert.equal(run.status, 'success', run.error_message ?? '');
		assert.deepEqual([run.fetched_count, run.updated_count], [2, 2]);
		assert.deepEqual(run.details.coda?.columnChanges, {
			added: [{ id: added, name: 'Risk Note' }],
			renamed: [{ id: status.id, from: 'Status', to: 'Stage' }],
			removed: [{ id: removed.id, name: 'Notes' }],
		});
		const { rows } = await stack.erp.pool.query(`SELECT status, notes, coda_row ->> $2 AS risk FROM erp.tasks WHERE coda_row_id = ANY($1) ORDER BY coda_row_id = $3 DESC`, [[first, second], added, first]);
		assert.equal(rows[0].risk, '```watch the budget```', 'the added column is kept in coda_row, as Coda sent it');
		assert.deepEqual(rows[1], { status: newStatus, notes: notesBefore, risk: '' }, 'the renamed column written by its id; the removed column left as it was');
		const state = await stack.erp.pool.query<{ columns: Record<string, string> }>(`SELECT columns FROM erp.sync_state WHERE erp_table = 'tasks'`);
		assert.equal(state.rows[0].columns[status.id], 'Stage');
		assert.equal(state.rows[0].columns[added], 'Risk Note');
		assert.equal(state.rows[0].columns[removed.id], undefined);
		const model = await stack.erp.pool.query(`SELECT coda_column_id, name, removed_at IS NOT NULL AS removed FROM erp.coda_columns WHERE coda_column_id = ANY($1) ORDER BY name`, [[added, status.id, removed.id]]);
		assert.deepEqual(model.rows, [
			{ coda_column_id: removed.id, name: 'Notes', removed: true },
			{ coda_column_id: added, name: 'Risk Note', removed: false },
			{ coda_column_id: status.id, name: 'Stage', removed: false },
		]);
		await assertConverged();
	});

	it('the table renamed between two runs: the batch run and the webhook keep working by its id', async () => {
		stack.coda.renameTable(tasksId, 'Studio Tasks');
		editTasks(1, 'Renamed');
		const { run, log } = await batchRun();
		assert.equal(run.status, 'success', run.error_message ?? '');
		assert.deepEqual([run.fetched_count, run.updated_count], [1, 1]);
		assert.ok(log.every((e) => !e.path.includes('Tasks')), 'every request names the table by id');
		// Still the one table, by id (its name follows once the credential's table metadata, kept 5 minutes, is read again).
		const state = await stack.erp.pool.query(`SELECT coda_table_id FROM erp.sync_state WHERE erp_table = 'tasks'`);
		assert.deepEqual(state.rows, [{ coda_table_id: tasksId }]);
		// The automation still names the table as configured.
		stack.coda.editCell(tasksId, taskIds[1], 'Name', 'Renamed table, real-time');
		const answer = await stack.postWebhook({ table: 'Tasks', rowId: taskIds[1], event: 'row.changed' });
		assert.equal(answer.status, 200, answer.text);
		assert.equal((await erpNames())[taskIds[1]], 'Renamed table, real-time');
		await assertConverged();
	});

	it('an edit Coda\'s API shows only a minute later: the webhook answer names the older version it stored; the next scheduled read converges', async () => {
		const rowId = taskIds[2];
		const editStarted = Date.now();
		stack.coda.editCell(tasksId, rowId, 'Name', 'Edited in the UI, shown later', { visibleAfterMs: 60_000 });
		const answer = await stack.postWebhook({ table: 'Tasks', rowId, event: 'row.changed' });
		assert.equal(answer.status, 200, answer.text);
		const body = JSON.parse(answer.text) as { status: string; updated: number; unchanged: number; codaUpdatedAt: string | null };
		assert.equal(body.status, 'stored', answer.text);
		assert.ok(body.codaUpdatedAt, answer.text);
		assert.ok(Date.parse(body.codaUpdatedAt) < editStarted, `the answer names the version it read (${body.codaUpdatedAt}), older than the edit`);
		assert.notEqual((await erpNames())[rowId], 'Edited in the UI, shown later');

		await stack.coda.mutationsSettled();
		const { run } = await batchRun();
		assert.equal(run.status, 'success', run.error_message ?? '');
		assert.equal(run.updated_count, 1, 'the edit, now shown, is written');
		assert.equal((await erpNames())[rowId], 'Edited in the UI, shown later');
		await assertConverged();
	});
});
