// The erp tables as ERP Upsert sees them, read from the Drizzle schema. Only names from
// here ever reach SQL text (always quoted); every value travels as a parameter.
import { getTableColumns, is, SQL } from 'drizzle-orm';
import { getTableConfig, PgDialect, PgTable, type PgColumn } from 'drizzle-orm/pg-core';

export const ERP_SCHEMA = 'erp';

/** Columns ERP Upsert fills itself; a Coda column never binds to them. */
export const SYNC_COLUMNS = [
	'id',
	'coda_row_id',
	'coda_created_at',
	'coda_updated_at',
	'synced_at',
	'deleted_at',
	'content_hash',
	'coda_row',
] as const;

export interface ColumnInfo {
	name: string;
	/** SQL type as PostgreSQL spells it, e.g. `numeric(14, 2)`, `text[]`. */
	sqlType: string;
	/** Base type without modifiers or array brackets: `numeric`, `text`, `timestamp with time zone`. */
	baseType: string;
	isArray: boolean;
	notNull: boolean;
	hasDefault: boolean;
	generated: boolean;
	/** Allowed values of a column the package itself writes (CHECK … IN (…)). */
	vocabulary?: readonly string[];
	/**
	 * A Coda select column: its values are rows of an option table (FK to `<table>.value`),
	 * grown from the doc; `meanings` are the shipped values the views give a meaning to.
	 */
	options?: { table: string; meanings: readonly string[] };
	/** Inclusive numeric bounds from a CHECK … BETWEEN. */
	range?: { min: number; max: number };
	/** numeric(p, s) */
	precision?: number;
	scale?: number;
	/** char(n) / varchar(n) */
	length?: number;
}

export type ColumnGroup =
	| { kind: 'ref'; name: string; idColumn: string; codaIdColumn: string; target: string }
	| { kind: 'person'; name: string; idColumn: string; emailColumn: string; target: string }
	| { kind: 'money'; name: string; amountColumn: string; currencyColumn: string }
	| { kind: 'refMany'; name: string; column: string };

export interface TableInfo {
	name: string;
	columns: Map<string, ColumnInfo>;
	/** Reference, person, money and multi-reference column groups, by group name. */
	groups: Map<string, ColumnGroup>;
	/** Column name → the group it belongs to. */
	groupOf: Map<string, ColumnGroup>;
	/** Upsert key: `coda_row_id` for every Coda-mirrored table. */
	key: string | undefined;
}

export class UnknownTableError extends Error {}

export interface Catalog {
	tables: Map<string, TableInfo>;
	/** The table, or an error listing what exists: the name may come from a user expression. */
	table(name: string): TableInfo;
	/** Tables that can be upserted (Coda-mirrored, keyed by coda_row_id). */
	upsertable(): TableInfo[];
	/** Every ref/person group (in any table) whose FK points at `target`. */
	referencing(target: string): { table: TableInfo; group: Extract<ColumnGroup, { kind: 'ref' | 'person' }> }[];
}

const dialect = new PgDialect();

function parseSqlType(sqlType: string): Pick<ColumnInfo, 'baseType' | 'isArray' | 'precision' | 'scale' | 'length'> {
	const isArray = sqlType.endsWith('[]');
	const scalar = isArray ? sqlType.slice(0, -2) : sqlType;
	const mods = /^([a-z ]+?)\s*\((\d+)(?:\s*,\s*(\d+))?\)(.*)$/.exec(scalar);
	if (!mods) return { baseType: scalar, isArray };
	const base = (mods[1] + mods[4]).trim();
	if (base === 'numeric' || base === 'decimal') {
		return { baseType: 'numeric', isArray, precision: Number(mods[2]), scale: Number(mods[3] ?? 0) };
	}
	if (base === 'char' || base === 'character' || base === 'varchar' || base === 'character varying') {
		return { baseType: base.startsWith('var') || base.includes('varying') ? 'varchar' : 'char', isArray, length: Number(mods[2]) };
	}
	return { baseType: base, isArray };
}

