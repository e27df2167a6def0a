// The columns a user's Coda doc adds to the erp tables, as Drizzle definitions: built in memory
// from their JSON form (what erp-db stores), rendered as a readable schema.ts, and diffed by
// drizzle-kit's own generator into the migration `erp-db apply` runs. Drizzle stays the author of
// every DDL statement; this module only chooses Drizzle column builders.
import { join } from 'node:path';
import {
	bigint,
	boolean,
	char,
	date,
	doublePrecision,
	integer,
	interval,
	json,
	jsonb,
	numeric,
	pgSchema,
	real,
	smallint,
	text,
	time,
	timestamp,
	uuid,
	varchar,
} from 'drizzle-orm/pg-core';
import { CliError, ExitCode, MigrationError } from './errors';

/** One column `erp-db apply` added, and the Coda column it mirrors. */
export interface DocColumnDefinition {
	erpTable: string;
	column: string;
	/** PostgreSQL type as columnMatching.proposedSqlType spells it: `numeric`, `text[]`, … */
	sqlType: string;
	codaDocId: string;
	codaTableId: string;
	codaTableName: string;
	codaColumnId: string;
	codaColumnName: string;
	codaType: string;
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Builder = any;

interface TypeSpec {
	/** The builder for a column name (modifiers already applied). */
	build(name: string): Builder;
	/** The same as TypeScript source, for schema.ts. */
	code(name: string): string;
	import: string;
}

/** A single-quoted TypeScript string (the repository's style). */
const q = (name: string) => `'${name.replace(/\\/g, '\\\\').replace(/'/g, "\\'")}'`;

const SIMPLE: Record<string, TypeSpec> = {
	text: { build: (n) => text(n), code: (n) => `text(${q(n)})`, import: 'text' },
	numeric: { build: (n) => numeric(n), code: (n) => `numeric(${q(n)})`, import: 'numeric' },
	boolean: { build: (n) => boolean(n), code: (n) => `boolean(${q(n)})`, import: 'boolean' },
	date: { build: (n) => date(n), code: (n) => `date(${q(n)})`, import: 'date' },
	time: { build: (n) => time(n), code: (n) => `time(${q(n)})`, import: 'time' },
	interval: { build: (n) => interval(n), code: (n) => `interval(${q(n)})`, import: 'interval' },
	integer: { build: (n) => integer(n), code: (n) => `integer(${q(n)})`, import: 'integer' },
	smallint: { build: (n) => smallint(n), code: (n) => `smallint(${q(n)})`, import: 'smallint' },
	bigint: { build: (n) => bigint(n, { mode: 'number' }), code: (n) => `bigint(${q(n)}, { mode: 'number' })`, import: 'bigint' },
	real: { build: (n) => real(n), code: (n) => `real(${q(n)})`, import: 'real' },
	'double precision': { build: (n) => doublePrecision(n), code: (n) => `doublePrecision(${q(n)})`, import: 'doublePrecision' },
	jsonb: { build: (n) => jsonb(n), code: (n) => `jsonb(${q(n)})`, import: 'jsonb' },
	json: { build: (n) => json(n), code: (n) => `json(${q(n)})`, import: 'json' },
	uuid: { build: (n) => uuid(n), code: (n) => `uuid(${q(n)})`, import: 'uuid' },
	'timestamp with time zone': {
		build: (n) => timestamp(n, { withTimezone: true }),
		code: (n) => `timestamp(${q(n)}, { withTimezone: true })`,
		import: 'timestamp',
	},
	'timestamp without time zone': { build: (n) => timestamp(n), code: (n) => `timestamp(${q(n)})`, import: 'timestamp' },
};
SIMPLE.timestamptz = SIMPLE['timestamp with time zone'];
SIMPLE.timestamp = SIMPLE['timestamp without time zone'];

/** The Drizzle builder for an SQL type; an unknown type is an error naming it. */
function typeSpec(sqlType: string): TypeSpec & { array: boolean } {
	const trimmed = sqlType.trim().toLowerCase();
	const array = trimmed.endsWith('[]');
	const scalar = array ? trimmed.slice(0, -2).trim() : trimmed;
	const simple = SIMPLE[scalar];
	if (simple) return { ...simple, array };
	let m: RegExpExecArray | null;
	if ((m = /^numeric\s*\(\s*(\d+)\s*(?:,\s*(\d+)\s*)?\)$/.exec(scalar))) {
		const precision = Number(m[1]);
		const scale = Number(m[2] ?? 0);
		return {
			build: (n) => numeric(n, { precision, scale }),
			code: (n) => `numeric(${q(n)}, { precision: ${precision}, scale: ${scale} })`,
			import: 'numeric',
			array,
		};
	}
	if ((m = /^(varchar|character varying|char|character)\s*\(\s*(\d+)\s*\)$/.exec(scalar))) {
		const length = Number(m[2]);
		const isVar = m[1].startsWith('var') || m[1].includes('varying');
		return {
			build: (n) => (isVar ? varchar(n, { length }) : char(n, { length })),
			code: (n) => `${isVar ? 'varchar' : 'char'}(${q(n)}, { length: ${length} })`,
			import: isVar ? 'varchar' : 'char',
			array,
		};
	}
	throw new MigrationError(`no Drizzle column type for SQL type "${sqlType}"`);
}

export function checkSqlType(sqlType: string): void {
	typeSpec(sqlType);
}

/** A Drizzle column builder for the definition (nullable, no default: apply only ever adds such columns). */
export function drizzleColumn(def: Pick<DocColumnDefinition, 'column' | 'sqlType'>): Builder {
	const spec = typeSpec(def.sqlType);
	const column = spec.build(def.column);
	return spec.array ? column.array() : column;
}

/** Definitions grouped by erp table, tables and columns in a stable order. */
export function byTable(defs: DocColumnDefinition[]): Map<string, DocColumnDefinition[]> {
	const out = new Map<string, DocColumnDefinition[]>();
	for (const def of [...defs].sort((a, b) => a.erpTable.localeCompare(b.erpTable))) {
		const list = out.get(def.erpTable) ?? [];
		list.push(def);
		out.set(def.erpTable, list);
	}
	return out;
}

/**
 * The schema module drizzle-kit reads: `erp` and one table per erp table holding only the doc's
 * columns. `alsoTables` are present without columns, so that a table the doc touches for the first
 * time exists on both sides of a diff (drizzle-kit then writes ALTER TABLE … ADD COLUMN, never CREATE TABLE).
 */
export function drizzleModule(defs: DocColumnDefinition[], alsoTables: Iterable<string> = []): Record<string, unknown> {
	const erp = pgSchema('erp');
	const tables = byTable(defs);
	for (const name of alsoTables) if (!tables.has(name)) tables.set(name, []);
	const module: Record<string, unknown> = { erp };
	for (const [name, columns] of tables) {
		module[`table_${name}`] = erp.table(name, Object.fromEntries(columns.map((c) => [c.column, drizzleColumn(c)])));
	}
	return module;
}

const ident = (name: string) => (/^[A-Za-z_$][A-Za-z0-9_$]*$/.test(name) ? name : q(name));


/** schema.ts of the doc folder: the same definitions as Drizzle source a person (or drizzle-kit) can read. */
export function renderSchemaTs(defs: DocColumnDefinition[]): string {
	const tables = byTable(defs);
	const imports = new Set<string>(['pgSchema']);
	const blocks: string[] = [];
	for (const [name, columns] of tables) {
		const lines = columns.map((c) => {
			const spec = typeSpec(c.sqlType);
			imports.add(spec.import);
			const builder = `${spec.code(c.column)}${spec.array ? '.array()' : ''}`;
			const source = `Coda "${c.codaColumnName}" (${c.codaColumnId}, ${c.codaType}) in "${c.codaTableName}" (${c.codaTableId})`;
			return `\t/** ${source.replace(/\*\//g, '* /')} */\n\t${ident(c.column)}: ${builder},`;
		});
		blocks.push(`export const ${ident(name)} = erp.table(${q(name)}, {\n${lines.join('\n')}\n});`);
	}
	return [
		'// The columns your Coda doc adds to the erp tables of n8n-nodes-coda-erp: each table below holds',
		'// only those columns (the rest of the table is the package\'s drizzle/schema). Written by',
		'// `erp-db apply` together with migrations/ (drizzle-kit\'s output for these definitions) and',
		'// columns.json (the same, read by erp-db); do not edit: the next apply rewrites this file.',
		`import { ${[...imports].sort().join(', ')} } from 'drizzle-orm/pg-core';`,
		'',
		"export const erp = pgSchema('erp');",
		...blocks.flatMap((b) => ['', b]),
		'',
	].join('\n');
}

/** The slice of drizzle-kit/api erp-db uses. */
export interface DrizzleKitApi {
	generateDrizzleJson(imports: Record<string, unknown>, prevId?: string, schemaFilters?: string[]): Record<string, unknown> & { id: string };
	generateMigration(prev: Record<string, unknown>, cur: Record<string, unknown>): Promise<string[]>;
}

/**
 * drizzle-kit's generator, loaded on first use. Its `api.js` is one plain CommonJS file that needs
 * only drizzle-orm (no esbuild, no native code: those serve drizzle-kit's CLI); the package build
 * copies it to dist/vendor/drizzle-kit/api.js, so an install without devDependencies (n8n) has it.
 * A development checkout uses the drizzle-kit devDependency.
 */
export const drizzleKitCandidates = [join(__dirname, '..', '..', 'vendor', 'drizzle-kit', 'api.js'), 'drizzle-kit/api'];

let drizzleKit: DrizzleKitApi | undefined;

export function loadDrizzleKit(): DrizzleKitApi {
	if (drizzleKit) return drizzleKit;
	const tried: string[] = [];
	for (const candidate of drizzleKitCandidates) {
		try {
			// eslint-disable-next-line @typescript-eslint/no-require-imports
			drizzleKit = require(candidate) as DrizzleKitApi;
			return drizzleKit;
		} catch (err) {
			if ((err as { code?: string }).code !== 'MODULE_NOT_FOUND') throw err;
			tried.push(candidate);
		}
	}
	throw new CliError(`drizzle-kit's migration generator is not installed (looked for ${tried.join(', ')}); reinstall n8n-nodes-coda-erp`, ExitCode.failure);
}

export interface GeneratedMigration {
	up: string[];
	down: string[];
	/** drizzle-kit's snapshot of all doc columns after this migration. */
	snapshot: Record<string, unknown> & { id: string };
}

const ADD = /^ALTER TABLE "erp"\."([^"]+)" ADD COLUMN "([^"]+)" [^;]+;$/;
const DROP = /^ALTER TABLE "erp"\."([^"]+)" DROP COLUMN "([^"]+)";$/;

/**
 * drizzle-kit's migration from the doc columns so far to those plus `added` (and back, for the down
 * script). Anything but one ADD COLUMN per added column (and the matching DROPs) is refused: apply
 * is additive.
 */
export async function generateColumnMigration(before: DocColumnDefinition[], added: DocColumnDefinition[], prevSnapshotId?: string): Promise<GeneratedMigration> {
	const kit = loadDrizzleKit();
	const touched = new Set(added.map((d) => d.erpTable));
	const prev = kit.generateDrizzleJson(drizzleModule(before, touched), prevSnapshotId, ['erp']);
	const snapshot = kit.generateDrizzleJson(drizzleModule([...before, ...added]), prevSnapshotId, ['erp']);
	const up = await kit.generateMigration(prev, snapshot);
	const down = await kit.generateMigration(snapshot, prev);
	const expected = new Set(added.map((d) => `${d.erpTable}.${d.column}`));
	const check = (statements: string[], pattern: RegExp, what: string) => {
		const seen = new Set<string>();
		for (const statement of statements) {
			const m = pattern.exec(statement.trim());
			if (!m || !expected.has(`${m[1]}.${m[2]}`)) {
				throw new MigrationError(`drizzle-kit generated an unexpected ${what} statement (${statement.trim().slice(0, 80)}); apply only adds columns`);
			}
			seen.add(`${m[1]}.${m[2]}`);
		}
		if (seen.size !== expected.size) throw new MigrationError(`drizzle-kit generated ${statements.length} ${what} statements for ${expected.size} new columns`);
	};
	check(up, ADD, 'up');
	check(down, DROP, 'down');
	return { up: up.map((s) => s.trim()), down: down.map((s) => s.trim()), snapshot };
}
