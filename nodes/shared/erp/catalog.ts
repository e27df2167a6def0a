// The erp tables as ERP Upsert sees them. The package's own tables come as data generated from
// the Drizzle schema (catalogData.generated.ts, by drizzle/schemaCatalog.ts), so the nodes never
// load drizzle-orm. Only names from here ever reach SQL text (always quoted); every value
// travels as a parameter.
import type { DurationUnit } from '../../../drizzle/schema/columns';
import { erpCatalogData } from './catalogData.generated';
import { ErpInputError } from './errors';

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
	/** Allowed values of a column the package itself writes (its `inVocabulary` CHECK). */
	vocabulary?: readonly string[];
	/**
	 * A Coda select column: its values are rows of an option table (FK to `<table>.value`),
	 * grown from the doc; `meanings` are the shipped values the views give a meaning to.
	 */
	options?: { table: string; meanings: readonly string[] };
	/** Inclusive numeric bounds (the column's `inRange` CHECK). */
	range?: { min: number; max: number };
	/** A number column holding a duration in this unit (declared with `duration()` in the schema). */
	unit?: DurationUnit;
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

export interface Catalog {
	tables: Map<string, TableInfo>;
	/** The table, or an error listing what exists: the name may come from a user expression. */
	table(name: string): TableInfo;
	/** Tables that can be upserted (Coda-mirrored, keyed by coda_row_id). */
	upsertable(): TableInfo[];
	/** Every ref/person group (in any table) whose FK points at `target`. */
	referencing(target: string): { table: TableInfo; group: Extract<ColumnGroup, { kind: 'ref' | 'person' }> }[];
}

export function parseSqlType(sqlType: string): Pick<ColumnInfo, 'baseType' | 'isArray' | 'precision' | 'scale' | 'length'> {
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

/** Option tables are named `…_options`; a column with an FK to one is a Coda select column. */
export const isOptionTable = (name: string) => name.endsWith('_options');

/** The catalogue as plain data (what drizzle/schemaCatalog.ts generates from the schema). */
export interface CatalogData {
	tables: Array<{ name: string; key?: string; columns: ColumnInfo[]; groups: ColumnGroup[] }>;
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

export function catalogFromData(data: CatalogData): Catalog {
	const tables = new Map<string, TableInfo>();
	for (const t of data.tables) {
		const groupOf = new Map<string, ColumnGroup>();
		for (const g of t.groups) for (const c of groupColumns(g)) groupOf.set(c, g);
		tables.set(t.name, {
			name: t.name,
			columns: new Map(t.columns.map((c) => [c.name, c])),
			groups: new Map(t.groups.map((g) => [g.name, g])),
			groupOf,
			key: t.key,
		});
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
				throw new ErpInputError(`Unknown erp table ${shown}: choose one of ${[...tables.keys()].filter((n) => tables.get(n)!.key).sort().join(', ')}`);
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
	erpCatalog ??= catalogFromData(erpCatalogData);
	return erpCatalog;
}

/** A quoted SQL identifier. Callers pass catalogue names only; quoting is a second line of defence. */
export function ident(name: string): string {
	return `"${name.replace(/"/g, '""')}"`;
}

export function qualified(table: TableInfo | string): string {
	return `${ident(ERP_SCHEMA)}.${ident(typeof table === 'string' ? table : table.name)}`;
}