/** CHECK constraints drizzle holds as SQL: `"col" IN ('a', 'b')` and `"col" BETWEEN x AND y`. */
function checkFacts(table: PgTable) {
	const vocab = new Map<string, string[]>();
	const ranges = new Map<string, { min: number; max: number }>();
	for (const c of getTableConfig(table).checks) {
		if (!is(c.value, SQL)) continue;
		const text = dialect.sqlToQuery(c.value).sql;
		for (const m of text.matchAll(/"([^"]+)"\s+in\s*\(((?:\s*'(?:[^']|'')*'\s*,?)+)\)/gi)) {
			vocab.set(m[1], [...m[2].matchAll(/'((?:[^']|'')*)'/g)].map((v) => v[1].replace(/''/g, "'")));
		}
		for (const m of text.matchAll(/"([^"]+)"\s+between\s+(-?[\d.]+)\s+and\s+(-?[\d.]+)/gi)) {
			ranges.set(m[1], { min: Number(m[2]), max: Number(m[3]) });
		}
	}
	return { vocab, ranges };
}

/** Option tables are named `…_options`; a column with an FK to one is a Coda select column. */
export const isOptionTable = (name: string) => name.endsWith('_options');

function optionTables(table: PgTable): Map<string, string> {
	const out = new Map<string, string>();
	for (const fk of getTableConfig(table).foreignKeys) {
		const ref = fk.reference();
		const target = getTableConfig(ref.foreignTable).name;
		if (ref.columns.length === 1 && isOptionTable(target)) out.set(ref.columns[0].name, target);
	}
	return out;
}

function columnInfo(col: PgColumn, facts: ReturnType<typeof checkFacts>, optionTable: string | undefined): ColumnInfo {
	const sqlType = col.getSQLType();
	const enumValues = col.enumValues && col.enumValues.length ? col.enumValues : undefined;
	return {
		name: col.name,
		sqlType,
		...parseSqlType(sqlType),
		notNull: col.notNull,
		hasDefault: col.hasDefault,
		generated: col.generatedIdentity !== undefined || col.generated !== undefined,
		vocabulary: facts.vocab.get(col.name),
		range: facts.ranges.get(col.name),
		...(optionTable ? { options: { table: optionTable, meanings: enumValues ?? [] } } : {}),
	};
}

/** Groups follow the DEVELOPERS.md naming conventions, confirmed by the FK metadata. */
function columnGroups(table: PgTable, columns: Map<string, ColumnInfo>): ColumnGroup[] {
	const fkTarget = new Map<string, string>();
	for (const fk of getTableConfig(table).foreignKeys) {
		const ref = fk.reference();
		if (ref.columns.length === 1) fkTarget.set(ref.columns[0].name, getTableConfig(ref.foreignTable).name);
	}
	const groups: ColumnGroup[] = [];
	for (const name of columns.keys()) {
		let m: RegExpExecArray | null;
		if ((m = /^(.+)_coda_id$/.exec(name)) && fkTarget.has(`${m[1]}_id`)) {
			groups.push({ kind: 'ref', name: m[1], idColumn: `${m[1]}_id`, codaIdColumn: name, target: fkTarget.get(`${m[1]}_id`)! });
		} else if ((m = /^(.+)_email$/.exec(name)) && fkTarget.get(`${m[1]}_id`) === 'people') {
			groups.push({ kind: 'person', name: m[1], idColumn: `${m[1]}_id`, emailColumn: name, target: 'people' });
		} else if ((m = /^(.+)_amount$/.exec(name)) && columns.has(`${m[1]}_currency`)) {
			groups.push({ kind: 'money', name: m[1], amountColumn: name, currencyColumn: `${m[1]}_currency` });
		} else if ((m = /^(.+)_coda_ids$/.exec(name)) && columns.get(name)!.isArray) {
			groups.push({ kind: 'refMany', name: m[1], column: name });
		}
	}
	return groups;
}

function groupColumns(g: ColumnGroup): string[] {
	switch (g.kind) {
		case 'ref':
			return [g.idColumn, g.codaIdColumn];
		case 'person':
			return [g.idColumn, g.emailColumn];
		case 'money':
			return [g.amountColumn, g.currencyColumn];
		case 'refMany':
			return [g.column];
	}
}

export function tableInfo(table: PgTable): TableInfo {
	const facts = checkFacts(table);
	const options = optionTables(table);
	const columns = new Map<string, ColumnInfo>();
	for (const col of Object.values(getTableColumns(table)) as PgColumn[]) columns.set(col.name, columnInfo(col, facts, options.get(col.name)));
	const groups = new Map<string, ColumnGroup>();
	const groupOf = new Map<string, ColumnGroup>();
	for (const g of columnGroups(table, columns)) {
		groups.set(g.name, g);
		for (const c of groupColumns(g)) groupOf.set(c, g);
	}
	// Coda-mirrored tables carry all syncColumns(); bookkeeping tables (quarantine) do not.
	const key = SYNC_COLUMNS.every((c) => columns.has(c)) ? 'coda_row_id' : undefined;
	return { name: getTableConfig(table).name, columns, groups, groupOf, key };
}

