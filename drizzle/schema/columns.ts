// Shared column helpers. ERP Upsert maps Coda values by the column names these produce
// (see DEVELOPERS.md "Schema conventions"), so tables never hand-write these pairs.
import { createHash } from 'node:crypto';
import { getTableName, sql, type SQL } from 'drizzle-orm';
import {
	bigint,
	char,
	check,
	foreignKey,
	index,
	integer,
	jsonb,
	numeric,
	pgSchema,
	text,
	timestamp,
	type AnyPgColumn,
	type PgColumn,
	type PgColumnBuilderBase,
	type PgTable,
} from 'drizzle-orm/pg-core';

export const erp = pgSchema('erp');

/** What happens to a child row when its parent row is hard-deleted (soft deletes never cascade). */
export type OnDelete = 'cascade' | 'set null' | 'restrict';

/** A non-empty list of allowed values for a status/type column. */
export type Vocabulary = readonly [string, ...string[]];

/** A Coda date-time (or any instant): timestamptz, read as a JS Date. */
export const timestamptz = (name: string) => timestamp(name, { withTimezone: true, mode: 'date' });

const idColumn = (name: string) => bigint(name, { mode: 'number' });

/** `id bigint generated always as identity primary key` (JS number: ids stay far below 2^53). */
export const primaryId = () => idColumn('id').primaryKey().generatedAlwaysAsIdentity();

/**
 * Columns every Coda-mirrored table has. `coda_row_id` is the upsert key; only
 * `execution_runs` (which also holds runs that never came from Coda) makes it optional.
 */
export function syncColumns(options: { codaRowIdOptional?: boolean } = {}) {
	const codaRowId = text('coda_row_id').unique();
	return {
		id: primaryId(),
		coda_row_id: options.codaRowIdOptional ? codaRowId : codaRowId.notNull(),
		coda_created_at: timestamptz('coda_created_at'),
		coda_updated_at: timestamptz('coda_updated_at'),
		synced_at: timestamptz('synced_at').notNull().defaultNow(),
		deleted_at: timestamptz('deleted_at'),
		content_hash: text('content_hash'),
		coda_row: jsonb('coda_row').notNull().default({}),
	};
}

const fkColumn = (name: string, target: () => AnyPgColumn, onDelete: OnDelete) =>
	idColumn(name).references(target, { onDelete });

type RefColumns<N extends string> = { [K in `${N}_id`]: ReturnType<typeof fkColumn> } & {
	[K in `${N}_coda_id`]: ReturnType<typeof text>;
};

/**
 * A lookup to another Coda table: `<name>_id` (FK, filled once the parent row exists)
 * and `<name>_coda_id` (the Coda row id from the lookup, always kept).
 */
export function ref<N extends string>(name: N, target: () => AnyPgColumn, onDelete: OnDelete): RefColumns<N> {
	return {
		[`${name}_id`]: fkColumn(`${name}_id`, target, onDelete),
		[`${name}_coda_id`]: text(`${name}_coda_id`),
	} as RefColumns<N>;
}

type RefManyColumns<N extends string> = { [K in `${N}_coda_ids`]: ReturnType<typeof codaIdArray> };

const codaIdArray = (name: string) => text(name).array();

/** A multi-valued lookup: the Coda row ids, no FK (a many-to-many Coda relation). */
export function refMany<N extends string>(name: N): RefManyColumns<N> {
	return { [`${name}_coda_ids`]: codaIdArray(`${name}_coda_ids`) } as RefManyColumns<N>;
}

type PersonColumns<N extends string> = { [K in `${N}_email`]: ReturnType<typeof text> } & {
	[K in `${N}_id`]: ReturnType<typeof fkColumn>;
};

// people.ts itself uses these helpers, so erp.people is looked up only when drizzle resolves
// the FK (after every module has loaded) instead of through a circular top-level import.
const peopleId = (): AnyPgColumn => (require('./people') as typeof import('./people')).people.id;

