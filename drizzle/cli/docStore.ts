// Where the doc migrations `erp-db apply` generates are kept: in the database itself
// (erp_meta.doc_migrations, beside erp-db's tracker: every process that can reach the database,
// queue-mode workers included, sees them) and, when a folder is given (--doc-dir / ERP_DOC_DIR),
// as a readable copy in drizzle-kit's layout that rebuilds a fresh database:
//
//   <dir>/schema.ts                       the added columns as Drizzle definitions (generated)
//   <dir>/columns.json                    the same, with their Coda columns (what erp-db reads)
//   <dir>/migrations/meta/_journal.json   drizzle-kit's journal, meta/<idx>_snapshot.json
//   <dir>/migrations/<tag>.sql            drizzle-kit's ALTER TABLE … ADD COLUMN + the bindings
//   <dir>/migrations/down/<tag>.down.sql  drizzle-kit's DROP COLUMN (exactly the added columns)
import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { ClientBase } from 'pg';
import { renderSchemaTs, type DocColumnDefinition } from './docSchema';
import { MigrationError } from './errors';
import { loadMigrations, sha256, splitStatements, type Migration } from './journal';
import { compare, DOC_TAG_PREFIX, ensureTrackingTable, TRACKING_SCHEMA, type AppliedRow, type Comparison } from './tracking';

export const DOC_STORE = `${TRACKING_SCHEMA}.doc_migrations`;

export interface DocMigration {
	idx: number;
	tag: string;
	codaDocId: string;
	/** The up script as written to <tag>.sql (its sha256 is what the tracker records). */
	up: string;
	down: string;
	snapshot: Record<string, unknown>;
	columns: DocColumnDefinition[];
	createdAt: Date;
}

export const BREAKPOINT_JOIN = '\n--> statement-breakpoint\n';

/** As the migrator runs it: statements split at drizzle-kit's breakpoints, the down script in memory. */
export function asMigration(d: DocMigration): Migration {
	return { idx: d.idx, tag: d.tag, hash: sha256(d.up), statements: splitStatements(d.up), downPath: `${DOC_STORE} (${d.tag})`, down: splitStatements(d.down) };
}

export function docTag(idx: number, tables: string[]): string {
	const names = [...new Set(tables)].sort();
	let tail = names.join('_');
	if (tail.length > 40) tail = `${names[0].slice(0, 30)}_and_${names.length - 1}_more`;
	return `${DOC_TAG_PREFIX}${String(idx).padStart(4, '0')}_${tail}`;
}

// ---------------------------------------------------------------- the database copy

async function storeExists(client: ClientBase): Promise<boolean> {
	const { rows } = await client.query<{ found: boolean }>('SELECT to_regclass($1) IS NOT NULL AS found', [DOC_STORE]);
	return rows[0].found;
}

/** Creates erp_meta.doc_migrations when missing; call under the migration lock. */
export async function ensureDocStore(client: ClientBase): Promise<void> {
	await ensureTrackingTable(client);
	if (await storeExists(client)) return;
	await client.query(`CREATE TABLE ${DOC_STORE} (
		idx integer PRIMARY KEY,
		tag text NOT NULL UNIQUE,
		coda_doc_id text NOT NULL,
		up_sql text NOT NULL,
		down_sql text NOT NULL,
		snapshot jsonb NOT NULL,
		columns jsonb NOT NULL,
		created_at timestamptz NOT NULL DEFAULT now()
	)`);
}

interface StoreRow {
	idx: number;
	tag: string;
	coda_doc_id: string;
	up_sql: string;
	down_sql: string;
	snapshot: Record<string, unknown>;
	columns: DocColumnDefinition[];
	created_at: Date;
}

/** The doc migrations the database keeps, by idx; none when the store was never created. */
export async function readDocStore(client: ClientBase): Promise<DocMigration[]> {
	if (!(await storeExists(client))) return [];
	const { rows } = await client.query<StoreRow>(`SELECT idx, tag, coda_doc_id, up_sql, down_sql, snapshot, columns, created_at FROM ${DOC_STORE} ORDER BY idx`);
	return rows.map((r) => ({ idx: r.idx, tag: r.tag, codaDocId: r.coda_doc_id, up: r.up_sql, down: r.down_sql, snapshot: r.snapshot, columns: r.columns, createdAt: r.created_at }));
}

