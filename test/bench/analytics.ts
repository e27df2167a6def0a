// Analytics at a realistic size: `rows` execution_runs (20 n8n workflows, 90 days, 1 in 10
// failed), then the pattern-analytics refresh and the per-workflow question (runs, success rate,
// p95 duration) asked of the materialized view and of execution_runs itself (last 30 days).
import type { Pool } from 'pg';
import { median, msSince } from './stats';

export interface AnalyticsFigures {
	rows: number;
	refreshMs: number;
	/** The per-workflow figures read from erp.pattern_analytics (all time: the view has no date range). */
	queryWithViewMs: number;
	/** The same figures computed from erp.execution_runs over the last 30 days. */
	queryWithoutViewMs: number;
}

const WORKFLOWS = 20;

const PER_WORKFLOW_FROM_RUNS = `SELECT count(*)::int AS runs,
	round((count(*) FILTER (WHERE status = 'success'))::numeric / nullif(count(*) FILTER (WHERE status <> 'running'), 0), 4) AS success_rate,
	percentile_cont(0.95) WITHIN GROUP (ORDER BY duration_ms) FILTER (WHERE status <> 'running') AS p95_duration_ms
	FROM erp.execution_runs WHERE deleted_at IS NULL AND n8n_workflow_id = $1 AND started_at >= now() - interval '30 days'`;
const PER_WORKFLOW_FROM_VIEW = `SELECT runs, success_rate, p95_duration_ms FROM erp.pattern_analytics WHERE n8n_workflow_id = $1`;

async function timed(pool: Pool, sql: string, params: unknown[] = []): Promise<number> {
	const t0 = process.hrtime.bigint();
	await pool.query(sql, params);
	return msSince(t0);
}

/** Fills erp.execution_runs with `rows` runs and measures; `runs` alternated repetitions of each figure. */
export async function benchAnalytics(pool: Pool, rows: number, runs: number): Promise<AnalyticsFigures> {
	await pool.query(
		`INSERT INTO erp.execution_runs (source, n8n_workflow_id, n8n_workflow_name, n8n_execution_id, mode, status, started_at, finished_at, duration_ms, erp_table)
		 SELECT 'n8n', 'bench-wf-' || (g % ${WORKFLOWS}), 'Bench workflow ' || (g % ${WORKFLOWS}), 'bench-' || g, 'webhook',
			CASE WHEN g % 10 = 0 THEN 'error' WHEN g % 97 = 0 THEN 'partial' ELSE 'success' END,
			s.started, s.started + make_interval(secs => s.ms / 1000.0), s.ms, 'tasks'
		 FROM generate_series(1, $1::int) AS g,
			LATERAL (SELECT now() - make_interval(secs => (g::bigint * 7919) % (90 * 86400)) AS started, ((g::bigint * 104729) % 60000)::bigint AS ms) s`,
		[rows],
	);
	await pool.query('ANALYZE erp.execution_runs');
	const refresh: number[] = [];
	const withView: number[] = [];
	const withoutView: number[] = [];
	for (let run = 0; run < runs; run++) {
		refresh.push(await timed(pool, 'SELECT erp.refresh_pattern_analytics()'));
		const workflow = `bench-wf-${run % WORKFLOWS}`;
		// Alternated, so a slow spell of the machine does not favour one of them.
		withView.push(await timed(pool, PER_WORKFLOW_FROM_VIEW, [workflow]));
		withoutView.push(await timed(pool, PER_WORKFLOW_FROM_RUNS, [workflow]));
	}
	const { rows: check } = await pool.query<{ n: number }>(`SELECT count(*)::int AS n FROM erp.pattern_analytics WHERE n8n_workflow_id LIKE 'bench-wf-%'`);
	if (check[0].n !== WORKFLOWS) throw new Error(`erp.pattern_analytics holds ${check[0].n} bench workflows after the refresh, expected ${WORKFLOWS}`);
	return { rows, refreshMs: median(refresh), queryWithViewMs: median(withView), queryWithoutViewMs: median(withoutView) };
}
