// Retries Coda requests that failed for a passing reason (429, 5xx, dropped connections) with
// exponential backoff and full jitter, bounded in attempts and total time.
import { CodaRetryExhaustedError } from './errors';
import { type Clock, systemClock } from './rateLimiter';

export interface RetryPolicy {
	/** Attempts in total, the first one included. */
	maxAttempts: number;
	/** No retry is started once it would end past this much time since the first attempt. */
	maxTotalMs: number;
	/**
	 * Backoff before retry n has the bound min(maxDelayMs, baseDelayMs * 2^(n-1)): random in [0, bound]
	 * after a 5xx or a dropped connection, in [bound/2, bound] after a 429.
	 */
	baseDelayMs: number;
	maxDelayMs: number;
}

/** Coda's 429s can be "sticky" for a while: allow backoffs past its 6 s window, but end within two minutes. */
export const DEFAULT_RETRY_POLICY: RetryPolicy = {
	maxAttempts: 8,
	maxTotalMs: 120_000,
	baseDelayMs: 1000,
	maxDelayMs: 30_000,
};

export interface RetryCounters {
	retried429: number;
	retriedOther: number;
}

/** What one attempt produced: a value, or a failure that may pass. Other failures are thrown. */
export type AttemptOutcome<T> =
	| { ok: true; value: T }
	| { ok: false; kind: 'rateLimited' | 'serverError'; problem: string; statusCode: number };

export interface RetryContext {
	policy: RetryPolicy;
	counters: RetryCounters;
	/** Names what was being read, for the final error ("table Tasks (grid-…)"). */
	subject: string;
	clock?: Clock;
	random?: () => number;
}

/**
 * Transient network failures, described in words: n8n's NodeApiError replaces any message that
 * contains a code such as ECONNRESET with a generic text, which would hide the table name.
 */
const TRANSIENT_NETWORK_CODES = new Map<string, string>(Object.entries({
	ECONNRESET: 'connection reset',
	ECONNREFUSED: 'connection refused',
	ECONNABORTED: 'connection aborted',
	ETIMEDOUT: 'connection timed out',
	ESOCKETTIMEDOUT: 'connection timed out',
	EPIPE: 'connection broken',
	EAI_AGAIN: 'name lookup failed',
	EHOSTUNREACH: 'host unreachable',
	ENETUNREACH: 'network unreachable',
	UND_ERR_SOCKET: 'connection closed',
	ERR_STREAM_PREMATURE_CLOSE: 'connection closed early',
}));
const TRANSIENT_NETWORK_MESSAGES = /socket hang up|aborted|premature close|unexpected end of json|timeout/i;

/**
 * What went wrong, when the error (or one in its cause chain: n8n wraps transport errors) is a
 * transient network failure; null for anything else.
 */
export function transientNetworkProblem(error: unknown): string | null {
	let current: unknown = error;
	for (let depth = 0; depth < 5 && current && typeof current === 'object'; depth++) {
		const { code, message, cause } = current as { code?: unknown; message?: unknown; cause?: unknown };
		const described = typeof code === 'string' ? TRANSIENT_NETWORK_CODES.get(code) : undefined;
		if (described) return described;
		if (typeof message === 'string') {
			const match = TRANSIENT_NETWORK_MESSAGES.exec(message);
			if (match) return match[0].toLowerCase();
		}
		current = cause;
	}
	return null;
}

/** Runs `attempt` until it succeeds, a non-transient error is thrown, or the policy's bounds are reached. */
export async function withRetry<T>(attempt: () => Promise<AttemptOutcome<T>>, context: RetryContext): Promise<T> {
	const clock = context.clock ?? systemClock;
	const random = context.random ?? Math.random;
	const { policy, counters } = context;
	const startedAt = clock.now();
	for (let attemptNo = 1; ; attemptNo++) {
		let problem: string;
		let kind: 'rateLimited' | 'other';
		let statusCode: number | null = null;
		try {
			const outcome = await attempt();
			if (outcome.ok) return outcome.value;
			kind = outcome.kind === 'rateLimited' ? 'rateLimited' : 'other';
			problem = `kept answering ${outcome.problem}`;
			statusCode = outcome.statusCode;
		} catch (error) {
			const network = transientNetworkProblem(error);
			if (network === null) throw error;
			kind = 'other';
			problem = `kept dropping the connection (${network})`;
		}
		const bound = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** (attemptNo - 1));
		// Coda sends no Retry-After and counts reads over a 6 s window: a 429 retried after a few
		// milliseconds of full jitter meets the same window, so half of each bound is always waited.
		const delay = Math.round(kind === 'rateLimited' ? bound / 2 + (random() * bound) / 2 : random() * bound);
		const elapsed = clock.now() - startedAt;
		if (attemptNo >= policy.maxAttempts || elapsed + delay > policy.maxTotalMs) {
			throw new CodaRetryExhaustedError(problem, context.subject, attemptNo, elapsed, statusCode);
		}
		if (kind === 'rateLimited') counters.retried429++;
		else counters.retriedOther++;
		await clock.sleep(delay);
	}
}