export async function insertDocMigration(client: ClientBase, d: DocMigration): Promise<void> {
	await client.query(
		`INSERT INTO ${DOC_STORE} (idx, tag, coda_doc_id, up_sql, down_sql, snapshot, columns, created_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8)`,
		[d.idx, d.tag, d.codaDocId, d.up, d.down, JSON.stringify(d.snapshot), JSON.stringify(d.columns), d.createdAt],
	);
}

export async function deleteDocMigration(client: ClientBase, tag: string): Promise<void> {
	if (await storeExists(client)) await client.query(`DELETE FROM ${DOC_STORE} WHERE tag = $1`, [tag]);
}

// ---------------------------------------------------------------- the folder copy

const migrationsDir = (dir: string) => join(dir, 'migrations');
const snapshotFile = (idx: number) => `${String(idx).padStart(4, '0')}_snapshot.json`;

interface ColumnsFile {
	columns: Array<DocColumnDefinition & { migration: string }>;
}

function readJson(path: string): unknown {
	try {
		return JSON.parse(readFileSync(path, 'utf8'));
	} catch (err) {
		throw new MigrationError(`cannot read ${path} (${(err as Error).message})`);
	}
}

/** The doc migrations of a folder; none when it holds none yet (or does not exist). */
export function readDocFolder(dir: string): DocMigration[] {
	const migrations = migrationsDir(dir);
	if (!existsSync(join(migrations, 'meta', '_journal.json'))) return [];
	const loaded = loadMigrations(migrations);
	const file = join(dir, 'columns.json');
	const columns = existsSync(file) ? ((readJson(file) as ColumnsFile).columns ?? []) : [];
	const journal = readJson(join(migrations, 'meta', '_journal.json')) as { entries: Array<{ tag: string; when?: number }> };
	return loaded.map((m) => {
		if (!m.tag.startsWith(DOC_TAG_PREFIX)) throw new MigrationError(`${migrations} holds "${m.tag}", which is not a doc migration (tags start with ${DOC_TAG_PREFIX})`);
		const downPath = join(migrations, 'down', `${m.tag}.down.sql`);
		if (!existsSync(downPath)) throw new MigrationError(`doc migration "${m.tag}" has no down script at ${downPath}`);
		const snapshotPath = join(migrations, 'meta', snapshotFile(m.idx));
		const when = journal.entries.find((e) => e.tag === m.tag)?.when;
		return {
			idx: m.idx,
			tag: m.tag,
			codaDocId: columns.find((c) => c.migration === m.tag)?.codaDocId ?? '',
			up: readFileSync(join(migrations, `${m.tag}.sql`), 'utf8'),
			down: readFileSync(downPath, 'utf8'),
			snapshot: existsSync(snapshotPath) ? (readJson(snapshotPath) as Record<string, unknown>) : {},
			columns: columns.filter((c) => c.migration === m.tag).map(({ migration: _m, ...c }) => c),
			createdAt: new Date(typeof when === 'number' ? when : 0),
		};
	});
}

/** Writes a file through a temporary name, so a reader (or a crash) never sees half of it. */
function writeAtomically(path: string, content: string): void {
	const tmp = `${path}.${process.pid}.tmp`;
	writeFileSync(tmp, content);
	renameSync(tmp, path);
}

