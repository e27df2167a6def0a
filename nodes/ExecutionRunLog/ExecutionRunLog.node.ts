import {
	NodeConnectionTypes,
	type IExecuteFunctions,
	type INodeExecutionData,
	type INodeType,
	type INodeTypeDescription,
} from 'n8n-workflow';
import { erpPostgresConnectionTest } from '../shared/erp/credentialTest';
import { additionalFields, FINISH, identityFields, LOG_ERROR, REFRESH_ANALYTICS, START } from './actions/common';
import * as finish from './actions/finish.operation';
import * as logError from './actions/logError.operation';
import * as refreshAnalytics from './actions/refreshAnalytics.operation';
import { router } from './actions/router';
import * as start from './actions/start.operation';

/** Each operation's parameters live next to its execute, in actions/<operation>.operation.ts; actions/router.ts runs them. */
export class ExecutionRunLog implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'Execution Run Log',
		name: 'executionRunLog',
		icon: { light: 'file:runLog.svg', dark: 'file:runLog.dark.svg' },
		group: ['output'],
		version: 1,
		subtitle: '={{ {"start": "Start", "finish": "Finish", "logError": "Log Error", "refreshAnalytics": "Refresh Analytics"}[$parameter["operation"]] }}',
		description: 'Record n8n runs in erp.execution_runs (start, finish, error) and refresh pattern analytics',
		defaults: { name: 'Execution Run Log' },
		usableAsTool: true,
		inputs: [NodeConnectionTypes.Main],
		outputs: [NodeConnectionTypes.Main],
		credentials: [
			{
				// A database connection, like n8n's own `postgres` credential type, not an API: no -Api suffix.
				// eslint-disable-next-line n8n-nodes-base/node-class-description-credentials-name-unsuffixed
				name: 'erpPostgres',
				required: true,
				testedBy: 'erpPostgresConnectionTest',
			},
		],
		properties: [
			{
				displayName: 'Operation',
				name: 'operation',
				type: 'options',
				noDataExpression: true,
				options: [
					{ name: 'Start', value: START, description: 'Record that this execution started (status running); runs of this workflow running longer than crashed_after_minutes are marked crashed', action: 'Record a run start' },
					{
						name: 'Finish',
						value: FINISH,
						description: 'Record the end of this execution with counts from the incoming summaries',
						action: 'Record a run finish',
					},
					{
						name: 'Log Error',
						value: LOG_ERROR,
						description: "Record a failed execution from an Error Trigger's output (in an error workflow); crashed when n8n reports a crash",
						action: 'Record a failed run',
					},
					{
						name: 'Refresh Analytics',
						value: REFRESH_ANALYTICS,
						description: 'Mark crashed the runs running longer than crashed_after_minutes, then refresh the pattern analytics materialized view (concurrently)',
						action: 'Refresh pattern analytics',
					},
				],
				default: START,
			},
			...identityFields,
			...start.description,
			...finish.description,
			...logError.description,
			...refreshAnalytics.description,
			additionalFields,
		],
	};

	methods = { credentialTest: { erpPostgresConnectionTest } };

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		return router.call(this);
	}
}
