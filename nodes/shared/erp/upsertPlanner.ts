// The rows of one ERP Upsert run (folded by sync/items.ts parseItems) → what it writes:
// mapped to erp columns with compiled coercers and hashed, in key order, in chunks.
import { hash } from 'node:crypto';
import type { ColumnInfo, TableInfo } from './catalog';
import type { Binding } from './bindings';
import { JsonValueError, toJsonb } from './jsonb';
import type { ParsedRow, Rejection } from '../sync/items';
import { CoercionError, converterFor, lookupRowId, lookupRowIds, moneyConverterFor, personEmail, personEmails, type SqlText } from './codaValueToSql';

/** A column of the INSERT: written from a per-row parameter array, or resolved in SQL. */
export interface WriteColumn {
	name: string;
	/** The Coda column it is written from. */
	codaColumnId: string;
	codaColumnName: string;
	/** PostgreSQL type of the column (the parameter is `<type>[]`, arrays travel as text). */
	sqlType: string;
}

export interface MappedBatch {
	ids: string[];
	createdAt: SqlText[];
	updatedAt: string[];
	hashes: string[];
	codaRows: string[];
	/** One array per `RowMapper.columns` entry. */
	values: SqlText[][];
	/** Input item index per row. */
	indexes: number[];
}

/**
 * A Coda value its typed column cannot hold: the column gets NULL, the row is stored, the value
 * stays in coda_row, and the problem is recorded in erp.cell_issues until Coda's value is valid.
 */
export interface CellIssue {
	codaRowId: string;
	codaColumnId: string;
	codaColumnName: string;
	erpColumn: string;
	value: unknown;
	reason: string;
}

/** Where mapping records what it cannot store: cells (the row is stored without them) and whole rows. */
export interface MapFindings {
	issues: CellIssue[];
	rejected: Rejection[];
}

export interface RowMapper {
	columns: WriteColumn[];
	/** Maps rows onto the end of `batch` (a new one if none); what cannot be stored goes to `findings`. */
	map(rows: ParsedRow[], findings: MapFindings, batch?: MappedBatch): MappedBatch;
}

/** Why a row's cells cannot be written as JSON (coda_row): the first column that cannot, with its depth or size. */
function unwritableRow(row: ParsedRow, cells: Record<string, unknown>, err: JsonValueError): string {
	for (const [columnId, value] of Object.entries(cells)) {
		try {
			toJsonb(value);
		} catch (cause) {
			if (!(cause instanceof JsonValueError)) throw cause;
			const name = row.columnNames[columnId];
			return `the value of Coda column ${typeof name === 'string' ? `${JSON.stringify(name.slice(0, 80))} (${columnId})` : columnId} ${cause.message}`;
		}
	}
	return `the row as a whole ${err.message}`;
}

type CellWriter = (value: unknown, out: SqlText[], at: number) => void;

/** Coda sends a percent as a fraction (0.15 for 15 %); `*_percent` columns and 0–100 ranges hold 15. */
function percentScale(col: ColumnInfo, codaType: string): ((v: unknown) => unknown) | undefined {
	if (codaType !== 'percent') return undefined;
	if (!col.name.endsWith('_percent') && !(col.range && col.range.max >= 100)) return undefined;
	// 15 significant digits drop the float noise of the multiplication (0.07 × 100).
	return (v) => (typeof v === 'number' ? Number((v * 100).toPrecision(15)) : v);
}

/** erp.people's emails by Coda row id, for person columns fed by a lookup into People. */
export type PeopleEmails = ReadonlyMap<string, string>;

function cellWriter(table: TableInfo, b: Binding, people: PeopleEmails): { columns: string[]; write: CellWriter } {
	const t = b.target;
	if (t.kind === 'column') {
		const col = table.columns.get(t.column)!;
		// A lookup or person in a plain column (one `erp-db apply` added) keeps what identifies it:
		// the Coda row id, the email.
		const identify = b.codaType === 'lookup' ? (col.isArray ? lookupRowIds : lookupRowId) : b.codaType === 'person' ? (col.isArray ? personEmails : personEmail) : undefined;
		if (identify) return { columns: [t.column], write: (v, out, at) => void (out[at] = identify(v)) };
		const coerce = converterFor(col);
		const scale = percentScale(col, b.codaType);
		return {
			columns: [t.column],
			write: scale ? (v, out, at) => void (out[at] = coerce(Array.isArray(v) ? v.map(scale) : scale(v))) : (v, out, at) => void (out[at] = coerce(v)),
		};
	}
	const g = t.group;
	switch (g.kind) {
		case 'ref':
			return { columns: [g.codaIdColumn], write: (v, out, at) => void (out[at] = lookupRowId(v)) };
		case 'person': {
			if (b.codaType !== 'lookup') return { columns: [g.emailColumn], write: (v, out, at) => void (out[at] = personEmail(v)) };
			// A lookup into People: the person's email as erp.people holds it (NULL until that row
			// is stored; healPeopleLookups fills it then).
			const email = (v: unknown) => {
				const rowId = lookupRowId(v);
				return rowId === null ? null : (people.get(rowId) ?? null);
			};
			return { columns: [g.emailColumn], write: (v, out, at) => void (out[at] = email(v)) };
		}
		case 'refMany':
			return { columns: [g.column], write: (v, out, at) => void (out[at] = lookupRowIds(v)) };
		case 'money': {
			const coerce = moneyConverterFor(table.columns.get(g.amountColumn)!);
			return {
				columns: [g.amountColumn, g.currencyColumn],
				write: (v, out, at) => {
					const [amount, currency] = coerce(v);
					out[at] = amount;
					out[at + 1] = currency;
				},
			};
		}
	}
}

