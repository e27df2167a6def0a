import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { getPool } from '../../nodes/shared/erp/pool';
import { codaReadFromSummaries, countsFromSummaries, finishRun, logErrorRun, refreshAnalytics, startRun } from '../../nodes/shared/erp/runLogger';
import { testServers } from '../harness/postgres';
import { withErpDatabase } from './helpers';

const fetchSummary = { kind: 'summary', docId: 'd', tableId: 'grid-tasks', mode: 'allRows', rowCount: 120, complete: true, nextSyncToken: 't' };
const upsertSummary = { kind: 'erpUpsertSummary', table: 'tasks', fetched: 120, inserted: 100, updated: 10, unchanged: 8, rejected: 2, deleted: 1, cellIssues: 3 };

describe('run log counts', () => {
	it('sums Coda Table Fetch, ERP Upsert and Reconcile summaries and ignores other items', () => {
		assert.deepEqual(countsFromSummaries([fetchSummary, upsertSummary, { kind: 'erpReconcileSummary', softDeleted: 3 }, { kind: 'row' }, null]), {
			fetched: 120, inserted: 100, updated: 10, unchanged: 8, rejected: 2, deleted: 4, cellIssues: 3,
		});
		assert.equal(countsFromSummaries([upsertSummary]).fetched, 120, 'ERP Upsert reports what it received when no Fetch summary is given');
	});

	it('takes what the Coda reads met from the Fetch summaries, else from ERP Upsert\'s codaRead; none without either', () => {
		const renamed = { id: 'c-1', from: 'Status', to: 'Stage' };
		const read = (fullFetchFallback: string | null, retried429: number) => ({ fullFetchFallback, retried429, retriedOther: 1, columnChanges: { added: [], renamed: [renamed, { id: 'c-2' }], removed: [] } });
		const fetched = [{ ...fetchSummary, ...read(null, 2) }, { ...fetchSummary, ...read('Coda rejected the stored sync token (410: gone); read the whole table instead', 3) }];
		const expected = { fullFetchFallback: 'Coda rejected the stored sync token (410: gone); read the whole table instead', retried429: 5, retriedOther: 2, columnChanges: { added: [], renamed: [renamed], removed: [] } };
		assert.deepEqual(codaReadFromSummaries([...fetched, { ...upsertSummary, codaRead: read('ignored', 9) }]), expected);
		assert.deepEqual(codaReadFromSummaries([{ ...upsertSummary, codaRead: expected }]), expected);
		assert.equal(codaReadFromSummaries([upsertSummary, { kind: 'row' }]), null);
	});
});

