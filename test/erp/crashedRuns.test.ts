// Runs n8n crashed (nodes/shared/erp/crashedRuns.ts): the crashed_after_minutes bound applied by
// Log Start (one workflow) and Refresh Analytics (all), and n8n's own crash reports through Log Error.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { crashedAfterMinutes, crashReport, markCrashedRuns } from '../../nodes/shared/erp/crashedRuns';
import { getPool } from '../../nodes/shared/erp/pool';
import { finishRun, logErrorRun, refreshAnalytics, startRun } from '../../nodes/shared/erp/runLogger';
import { testServers } from '../harness/postgres';
import { withErpDatabase, type ErpTestDatabase } from './helpers';

/** n8n 2.41's reports, as its Error Trigger hands them over (error.name and message from its sources). */
const workflowCrashed = { name: 'WorkflowCrashedError', message: 'Workflow did not finish, possible out-of-memory issue' };
const maxStalled = {
	message: 'This execution failed to be processed too many times and will no longer retry. To allow this execution to complete, please break down your workflow or scale up your workers or adjust your worker settings.',
};

describe('crash reports', () => {
	it("recognises n8n's crash errors by name or message, and nothing else", () => {
		assert.match(crashReport(workflowCrashed) ?? '', /^Crashed: n8n found this run unfinished when its process started again .*n8n said: Workflow did not finish/);
		assert.match(crashReport(maxStalled) ?? '', /^Crashed: the n8n worker running this run stopped \(killed or stalled\) and n8n does not retry it\. n8n said: This execution failed/);
		assert.match(crashReport({ message: 'job stalled more than maxStalledCount' }) ?? '', /^Crashed: the n8n worker/);
		assert.equal(crashReport({ name: 'NodeOperationError', message: 'Coda kept answering 429' }), undefined);
		assert.equal(crashReport({ name: 'WorkflowCrashedError' }), undefined, 'no message, nothing to record');
		assert.equal(crashReport(undefined), undefined);
	});
});

