// Plain errors from the erp modules → n8n errors carrying the item index.
import { type INode, NodeOperationError } from 'n8n-workflow';

/** PostgreSQL errors carry a SQLSTATE `code`; they are named as database errors. */
function isDatabaseError(error: Error): error is Error & { code: string; detail?: string } {
	const code: unknown = (error as Error & { code?: unknown }).code;
	return typeof code === 'string' && /^[0-9A-Z]{5}$/.test(code);
}

export function toNodeError(node: INode, error: unknown, itemIndex: number): NodeOperationError {
	if (error instanceof NodeOperationError) return error;
	const err = error instanceof Error ? error : new Error(String(error));
	if (isDatabaseError(err)) {
		return new NodeOperationError(node, `ERP database error: ${err.message}`, {
			itemIndex,
			description: `PostgreSQL ${err.code}${err.detail ? `: ${err.detail}` : ''}. Nothing of this run was written (one transaction).`,
		});
	}
	return new NodeOperationError(node, err.message, { itemIndex });
}
