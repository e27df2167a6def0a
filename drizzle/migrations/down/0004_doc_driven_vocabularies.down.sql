-- Reverses 0004_doc_driven_vocabularies: the select columns get their vocabulary CHECKs back
-- (and okrs its quarter format), the option tables, coda_columns, column_overrides and
-- cell_issues go (their grants with them), sync_state loses its two columns.
-- A rollback FAILS while any row holds a value the old CHECKs reject (an option the doc added,
-- "To Do", or a quarter like "Q1 2026"): the first statement names every such table and column,
-- and nothing is changed. Change or clear those values (or restore a backup) first.
DO $$
DECLARE
	r record;
	bad bigint;
	examples text;
	problems text[] := '{}';
BEGIN
	FOR r IN SELECT * FROM (VALUES
		('process_templates', 'status', ARRAY['draft', 'active', 'retired']),
		('resource_templates', 'resource_type', ARRAY['document', 'spreadsheet', 'slide_deck', 'checklist', 'prompt', 'code', 'other']),
		('resource_templates', 'status', ARRAY['draft', 'active', 'retired']),
		('service_blueprints', 'status', ARRAY['draft', 'active', 'retired']),
		('workflows', 'status', ARRAY['draft', 'active', 'deprecated']),
		('workflows', 'trigger_type', ARRAY['manual', 'schedule', 'webhook', 'event']),
		('workflows', 'workflow_type', ARRAY['manual', 'automated', 'hybrid']),
		('projects', 'health', ARRAY['on_track', 'at_risk', 'off_track']),
		('projects', 'priority', ARRAY['low', 'medium', 'high', 'critical']),
		('projects', 'status', ARRAY['planned', 'active', 'on_hold', 'completed', 'cancelled']),
		('sprints', 'status', ARRAY['planned', 'active', 'completed', 'cancelled']),
		('tasks', 'priority', ARRAY['low', 'medium', 'high', 'critical']),
		('tasks', 'status', ARRAY['backlog', 'todo', 'in_progress', 'blocked', 'review', 'done', 'cancelled']),
		('ventures', 'status', ARRAY['idea', 'validating', 'building', 'launched', 'paused', 'killed', 'exited']),
		('ventures', 'venture_type', ARRAY['internal', 'client', 'joint']),
		('organizations', 'organization_type', ARRAY['client', 'prospect', 'partner', 'vendor', 'investor', 'internal']),
		('organizations', 'status', ARRAY['active', 'inactive', 'churned']),
		('people', 'person_type', ARRAY['team', 'contractor', 'client_contact', 'partner', 'advisor', 'investor']),
		('people', 'status', ARRAY['active', 'inactive', 'alumni']),
		('deliverables', 'status', ARRAY['not_started', 'in_progress', 'in_review', 'delivered', 'accepted', 'rejected', 'cancelled']),
		('engagements', 'billing_model', ARRAY['fixed', 'retainer', 'hourly', 'milestone']),
		('engagements', 'status', ARRAY['proposed', 'active', 'paused', 'completed', 'cancelled']),
		('offers', 'offer_type', ARRAY['fixed_scope', 'retainer', 'time_and_materials', 'workshop', 'product']),
		('offers', 'status', ARRAY['draft', 'active', 'retired']),
		('results', 'result_type', ARRAY['revenue', 'cost_saving', 'time_saving', 'growth', 'quality', 'other']),
		('results', 'status', ARRAY['claimed', 'verified', 'published']),
		('deals', 'lead_source', ARRAY['referral', 'inbound', 'outbound', 'partner', 'event', 'other']),
		('deals', 'stage', ARRAY['lead', 'qualified', 'proposal', 'negotiation', 'won', 'lost']),
		('expenses', 'category', ARRAY['software', 'contractor', 'travel', 'hardware', 'marketing', 'office', 'fees', 'other']),
		('expenses', 'status', ARRAY['submitted', 'approved', 'rejected', 'paid', 'reimbursed']),
		('finance_snapshot', 'status', ARRAY['draft', 'final']),
		('invoices', 'status', ARRAY['draft', 'sent', 'partially_paid', 'paid', 'overdue', 'void']),
		('payments', 'method', ARRAY['bank_transfer', 'card', 'paypal', 'stripe', 'cash', 'other']),
		('payments', 'status', ARRAY['pending', 'received', 'failed', 'refunded']),
		('assets', 'asset_type', ARRAY['logo', 'image', 'video', 'document', 'template', 'code', 'brand', 'other']),
		('assets', 'status', ARRAY['draft', 'active', 'archived']),
		('daily_thread', 'entry_type', ARRAY['standup', 'journal', 'log', 'review']),
		('decision_journal', 'status', ARRAY['proposed', 'decided', 'revisited', 'reversed']),
		('experiments', 'outcome', ARRAY['validated', 'invalidated', 'inconclusive']),
		('experiments', 'status', ARRAY['planned', 'running', 'concluded', 'abandoned']),
		('notebook', 'note_type', ARRAY['note', 'research', 'meeting', 'reference', 'idea']),
		('prompt_library', 'status', ARRAY['draft', 'active', 'retired']),
		('functional_areas', 'status', ARRAY['active', 'inactive']),
		('icp_scoring', 'tier', ARRAY['tier_1', 'tier_2', 'tier_3', 'disqualified']),
		('icp_segments', 'status', ARRAY['hypothesis', 'validated', 'active', 'retired']),
		('ideas_inbox', 'idea_type', ARRAY['product', 'venture', 'content', 'process', 'offer', 'other']),
		('ideas_inbox', 'status', ARRAY['new', 'triaged', 'accepted', 'parked', 'rejected', 'done']),
		('kpis', 'direction', ARRAY['increase', 'decrease', 'maintain']),
		('kpis', 'frequency', ARRAY['daily', 'weekly', 'monthly', 'quarterly']),
		('kpis', 'status', ARRAY['active', 'paused', 'retired']),
		('okrs', 'level', ARRAY['company', 'venture', 'team', 'personal']),
		('okrs', 'status', ARRAY['not_started', 'on_track', 'at_risk', 'off_track', 'achieved', 'missed']),
		('outcome_types', 'category', ARRAY['financial', 'operational', 'customer', 'strategic', 'learning']),
		('outcome_types', 'status', ARRAY['active', 'retired']),
		('topics', 'status', ARRAY['active', 'archived']),
		('touchpoints', 'channel', ARRAY['email', 'call', 'meeting', 'linkedin', 'event', 'proposal', 'other']),
		('touchpoints', 'direction', ARRAY['inbound', 'outbound']),
		('touchpoints', 'sentiment', ARRAY['positive', 'neutral', 'negative'])
	) AS v(tbl, col, allowed) LOOP
		-- NULL (an empty cell) passed the CHECKs and passes here (NULL <> ALL (…) is not true).
		EXECUTE format(
			'SELECT count(*), (SELECT string_agg(quote_literal(v), '', '') FROM
				(SELECT DISTINCT %1$I AS v FROM erp.%2$I WHERE %1$I <> ALL ($1) ORDER BY 1 LIMIT 5) e)
			 FROM erp.%2$I WHERE %1$I <> ALL ($1)',
			r.col, r.tbl) INTO bad, examples USING r.allowed;
		IF bad > 0 THEN
			problems := problems || format('erp.%s.%s: %s row(s), e.g. %s (allowed: %s)',
				r.tbl, r.col, bad, examples, array_to_string(r.allowed, ', '));
		END IF;
	END LOOP;
	SELECT count(*), (SELECT string_agg(quote_literal(q), ', ') FROM
		(SELECT DISTINCT quarter AS q FROM erp.okrs WHERE quarter !~ '^[0-9]{4}-Q[1-4]$' ORDER BY 1 LIMIT 5) e)
	INTO bad, examples FROM erp.okrs WHERE quarter !~ '^[0-9]{4}-Q[1-4]$';
	IF bad > 0 THEN
		problems := problems || format('erp.okrs.quarter: %s row(s), e.g. %s (format YYYY-Qn)', bad, examples);
	END IF;
	IF cardinality(problems) > 0 THEN
		RAISE EXCEPTION 'cannot roll back 0004_doc_driven_vocabularies: values outside the vocabularies of 0000-0002: %',
			array_to_string(problems, '; ')
			USING ERRCODE = 'check_violation', HINT = 'change or clear those values, then roll back again';
	END IF;
