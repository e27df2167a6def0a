CREATE TABLE "erp"."finance_snapshot" (
	"id" bigint PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "erp"."finance_snapshot_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1),
	"coda_row_id" text NOT NULL,
	"coda_created_at" timestamp with time zone,
	"coda_updated_at" timestamp with time zone,
	"synced_at" timestamp with time zone DEFAULT now() NOT NULL,
	"deleted_at" timestamp with time zone,
	"content_hash" text,
	"coda_row" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"name" text,
	"status" text,
	"venture_id" bigint,
	"venture_coda_id" text,
	"period_start" date,
	"period_end" date,
	"revenue_amount" numeric(14, 2),
	"revenue_currency" char(3),
	"expense_total_amount" numeric(14, 2),
	"expense_total_currency" char(3),
	"profit_amount" numeric(14, 2),
	"profit_currency" char(3),
	"cash_balance_amount" numeric(14, 2),
	"cash_balance_currency" char(3),
	"mrr_amount" numeric(14, 2),
	"mrr_currency" char(3),
	"outstanding_invoices_amount" numeric(14, 2),
	"outstanding_invoices_currency" char(3),
	"runway_months" numeric(6, 1),
	CONSTRAINT "finance_snapshot_coda_row_id_unique" UNIQUE("coda_row_id"),
	CONSTRAINT "finance_snapshot_status_check" CHECK ("erp"."finance_snapshot"."status" IN ('draft', 'final'))
);
--> statement-breakpoint
CREATE TABLE "erp"."functional_areas" (
	"id" bigint PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "erp"."functional_areas_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1),
	"coda_row_id" text NOT NULL,
	"coda_created_at" timestamp with time zone,
	"coda_updated_at" timestamp with time zone,
	"synced_at" timestamp with time zone DEFAULT now() NOT NULL,
	"deleted_at" timestamp with time zone,
	"content_hash" text,
	"coda_row" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"name" text,
	"status" text,
	"area_code" text,
	"description" text,
	"parent_area_id" bigint,
	"parent_area_coda_id" text,
	"owner_email" text,
	"owner_id" bigint,
	CONSTRAINT "functional_areas_coda_row_id_unique" UNIQUE("coda_row_id"),
	CONSTRAINT "functional_areas_status_check" CHECK ("erp"."functional_areas"."status" IN ('active', 'inactive'))
);
--> statement-breakpoint
CREATE TABLE "erp"."icp_scoring" (
	"id" bigint PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "erp"."icp_scoring_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1),
	"coda_row_id" text NOT NULL,
	"coda_created_at" timestamp with time zone,
	"coda_updated_at" timestamp with time zone,
	"synced_at" timestamp with time zone DEFAULT now() NOT NULL,
	"deleted_at" timestamp with time zone,
	"content_hash" text,
	"coda_row" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"name" text,
	"tier" text,
	"organization_id" bigint,
	"organization_coda_id" text,
	"icp_segment_id" bigint,
	"icp_segment_coda_id" text,
	"fit_score" integer,
	"intent_score" integer,
	"total_score" numeric(6, 2),
	"scored_on" date,
	"scored_by_email" text,
	"scored_by_id" bigint,
	"notes" text,
	CONSTRAINT "icp_scoring_coda_row_id_unique" UNIQUE("coda_row_id"),
	CONSTRAINT "icp_scoring_tier_check" CHECK ("erp"."icp_scoring"."tier" IN ('tier_1', 'tier_2', 'tier_3', 'disqualified')),
	CONSTRAINT "icp_scoring_fit_score_range" CHECK ("erp"."icp_scoring"."fit_score" BETWEEN 0 AND 100),
	CONSTRAINT "icp_scoring_intent_score_range" CHECK ("erp"."icp_scoring"."intent_score" BETWEEN 0 AND 100)
);
--> statement-breakpoint
CREATE TABLE "erp"."icp_segments" (
	"id" bigint PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "erp"."icp_segments_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1),
	"coda_row_id" text NOT NULL,
	"coda_created_at" timestamp with time zone,
	"coda_updated_at" timestamp with time zone,
	"synced_at" timestamp with time zone DEFAULT now() NOT NULL,
	"deleted_at" timestamp with time zone,
	"content_hash" text,
	"coda_row" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"name" text,
	"status" text,
	"description" text,
	"industry" text,
	"company_size" text,
	"pain_points" text,
	"priority" integer,
	"primary_offer_id" bigint,
	"primary_offer_coda_id" text,
	"owner_email" text,
	"owner_id" bigint,
	CONSTRAINT "icp_segments_coda_row_id_unique" UNIQUE("coda_row_id"),
	CONSTRAINT "icp_segments_status_check" CHECK ("erp"."icp_segments"."status" IN ('hypothesis', 'validated', 'active', 'retired')),
	CONSTRAINT "icp_segments_priority_range" CHECK ("erp"."icp_segments"."priority" BETWEEN 1 AND 5)
);
--> statement-breakpoint
CREATE TABLE "erp"."ideas_inbox" (
	"id" bigint PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "erp"."ideas_inbox_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1),
	"coda_row_id" text NOT NULL,
	"coda_created_at" timestamp with time zone,
	"coda_updated_at" timestamp with time zone,
	"synced_at" timestamp with time zone DEFAULT now() NOT NULL,
	"deleted_at" timestamp with time zone,
	"content_hash" text,
	"coda_row" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"name" text,
	"status" text,
	"idea_type" text,
	"description" text,
	"submitted_by_email" text,
	"submitted_by_id" bigint,
	"submitted_on" date,
	"functional_area_id" bigint,
	"functional_area_coda_id" text,
	"venture_id" bigint,
	"venture_coda_id" text,
	"topic_coda_ids" text[],
	"impact_score" integer,
	"effort_score" integer,
	CONSTRAINT "ideas_inbox_coda_row_id_unique" UNIQUE("coda_row_id"),
	CONSTRAINT "ideas_inbox_status_check" CHECK ("erp"."ideas_inbox"."status" IN ('new', 'triaged', 'accepted', 'parked', 'rejected', 'done')),
	CONSTRAINT "ideas_inbox_idea_type_check" CHECK ("erp"."ideas_inbox"."idea_type" IN ('product', 'venture', 'content', 'process', 'offer', 'other')),
	CONSTRAINT "ideas_inbox_impact_score_range" CHECK ("erp"."ideas_inbox"."impact_score" BETWEEN 1 AND 5),
	CONSTRAINT "ideas_inbox_effort_score_range" CHECK ("erp"."ideas_inbox"."effort_score" BETWEEN 1 AND 5)
);
--> statement-breakpoint
CREATE TABLE "erp"."kpis" (
	"id" bigint PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "erp"."kpis_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1),
	"coda_row_id" text NOT NULL,
	"coda_created_at" timestamp with time zone,
	"coda_updated_at" timestamp with time zone,
	"synced_at" timestamp with time zone DEFAULT now() NOT NULL,
	"deleted_at" timestamp with time zone,
	"content_hash" text,
	"coda_row" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"name" text,
	"status" text,
	"frequency" text,
	"direction" text,
	"unit" text,
	"target_value" numeric,
	"current_value" numeric,
	"okr_id" bigint,
	"okr_coda_id" text,
	"functional_area_id" bigint,
	"functional_area_coda_id" text,
	"owner_email" text,
	"owner_id" bigint,
	"last_measured_on" date,
	"data_source_url" text,
	CONSTRAINT "kpis_coda_row_id_unique" UNIQUE("coda_row_id"),
	CONSTRAINT "kpis_status_check" CHECK ("erp"."kpis"."status" IN ('active', 'paused', 'retired')),
	CONSTRAINT "kpis_frequency_check" CHECK ("erp"."kpis"."frequency" IN ('daily', 'weekly', 'monthly', 'quarterly')),
	CONSTRAINT "kpis_direction_check" CHECK ("erp"."kpis"."direction" IN ('increase', 'decrease', 'maintain'))
);
--> statement-breakpoint
CREATE TABLE "erp"."okrs" (
	"id" bigint PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "erp"."okrs_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1),
	"coda_row_id" text NOT NULL,
	"coda_created_at" timestamp with time zone,
	"coda_updated_at" timestamp with time zone,
	"synced_at" timestamp with time zone DEFAULT now() NOT NULL,
	"deleted_at" timestamp with time zone,
	"content_hash" text,
	"coda_row" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"name" text,
	"status" text,
	"level" text,
	"objective" text,
	"key_result" text,
	"quarter" text,
	"parent_okr_id" bigint,
	"parent_okr_coda_id" text,
	"venture_id" bigint,
	"venture_coda_id" text,
	"owner_email" text,
	"owner_id" bigint,
	"start_value" numeric,
	"target_value" numeric,
	"current_value" numeric,
	"progress_percent" numeric(5, 2),
	"due_date" date,
	CONSTRAINT "okrs_coda_row_id_unique" UNIQUE("coda_row_id"),
	CONSTRAINT "okrs_status_check" CHECK ("erp"."okrs"."status" IN ('not_started', 'on_track', 'at_risk', 'off_track', 'achieved', 'missed')),
	CONSTRAINT "okrs_level_check" CHECK ("erp"."okrs"."level" IN ('company', 'venture', 'team', 'personal')),
	CONSTRAINT "okrs_quarter_format" CHECK ("erp"."okrs"."quarter" ~ '^[0-9]{4}-Q[1-4]$')
);
--> statement-breakpoint
CREATE TABLE "erp"."outcome_types" (
	"id" bigint PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "erp"."outcome_types_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1),
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
	"unit" text,
	"measurement_method" text,
	CONSTRAINT "outcome_types_coda_row_id_unique" UNIQUE("coda_row_id"),
	CONSTRAINT "outcome_types_status_check" CHECK ("erp"."outcome_types"."status" IN ('active', 'retired')),
	CONSTRAINT "outcome_types_category_check" CHECK ("erp"."outcome_types"."category" IN ('financial', 'operational', 'customer', 'strategic', 'learning'))
);
--> statement-breakpoint
CREATE TABLE "erp"."template_performance" (
	"id" bigint PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "erp"."template_performance_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1),
	"coda_row_id" text NOT NULL,
	"coda_created_at" timestamp with time zone,
	"coda_updated_at" timestamp with time zone,
	"synced_at" timestamp with time zone DEFAULT now() NOT NULL,
	"deleted_at" timestamp with time zone,
	"content_hash" text,
	"coda_row" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"name" text,
	"process_template_id" bigint,
	"process_template_coda_id" text,
	"period_start" date,
	"period_end" date,
	"runs_count" integer,
	"success_rate" numeric(5, 4),
	"avg_duration_minutes" numeric(10, 2),
	"avg_rating" numeric(3, 2),
	"revenue_amount" numeric(14, 2),
	"revenue_currency" char(3),
	"notes" text,
	CONSTRAINT "template_performance_coda_row_id_unique" UNIQUE("coda_row_id"),
	CONSTRAINT "template_performance_success_rate_range" CHECK ("erp"."template_performance"."success_rate" BETWEEN 0 AND 1),
	CONSTRAINT "template_performance_avg_rating_range" CHECK ("erp"."template_performance"."avg_rating" BETWEEN 1 AND 5)
);
--> statement-breakpoint
CREATE TABLE "erp"."topics" (
	"id" bigint PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "erp"."topics_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1),
	"coda_row_id" text NOT NULL,
	"coda_created_at" timestamp with time zone,
	"coda_updated_at" timestamp with time zone,
	"synced_at" timestamp with time zone DEFAULT now() NOT NULL,
	"deleted_at" timestamp with time zone,
	"content_hash" text,
	"coda_row" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"name" text,
	"status" text,
	"description" text,
	"parent_topic_id" bigint,
	"parent_topic_coda_id" text,
	"functional_area_id" bigint,
	"functional_area_coda_id" text,
	CONSTRAINT "topics_coda_row_id_unique" UNIQUE("coda_row_id"),
	CONSTRAINT "topics_status_check" CHECK ("erp"."topics"."status" IN ('active', 'archived'))
);
--> statement-breakpoint
CREATE TABLE "erp"."touchpoints" (
	"id" bigint PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "erp"."touchpoints_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1),
	"coda_row_id" text NOT NULL,
	"coda_created_at" timestamp with time zone,
	"coda_updated_at" timestamp with time zone,
	"synced_at" timestamp with time zone DEFAULT now() NOT NULL,
	"deleted_at" timestamp with time zone,
	"content_hash" text,
	"coda_row" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"name" text,
	"channel" text,
	"direction" text,
	"sentiment" text,
	"occurred_at" timestamp with time zone,
	"organization_id" bigint,
	"organization_coda_id" text,
	"deal_id" bigint,
	"deal_coda_id" text,
	"engagement_id" bigint,
	"engagement_coda_id" text,
	"contact_email" text,
	"contact_id" bigint,
	"owner_email" text,
	"owner_id" bigint,
	"summary" text,
	"next_step" text,
	"follow_up_date" date,
	CONSTRAINT "touchpoints_coda_row_id_unique" UNIQUE("coda_row_id"),
	CONSTRAINT "touchpoints_channel_check" CHECK ("erp"."touchpoints"."channel" IN ('email', 'call', 'meeting', 'linkedin', 'event', 'proposal', 'other')),
	CONSTRAINT "touchpoints_direction_check" CHECK ("erp"."touchpoints"."direction" IN ('inbound', 'outbound')),
	CONSTRAINT "touchpoints_sentiment_check" CHECK ("erp"."touchpoints"."sentiment" IN ('positive', 'neutral', 'negative'))
);
--> statement-breakpoint
ALTER TABLE "erp"."finance_snapshot" ADD CONSTRAINT "finance_snapshot_venture_id_ventures_id_fk" FOREIGN KEY ("venture_id") REFERENCES "erp"."ventures"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "erp"."functional_areas" ADD CONSTRAINT "functional_areas_parent_area_id_functional_areas_id_fk" FOREIGN KEY ("parent_area_id") REFERENCES "erp"."functional_areas"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "erp"."functional_areas" ADD CONSTRAINT "functional_areas_owner_id_people_id_fk" FOREIGN KEY ("owner_id") REFERENCES "erp"."people"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "erp"."icp_scoring" ADD CONSTRAINT "icp_scoring_organization_id_organizations_id_fk" FOREIGN KEY ("organization_id") REFERENCES "erp"."organizations"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "erp"."icp_scoring" ADD CONSTRAINT "icp_scoring_icp_segment_id_icp_segments_id_fk" FOREIGN KEY ("icp_segment_id") REFERENCES "erp"."icp_segments"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "erp"."icp_scoring" ADD CONSTRAINT "icp_scoring_scored_by_id_people_id_fk" FOREIGN KEY ("scored_by_id") REFERENCES "erp"."people"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "erp"."icp_segments" ADD CONSTRAINT "icp_segments_primary_offer_id_offers_id_fk" FOREIGN KEY ("primary_offer_id") REFERENCES "erp"."offers"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "erp"."icp_segments" ADD CONSTRAINT "icp_segments_owner_id_people_id_fk" FOREIGN KEY ("owner_id") REFERENCES "erp"."people"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "erp"."ideas_inbox" ADD CONSTRAINT "ideas_inbox_submitted_by_id_people_id_fk" FOREIGN KEY ("submitted_by_id") REFERENCES "erp"."people"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "erp"."ideas_inbox" ADD CONSTRAINT "ideas_inbox_functional_area_id_functional_areas_id_fk" FOREIGN KEY ("functional_area_id") REFERENCES "erp"."functional_areas"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "erp"."ideas_inbox" ADD CONSTRAINT "ideas_inbox_venture_id_ventures_id_fk" FOREIGN KEY ("venture_id") REFERENCES "erp"."ventures"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "erp"."kpis" ADD CONSTRAINT "kpis_okr_id_okrs_id_fk" FOREIGN KEY ("okr_id") REFERENCES "erp"."okrs"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "erp"."kpis" ADD CONSTRAINT "kpis_functional_area_id_functional_areas_id_fk" FOREIGN KEY ("functional_area_id") REFERENCES "erp"."functional_areas"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "erp"."kpis" ADD CONSTRAINT "kpis_owner_id_people_id_fk" FOREIGN KEY ("owner_id") REFERENCES "erp"."people"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "erp"."okrs" ADD CONSTRAINT "okrs_parent_okr_id_okrs_id_fk" FOREIGN KEY ("parent_okr_id") REFERENCES "erp"."okrs"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "erp"."okrs" ADD CONSTRAINT "okrs_venture_id_ventures_id_fk" FOREIGN KEY ("venture_id") REFERENCES "erp"."ventures"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "erp"."okrs" ADD CONSTRAINT "okrs_owner_id_people_id_fk" FOREIGN KEY ("owner_id") REFERENCES "erp"."people"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "erp"."template_performance" ADD CONSTRAINT "template_performance_process_template_id_process_templates_id_fk" FOREIGN KEY ("process_template_id") REFERENCES "erp"."process_templates"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "erp"."topics" ADD CONSTRAINT "topics_parent_topic_id_topics_id_fk" FOREIGN KEY ("parent_topic_id") REFERENCES "erp"."topics"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "erp"."topics" ADD CONSTRAINT "topics_functional_area_id_functional_areas_id_fk" FOREIGN KEY ("functional_area_id") REFERENCES "erp"."functional_areas"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "erp"."touchpoints" ADD CONSTRAINT "touchpoints_organization_id_organizations_id_fk" FOREIGN KEY ("organization_id") REFERENCES "erp"."organizations"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "erp"."touchpoints" ADD CONSTRAINT "touchpoints_deal_id_deals_id_fk" FOREIGN KEY ("deal_id") REFERENCES "erp"."deals"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "erp"."touchpoints" ADD CONSTRAINT "touchpoints_engagement_id_engagements_id_fk" FOREIGN KEY ("engagement_id") REFERENCES "erp"."engagements"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "erp"."touchpoints" ADD CONSTRAINT "touchpoints_contact_id_people_id_fk" FOREIGN KEY ("contact_id") REFERENCES "erp"."people"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "erp"."touchpoints" ADD CONSTRAINT "touchpoints_owner_id_people_id_fk" FOREIGN KEY ("owner_id") REFERENCES "erp"."people"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "finance_snapshot_venture_id_idx" ON "erp"."finance_snapshot" USING btree ("venture_id");--> statement-breakpoint
CREATE INDEX "finance_snapshot_status_idx" ON "erp"."finance_snapshot" USING btree ("status");--> statement-breakpoint
CREATE INDEX "finance_snapshot_period_start_idx" ON "erp"."finance_snapshot" USING btree ("period_start");--> statement-breakpoint
CREATE INDEX "functional_areas_parent_area_id_idx" ON "erp"."functional_areas" USING btree ("parent_area_id");--> statement-breakpoint
CREATE INDEX "functional_areas_owner_id_idx" ON "erp"."functional_areas" USING btree ("owner_id");--> statement-breakpoint
CREATE INDEX "functional_areas_status_idx" ON "erp"."functional_areas" USING btree ("status");--> statement-breakpoint
CREATE INDEX "icp_scoring_organization_id_idx" ON "erp"."icp_scoring" USING btree ("organization_id");--> statement-breakpoint
CREATE INDEX "icp_scoring_icp_segment_id_idx" ON "erp"."icp_scoring" USING btree ("icp_segment_id");--> statement-breakpoint
CREATE INDEX "icp_scoring_scored_by_id_idx" ON "erp"."icp_scoring" USING btree ("scored_by_id");--> statement-breakpoint
CREATE INDEX "icp_scoring_tier_idx" ON "erp"."icp_scoring" USING btree ("tier");--> statement-breakpoint
CREATE INDEX "icp_scoring_scored_on_idx" ON "erp"."icp_scoring" USING btree ("scored_on");--> statement-breakpoint
CREATE INDEX "icp_segments_primary_offer_id_idx" ON "erp"."icp_segments" USING btree ("primary_offer_id");--> statement-breakpoint
CREATE INDEX "icp_segments_owner_id_idx" ON "erp"."icp_segments" USING btree ("owner_id");--> statement-breakpoint
CREATE INDEX "icp_segments_status_idx" ON "erp"."icp_segments" USING btree ("status");--> statement-breakpoint
CREATE INDEX "ideas_inbox_submitted_by_id_idx" ON "erp"."ideas_inbox" USING btree ("submitted_by_id");--> statement-breakpoint
CREATE INDEX "ideas_inbox_functional_area_id_idx" ON "erp"."ideas_inbox" USING btree ("functional_area_id");--> statement-breakpoint
CREATE INDEX "ideas_inbox_venture_id_idx" ON "erp"."ideas_inbox" USING btree ("venture_id");--> statement-breakpoint
CREATE INDEX "ideas_inbox_status_idx" ON "erp"."ideas_inbox" USING btree ("status");--> statement-breakpoint
CREATE INDEX "ideas_inbox_submitted_on_idx" ON "erp"."ideas_inbox" USING btree ("submitted_on");--> statement-breakpoint
CREATE INDEX "kpis_okr_id_idx" ON "erp"."kpis" USING btree ("okr_id");--> statement-breakpoint
CREATE INDEX "kpis_functional_area_id_idx" ON "erp"."kpis" USING btree ("functional_area_id");--> statement-breakpoint
CREATE INDEX "kpis_owner_id_idx" ON "erp"."kpis" USING btree ("owner_id");--> statement-breakpoint
CREATE INDEX "kpis_status_idx" ON "erp"."kpis" USING btree ("status");--> statement-breakpoint
CREATE INDEX "okrs_parent_okr_id_idx" ON "erp"."okrs" USING btree ("parent_okr_id");--> statement-breakpoint
CREATE INDEX "okrs_venture_id_idx" ON "erp"."okrs" USING btree ("venture_id");--> statement-breakpoint
CREATE INDEX "okrs_owner_id_idx" ON "erp"."okrs" USING btree ("owner_id");--> statement-breakpoint
CREATE INDEX "okrs_status_idx" ON "erp"."okrs" USING btree ("status");--> statement-breakpoint
CREATE INDEX "okrs_quarter_idx" ON "erp"."okrs" USING btree ("quarter");--> statement-breakpoint
CREATE INDEX "okrs_due_date_idx" ON "erp"."okrs" USING btree ("due_date");--> statement-breakpoint
CREATE INDEX "outcome_types_status_idx" ON "erp"."outcome_types" USING btree ("status");--> statement-breakpoint
CREATE INDEX "template_performance_process_template_id_idx" ON "erp"."template_performance" USING btree ("process_template_id");--> statement-breakpoint
CREATE INDEX "template_performance_period_start_idx" ON "erp"."template_performance" USING btree ("period_start");--> statement-breakpoint
CREATE INDEX "topics_parent_topic_id_idx" ON "erp"."topics" USING btree ("parent_topic_id");--> statement-breakpoint
CREATE INDEX "topics_functional_area_id_idx" ON "erp"."topics" USING btree ("functional_area_id");--> statement-breakpoint
CREATE INDEX "topics_status_idx" ON "erp"."topics" USING btree ("status");--> statement-breakpoint
CREATE INDEX "touchpoints_organization_id_idx" ON "erp"."touchpoints" USING btree ("organization_id");--> statement-breakpoint
CREATE INDEX "touchpoints_deal_id_idx" ON "erp"."touchpoints" USING btree ("deal_id");--> statement-breakpoint
CREATE INDEX "touchpoints_engagement_id_idx" ON "erp"."touchpoints" USING btree ("engagement_id");--> statement-breakpoint
CREATE INDEX "touchpoints_contact_id_idx" ON "erp"."touchpoints" USING btree ("contact_id");--> statement-breakpoint
CREATE INDEX "touchpoints_owner_id_idx" ON "erp"."touchpoints" USING btree ("owner_id");--> statement-breakpoint
CREATE INDEX "touchpoints_occurred_at_idx" ON "erp"."touchpoints" USING btree ("occurred_at");--> statement-breakpoint
CREATE INDEX "touchpoints_follow_up_date_idx" ON "erp"."touchpoints" USING btree ("follow_up_date");
--> statement-breakpoint
-- Hand-written: the group roles' access to this phase's tables (phase 1 created the roles).
GRANT SELECT ON ALL TABLES IN SCHEMA "erp" TO "erp_reader";
--> statement-breakpoint
GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA "erp" TO "erp_sync";
--> statement-breakpoint
GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA "erp" TO "erp_sync";
--> statement-breakpoint
GRANT SELECT ON "erp"."template_performance" TO "erp_memory_gateway";
