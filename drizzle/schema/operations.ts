// Operations: ventures (the studio's bets), their projects, the tasks in them, and sprints.
import { date, numeric, integer, text } from 'drizzle-orm/pg-core';
import { erp, indexesOn, inRange, inVocabulary, money, person, ref, refMany, syncColumns, timestamptz, vocab } from './columns';
import { organizations } from './people';
import { engagements } from './clients';
import { processTemplates } from './pattern';

export const ventureStatuses = ['idea', 'validating', 'building', 'launched', 'paused', 'killed', 'exited'] as const;
export const ventureTypes = ['internal', 'client', 'joint'] as const;

export const ventures = erp.table(
	'ventures',
	{
		...syncColumns(),
		name: text('name'),
		status: vocab('status', ventureStatuses),
		venture_type: vocab('venture_type', ventureTypes),
		thesis: text('thesis'),
		...person('owner'),
		...ref('partner_organization', () => organizations.id, 'set null'),
		started_on: date('started_on'),
		...money('budget'),
		equity_percent: numeric('equity_percent', { precision: 5, scale: 2 }),
		website_url: text('website_url'),
	},
	(t) => [
		inVocabulary(t.status, ventureStatuses),
		inVocabulary(t.venture_type, ventureTypes),
		inRange(t.equity_percent, 0, 100),
		...indexesOn(t.owner_id, t.partner_organization_id, t.status),
	],
);

export const projectStatuses = ['planned', 'active', 'on_hold', 'completed', 'cancelled'] as const;
export const priorities = ['low', 'medium', 'high', 'critical'] as const;
export const projectHealths = ['on_track', 'at_risk', 'off_track'] as const;

export const projects = erp.table(
	'projects',
	{
		...syncColumns(),
		name: text('name'),
		status: vocab('status', projectStatuses),
		priority: vocab('priority', priorities),
		health: vocab('health', projectHealths),
		description: text('description'),
		...ref('venture', () => ventures.id, 'set null'),
		...ref('client_organization', () => organizations.id, 'set null'),
		...ref('engagement', () => engagements.id, 'set null'),
		...person('owner'),
		start_date: date('start_date'),
		due_date: date('due_date'),
		completed_on: date('completed_on'),
		...money('budget'),
	},
	(t) => [
		inVocabulary(t.status, projectStatuses),
		inVocabulary(t.priority, priorities),
		inVocabulary(t.health, projectHealths),
		...indexesOn(t.venture_id, t.client_organization_id, t.engagement_id, t.owner_id, t.status, t.due_date),
	],
);

export const sprintStatuses = ['planned', 'active', 'completed', 'cancelled'] as const;

export const sprints = erp.table(
	'sprints',
	{
		...syncColumns(),
		name: text('name'),
		status: vocab('status', sprintStatuses),
		sprint_number: integer('sprint_number'),
		goal: text('goal'),
		...ref('project', () => projects.id, 'set null'),
		start_date: date('start_date'),
		end_date: date('end_date'),
		capacity_hours: numeric('capacity_hours', { precision: 8, scale: 2 }),
	},
	(t) => [inVocabulary(t.status, sprintStatuses), ...indexesOn(t.project_id, t.status, t.start_date)],
);

export const taskStatuses = ['backlog', 'todo', 'in_progress', 'blocked', 'review', 'done', 'cancelled'] as const;

export const tasks = erp.table(
	'tasks',
	{
		...syncColumns(),
		name: text('name'),
		status: vocab('status', taskStatuses),
		priority: vocab('priority', priorities),
		...ref('project', () => projects.id, 'set null'),
		...ref('sprint', () => sprints.id, 'set null'),
		...ref('process_template', () => processTemplates.id, 'set null'),
		...person('assignee'),
		due_date: date('due_date'),
		completed_at: timestamptz('completed_at'),
		estimate_hours: numeric('estimate_hours', { precision: 8, scale: 2 }),
		actual_hours: numeric('actual_hours', { precision: 8, scale: 2 }),
		...refMany('blocked_by'),
		notes: text('notes'),
	},
	(t) => [
		inVocabulary(t.status, taskStatuses),
		inVocabulary(t.priority, priorities),
		...indexesOn(t.project_id, t.sprint_id, t.process_template_id, t.assignee_id, t.status, t.due_date),
	],
);
