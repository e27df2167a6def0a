// The pattern layer: how the studio delivers work (blueprints → workflows → process and
// resource templates) and the telemetry of every automated run (execution_runs).
import { sql } from 'drizzle-orm';
import { bigint, check, date, integer, jsonb, numeric, text, unique } from 'drizzle-orm/pg-core';
import { duration, erp, indexesOn, inOptions, inVocabulary, money, person, ref, selectOptions, syncColumns, timestamptz, vocab } from './columns';

export const lifecycleStatuses = ['draft', 'active', 'retired'] as const;

export const serviceBlueprintsStatusOptions = selectOptions('service_blueprints', 'status', lifecycleStatuses);
export const serviceBlueprints = erp.table(
	'service_blueprints',
	{
		...syncColumns(),
		name: text('name'),
		status: vocab('status', lifecycleStatuses),
		category: text('category'),
		description: text('description'),
		...person('owner'),
		version: text('version'),
		target_duration_days: duration(integer('target_duration_days'), 'days'),
		...money('base_price'),
		document_url: text('document_url'),
		last_reviewed_on: date('last_reviewed_on'),
	},
	(t) => [...inOptions(t.status, serviceBlueprintsStatusOptions), ...indexesOn(t.owner_id)],
);

export const workflowStatuses = ['draft', 'active', 'deprecated'] as const;
export const workflowTypes = ['manual', 'automated', 'hybrid'] as const;
export const workflowTriggerTypes = ['manual', 'schedule', 'webhook', 'event'] as const;

export const workflowsStatusOptions = selectOptions('workflows', 'status', workflowStatuses);
export const workflowsWorkflowTypeOptions = selectOptions('workflows', 'workflow_type', workflowTypes);
export const workflowsTriggerTypeOptions = selectOptions('workflows', 'trigger_type', workflowTriggerTypes);
export const workflows = erp.table(
	'workflows',
	{
		...syncColumns(),
		name: text('name'),
		status: vocab('status', workflowStatuses),
		workflow_type: vocab('workflow_type', workflowTypes),
		trigger_type: vocab('trigger_type', workflowTriggerTypes),
		...ref('service_blueprint', () => serviceBlueprints.id, 'set null'),
		...person('owner'),
		n8n_workflow_id: text('n8n_workflow_id'),
		description: text('description'),
		documentation_url: text('documentation_url'),
		expected_duration_minutes: duration(numeric('expected_duration_minutes', { precision: 10, scale: 2 }), 'minutes'),
		last_reviewed_on: date('last_reviewed_on'),
	},
	(t) => [
		...inOptions(t.status, workflowsStatusOptions),
		...inOptions(t.workflow_type, workflowsWorkflowTypeOptions),
		...inOptions(t.trigger_type, workflowsTriggerTypeOptions),
		...indexesOn(t.service_blueprint_id, t.owner_id, t.n8n_workflow_id),
	],
);

export const processTemplatesStatusOptions = selectOptions('process_templates', 'status', lifecycleStatuses);
export const processTemplates = erp.table(
	'process_templates',
	{
		...syncColumns(),
		name: text('name'),
		status: vocab('status', lifecycleStatuses),
		category: text('category'),
		...ref('workflow', () => workflows.id, 'set null'),
		...ref('service_blueprint', () => serviceBlueprints.id, 'set null'),
		...person('owner'),
		version: text('version'),
		step_count: integer('step_count'),
		estimated_hours: duration(numeric('estimated_hours', { precision: 8, scale: 2 }), 'hours'),
		document_url: text('document_url'),
	},
	(t) => [
		...inOptions(t.status, processTemplatesStatusOptions),
		...indexesOn(t.workflow_id, t.service_blueprint_id, t.owner_id),
	],
);

export const resourceTypes = ['document', 'spreadsheet', 'slide_deck', 'checklist', 'prompt', 'code', 'other'] as const;

export const resourceTemplatesStatusOptions = selectOptions('resource_templates', 'status', lifecycleStatuses);
export const resourceTemplatesResourceTypeOptions = selectOptions('resource_templates', 'resource_type', resourceTypes);
export const resourceTemplates = erp.table(
	'resource_templates',
	{
		...syncColumns(),
		name: text('name'),
		status: vocab('status', lifecycleStatuses),
		resource_type: vocab('resource_type', resourceTypes),
		...ref('process_template', () => processTemplates.id, 'set null'),
		...person('owner'),
		url: text('url'),
		version: text('version'),
		description: text('description'),
	},
	(t) => [
		...inOptions(t.status, resourceTemplatesStatusOptions),
		...inOptions(t.resource_type, resourceTemplatesResourceTypeOptions),
		...indexesOn(t.process_template_id, t.owner_id),
	],
);

export const executionRunSources = ['n8n', 'memory-gateway', 'coda'] as const;
/**
 * crashed: n8n never finished the run (its worker or main process was killed or restarted), as
 * n8n reported it to the error workflow or as the bound `crashed_after_minutes` found it.
 */
export const executionRunStatuses = ['running', 'success', 'error', 'partial', 'crashed'] as const;

const count = (name: string) => integer(name).notNull().default(0);

export const executionRuns = erp.table(
	'execution_runs',
	{
		// Runs logged by n8n or memory-gateway have no Coda row.
		...syncColumns({ codaRowIdOptional: true }),
		source: vocab('source', executionRunSources).notNull().default('n8n'),
		n8n_workflow_id: text('n8n_workflow_id'),
		n8n_workflow_name: text('n8n_workflow_name'),
		n8n_execution_id: text('n8n_execution_id'),
		mode: text('mode'),
		status: vocab('status', executionRunStatuses).notNull().default('running'),
		started_at: timestamptz('started_at'),
		finished_at: timestamptz('finished_at'),
		duration_ms: duration(bigint('duration_ms', { mode: 'number' }), 'milliseconds'),
		...ref('workflow', () => workflows.id, 'set null'),
		...ref('process_template', () => processTemplates.id, 'set null'),
		erp_table: text('erp_table'),
		coda_table_id: text('coda_table_id'),
		fetched_count: count('fetched_count'),
		inserted_count: count('inserted_count'),
		updated_count: count('updated_count'),
		unchanged_count: count('unchanged_count'),
		rejected_count: count('rejected_count'),
		deleted_count: count('deleted_count'),
		error_message: text('error_message'),
		failing_node: text('failing_node'),
		details: jsonb('details').notNull().default({}),
	},
	(t) => [
		// The idempotency key of n8n runs (ON CONFLICT target); NULLs (non-n8n rows) never collide.
		unique('execution_runs_n8n_execution_key').on(t.n8n_workflow_id, t.n8n_execution_id),
		inVocabulary(t.source, executionRunSources),
		inVocabulary(t.status, executionRunStatuses),
		check('execution_runs_duration_ms_check', sql`${t.duration_ms} >= 0`),
		check('execution_runs_finished_after_start', sql`${t.finished_at} >= ${t.started_at}`),
		...indexesOn(t.workflow_id, t.process_template_id, t.status, t.started_at, t.erp_table),
	],
);
