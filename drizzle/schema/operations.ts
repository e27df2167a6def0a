// Operations: ventures (the studio's bets), their projects, the tasks in them, and sprints.
import { date, numeric, integer, text } from 'drizzle-orm/pg-core';
import { duration, erp, indexesOn, inOptions, inRange, money, person, ref, refMany, selectOptions, syncColumns, timestamptz, vocab } from './columns';
import { organizations } from './people';
import { engagements } from './clients';
import { processTemplates } from './pattern';

export const ventureStatuses = ['idea', 'validating', 'building', 'launched', 'paused', 'killed', 'exited'] as const;
export const ventureTypes = ['internal', 'client', 'joint'] as const;

export const venturesStatusOptions = selectOptions('ventures', 'status', ventureStatuses);
export const venturesVentureTypeOptions = selectOptions('ventures', 'venture_type', ventureTypes);
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
		...inOptions(t.status, venturesStatusOptions),
		...inOptions(t.venture_type, venturesVentureTypeOptions),
		inRange(t.equity_percent, 0, 100),
		...indexesOn(t.owner_id, t.partner_organization_id),
	],
);

export const projectStatuses = ['planned', 'active', 'on_hold', 'completed', 'cancelled'] as const;
export const priorities = ['low', 'medium', 'high', 'critical'] as const;
export const projectHealths = ['on_track', 'at_risk', 'off_track'] as const;

export const projectsStatusOptions = selectOptions('projects', 'status', projectStatuses);
export const projectsPriorityOptions = selectOptions('projects', 'priority', priorities);
export const projectsHealthOptions = selectOptions('projects', 'health', projectHealths);
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
		...inOptions(t.status, projectsStatusOptions),
		...inOptions(t.priority, projectsPriorityOptions),
		...inOptions(t.health, projectsHealthOptions),
		...indexesOn(t.venture_id, t.client_organization_id, t.engagement_id, t.owner_id, t.due_date),
	],
);

export const sprintStatuses = ['planned', 'active', 'completed', 'cancelled'] as const;

export const sprintsStatusOptions = selectOptions('sprints', 'status', sprintStatuses);
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
		capacity_hours: duration(numeric('capacity_hours', { precision: 8, scale: 2 }), 'hours'),
	},
	(t) => [...inOptions(t.status, sprintsStatusOptions), ...indexesOn(t.project_id, t.start_date)],
);

export const taskStatuses = ['backlog', 'todo', 'in_progress', 'blocked', 'review', 'done', 'cancelled'] as const;

export const tasksStatusOptions = selectOptions('tasks', 'status', taskStatuses);
export const tasksPriorityOptions = selectOptions('tasks', 'priority', priorities);
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
		estimate_hours: duration(numeric('estimate_hours', { precision: 8, scale: 2 }), 'hours'),
		actual_hours: duration(numeric('actual_hours', { precision: 8, scale: 2 }), 'hours'),
		...refMany('blocked_by'),
		notes: text('notes'),
	},
	(t) => [
		...inOptions(t.status, tasksStatusOptions),
		...inOptions(t.priority, tasksPriorityOptions),
		...indexesOn(t.project_id, t.sprint_id, t.process_template_id, t.assignee_id, t.due_date),
	],
);
