// One bounded pg Pool per ERP credential and process, shared by every execution, closed when idle.
import { createHash } from 'node:crypto';
import { Pool, type PoolClient, type PoolConfig } from 'pg';
import { z } from 'zod';

export class ErpCredentialError extends Error {}

const credentialSchema = z.object({
	host: z.string().trim().min(1, 'Host is empty'),
	port: z.coerce.number().int().min(1).max(65535).default(5432),
	database: z.string().trim().min(1, 'Database is empty').default('erp'),
	user: z.string().trim().min(1, 'User is empty'),
	password: z.string().optional().default(''),
	ssl: z.enum(['disable', 'require', 'verify-full']).default('disable'),
	ca: z.string().optional().default(''),
	maxConnections: z.coerce.number().int().min(1).max(50).default(4),
});

export type ErpConnection = z.infer<typeof credentialSchema>;

/** Validates the decrypted credential data; the error names the offending field. */
export function parseErpCredentials(raw: unknown): ErpConnection {
	const parsed = credentialSchema.safeParse(raw ?? {});
	if (!parsed.success) {
		const issue = parsed.error.issues[0];
		throw new ErpCredentialError(`ERP PostgreSQL credential: ${issue.path.join('.') || 'value'}: ${issue.message}`);
	}
	return parsed.data;
}

export function poolConfig(conn: ErpConnection): PoolConfig {
	return {
		host: conn.host,
		port: conn.port,
		database: conn.database,
		user: conn.user,
		password: conn.password,
		ssl:
			conn.ssl === 'disable'
				? false
				: conn.ssl === 'require'
					? { rejectUnauthorized: false }
					: { rejectUnauthorized: true, ...(conn.ca ? { ca: conn.ca } : {}) },
		max: conn.maxConnections,
		idleTimeoutMillis: 10_000,
		connectionTimeoutMillis: 15_000,
		allowExitOnIdle: true,
		application_name: 'n8n-nodes-coda-erp',
	};
}

/** Cache key: a digest of every connection parameter (password included), never the password itself. */
export function poolKey(conn: ErpConnection): string {
	return createHash('sha256').update(JSON.stringify(poolConfig(conn))).digest('hex');
}

interface Entry {
	pool: Pool;
	lastUsed: number;
	timer: NodeJS.Timeout;
}

const pools = new Map<string, Entry>();

/** How long a pool may sit unused before it is closed and forgotten. */
export const POOL_IDLE_CLOSE_MS = 60_000;

function scheduleEviction(key: string, entry: Entry, idleCloseMs: number) {
	entry.timer = setTimeout(() => {
		const busy = entry.pool.totalCount > entry.pool.idleCount || entry.pool.waitingCount > 0;
		if (busy || Date.now() - entry.lastUsed < idleCloseMs) {
			scheduleEviction(key, entry, idleCloseMs);
			return;
		}
		pools.delete(key);
		void entry.pool.end().catch(() => undefined);
	}, idleCloseMs);
	// The eviction check must never keep an n8n process (or a test) alive.
	entry.timer.unref();
}

export function getPool(credentials: unknown, idleCloseMs = POOL_IDLE_CLOSE_MS): Pool {
	const conn = parseErpCredentials(credentials);
	const key = poolKey(conn);
	const existing = pools.get(key);
	if (existing) {
		existing.lastUsed = Date.now();
		return existing.pool;
	}
	const pool = new Pool(poolConfig(conn));
	// An idle client losing its connection (server restart) must not crash the n8n process.
	pool.on('error', () => undefined);
	const entry: Entry = { pool, lastUsed: Date.now(), timer: undefined as unknown as NodeJS.Timeout };
	scheduleEviction(key, entry, idleCloseMs);
	pools.set(key, entry);
	return pool;
}

/** Number of cached pools (for tests of the eviction). */
export function cachedPoolCount(): number {
	return pools.size;
}

/** Closes every cached pool (test teardown, process shutdown). */
export async function closeAllPools(): Promise<void> {
	const entries = [...pools.values()];
	pools.clear();
	for (const e of entries) clearTimeout(e.timer);
	await Promise.all(entries.map((e) => e.pool.end().catch(() => undefined)));
}

const RETRYABLE = new Set(['40001', '40P01']);

export interface TransactionOptions {
	/** Attempts in all, including the first. */
	attempts?: number;
	/** Base of the jittered exponential backoff between attempts. */
	baseDelayMs?: number;
}

function sqlState(err: unknown): string | undefined {
	return typeof err === 'object' && err !== null && 'code' in err ? String((err as { code: unknown }).code) : undefined;
}

/**
 * Runs `work` in one transaction. Serialization failures and deadlocks are retried from the
 * start with full-jitter backoff: both are normal under concurrent writers and never the
 * user's concern. `work` must therefore be safe to run again (it is: everything is undone).
 */
export async function withTransaction<T>(
	pool: Pool,
	work: (client: PoolClient, attempt: number) => Promise<T>,
	options: TransactionOptions = {},
): Promise<T> {
	const attempts = options.attempts ?? 6;
	const base = options.baseDelayMs ?? 25;
	for (let attempt = 1; ; attempt++) {
		const client = await pool.connect();
		let broken: Error | undefined;
		try {
			await client.query('BEGIN');
			const result = await work(client, attempt);
			await client.query('COMMIT');
			return result;
		} catch (err) {
			await client.query('ROLLBACK').catch((rollbackErr: Error) => {
				broken = rollbackErr;
			});
			if (!RETRYABLE.has(sqlState(err) ?? '') || attempt >= attempts) throw err;
			await new Promise((r) => setTimeout(r, Math.random() * base * 2 ** (attempt - 1)));
		} finally {
			client.release(broken);
		}
	}
}
