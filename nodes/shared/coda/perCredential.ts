// What executions in one n8n process share per Coda credential, like a connection pool: the rate
// limiter (Coda's limit is per user; in queue mode its bookings live in n8n's Redis, so the main
// process and the workers share one budget), the table metadata cache and the row reads in flight. Keyed
// by base URL and a hash of the token, never the token itself; entries idle for a while are
// dropped on the next lookup, so no timer runs.
import { createHash } from 'node:crypto';
import type { CodaRow } from './apiSchemas';
import { queueRedisFromEnv, redisConnection, type QueueRedis } from './queueRedis';
import { CODA_READ_LIMIT, type Clock, type Limiter, type RateLimit, RateLimiter, systemClock } from './rateLimiter';
import { SharedRateLimiter } from './sharedRateLimiter';
import { SharedReads } from './sharedReads';
import { TableCache } from './tableCache';

export interface CredentialShared {
	limiter: Limiter;
	tables: TableCache;
	rows: SharedReads<CodaRow | null>;
}

interface Entry extends CredentialShared {
	lastUsed: number;
}

const shared = new Map<string, Entry>();

const IDLE_EVICTION_MS = 10 * 60 * 1000;

export function credentialKey(baseUrl: string, token: string): string {
	const tokenHash = createHash('sha256').update(token).digest('hex').slice(0, 16);
	return `${baseUrl.replace(/\/+$/, '')}#${tokenHash}`;
}

function limiterFor(key: string, limit: RateLimit, clock: Clock, redis: QueueRedis | null): Limiter {
	if (!redis) return new RateLimiter(limit, clock);
	return new SharedRateLimiter(redisConnection(redis), `${redis.prefix}:coda-erp:coda-reads:${key}`, limit, clock);
}

export function sharedFor(
	baseUrl: string,
	token: string,
	options: { limit?: RateLimit; clock?: Clock; redis?: QueueRedis | null } = {},
): CredentialShared {
	const clock = options.clock ?? systemClock;
	const now = clock.now();
	for (const [key, entry] of shared) {
		const idleSince = Math.max(entry.lastUsed, entry.limiter.lastStart());
		if (now - idleSince > IDLE_EVICTION_MS) shared.delete(key);
	}
	const key = credentialKey(baseUrl, token);
	let entry = shared.get(key);
	if (!entry) {
		entry = {
			limiter: limiterFor(key, options.limit ?? CODA_READ_LIMIT, clock, options.redis === undefined ? queueRedisFromEnv(process.env, process.argv) : options.redis),
			tables: new TableCache(undefined, clock),
			rows: new SharedReads(),
			lastUsed: now,
		};
		shared.set(key, entry);
	}
	entry.lastUsed = now;
	return entry;
}

/** How many credentials currently have shared state (for tests of the eviction). */
export function sharedCredentialCount(): number {
	return shared.size;
}