for (const server of testServers()) {
	describe(`crashed runs on ${server.name}`, () => {
		const withDb = (work: (db: ErpTestDatabase) => Promise<void>) => withErpDatabase(server, work);
		const running = (db: ErpTestDatabase, workflow: string, execution: string, minutesAgo: number, status = 'running') =>
			db.pool.query(
				`INSERT INTO erp.execution_runs (n8n_workflow_id, n8n_execution_id, status, started_at) VALUES ($1, $2, $3, now() - make_interval(mins => $4))`,
				[workflow, execution, status, minutesAgo],
			);
		const runs = async (db: ErpTestDatabase) =>
			(await db.pool.query<{ run: string; status: string; error_message: string | null; finished: boolean }>(
				`SELECT n8n_workflow_id || '/' || n8n_execution_id AS run, status, error_message, finished_at IS NOT NULL AS finished FROM erp.execution_runs ORDER BY id`,
			)).rows;

		it('reads the bound from erp.sync_settings: 60 minutes unset or empty, the stored value, a clear error for a bad one', () =>
			withDb(async (db) => {
				const pool = getPool(db.credentials);
				assert.equal(await crashedAfterMinutes(pool), 60);
				await db.pool.query(`INSERT INTO erp.sync_settings (key, value) VALUES ('crashed_after_minutes', '')`);
				assert.equal(await crashedAfterMinutes(pool), 60);
				await db.pool.query(`UPDATE erp.sync_settings SET value = '5' WHERE key = 'crashed_after_minutes'`);
				assert.equal(await crashedAfterMinutes(pool), 5);
				for (const bad of ['0', 'soon', '10081', '1.5']) {
					await db.pool.query(`UPDATE erp.sync_settings SET value = $1 WHERE key = 'crashed_after_minutes'`, [bad]);
					await assert.rejects(crashedAfterMinutes(pool), {
						name: 'ErpInputError',
						message: `erp.sync_settings: crashed_after_minutes "${bad}" is not a whole number of minutes from 1 to 10080 (empty: 60); fix it with \`erp-db config set crashed_after_minutes <minutes>\``,
					});
				}
			}));

		it('marks crashed the runs running longer than the bound: of one workflow, then of all; finished and recent runs stay', () =>
			withDb(async (db) => {
				const pool = getPool(db.credentials);
				await db.pool.query(`INSERT INTO erp.sync_settings (key, value) VALUES ('crashed_after_minutes', '30')`);
				await running(db, 'wf-a', '1', 31);
				await running(db, 'wf-a', '2', 29);
				await running(db, 'wf-a', '3', 90, 'success');
				await running(db, 'wf-b', '1', 600);
				const one = await markCrashedRuns(pool, 'wf-a');
				assert.deepEqual([one.crashedAfterMinutes, one.ids.length], [30, 1]);
				assert.deepEqual((await markCrashedRuns(pool, 'wf-a')).ids, [], 'marking again changes nothing');
				const bound = 'Crashed: still running after 30 minutes (erp.sync_settings crashed_after_minutes); n8n never finished it, its worker or main process was probably killed or restarted';
				assert.deepEqual(await runs(db), [
					{ run: 'wf-a/1', status: 'crashed', error_message: bound, finished: false },
					{ run: 'wf-a/2', status: 'running', error_message: null, finished: false },
					{ run: 'wf-a/3', status: 'success', error_message: null, finished: false },
					{ run: 'wf-b/1', status: 'running', error_message: null, finished: false },
				]);
				// A run mirrored from the doc's own run log is Coda's to state, however old.
				await db.pool.query(`INSERT INTO erp.execution_runs (coda_row_id, source, n8n_workflow_id, n8n_execution_id, status, started_at) VALUES ('i-codaRun', 'coda', 'wf-b', '2', 'running', now() - interval '2 days')`);
				assert.equal((await markCrashedRuns(pool)).ids.length, 1);
				assert.deepEqual((await runs(db)).map((r) => `${r.run} ${r.status}`), ['wf-a/1 crashed', 'wf-a/2 running', 'wf-a/3 success', 'wf-b/1 crashed', 'wf-b/2 running']);
			}));

		it("Log Start marks its workflow's stale runs, Refresh Analytics every workflow's; a run only slow is set right by its Finish", () =>
			withDb(async (db) => {
				const pool = getPool(db.credentials);
				await db.pool.query(`INSERT INTO erp.sync_settings (key, value) VALUES ('crashed_after_minutes', '10')`);
				await running(db, 'wf-rt', '40', 11);
				await running(db, 'wf-batch', '7', 11);
				await startRun(pool, { workflowId: 'wf-rt', executionId: '41' });
				assert.deepEqual((await runs(db)).map((r) => `${r.run} ${r.status}`), ['wf-rt/40 crashed', 'wf-batch/7 running', 'wf-rt/41 running']);

				const refreshed = await refreshAnalytics(pool);
				assert.equal(refreshed.crashedRuns, 1);
				const analytics = await db.pool.query(`SELECT n8n_workflow_id, runs, crashed_runs, running_runs, success_rate::float AS rate FROM erp.pattern_analytics ORDER BY 1`);
				assert.deepEqual(analytics.rows, [
					{ n8n_workflow_id: 'wf-batch', runs: 1, crashed_runs: 1, running_runs: 0, rate: 0 },
					{ n8n_workflow_id: 'wf-rt', runs: 2, crashed_runs: 1, running_runs: 1, rate: 0 },
				]);

				// wf-rt/40 was only slow: its Finish gives it its real status and drops the crash message.
				const finished = await finishRun(pool, { workflowId: 'wf-rt', executionId: '40' }, { items: [] });
				assert.equal(finished.status, 'success');
				assert.deepEqual((await runs(db))[0], { run: 'wf-rt/40', status: 'success', error_message: null, finished: true });
			}));

		it("Log Error records n8n's crash reports as crashed, with no finish time; other errors stay errors", () =>
			withDb(async (db) => {
				const pool = getPool(db.credentials);
				const item = (id: string, error: object) => ({ execution: { id, error, lastNodeExecuted: 'Fetch Changed Row', mode: 'webhook' }, workflow: { id: 'wf-rt', name: 'Real-time' } });
				await startRun(pool, { workflowId: 'wf-rt', executionId: '1' });
				// After a main restart: the run Log Start recorded, then n8n's recovery report.
				const restarted = await logErrorRun(pool, item('1', { ...workflowCrashed, stack: 'WorkflowCrashedError: …' }));
				// A killed worker: the batch execution had no row of its own (its sub-workflows log theirs).
				const stalled = await logErrorRun(pool, { ...item('2', maxStalled), workflow: { id: 'wf-batch', name: 'Batch' } });
				const failed = await logErrorRun(pool, item('3', { message: 'Coda kept answering 429' }));
				assert.deepEqual([restarted.status, stalled.status, failed.status], ['crashed', 'crashed', 'error']);
				const rows = await db.pool.query(`SELECT n8n_execution_id AS id, status, finished_at IS NULL AS open, failing_node, error_message FROM erp.execution_runs ORDER BY id`);
				assert.deepEqual(
					rows.rows.map((r) => [r.id, r.status, r.open, r.failing_node, r.error_message.slice(0, 60)]),
					[
						['1', 'crashed', true, 'Fetch Changed Row', 'Crashed: n8n found this run unfinished when its process star'],
						['2', 'crashed', true, 'Fetch Changed Row', 'Crashed: the n8n worker running this run stopped (killed or '],
						['3', 'error', false, 'Fetch Changed Row', 'Coda kept answering 429'],
					],
				);
			}));
	});
}
