// Test controls that make the emulator misbehave the way Coda and networks do.

export type Fault = { kind: 'none' } | { kind: '429' } | { kind: '5xx'; status: number } | { kind: 'drop' };

export class FaultState {
	private burst429 = 0;
	private sticky = false;
	private errors: number[] = [];
	private drops = 0;
	latencyMs = 0;

	readonly controls = {
		burst429: (count: number) => {
			this.burst429 = nonNegative(count, 'burst429 count');
		},
		sticky429: (on: boolean) => {
			this.sticky = on;
		},
		next5xx: (count: number, status = 500) => {
			if (!Number.isInteger(status) || status < 500 || status > 599) throw new Error(`next5xx status must be 500..599, got ${status}`);
			this.errors = Array.from({ length: nonNegative(count, 'next5xx count') }, () => status);
		},
		dropNext: (count: number) => {
			this.drops = nonNegative(count, 'dropNext count');
		},
		latency: (ms: number) => {
			this.latencyMs = nonNegative(ms, 'latency ms');
		},
		reset: () => {
			this.burst429 = 0;
			this.sticky = false;
			this.errors = [];
			this.drops = 0;
			this.latencyMs = 0;
		},
	};

	/** The fault the next request meets (consumes one from a burst). 429s come first, then 5xx, then drops. */
	next(): Fault {
		if (this.sticky) return { kind: '429' };
		if (this.burst429 > 0) {
			this.burst429--;
			return { kind: '429' };
		}
		const status = this.errors.shift();
		if (status !== undefined) return { kind: '5xx', status };
		if (this.drops > 0) {
			this.drops--;
			return { kind: 'drop' };
		}
		return { kind: 'none' };
	}
}

function nonNegative(n: number, what: string): number {
	if (!Number.isInteger(n) || n < 0) throw new Error(`${what} must be a non-negative integer, got ${n}`);
	return n;
}
