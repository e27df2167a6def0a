// Relationships Coda computes by formula, as views over the mirrored tables. Soft-deleted
// rows (deleted_at set) never count. A select value counts by its option's `meaning`
// (erp.<table>_<column>_options), never by its text: the doc names its own options.
import { and, eq, isNull, sql } from 'drizzle-orm';
import { bigint, doublePrecision, integer, numeric, text, timestamp } from 'drizzle-orm/pg-core';
import { erp, sqlLiteralList } from './columns';
import { closedDeliverableStatuses, deliverablesStatusOptions } from './clients';
import { sprints, tasks, tasksStatusOptions } from './operations';

/** Sprint → its tasks (one row per live task of a live sprint). */
export const sprintTasks = erp.view('sprint_tasks').as((qb) =>
	qb
		.select({
			sprint_id: sql<number>`${sprints.id}`.as('sprint_id'),
			sprint_coda_id: sql<string>`${sprints.coda_row_id}`.as('sprint_coda_id'),
			sprint_name: sql<string | null>`${sprints.name}`.as('sprint_name'),
			sprint_status: sql<string | null>`${sprints.status}`.as('sprint_status'),
			sprint_start_date: sql<string | null>`${sprints.start_date}`.as('sprint_start_date'),
			sprint_end_date: sql<string | null>`${sprints.end_date}`.as('sprint_end_date'),
			task_id: sql<number>`${tasks.id}`.as('task_id'),
			task_coda_id: sql<string>`${tasks.coda_row_id}`.as('task_coda_id'),
			task_name: sql<string | null>`${tasks.name}`.as('task_name'),
			task_status: sql<string | null>`${tasks.status}`.as('task_status'),
			project_id: tasks.project_id,
			assignee_id: tasks.assignee_id,
			assignee_email: tasks.assignee_email,
			due_date: tasks.due_date,
			estimate_hours: tasks.estimate_hours,
		})
		.from(sprints)
		.innerJoin(tasks, eq(tasks.sprint_id, sprints.id))
		.where(and(isNull(sprints.deleted_at), isNull(tasks.deleted_at))),
);

/**
 * Per live project: tasks done / total (tasks whose status means cancelled excluded from the
 * total), percent done (NULL when the project has no tasks), open and total deliverables
 * (open: no status, or one whose meaning is not in closedDeliverableStatuses).
 */
export const projectProgress = erp
	.view('project_progress', {
		project_id: bigint('project_id', { mode: 'number' }),
		project_coda_id: text('project_coda_id'),
		project_name: text('project_name'),
		project_status: text('project_status'),
		tasks_total: integer('tasks_total'),
		tasks_done: integer('tasks_done'),
		percent_done: numeric('percent_done'),
		deliverables_total: integer('deliverables_total'),
		open_deliverables: integer('open_deliverables'),
	})
	.as(
		sql`SELECT p.id AS project_id, p.coda_row_id AS project_coda_id, p.name AS project_name,
	p.status AS project_status,
	coalesce(t.tasks_total, 0) AS tasks_total,
	coalesce(t.tasks_done, 0) AS tasks_done,
	round(100.0 * t.tasks_done / nullif(t.tasks_total, 0), 1) AS percent_done,
	coalesce(d.deliverables_total, 0) AS deliverables_total,
	coalesce(d.open_deliverables, 0) AS open_deliverables
FROM erp.projects p
LEFT JOIN (
	SELECT tk.project_id,
		(count(*) FILTER (WHERE o.meaning IS DISTINCT FROM 'cancelled'))::integer AS tasks_total,
		(count(*) FILTER (WHERE o.meaning = 'done'))::integer AS tasks_done
	FROM erp.tasks tk LEFT JOIN ${tasksStatusOptions} o ON o.value = tk.status
	WHERE tk.deleted_at IS NULL GROUP BY tk.project_id
) t ON t.project_id = p.id
LEFT JOIN (
	SELECT dl.project_id,
		count(*)::integer AS deliverables_total,
		(count(*) FILTER (WHERE o.meaning IS NULL OR o.meaning NOT IN (${sqlLiteralList(closedDeliverableStatuses)})))::integer AS open_deliverables
	FROM erp.deliverables dl LEFT JOIN ${deliverablesStatusOptions} o ON o.value = dl.status
	WHERE dl.deleted_at IS NULL GROUP BY dl.project_id
) d ON d.project_id = p.id
WHERE p.deleted_at IS NULL`,
	);

