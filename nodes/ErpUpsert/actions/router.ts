// Runs the chosen operation on all input items (each operation is one run: one transaction, or
// one read of the sync plan) and maps its errors to n8n errors in one place.
import type { IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';
import { ErpInputError } from '../../shared/erp/errors';
import { toNodeError } from '../../shared/erp/nodeErrors';
import * as applyDocChanges from './applyDocChanges.operation';
import * as getSyncPlan from './getSyncPlan.operation';
import * as reconcile from './reconcile.operation';
import * as upsert from './upsert.operation';

type Operation = (this: IExecuteFunctions, items: INodeExecutionData[]) => Promise<INodeExecutionData[][]>;

const operations: Record<string, Operation> = {
	[upsert.UPSERT]: upsert.execute,
	[reconcile.RECONCILE]: reconcile.execute,
	[getSyncPlan.GET_SYNC_PLAN]: getSyncPlan.execute,
	[applyDocChanges.APPLY_DOC_CHANGES]: applyDocChanges.execute,
};

export async function router(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
	const items = this.getInputData();
	try {
		const operation = this.getNodeParameter('operation', 0) as string;
		const run = operations[operation];
		if (!run) throw new ErpInputError(`The operation "${operation}" is not supported`);
		return await run.call(this, items);
	} catch (error) {
		if (this.continueOnFail()) {
			return [[{ json: { error: (error as Error).message }, pairedItem: items.map((_, item) => ({ item })) }], []];
		}
		throw toNodeError(this.getNode(), error, 0);
	}
}
