// The Redis of n8n's queue mode, found the way n8n finds it (its QUEUE_BULL_* environment), so
// the processes of one n8n share the Coda budget with no setting of ours. One connection per
// process and Redis, opened on first use, like a connection pool.
import { readFileSync } from 'node:fs';
import { Redis } from 'ioredis';

export interface QueueRedis {
	host: string;
	port: number;
	db: number;
	username?: string;
	password?: string;
	/** TLS settings, or null for a plain connection. */
	tls: { rejectUnauthorized: boolean; servername?: string } | null;
	/** Resolve IPv6 as well as IPv4 (QUEUE_BULL_REDIS_DUALSTACK). */
	dualStack: boolean;
	/** n8n's key prefix (QUEUE_BULL_PREFIX): two n8n instances on one Redis keep apart. */
	prefix: string;
}

/** A Redis answer slower than this counts as Redis not answering (the process then paces alone). */
const COMMAND_TIMEOUT_MS = 1000;

/** n8n reads any setting from a file named by `<NAME>_FILE` (Docker secrets). */
function setting(env: NodeJS.ProcessEnv, name: string): string | undefined {
	const file = env[`${name}_FILE`];
	if (file) return readFileSync(file, 'utf8').trim();
	return env[name] || undefined;
}

function whole(env: NodeJS.ProcessEnv, name: string, fallback: number): number {
	const raw = setting(env, name);
	if (raw === undefined) return fallback;
	const value = Number(raw);
	if (!Number.isInteger(value) || value < 0) throw new Error(`${name} must be a whole number, not ${JSON.stringify(raw)}`);
	return value;
}

/**
 * Queue mode's Redis, or null when n8n runs in regular mode (one process: nothing to share) or on
 * a Redis Cluster (QUEUE_BULL_REDIS_CLUSTER_NODES), where each process paces alone. `n8n worker`
 * and `n8n webhook` run in queue mode whatever EXECUTIONS_MODE says, so the command counts too.
 */
export function queueRedisFromEnv(env: NodeJS.ProcessEnv, argv: string[] = []): QueueRedis | null {
	const queueCommand = argv.slice(2).some((arg) => arg === 'worker' || arg === 'webhook');
	if ((env.EXECUTIONS_MODE !== 'queue' && !queueCommand) || setting(env, 'QUEUE_BULL_REDIS_CLUSTER_NODES')) return null;
	const tls = setting(env, 'QUEUE_BULL_REDIS_TLS') === 'true';
	const servername = setting(env, 'QUEUE_BULL_REDIS_TLS_SERVERNAME');
	return {
		host: setting(env, 'QUEUE_BULL_REDIS_HOST') ?? 'localhost',
		port: whole(env, 'QUEUE_BULL_REDIS_PORT', 6379),
		db: whole(env, 'QUEUE_BULL_REDIS_DB', 0),
		username: setting(env, 'QUEUE_BULL_REDIS_USERNAME'),
		password: setting(env, 'QUEUE_BULL_REDIS_PASSWORD'),
		tls: tls ? { rejectUnauthorized: setting(env, 'QUEUE_BULL_REDIS_TLS_VALIDATE_CERTIFICATE') !== 'false', ...(servername ? { servername } : {}) } : null,
		dualStack: setting(env, 'QUEUE_BULL_REDIS_DUALSTACK') === 'true',
		prefix: setting(env, 'QUEUE_BULL_PREFIX') ?? 'bull',
	};
}

const connections = new Map<string, Redis>();

export function redisConnection(target: QueueRedis): Redis {
	const key = JSON.stringify([target.host, target.port, target.db, target.username, target.tls, target.dualStack]);
	let redis = connections.get(key);
	if (!redis) {
		redis = new Redis({
			host: target.host,
			port: target.port,
			db: target.db,
			username: target.username,
			password: target.password,
			tls: target.tls ?? undefined,
			...(target.dualStack ? { family: 0 } : {}),
			commandTimeout: COMMAND_TIMEOUT_MS,
			maxRetriesPerRequest: 1,
			lazyConnect: true,
		});
		// Errors reach the limiter through its commands; without a listener ioredis prints each reconnect failure.
		redis.on('error', () => undefined);
		connections.set(key, redis);
	}
	return redis;
}
