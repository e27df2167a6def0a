CREATE SCHEMA "erp";
--> statement-breakpoint
CREATE TABLE "erp"."deliverables" (
	"id" bigint PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "erp"."deliverables_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1),
	"coda_row_id" text NOT NULL,
	"coda_created_at" timestamp with time zone,
	"coda_updated_at" timestamp with time zone,
	"synced_at" timestamp with time zone DEFAULT now() NOT NULL,
	"deleted_at" timestamp with time zone,
	"content_hash" text,
	"coda_row" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"name" text,
	"status" text,
	"engagement_id" bigint,
	"engagement_coda_id" text,
	"project_id" bigint,
	"project_coda_id" text,
	"owner_email" text,
	"owner_id" bigint,
	"due_date" date,
	"delivered_on" date,
	"acceptance_criteria" text,
	"document_url" text,
	CONSTRAINT "deliverables_coda_row_id_unique" UNIQUE("coda_row_id"),
	CONSTRAINT "deliverables_status_check" CHECK ("erp"."deliverables"."status" IN ('not_started', 'in_progress', 'in_review', 'delivered', 'accepted', 'rejected', 'cancelled'))
);
--> statement-breakpoint
CREATE TABLE "erp"."engagements" (
	"id" bigint PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "erp"."engagements_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1),
	"coda_row_id" text NOT NULL,
	"coda_created_at" timestamp with time zone,
	"coda_updated_at" timestamp with time zone,
	"synced_at" timestamp with time zone DEFAULT now() NOT NULL,
	"deleted_at" timestamp with time zone,
	"content_hash" text,
	"coda_row" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"name" text,
	"status" text,
	"billing_model" text,
	"client_organization_id" bigint,
	"client_organization_coda_id" text,
	"offer_id" bigint,
	"offer_coda_id" text,
	"owner_email" text,
	"owner_id" bigint,
	"client_contact_email" text,
	"client_contact_id" bigint,
	"start_date" date,
	"end_date" date,
	"contract_value_amount" numeric(14, 2),
	"contract_value_currency" char(3),
	"contract_url" text,
	CONSTRAINT "engagements_coda_row_id_unique" UNIQUE("coda_row_id"),
	CONSTRAINT "engagements_status_check" CHECK ("erp"."engagements"."status" IN ('proposed', 'active', 'paused', 'completed', 'cancelled')),
	CONSTRAINT "engagements_billing_model_check" CHECK ("erp"."engagements"."billing_model" IN ('fixed', 'retainer', 'hourly', 'milestone'))
);
--> statement-breakpoint
CREATE TABLE "erp"."execution_runs" (
	"id" bigint PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "erp"."execution_runs_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1),
	"coda_row_id" text,
	"coda_created_at" timestamp with time zone,
	"coda_updated_at" timestamp with time zone,
	"synced_at" timestamp with time zone DEFAULT now() NOT NULL,
	"deleted_at" timestamp with time zone,
	"content_hash" text,
	"coda_row" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"source" text DEFAULT 'n8n' NOT NULL,
	"n8n_workflow_id" text,
	"n8n_workflow_name" text,
	"n8n_execution_id" text,
	"mode" text,
	"status" text DEFAULT 'running' NOT NULL,
	"started_at" timestamp with time zone,
	"finished_at" timestamp with time zone,
	"duration_ms" bigint,
	"workflow_id" bigint,
	"workflow_coda_id" text,
	"process_template_id" bigint,
	"process_template_coda_id" text,
	"erp_table" text,
	"coda_table_id" text,
	"fetched_count" integer DEFAULT 0 NOT NULL,
	"inserted_count" integer DEFAULT 0 NOT NULL,
	"updated_count" integer DEFAULT 0 NOT NULL,
	"unchanged_count" integer DEFAULT 0 NOT NULL,
	"rejected_count" integer DEFAULT 0 NOT NULL,
	"deleted_count" integer DEFAULT 0 NOT NULL,
	"error_message" text,
	"failing_node" text,
	"details" jsonb DEFAULT '{}'::jsonb NOT NULL,
	CONSTRAINT "execution_runs_coda_row_id_unique" UNIQUE("coda_row_id"),
	CONSTRAINT "execution_runs_n8n_execution_key" UNIQUE("n8n_workflow_id","n8n_execution_id"),
	CONSTRAINT "execution_runs_source_check" CHECK ("erp"."execution_runs"."source" IN ('n8n', 'memory-gateway', 'coda')),
	CONSTRAINT "execution_runs_status_check" CHECK ("erp"."execution_runs"."status" IN ('running', 'success', 'error', 'partial')),
	CONSTRAINT "execution_runs_duration_ms_check" CHECK ("erp"."execution_runs"."duration_ms" >= 0),
	CONSTRAINT "execution_runs_finished_after_start" CHECK ("erp"."execution_runs"."finished_at" >= "erp"."execution_runs"."started_at")
);
--> statement-breakpoint
CREATE TABLE "erp"."offers" (
	"id" bigint PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "erp"."offers_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1),
	"coda_row_id" text NOT NULL,
	"coda_created_at" timestamp with time zone,
	"coda_updated_at" timestamp with time zone,
	"synced_at" timestamp with time zone DEFAULT now() NOT NULL,
	"deleted_at" timestamp with time zone,
	"content_hash" text,
	"coda_row" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"name" text,
	"status" text,
	"offer_type" text,
	"service_blueprint_id" bigint,
	"service_blueprint_coda_id" text,
	"venture_id" bigint,
	"venture_coda_id" text,
	"owner_email" text,
	"owner_id" bigint,
	"price_amount" numeric(14, 2),
	"price_currency" char(3),
	"duration_weeks" integer,
	"target_segment" text,
	"sales_page_url" text,
	"description" text,
	CONSTRAINT "offers_coda_row_id_unique" UNIQUE("coda_row_id"),
	CONSTRAINT "offers_status_check" CHECK ("erp"."offers"."status" IN ('draft', 'active', 'retired')),
	CONSTRAINT "offers_offer_type_check" CHECK ("erp"."offers"."offer_type" IN ('fixed_scope', 'retainer', 'time_and_materials', 'workshop', 'product'))
);
--> statement-breakpoint
CREATE TABLE "erp"."organizations" (
	"id" bigint PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "erp"."organizations_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1),
	"coda_row_id" text NOT NULL,
	"coda_created_at" timestamp with time zone,
	"coda_updated_at" timestamp with time zone,
	"synced_at" timestamp with time zone DEFAULT now() NOT NULL,
	"deleted_at" timestamp with time zone,
	"content_hash" text,
	"coda_row" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"name" text,
	"organization_type" text,
	"status" text,
	"industry" text,
	"website_url" text,
	"country" text,
	"employee_count" integer,
	"annual_revenue_amount" numeric(14, 2),
	"annual_revenue_currency" char(3),
	"owner_email" text,
	"owner_id" bigint,
	"first_contact_date" date,
	CONSTRAINT "organizations_coda_row_id_unique" UNIQUE("coda_row_id"),
	CONSTRAINT "organizations_organization_type_check" CHECK ("erp"."organizations"."organization_type" IN ('client', 'prospect', 'partner', 'vendor', 'investor', 'internal')),
	CONSTRAINT "organizations_status_check" CHECK ("erp"."organizations"."status" IN ('active', 'inactive', 'churned'))
);
--> statement-breakpoint
CREATE TABLE "erp"."people" (
	"id" bigint PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "erp"."people_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1),
	"coda_row_id" text NOT NULL,
	"coda_created_at" timestamp with time zone,
	"coda_updated_at" timestamp with time zone,
	"synced_at" timestamp with time zone DEFAULT now() NOT NULL,
	"deleted_at" timestamp with time zone,
	"content_hash" text,
	"coda_row" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"name" text,
	"email" text,
	"person_type" text,
	"status" text,
	"title" text,
	"organization_id" bigint,
	"organization_coda_id" text,
	"phone" text,
	"location" text,
	"linkedin_url" text,
	"hourly_rate_amount" numeric(14, 2),
	"hourly_rate_currency" char(3),
	"start_date" date,
	"end_date" date,
	CONSTRAINT "people_coda_row_id_unique" UNIQUE("coda_row_id"),
	CONSTRAINT "people_person_type_check" CHECK ("erp"."people"."person_type" IN ('team', 'contractor', 'client_contact', 'partner', 'advisor', 'investor')),
	CONSTRAINT "people_status_check" CHECK ("erp"."people"."status" IN ('active', 'inactive', 'alumni'))
);
--> statement-breakpoint
CREATE TABLE "erp"."process_templates" (
	"id" bigint PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "erp"."process_templates_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1),
	"coda_row_id" text NOT NULL,
	"coda_created_at" timestamp with time zone,
	"coda_updated_at" timestamp with time zone,
	"synced_at" timestamp with time zone DEFAULT now() NOT NULL,
	"deleted_at" timestamp with time zone,
	"content_hash" text,
	"coda_row" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"name" text,
	"status" text,
	"category" text,
	"workflow_id" bigint,
	"workflow_coda_id" text,
	"service_blueprint_id" bigint,
	"service_blueprint_coda_id" text,
	"owner_email" text,
	"owner_id" bigint,
	"version" text,
	"step_count" integer,
	"estimated_hours" numeric(8, 2),
	"document_url" text,
	CONSTRAINT "process_templates_coda_row_id_unique" UNIQUE("coda_row_id"),
	CONSTRAINT "process_templates_status_check" CHECK ("erp"."process_templates"."status" IN ('draft', 'active', 'retired'))
);
--> statement-breakpoint
CREATE TABLE "erp"."projects" (
	"id" bigint PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "erp"."projects_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1),
	"coda_row_id" text NOT NULL,
	"coda_created_at" timestamp with time zone,
	"coda_updated_at" timestamp with time zone,
	"synced_at" timestamp with time zone DEFAULT now() NOT NULL,
	"deleted_at" timestamp with time zone,
	"content_hash" text,
	"coda_row" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"name" text,
	"status" text,
	"priority" text,
	"health" text,
	"description" text,
	"venture_id" bigint,
	"venture_coda_id" text,
	"client_organization_id" bigint,
	"client_organization_coda_id" text,
	"engagement_id" bigint,
	"engagement_coda_id" text,
	"owner_email" text,
	"owner_id" bigint,
	"start_date" date,
	"due_date" date,
	"completed_on" date,
	"budget_amount" numeric(14, 2),
	"budget_currency" char(3),
	CONSTRAINT "projects_coda_row_id_unique" UNIQUE("coda_row_id"),
	CONSTRAINT "projects_status_check" CHECK ("erp"."projects"."status" IN ('planned', 'active', 'on_hold', 'completed', 'cancelled')),
	CONSTRAINT "projects_priority_check" CHECK ("erp"."projects"."priority" IN ('low', 'medium', 'high', 'critical')),
	CONSTRAINT "projects_health_check" CHECK ("erp"."projects"."health" IN ('on_track', 'at_risk', 'off_track'))
);
--> statement-breakpoint
CREATE TABLE "erp"."resource_templates" (
	"id" bigint PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "erp"."resource_templates_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1),
	"coda_row_id" text NOT NULL,
	"coda_created_at" timestamp with time zone,
	"coda_updated_at" timestamp with time zone,
	"synced_at" timestamp with time zone DEFAULT now() NOT NULL,
	"deleted_at" timestamp with time zone,
	"content_hash" text,
	"coda_row" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"name" text,
	"status" text,
	"resource_type" text,
	"process_template_id" bigint,
	"process_template_coda_id" text,
	"owner_email" text,
	"owner_id" bigint,
	"url" text,
	"version" text,
	"description" text,
	CONSTRAINT "resource_templates_coda_row_id_unique" UNIQUE("coda_row_id"),
	CONSTRAINT "resource_templates_status_check" CHECK ("erp"."resource_templates"."status" IN ('draft', 'active', 'retired')),
	CONSTRAINT "resource_templates_resource_type_check" CHECK ("erp"."resource_templates"."resource_type" IN ('document', 'spreadsheet', 'slide_deck', 'checklist', 'prompt', 'code', 'other'))
);
--> statement-breakpoint
CREATE TABLE "erp"."results" (
	"id" bigint PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "erp"."results_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1),
	"coda_row_id" text NOT NULL,
	"coda_created_at" timestamp with time zone,
	"coda_updated_at" timestamp with time zone,
	"synced_at" timestamp with time zone DEFAULT now() NOT NULL,
	"deleted_at" timestamp with time zone,
	"content_hash" text,
	"coda_row" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"name" text,
	"status" text,
	"result_type" text,
	"engagement_id" bigint,
	"engagement_coda_id" text,
	"deliverable_id" bigint,
	"deliverable_coda_id" text,
	"metric_name" text,
	"baseline_value" numeric,
	"achieved_value" numeric,
	"unit" text,
	"financial_impact_amount" numeric(14, 2),
	"financial_impact_currency" char(3),
	"measured_on" date,
	"verified" boolean,
	"testimonial" text,
	CONSTRAINT "results_coda_row_id_unique" UNIQUE("coda_row_id"),
	CONSTRAINT "results_status_check" CHECK ("erp"."results"."status" IN ('claimed', 'verified', 'published')),
	CONSTRAINT "results_result_type_check" CHECK ("erp"."results"."result_type" IN ('revenue', 'cost_saving', 'time_saving', 'growth', 'quality', 'other'))
);
--> statement-breakpoint
CREATE TABLE "erp"."service_blueprints" (
	"id" bigint PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "erp"."service_blueprints_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1),
	"coda_row_id" text NOT NULL,
	"coda_created_at" timestamp with time zone,
	"coda_updated_at" timestamp with time zone,
	"synced_at" timestamp with time zone DEFAULT now() NOT NULL,
	"deleted_at" timestamp with time zone,
	"content_hash" text,
	"coda_row" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"name" text,
	"status" text,
	"category" text,
	"description" text,
	"owner_email" text,
	"owner_id" bigint,
	"version" text,
	"target_duration_days" integer,
	"base_price_amount" numeric(14, 2),
	"base_price_currency" char(3),
	"document_url" text,
	"last_reviewed_on" date,
	CONSTRAINT "service_blueprints_coda_row_id_unique" UNIQUE("coda_row_id"),
	CONSTRAINT "service_blueprints_status_check" CHECK ("erp"."service_blueprints"."status" IN ('draft', 'active', 'retired'))
);
--> statement-breakpoint
CREATE TABLE "erp"."sprints" (
	"id" bigint PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "erp"."sprints_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1),
	"coda_row_id" text NOT NULL,
	"coda_created_at" timestamp with time zone,
	"coda_updated_at" timestamp with time zone,
	"synced_at" timestamp with time zone DEFAULT now() NOT NULL,
	"deleted_at" timestamp with time zone,
	"content_hash" text,
	"coda_row" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"name" text,
	"status" text,
	"sprint_number" integer,
	"goal" text,
	"project_id" bigint,
	"project_coda_id" text,
	"start_date" date,
	"end_date" date,
	"capacity_hours" numeric(8, 2),
	CONSTRAINT "sprints_coda_row_id_unique" UNIQUE("coda_row_id"),
	CONSTRAINT "sprints_status_check" CHECK ("erp"."sprints"."status" IN ('planned', 'active', 'completed', 'cancelled'))
);
--> statement-breakpoint
CREATE TABLE "erp"."tasks" (
	"id" bigint PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "erp"."tasks_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1),
	"coda_row_id" text NOT NULL,
	"coda_created_at" timestamp with time zone,
	"coda_updated_at" timestamp with time zone,
	"synced_at" timestamp with time zone DEFAULT now() NOT NULL,
	"deleted_at" timestamp with time zone,
	"content_hash" text,
	"coda_row" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"name" text,
	"status" text,
	"priority" text,
	"project_id" bigint,
	"project_coda_id" text,
	"sprint_id" bigint,
	"sprint_coda_id" text,
	"process_template_id" bigint,
	"process_template_coda_id" text,
	"assignee_email" text,
	"assignee_id" bigint,
	"due_date" date,
	"completed_at" timestamp with time zone,
	"estimate_hours" numeric(8, 2),
	"actual_hours" numeric(8, 2),
	"blocked_by_coda_ids" text[],
	"notes" text,
	CONSTRAINT "tasks_coda_row_id_unique" UNIQUE("coda_row_id"),
	CONSTRAINT "tasks_status_check" CHECK ("erp"."tasks"."status" IN ('backlog', 'todo', 'in_progress', 'blocked', 'review', 'done', 'cancelled')),
	CONSTRAINT "tasks_priority_check" CHECK ("erp"."tasks"."priority" IN ('low', 'medium', 'high', 'critical'))
);
--> statement-breakpoint
CREATE TABLE "erp"."ventures" (
	"id" bigint PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "erp"."ventures_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1),
	"coda_row_id" text NOT NULL,
	"coda_created_at" timestamp with time zone,
	"coda_updated_at" timestamp with time zone,
	"synced_at" timestamp with time zone DEFAULT now() NOT NULL,
	"deleted_at" timestamp with time zone,
	"content_hash" text,
	"coda_row" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"name" text,
	"status" text,
	"venture_type" text,
	"thesis" text,
	"owner_email" text,
	"owner_id" bigint,
	"partner_organization_id" bigint,
	"partner_organization_coda_id" text,
	"started_on" date,
	"budget_amount" numeric(14, 2),
	"budget_currency" char(3),
	"equity_percent" numeric(5, 2),
	"website_url" text,
	CONSTRAINT "ventures_coda_row_id_unique" UNIQUE("coda_row_id"),
	CONSTRAINT "ventures_status_check" CHECK ("erp"."ventures"."status" IN ('idea', 'validating', 'building', 'launched', 'paused', 'killed', 'exited')),
	CONSTRAINT "ventures_venture_type_check" CHECK ("erp"."ventures"."venture_type" IN ('internal', 'client', 'joint')),
	CONSTRAINT "ventures_equity_percent_range" CHECK ("erp"."ventures"."equity_percent" BETWEEN 0 AND 100)
);
--> statement-breakpoint
CREATE TABLE "erp"."workflows" (
	"id" bigint PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "erp"."workflows_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1),
	"coda_row_id" text NOT NULL,
	"coda_created_at" timestamp with time zone,
	"coda_updated_at" timestamp with time zone,
	"synced_at" timestamp with time zone DEFAULT now() NOT NULL,
	"deleted_at" timestamp with time zone,
	"content_hash" text,
	"coda_row" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"name" text,
	"status" text,
	"workflow_type" text,
	"trigger_type" text,
	"service_blueprint_id" bigint,
	"service_blueprint_coda_id" text,
	"owner_email" text,
	"owner_id" bigint,
	"n8n_workflow_id" text,
	"description" text,
	"documentation_url" text,
	"expected_duration_minutes" numeric(10, 2),
	"last_reviewed_on" date,
	CONSTRAINT "workflows_coda_row_id_unique" UNIQUE("coda_row_id"),
	CONSTRAINT "workflows_status_check" CHECK ("erp"."workflows"."status" IN ('draft', 'active', 'deprecated')),
	CONSTRAINT "workflows_workflow_type_check" CHECK ("erp"."workflows"."workflow_type" IN ('manual', 'automated', 'hybrid')),
	CONSTRAINT "workflows_trigger_type_check" CHECK ("erp"."workflows"."trigger_type" IN ('manual', 'schedule', 'webhook', 'event'))
);
--> statement-breakpoint
CREATE TABLE "erp"."quarantine" (
	"id" bigint PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "erp"."quarantine_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1),
	"erp_table" text NOT NULL,
	"coda_row_id" text NOT NULL,
	"coda_doc_id" text,
	"coda_table_id" text,
	"reason" text NOT NULL,
	"raw_row" jsonb NOT NULL,
	"first_seen_at" timestamp with time zone DEFAULT now() NOT NULL,
	"last_seen_at" timestamp with time zone DEFAULT now() NOT NULL,
	"attempts" integer DEFAULT 1 NOT NULL,
	CONSTRAINT "quarantine_row_key" UNIQUE("erp_table","coda_row_id")
);
--> statement-breakpoint
CREATE TABLE "erp"."sync_state" (
	"id" bigint PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "erp"."sync_state_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1),
	"coda_doc_id" text NOT NULL,
	"coda_table_id" text NOT NULL,
	"erp_table" text NOT NULL,
	"sync_token" text,
	"columns" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"column_bindings" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"last_full_sync_at" timestamp with time zone,
	"last_incremental_sync_at" timestamp with time zone,
	"last_reconcile_at" timestamp with time zone,
	"row_count" integer,
	"last_row_count_coda" integer,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "sync_state_coda_table_key" UNIQUE("coda_doc_id","coda_table_id")
);
--> statement-breakpoint
ALTER TABLE "erp"."deliverables" ADD CONSTRAINT "deliverables_engagement_id_engagements_id_fk" FOREIGN KEY ("engagement_id") REFERENCES "erp"."engagements"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "erp"."deliverables" ADD CONSTRAINT "deliverables_project_id_projects_id_fk" FOREIGN KEY ("project_id") REFERENCES "erp"."projects"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "erp"."deliverables" ADD CONSTRAINT "deliverables_owner_id_people_id_fk" FOREIGN KEY ("owner_id") REFERENCES "erp"."people"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "erp"."engagements" ADD CONSTRAINT "engagements_client_organization_id_organizations_id_fk" FOREIGN KEY ("client_organization_id") REFERENCES "erp"."organizations"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "erp"."engagements" ADD CONSTRAINT "engagements_offer_id_offers_id_fk" FOREIGN KEY ("offer_id") REFERENCES "erp"."offers"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "erp"."engagements" ADD CONSTRAINT "engagements_owner_id_people_id_fk" FOREIGN KEY ("owner_id") REFERENCES "erp"."people"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "erp"."engagements" ADD CONSTRAINT "engagements_client_contact_id_people_id_fk" FOREIGN KEY ("client_contact_id") REFERENCES "erp"."people"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "erp"."execution_runs" ADD CONSTRAINT "execution_runs_workflow_id_workflows_id_fk" FOREIGN KEY ("workflow_id") REFERENCES "erp"."workflows"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "erp"."execution_runs" ADD CONSTRAINT "execution_runs_process_template_id_process_templates_id_fk" FOREIGN KEY ("process_template_id") REFERENCES "erp"."process_templates"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "erp"."offers" ADD CONSTRAINT "offers_service_blueprint_id_service_blueprints_id_fk" FOREIGN KEY ("service_blueprint_id") REFERENCES "erp"."service_blueprints"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "erp"."offers" ADD CONSTRAINT "offers_venture_id_ventures_id_fk" FOREIGN KEY ("venture_id") REFERENCES "erp"."ventures"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "erp"."offers" ADD CONSTRAINT "offers_owner_id_people_id_fk" FOREIGN KEY ("owner_id") REFERENCES "erp"."people"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "erp"."organizations" ADD CONSTRAINT "organizations_owner_id_people_id_fk" FOREIGN KEY ("owner_id") REFERENCES "erp"."people"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "erp"."people" ADD CONSTRAINT "people_organization_id_organizations_id_fk" FOREIGN KEY ("organization_id") REFERENCES "erp"."organizations"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "erp"."process_templates" ADD CONSTRAINT "process_templates_workflow_id_workflows_id_fk" FOREIGN KEY ("workflow_id") REFERENCES "erp"."workflows"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "erp"."process_templates" ADD CONSTRAINT "process_templates_service_blueprint_id_service_blueprints_id_fk" FOREIGN KEY ("service_blueprint_id") REFERENCES "erp"."service_blueprints"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "erp"."process_templates" ADD CONSTRAINT "process_templates_owner_id_people_id_fk" FOREIGN KEY ("owner_id") REFERENCES "erp"."people"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "erp"."projects" ADD CONSTRAINT "projects_venture_id_ventures_id_fk" FOREIGN KEY ("venture_id") REFERENCES "erp"."ventures"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "erp"."projects" ADD CONSTRAINT "projects_client_organization_id_organizations_id_fk" FOREIGN KEY ("client_organization_id") REFERENCES "erp"."organizations"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "erp"."projects" ADD CONSTRAINT "projects_engagement_id_engagements_id_fk" FOREIGN KEY ("engagement_id") REFERENCES "erp"."engagements"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "erp"."projects" ADD CONSTRAINT "projects_owner_id_people_id_fk" FOREIGN KEY ("owner_id") REFERENCES "erp"."people"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "erp"."resource_templates" ADD CONSTRAINT "resource_templates_process_template_id_process_templates_id_fk" FOREIGN KEY ("process_template_id") REFERENCES "erp"."process_templates"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "erp"."resource_templates" ADD CONSTRAINT "resource_templates_owner_id_people_id_fk" FOREIGN KEY ("owner_id") REFERENCES "erp"."people"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "erp"."results" ADD CONSTRAINT "results_engagement_id_engagements_id_fk" FOREIGN KEY ("engagement_id") REFERENCES "erp"."engagements"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "erp"."results" ADD CONSTRAINT "results_deliverable_id_deliverables_id_fk" FOREIGN KEY ("deliverable_id") REFERENCES "erp"."deliverables"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "erp"."service_blueprints" ADD CONSTRAINT "service_blueprints_owner_id_people_id_fk" FOREIGN KEY ("owner_id") REFERENCES "erp"."people"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "erp"."sprints" ADD CONSTRAINT "sprints_project_id_projects_id_fk" FOREIGN KEY ("project_id") REFERENCES "erp"."projects"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "erp"."tasks" ADD CONSTRAINT "tasks_project_id_projects_id_fk" FOREIGN KEY ("project_id") REFERENCES "erp"."projects"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "erp"."tasks" ADD CONSTRAINT "tasks_sprint_id_sprints_id_fk" FOREIGN KEY ("sprint_id") REFERENCES "erp"."sprints"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "erp"."tasks" ADD CONSTRAINT "tasks_process_template_id_process_templates_id_fk" FOREIGN KEY ("process_template_id") REFERENCES "erp"."process_templates"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "erp"."tasks" ADD CONSTRAINT "tasks_assignee_id_people_id_fk" FOREIGN KEY ("assignee_id") REFERENCES "erp"."people"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "erp"."ventures" ADD CONSTRAINT "ventures_owner_id_people_id_fk" FOREIGN KEY ("owner_id") REFERENCES "erp"."people"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "erp"."ventures" ADD CONSTRAINT "ventures_partner_organization_id_organizations_id_fk" FOREIGN KEY ("partner_organization_id") REFERENCES "erp"."organizations"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "erp"."workflows" ADD CONSTRAINT "workflows_service_blueprint_id_service_blueprints_id_fk" FOREIGN KEY ("service_blueprint_id") REFERENCES "erp"."service_blueprints"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "erp"."workflows" ADD CONSTRAINT "workflows_owner_id_people_id_fk" FOREIGN KEY ("owner_id") REFERENCES "erp"."people"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "deliverables_engagement_id_idx" ON "erp"."deliverables" USING btree ("engagement_id");--> statement-breakpoint
CREATE INDEX "deliverables_project_id_idx" ON "erp"."deliverables" USING btree ("project_id");--> statement-breakpoint
CREATE INDEX "deliverables_owner_id_idx" ON "erp"."deliverables" USING btree ("owner_id");--> statement-breakpoint
CREATE INDEX "deliverables_status_idx" ON "erp"."deliverables" USING btree ("status");--> statement-breakpoint
CREATE INDEX "deliverables_due_date_idx" ON "erp"."deliverables" USING btree ("due_date");--> statement-breakpoint
CREATE INDEX "engagements_client_organization_id_idx" ON "erp"."engagements" USING btree ("client_organization_id");--> statement-breakpoint
CREATE INDEX "engagements_offer_id_idx" ON "erp"."engagements" USING btree ("offer_id");--> statement-breakpoint
CREATE INDEX "engagements_owner_id_idx" ON "erp"."engagements" USING btree ("owner_id");--> statement-breakpoint
CREATE INDEX "engagements_client_contact_id_idx" ON "erp"."engagements" USING btree ("client_contact_id");--> statement-breakpoint
CREATE INDEX "engagements_status_idx" ON "erp"."engagements" USING btree ("status");--> statement-breakpoint
CREATE INDEX "engagements_start_date_idx" ON "erp"."engagements" USING btree ("start_date");--> statement-breakpoint
CREATE INDEX "execution_runs_workflow_id_idx" ON "erp"."execution_runs" USING btree ("workflow_id");--> statement-breakpoint
CREATE INDEX "execution_runs_process_template_id_idx" ON "erp"."execution_runs" USING btree ("process_template_id");--> statement-breakpoint
CREATE INDEX "execution_runs_status_idx" ON "erp"."execution_runs" USING btree ("status");--> statement-breakpoint
CREATE INDEX "execution_runs_started_at_idx" ON "erp"."execution_runs" USING btree ("started_at");--> statement-breakpoint
CREATE INDEX "execution_runs_erp_table_idx" ON "erp"."execution_runs" USING btree ("erp_table");--> statement-breakpoint
CREATE INDEX "offers_service_blueprint_id_idx" ON "erp"."offers" USING btree ("service_blueprint_id");--> statement-breakpoint
CREATE INDEX "offers_venture_id_idx" ON "erp"."offers" USING btree ("venture_id");--> statement-breakpoint
CREATE INDEX "offers_owner_id_idx" ON "erp"."offers" USING btree ("owner_id");--> statement-breakpoint
CREATE INDEX "offers_status_idx" ON "erp"."offers" USING btree ("status");--> statement-breakpoint
CREATE INDEX "organizations_owner_id_idx" ON "erp"."organizations" USING btree ("owner_id");--> statement-breakpoint
CREATE INDEX "organizations_status_idx" ON "erp"."organizations" USING btree ("status");--> statement-breakpoint
CREATE INDEX "organizations_organization_type_idx" ON "erp"."organizations" USING btree ("organization_type");--> statement-breakpoint
CREATE INDEX "people_email_lower_idx" ON "erp"."people" USING btree (lower("email"));--> statement-breakpoint
CREATE INDEX "people_organization_id_idx" ON "erp"."people" USING btree ("organization_id");--> statement-breakpoint
CREATE INDEX "people_status_idx" ON "erp"."people" USING btree ("status");--> statement-breakpoint
CREATE INDEX "people_person_type_idx" ON "erp"."people" USING btree ("person_type");--> statement-breakpoint
CREATE INDEX "process_templates_workflow_id_idx" ON "erp"."process_templates" USING btree ("workflow_id");--> statement-breakpoint
CREATE INDEX "process_templates_service_blueprint_id_idx" ON "erp"."process_templates" USING btree ("service_blueprint_id");--> statement-breakpoint
CREATE INDEX "process_templates_owner_id_idx" ON "erp"."process_templates" USING btree ("owner_id");--> statement-breakpoint
CREATE INDEX "process_templates_status_idx" ON "erp"."process_templates" USING btree ("status");--> statement-breakpoint
CREATE INDEX "projects_venture_id_idx" ON "erp"."projects" USING btree ("venture_id");--> statement-breakpoint
CREATE INDEX "projects_client_organization_id_idx" ON "erp"."projects" USING btree ("client_organization_id");--> statement-breakpoint
CREATE INDEX "projects_engagement_id_idx" ON "erp"."projects" USING btree ("engagement_id");--> statement-breakpoint
CREATE INDEX "projects_owner_id_idx" ON "erp"."projects" USING btree ("owner_id");--> statement-breakpoint
CREATE INDEX "projects_status_idx" ON "erp"."projects" USING btree ("status");--> statement-breakpoint
CREATE INDEX "projects_due_date_idx" ON "erp"."projects" USING btree ("due_date");--> statement-breakpoint
CREATE INDEX "resource_templates_process_template_id_idx" ON "erp"."resource_templates" USING btree ("process_template_id");--> statement-breakpoint
CREATE INDEX "resource_templates_owner_id_idx" ON "erp"."resource_templates" USING btree ("owner_id");--> statement-breakpoint
CREATE INDEX "resource_templates_status_idx" ON "erp"."resource_templates" USING btree ("status");--> statement-breakpoint
CREATE INDEX "results_engagement_id_idx" ON "erp"."results" USING btree ("engagement_id");--> statement-breakpoint
CREATE INDEX "results_deliverable_id_idx" ON "erp"."results" USING btree ("deliverable_id");--> statement-breakpoint
CREATE INDEX "results_status_idx" ON "erp"."results" USING btree ("status");--> statement-breakpoint
CREATE INDEX "results_measured_on_idx" ON "erp"."results" USING btree ("measured_on");--> statement-breakpoint
CREATE INDEX "service_blueprints_owner_id_idx" ON "erp"."service_blueprints" USING btree ("owner_id");--> statement-breakpoint
CREATE INDEX "service_blueprints_status_idx" ON "erp"."service_blueprints" USING btree ("status");--> statement-breakpoint
CREATE INDEX "sprints_project_id_idx" ON "erp"."sprints" USING btree ("project_id");--> statement-breakpoint
CREATE INDEX "sprints_status_idx" ON "erp"."sprints" USING btree ("status");--> statement-breakpoint
CREATE INDEX "sprints_start_date_idx" ON "erp"."sprints" USING btree ("start_date");--> statement-breakpoint
CREATE INDEX "tasks_project_id_idx" ON "erp"."tasks" USING btree ("project_id");--> statement-breakpoint
CREATE INDEX "tasks_sprint_id_idx" ON "erp"."tasks" USING btree ("sprint_id");--> statement-breakpoint
CREATE INDEX "tasks_process_template_id_idx" ON "erp"."tasks" USING btree ("process_template_id");--> statement-breakpoint
CREATE INDEX "tasks_assignee_id_idx" ON "erp"."tasks" USING btree ("assignee_id");--> statement-breakpoint
CREATE INDEX "tasks_status_idx" ON "erp"."tasks" USING btree ("status");--> statement-breakpoint
CREATE INDEX "tasks_due_date_idx" ON "erp"."tasks" USING btree ("due_date");--> statement-breakpoint
CREATE INDEX "ventures_owner_id_idx" ON "erp"."ventures" USING btree ("owner_id");--> statement-breakpoint
CREATE INDEX "ventures_partner_organization_id_idx" ON "erp"."ventures" USING btree ("partner_organization_id");--> statement-breakpoint
CREATE INDEX "ventures_status_idx" ON "erp"."ventures" USING btree ("status");--> statement-breakpoint
CREATE INDEX "workflows_service_blueprint_id_idx" ON "erp"."workflows" USING btree ("service_blueprint_id");--> statement-breakpoint
CREATE INDEX "workflows_owner_id_idx" ON "erp"."workflows" USING btree ("owner_id");--> statement-breakpoint
CREATE INDEX "workflows_status_idx" ON "erp"."workflows" USING btree ("status");--> statement-breakpoint
CREATE INDEX "workflows_n8n_workflow_id_idx" ON "erp"."workflows" USING btree ("n8n_workflow_id");--> statement-breakpoint
CREATE INDEX "quarantine_last_seen_at_idx" ON "erp"."quarantine" USING btree ("last_seen_at");--> statement-breakpoint
CREATE INDEX "sync_state_erp_table_idx" ON "erp"."sync_state" USING btree ("erp_table");--> statement-breakpoint
CREATE VIEW "erp"."project_progress" AS (SELECT p.id AS project_id, p.coda_row_id AS project_coda_id, p.name AS project_name,
	p.status AS project_status,
	coalesce(t.tasks_total, 0) AS tasks_total,
	coalesce(t.tasks_done, 0) AS tasks_done,
	round(100.0 * t.tasks_done / nullif(t.tasks_total, 0), 1) AS percent_done,
	coalesce(d.deliverables_total, 0) AS deliverables_total,
	coalesce(d.open_deliverables, 0) AS open_deliverables
FROM erp.projects p
LEFT JOIN (
	SELECT project_id,
		(count(*) FILTER (WHERE status IS DISTINCT FROM 'cancelled'))::integer AS tasks_total,
		(count(*) FILTER (WHERE status = 'done'))::integer AS tasks_done
	FROM erp.tasks WHERE deleted_at IS NULL GROUP BY project_id
) t ON t.project_id = p.id
LEFT JOIN (
	SELECT project_id,
		count(*)::integer AS deliverables_total,
		(count(*) FILTER (WHERE status IS NULL OR status NOT IN ('delivered', 'accepted', 'cancelled')))::integer AS open_deliverables
	FROM erp.deliverables WHERE deleted_at IS NULL GROUP BY project_id
) d ON d.project_id = p.id
WHERE p.deleted_at IS NULL);--> statement-breakpoint
CREATE VIEW "erp"."sprint_tasks" AS (select "erp"."sprints"."id" as "sprint_id", "erp"."sprints"."coda_row_id" as "sprint_coda_id", "erp"."sprints"."name" as "sprint_name", "erp"."sprints"."status" as "sprint_status", "erp"."sprints"."start_date" as "sprint_start_date", "erp"."sprints"."end_date" as "sprint_end_date", "erp"."tasks"."id" as "task_id", "erp"."tasks"."coda_row_id" as "task_coda_id", "erp"."tasks"."name" as "task_name", "erp"."tasks"."status" as "task_status", "erp"."tasks"."project_id", "erp"."tasks"."assignee_id", "erp"."tasks"."assignee_email", "erp"."tasks"."due_date", "erp"."tasks"."estimate_hours" from "erp"."sprints" inner join "erp"."tasks" on "erp"."tasks"."sprint_id" = "erp"."sprints"."id" where ("erp"."sprints"."deleted_at" is null and "erp"."tasks"."deleted_at" is null));--> statement-breakpoint
CREATE MATERIALIZED VIEW "erp"."pattern_analytics" AS (WITH grouped AS (
	SELECT workflow_id, process_template_id, n8n_workflow_id,
		count(*)::integer AS runs,
		(count(*) FILTER (WHERE status = 'success'))::integer AS success_runs,
		(count(*) FILTER (WHERE status = 'error'))::integer AS error_runs,
		(count(*) FILTER (WHERE status = 'partial'))::integer AS partial_runs,
		(count(*) FILTER (WHERE status = 'running'))::integer AS running_runs,
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
	g.runs, g.success_runs, g.error_runs, g.partial_runs, g.running_runs, g.success_rate,
	g.p50_duration_ms, g.p95_duration_ms, g.last_run_at, g.last_status
FROM grouped g
LEFT JOIN erp.workflows w ON w.id = g.workflow_id
LEFT JOIN erp.process_templates pt ON pt.id = g.process_template_id);
--> statement-breakpoint
-- Hand-written from here on: drizzle-kit does not manage roles, grants, functions or indexes
-- on materialized views. REFRESH ... CONCURRENTLY needs a unique index on plain columns.
CREATE UNIQUE INDEX "pattern_analytics_analytics_key_idx" ON "erp"."pattern_analytics" ("analytics_key");
--> statement-breakpoint
-- Group roles are cluster-wide and shared by every database on the server, so they may exist
-- already (another erp database, or a concurrent migration elsewhere). COMMENT ON ROLE locks the
-- role until commit, so a rollback in another database cannot drop it before our grants exist.
DO $$
DECLARE
	roles text[] := ARRAY['erp_sync', 'erp_reader', 'erp_memory_gateway'];
	descriptions text[] := ARRAY[
		'n8n-nodes-coda-erp: the n8n sync, reads and writes every erp table',
		'n8n-nodes-coda-erp: planner-api, coda-mcp, Open WebUI, read only',
		'n8n-nodes-coda-erp: memory-gateway, writes execution_runs, reads the pattern tables'];
	i integer;
	attempt integer;
BEGIN
	FOR i IN 1 .. array_length(roles, 1) LOOP
		FOR attempt IN 1 .. 5 LOOP
			BEGIN
				IF NOT EXISTS (SELECT FROM pg_catalog.pg_roles WHERE rolname = roles[i]) THEN
					EXECUTE format('CREATE ROLE %I NOLOGIN', roles[i]);
				END IF;
				EXECUTE format('COMMENT ON ROLE %I IS %L', roles[i], descriptions[i]);
				EXIT;
			EXCEPTION WHEN duplicate_object OR unique_violation OR undefined_object THEN
				-- Created or dropped concurrently by another database's migration: look again.
				IF attempt = 5 THEN
					RAISE;
				END IF;
			END;
		END LOOP;
	END LOOP;
END $$;
--> statement-breakpoint
GRANT USAGE ON SCHEMA "erp" TO "erp_sync", "erp_reader", "erp_memory_gateway";
--> statement-breakpoint
GRANT SELECT ON ALL TABLES IN SCHEMA "erp" TO "erp_reader";
--> statement-breakpoint
GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA "erp" TO "erp_sync";
--> statement-breakpoint
GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA "erp" TO "erp_sync";
--> statement-breakpoint
GRANT SELECT, INSERT, UPDATE ON "erp"."execution_runs" TO "erp_memory_gateway";
--> statement-breakpoint
GRANT USAGE, SELECT ON SEQUENCE "erp"."execution_runs_id_seq" TO "erp_memory_gateway";
--> statement-breakpoint
GRANT SELECT ON "erp"."service_blueprints", "erp"."workflows", "erp"."process_templates", "erp"."resource_templates", "erp"."pattern_analytics" TO "erp_memory_gateway";
--> statement-breakpoint
-- Only the owner of a materialized view may refresh it; this runs as the migrating user.
CREATE FUNCTION "erp"."refresh_pattern_analytics"() RETURNS void
	LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, pg_temp
AS $$
BEGIN
	REFRESH MATERIALIZED VIEW CONCURRENTLY erp.pattern_analytics;
END $$;
--> statement-breakpoint
REVOKE ALL ON FUNCTION "erp"."refresh_pattern_analytics"() FROM PUBLIC;
--> statement-breakpoint
GRANT EXECUTE ON FUNCTION "erp"."refresh_pattern_analytics"() TO "erp_sync", "erp_memory_gateway";
