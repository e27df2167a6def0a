CREATE TABLE "erp"."deals" (
	"id" bigint PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "erp"."deals_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1),
	"coda_row_id" text NOT NULL,
	"coda_created_at" timestamp with time zone,
	"coda_updated_at" timestamp with time zone,
	"synced_at" timestamp with time zone DEFAULT now() NOT NULL,
	"deleted_at" timestamp with time zone,
	"content_hash" text,
	"coda_row" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"name" text,
	"stage" text,
	"lead_source" text,
	"organization_id" bigint,
	"organization_coda_id" text,
	"offer_id" bigint,
	"offer_coda_id" text,
	"engagement_id" bigint,
	"engagement_coda_id" text,
	"owner_email" text,
	"owner_id" bigint,
	"value_amount" numeric(14, 2),
	"value_currency" char(3),
	"probability_percent" integer,
	"expected_close_date" date,
	"closed_on" date,
	"lost_reason" text,
	CONSTRAINT "deals_coda_row_id_unique" UNIQUE("coda_row_id"),
	CONSTRAINT "deals_stage_check" CHECK ("erp"."deals"."stage" IN ('lead', 'qualified', 'proposal', 'negotiation', 'won', 'lost')),
	CONSTRAINT "deals_lead_source_check" CHECK ("erp"."deals"."lead_source" IN ('referral', 'inbound', 'outbound', 'partner', 'event', 'other')),
	CONSTRAINT "deals_probability_percent_range" CHECK ("erp"."deals"."probability_percent" BETWEEN 0 AND 100)
);
--> statement-breakpoint
CREATE TABLE "erp"."expenses" (
	"id" bigint PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "erp"."expenses_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1),
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
	"amount_amount" numeric(14, 2),
	"amount_currency" char(3),
	"expense_date" date,
	"vendor_organization_id" bigint,
	"vendor_organization_coda_id" text,
	"project_id" bigint,
	"project_coda_id" text,
	"venture_id" bigint,
	"venture_coda_id" text,
	"paid_by_email" text,
	"paid_by_id" bigint,
	"billable" boolean,
	"receipt_url" text,
	CONSTRAINT "expenses_coda_row_id_unique" UNIQUE("coda_row_id"),
	CONSTRAINT "expenses_status_check" CHECK ("erp"."expenses"."status" IN ('submitted', 'approved', 'rejected', 'paid', 'reimbursed')),
	CONSTRAINT "expenses_category_check" CHECK ("erp"."expenses"."category" IN ('software', 'contractor', 'travel', 'hardware', 'marketing', 'office', 'fees', 'other'))
);
--> statement-breakpoint
CREATE TABLE "erp"."invoices" (
	"id" bigint PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "erp"."invoices_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1),
	"coda_row_id" text NOT NULL,
	"coda_created_at" timestamp with time zone,
	"coda_updated_at" timestamp with time zone,
	"synced_at" timestamp with time zone DEFAULT now() NOT NULL,
	"deleted_at" timestamp with time zone,
	"content_hash" text,
	"coda_row" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"name" text,
	"invoice_number" text,
	"status" text,
	"client_organization_id" bigint,
	"client_organization_coda_id" text,
	"engagement_id" bigint,
	"engagement_coda_id" text,
	"owner_email" text,
	"owner_id" bigint,
	"issue_date" date,
	"due_date" date,
	"paid_on" date,
	"total_amount" numeric(14, 2),
	"total_currency" char(3),
	"tax_amount" numeric(14, 2),
	"tax_currency" char(3),
	"invoice_url" text,
	CONSTRAINT "invoices_coda_row_id_unique" UNIQUE("coda_row_id"),
	CONSTRAINT "invoices_status_check" CHECK ("erp"."invoices"."status" IN ('draft', 'sent', 'partially_paid', 'paid', 'overdue', 'void'))
);
--> statement-breakpoint
CREATE TABLE "erp"."payments" (
	"id" bigint PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "erp"."payments_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1),
	"coda_row_id" text NOT NULL,
	"coda_created_at" timestamp with time zone,
	"coda_updated_at" timestamp with time zone,
	"synced_at" timestamp with time zone DEFAULT now() NOT NULL,
	"deleted_at" timestamp with time zone,
	"content_hash" text,
	"coda_row" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"name" text,
	"status" text,
	"method" text,
	"invoice_id" bigint,
	"invoice_coda_id" text,
	"payer_organization_id" bigint,
	"payer_organization_coda_id" text,
	"amount_amount" numeric(14, 2),
	"amount_currency" char(3),
	"received_on" date,
	"transaction_reference" text,
	CONSTRAINT "payments_coda_row_id_unique" UNIQUE("coda_row_id"),
	CONSTRAINT "payments_status_check" CHECK ("erp"."payments"."status" IN ('pending', 'received', 'failed', 'refunded')),
	CONSTRAINT "payments_method_check" CHECK ("erp"."payments"."method" IN ('bank_transfer', 'card', 'paypal', 'stripe', 'cash', 'other'))
);
--> statement-breakpoint
CREATE TABLE "erp"."assets" (
	"id" bigint PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "erp"."assets_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1),
	"coda_row_id" text NOT NULL,
	"coda_created_at" timestamp with time zone,
	"coda_updated_at" timestamp with time zone,
	"synced_at" timestamp with time zone DEFAULT now() NOT NULL,
	"deleted_at" timestamp with time zone,
	"content_hash" text,
	"coda_row" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"name" text,
	"asset_type" text,
	"status" text,
	"url" text,
	"description" text,
	"owner_email" text,
	"owner_id" bigint,
	"venture_id" bigint,
	"venture_coda_id" text,
	"project_id" bigint,
	"project_coda_id" text,
	"license" text,
	"created_on" date,
	CONSTRAINT "assets_coda_row_id_unique" UNIQUE("coda_row_id"),
	CONSTRAINT "assets_asset_type_check" CHECK ("erp"."assets"."asset_type" IN ('logo', 'image', 'video', 'document', 'template', 'code', 'brand', 'other')),
	CONSTRAINT "assets_status_check" CHECK ("erp"."assets"."status" IN ('draft', 'active', 'archived'))
);
--> statement-breakpoint
CREATE TABLE "erp"."daily_thread" (
	"id" bigint PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "erp"."daily_thread_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1),
	"coda_row_id" text NOT NULL,
	"coda_created_at" timestamp with time zone,
	"coda_updated_at" timestamp with time zone,
	"synced_at" timestamp with time zone DEFAULT now() NOT NULL,
	"deleted_at" timestamp with time zone,
	"content_hash" text,
	"coda_row" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"name" text,
	"entry_type" text,
	"entry_date" date,
	"author_email" text,
	"author_id" bigint,
	"venture_id" bigint,
	"venture_coda_id" text,
	"project_id" bigint,
	"project_coda_id" text,
	"focus" text,
	"wins" text,
	"blockers" text,
	"notes" text,
	"energy" integer,
	CONSTRAINT "daily_thread_coda_row_id_unique" UNIQUE("coda_row_id"),
	CONSTRAINT "daily_thread_entry_type_check" CHECK ("erp"."daily_thread"."entry_type" IN ('standup', 'journal', 'log', 'review')),
	CONSTRAINT "daily_thread_energy_range" CHECK ("erp"."daily_thread"."energy" BETWEEN 1 AND 5)
);
--> statement-breakpoint
CREATE TABLE "erp"."decision_journal" (
	"id" bigint PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "erp"."decision_journal_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1),
	"coda_row_id" text NOT NULL,
	"coda_created_at" timestamp with time zone,
	"coda_updated_at" timestamp with time zone,
	"synced_at" timestamp with time zone DEFAULT now() NOT NULL,
	"deleted_at" timestamp with time zone,
	"content_hash" text,
	"coda_row" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"name" text,
	"status" text,
	"context" text,
	"decision" text,
	"alternatives" text,
	"expected_outcome" text,
	"actual_outcome" text,
	"decided_by_email" text,
	"decided_by_id" bigint,
	"decided_on" date,
	"review_date" date,
	"confidence" integer,
	"venture_id" bigint,
	"venture_coda_id" text,
	"project_id" bigint,
	"project_coda_id" text,
	CONSTRAINT "decision_journal_coda_row_id_unique" UNIQUE("coda_row_id"),
	CONSTRAINT "decision_journal_status_check" CHECK ("erp"."decision_journal"."status" IN ('proposed', 'decided', 'revisited', 'reversed')),
	CONSTRAINT "decision_journal_confidence_range" CHECK ("erp"."decision_journal"."confidence" BETWEEN 1 AND 5)
);
--> statement-breakpoint
CREATE TABLE "erp"."experiments" (
	"id" bigint PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "erp"."experiments_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1),
	"coda_row_id" text NOT NULL,
	"coda_created_at" timestamp with time zone,
	"coda_updated_at" timestamp with time zone,
	"synced_at" timestamp with time zone DEFAULT now() NOT NULL,
	"deleted_at" timestamp with time zone,
	"content_hash" text,
	"coda_row" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"name" text,
	"status" text,
	"outcome" text,
	"hypothesis" text,
	"metric" text,
	"target_value" numeric,
	"actual_value" numeric,
	"venture_id" bigint,
	"venture_coda_id" text,
	"owner_email" text,
	"owner_id" bigint,
	"start_date" date,
	"end_date" date,
	"cost_amount" numeric(14, 2),
	"cost_currency" char(3),
	"learnings" text,
	CONSTRAINT "experiments_coda_row_id_unique" UNIQUE("coda_row_id"),
	CONSTRAINT "experiments_status_check" CHECK ("erp"."experiments"."status" IN ('planned', 'running', 'concluded', 'abandoned')),
	CONSTRAINT "experiments_outcome_check" CHECK ("erp"."experiments"."outcome" IN ('validated', 'invalidated', 'inconclusive'))
);
--> statement-breakpoint
CREATE TABLE "erp"."notebook" (
	"id" bigint PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "erp"."notebook_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1),
	"coda_row_id" text NOT NULL,
	"coda_created_at" timestamp with time zone,
	"coda_updated_at" timestamp with time zone,
	"synced_at" timestamp with time zone DEFAULT now() NOT NULL,
	"deleted_at" timestamp with time zone,
	"content_hash" text,
	"coda_row" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"name" text,
	"note_type" text,
	"body" text,
	"author_email" text,
	"author_id" bigint,
	"note_date" date,
	"project_id" bigint,
	"project_coda_id" text,
	"venture_id" bigint,
	"venture_coda_id" text,
	"topic_coda_ids" text[],
	"source_url" text,
	CONSTRAINT "notebook_coda_row_id_unique" UNIQUE("coda_row_id"),
	CONSTRAINT "notebook_note_type_check" CHECK ("erp"."notebook"."note_type" IN ('note', 'research', 'meeting', 'reference', 'idea'))
);
--> statement-breakpoint
CREATE TABLE "erp"."prompt_library" (
	"id" bigint PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "erp"."prompt_library_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1),
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
	"prompt_text" text,
	"use_case" text,
	"model" text,
	"version" text,
	"author_email" text,
	"author_id" bigint,
	"process_template_id" bigint,
	"process_template_coda_id" text,
	"rating" integer,
	"last_used_on" date,
	CONSTRAINT "prompt_library_coda_row_id_unique" UNIQUE("coda_row_id"),
	CONSTRAINT "prompt_library_status_check" CHECK ("erp"."prompt_library"."status" IN ('draft', 'active', 'retired')),
	CONSTRAINT "prompt_library_rating_range" CHECK ("erp"."prompt_library"."rating" BETWEEN 1 AND 5)
);
--> statement-breakpoint
ALTER TABLE "erp"."deals" ADD CONSTRAINT "deals_organization_id_organizations_id_fk" FOREIGN KEY ("organization_id") REFERENCES "erp"."organizations"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "erp"."deals" ADD CONSTRAINT "deals_offer_id_offers_id_fk" FOREIGN KEY ("offer_id") REFERENCES "erp"."offers"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "erp"."deals" ADD CONSTRAINT "deals_engagement_id_engagements_id_fk" FOREIGN KEY ("engagement_id") REFERENCES "erp"."engagements"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "erp"."deals" ADD CONSTRAINT "deals_owner_id_people_id_fk" FOREIGN KEY ("owner_id") REFERENCES "erp"."people"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "erp"."expenses" ADD CONSTRAINT "expenses_vendor_organization_id_organizations_id_fk" FOREIGN KEY ("vendor_organization_id") REFERENCES "erp"."organizations"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "erp"."expenses" ADD CONSTRAINT "expenses_project_id_projects_id_fk" FOREIGN KEY ("project_id") REFERENCES "erp"."projects"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "erp"."expenses" ADD CONSTRAINT "expenses_venture_id_ventures_id_fk" FOREIGN KEY ("venture_id") REFERENCES "erp"."ventures"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "erp"."expenses" ADD CONSTRAINT "expenses_paid_by_id_people_id_fk" FOREIGN KEY ("paid_by_id") REFERENCES "erp"."people"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "erp"."invoices" ADD CONSTRAINT "invoices_client_organization_id_organizations_id_fk" FOREIGN KEY ("client_organization_id") REFERENCES "erp"."organizations"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "erp"."invoices" ADD CONSTRAINT "invoices_engagement_id_engagements_id_fk" FOREIGN KEY ("engagement_id") REFERENCES "erp"."engagements"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "erp"."invoices" ADD CONSTRAINT "invoices_owner_id_people_id_fk" FOREIGN KEY ("owner_id") REFERENCES "erp"."people"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "erp"."payments" ADD CONSTRAINT "payments_invoice_id_invoices_id_fk" FOREIGN KEY ("invoice_id") REFERENCES "erp"."invoices"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "erp"."payments" ADD CONSTRAINT "payments_payer_organization_id_organizations_id_fk" FOREIGN KEY ("payer_organization_id") REFERENCES "erp"."organizations"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "erp"."assets" ADD CONSTRAINT "assets_owner_id_people_id_fk" FOREIGN KEY ("owner_id") REFERENCES "erp"."people"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "erp"."assets" ADD CONSTRAINT "assets_venture_id_ventures_id_fk" FOREIGN KEY ("venture_id") REFERENCES "erp"."ventures"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "erp"."assets" ADD CONSTRAINT "assets_project_id_projects_id_fk" FOREIGN KEY ("project_id") REFERENCES "erp"."projects"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "erp"."daily_thread" ADD CONSTRAINT "daily_thread_author_id_people_id_fk" FOREIGN KEY ("author_id") REFERENCES "erp"."people"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "erp"."daily_thread" ADD CONSTRAINT "daily_thread_venture_id_ventures_id_fk" FOREIGN KEY ("venture_id") REFERENCES "erp"."ventures"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "erp"."daily_thread" ADD CONSTRAINT "daily_thread_project_id_projects_id_fk" FOREIGN KEY ("project_id") REFERENCES "erp"."projects"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "erp"."decision_journal" ADD CONSTRAINT "decision_journal_decided_by_id_people_id_fk" FOREIGN KEY ("decided_by_id") REFERENCES "erp"."people"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "erp"."decision_journal" ADD CONSTRAINT "decision_journal_venture_id_ventures_id_fk" FOREIGN KEY ("venture_id") REFERENCES "erp"."ventures"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "erp"."decision_journal" ADD CONSTRAINT "decision_journal_project_id_projects_id_fk" FOREIGN KEY ("project_id") REFERENCES "erp"."projects"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "erp"."experiments" ADD CONSTRAINT "experiments_venture_id_ventures_id_fk" FOREIGN KEY ("venture_id") REFERENCES "erp"."ventures"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "erp"."experiments" ADD CONSTRAINT "experiments_owner_id_people_id_fk" FOREIGN KEY ("owner_id") REFERENCES "erp"."people"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "erp"."notebook" ADD CONSTRAINT "notebook_author_id_people_id_fk" FOREIGN KEY ("author_id") REFERENCES "erp"."people"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "erp"."notebook" ADD CONSTRAINT "notebook_project_id_projects_id_fk" FOREIGN KEY ("project_id") REFERENCES "erp"."projects"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "erp"."notebook" ADD CONSTRAINT "notebook_venture_id_ventures_id_fk" FOREIGN KEY ("venture_id") REFERENCES "erp"."ventures"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "erp"."prompt_library" ADD CONSTRAINT "prompt_library_author_id_people_id_fk" FOREIGN KEY ("author_id") REFERENCES "erp"."people"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "erp"."prompt_library" ADD CONSTRAINT "prompt_library_process_template_id_process_templates_id_fk" FOREIGN KEY ("process_template_id") REFERENCES "erp"."process_templates"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "deals_organization_id_idx" ON "erp"."deals" USING btree ("organization_id");--> statement-breakpoint
CREATE INDEX "deals_offer_id_idx" ON "erp"."deals" USING btree ("offer_id");--> statement-breakpoint
CREATE INDEX "deals_engagement_id_idx" ON "erp"."deals" USING btree ("engagement_id");--> statement-breakpoint
CREATE INDEX "deals_owner_id_idx" ON "erp"."deals" USING btree ("owner_id");--> statement-breakpoint
CREATE INDEX "deals_stage_idx" ON "erp"."deals" USING btree ("stage");--> statement-breakpoint
CREATE INDEX "deals_expected_close_date_idx" ON "erp"."deals" USING btree ("expected_close_date");--> statement-breakpoint
CREATE INDEX "expenses_vendor_organization_id_idx" ON "erp"."expenses" USING btree ("vendor_organization_id");--> statement-breakpoint
CREATE INDEX "expenses_project_id_idx" ON "erp"."expenses" USING btree ("project_id");--> statement-breakpoint
CREATE INDEX "expenses_venture_id_idx" ON "erp"."expenses" USING btree ("venture_id");--> statement-breakpoint
CREATE INDEX "expenses_paid_by_id_idx" ON "erp"."expenses" USING btree ("paid_by_id");--> statement-breakpoint
CREATE INDEX "expenses_status_idx" ON "erp"."expenses" USING btree ("status");--> statement-breakpoint
CREATE INDEX "expenses_expense_date_idx" ON "erp"."expenses" USING btree ("expense_date");--> statement-breakpoint
CREATE INDEX "invoices_client_organization_id_idx" ON "erp"."invoices" USING btree ("client_organization_id");--> statement-breakpoint
CREATE INDEX "invoices_engagement_id_idx" ON "erp"."invoices" USING btree ("engagement_id");--> statement-breakpoint
CREATE INDEX "invoices_owner_id_idx" ON "erp"."invoices" USING btree ("owner_id");--> statement-breakpoint
CREATE INDEX "invoices_status_idx" ON "erp"."invoices" USING btree ("status");--> statement-breakpoint
CREATE INDEX "invoices_issue_date_idx" ON "erp"."invoices" USING btree ("issue_date");--> statement-breakpoint
CREATE INDEX "invoices_due_date_idx" ON "erp"."invoices" USING btree ("due_date");--> statement-breakpoint
CREATE INDEX "payments_invoice_id_idx" ON "erp"."payments" USING btree ("invoice_id");--> statement-breakpoint
CREATE INDEX "payments_payer_organization_id_idx" ON "erp"."payments" USING btree ("payer_organization_id");--> statement-breakpoint
CREATE INDEX "payments_status_idx" ON "erp"."payments" USING btree ("status");--> statement-breakpoint
CREATE INDEX "payments_received_on_idx" ON "erp"."payments" USING btree ("received_on");--> statement-breakpoint
CREATE INDEX "assets_owner_id_idx" ON "erp"."assets" USING btree ("owner_id");--> statement-breakpoint
CREATE INDEX "assets_venture_id_idx" ON "erp"."assets" USING btree ("venture_id");--> statement-breakpoint
CREATE INDEX "assets_project_id_idx" ON "erp"."assets" USING btree ("project_id");--> statement-breakpoint
CREATE INDEX "assets_status_idx" ON "erp"."assets" USING btree ("status");--> statement-breakpoint
CREATE INDEX "daily_thread_author_id_idx" ON "erp"."daily_thread" USING btree ("author_id");--> statement-breakpoint
CREATE INDEX "daily_thread_venture_id_idx" ON "erp"."daily_thread" USING btree ("venture_id");--> statement-breakpoint
CREATE INDEX "daily_thread_project_id_idx" ON "erp"."daily_thread" USING btree ("project_id");--> statement-breakpoint
CREATE INDEX "daily_thread_entry_date_idx" ON "erp"."daily_thread" USING btree ("entry_date");--> statement-breakpoint
CREATE INDEX "decision_journal_decided_by_id_idx" ON "erp"."decision_journal" USING btree ("decided_by_id");--> statement-breakpoint
CREATE INDEX "decision_journal_venture_id_idx" ON "erp"."decision_journal" USING btree ("venture_id");--> statement-breakpoint
CREATE INDEX "decision_journal_project_id_idx" ON "erp"."decision_journal" USING btree ("project_id");--> statement-breakpoint
CREATE INDEX "decision_journal_status_idx" ON "erp"."decision_journal" USING btree ("status");--> statement-breakpoint
CREATE INDEX "decision_journal_decided_on_idx" ON "erp"."decision_journal" USING btree ("decided_on");--> statement-breakpoint
CREATE INDEX "decision_journal_review_date_idx" ON "erp"."decision_journal" USING btree ("review_date");--> statement-breakpoint
CREATE INDEX "experiments_venture_id_idx" ON "erp"."experiments" USING btree ("venture_id");--> statement-breakpoint
CREATE INDEX "experiments_owner_id_idx" ON "erp"."experiments" USING btree ("owner_id");--> statement-breakpoint
CREATE INDEX "experiments_status_idx" ON "erp"."experiments" USING btree ("status");--> statement-breakpoint
CREATE INDEX "experiments_start_date_idx" ON "erp"."experiments" USING btree ("start_date");--> statement-breakpoint
CREATE INDEX "notebook_author_id_idx" ON "erp"."notebook" USING btree ("author_id");--> statement-breakpoint
CREATE INDEX "notebook_project_id_idx" ON "erp"."notebook" USING btree ("project_id");--> statement-breakpoint
CREATE INDEX "notebook_venture_id_idx" ON "erp"."notebook" USING btree ("venture_id");--> statement-breakpoint
CREATE INDEX "notebook_note_date_idx" ON "erp"."notebook" USING btree ("note_date");--> statement-breakpoint
CREATE INDEX "prompt_library_author_id_idx" ON "erp"."prompt_library" USING btree ("author_id");--> statement-breakpoint
CREATE INDEX "prompt_library_process_template_id_idx" ON "erp"."prompt_library" USING btree ("process_template_id");--> statement-breakpoint
CREATE INDEX "prompt_library_status_idx" ON "erp"."prompt_library" USING btree ("status");
--> statement-breakpoint
-- Hand-written: the group roles' access to this phase's tables (phase 1 created the roles).
GRANT SELECT ON ALL TABLES IN SCHEMA "erp" TO "erp_reader";
--> statement-breakpoint
GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA "erp" TO "erp_sync";
--> statement-breakpoint
GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA "erp" TO "erp_sync";
