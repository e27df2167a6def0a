// `erp-db migrate` and `erp-db status`: apply pending migrations (creating the database
// first when needed) under the advisory lock, and report applied/pending.
import { closeQuietly, openCreatingDatabase, openIfExists } from './connection';
import { explainDbError } from './errors';
import { loadMigrations } from './journal';
import { inTransaction, runStatements } from './sqlScript';
import type { DbTarget } from './target';
import { assertConsistent, compare, ensureTrackingTable, readApplied, recordApplied, withMigrationLock, type MigrationEntry } from './tracking';

export interface CommandOptions {
	target: DbTarget;
	migrationsDir: string;
	/** Told of each step as it happens, so progress shows even when a later step fails. */
	onProgress?: (event: ProgressEvent) => void;
}

export type ProgressEvent =
	| { kind: 'created'; database: string }
	/** Another erp-db run holds the lock; this one waits for it. */
	| { kind: 'waiting'; database: string }
	| { kind: 'applied' | 'rolledBack'; tag: string; statements: number };

export interface MigrateResult {
	database: string;
	createdDatabase: boolean;
	applied: { tag: string; statements: number }[];
	/** Migrations that were already applied before this run. */
	alreadyApplied: number;
	total: number;
}

export async function migrate({ target, migrationsDir, onProgress }: CommandOptions): Promise<MigrateResult> {
	const migrations = loadMigrations(migrationsDir);
	const { client, created } = await openCreatingDatabase(target);
	if (created) onProgress?.({ kind: 'created', database: target.database });
	try {
		return await withMigrationLock(
			client,
			async () => {
				await ensureTrackingTable(client).catch((err: unknown) => {
					throw explainDbError(err, target, 'create the tracking table erp_meta.migrations');
				});
				// Read only now, under the lock: a run we waited for may have applied everything.
				const comparison = compare(migrations, await readApplied(client));
				assertConsistent(comparison);
				const applied: MigrateResult['applied'] = [];
				for (const migration of comparison.pending) {
					await inTransaction(client, async () => {
						await runStatements(client, `migration "${migration.tag}"`, migration.statements);
						await recordApplied(client, migration);
					});
					applied.push({ tag: migration.tag, statements: migration.statements.length });
					onProgress?.({ kind: 'applied', tag: migration.tag, statements: migration.statements.length });
				}
				return {
					database: target.database,
					createdDatabase: created,
					applied,
					alreadyApplied: comparison.applied.length,
					total: migrations.length,
				};
			},
			() => onProgress?.({ kind: 'waiting', database: target.database }),
		);
	} finally {
		await closeQuietly(client);
	}
}

export interface StatusResult {
	database: string;
	databaseExists: boolean;
	entries: MigrationEntry[];
	problems: string[];
}

/** Read-only: takes no lock and creates nothing, not even the tracking table. */
export async function status({ target, migrationsDir }: CommandOptions): Promise<StatusResult> {
	const migrations = loadMigrations(migrationsDir);
	const client = await openIfExists(target);
	if (!client) {
		const { entries } = compare(migrations, []);
		return { database: target.database, databaseExists: false, entries, problems: [] };
	}
	try {
		const { entries, problems } = compare(migrations, await readApplied(client));
		return { database: target.database, databaseExists: true, entries, problems };
	} finally {
		await closeQuietly(client);
	}
}
