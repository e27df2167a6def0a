import type { INodeProperties } from 'n8n-workflow';

const identity = { show: { operation: ['start', 'finish'] } };

export const executionRunLogProperties: INodeProperties[] = [
	{
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		options: [
			{ name: 'Start', value: 'start', description: 'Record that this execution started (status running)', action: 'Record a run start' },
			{
				name: 'Finish',
				value: 'finish',
				description: 'Record the end of this execution with counts from the incoming summaries',
				action: 'Record a run finish',
			},
			{
				name: 'Log Error',
				value: 'logError',
				description: "Record a failed execution from an Error Trigger's output (in an error workflow)",
				action: 'Record a failed run',
			},
			{
				name: 'Refresh Analytics',
				value: 'refreshAnalytics',
				description: 'Refresh the pattern analytics materialized view (concurrently)',
				action: 'Refresh pattern analytics',
			},
		],
		default: 'start',
	},
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
	{
		displayName: 'Status',
		name: 'status',
		type: 'options',
		options: [
			{ name: 'Automatic', value: 'auto', description: 'Partial when rows were rejected, else success' },
			{ name: 'Success', value: 'success' },
			{ name: 'Partial', value: 'partial' },
			{ name: 'Error', value: 'error' },
		],
		default: 'auto',
		displayOptions: { show: { operation: ['finish'] } },
	},
	{
		displayName: 'Additional Fields',
		name: 'additionalFields',
		type: 'collection',
		placeholder: 'Add Field',
		default: {},
		displayOptions: { hide: { operation: ['refreshAnalytics'] } },
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
				displayOptions: { show: { '/operation': ['finish'] } },
			},
			{
				displayName: 'Failing Node',
				name: 'failingNode',
				type: 'string',
				default: '',
				displayOptions: { show: { '/operation': ['finish'] } },
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
	},
];