/** Makes the folder hold exactly `docs` (files of other doc migrations are removed; nothing else is touched). */
export function writeDocFolder(dir: string, docs: DocMigration[]): void {
	const migrations = migrationsDir(dir);
	mkdirSync(join(migrations, 'meta'), { recursive: true });
	mkdirSync(join(migrations, 'down'), { recursive: true });
	const keep = new Set(docs.map((d) => d.tag));
	const keepSnapshots = new Set(docs.map((d) => snapshotFile(d.idx)));
	for (const d of docs) {
		writeAtomically(join(migrations, `${d.tag}.sql`), d.up);
		writeAtomically(join(migrations, 'down', `${d.tag}.down.sql`), d.down);
		writeAtomically(join(migrations, 'meta', snapshotFile(d.idx)), `${JSON.stringify(d.snapshot, null, 2)}\n`);
	}
	const stale = (folder: string, suffix: string) => {
		for (const name of readdirSync(folder)) {
			if (name.startsWith(DOC_TAG_PREFIX) && name.endsWith(suffix) && !keep.has(name.slice(0, -suffix.length))) rmSync(join(folder, name));
		}
	};
	stale(migrations, '.sql');
	stale(join(migrations, 'down'), '.down.sql');
	for (const name of readdirSync(join(migrations, 'meta'))) {
		if (/^\d{4}_snapshot\.json$/.test(name) && !keepSnapshots.has(name)) rmSync(join(migrations, 'meta', name));
	}
	const entries = docs.map((d) => ({ idx: d.idx, version: '7', when: d.createdAt.getTime(), tag: d.tag, breakpoints: true }));
	writeAtomically(join(migrations, 'meta', '_journal.json'), `${JSON.stringify({ version: '7', dialect: 'postgresql', entries }, null, 2)}\n`);
	const columns = docs.flatMap((d) => d.columns.map((c) => ({ ...c, migration: d.tag })));
	const note = 'Columns erp-db apply added for the Coda doc; written by erp-db (do not edit). schema.ts shows them as Drizzle definitions.';
	writeAtomically(join(dir, 'columns.json'), `${JSON.stringify({ note, columns }, null, 2)}\n`);
	writeAtomically(join(dir, 'schema.ts'), renderSchemaTs(docs.flatMap((d) => d.columns)));
}

/**
 * The doc migrations of the database and of the folder, as one list by idx. The same tag must
 * have the same up script in both; two tags at one position mean the two copies went apart.
 */
export function mergeDocMigrations(inDatabase: DocMigration[], inFolder: DocMigration[], dir: string): { all: DocMigration[]; fromFolder: DocMigration[] } {
	const byTag = new Map(inDatabase.map((d) => [d.tag, d]));
	const byIdx = new Map(inDatabase.map((d) => [d.idx, d]));
	const fromFolder: DocMigration[] = [];
	for (const f of inFolder) {
		const known = byTag.get(f.tag);
		if (known) {
			if (sha256(known.up) !== sha256(f.up)) {
				throw new MigrationError(`doc migration "${f.tag}" in ${dir} differs from the one the database keeps; restore the folder (erp-db migrate --doc-dir <empty folder> writes the database's copy)`);
			}
			continue;
		}
		const other = byIdx.get(f.idx);
		if (other) {
			throw new MigrationError(`${dir} has doc migration "${f.tag}" where the database has "${other.tag}": the folder belongs to another database or is out of date`);
		}
		fromFolder.push(f);
		byIdx.set(f.idx, f);
	}
	const all = [...inDatabase, ...fromFolder].sort((a, b) => a.idx - b.idx);
	return { all, fromFolder };
}

export interface DocStream {
	/** Every doc migration known (database and folder), by idx. */
	docs: DocMigration[];
	/** Those only the folder had (to be stored in the database when applied). */
	fromFolder: DocMigration[];
	comparison: Comparison;
}

/** The doc migrations compared with the tracker's doc rows (`applied`, in applied order). */
export async function docStream(client: ClientBase, applied: AppliedRow[], docDir?: string): Promise<DocStream> {
	const inDatabase = await readDocStore(client);
	const { all, fromFolder } = docDir ? mergeDocMigrations(inDatabase, readDocFolder(docDir), docDir) : { all: inDatabase, fromFolder: [] };
	const comparison = compare(all.map(asMigration), applied);
	comparison.problems = comparison.problems.map((p) => p.replace('the migrations folder', `${DOC_STORE}${docDir ? ` or ${docDir}` : ''}`));
	return { docs: all, fromFolder, comparison };
}
