// Coda's read limit is per user, but in n8n's queue mode the main process and every worker read
// with the same token. Each process pacing alone spends the budget once per process (110–120
// reads per 6 s were measured with a main and two workers), so there the start times are booked
// in Redis, which all of them share. When Redis fails to answer, the process paces alone until it
// answers again: a sync slowed by a Redis outage is better than one that stops.
import type { Redis } from 'ioredis';
import { randomBytes } from 'node:crypto';
import { type Clock, type Limiter, type RateLimit, RateLimiter, systemClock } from './rateLimiter';

/**
 * Books the earliest start that keeps `limit` starts in any `window`, in arrival order across
 * processes, as the in-process RateLimiter does: drop starts older than the window, start no
 * earlier than the last booking nor than the limit-th latest booking plus the window. The sorted
 * set holds the booked starts (score: time in ms); the key expires once its last start is old.
 * `now` is the caller's clock: n8n's processes run on one host (or NTP-synced ones), and a few
 * milliseconds of skew are within the 10 reads the limit leaves below Coda's 100.
 */
const RESERVE_SCRIPT = `
local key, now, limit, window, member = KEYS[1], tonumber(ARGV[1]), tonumber(ARGV[2]), tonumber(ARGV[3]), ARGV[4]
redis.call('ZREMRANGEBYSCORE', key, '-inf', now - window)
local n = redis.call('ZCARD', key)
local start = now
if n > 0 then
  start = math.max(start, tonumber(redis.call('ZRANGE', key, -1, -1, 'WITHSCORES')[2]))
end
if n >= limit then
  start = math.max(start, tonumber(redis.call('ZRANGE', key, n - limit, n - limit, 'WITHSCORES')[2]) + window)
end
redis.call('ZADD', key, start, member)
redis.call('PEXPIRE', key, start - now + window + 1000)
return start - now`;

/** After Redis failed to answer, the process paces alone this long before asking Redis again. */
export const REDIS_RETRY_AFTER_MS = 30_000;

export class SharedRateLimiter implements Limiter {
	private readonly local: RateLimiter;
	private readonly memberPrefix = randomBytes(6).toString('hex');
	private booked = 0;
	private last = -Infinity;
	private aloneUntil = -Infinity;
	/** Why the last booking in Redis failed, while the process paces alone; null while shared. */
	problem: string | null = null;

	constructor(
		private readonly redis: Redis,
		/** One key per credential: every process with the same token books in the same set. */
		private readonly key: string,
		private readonly limit: RateLimit,
		private readonly clock: Clock = systemClock,
	) {
		this.local = new RateLimiter(limit, clock);
	}

	async acquire(): Promise<void> {
		const now = this.clock.now();
		if (now < this.aloneUntil) return this.local.acquire();
		let delay: number;
		try {
			const member = `${this.memberPrefix}:${++this.booked}`;
			delay = Number(await this.redis.eval(RESERVE_SCRIPT, 1, this.key, now, this.limit.requests, this.limit.windowMs, member));
		} catch (error) {
			this.problem = error instanceof Error ? error.message : String(error);
			this.aloneUntil = now + REDIS_RETRY_AFTER_MS;
			return this.local.acquire();
		}
		this.problem = null;
		this.last = Math.max(this.last, now + delay);
		if (delay > 0) await this.clock.sleep(delay);
	}

	lastStart(): number {
		return Math.max(this.last, this.local.lastStart());
	}
}
