// Execution Run Log operation "Log Error": in an error workflow, records the failed execution an
// Error Trigger item describes (status error, message, failing node; crashed when n8n reports a crash).
import type { IDataObject, IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';
import { getPool } from '../../shared/erp/pool';
import { logErrorRun } from '../../shared/erp/runLogger';
import { readAdditionalFields, runContext } from './common';

/** The failed execution comes from the input item; Additional Fields (common.ts) name what it synced. */
export const description: INodeProperties[] = [];

/** One failed execution per Error Trigger item. */
export const perItem = true;

export async function execute(this: IExecuteFunctions, items: INodeExecutionData[], itemIndex: number): Promise<IDataObject> {
	const pool = getPool(await this.getCredentials('erpPostgres'));
	return { ...(await logErrorRun(pool, items[itemIndex].json, runContext(readAdditionalFields(this, itemIndex)))) };
}