/**
 * Run statistics per (Coda workflow, process template, n8n workflow) over live execution_runs.
 * `analytics_key` is a plain column that is unique even when the ids are NULL, so the unique
 * index REFRESH ... CONCURRENTLY needs can be on it (PostgreSQL rejects expression indexes there).
 * success_rate = success / finished runs (running excluded: error, partial and crashed count as
 * failed); durations of finished runs only (a crashed run has none).
 * Refresh it with `SELECT erp.refresh_pattern_analytics()` (the roles may not own the view).
 */
export const patternAnalytics = erp
	.materializedView('pattern_analytics', {
		analytics_key: text('analytics_key').notNull(),
		workflow_id: bigint('workflow_id', { mode: 'number' }),
		workflow_name: text('workflow_name'),
		process_template_id: bigint('process_template_id', { mode: 'number' }),
		process_template_name: text('process_template_name'),
		n8n_workflow_id: text('n8n_workflow_id'),
		n8n_workflow_name: text('n8n_workflow_name'),
		runs: integer('runs').notNull(),
		success_runs: integer('success_runs').notNull(),
		error_runs: integer('error_runs').notNull(),
		partial_runs: integer('partial_runs').notNull(),
		running_runs: integer('running_runs').notNull(),
		crashed_runs: integer('crashed_runs').notNull(),
		success_rate: numeric('success_rate'),
		p50_duration_ms: doublePrecision('p50_duration_ms'),
		p95_duration_ms: doublePrecision('p95_duration_ms'),
		last_run_at: timestamp('last_run_at', { withTimezone: true }),
		last_status: text('last_status'),
	})
	.as(
		sql`WITH grouped AS (
	SELECT workflow_id, process_template_id, n8n_workflow_id,
		count(*)::integer AS runs,
		(count(*) FILTER (WHERE status = 'success'))::integer AS success_runs,
		(count(*) FILTER (WHERE status = 'error'))::integer AS error_runs,
		(count(*) FILTER (WHERE status = 'partial'))::integer AS partial_runs,
		(count(*) FILTER (WHERE status = 'running'))::integer AS running_runs,
		(count(*) FILTER (WHERE status = 'crashed'))::integer AS crashed_runs,
		round((count(*) FILTER (WHERE status = 'success'))::numeric
			/ nullif(count(*) FILTER (WHERE status <> 'running'), 0), 4) AS success_rate,
		percentile_cont(0.5) WITHIN GROUP (ORDER BY duration_ms) FILTER (WHERE status <> 'running') AS p50_duration_ms,
		percentile_cont(0.95) WITHIN GROUP (ORDER BY duration_ms) FILTER (WHERE status <> 'running') AS p95_duration_ms,
		max(started_at) AS last_run_at,
		(array_agg(status ORDER BY started_at DESC NULLS LAST, id DESC))[1] AS last_status,
		(array_agg(n8n_workflow_name ORDER BY started_at DESC NULLS LAST, id DESC))[1] AS n8n_workflow_name
	FROM erp.execution_runs
	WHERE deleted_at IS NULL
	GROUP BY workflow_id, process_template_id, n8n_workflow_id
)
SELECT coalesce(g.workflow_id::text, '') || '/' || coalesce(g.process_template_id::text, '') || '/'
		|| coalesce('#' || g.n8n_workflow_id, '') AS analytics_key,
	g.workflow_id, w.name AS workflow_name,
	g.process_template_id, pt.name AS process_template_name,
	g.n8n_workflow_id, g.n8n_workflow_name,
	g.runs, g.success_runs, g.error_runs, g.partial_runs, g.running_runs, g.crashed_runs, g.success_rate,
	g.p50_duration_ms, g.p95_duration_ms, g.last_run_at, g.last_status
FROM grouped g
LEFT JOIN erp.workflows w ON w.id = g.workflow_id
LEFT JOIN erp.process_templates pt ON pt.id = g.process_template_id`,
	);
