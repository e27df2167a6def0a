// `erp-db rollback`: runs the hand-written down scripts of applied migrations, newest
// first, each in a transaction with the removal of its tracking row. Doc migrations (erp-db
// apply) are rolled back by the same rule, in the order they were applied among the shipped
// ones; a rolled-back doc migration is forgotten (erp_meta.doc_migrations, and the doc folder
// when one is given), so the next `erp-db apply` proposes its columns again.
import { closeQuietly, openClient } from './connection';
import { deleteDocMigration, docStream } from './docStore';
import { MigrationError, UsageError } from './errors';
import { hasDownScript, readDownStatements, type Migration } from './journal';
import { exportDocFolder, loadShipped, type CommandOptions } from './migrator';
import { inTransaction, runStatements } from './sqlScript';
import { assertConsistent, compare, dropTracking, forgetApplied, isDocTag, readApplied, splitApplied, withMigrationLock } from './tracking';

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

/** `applied` is in the order the tracker recorded them (both streams); victims come newest first. */
function selectVictims(applied: Migration[], migrations: Migration[], scope: RollbackScope): Migration[] {
	switch (scope.kind) {
		case 'all':
			return [...applied].reverse();
		case 'last':
			return applied.slice(-1);
		case 'to': {
			const keep = resolveTag(migrations, scope.tag);
			const at = applied.findIndex((m) => m.tag === keep.tag);
			// A migration not applied yet has nothing applied after it (the shipped ones are a prefix).
			return at < 0 ? [] : applied.slice(at + 1).reverse();
		}
	}
}

export async function rollback({ target, migrationsDir, docDir, onProgress }: CommandOptions, scope: RollbackScope): Promise<RollbackResult> {
	const shippedMigrations = loadShipped(migrationsDir);
	if (scope.kind === 'to' && !isDocTag(scope.tag)) resolveTag(shippedMigrations, scope.tag);
	const client = await openClient(target);
	try {
		return await withMigrationLock(
			client,
			async () => {
				const rows = await readApplied(client);
				const split = splitApplied(rows);
				const comparison = compare(shippedMigrations, split.shipped);
				assertConsistent(comparison);
				const stream = await docStream(client, split.doc, docDir);
				assertConsistent(stream.comparison);
				const migrations = [...shippedMigrations, ...stream.comparison.applied, ...stream.comparison.pending];
				const byTag = new Map(migrations.map((m) => [m.tag, m]));
				const appliedInOrder = rows.map((r) => byTag.get(r.tag)!);
				const victims = selectVictims(appliedInOrder, migrations, scope);
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
						if (isDocTag(migration.tag)) await deleteDocMigration(client, migration.tag);
					});
					rolledBack.push(migration.tag);
					onProgress?.({ kind: 'rolledBack', tag: migration.tag, statements: statements.length });
				}
				const droppedTracking = scope.kind === 'all' ? await dropTracking(client) : false;
				if (docDir) {
					const gone = new Set(rolledBack);
					exportDocFolder(docDir, stream.docs.filter((d) => !gone.has(d.tag)));
				}
				return {
					database: target.database,
					rolledBack,
					stillApplied: rows.length - rolledBack.length,
					droppedTracking,
				};
			},
			() => onProgress?.({ kind: 'waiting', database: target.database }),
		);
	} finally {
		await closeQuietly(client);
	}
}
