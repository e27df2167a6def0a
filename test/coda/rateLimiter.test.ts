import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { CODA_READ_LIMIT, RateLimiter } from '../../nodes/shared/coda/rateLimiter';
import { FakeClock } from './fakeClock';

/** The most starts found in any window of `windowMs` (a window ending at each start). */
function busiestWindow(starts: number[], windowMs: number): number {
	const sorted = [...starts].sort((a, b) => a - b);
	let best = 0;
	for (let end = 0, begin = 0; end < sorted.length; end++) {
		while (sorted[end] - sorted[begin] >= windowMs) begin++;
		best = Math.max(best, end - begin + 1);
	}
	return best;
}

describe('rate limiter', () => {
	it('paces 250 concurrent requests to 100 per 6 s window, in arrival order', async () => {
		const clock = new FakeClock();
		const limiter = new RateLimiter({ requests: 100, windowMs: 6000 }, clock);
		const starts: Array<{ n: number; at: number }> = [];
		const all = Array.from({ length: 250 }, (_, n) => limiter.acquire().then(() => starts.push({ n, at: clock.now() })));
		await clock.runUntilIdle();
		await Promise.all(all);
		const times = starts.map((s) => s.at);
		assert.equal(busiestWindow(times, 6000), 100);
		assert.deepEqual(
			[0, 99, 100, 199, 200, 249].map((n) => starts.find((s) => s.n === n)!.at),
			[0, 0, 6000, 6000, 12000, 12000],
		);
		assert.deepEqual(
			starts.map((s) => s.n),
			Array.from({ length: 250 }, (_, n) => n),
		);
	});

	it('lets a late request start at once when the window has room again', async () => {
		const clock = new FakeClock();
		const limiter = new RateLimiter({ requests: 2, windowMs: 1000 }, clock);
		await limiter.acquire();
		await limiter.acquire();
		const third = limiter.acquire();
		await clock.runUntilIdle();
		await third;
		assert.equal(clock.now(), 1000);
		assert.deepEqual(clock.sleeps, [1000]);
		const fourth = limiter.acquire();
		await clock.runUntilIdle();
		await fourth;
		assert.equal(clock.now(), 1000, 'the second slot of the new window is free');
	});

	it('stays under Coda’s published 100 / 6 s by default', () => {
		assert.ok(CODA_READ_LIMIT.requests < 100 && CODA_READ_LIMIT.windowMs >= 6000);
	});

});
