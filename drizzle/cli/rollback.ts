// `erp-db rollback`: runs the hand-written down scripts of applied migrations, newest
// first, each in a transaction with the removal of its tracking row.
import { closeQuietly, openClient } from './connection';
import { MigrationError, UsageError } from './errors';
import { hasDownScript, loadMigrations, readDownStatements, type Migration } from './journal';
import type { CommandOptions } from './migrator';
import { inTransaction, runStatements } from './sqlScript';
import { assertConsistent, compare, dropTracking, forgetApplied, readApplied, withMigrationLock } from './tracking';

/** `last`: the newest applied migration; `to`: everything applied after `tag`; `all`: everything and the tracking schema. */
export type RollbackScope = { kind: 'last' } | { kind: 'to'; tag: string } | { kind: 'all' };

export interface RollbackResult {
	database: string;
	rolledBack: string[];
	stillApplied: number;
	/** True when `--all` also dropped erp-db's tracking schema. */
	droppedTracking: boolean;
}

/** An exact tag, or an unambiguous prefix of one (`0001` for `0001_finance_knowledge`). */
function resolveTag(migrations: Migration[], wanted: string): Migration {
	const exact = migrations.find((m) => m.tag === wanted);
	if (exact) return exact;
	const matches = migrations.filter((m) => m.tag.startsWith(wanted));
	if (matches.length === 1) return matches[0];
	const known = migrations.map((m) => m.tag).join(', ') || 'none';
	if (matches.length > 1) throw new UsageError(`--to "${wanted}" matches several migrations: ${matches.map((m) => m.tag).join(', ')}`);
	throw new UsageError(`--to "${wanted}" is not a migration in the folder (known: ${known})`);
}

function selectVictims(applied: Migration[], migrations: Migration[], scope: RollbackScope): Migration[] {
	switch (scope.kind) {
		case 'all':
			return [...applied].reverse();
		case 'last':
			return applied.slice(-1);
		case 'to': {
			const keep = resolveTag(migrations, scope.tag);
			return applied.filter((m) => m.idx > keep.idx).reverse();
		}
	}
}

export async function rollback({ target, migrationsDir, onProgress }: CommandOptions, scope: RollbackScope): Promise<RollbackResult> {
	const migrations = loadMigrations(migrationsDir);
	if (scope.kind === 'to') resolveTag(migrations, scope.tag);
	const client = await openClient(target);
	try {
		return await withMigrationLock(
			client,
			async () => {
				const comparison = compare(migrations, await readApplied(client));
				assertConsistent(comparison);
				const victims = selectVictims(comparison.applied, migrations, scope);
				const missing = victims.filter((m) => !hasDownScript(m));
				if (missing.length > 0) {
					throw new MigrationError(
						`no down script for ${missing.map((m) => `"${m.tag}" (${m.downPath})`).join(', ')}; nothing was rolled back`,
					);
				}
				const rolledBack: string[] = [];
				for (const migration of victims) {
					const statements = readDownStatements(migration);
					await inTransaction(client, async () => {
						await runStatements(client, `down script of "${migration.tag}"`, statements);
						await forgetApplied(client, migration);
					});
					rolledBack.push(migration.tag);
					onProgress?.({ kind: 'rolledBack', tag: migration.tag, statements: statements.length });
				}
				const droppedTracking = scope.kind === 'all' ? await dropTracking(client) : false;
				return {
					database: target.database,
					rolledBack,
					stillApplied: comparison.applied.length - rolledBack.length,
					droppedTracking,
				};
			},
			() => onProgress?.({ kind: 'waiting', database: target.database }),
		);
	} finally {
		await closeQuietly(client);
	}
}
