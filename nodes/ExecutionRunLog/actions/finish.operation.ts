// Execution Run Log operation "Finish": the end of the execution, with the counts of the incoming
// summaries (Coda Table Fetch, ERP Upsert, Reconcile) and its status.
import type { IDataObject, IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';
import { getPool } from '../../shared/erp/pool';
import { finishRun } from '../../shared/erp/runLogger';
import { blankToUndefined, FINISH, readAdditionalFields, runContext, runIdentity } from './common';

type Status = 'success' | 'partial' | 'error';

export const description: INodeProperties[] = [
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
		displayOptions: { show: { operation: [FINISH] } },
	},
];

/** One row for the whole execution, counted from all incoming items. */
export const perItem = false;

export async function execute(this: IExecuteFunctions, items: INodeExecutionData[], itemIndex: number): Promise<IDataObject> {
	const pool = getPool(await this.getCredentials('erpPostgres'));
	const fields = readAdditionalFields(this, itemIndex);
	const status = this.getNodeParameter('status', 0, 'auto') as Status | 'auto';
	const finished = await finishRun(
		pool,
		runIdentity(this),
		{
			items: items.map((i) => i.json),
			status: status === 'auto' ? undefined : status,
			errorMessage: blankToUndefined(fields.errorMessage),
			failingNode: blankToUndefined(fields.failingNode),
		},
		runContext(fields),
	);
	return { ...finished };
}
