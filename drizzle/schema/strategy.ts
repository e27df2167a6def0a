// Strategy and analytics: goals (okrs, kpis), the studio's taxonomies (outcome types,
// functional areas, topics), go-to-market (touchpoints, ICP segments and scores, ideas)
// and how process templates perform.
import { date, integer, numeric, text, type AnyPgColumn } from 'drizzle-orm/pg-core';
import { duration, erp, indexesOn, inOptions, inRange, money, person, ref, refMany, selectOptions, syncColumns, timestamptz, vocab } from './columns';
import { engagements, offers } from './clients';
import { deals } from './finance';
import { processTemplates } from './pattern';
import { ventures } from './operations';
import { organizations } from './people';

export const okrStatuses = ['not_started', 'on_track', 'at_risk', 'off_track', 'achieved', 'missed'] as const;
export const okrLevels = ['company', 'venture', 'team', 'personal'] as const;

export const okrsStatusOptions = selectOptions('okrs', 'status', okrStatuses);
export const okrsLevelOptions = selectOptions('okrs', 'level', okrLevels);
export const okrs = erp.table(
	'okrs',
	{
		...syncColumns(),
		name: text('name'),
		status: vocab('status', okrStatuses),
		level: vocab('level', okrLevels),
		objective: text('objective'),
		key_result: text('key_result'),
		/** Planning quarter as the doc writes it (usually `YYYY-Qn`; no format check: real docs vary). */
		quarter: text('quarter'),
		...ref('parent_okr', (): AnyPgColumn => okrs.id, 'set null'),
		...ref('venture', () => ventures.id, 'set null'),
		...person('owner'),
		start_value: numeric('start_value'),
		target_value: numeric('target_value'),
		current_value: numeric('current_value'),
		progress_percent: numeric('progress_percent', { precision: 5, scale: 2 }),
		due_date: date('due_date'),
	},
	(t) => [
		...inOptions(t.status, okrsStatusOptions),
		...inOptions(t.level, okrsLevelOptions),
		...indexesOn(t.parent_okr_id, t.venture_id, t.owner_id, t.quarter, t.due_date),
	],
);

export const activeStatuses = ['active', 'inactive'] as const;

export const functionalAreasStatusOptions = selectOptions('functional_areas', 'status', activeStatuses);
export const functionalAreas = erp.table(
	'functional_areas',
	{
		...syncColumns(),
		name: text('name'),
		status: vocab('status', activeStatuses),
		area_code: text('area_code'),
		description: text('description'),
		...ref('parent_area', (): AnyPgColumn => functionalAreas.id, 'set null'),
		...person('owner'),
	},
	(t) => [...inOptions(t.status, functionalAreasStatusOptions), ...indexesOn(t.parent_area_id, t.owner_id)],
);

export const kpiStatuses = ['active', 'paused', 'retired'] as const;
export const kpiFrequencies = ['daily', 'weekly', 'monthly', 'quarterly'] as const;
export const kpiDirections = ['increase', 'decrease', 'maintain'] as const;

export const kpisStatusOptions = selectOptions('kpis', 'status', kpiStatuses);
export const kpisFrequencyOptions = selectOptions('kpis', 'frequency', kpiFrequencies);
export const kpisDirectionOptions = selectOptions('kpis', 'direction', kpiDirections);
export const kpis = erp.table(
	'kpis',
	{
		...syncColumns(),
		name: text('name'),
		status: vocab('status', kpiStatuses),
		frequency: vocab('frequency', kpiFrequencies),
		direction: vocab('direction', kpiDirections),
		unit: text('unit'),
		target_value: numeric('target_value'),
		current_value: numeric('current_value'),
		...ref('okr', () => okrs.id, 'set null'),
		...ref('functional_area', () => functionalAreas.id, 'set null'),
		...person('owner'),
		last_measured_on: date('last_measured_on'),
		data_source_url: text('data_source_url'),
	},
	(t) => [
		...inOptions(t.status, kpisStatusOptions),
		...inOptions(t.frequency, kpisFrequencyOptions),
		...inOptions(t.direction, kpisDirectionOptions),
		...indexesOn(t.okr_id, t.functional_area_id, t.owner_id),
	],
);

