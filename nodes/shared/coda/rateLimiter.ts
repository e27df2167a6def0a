// Paces Coda requests per credential so a sync stays under Coda's read limit (100 requests / 6 s
// per user), also when several executions in one n8n process fetch at the same time (processes
// that share the token share the budget through Redis: sharedRateLimiter.ts).
export interface Clock {
	now(): number;
	sleep(ms: number): Promise<void>;
}

export const systemClock: Clock = {
	now: () => Date.now(),
	sleep: (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
};

export interface RateLimit {
	/** Requests allowed in any window of `windowMs`. */
	requests: number;
	windowMs: number;
}

/**
 * Coda allows 100 reads per 6 s per user across all docs; staying at 90 leaves room for the
 * editor's pickers and other tools on the same token, and for arrival-time jitter on the wire.
 */
export const CODA_READ_LIMIT: RateLimit = { requests: 90, windowMs: 6000 };

/** What the Coda client waits on before each request. */
export interface Limiter {
	/** Waits until a request may start without exceeding the limit, and books that start. */
	acquire(): Promise<void>;
	/** The last booked start (idle eviction waits until it has passed). */
	lastStart(): number;
}

/** A sliding-window limiter that hands out start times in FIFO order, within one process. */
export class RateLimiter implements Limiter {
	/** Start times already granted, non-decreasing. */
	private readonly starts: number[] = [];

	constructor(
		private readonly limit: RateLimit = CODA_READ_LIMIT,
		private readonly clock: Clock = systemClock,
	) {}

	async acquire(): Promise<void> {
		const delay = this.reserve();
		if (delay > 0) await this.clock.sleep(delay);
	}

	/** Books the earliest allowed start synchronously (so concurrent callers never race) and returns the wait. */
	private reserve(): number {
		const now = this.clock.now();
		while (this.starts.length > 0 && this.starts[0] <= now - this.limit.windowMs) this.starts.shift();
		let start = Math.max(now, this.starts[this.starts.length - 1] ?? now);
		if (this.starts.length >= this.limit.requests) {
			start = Math.max(start, this.starts[this.starts.length - this.limit.requests] + this.limit.windowMs);
		}
		this.starts.push(start);
		return start - now;
	}

	lastStart(): number {
		return this.starts[this.starts.length - 1] ?? -Infinity;
	}
}
