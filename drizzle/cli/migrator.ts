// `erp-db migrate` and `erp-db status`: apply pending migrations (creating the database
// first when needed) under the advisory lock, and report applied/pending.
import type { ClientBase } from 'pg';
import { closeQuietly, openCreatingDatabase, openIfExists } from './connection';
import { asMigration, docStream, ensureDocStore, insertDocMigration, writeDocFolder, type DocMigration } from './docStore';
import { CliError, ExitCode, explainDbError, oneLine } from './errors';
import { loadMigrations, type Migration } from './journal';
import { inTransaction, runStatements } from './sqlScript';
import type { DbTarget } from './target';
import {
	assertConsistent,
	compare,
	DOC_TAG_PREFIX,
	ensureTrackingTable,
	isDocTag,
	readApplied,
	recordApplied,
	splitApplied,
	withMigrationLock,
	type MigrationEntry,
} from './tracking';

export interface CommandOptions {
	target: DbTarget;
	migrationsDir: string;
	/**
	 * The doc folder (--doc-dir / ERP_DOC_DIR, see docStore.ts): its doc migrations are stored in and
	 * applied to the database, and the folder is rewritten from the database's copy afterwards.
	 */
	docDir?: string;
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

/** The shipped migrations of a folder; a doc migration's tag there would be mistaken for one of the user's. */
export function loadShipped(migrationsDir: string): Migration[] {
	const migrations = loadMigrations(migrationsDir);
	const clash = migrations.find((m) => isDocTag(m.tag));
	if (clash) throw new CliError(`migration "${clash.tag}" in ${migrationsDir}: tags starting with ${DOC_TAG_PREFIX} are reserved for doc migrations`, ExitCode.migration);
	return migrations;
}

/** Rewrites the doc folder from the database's doc migrations; a failure names the folder. */
export function exportDocFolder(docDir: string, docs: DocMigration[]): void {
	try {
		writeDocFolder(docDir, docs);
	} catch (err) {
		if (err instanceof CliError) throw err;
		throw new CliError(`cannot write the doc folder ${docDir}: ${oneLine((err as Error).message)} (the database is up to date; its copy of the doc migrations is in erp_meta.doc_migrations)`, ExitCode.failure);
	}
}

/**
 * Applies the doc migrations the database keeps (and those only the folder has) that are not
 * applied yet, after the shipped ones. Call under the lock with the tracking table in place.
 */
export async function applyDocStream(client: ClientBase, docDir: string | undefined, onApplied: (tag: string, statements: number) => void): Promise<{ applied: string[]; total: number; docs: DocMigration[] }> {
	const rows = splitApplied(await readApplied(client));
	const stream = await docStream(client, rows.doc, docDir);
	assertConsistent(stream.comparison);
	if (stream.fromFolder.length > 0) await ensureDocStore(client);
	const applied: string[] = [];
	const pendingTags = new Set(stream.comparison.pending.map((m) => m.tag));
	for (const doc of stream.docs) {
		const fromFolder = stream.fromFolder.includes(doc);
		if (!pendingTags.has(doc.tag)) {
			// Applied, but only the folder remembered it (the store was dropped by hand): keep it again.
			if (fromFolder) await insertDocMigration(client, doc);
			continue;
		}
		const migration = asMigration(doc);
		await inTransaction(client, async () => {
			if (fromFolder) await insertDocMigration(client, doc);
			await runStatements(client, `doc migration "${doc.tag}"`, migration.statements);
			await recordApplied(client, migration);
		});
		applied.push(doc.tag);
		onApplied(doc.tag, migration.statements.length);
	}
	if (docDir) exportDocFolder(docDir, stream.docs);
	return { applied, total: stream.docs.length, docs: stream.docs };
}

export async function migrate({ target, migrationsDir, docDir, onProgress }: CommandOptions): Promise<MigrateResult> {
	const migrations = loadShipped(migrationsDir);
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
				const comparison = compare(migrations, splitApplied(await readApplied(client)).shipped);
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
				const doc = await applyDocStream(client, docDir, (tag, statements) => {
					applied.push({ tag, statements });
					onProgress?.({ kind: 'applied', tag, statements });
				});
				return {
					database: target.database,
					createdDatabase: created,
					applied,
					alreadyApplied: comparison.applied.length + doc.total - doc.applied.length,
					total: migrations.length + doc.total,
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
export async function status({ target, migrationsDir, docDir }: CommandOptions): Promise<StatusResult> {
	const migrations = loadShipped(migrationsDir);
	const client = await openIfExists(target);
	if (!client) {
		const { entries } = compare(migrations, []);
		return { database: target.database, databaseExists: false, entries, problems: [] };
	}
	try {
		const rows = splitApplied(await readApplied(client));
		const shipped = compare(migrations, rows.shipped);
		const doc = (await docStream(client, rows.doc, docDir)).comparison;
		return { database: target.database, databaseExists: true, entries: [...shipped.entries, ...doc.entries], problems: [...shipped.problems, ...doc.problems] };
	} finally {
		await closeQuietly(client);
	}
}
