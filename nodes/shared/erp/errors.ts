// The two kinds of error the erp modules report; nodeErrors.ts turns them into n8n errors.
// - input: what the user gave cannot be used (items, parameters, the erp configuration, the
//   credential). Nothing was written; fixing the input fixes the run.
// - database: PostgreSQL refused a statement or could not be reached. pg's own errors carry a
//   SQLSTATE `code` and are passed on as they are; ErpDatabaseError is for our explanations of them.

export class ErpInputError extends Error {
	constructor(message: string) {
		super(message);
		this.name = 'ErpInputError';
	}
}

export class ErpDatabaseError extends Error {
	constructor(
		message: string,
		/** SQLSTATE, or the network error code (ECONNREFUSED…); undefined when PostgreSQL gave none. */
		readonly code?: string,
	) {
		super(message);
		this.name = 'ErpDatabaseError';
	}
}

/** SQLSTATE (pg's DatabaseError) or a Node network error code (ECONNREFUSED, ETIMEDOUT…). */
const DATABASE_CODE = /^(?:[0-9A-Z]{5}|E[A-Z]+)$/;

export function isDatabaseError(error: unknown): error is Error & { code?: string; detail?: string } {
	if (error instanceof ErpDatabaseError) return true;
	if (!(error instanceof Error)) return false;
	const code: unknown = (error as Error & { code?: unknown }).code;
	return typeof code === 'string' && DATABASE_CODE.test(code);
}