export const outcomeCategories = ['financial', 'operational', 'customer', 'strategic', 'learning'] as const;
export const retirableStatuses = ['active', 'retired'] as const;

export const outcomeTypesStatusOptions = selectOptions('outcome_types', 'status', retirableStatuses);
export const outcomeTypesCategoryOptions = selectOptions('outcome_types', 'category', outcomeCategories);
export const outcomeTypes = erp.table(
	'outcome_types',
	{
		...syncColumns(),
		name: text('name'),
		status: vocab('status', retirableStatuses),
		category: vocab('category', outcomeCategories),
		description: text('description'),
		unit: text('unit'),
		measurement_method: text('measurement_method'),
	},
	(t) => [
		...inOptions(t.status, outcomeTypesStatusOptions),
		...inOptions(t.category, outcomeTypesCategoryOptions),
	],
);

export const topicStatuses = ['active', 'archived'] as const;

export const topicsStatusOptions = selectOptions('topics', 'status', topicStatuses);
export const topics = erp.table(
	'topics',
	{
		...syncColumns(),
		name: text('name'),
		status: vocab('status', topicStatuses),
		description: text('description'),
		...ref('parent_topic', (): AnyPgColumn => topics.id, 'set null'),
		...ref('functional_area', () => functionalAreas.id, 'set null'),
	},
	(t) => [...inOptions(t.status, topicsStatusOptions), ...indexesOn(t.parent_topic_id, t.functional_area_id)],
);

export const touchpointChannels = ['email', 'call', 'meeting', 'linkedin', 'event', 'proposal', 'other'] as const;
export const touchpointDirections = ['inbound', 'outbound'] as const;
export const sentiments = ['positive', 'neutral', 'negative'] as const;

export const touchpointsChannelOptions = selectOptions('touchpoints', 'channel', touchpointChannels);
export const touchpointsDirectionOptions = selectOptions('touchpoints', 'direction', touchpointDirections);
export const touchpointsSentimentOptions = selectOptions('touchpoints', 'sentiment', sentiments);
export const touchpoints = erp.table(
	'touchpoints',
	{
		...syncColumns(),
		name: text('name'),
		channel: vocab('channel', touchpointChannels),
		direction: vocab('direction', touchpointDirections),
		sentiment: vocab('sentiment', sentiments),
		occurred_at: timestamptz('occurred_at'),
		...ref('organization', () => organizations.id, 'set null'),
		...ref('deal', () => deals.id, 'set null'),
		...ref('engagement', () => engagements.id, 'set null'),
		...person('contact'),
		...person('owner'),
		summary: text('summary'),
		next_step: text('next_step'),
		follow_up_date: date('follow_up_date'),
	},
	(t) => [
		...inOptions(t.channel, touchpointsChannelOptions),
		...inOptions(t.direction, touchpointsDirectionOptions),
		...inOptions(t.sentiment, touchpointsSentimentOptions),
		...indexesOn(
			t.organization_id,
			t.deal_id,
			t.engagement_id,
			t.contact_id,
			t.owner_id,
			t.occurred_at,
			t.follow_up_date,
		),
	],
);

export const icpSegmentStatuses = ['hypothesis', 'validated', 'active', 'retired'] as const;

