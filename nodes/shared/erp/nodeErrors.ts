// The erp modules' two error kinds (errors.ts) → n8n errors carrying the item index; the one
// place the ERP nodes map errors, as CodaTableFetch/nodeErrors.ts does for Coda. A database error
// is a NodeOperationError, as in n8n's own Postgres node: NodeApiError describes HTTP services.
import { type INode, NodeApiError, NodeOperationError } from 'n8n-workflow';
import { ErpInputError, isDatabaseError } from './errors';

const NETWORK_CODE = /^E[A-Z]+$/;

export function toNodeError(node: INode, error: unknown, itemIndex: number): NodeOperationError | NodeApiError {
	if (error instanceof NodeOperationError || error instanceof NodeApiError) return error;
	if (error instanceof ErpInputError) return new NodeOperationError(node, error.message, { itemIndex });
	if (isDatabaseError(error)) {
		const code = error.code;
		const description =
			code && NETWORK_CODE.test(code)
				? `The erp database could not be reached (${code}): check the host and port of the ERP PostgreSQL credential. Nothing of this run was written.`
				: `PostgreSQL ${code ?? 'error'}${error.detail ? `: ${error.detail}` : ''}. Nothing of this run was written (one transaction).`;
		return new NodeOperationError(node, `ERP database error: ${error.message}`, { itemIndex, description });
	}
	return new NodeOperationError(node, error instanceof Error ? error : new Error(String(error)), { itemIndex });
}