/**
 * A Coda person column: the email as Coda gives it, and `<name>_id` → erp.people,
 * resolved by lower(email). `set null`: losing a person never loses the work they owned.
 */
export function person<N extends string>(name: N): PersonColumns<N> {
	return {
		[`${name}_email`]: text(`${name}_email`),
		[`${name}_id`]: fkColumn(`${name}_id`, peopleId, 'set null'),
	} as PersonColumns<N>;
}

const amountColumn = (name: string) => numeric(name, { precision: 14, scale: 2 });
const currencyColumn = (name: string) => char(name, { length: 3 });

type MoneyColumns<N extends string> = { [K in `${N}_amount`]: ReturnType<typeof amountColumn> } & {
	[K in `${N}_currency`]: ReturnType<typeof currencyColumn>;
};

/** A Coda currency value: `<name>_amount numeric(14,2)` + `<name>_currency char(3)` (ISO 4217). */
export function money<N extends string>(name: N): MoneyColumns<N> {
	return {
		[`${name}_amount`]: amountColumn(`${name}_amount`),
		[`${name}_currency`]: currencyColumn(`${name}_currency`),
	} as MoneyColumns<N>;
}

/**
 * A status/type column typed by its vocabulary (for a Coda select column: the shipped meanings);
 * pair it with `inOptions()` (Coda select) or `inVocabulary()` (our own values) in the table's extras.
 */
export function vocab<const V extends Vocabulary>(name: string, values: V) {
	return text(name, { enum: values as unknown as [V[number], ...V[number][]] });
}

/** Constant strings as an SQL literal list, for DDL (CHECKs, view bodies) where parameters cannot go. */
export function sqlLiteralList(values: readonly string[]) {
	return sql.raw(values.map((value) => `'${value.replace(/'/g, "''")}'`).join(', '));
}

/**
 * What a CHECK made by these helpers allows, as data. The catalogue (ERP Upsert's converters)
 * reads it from here, so nothing ever parses it back out of the CHECK's SQL.
 */
export type CheckFact = { column: string; vocabulary: readonly string[] } | { column: string; range: { min: number; max: number } };

// Keyed by the CHECK's SQL: drizzle's table config holds that very object (Check.value).
const checkFacts = new WeakMap<SQL, CheckFact>();

/** The fact behind a CHECK's SQL, when one of these helpers wrote it. */
export function checkFact(value: SQL): CheckFact | undefined {
	return checkFacts.get(value);
}

function factCheck(name: string, value: SQL, fact: CheckFact) {
	checkFacts.set(value, fact);
	return check(name, value);
}

function vocabularyCheck(name: string, column: PgColumn, values: readonly string[]) {
	return factCheck(name, sql`${column} IN (${sqlLiteralList(values)})`, { column: column.name, vocabulary: [...values] });
}

/** CHECK (<col> IN (...)) named `<table>_<col>_check`; NULL (an empty Coda cell) passes. */
export function inVocabulary(column: PgColumn, values: readonly string[]) {
	if (!values.length) throw new Error(`inVocabulary: ${getTableName(column.table)}.${column.name} needs at least one value`);
	return vocabularyCheck(`${getTableName(column.table)}_${column.name}_check`, column, values);
}

/** CHECK that a number lies in [min, max], e.g. a 1–5 scale or a percentage. */
export function inRange(column: PgColumn, min: number, max: number) {
	return factCheck(
		`${getTableName(column.table)}_${column.name}_range`,
		sql`${column} BETWEEN ${sql.raw(String(min))} AND ${sql.raw(String(max))}`,
		{ column: column.name, range: { min, max } },
	);
}

/** Units a number column may count a Coda duration in (luxon's names). */
export type DurationUnit = 'milliseconds' | 'minutes' | 'hours' | 'days' | 'weeks' | 'months';

// drizzle builds a table's column (and the column its extras see) from its builder's config
// object, so that object identifies the column from declaration to catalogue.
const configOf = (column: PgColumnBuilderBase | PgColumn) => (column as unknown as { config: object }).config;
const unitOf = new WeakMap<object, DurationUnit>();

