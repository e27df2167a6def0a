DROP MATERIALIZED VIEW "erp"."pattern_analytics";--> statement-breakpoint
ALTER TABLE "erp"."execution_runs" DROP CONSTRAINT "execution_runs_status_check";--> statement-breakpoint
ALTER TABLE "erp"."sync_settings" DROP CONSTRAINT "sync_settings_key_check";--> statement-breakpoint
ALTER TABLE "erp"."execution_runs" ADD CONSTRAINT "execution_runs_status_check" CHECK ("erp"."execution_runs"."status" IN ('running', 'success', 'error', 'partial', 'crashed'));--> statement-breakpoint
ALTER TABLE "erp"."sync_settings" ADD CONSTRAINT "sync_settings_key_check" CHECK ("erp"."sync_settings"."key" IN ('coda_doc_id', 'planner_api_url', 'memory_gateway_url', 'doc_changes', 'crashed_after_minutes'));--> statement-breakpoint
CREATE MATERIALIZED VIEW "erp"."pattern_analytics" AS (WITH grouped AS (
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
LEFT JOIN erp.process_templates pt ON pt.id = g.process_template_id);--> statement-breakpoint
-- Hand-written from here on: the view was dropped and created again (a new column, crashed_runs),
-- so its unique index (REFRESH ... CONCURRENTLY needs it) and grants are made again as 0000 made them.
CREATE UNIQUE INDEX "pattern_analytics_analytics_key_idx" ON "erp"."pattern_analytics" ("analytics_key");
--> statement-breakpoint
GRANT SELECT ON "erp"."pattern_analytics" TO "erp_reader", "erp_memory_gateway";
--> statement-breakpoint
GRANT SELECT, INSERT, UPDATE, DELETE ON "erp"."pattern_analytics" TO "erp_sync";