for (const server of testServers()) {
	describe(`Execution Run Log on ${server.name}`, () => {
		it('records a start/finish pair in one row, idempotently, with counts and duration', () =>
			withErpDatabase(server, async (db) => {
				const pool = () => getPool(db.credentials);
				await db.pool.query(`INSERT INTO erp.workflows (coda_row_id, name) VALUES ('i-wf1', 'Nightly sync'), ('i-wf2', 'Other')`);
				const identity = { workflowId: 'wf-7', workflowName: 'Coda → erp', executionId: '4711', mode: 'trigger' };
				const started = await startRun(pool(), identity, { workflowRef: 'Nightly sync' }, '2026-02-01T10:00:00.000Z');
				assert.equal(started.status, 'running');
				await startRun(pool(), identity, {}, '2026-02-01T10:00:05.000Z');
				const finished = await finishRun(pool(), identity, { items: [fetchSummary, upsertSummary], finishedAt: '2026-02-01T10:01:30.250Z' }, { erpTable: 'tasks' });
				assert.equal(finished.status, 'partial', 'rejected rows make a partial run');
				assert.equal(finished.duration_ms, 90_250);
				await finishRun(pool(), identity, { items: [fetchSummary, upsertSummary], finishedAt: '2026-02-01T10:01:30.250Z' });
				await startRun(pool(), identity);
				const { rows } = await db.pool.query(`SELECT r.status, r.fetched_count, r.inserted_count, r.updated_count, r.unchanged_count, r.rejected_count, r.deleted_count,
					r.duration_ms::int, r.started_at, r.erp_table, r.mode, r.n8n_workflow_name, w.name AS workflow FROM erp.execution_runs r LEFT JOIN erp.workflows w ON w.id = r.workflow_id`);
				assert.equal(rows.length, 1);
				assert.deepEqual(rows[0], {
					status: 'partial', fetched_count: 120, inserted_count: 100, updated_count: 10, unchanged_count: 8, rejected_count: 2, deleted_count: 1,
					duration_ms: 90_250, started_at: new Date('2026-02-01T10:00:00.000Z'), erp_table: 'tasks', mode: 'trigger', n8n_workflow_name: 'Coda → erp', workflow: 'Nightly sync',
				});
				await assert.rejects(startRun(pool(), { ...identity, executionId: ' ' }), /execution id is empty/);
				const nullCells = await finishRun(pool(), { ...identity, executionId: '4712' }, { items: [{ ...upsertSummary, rejected: 0, cellIssues: 1 }] });
				assert.equal(nullCells.status, 'partial', 'a cell stored as NULL makes a partial run');
				const clean = await finishRun(pool(), { ...identity, executionId: '4713' }, { items: [{ ...upsertSummary, rejected: 0, cellIssues: 0 }] });
				assert.equal(clean.status, 'success');
			}));

		it("records a failed run from the Error Trigger's output and refreshes analytics", () =>
			withErpDatabase(server, async (db) => {
				const pool = () => getPool(db.credentials);
				await db.pool.query(`INSERT INTO erp.process_templates (coda_row_id, name) VALUES ('i-pt1', 'Onboarding')`);
				await startRun(pool(), { workflowId: 'wf-9', executionId: '88' }, { processTemplateRef: 'i-pt1' });
				const errorTrigger = {
					execution: { id: '88', url: 'http://n8n/execution/88', error: { message: 'Coda kept answering 429', stack: 'Error: …' }, lastNodeExecuted: 'Coda Table Fetch', mode: 'trigger' },
					workflow: { id: 'wf-9', name: 'Sync tasks' },
				};
				const logged = await logErrorRun(pool(), errorTrigger);
				await logErrorRun(pool(), errorTrigger);
				assert.equal(logged.status, 'error');
				const { rows } = await db.pool.query(`SELECT count(*) OVER () AS n, status, error_message, failing_node, n8n_workflow_name, mode, details->>'executionUrl' AS url,
					duration_ms IS NOT NULL AS timed, process_template_id IS NOT NULL AS templated FROM erp.execution_runs`);
				assert.deepEqual(rows[0], { n: '1', status: 'error', error_message: 'Coda kept answering 429', failing_node: 'Coda Table Fetch', n8n_workflow_name: 'Sync tasks', mode: 'trigger', url: 'http://n8n/execution/88', timed: true, templated: true });
				await assert.rejects(logErrorRun(pool(), { workflow: { id: 'x' } }), /Log Error expects the Error Trigger's output .*execution: Required/);
				// The real-time workflow fails on purpose after logging a partial row, to fire the error handler: the run stays partial.
				const partial = { workflowId: 'wf-rt', executionId: '89' };
				await finishRun(pool(), partial, { items: [{ kind: 'erpUpsertSummary', fetched: 1, inserted: 1, updated: 0, unchanged: 0, rejected: 0, deleted: 0, cellIssues: 1 }] });
				const failedOnPurpose = await logErrorRun(pool(), { ...errorTrigger, execution: { ...errorTrigger.execution, id: '89', error: { message: 'Row i-1 of erp.tasks was not stored completely' } }, workflow: { id: 'wf-rt' } });
				assert.deepEqual([failedOnPurpose.status, (await db.pool.query(`SELECT error_message FROM erp.execution_runs WHERE n8n_execution_id = '89'`)).rows[0].error_message], ['partial', 'Row i-1 of erp.tasks was not stored completely']);
				await refreshAnalytics(pool());
				const analytics = await db.pool.query(`SELECT sum(runs)::int AS runs FROM erp.pattern_analytics`);
				assert.equal(analytics.rows[0].runs, 2);
			}));
	});
}