/** Builds the catalogue from the exports of a Drizzle schema module (tables of schema `erp` only). */
export function buildCatalog(schemaModule: Record<string, unknown>): Catalog {
	const tables = new Map<string, TableInfo>();
	for (const value of Object.values(schemaModule)) {
		if (!is(value, PgTable) || getTableConfig(value).schema !== ERP_SCHEMA) continue;
		const info = tableInfo(value);
		tables.set(info.name, info);
	}
	return catalogOf(tables);
}

function catalogOf(tables: Map<string, TableInfo>): Catalog {
	const referencing = new Map<string, ReturnType<Catalog['referencing']>>();
	for (const table of tables.values()) {
		for (const group of table.groups.values()) {
			if (group.kind !== 'ref' && group.kind !== 'person') continue;
			const list = referencing.get(group.target) ?? [];
			list.push({ table, group });
			referencing.set(group.target, list);
		}
	}
	return {
		tables,
		table(name: string) {
			const t = tables.get(name);
			if (!t) {
				const shown = JSON.stringify(String(name).slice(0, 80));
				throw new UnknownTableError(`Unknown erp table ${shown}: choose one of ${[...tables.keys()].filter((n) => tables.get(n)!.key).sort().join(', ')}`);
			}
			return t;
		},
		upsertable() {
			return [...tables.values()].filter((t) => t.key !== undefined);
		},
		referencing(target: string) {
			return referencing.get(target) ?? [];
		},
	};
}

interface Queryable {
	query<R extends object>(sql: string, params?: unknown[]): Promise<{ rows: R[] }>;
}

/**
 * The catalogue plus the columns the live database has beyond the Drizzle schema: those
 * `erp-db apply` added for the user's doc. Read per run (one catalogue query), so every
 * process, queue-mode workers included, writes the columns as soon as they exist.
 */
export async function withLiveColumns(catalog: Catalog, client: Queryable): Promise<Catalog> {
	const { rows } = await client.query<{ t: string; c: string; type: string; not_null: boolean; has_default: boolean }>(
		`SELECT k.relname AS t, a.attname AS c, format_type(a.atttypid, a.atttypmod) AS type, a.attnotnull AS not_null, a.atthasdef AS has_default
		 FROM pg_attribute a JOIN pg_class k ON k.oid = a.attrelid JOIN pg_namespace n ON n.oid = k.relnamespace
		 WHERE n.nspname = $1 AND k.relkind = 'r' AND a.attnum > 0 AND NOT a.attisdropped`,
		[ERP_SCHEMA],
	);
	const extra = new Map<string, ColumnInfo[]>();
	for (const r of rows) {
		const table = catalog.tables.get(r.t);
		if (!table?.key || table.columns.has(r.c)) continue;
		const list = extra.get(r.t) ?? [];
		list.push({ name: r.c, sqlType: r.type, ...parseSqlType(r.type), notNull: r.not_null, hasDefault: r.has_default, generated: false });
		extra.set(r.t, list);
	}
	if (!extra.size) return catalog;
	const tables = new Map(catalog.tables);
	for (const [name, added] of extra) {
		const table = tables.get(name)!;
		const columns = new Map(table.columns);
		for (const c of added) columns.set(c.name, c);
		tables.set(name, { ...table, columns });
	}
	return catalogOf(tables);
}

let erpCatalog: Catalog | undefined;

/** The catalogue of the package's own schema (drizzle/schema), built once per process. */
export function defaultCatalog(): Catalog {
	// Loaded lazily so that modules importing this file stay cheap to load.
	erpCatalog ??= buildCatalog(require('../../../drizzle/schema') as Record<string, unknown>);
	return erpCatalog;
}

/** A quoted SQL identifier. Callers pass catalogue names only; quoting is a second line of defence. */
export function ident(name: string): string {
	return `"${name.replace(/"/g, '""')}"`;
}

export function qualified(table: TableInfo | string): string {
	return `${ident(ERP_SCHEMA)}.${ident(typeof table === 'string' ? table : table.name)}`;
}
