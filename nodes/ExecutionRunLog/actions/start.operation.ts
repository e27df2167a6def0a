// Execution Run Log operation "Start": the execution's row in erp.execution_runs, status running;
// first the runs of the same workflow left running too long are marked crashed (crashedRuns.ts).
import type { IDataObject, IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';
import { getPool } from '../../shared/erp/pool';
import { startRun } from '../../shared/erp/runLogger';
import { readAdditionalFields, runContext, runIdentity } from './common';

/** Its parameters are the identity and Additional Fields it shares with Finish (common.ts). */
export const description: INodeProperties[] = [];

/** One row for the whole execution, whatever the input. */
export const perItem = false;

export async function execute(this: IExecuteFunctions, _items: INodeExecutionData[], itemIndex: number): Promise<IDataObject> {
	const pool = getPool(await this.getCredentials('erpPostgres'));
	return { ...(await startRun(pool, runIdentity(this), runContext(readAdditionalFields(this, itemIndex)))) };
}
