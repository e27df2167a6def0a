import {
	NodeConnectionTypes,
	NodeOperationError,
	type IDataObject,
	type IExecuteFunctions,
	type INodeExecutionData,
	type INodeType,
	type INodeTypeDescription,
} from 'n8n-workflow';
import { erpPostgresConnectionTest } from '../shared/erp/credentialTest';
import { toNodeError } from '../shared/erp/nodeErrors';
import { getPool } from '../shared/erp/pool';
import { finishRun, logErrorRun, refreshAnalytics, startRun, type RunContext, type RunIdentity } from '../shared/erp/runLogger';
import { executionRunLogProperties } from './description';

interface AdditionalFields {
	workflowRef?: string;
	processTemplateRef?: string;
	erpTable?: string;
	codaTableId?: string;
	errorMessage?: string;
	failingNode?: string;
}

const blankToUndefined = (v: unknown) => (typeof v === 'string' && v.trim() ? v.trim() : undefined);

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
				// eslint-disable-next-line n8n-nodes-base/node-class-description-credentials-name-unsuffixed
				name: 'erpPostgres',
				required: true,
				testedBy: 'erpPostgresConnectionTest',
			},
		],
		properties: executionRunLogProperties,
	};

	methods = { credentialTest: { erpPostgresConnectionTest } };

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		const items = this.getInputData();
		const paired = items.map((_, item) => ({ item }));
		const out: INodeExecutionData[] = [];
		const operation = this.getNodeParameter('operation', 0) as string;
		// Start, Finish and Refresh describe the whole execution: one row from all items.
		// Log Error records one failed execution per Error Trigger item.
		const perItem = operation === 'logError';
		for (let itemIndex = 0; itemIndex < (perItem ? items.length : 1); itemIndex++) {
			try {
				const pool = getPool(await this.getCredentials('erpPostgres'));
				const fields = (operation === 'refreshAnalytics' ? {} : this.getNodeParameter('additionalFields', itemIndex, {})) as AdditionalFields;
				const context: RunContext = {
					workflowRef: blankToUndefined(fields.workflowRef),
					processTemplateRef: blankToUndefined(fields.processTemplateRef),
					erpTable: blankToUndefined(fields.erpTable),
					codaTableId: blankToUndefined(fields.codaTableId),
				};
				let result: IDataObject;
				if (operation === 'refreshAnalytics') {
					result = await refreshAnalytics(pool);
				} else if (operation === 'logError') {
					result = { ...(await logErrorRun(pool, items[itemIndex].json, context)) };
				} else {
					const identity: RunIdentity = {
						workflowId: String(this.getNodeParameter('workflowId', 0) ?? ''),
						workflowName: blankToUndefined(this.getNodeParameter('workflowName', 0, '')),
						executionId: String(this.getNodeParameter('executionId', 0) ?? ''),
						mode: blankToUndefined(this.getNodeParameter('mode', 0, '')),
					};
					if (operation === 'start') {
						result = { ...(await startRun(pool, identity, context)) };
					} else if (operation === 'finish') {
						const status = this.getNodeParameter('status', 0, 'auto') as string;
						result = {
							...(await finishRun(
								pool,
								identity,
								{
									items: items.map((i) => i.json),
									status: status === 'auto' ? undefined : (status as 'success' | 'partial' | 'error'),
									errorMessage: blankToUndefined(fields.errorMessage),
									failingNode: blankToUndefined(fields.failingNode),
								},
								context,
							)),
						};
					} else {
						throw new NodeOperationError(this.getNode(), `Unknown operation ${JSON.stringify(operation)}`, { itemIndex });
					}
				}
				out.push({ json: { operation, ...result }, pairedItem: perItem ? { item: itemIndex } : paired });
			} catch (error) {
				if (this.continueOnFail()) {
					out.push({ json: { error: (error as Error).message }, pairedItem: perItem ? { item: itemIndex } : paired });
					continue;
				}
				throw toNodeError(this.getNode(), error, itemIndex);
			}
		}
		return [out];
	}
}