END $$;
--> statement-breakpoint
-- The definition of 0000, without the option tables; OR REPLACE keeps the view's grants.
CREATE OR REPLACE VIEW "erp"."project_progress" AS (SELECT p.id AS project_id, p.coda_row_id AS project_coda_id, p.name AS project_name,
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
--> statement-breakpoint
ALTER TABLE "erp"."process_templates" DROP CONSTRAINT "process_templates_status_options_fk";
--> statement-breakpoint
ALTER TABLE "erp"."resource_templates" DROP CONSTRAINT "resource_templates_resource_type_options_fk";
--> statement-breakpoint
ALTER TABLE "erp"."resource_templates" DROP CONSTRAINT "resource_templates_status_options_fk";
--> statement-breakpoint
ALTER TABLE "erp"."service_blueprints" DROP CONSTRAINT "service_blueprints_status_options_fk";
--> statement-breakpoint
ALTER TABLE "erp"."workflows" DROP CONSTRAINT "workflows_status_options_fk";
--> statement-breakpoint
ALTER TABLE "erp"."workflows" DROP CONSTRAINT "workflows_trigger_type_options_fk";
--> statement-breakpoint
ALTER TABLE "erp"."workflows" DROP CONSTRAINT "workflows_workflow_type_options_fk";
--> statement-breakpoint
ALTER TABLE "erp"."projects" DROP CONSTRAINT "projects_health_options_fk";
--> statement-breakpoint
ALTER TABLE "erp"."projects" DROP CONSTRAINT "projects_priority_options_fk";
--> statement-breakpoint
ALTER TABLE "erp"."projects" DROP CONSTRAINT "projects_status_options_fk";
--> statement-breakpoint
ALTER TABLE "erp"."sprints" DROP CONSTRAINT "sprints_status_options_fk";
--> statement-breakpoint
ALTER TABLE "erp"."tasks" DROP CONSTRAINT "tasks_priority_options_fk";
--> statement-breakpoint
ALTER TABLE "erp"."tasks" DROP CONSTRAINT "tasks_status_options_fk";
--> statement-breakpoint
ALTER TABLE "erp"."ventures" DROP CONSTRAINT "ventures_status_options_fk";
--> statement-breakpoint
ALTER TABLE "erp"."ventures" DROP CONSTRAINT "ventures_venture_type_options_fk";
--> statement-breakpoint
ALTER TABLE "erp"."organizations" DROP CONSTRAINT "organizations_organization_type_options_fk";
--> statement-breakpoint
ALTER TABLE "erp"."organizations" DROP CONSTRAINT "organizations_status_options_fk";
--> statement-breakpoint
ALTER TABLE "erp"."people" DROP CONSTRAINT "people_person_type_options_fk";
--> statement-breakpoint
ALTER TABLE "erp"."people" DROP CONSTRAINT "people_status_options_fk";
--> statement-breakpoint
ALTER TABLE "erp"."deliverables" DROP CONSTRAINT "deliverables_status_options_fk";
--> statement-breakpoint
ALTER TABLE "erp"."engagements" DROP CONSTRAINT "engagements_billing_model_options_fk";
--> statement-breakpoint
ALTER TABLE "erp"."engagements" DROP CONSTRAINT "engagements_status_options_fk";
--> statement-breakpoint
ALTER TABLE "erp"."offers" DROP CONSTRAINT "offers_offer_type_options_fk";
--> statement-breakpoint
ALTER TABLE "erp"."offers" DROP CONSTRAINT "offers_status_options_fk";
--> statement-breakpoint
ALTER TABLE "erp"."results" DROP CONSTRAINT "results_result_type_options_fk";
--> statement-breakpoint
ALTER TABLE "erp"."results" DROP CONSTRAINT "results_status_options_fk";
--> statement-breakpoint
ALTER TABLE "erp"."deals" DROP CONSTRAINT "deals_lead_source_options_fk";
--> statement-breakpoint
ALTER TABLE "erp"."deals" DROP CONSTRAINT "deals_stage_options_fk";
--> statement-breakpoint
ALTER TABLE "erp"."expenses" DROP CONSTRAINT "expenses_category_options_fk";
--> statement-breakpoint
ALTER TABLE "erp"."expenses" DROP CONSTRAINT "expenses_status_options_fk";
--> statement-breakpoint
ALTER TABLE "erp"."finance_snapshot" DROP CONSTRAINT "finance_snapshot_status_options_fk";
--> statement-breakpoint
ALTER TABLE "erp"."invoices" DROP CONSTRAINT "invoices_status_options_fk";
--> statement-breakpoint
ALTER TABLE "erp"."payments" DROP CONSTRAINT "payments_method_options_fk";
--> statement-breakpoint
ALTER TABLE "erp"."payments" DROP CONSTRAINT "payments_status_options_fk";
--> statement-breakpoint
ALTER TABLE "erp"."assets" DROP CONSTRAINT "assets_asset_type_options_fk";
--> statement-breakpoint
ALTER TABLE "erp"."assets" DROP CONSTRAINT "assets_status_options_fk";
--> statement-breakpoint
ALTER TABLE "erp"."daily_thread" DROP CONSTRAINT "daily_thread_entry_type_options_fk";
--> statement-breakpoint
ALTER TABLE "erp"."decision_journal" DROP CONSTRAINT "decision_journal_status_options_fk";
--> statement-breakpoint
ALTER TABLE "erp"."experiments" DROP CONSTRAINT "experiments_outcome_options_fk";
--> statement-breakpoint
ALTER TABLE "erp"."experiments" DROP CONSTRAINT "experiments_status_options_fk";
--> statement-breakpoint
ALTER TABLE "erp"."notebook" DROP CONSTRAINT "notebook_note_type_options_fk";
--> statement-breakpoint
ALTER TABLE "erp"."prompt_library" DROP CONSTRAINT "prompt_library_status_options_fk";
--> statement-breakpoint
ALTER TABLE "erp"."functional_areas" DROP CONSTRAINT "functional_areas_status_options_fk";
--> statement-breakpoint
ALTER TABLE "erp"."icp_scoring" DROP CONSTRAINT "icp_scoring_tier_options_fk";
--> statement-breakpoint
ALTER TABLE "erp"."icp_segments" DROP CONSTRAINT "icp_segments_status_options_fk";
--> statement-breakpoint
ALTER TABLE "erp"."ideas_inbox" DROP CONSTRAINT "ideas_inbox_idea_type_options_fk";
--> statement-breakpoint
ALTER TABLE "erp"."ideas_inbox" DROP CONSTRAINT "ideas_inbox_status_options_fk";
--> statement-breakpoint
ALTER TABLE "erp"."kpis" DROP CONSTRAINT "kpis_direction_options_fk";
--> statement-breakpoint
ALTER TABLE "erp"."kpis" DROP CONSTRAINT "kpis_frequency_options_fk";
--> statement-breakpoint
ALTER TABLE "erp"."kpis" DROP CONSTRAINT "kpis_status_options_fk";
--> statement-breakpoint
ALTER TABLE "erp"."okrs" DROP CONSTRAINT "okrs_level_options_fk";
--> statement-breakpoint
ALTER TABLE "erp"."okrs" DROP CONSTRAINT "okrs_status_options_fk";
--> statement-breakpoint
ALTER TABLE "erp"."outcome_types" DROP CONSTRAINT "outcome_types_category_options_fk";
--> statement-breakpoint
ALTER TABLE "erp"."outcome_types" DROP CONSTRAINT "outcome_types_status_options_fk";
--> statement-breakpoint
ALTER TABLE "erp"."topics" DROP CONSTRAINT "topics_status_options_fk";
--> statement-breakpoint
ALTER TABLE "erp"."touchpoints" DROP CONSTRAINT "touchpoints_channel_options_fk";
--> statement-breakpoint
ALTER TABLE "erp"."touchpoints" DROP CONSTRAINT "touchpoints_direction_options_fk";
--> statement-breakpoint
ALTER TABLE "erp"."touchpoints" DROP CONSTRAINT "touchpoints_sentiment_options_fk";
--> statement-breakpoint
DROP INDEX "erp"."resource_templates_resource_type_idx", "erp"."workflows_workflow_type_idx", "erp"."workflows_trigger_type_idx", "erp"."projects_priority_idx", "erp"."projects_health_idx", "erp"."tasks_priority_idx", "erp"."ventures_venture_type_idx", "erp"."engagements_billing_model_idx", "erp"."offers_offer_type_idx", "erp"."results_result_type_idx", "erp"."deals_lead_source_idx", "erp"."expenses_category_idx", "erp"."payments_method_idx", "erp"."assets_asset_type_idx", "erp"."daily_thread_entry_type_idx", "erp"."experiments_outcome_idx", "erp"."notebook_note_type_idx", "erp"."ideas_inbox_idea_type_idx", "erp"."kpis_frequency_idx", "erp"."kpis_direction_idx", "erp"."okrs_level_idx", "erp"."outcome_types_category_idx", "erp"."touchpoints_channel_idx", "erp"."touchpoints_direction_idx", "erp"."touchpoints_sentiment_idx";
--> statement-breakpoint
ALTER TABLE "erp"."process_templates" ADD CONSTRAINT "process_templates_status_check" CHECK ("erp"."process_templates"."status" IN ('draft', 'active', 'retired'));
--> statement-breakpoint
ALTER TABLE "erp"."resource_templates" ADD CONSTRAINT "resource_templates_resource_type_check" CHECK ("erp"."resource_templates"."resource_type" IN ('document', 'spreadsheet', 'slide_deck', 'checklist', 'prompt', 'code', 'other'));
--> statement-breakpoint
ALTER TABLE "erp"."resource_templates" ADD CONSTRAINT "resource_templates_status_check" CHECK ("erp"."resource_templates"."status" IN ('draft', 'active', 'retired'));
--> statement-breakpoint
ALTER TABLE "erp"."service_blueprints" ADD CONSTRAINT "service_blueprints_status_check" CHECK ("erp"."service_blueprints"."status" IN ('draft', 'active', 'retired'));
--> statement-breakpoint
ALTER TABLE "erp"."workflows" ADD CONSTRAINT "workflows_status_check" CHECK ("erp"."workflows"."status" IN ('draft', 'active', 'deprecated'));
--> statement-breakpoint
ALTER TABLE "erp"."workflows" ADD CONSTRAINT "workflows_trigger_type_check" CHECK ("erp"."workflows"."trigger_type" IN ('manual', 'schedule', 'webhook', 'event'));
--> statement-breakpoint
ALTER TABLE "erp"."workflows" ADD CONSTRAINT "workflows_workflow_type_check" CHECK ("erp"."workflows"."workflow_type" IN ('manual', 'automated', 'hybrid'));
--> statement-breakpoint
ALTER TABLE "erp"."projects" ADD CONSTRAINT "projects_health_check" CHECK ("erp"."projects"."health" IN ('on_track', 'at_risk', 'off_track'));
--> statement-breakpoint
ALTER TABLE "erp"."projects" ADD CONSTRAINT "projects_priority_check" CHECK ("erp"."projects"."priority" IN ('low', 'medium', 'high', 'critical'));
--> statement-breakpoint
ALTER TABLE "erp"."projects" ADD CONSTRAINT "projects_status_check" CHECK ("erp"."projects"."status" IN ('planned', 'active', 'on_hold', 'completed', 'cancelled'));
--> statement-breakpoint
ALTER TABLE "erp"."sprints" ADD CONSTRAINT "sprints_status_check" CHECK ("erp"."sprints"."status" IN ('planned', 'active', 'completed', 'cancelled'));
--> statement-breakpoint
ALTER TABLE "erp"."tasks" ADD CONSTRAINT "tasks_priority_check" CHECK ("erp"."tasks"."priority" IN ('low', 'medium', 'high', 'critical'));
--> statement-breakpoint
ALTER TABLE "erp"."tasks" ADD CONSTRAINT "tasks_status_check" CHECK ("erp"."tasks"."status" IN ('backlog', 'todo', 'in_progress', 'blocked', 'review', 'done', 'cancelled'));
--> statement-breakpoint
ALTER TABLE "erp"."ventures" ADD CONSTRAINT "ventures_status_check" CHECK ("erp"."ventures"."status" IN ('idea', 'validating', 'building', 'launched', 'paused', 'killed', 'exited'));
--> statement-breakpoint
ALTER TABLE "erp"."ventures" ADD CONSTRAINT "ventures_venture_type_check" CHECK ("erp"."ventures"."venture_type" IN ('internal', 'client', 'joint'));
--> statement-breakpoint
ALTER TABLE "erp"."organizations" ADD CONSTRAINT "organizations_organization_type_check" CHECK ("erp"."organizations"."organization_type" IN ('client', 'prospect', 'partner', 'vendor', 'investor', 'internal'));
--> statement-breakpoint
ALTER TABLE "erp"."organizations" ADD CONSTRAINT "organizations_status_check" CHECK ("erp"."organizations"."status" IN ('active', 'inactive', 'churned'));
--> statement-breakpoint
ALTER TABLE "erp"."people" ADD CONSTRAINT "people_person_type_check" CHECK ("erp"."people"."person_type" IN ('team', 'contractor', 'client_contact', 'partner', 'advisor', 'investor'));
--> statement-breakpoint
ALTER TABLE "erp"."people" ADD CONSTRAINT "people_status_check" CHECK ("erp"."people"."status" IN ('active', 'inactive', 'alumni'));
--> statement-breakpoint
ALTER TABLE "erp"."deliverables" ADD CONSTRAINT "deliverables_status_check" CHECK ("erp"."deliverables"."status" IN ('not_started', 'in_progress', 'in_review', 'delivered', 'accepted', 'rejected', 'cancelled'));
--> statement-breakpoint
ALTER TABLE "erp"."engagements" ADD CONSTRAINT "engagements_billing_model_check" CHECK ("erp"."engagements"."billing_model" IN ('fixed', 'retainer', 'hourly', 'milestone'));
--> statement-breakpoint
ALTER TABLE "erp"."engagements" ADD CONSTRAINT "engagements_status_check" CHECK ("erp"."engagements"."status" IN ('proposed', 'active', 'paused', 'completed', 'cancelled'));
--> statement-breakpoint
ALTER TABLE "erp"."offers" ADD CONSTRAINT "offers_offer_type_check" CHECK ("erp"."offers"."offer_type" IN ('fixed_scope', 'retainer', 'time_and_materials', 'workshop', 'product'));
--> statement-breakpoint
ALTER TABLE "erp"."offers" ADD CONSTRAINT "offers_status_check" CHECK ("erp"."offers"."status" IN ('draft', 'active', 'retired'));
--> statement-breakpoint
ALTER TABLE "erp"."results" ADD CONSTRAINT "results_result_type_check" CHECK ("erp"."results"."result_type" IN ('revenue', 'cost_saving', 'time_saving', 'growth', 'quality', 'other'));
--> statement-breakpoint
ALTER TABLE "erp"."results" ADD CONSTRAINT "results_status_check" CHECK ("erp"."results"."status" IN ('claimed', 'verified', 'published'));
--> statement-breakpoint
ALTER TABLE "erp"."deals" ADD CONSTRAINT "deals_lead_source_check" CHECK ("erp"."deals"."lead_source" IN ('referral', 'inbound', 'outbound', 'partner', 'event', 'other'));
--> statement-breakpoint
ALTER TABLE "erp"."deals" ADD CONSTRAINT "deals_stage_check" CHECK ("erp"."deals"."stage" IN ('lead', 'qualified', 'proposal', 'negotiation', 'won', 'lost'));
--> statement-breakpoint
ALTER TABLE "erp"."expenses" ADD CONSTRAINT "expenses_category_check" CHECK ("erp"."expenses"."category" IN ('software', 'contractor', 'travel', 'hardware', 'marketing', 'office', 'fees', 'other'));
--> statement-breakpoint
ALTER TABLE "erp"."expenses" ADD CONSTRAINT "expenses_status_check" CHECK ("erp"."expenses"."status" IN ('submitted', 'approved', 'rejected', 'paid', 'reimbursed'));
--> statement-breakpoint
ALTER TABLE "erp"."finance_snapshot" ADD CONSTRAINT "finance_snapshot_status_check" CHECK ("erp"."finance_snapshot"."status" IN ('draft', 'final'));
--> statement-breakpoint
ALTER TABLE "erp"."invoices" ADD CONSTRAINT "invoices_status_check" CHECK ("erp"."invoices"."status" IN ('draft', 'sent', 'partially_paid', 'paid', 'overdue', 'void'));
--> statement-breakpoint
ALTER TABLE "erp"."payments" ADD CONSTRAINT "payments_method_check" CHECK ("erp"."payments"."method" IN ('bank_transfer', 'card', 'paypal', 'stripe', 'cash', 'other'));
--> statement-breakpoint
ALTER TABLE "erp"."payments" ADD CONSTRAINT "payments_status_check" CHECK ("erp"."payments"."status" IN ('pending', 'received', 'failed', 'refunded'));
--> statement-breakpoint
ALTER TABLE "erp"."assets" ADD CONSTRAINT "assets_asset_type_check" CHECK ("erp"."assets"."asset_type" IN ('logo', 'image', 'video', 'document', 'template', 'code', 'brand', 'other'));
--> statement-breakpoint
ALTER TABLE "erp"."assets" ADD CONSTRAINT "assets_status_check" CHECK ("erp"."assets"."status" IN ('draft', 'active', 'archived'));
--> statement-breakpoint
ALTER TABLE "erp"."daily_thread" ADD CONSTRAINT "daily_thread_entry_type_check" CHECK ("erp"."daily_thread"."entry_type" IN ('standup', 'journal', 'log', 'review'));
--> statement-breakpoint
ALTER TABLE "erp"."decision_journal" ADD CONSTRAINT "decision_journal_status_check" CHECK ("erp"."decision_journal"."status" IN ('proposed', 'decided', 'revisited', 'reversed'));
--> statement-breakpoint
ALTER TABLE "erp"."experiments" ADD CONSTRAINT "experiments_outcome_check" CHECK ("erp"."experiments"."outcome" IN ('validated', 'invalidated', 'inconclusive'));
--> statement-breakpoint
ALTER TABLE "erp"."experiments" ADD CONSTRAINT "experiments_status_check" CHECK ("erp"."experiments"."status" IN ('planned', 'running', 'concluded', 'abandoned'));
--> statement-breakpoint
ALTER TABLE "erp"."notebook" ADD CONSTRAINT "notebook_note_type_check" CHECK ("erp"."notebook"."note_type" IN ('note', 'research', 'meeting', 'reference', 'idea'));
--> statement-breakpoint
ALTER TABLE "erp"."prompt_library" ADD CONSTRAINT "prompt_library_status_check" CHECK ("erp"."prompt_library"."status" IN ('draft', 'active', 'retired'));
--> statement-breakpoint
ALTER TABLE "erp"."functional_areas" ADD CONSTRAINT "functional_areas_status_check" CHECK ("erp"."functional_areas"."status" IN ('active', 'inactive'));
--> statement-breakpoint
ALTER TABLE "erp"."icp_scoring" ADD CONSTRAINT "icp_scoring_tier_check" CHECK ("erp"."icp_scoring"."tier" IN ('tier_1', 'tier_2', 'tier_3', 'disqualified'));
--> statement-breakpoint
ALTER TABLE "erp"."icp_segments" ADD CONSTRAINT "icp_segments_status_check" CHECK ("erp"."icp_segments"."status" IN ('hypothesis', 'validated', 'active', 'retired'));
--> statement-breakpoint
ALTER TABLE "erp"."ideas_inbox" ADD CONSTRAINT "ideas_inbox_idea_type_check" CHECK ("erp"."ideas_inbox"."idea_type" IN ('product', 'venture', 'content', 'process', 'offer', 'other'));
--> statement-breakpoint
ALTER TABLE "erp"."ideas_inbox" ADD CONSTRAINT "ideas_inbox_status_check" CHECK ("erp"."ideas_inbox"."status" IN ('new', 'triaged', 'accepted', 'parked', 'rejected', 'done'));
--> statement-breakpoint
ALTER TABLE "erp"."kpis" ADD CONSTRAINT "kpis_direction_check" CHECK ("erp"."kpis"."direction" IN ('increase', 'decrease', 'maintain'));
--> statement-breakpoint
ALTER TABLE "erp"."kpis" ADD CONSTRAINT "kpis_frequency_check" CHECK ("erp"."kpis"."frequency" IN ('daily', 'weekly', 'monthly', 'quarterly'));
--> statement-breakpoint
ALTER TABLE "erp"."kpis" ADD CONSTRAINT "kpis_status_check" CHECK ("erp"."kpis"."status" IN ('active', 'paused', 'retired'));
--> statement-breakpoint
ALTER TABLE "erp"."okrs" ADD CONSTRAINT "okrs_level_check" CHECK ("erp"."okrs"."level" IN ('company', 'venture', 'team', 'personal'));
--> statement-breakpoint
ALTER TABLE "erp"."okrs" ADD CONSTRAINT "okrs_status_check" CHECK ("erp"."okrs"."status" IN ('not_started', 'on_track', 'at_risk', 'off_track', 'achieved', 'missed'));
--> statement-breakpoint
ALTER TABLE "erp"."outcome_types" ADD CONSTRAINT "outcome_types_category_check" CHECK ("erp"."outcome_types"."category" IN ('financial', 'operational', 'customer', 'strategic', 'learning'));
--> statement-breakpoint
ALTER TABLE "erp"."outcome_types" ADD CONSTRAINT "outcome_types_status_check" CHECK ("erp"."outcome_types"."status" IN ('active', 'retired'));
--> statement-breakpoint
ALTER TABLE "erp"."topics" ADD CONSTRAINT "topics_status_check" CHECK ("erp"."topics"."status" IN ('active', 'archived'));
--> statement-breakpoint
ALTER TABLE "erp"."touchpoints" ADD CONSTRAINT "touchpoints_channel_check" CHECK ("erp"."touchpoints"."channel" IN ('email', 'call', 'meeting', 'linkedin', 'event', 'proposal', 'other'));
--> statement-breakpoint
ALTER TABLE "erp"."touchpoints" ADD CONSTRAINT "touchpoints_direction_check" CHECK ("erp"."touchpoints"."direction" IN ('inbound', 'outbound'));
--> statement-breakpoint
ALTER TABLE "erp"."touchpoints" ADD CONSTRAINT "touchpoints_sentiment_check" CHECK ("erp"."touchpoints"."sentiment" IN ('positive', 'neutral', 'negative'));
--> statement-breakpoint
ALTER TABLE "erp"."okrs" ADD CONSTRAINT "okrs_quarter_format" CHECK ("erp"."okrs"."quarter" ~ '^[0-9]{4}-Q[1-4]$');
--> statement-breakpoint
DROP TABLE "erp"."process_templates_status_options", "erp"."resource_templates_resource_type_options", "erp"."resource_templates_status_options", "erp"."service_blueprints_status_options", "erp"."workflows_status_options", "erp"."workflows_trigger_type_options", "erp"."workflows_workflow_type_options", "erp"."projects_health_options", "erp"."projects_priority_options", "erp"."projects_status_options", "erp"."sprints_status_options", "erp"."tasks_priority_options", "erp"."tasks_status_options", "erp"."ventures_status_options", "erp"."ventures_venture_type_options", "erp"."organizations_organization_type_options", "erp"."organizations_status_options", "erp"."people_person_type_options", "erp"."people_status_options", "erp"."deliverables_status_options", "erp"."engagements_billing_model_options", "erp"."engagements_status_options", "erp"."offers_offer_type_options", "erp"."offers_status_options", "erp"."results_result_type_options", "erp"."results_status_options", "erp"."deals_lead_source_options", "erp"."deals_stage_options", "erp"."expenses_category_options", "erp"."expenses_status_options", "erp"."finance_snapshot_status_options", "erp"."invoices_status_options", "erp"."payments_method_options", "erp"."payments_status_options", "erp"."assets_asset_type_options", "erp"."assets_status_options", "erp"."daily_thread_entry_type_options", "erp"."decision_journal_status_options", "erp"."experiments_outcome_options", "erp"."experiments_status_options", "erp"."notebook_note_type_options", "erp"."prompt_library_status_options", "erp"."functional_areas_status_options", "erp"."icp_scoring_tier_options", "erp"."icp_segments_status_options", "erp"."ideas_inbox_idea_type_options", "erp"."ideas_inbox_status_options", "erp"."kpis_direction_options", "erp"."kpis_frequency_options", "erp"."kpis_status_options", "erp"."okrs_level_options", "erp"."okrs_status_options", "erp"."outcome_types_category_options", "erp"."outcome_types_status_options", "erp"."topics_status_options", "erp"."touchpoints_channel_options", "erp"."touchpoints_direction_options", "erp"."touchpoints_sentiment_options", "erp"."coda_columns", "erp"."column_overrides", "erp"."cell_issues";
--> statement-breakpoint
ALTER TABLE "erp"."sync_state" DROP COLUMN "coda_table_name", DROP COLUMN "display_column_id";
