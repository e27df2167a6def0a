// erp-db's own record of applied migrations (erp_meta.migrations) and the advisory lock
// that serialises every erp-db run that changes a database.
import { createHash } from 'node:crypto';
import type { ClientBase as Client } from 'pg';
import { MigrationError } from './errors';
import type { Migration } from './journal';

export const TRACKING_SCHEMA = 'erp_meta';
const TRACKING_TABLE = `${TRACKING_SCHEMA}.migrations`;

/** A fixed bigint key, derived from a name so it is unlikely to collide with other tools' locks. */
export const MIGRATION_LOCK_KEY = createHash('sha256').update('erp-db:migrations').digest().readBigInt64BE(0).toString();

export interface AppliedRow {
	tag: string;
	hash: string;
	appliedAt: Date;
}

/**
 * Runs `work` holding the session-level advisory lock of this database. `onWait` is
 * called once when another erp-db holds it and this run has to queue behind it.
 */
export async function withMigrationLock<T>(client: Client, work: () => Promise<T>, onWait?: () => void): Promise<T> {
	const { rows } = await client.query<{ locked: boolean }>('SELECT pg_try_advisory_lock($1::bigint) AS locked', [MIGRATION_LOCK_KEY]);
	if (!rows[0].locked) {
		onWait?.();
		await client.query('SELECT pg_advisory_lock($1::bigint)', [MIGRATION_LOCK_KEY]);
	}
	try {
		return await work();
	} finally {
		await client.query('SELECT pg_advisory_unlock($1::bigint)', [MIGRATION_LOCK_KEY]).catch(() => undefined);
	}
}

export async function trackingTableExists(client: Client): Promise<boolean> {
	const { rows } = await client.query<{ found: boolean }>('SELECT to_regclass($1) IS NOT NULL AS found', [TRACKING_TABLE]);
	return rows[0].found;
}

/** Creates the tracking table when missing; call under the lock. */
export async function ensureTrackingTable(client: Client): Promise<void> {
	if (await trackingTableExists(client)) return;
	// Checked first because CREATE SCHEMA IF NOT EXISTS still needs CREATE on the database.
	const { rows } = await client.query<{ found: boolean }>('SELECT EXISTS (SELECT 1 FROM pg_namespace WHERE nspname = $1) AS found', [TRACKING_SCHEMA]);
	if (!rows[0].found) await client.query(`CREATE SCHEMA ${TRACKING_SCHEMA}`);
	await client.query(`CREATE TABLE ${TRACKING_TABLE} (
		id serial PRIMARY KEY,
		tag text NOT NULL UNIQUE,
		hash text NOT NULL,
		applied_at timestamptz NOT NULL DEFAULT now()
	)`);
}

export async function readApplied(client: Client): Promise<AppliedRow[]> {
	if (!(await trackingTableExists(client))) return [];
	const { rows } = await client.query<AppliedRow>(`SELECT tag, hash, applied_at AS "appliedAt" FROM ${TRACKING_TABLE} ORDER BY id`);
	return rows;
}

export async function recordApplied(client: Client, migration: Migration): Promise<void> {
	await client.query(`INSERT INTO ${TRACKING_TABLE} (tag, hash) VALUES ($1, $2)`, [migration.tag, migration.hash]);
}

export async function forgetApplied(client: Client, migration: Migration): Promise<void> {
	await client.query(`DELETE FROM ${TRACKING_TABLE} WHERE tag = $1`, [migration.tag]);
}

export async function dropTracking(client: Client): Promise<boolean> {
	const { rows } = await client.query<{ found: boolean }>('SELECT EXISTS (SELECT 1 FROM pg_namespace WHERE nspname = $1) AS found', [TRACKING_SCHEMA]);
	if (!rows[0].found) return false;
	await client.query(`DROP SCHEMA ${TRACKING_SCHEMA} CASCADE`);
	return true;
}

export type MigrationState = 'applied' | 'pending' | 'edited' | 'unknown';

export interface MigrationEntry {
	tag: string;
	state: MigrationState;
	appliedAt?: Date;
}

export interface Comparison {
	/** Journal order, then applied tags the folder no longer has. */
	entries: MigrationEntry[];
	/** Applied migrations, in journal order (a prefix of the journal when there are no problems). */
	applied: Migration[];
	pending: Migration[];
	/** Why the database and the folder disagree; empty when they agree. */
	problems: string[];
}

/** Compares what the database says was applied with the migrations folder. */
export function compare(migrations: Migration[], appliedRows: AppliedRow[]): Comparison {
	const byTag = new Map(appliedRows.map((row) => [row.tag, row]));
	const entries: MigrationEntry[] = [];
	const applied: Migration[] = [];
	const pending: Migration[] = [];
	const problems: string[] = [];

	for (const migration of migrations) {
		const row = byTag.get(migration.tag);
		if (!row) {
			entries.push({ tag: migration.tag, state: 'pending' });
			pending.push(migration);
			continue;
		}
		applied.push(migration);
		if (row.hash !== migration.hash) {
			entries.push({ tag: migration.tag, state: 'edited', appliedAt: row.appliedAt });
			problems.push(
				`migration "${migration.tag}" was changed after it was applied (file sha256 ${migration.hash.slice(0, 12)}…, applied ${row.hash.slice(0, 12)}…); restore the committed file`,
			);
		} else {
			entries.push({ tag: migration.tag, state: 'applied', appliedAt: row.appliedAt });
		}
		if (pending.length > 0) {
			problems.push(`migration "${pending[0].tag}" is pending but the later "${migration.tag}" is already applied`);
		}
	}

	const known = new Set(migrations.map((m) => m.tag));
	for (const row of appliedRows) {
		if (known.has(row.tag)) continue;
		entries.push({ tag: row.tag, state: 'unknown', appliedAt: row.appliedAt });
		problems.push(`migration "${row.tag}" is applied in the database but not in the migrations folder`);
	}
	return { entries, applied, pending, problems };
}

/** Refuses to change a database whose record disagrees with the folder. */
export function assertConsistent(comparison: Comparison): void {
	if (comparison.problems.length > 0) throw new MigrationError(`refusing to continue: ${comparison.problems.join('; ')}`);
}

/**
 * Doc migrations (`erp-db apply`, docStore.ts) share this tracker with the shipped ones; their tags
 * start with this prefix, and each stream is compared with its own list (a doc migration applied
 * between two shipped ones is no gap in either).
 */
export const DOC_TAG_PREFIX = 'doc_';

export const isDocTag = (tag: string) => tag.startsWith(DOC_TAG_PREFIX);

/** The shipped stream's rows and the doc stream's rows of the tracker, each in applied order. */
export function splitApplied(rows: AppliedRow[]): { shipped: AppliedRow[]; doc: AppliedRow[] } {
	return { shipped: rows.filter((r) => !isDocTag(r.tag)), doc: rows.filter((r) => isDocTag(r.tag)) };
}
