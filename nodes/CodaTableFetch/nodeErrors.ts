// Maps the plain errors of the Coda modules to n8n's errors, with the item they belong to.
import { type INode, type JsonObject, NodeApiError, NodeOperationError } from 'n8n-workflow';
import { CodaHttpError, CodaInputError, CodaResponseError, CodaRetryExhaustedError } from '../shared/coda/errors';

export function toNodeError(node: INode, error: unknown, itemIndex: number): NodeApiError | NodeOperationError {
	if (error instanceof NodeApiError || error instanceof NodeOperationError) return error;
	if (error instanceof CodaHttpError) {
		return new NodeApiError(node, { message: error.codaMessage, statusCode: error.statusCode } as JsonObject, {
			message: error.message,
			description: `Coda's message: ${error.codaMessage}`,
			httpCode: String(error.statusCode),
			itemIndex,
		});
	}
	if (error instanceof CodaRetryExhaustedError) {
		return new NodeApiError(node, { message: error.message } as JsonObject, {
			message: error.message,
			description:
				'Coda stayed unavailable through every retry. Try again later, or raise Max Attempts / Max Retry Time in the options.',
			httpCode: error.statusCode === null ? undefined : String(error.statusCode),
			itemIndex,
		});
	}
	if (error instanceof CodaResponseError) {
		return new NodeApiError(node, { message: error.message } as JsonObject, { message: error.message, itemIndex });
	}
	if (error instanceof CodaInputError) return new NodeOperationError(node, error.message, { itemIndex });
	return new NodeOperationError(node, error instanceof Error ? error : new Error(String(error)), { itemIndex });
}
