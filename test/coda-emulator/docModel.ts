// The emulator's doc model: what a table and its columns are (the spec a doc is built from),
// and how a cell is held internally, independent of the valueFormat it is later rendered in.

export type ColumnType =
	| 'text' | 'person' | 'lookup' | 'number' | 'percent' | 'currency' | 'date' | 'dateTime' | 'time'
	| 'duration' | 'email' | 'link' | 'slider' | 'scale' | 'image' | 'attachments' | 'button'
	| 'checkbox' | 'select' | 'reaction' | 'canvas' | 'packObject' | 'other';

/** One option of a select column's format (Coda's PublicApiSelectOption); colours are `#RRGGBB`. */
export interface SelectOption {
	name: string;
	backgroundColor?: string;
	foregroundColor?: string;
}

/**
 * Column `format` as Coda's API reports it. `table` (lookup and person columns) is filled in by the
 * store from `lookupTarget`; a select's `options` may be given as plain strings in a spec, the store
 * turns them into `SelectOption`s with Coda's colours.
 */
export interface ColumnFormat {
	type: ColumnType;
	isArray: boolean;
	options?: Array<string | SelectOption>;
	[key: string]: unknown;
}

/** Internal cell values (the canonical form; rendering per valueFormat happens in render.ts). */
export interface PersonCell { kind: 'person'; name: string; email: string }
export interface RowRefCell { kind: 'row'; rowId: string }
export interface UrlCell { kind: 'url'; url: string; name?: string; width?: number; height?: number }
/**
 * text/canvas: markdown string; number/percent/slider/scale/currency: number; date: 'YYYY-MM-DD';
 * dateTime: epoch ms; time: 'HH:mm:ss'; duration: seconds; checkbox: boolean; select/email: string.
 */
export type ScalarCell = string | number | boolean;
export type SingleCell = ScalarCell | PersonCell | RowRefCell | UrlCell;
export type Cell = SingleCell | SingleCell[];

/** Lazily generates a column's value for generated row `index` (null = empty cell). */
export type CellGenerator = (index: number) => Cell | null;

export interface ColumnSpec {
	/** A fixed column id (test/coda/fakeCoda.ts names its own); by default derived from the seed and the name. */
	id?: string;
	name: string;
	format: ColumnFormat;
	/**
	 * Lookups: the key (`TableSpec.erpTable`) of the target table, resolved to a table reference by
	 * the store. Person columns may name one too; by default they refer to the doc's `peopleTable`.
	 */
	lookupTarget?: string;
	calculated?: boolean;
	formula?: string;
	/** Computes a calculated column from the row's other cells (by column name). */
	compute?: (cellsByName: (name: string) => Cell | null) => Cell | null;
	hidden?: boolean;
	display?: boolean;
	/** The erp column(s) this Coda column feeds, for documentation and tests. */
	erpColumns?: string[];
	generate?: CellGenerator;
}

export interface TableSpec {
	name: string;
	/** The table's key: its erp table name in the sample doc, any unique key in other docs (ids derive from it). */
	erpTable: string;
	columns: ColumnSpec[];
	rowCount: number;
}

export interface DocSpec {
	name: string;
	tables: TableSpec[];
	/** IANA zone dates and date-times are rendered in (default America/Los_Angeles). */
	timeZone?: string;
	/**
	 * Key of the table that lists the doc's people (default `people`): person columns refer to it
	 * (`format.table`) and people written by email are looked up in its email column.
	 */
	peopleTable?: string;
}
