import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { createTestDatabase, testServers, type TestDatabase } from '../harness/postgres';
import { migrateUp } from './migrations';

for (const server of testServers()) {
	describe(`erp views on ${server.name}`, () => {
		let db: TestDatabase;
		const q = (sql: string, params: unknown[] = []) => db.pool.query(sql, params);
		before(async () => {
			db = await createTestDatabase(server, 'views');
			await migrateUp(db.pool);
		});
		after(() => db.drop());

		it('sprint_tasks lists each live sprint with its live tasks', async () => {
			await q(`INSERT INTO erp.sprints (coda_row_id, name, status) VALUES ('s1', 'Sprint 1', 'active')`);
			await q(`INSERT INTO erp.sprints (coda_row_id, name, deleted_at) VALUES ('s2', 'Gone', now())`);
			await q(`INSERT INTO erp.tasks (coda_row_id, name, status, sprint_id, sprint_coda_id, deleted_at)
				SELECT v.coda_row_id, v.name, v.status, s.id, s.coda_row_id, v.deleted_at::timestamptz
				FROM (VALUES ('t1', 'Write', 'done', 's1', NULL), ('t2', 'Ship', 'todo', 's1', NULL),
				             ('t3', 'Deleted', 'todo', 's1', '2026-01-01'), ('t4', 'In gone sprint', 'todo', 's2', NULL))
				     AS v(coda_row_id, name, status, sprint, deleted_at)
				JOIN erp.sprints s ON s.coda_row_id = v.sprint`);
			await q(`INSERT INTO erp.tasks (coda_row_id, name) VALUES ('t5', 'No sprint')`);
			const { rows } = await q(
				`SELECT sprint_coda_id, sprint_name, task_coda_id, task_status FROM erp.sprint_tasks ORDER BY task_coda_id`,
			);
			assert.deepEqual(rows, [
				{ sprint_coda_id: 's1', sprint_name: 'Sprint 1', task_coda_id: 't1', task_status: 'done' },
				{ sprint_coda_id: 's1', sprint_name: 'Sprint 1', task_coda_id: 't2', task_status: 'todo' },
			]);
		});

		it('project_progress counts done/total tasks (without cancelled), percent and open deliverables', async () => {
			await q(`INSERT INTO erp.projects (coda_row_id, name, status) VALUES ('p1', 'Alpha', 'active'), ('p2', 'Empty', 'planned')`);
			await q(`INSERT INTO erp.projects (coda_row_id, name, deleted_at) VALUES ('p3', 'Deleted', now())`);
			await q(`INSERT INTO erp.tasks (coda_row_id, status, project_id, deleted_at)
				SELECT v.id, v.status, p.id, v.deleted_at::timestamptz
				FROM (VALUES ('pt1', 'done', NULL), ('pt2', 'done', NULL), ('pt3', 'in_progress', NULL),
				             ('pt4', 'cancelled', NULL), ('pt5', 'done', '2026-01-01')) AS v(id, status, deleted_at)
				CROSS JOIN erp.projects p WHERE p.coda_row_id = 'p1'`);
			await q(`INSERT INTO erp.deliverables (coda_row_id, status, project_id, deleted_at)
				SELECT v.id, v.status, p.id, v.deleted_at::timestamptz
				FROM (VALUES ('d1', 'in_progress', NULL), ('d2', 'delivered', NULL), ('d3', NULL, NULL),
				             ('d4', 'in_progress', '2026-01-01')) AS v(id, status, deleted_at)
				CROSS JOIN erp.projects p WHERE p.coda_row_id = 'p1'`);
			const { rows } = await q(
				`SELECT project_coda_id, tasks_total, tasks_done, percent_done::float AS percent_done, deliverables_total, open_deliverables
				 FROM erp.project_progress ORDER BY project_coda_id`,
			);
			assert.deepEqual(rows, [
				{ project_coda_id: 'p1', tasks_total: 3, tasks_done: 2, percent_done: 66.7, deliverables_total: 3, open_deliverables: 2 },
				{ project_coda_id: 'p2', tasks_total: 0, tasks_done: 0, percent_done: null, deliverables_total: 0, open_deliverables: 0 },
			]);
		});

		it('project_progress goes by what an option means, whatever the doc calls it', async () => {
			await q(`INSERT INTO erp.tasks_status_options (value, meaning, position) VALUES
				('Erledigt ✅', 'done', 10), ('Abgebrochen', 'cancelled', 11), ('Waiting on client', NULL, 12)`);
			await q(`INSERT INTO erp.deliverables_status_options (value, meaning) VALUES ('Abgenommen', 'accepted'), ('Beim Kunden', NULL)`);
			await q(`INSERT INTO erp.projects (coda_row_id, name) VALUES ('p-de', 'Doc words')`);
			await q(`INSERT INTO erp.tasks (coda_row_id, status, project_id)
				SELECT v.id, v.status, p.id
				FROM (VALUES ('de1', 'Erledigt ✅'), ('de2', 'Erledigt ✅'), ('de3', 'Waiting on client'), ('de4', 'Abgebrochen'), ('de5', NULL))
				     AS v(id, status)
				CROSS JOIN erp.projects p WHERE p.coda_row_id = 'p-de'`);
			await q(`INSERT INTO erp.deliverables (coda_row_id, status, project_id)
				SELECT v.id, v.status, p.id FROM (VALUES ('dd1', 'Abgenommen'), ('dd2', 'Beim Kunden')) AS v(id, status)
				CROSS JOIN erp.projects p WHERE p.coda_row_id = 'p-de'`);
			const read = () =>
				q(`SELECT tasks_total, tasks_done, percent_done::float AS percent_done, deliverables_total, open_deliverables
				   FROM erp.project_progress WHERE project_coda_id = 'p-de'`);
			assert.deepEqual((await read()).rows, [
				{ tasks_total: 4, tasks_done: 2, percent_done: 50, deliverables_total: 2, open_deliverables: 1 },
			]);
			// Giving an option a meaning later changes the figures without touching a row.
			await q(`UPDATE erp.tasks_status_options SET meaning = 'done' WHERE value = 'Waiting on client'`);
			assert.deepEqual((await read()).rows[0].tasks_done, 3);
		});

		it('pattern_analytics gives runs, success rate, p50/p95 and last run per workflow and template, refreshable concurrently', async () => {
			await q(`INSERT INTO erp.workflows (coda_row_id, name) VALUES ('w1', 'Sync Coda')`);
			await q(`INSERT INTO erp.process_templates (coda_row_id, name) VALUES ('pt1', 'Onboarding')`);
			const run = (n8nWorkflow: string | null, execution: string, status: string, ms: number | null, startedAt: string, linked: boolean, deleted = false) =>
				q(
					`INSERT INTO erp.execution_runs (n8n_workflow_id, n8n_workflow_name, n8n_execution_id, status, duration_ms, started_at,
						workflow_id, process_template_id, deleted_at, source)
					 VALUES ($1, $1 || ' name', $2, $3, $4, $5,
						CASE WHEN $6 THEN (SELECT id FROM erp.workflows WHERE coda_row_id = 'w1') END,
						CASE WHEN $6 THEN (SELECT id FROM erp.process_templates WHERE coda_row_id = 'pt1') END,
						CASE WHEN $7 THEN now() END, CASE WHEN $1 IS NULL THEN 'memory-gateway' ELSE 'n8n' END)`,
					[n8nWorkflow, execution, status, ms, startedAt, linked, deleted],
				);
			await run('n8n-a', '1', 'success', 100, '2026-01-01T10:00:00Z', true);
			await run('n8n-a', '2', 'success', 200, '2026-01-01T11:00:00Z', true);
			await run('n8n-a', '3', 'error', 300, '2026-01-01T12:00:00Z', true);
			await run('n8n-a', '4', 'success', 400, '2026-01-01T13:00:00Z', true);
			await run('n8n-a', '5', 'running', null, '2026-01-01T14:00:00Z', true);
			await run('n8n-a', '6', 'success', 99999, '2026-01-02T00:00:00Z', true, true);
			await run('n8n-b', '1', 'partial', 50, '2026-01-01T09:00:00Z', false);
			// A crashed run counts as failed, and has no duration.
			await run('n8n-b', '9', 'crashed', null, '2026-01-01T09:30:00Z', false);
			await run(null, 'mg-1', 'success', 70, '2026-01-01T08:00:00Z', false);
			await run(null, 'mg-2', 'error', 90, '2026-01-01T08:30:00Z', false);

			await q(`SELECT erp.refresh_pattern_analytics()`);
			const read = () =>
				q(`SELECT analytics_key, workflow_name, process_template_name, n8n_workflow_id, n8n_workflow_name, runs, success_runs,
						error_runs, partial_runs, running_runs, crashed_runs, success_rate::float AS success_rate, p50_duration_ms, p95_duration_ms,
						last_run_at, last_status
					FROM erp.pattern_analytics ORDER BY n8n_workflow_id NULLS LAST`);
			const { rows } = await read();
			assert.equal(rows.length, 3);
			const [a, b, unlinked] = rows;
			assert.match(a.analytics_key, /^\d+\/\d+\/#n8n-a$/);
			assert.deepEqual(
				{ ...a, analytics_key: undefined, last_run_at: a.last_run_at.toISOString() },
				{
					analytics_key: undefined, workflow_name: 'Sync Coda', process_template_name: 'Onboarding',
					n8n_workflow_id: 'n8n-a', n8n_workflow_name: 'n8n-a name', runs: 5, success_runs: 3, error_runs: 1,
					partial_runs: 0, running_runs: 1, crashed_runs: 0, success_rate: 0.75, p50_duration_ms: 250, p95_duration_ms: 385,
					last_run_at: '2026-01-01T14:00:00.000Z', last_status: 'running',
				},
			);
			assert.equal(b.analytics_key, '//#n8n-b');
			assert.deepEqual([b.runs, b.partial_runs, b.crashed_runs, b.success_rate, b.p50_duration_ms, b.last_status], [2, 1, 1, 0, 50, 'crashed']);
			assert.equal(unlinked.analytics_key, '//');
			assert.deepEqual([unlinked.runs, unlinked.success_rate, unlinked.p50_duration_ms, unlinked.p95_duration_ms], [2, 0.5, 80, 89]);

			// A concurrent refresh (readers are never blocked) sees new runs.
			await run('n8n-b', '2', 'success', 150, '2026-01-03T09:00:00Z', false);
			await q(`REFRESH MATERIALIZED VIEW CONCURRENTLY erp.pattern_analytics`);
			const after = (await read()).rows.find((r) => r.n8n_workflow_id === 'n8n-b');
			assert.deepEqual([after.runs, after.success_rate, after.p50_duration_ms, after.last_status], [3, 0.3333, 100, 'success']);
		});
	});
}
