// The Coda budget shared by n8n's processes in queue mode, booked in a real Redis: two limiters on
// two connections stand for the main process and a worker.
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { tmpdir } from 'node:os';
import { after, before, describe, it } from 'node:test';
import { Redis } from 'ioredis';
import { credentialKey, sharedFor } from '../../nodes/shared/coda/perCredential';
import { queueRedisFromEnv, redisConnection, type QueueRedis } from '../../nodes/shared/coda/queueRedis';
import { RateLimiter, type Clock } from '../../nodes/shared/coda/rateLimiter';
import { REDIS_RETRY_AFTER_MS, SharedRateLimiter } from '../../nodes/shared/coda/sharedRateLimiter';
import { queueModeOptOut, redisTarget, requireRedis } from '../harness/redis';

/** A clock that stands still unless moved: each acquire's wait is recorded, not slept. */
function stillClock(): Clock & { waits: number[]; at: number } {
	const clock = {
		at: 0,
		waits: [] as number[],
		now: () => clock.at,
		sleep: async (ms: number) => {
			clock.waits.push(ms);
		},
	};
	return clock;
}

describe('Coda reads paced across processes through Redis', () => {
	const optOut = queueModeOptOut();
	const connections: Redis[] = [];
	const key = `erp-test:${randomUUID()}`;
	const connect = () => {
		const { host, port } = redisTarget();
		const redis = new Redis({ host, port: Number(port), lazyConnect: true });
		connections.push(redis);
		return redis;
	};

	before(async () => {
		if (!optOut) await requireRedis();
	});

	after(async () => {
		if (connections.length) await connections[0].del(key);
		for (const c of connections) c.disconnect();
	});

	it('books one window for two processes, in arrival order, and frees it as time passes', async (t) => {
		if (optOut) return t.skip(optOut);
		const clock = stillClock();
		const limit = { requests: 10, windowMs: 1000 };
		const main = new SharedRateLimiter(connect(), key, limit, clock);
		const worker = new SharedRateLimiter(connect(), key, limit, clock);
		for (let n = 0; n < 25; n++) await (n % 2 ? worker : main).acquire();
		const waits = [...clock.waits];
		// Ten at once, the next ten a window later, the rest a window after that: not ten per process.
		assert.deepEqual(waits, [...Array(10).fill(1000), ...Array(5).fill(2000)]);
		assert.equal(main.problem, null);
		clock.at = 3000;
		clock.waits.length = 0;
		await worker.acquire();
		assert.deepEqual(clock.waits, [], 'the bookings up to 2000 ms have left the window');
		assert.equal(worker.lastStart(), 3000);
		const ttl = await connections[0].pttl(key);
		assert.ok(ttl > 0 && ttl <= 2000, `the key expires once its bookings are old (PTTL ${ttl})`);
	});

	it('paces alone, and says why, while Redis does not answer; asks Redis again later', async () => {
		const clock = stillClock();
		const limit = { requests: 2, windowMs: 1000 };
		const dead = new Redis({ host: '127.0.0.1', port: 1, lazyConnect: true, maxRetriesPerRequest: 0, retryStrategy: () => null });
		dead.on('error', () => undefined);
		connections.push(dead);
		let evals = 0;
		const counted = new Proxy(dead, {
			get: (target, prop, receiver) => {
				if (prop === 'eval') evals++;
				return Reflect.get(target, prop, receiver) as unknown;
			},
		});
		const limiter = new SharedRateLimiter(counted, key, limit, clock);
		for (let n = 0; n < 5; n++) await limiter.acquire();
		assert.match(limiter.problem ?? '', /ECONNREFUSED|closed|Connection/i);
		assert.equal(evals, 1, 'one failed booking, then the process paces alone');
		assert.deepEqual(clock.waits, [1000, 1000, 2000], 'alone, it still keeps 2 per second');
		clock.at = REDIS_RETRY_AFTER_MS + 1;
		await limiter.acquire();
		assert.equal(evals, 2, 'after a while it tries Redis again');
	});

	it('is what sharedFor gives in queue mode, keyed by n8n’s prefix and a hash of the token', async (t) => {
		if (optOut) return t.skip(optOut);
		const { host, port } = redisTarget();
		const redis: QueueRedis = { host, port: Number(port), db: 0, tls: null, dualStack: false, prefix: `erp-test-${randomUUID()}` };
		const connection = redisConnection(redis);
		connections.push(connection);
		await sharedFor('https://coda.example/apis/v1', 'queue-token', { redis }).limiter.acquire();
		const keys = await connection.keys(`${redis.prefix}:*`);
		assert.deepEqual(keys, [`${redis.prefix}:coda-erp:coda-reads:${credentialKey('https://coda.example/apis/v1', 'queue-token')}`]);
		await connection.del(keys);
		const regular = sharedFor('https://coda.example/apis/v1', 'regular-token', { redis: null });
		assert.ok(regular.limiter instanceof RateLimiter);
	});
});

