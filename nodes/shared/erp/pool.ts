// One bounded pg Pool per ERP credential and process, shared by every execution, closed when idle.
import { createHash } from 'node:crypto';
import { Pool, type PoolClient, type PoolConfig } from 'pg';
import { z } from 'zod';
import { ErpInputError } from './errors';

const credentialSchema = z.object({
	host: z.string().trim().min(1, 'Host is empty'),
	port: z.coerce.number().int().min(1).max(65535).default(5432),
	database: z.string().trim().min(1, 'Database is empty').default('erp'),
	user: z.string().trim().min(1, 'User is empty'),
	password: z.string().optional().default(''),
	ssl: z.enum(['disable', 'require', 'verify-full']).default('disable'),
	ca: z.string().optional().default(''),
	maxConnections: z.coerce.number().int().min(1).max(50).default(4),
	// Seconds; a lock or statement timeout of 0 turns that limit off.
	connectionTimeout: z.coerce.number().int().min(1).max(600).default(15),
	lockTimeout: z.coerce.number().int().min(0).max(3600).default(30),
	statementTimeout: z.coerce.number().int().min(0).max(86_400).default(600),
});

export type ErpConnection = z.infer<typeof credentialSchema>;

/** Validates the decrypted credential data; the error names the offending field. */
export function parseErpCredentials(raw: unknown): ErpConnection {
	const parsed = credentialSchema.safeParse(raw ?? {});
	if (!parsed.success) {
		const issue = parsed.error.issues[0];
		throw new ErpInputError(`ERP PostgreSQL credential: ${issue.path.join('.') || 'value'}: ${issue.message}`);
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
		connectionTimeoutMillis: conn.connectionTimeout * 1000,
		allowExitOnIdle: true,
		application_name: 'n8n-nodes-coda-erp',
	};
}

/** Cache key: a digest of every connection parameter (password included), never the password itself. */
export function poolKey(conn: ErpConnection): string {
	return createHash('sha256').update(JSON.stringify(conn)).digest('hex');
}

/** What withTransaction needs to know of a pool's credential (pools made elsewhere have none). */
interface PoolSettings {
	where: string;
	max: number;
	connectionTimeout: number;
	lockTimeout: number;
	statementTimeout: number;
}

const settingsOf = new WeakMap<Pool, PoolSettings>();

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
	settingsOf.set(pool, {
		where: `${conn.database} on ${conn.host}:${conn.port}`,
		max: conn.maxConnections,
		connectionTimeout: conn.connectionTimeout,
		lockTimeout: conn.lockTimeout,
		statementTimeout: conn.statementTimeout,
	});
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

/** The server refused a connection for now: too many clients, starting up or shutting down, not listening. */
const REFUSED_FOR_NOW = new Set(['53300', '57P03', 'ECONNREFUSED', 'ECONNRESET']);

/** A wait the credential bounds ran out (its SQLSTATE kept, so the node names it as a database error). */
class ErpWaitError extends Error {
	constructor(
		message: string,
		readonly code: string | undefined,
	) {
		super(message);
	}
}

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
 * A client within the credential's Connection Timeout: while the server refuses connections for now
 * (no free connection slot, restarting) it is asked again; a pool whose connections all stay busy
 * waits in pg-pool's queue. Either way the error then says what was waited for.
 */
async function connect(pool: Pool, settings: PoolSettings | undefined): Promise<PoolClient> {
	const deadline = Date.now() + (settings?.connectionTimeout ?? 0) * 1000;
	for (let attempt = 1; ; attempt++) {
		try {
			return await pool.connect();
		} catch (err) {
			if (!settings) throw err;
			const code = sqlState(err);
			if (REFUSED_FOR_NOW.has(code ?? '') && Date.now() < deadline) {
				await new Promise((r) => setTimeout(r, Math.min(1000, 50 * 2 ** attempt, Math.max(0, deadline - Date.now()))));
				continue;
			}
			const reason = (err as Error).message;
			const busy = /timeout exceeded when trying to connect/.test(reason) && pool.totalCount >= settings.max;
			throw new ErpWaitError(
				busy
					? `No free connection to the erp database ${settings.where} within ${settings.connectionTimeout} s: all ${settings.max} connections of this n8n process (the credential's Max Connections) stayed busy`
					: `Could not connect to the erp database ${settings.where} within ${settings.connectionTimeout} s (the credential's Connection Timeout): ${reason}`,
				code,
			);
		}
	}
}

/** Names the credential's bound that ended a statement (lock_timeout 55P03, statement_timeout 57014). */
function explainTimeout(err: unknown, settings: PoolSettings | undefined): unknown {
	const code = sqlState(err);
	if (!settings || (code !== '55P03' && code !== '57014')) return err;
	const message = (err as Error).message;
	if (code === '55P03' && /lock timeout/.test(message)) {
		return new ErpWaitError(
			`${message}: another session held a lock on the rows for longer than ${settings.lockTimeout} s (the credential's Lock Timeout); run it again once that session ends`,
			code,
		);
	}
	if (code === '57014' && /statement timeout/.test(message)) {
		return new ErpWaitError(`${message}: a statement ran longer than ${settings.statementTimeout} s (the credential's Statement Timeout)`, code);
	}
	return err;
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
	const settings = settingsOf.get(pool);
	// SET LOCAL rather than connection parameters: it holds for this transaction whatever pooler sits in between.
	const begin = settings
		? `BEGIN; SET LOCAL lock_timeout = ${settings.lockTimeout * 1000}; SET LOCAL statement_timeout = ${settings.statementTimeout * 1000}`
		: 'BEGIN';
	for (let attempt = 1; ; attempt++) {
		const client = await connect(pool, settings);
		let broken: Error | undefined;
		// pg-pool listens for errors on idle clients only: a connection lost while checked out (server
		// restart, admin termination) emits 'error' here, and unheard it would crash the n8n process.
		const onError = (err: Error) => (broken = err);
		client.on('error', onError);
		try {
			await client.query(begin);
			const result = await work(client, attempt);
			await client.query('COMMIT');
			return result;
		} catch (err) {
			await client.query('ROLLBACK').catch((rollbackErr: Error) => {
				broken = rollbackErr;
			});
			if (!RETRYABLE.has(sqlState(err) ?? '') || attempt >= attempts) throw explainTimeout(err, settings);
			await new Promise((r) => setTimeout(r, Math.random() * base * 2 ** (attempt - 1)));
		} finally {
			client.off('error', onError);
			client.release(broken);
		}
	}
}
