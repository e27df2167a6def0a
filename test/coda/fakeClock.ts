// A virtual clock for the limiter and retry tests: sleeps resolve when `runUntilIdle` advances
// time to them, so schedules are asserted exactly and no test waits for real.
import type { Clock } from '../../nodes/shared/coda/rateLimiter';

export class FakeClock implements Clock {
	private time = 0;
	private timers: Array<{ at: number; resolve: () => void }> = [];
	readonly sleeps: number[] = [];

	now(): number {
		return this.time;
	}

	sleep(ms: number): Promise<void> {
		this.sleeps.push(ms);
		return new Promise((resolve) => this.timers.push({ at: this.time + ms, resolve }));
	}

	/** Fires timers in time order, letting the woken code run, until nothing is pending. */
	async runUntilIdle(): Promise<void> {
		for (;;) {
			await flush();
			if (this.timers.length === 0) return;
			this.timers.sort((a, b) => a.at - b.at);
			const next = this.timers.shift()!;
			this.time = Math.max(this.time, next.at);
			next.resolve();
		}
	}

	/** For strictly sequential code: every sleep passes at once and moves the clock. */
	static instant(): Clock & { sleeps: number[]; now(): number } {
		let time = 0;
		const sleeps: number[] = [];
		return {
			sleeps,
			now: () => time,
			sleep: async (ms) => {
				sleeps.push(ms);
				time += ms;
			},
		};
	}
}

function flush(): Promise<void> {
	return new Promise((resolve) => setImmediate(resolve));
}