/**
 * Compiles the bindings into one writer per Coda column. coda_row is the row's cells as Coda
 * sent them when Coda Table Fetch passed them on (rawValues), else its normalised values, keyed
 * by column id in Coda's column order (names live in sync_state.columns). The content hash
 * covers the bindings, the Coda timestamps and that JSON: equal hash ⇔ nothing to write.
 * (Reordering columns in Coda rewrites rows once.)
 */
export function compileRowMapper(table: TableInfo, bindings: Binding[], people: PeopleEmails = new Map()): RowMapper {
	const writers = bindings.map((b) => ({ b, ...cellWriter(table, b, people) }));
	const columns: WriteColumn[] = [];
	const offsets: number[] = [];
	for (const w of writers) {
		offsets.push(columns.length);
		for (const c of w.columns) columns.push({ name: c, sqlType: table.columns.get(c)!.sqlType, codaColumnId: w.b.codaColumnId, codaColumnName: w.b.codaColumnName });
	}
	const signature = writers.map((w) => `${w.b.codaColumnId}>${w.columns.join('+')}`).join(',');
	const width = columns.length;
	return {
		columns,
		map(rows, { issues, rejected }, batch = { ids: [], createdAt: [], updatedAt: [], hashes: [], codaRows: [], values: columns.map(() => []), indexes: [] }) {
			const cells: SqlText[] = new Array(width);
			for (const row of rows) {
				const issuesBefore = issues.length;
				for (let w = 0; w < writers.length; w++) {
					const writer = writers[w];
					const value = row.values[writer.b.codaColumnId] ?? null;
					try {
						writer.write(value, cells, offsets[w]);
					} catch (err) {
						if (!(err instanceof CoercionError)) throw err;
						// Coda wins cell by cell: the row goes in, this cell is NULL and recorded.
						for (let c = 0; c < writer.columns.length; c++) cells[offsets[w] + c] = null;
						const b = writer.b;
						issues.push({ codaRowId: row.id, codaColumnId: b.codaColumnId, codaColumnName: b.codaColumnName, erpColumn: writer.columns[0], value, reason: err.message });
					}
				}
				const cellsAsSent = row.codaValues ?? row.values;
				let json: string;
				try {
					json = toJsonb(cellsAsSent);
				} catch (err) {
					if (!(err instanceof JsonValueError)) throw err;
					// coda_row must hold the row whole: the row is not written, its cells' issues go with it.
					issues.length = issuesBefore;
					rejected.push({ index: row.index, codaRowId: row.id, docId: row.docId, tableId: row.tableId, reason: `Not stored: ${unwritableRow(row, cellsAsSent, err)}`, raw: row.raw });
					continue;
				}
				batch.ids.push(row.id);
				batch.createdAt.push(row.createdAt);
				batch.updatedAt.push(row.updatedAt);
				batch.codaRows.push(json);
				// SHA-256 rather than MD5: with the SHA extensions of current x86 and ARM CPUs it
				// hashed these rows in half the time.
				batch.hashes.push(hash('sha256', `${signature}\n${row.createdAt}\n${row.updatedAt}\n${json}`, 'base64'));
				batch.indexes.push(row.index);
				for (let c = 0; c < width; c++) batch.values[c].push(cells[c]);
			}
			return batch;
		},
	};
}

/** Row ranges [start, end) of at most `size` rows. */
export function chunkRanges(length: number, size: number): [number, number][] {
	const ranges: [number, number][] = [];
	for (let start = 0; start < length; start += size) ranges.push([start, Math.min(length, start + size)]);
	return ranges;
}

/** The same per-row lists, each passed through `pick` (slice or selection). */
function eachList(batch: MappedBatch, pick: <T>(list: T[]) => T[]): MappedBatch {
	return {
		ids: pick(batch.ids),
		createdAt: pick(batch.createdAt),
		updatedAt: pick(batch.updatedAt),
		hashes: pick(batch.hashes),
		codaRows: pick(batch.codaRows),
		values: batch.values.map(pick),
		indexes: pick(batch.indexes),
	};
}

export function sliceBatch(batch: MappedBatch, start: number, end: number): MappedBatch {
	return eachList(batch, (list) => list.slice(start, end));
}

export function selectRows(batch: MappedBatch, keep: (i: number) => boolean): MappedBatch {
	const picked = batch.ids.map((_, i) => i).filter(keep);
	return eachList(batch, (list) => picked.map((i) => list[i]));
}
