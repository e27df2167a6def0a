// What several Execution Run Log operations share: the run's identity (Start, Finish) and the
// Additional Fields naming what the run synced (Start, Finish, Log Error), with their readers.
import type { IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import type { RunContext, RunIdentity } from '../../shared/erp/runLogger';

export const START = 'start';
export const FINISH = 'finish';
export const LOG_ERROR = 'logError';
export const REFRESH_ANALYTICS = 'refreshAnalytics';

const identity = { show: { operation: [START, FINISH] } };

export const identityFields: INodeProperties[] = [
	{
		displayName: 'Workflow ID',
		name: 'workflowId',
		type: 'string',
		default: '={{ $workflow.id }}',
		required: true,
		displayOptions: identity,
	},
	{
		displayName: 'Workflow Name',
		name: 'workflowName',
		type: 'string',
		default: '={{ $workflow.name }}',
		displayOptions: identity,
	},
	{
		displayName: 'Execution ID',
		name: 'executionId',
		type: 'string',
		default: '={{ $execution.id }}',
		required: true,
		displayOptions: identity,
	},
	{
		displayName: 'Mode',
		name: 'mode',
		type: 'string',
		default: '={{ $execution.mode }}',
		description: 'How the execution was started (manual, trigger, webhook…)',
		displayOptions: identity,
	},
];

export const additionalFields: INodeProperties = {
	displayName: 'Additional Fields',
	name: 'additionalFields',
	type: 'collection',
	placeholder: 'Add Field',
	default: {},
	displayOptions: { show: { operation: [START, FINISH, LOG_ERROR] } },
	options: [
		{
			displayName: 'Coda Table ID',
			name: 'codaTableId',
			type: 'string',
			default: '',
		},
		{
			displayName: 'Erp Table',
			name: 'erpTable',
			type: 'string',
			default: '',
			description: 'The erp table this run synced',
		},
		{
			displayName: 'Error Message',
			name: 'errorMessage',
			type: 'string',
			default: '',
			displayOptions: { show: { '/operation': [FINISH] } },
		},
		{
			displayName: 'Failing Node',
			name: 'failingNode',
			type: 'string',
			default: '',
			displayOptions: { show: { '/operation': [FINISH] } },
		},
		{
			displayName: 'Process Template (Coda Row ID or Name)',
			name: 'processTemplateRef',
			type: 'string',
			default: '',
			description: 'The erp.process_templates row this run followed',
		},
		{
			displayName: 'Workflow (Coda Row ID or Name)',
			name: 'workflowRef',
			type: 'string',
			default: '',
			description: 'The erp.workflows row this n8n workflow implements',
		},
	],
};

export interface AdditionalFields {
	workflowRef?: string;
	processTemplateRef?: string;
	erpTable?: string;
	codaTableId?: string;
	errorMessage?: string;
	failingNode?: string;
}

export const blankToUndefined = (v: unknown) => (typeof v === 'string' && v.trim() ? v.trim() : undefined);

export function readAdditionalFields(context: IExecuteFunctions, itemIndex: number): AdditionalFields {
	return context.getNodeParameter('additionalFields', itemIndex, {}) as AdditionalFields;
}

export function runContext(fields: AdditionalFields): RunContext {
	return {
		workflowRef: blankToUndefined(fields.workflowRef),
		processTemplateRef: blankToUndefined(fields.processTemplateRef),
		erpTable: blankToUndefined(fields.erpTable),
		codaTableId: blankToUndefined(fields.codaTableId),
	};
}

/** The execution the row is about (Start and Finish describe the whole execution: item 0). */
export function runIdentity(context: IExecuteFunctions): RunIdentity {
	return {
		workflowId: String(context.getNodeParameter('workflowId', 0) ?? ''),
		workflowName: blankToUndefined(context.getNodeParameter('workflowName', 0, '')),
		executionId: String(context.getNodeParameter('executionId', 0) ?? ''),
		mode: blankToUndefined(context.getNodeParameter('mode', 0, '')),
	};
}
