// Reads a drizzle-kit migrations folder: meta/_journal.json gives the order, <tag>.sql the
// up script, down/<tag>.down.sql the hand-written down script.
import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { MigrationError } from './errors';

export interface Migration {
	idx: number;
	tag: string;
	/** sha256 of the up script as committed; recorded when applied, compared ever after. */
	hash: string;
	statements: string[];
	/** Where the hand-written down script lives (shipped migrations). */
	downPath: string;
	/** The down script itself, for migrations kept in the database (doc migrations, docStore.ts). */
	down?: string[];
}

const BREAKPOINT = '--> statement-breakpoint';
const SAFE_TAG = /^[A-Za-z0-9_-]+$/;

/** The migrations folder shipped next to this file (drizzle/migrations, dist/drizzle/migrations once built). */
export const bundledMigrationsDir = join(__dirname, '..', 'migrations');

export function splitStatements(sql: string): string[] {
	return sql
		.split(BREAKPOINT)
		.map((s) => s.trim())
		.filter((s) => s.length > 0);
}

export function sha256(text: string): string {
	return createHash('sha256').update(text).digest('hex');
}

interface JournalEntry {
	idx: number;
	tag: string;
}

function readJournal(dir: string): JournalEntry[] {
	const path = join(dir, 'meta', '_journal.json');
	let raw: string;
	try {
		raw = readFileSync(path, 'utf8');
	} catch {
		throw new MigrationError(`no migrations journal at ${path}`);
	}
	let parsed: unknown;
	try {
		parsed = JSON.parse(raw);
	} catch (err) {
		throw new MigrationError(`${path} is not valid JSON (${(err as Error).message})`);
	}
	const entries = (parsed as { entries?: unknown } | null)?.entries;
	if (!Array.isArray(entries)) throw new MigrationError(`${path} has no "entries" array`);
	return entries.map((entry: unknown, position) => {
		const { idx, tag } = (entry ?? {}) as { idx?: unknown; tag?: unknown };
		if (typeof idx !== 'number' || !Number.isInteger(idx) || typeof tag !== 'string' || !SAFE_TAG.test(tag)) {
			throw new MigrationError(`${path}: entry ${position} needs an integer "idx" and a "tag" of letters, digits, "_" or "-"`);
		}
		return { idx, tag };
	});
}

/** The migrations of `dir` in journal order, with their up scripts read and hashed. */
export function loadMigrations(dir: string): Migration[] {
	const entries = readJournal(dir).sort((a, b) => a.idx - b.idx);
	const seen = new Set<string>();
	return entries.map(({ idx, tag }) => {
		if (seen.has(tag)) throw new MigrationError(`migration "${tag}" appears twice in ${join(dir, 'meta', '_journal.json')}`);
		seen.add(tag);
		const path = join(dir, `${tag}.sql`);
		let sql: string;
		try {
			sql = readFileSync(path, 'utf8');
		} catch {
			throw new MigrationError(`migration "${tag}" is in the journal but ${path} is missing`);
		}
		return { idx, tag, hash: sha256(sql), statements: splitStatements(sql), downPath: join(dir, 'down', `${tag}.down.sql`) };
	});
}

export function hasDownScript(migration: Migration): boolean {
	return migration.down !== undefined || existsSync(migration.downPath);
}

export function readDownStatements(migration: Migration): string[] {
	return migration.down ?? splitStatements(readFileSync(migration.downPath, 'utf8'));
}
