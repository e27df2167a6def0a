// Execution Run Log operation "Refresh Analytics": marks crashed the runs left running too long
// (crashedRuns.ts), then refreshes erp.pattern_analytics concurrently.
import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { getPool } from '../../shared/erp/pool';
import { refreshAnalytics } from '../../shared/erp/runLogger';

export const description: INodeProperties[] = [];

/** One refresh per execution. */
export const perItem = false;

export async function execute(this: IExecuteFunctions): Promise<IDataObject> {
	return refreshAnalytics(getPool(await this.getCredentials('erpPostgres')));
}