export const icpSegmentsStatusOptions = selectOptions('icp_segments', 'status', icpSegmentStatuses);
export const icpSegments = erp.table(
	'icp_segments',
	{
		...syncColumns(),
		name: text('name'),
		status: vocab('status', icpSegmentStatuses),
		description: text('description'),
		industry: text('industry'),
		company_size: text('company_size'),
		pain_points: text('pain_points'),
		/** 1 (highest) – 5. */
		priority: integer('priority'),
		...ref('primary_offer', () => offers.id, 'set null'),
		...person('owner'),
	},
	(t) => [
		...inOptions(t.status, icpSegmentsStatusOptions),
		inRange(t.priority, 1, 5),
		...indexesOn(t.primary_offer_id, t.owner_id),
	],
);

export const icpTiers = ['tier_1', 'tier_2', 'tier_3', 'disqualified'] as const;

export const icpScoringTierOptions = selectOptions('icp_scoring', 'tier', icpTiers);
export const icpScoring = erp.table(
	'icp_scoring',
	{
		...syncColumns(),
		name: text('name'),
		tier: vocab('tier', icpTiers),
		// A score only means something for its organization and segment: cascade on hard delete.
		...ref('organization', () => organizations.id, 'cascade'),
		...ref('icp_segment', () => icpSegments.id, 'cascade'),
		fit_score: integer('fit_score'),
		intent_score: integer('intent_score'),
		total_score: numeric('total_score', { precision: 6, scale: 2 }),
		scored_on: date('scored_on'),
		...person('scored_by'),
		notes: text('notes'),
	},
	(t) => [
		...inOptions(t.tier, icpScoringTierOptions),
		inRange(t.fit_score, 0, 100),
		inRange(t.intent_score, 0, 100),
		...indexesOn(t.organization_id, t.icp_segment_id, t.scored_by_id, t.scored_on),
	],
);

export const ideaStatuses = ['new', 'triaged', 'accepted', 'parked', 'rejected', 'done'] as const;
export const ideaTypes = ['product', 'venture', 'content', 'process', 'offer', 'other'] as const;

export const ideasInboxStatusOptions = selectOptions('ideas_inbox', 'status', ideaStatuses);
export const ideasInboxIdeaTypeOptions = selectOptions('ideas_inbox', 'idea_type', ideaTypes);
export const ideasInbox = erp.table(
	'ideas_inbox',
	{
		...syncColumns(),
		name: text('name'),
		status: vocab('status', ideaStatuses),
		idea_type: vocab('idea_type', ideaTypes),
		description: text('description'),
		...person('submitted_by'),
		submitted_on: date('submitted_on'),
		...ref('functional_area', () => functionalAreas.id, 'set null'),
		...ref('venture', () => ventures.id, 'set null'),
		...refMany('topic'),
		/** 1–5 each; impact over effort ranks the inbox. */
		impact_score: integer('impact_score'),
		effort_score: integer('effort_score'),
	},
	(t) => [
		...inOptions(t.status, ideasInboxStatusOptions),
		...inOptions(t.idea_type, ideasInboxIdeaTypeOptions),
		inRange(t.impact_score, 1, 5),
		inRange(t.effort_score, 1, 5),
		...indexesOn(t.submitted_by_id, t.functional_area_id, t.venture_id, t.submitted_on),
	],
);

export const templatePerformance = erp.table(
	'template_performance',
	{
		...syncColumns(),
		name: text('name'),
		// A measurement of one template: meaningless without it, so cascade on hard delete.
		...ref('process_template', () => processTemplates.id, 'cascade'),
		period_start: date('period_start'),
		period_end: date('period_end'),
		runs_count: integer('runs_count'),
		success_rate: numeric('success_rate', { precision: 5, scale: 4 }),
		avg_duration_minutes: duration(numeric('avg_duration_minutes', { precision: 10, scale: 2 }), 'minutes'),
		/** Average satisfaction of the people using it, 1–5. */
		avg_rating: numeric('avg_rating', { precision: 3, scale: 2 }),
		...money('revenue'),
		notes: text('notes'),
	},
	(t) => [
		inRange(t.success_rate, 0, 1),
		inRange(t.avg_rating, 1, 5),
		...indexesOn(t.process_template_id, t.period_start),
	],
);