describe('queue mode’s Redis, read from n8n’s environment', () => {
	it('is null in regular mode and on a Redis Cluster, n8n’s defaults otherwise', () => {
		assert.equal(queueRedisFromEnv({}), null);
		assert.equal(queueRedisFromEnv({ EXECUTIONS_MODE: 'regular', QUEUE_BULL_REDIS_HOST: 'redis' }), null);
		assert.equal(queueRedisFromEnv({ EXECUTIONS_MODE: 'queue', QUEUE_BULL_REDIS_CLUSTER_NODES: 'a:6379,b:6379' }), null);
		assert.deepEqual(queueRedisFromEnv({ EXECUTIONS_MODE: 'queue' }), {
			host: 'localhost',
			port: 6379,
			db: 0,
			username: undefined,
			password: undefined,
			tls: null,
			dualStack: false,
			prefix: 'bull',
		});
	});

	it('is queue mode’s in `n8n worker` and `n8n webhook`, which run in queue mode whatever EXECUTIONS_MODE says', () => {
		assert.equal(queueRedisFromEnv({ QUEUE_BULL_REDIS_HOST: 'redis' }, ['node', '/usr/bin/n8n', 'worker', '--concurrency=5'])?.host, 'redis');
		assert.equal(queueRedisFromEnv({ QUEUE_BULL_REDIS_HOST: 'redis' }, ['node', '/usr/bin/n8n', 'webhook'])?.host, 'redis');
		assert.equal(queueRedisFromEnv({ QUEUE_BULL_REDIS_HOST: 'redis' }, ['node', '/usr/bin/n8n', 'start']), null);
	});

	it('takes every setting n8n takes, the password also from a _FILE', () => {
		const file = join(tmpdir(), `erp-test-redis-${randomUUID()}`);
		writeFileSync(file, 's3cret\n');
		assert.deepEqual(
			queueRedisFromEnv({
				EXECUTIONS_MODE: 'queue',
				QUEUE_BULL_REDIS_HOST: 'redis',
				QUEUE_BULL_REDIS_PORT: '6380',
				QUEUE_BULL_REDIS_DB: '2',
				QUEUE_BULL_REDIS_USERNAME: 'n8n',
				QUEUE_BULL_REDIS_PASSWORD_FILE: file,
				QUEUE_BULL_REDIS_TLS: 'true',
				QUEUE_BULL_REDIS_TLS_VALIDATE_CERTIFICATE: 'false',
				QUEUE_BULL_REDIS_TLS_SERVERNAME: 'redis.internal',
				QUEUE_BULL_REDIS_DUALSTACK: 'true',
				QUEUE_BULL_PREFIX: 'team-a',
			}),
			{
				host: 'redis',
				port: 6380,
				db: 2,
				username: 'n8n',
				password: 's3cret',
				tls: { rejectUnauthorized: false, servername: 'redis.internal' },
				dualStack: true,
				prefix: 'team-a',
			},
		);
	});

	it('says which setting is wrong', () => {
		assert.throws(() => queueRedisFromEnv({ EXECUTIONS_MODE: 'queue', QUEUE_BULL_REDIS_PORT: 'six' }), {
			message: 'QUEUE_BULL_REDIS_PORT must be a whole number, not "six"',
		});
	});
});
