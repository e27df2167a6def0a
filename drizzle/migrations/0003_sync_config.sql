CREATE TABLE "erp"."sync_config" (
	"erp_table" text PRIMARY KEY NOT NULL,
	"coda_table" text NOT NULL,
	"delivery" text DEFAULT 'batch' NOT NULL,
	"cadence_minutes" integer DEFAULT 15 NOT NULL,
	"enabled" boolean DEFAULT true NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "sync_config_erp_table_check" CHECK ("erp"."sync_config"."erp_table" IN ('assets', 'daily_thread', 'deals', 'decision_journal', 'deliverables', 'engagements', 'execution_runs', 'expenses', 'experiments', 'finance_snapshot', 'functional_areas', 'icp_scoring', 'icp_segments', 'ideas_inbox', 'invoices', 'kpis', 'notebook', 'offers', 'okrs', 'organizations', 'outcome_types', 'payments', 'people', 'process_templates', 'projects', 'prompt_library', 'resource_templates', 'results', 'service_blueprints', 'sprints', 'tasks', 'template_performance', 'topics', 'touchpoints', 'ventures', 'workflows')),
	CONSTRAINT "sync_config_delivery_check" CHECK ("erp"."sync_config"."delivery" IN ('realtime', 'batch', 'off')),
	CONSTRAINT "sync_config_cadence_minutes_check" CHECK ("erp"."sync_config"."cadence_minutes" IN (5, 15, 60))
);
--> statement-breakpoint
CREATE TABLE "erp"."sync_settings" (
	"key" text PRIMARY KEY NOT NULL,
	"value" text DEFAULT '' NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "sync_settings_key_check" CHECK ("erp"."sync_settings"."key" IN ('coda_doc_id', 'planner_api_url', 'memory_gateway_url'))
);

--> statement-breakpoint
-- Hand-written: the defaults. Real time: the operational tables a person edits all day; batch
-- every 15 minutes: the other phase 1 and the phase 2 tables; every 60: phase 3 (strategy and
-- analytics). Coda table names are the Title Case of the erp names, as in the sample doc; a real
-- doc names its own (`erp-db config table <erp_table> --coda-table <id or name>`).
INSERT INTO "erp"."sync_config" ("erp_table", "coda_table", "delivery", "cadence_minutes")
SELECT t, initcap(replace(t, '_', ' ')),
	CASE WHEN t IN ('ventures', 'projects', 'tasks', 'sprints', 'execution_runs') THEN 'realtime' ELSE 'batch' END,
	CASE WHEN t IN ('finance_snapshot', 'functional_areas', 'icp_scoring', 'icp_segments', 'ideas_inbox', 'kpis', 'okrs',
		'outcome_types', 'template_performance', 'topics', 'touchpoints') THEN 60 ELSE 15 END
FROM unnest(ARRAY['assets', 'daily_thread', 'deals', 'decision_journal', 'deliverables', 'engagements', 'execution_runs',
	'expenses', 'experiments', 'finance_snapshot', 'functional_areas', 'icp_scoring', 'icp_segments', 'ideas_inbox', 'invoices',
	'kpis', 'notebook', 'offers', 'okrs', 'organizations', 'outcome_types', 'payments', 'people', 'process_templates', 'projects',
	'prompt_library', 'resource_templates', 'results', 'service_blueprints', 'sprints', 'tasks', 'template_performance', 'topics',
	'touchpoints', 'ventures', 'workflows']) AS t;
--> statement-breakpoint
-- Empty until set: `erp-db config set <key> <value>` (no POST goes to an unset URL).
INSERT INTO "erp"."sync_settings" ("key", "value") VALUES ('coda_doc_id', ''), ('planner_api_url', ''), ('memory_gateway_url', '');
--> statement-breakpoint
-- Hand-written: n8n (erp_sync) reads the configuration (and `erp-db config` as an erp_sync member
-- may change it); readers see it.
GRANT SELECT, INSERT, UPDATE, DELETE ON "erp"."sync_config", "erp"."sync_settings" TO "erp_sync";
--> statement-breakpoint
GRANT SELECT ON "erp"."sync_config", "erp"."sync_settings" TO "erp_reader";
