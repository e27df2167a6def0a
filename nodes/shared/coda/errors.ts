// Plain errors of the Coda modules; the node wraps them into NodeApiError / NodeOperationError.

/** Coda answered with an HTTP error that is not worth retrying (4xx other than 429). */
export class CodaHttpError extends Error {
	constructor(
		readonly statusCode: number,
		readonly codaMessage: string,
		readonly subject: string,
	) {
		super(`Coda answered ${statusCode} for ${subject}: ${codaMessage}`);
		this.name = 'CodaHttpError';
	}
}

/** Retries of 429 / 5xx / network failures ran out of attempts or time. */
export class CodaRetryExhaustedError extends Error {
	/** `problem` completes "Coda …", e.g. "kept answering 429 Too Many Requests". */
	constructor(
		readonly problem: string,
		readonly subject: string,
		readonly attempts: number,
		readonly elapsedMs: number,
		readonly statusCode: number | null,
	) {
		super(`Coda ${problem} for ${subject} after ${attempts} attempts over ${formatSeconds(elapsedMs)}`);
		this.name = 'CodaRetryExhaustedError';
	}
}

/** Coda answered 2xx with a body that does not have the documented shape. */
export class CodaResponseError extends Error {
	constructor(message: string) {
		super(message);
		this.name = 'CodaResponseError';
	}
}

/** A parameter (row id, continuation, …) is not usable; the node reports it as NodeOperationError. */
export class CodaInputError extends Error {
	constructor(message: string) {
		super(message);
		this.name = 'CodaInputError';
	}
}

function formatSeconds(ms: number): string {
	const seconds = ms / 1000;
	return `${seconds >= 10 ? Math.round(seconds) : Number(seconds.toFixed(1))} s`;
}
