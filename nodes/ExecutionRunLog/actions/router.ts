// Runs the chosen operation: once for the whole execution (Start, Finish, Refresh Analytics) or once
// per input item (Log Error), and maps its errors to n8n errors in one place.
import type { IDataObject, IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';
import { ErpInputError } from '../../shared/erp/errors';
import { toNodeError } from '../../shared/erp/nodeErrors';
import { FINISH, LOG_ERROR, REFRESH_ANALYTICS, START } from './common';
import * as finish from './finish.operation';
import * as logError from './logError.operation';
import * as refreshAnalytics from './refreshAnalytics.operation';
import * as start from './start.operation';

interface Operation {
	perItem: boolean;
	execute(this: IExecuteFunctions, items: INodeExecutionData[], itemIndex: number): Promise<IDataObject>;
}

const operations: Record<string, Operation> = {
	[START]: start,
	[FINISH]: finish,
	[LOG_ERROR]: logError,
	[REFRESH_ANALYTICS]: refreshAnalytics,
};

export async function router(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
	const items = this.getInputData();
	const operation = this.getNodeParameter('operation', 0) as string;
	const op = operations[operation] as Operation | undefined;
	const out: INodeExecutionData[] = [];
	for (let itemIndex = 0; itemIndex < (op?.perItem ? items.length : 1); itemIndex++) {
		const pairedItem = op?.perItem ? { item: itemIndex } : items.map((_, item) => ({ item }));
		try {
			if (!op) throw new ErpInputError(`The operation "${operation}" is not supported`);
			out.push({ json: { operation, ...(await op.execute.call(this, items, itemIndex)) }, pairedItem });
		} catch (error) {
			if (!this.continueOnFail()) throw toNodeError(this.getNode(), error, itemIndex);
			out.push({ json: { error: (error as Error).message }, pairedItem });
		}
	}
	return [out];
}
