// Test controls that make the emulator misbehave the way Coda and networks do.

export type Fault = { kind: 'none' } | { kind: '429' } | { kind: '5xx'; status: number } | { kind: 'drop' };

/** A request as a fault filter sees it. */
export interface FaultRequest {
	method: string;
	/** The full request path (`/apis/v1/…`). */
	path: string;
	query: Record<string, string>;
}

/**
 * Which requests an armed fault hits (the others pass it by); without one, the next requests.
 * E.g. `(r) => 'pageToken' in r.query` aims a fault at the second and later pages of a listing.
 */
export type FaultFilter = (request: FaultRequest) => boolean;

/** An armed fault: how many more requests it hits, and which. */
interface Armed<T> {
	left: T[];
	when?: FaultFilter;
}

const aims = <T>(armed: Armed<T>, request: FaultRequest) => armed.left.length > 0 && (!armed.when || armed.when(request));

export class FaultState {
	private burst: Armed<true> = { left: [] };
	private sticky = false;
	private errors: Armed<number> = { left: [] };
	private drops: Armed<true> = { left: [] };
	latencyMs = 0;

	readonly controls = {
		burst429: (count: number, when?: FaultFilter) => {
			this.burst = { left: Array(nonNegative(count, 'burst429 count')).fill(true), when };
		},
		sticky429: (on: boolean) => {
			this.sticky = on;
		},
		next5xx: (count: number, status = 500, when?: FaultFilter) => {
			if (!Number.isInteger(status) || status < 500 || status > 599) throw new Error(`next5xx status must be 500..599, got ${status}`);
			this.errors = { left: Array(nonNegative(count, 'next5xx count')).fill(status), when };
		},
		dropNext: (count: number, when?: FaultFilter) => {
			this.drops = { left: Array(nonNegative(count, 'dropNext count')).fill(true), when };
		},
		latency: (ms: number) => {
			this.latencyMs = nonNegative(ms, 'latency ms');
		},
		reset: () => {
			this.burst = { left: [] };
			this.sticky = false;
			this.errors = { left: [] };
			this.drops = { left: [] };
			this.latencyMs = 0;
		},
	};

	/** The fault `request` meets (consumes one of an armed fault aimed at it). 429s come first, then 5xx, then drops. */
	next(request: FaultRequest): Fault {
		if (this.sticky) return { kind: '429' };
		if (aims(this.burst, request)) {
			this.burst.left.pop();
			return { kind: '429' };
		}
		if (aims(this.errors, request)) return { kind: '5xx', status: this.errors.left.shift()! };
		if (aims(this.drops, request)) {
			this.drops.left.pop();
			return { kind: 'drop' };
		}
		return { kind: 'none' };
	}
}

function nonNegative(n: number, what: string): number {
	if (!Number.isInteger(n) || n < 0) throw new Error(`${what} must be a non-negative integer, got ${n}`);
	return n;
}