/**
 * A number column holding a duration in `unit`: ERP Upsert converts Coda's durations
 * (ISO 8601, `PT1H30M`) to that unit. Changes no SQL; the catalogue reads the unit.
 */
export function duration<B extends PgColumnBuilderBase>(column: B, unit: DurationUnit): B {
	unitOf.set(configOf(column), unit);
	return column;
}

/** The unit `duration()` declared for the column, if any. */
export function durationUnit(column: PgColumn): DurationUnit | undefined {
	return unitOf.get(configOf(column));
}

/** One btree index per column, named `<table>_<col>_idx` (FKs and the usual filters). */
export function indexesOn(...columns: PgColumn[]) {
	return columns.map((column) => index(`${getTableName(column.table)}_${column.name}_idx`).on(column));
}

/** PostgreSQL truncates identifiers to 63 bytes: longer names get a stable hash suffix instead. */
export function pgIdentifier(name: string): string {
	if (Buffer.byteLength(name) <= 63) return name;
	const hash = createHash('sha256').update(name).digest('hex').slice(0, 8);
	let head = name;
	while (Buffer.byteLength(head) > 54) head = head.slice(0, -1);
	return `${head}_${hash}`;
}

export interface SelectOptionsInfo {
	/** The mirrored table and select column the option table serves. */
	erpTable: string;
	column: string;
	/** The shipped meanings (the vocabulary the migrations seed). */
	shipped: Vocabulary;
}

const selectOptionsInfo = new WeakMap<PgTable, SelectOptionsInfo>();

/**
 * The option table of a Coda select column: `erp.<table>_<column>_options`, one row per Coda
 * option (`value` = the option name as Coda has it). The sync adds options as the doc grows
 * them (a row insert, no DDL); `meaning` (one of `shipped`, or NULL) is what views read, so
 * "Erledigt ✅" can mean 'done'. Migrations seed the shipped values with meaning = value.
 * Export the result (drizzle-kit only sees exported tables) and tie the column to it with `inOptions()`.
 */
export function selectOptions(erpTable: string, column: string, shipped: Vocabulary) {
	const name = pgIdentifier(`${erpTable}_${column}_options`);
	const table = erp.table(
		name,
		{
			value: text('value').primaryKey(),
			meaning: text('meaning'),
			/** Order in Coda's option list. */
			position: integer('position'),
			coda_column_id: text('coda_column_id'),
			added_at: timestamptz('added_at').notNull().defaultNow(),
		},
		(t) => [vocabularyCheck(pgIdentifier(`${name}_meaning_check`), t.meaning, shipped)],
	);
	selectOptionsInfo.set(table, { erpTable, column, shipped });
	return table;
}

type SelectOptionsTable = ReturnType<typeof selectOptions>;

/** What `selectOptions()` made this option table for; undefined for any other table. */
export function optionTableInfo(table: PgTable): SelectOptionsInfo | undefined {
	return selectOptionsInfo.get(table);
}

/**
 * The select column's FK to its option table (`<table>_<column>_options_fk`, ON UPDATE CASCADE so a
 * renamed option renames its rows, ON DELETE RESTRICT so a used option stays) and its index
 * (`<table>_<column>_idx`, as `indexesOn` names it: do not list the column there too).
 */
export function inOptions(column: PgColumn, options: SelectOptionsTable) {
	const table = getTableName(column.table);
	const info = selectOptionsInfo.get(options);
	if (!info || info.erpTable !== table || info.column !== column.name) {
		throw new Error(`inOptions: ${table}.${column.name} is not the column of option table ${getTableName(options)}`);
	}
	return [
		foreignKey({ name: pgIdentifier(`${table}_${column.name}_options_fk`), columns: [column], foreignColumns: [options.value] })
			.onUpdate('cascade')
			.onDelete('restrict'),
		...indexesOn(column),
	];
}
