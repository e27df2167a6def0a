// Coda Table Fetch items → what one ERP Upsert run writes: rows folded by Coda row id,
// mapped to erp columns with compiled coercers and hashed, in key order, in chunks.
import { hash } from 'node:crypto';
import type { ColumnInfo, TableInfo } from './catalog';
import type { Binding } from './bindings';
import { parseListedColumns, type ListedColumn } from './docModel';
import { toJsonb } from './jsonb';
import { CoercionError, compileCoercer, compileMoneyCoercer, lookupRowId, lookupRowIds, personEmail, personEmails, preview, type SqlText } from './coerce';

export class InputError extends Error {}

export interface RowItem {
	docId: string;
	tableId: string;
	id: string;
	createdAt: string | null;
	updatedAt: string;
	values: Record<string, unknown>;
	columnNames: Record<string, string>;
	/** Index of the input item (for pairedItem and per-row results). */
	index: number;
	/** The item as given (kept for quarantine). */
	raw: unknown;
	/** The cells as Coda sent them (Coda Table Fetch's rawValues), when the item has them. */
	codaValues: Record<string, unknown> | null;
}

export interface SummaryItem {
	docId: string;
	tableId: string;
	tableName?: string;
	mode: string;
	rowCount: number | null;
	complete: boolean;
	nextSyncToken: string | null;
	/** The table's columns as Coda listed them in this run (the doc model), or null. */
	columns: ListedColumn[] | null;
	index: number;
}

export interface Rejection {
	index: number;
	codaRowId: string | null;
	docId: string | null;
	tableId: string | null;
	reason: string;
	raw: unknown;
}

export interface ParsedInput {
	rows: RowItem[];
	deleted: { id: string; index: number }[];
	rowIds: { ids: string[]; complete: boolean; docId: string; tableId: string; index: number }[];
	summaries: SummaryItem[];
	rejected: Rejection[];
	/** Items folded away because a later version of the same row was in the input. */
	folded: { index: number; keptIndex: number; codaRowId: string }[];
	/** Coda column id → name, over every row item. */
	columns: Map<string, string>;
	/** The Coda table the rows came from (one per run). */
	source: { docId: string; tableId: string } | undefined;
}

const ROW_ID = /^i-[\w-]{1,200}$/;

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

function text(v: unknown): string | null {
	return typeof v === 'string' && v.trim() !== '' ? v : null;
}

function validTime(v: unknown): string | null {
	return typeof v === 'string' && !Number.isNaN(Date.parse(v)) ? v : null;
}

/**
 * Reads the items (hand-checked, not zod: this runs for every row of large batches). Rows
 * are folded by Coda row id: the latest updatedAt wins, and between a row and a deletion of
 * the same id the later item wins.
 */
export function parseItems(items: unknown[]): ParsedInput {
	const out: ParsedInput = { rows: [], deleted: [], rowIds: [], summaries: [], rejected: [], folded: [], columns: new Map(), source: undefined };
	const latest = new Map<string, { kind: 'row'; row: RowItem } | { kind: 'deleted'; index: number }>();
	const reject = (index: number, raw: unknown, reason: string) => {
		const o = isObject(raw) ? raw : {};
		// Only a well-formed Coda row id names a row (and may go to quarantine).
		const codaRowId = typeof o.id === 'string' && ROW_ID.test(o.id) ? o.id : null;
		out.rejected.push({ index, codaRowId, docId: text(o.docId), tableId: text(o.tableId), reason, raw });
	};
	items.forEach((raw, index) => {
		if (!isObject(raw)) return reject(index, raw, `item ${index} is not an object`);
		const kind = raw.kind;
		if (kind === 'summary') {
			out.summaries.push({
				docId: String(raw.docId ?? ''),
				tableId: String(raw.tableId ?? ''),
				tableName: text(raw.tableName) ?? undefined,
				mode: String(raw.mode ?? ''),
				rowCount: typeof raw.rowCount === 'number' ? raw.rowCount : null,
				complete: raw.complete === true,
				nextSyncToken: text(raw.nextSyncToken),
				columns: parseListedColumns(raw.columns),
				index,
			});
			return;
		}
		if (kind === 'rowIds') {
			const ids = Array.isArray(raw.rowIds) ? raw.rowIds : null;
			if (!ids || !ids.every((id) => typeof id === 'string' && ROW_ID.test(id))) {
				return reject(index, raw, `item ${index}: rowIds must be a list of Coda row ids (i-…)`);
			}
			out.rowIds.push({ ids: ids as string[], complete: raw.complete === true, docId: String(raw.docId ?? ''), tableId: String(raw.tableId ?? ''), index });
			return;
		}
		if (kind !== 'row' && kind !== 'deleted') {
			return reject(index, raw, `item ${index} is not a Coda Table Fetch row (kind is ${preview(kind)})`);
		}
		const id = raw.id;
		if (typeof id !== 'string' || !ROW_ID.test(id)) return reject(index, raw, `item ${index}: id ${preview(id)} is not a Coda row id (i-…)`);
		const docId = text(raw.docId);
		const tableId = text(raw.tableId);
		if (!docId || !tableId) return reject(index, raw, `item ${index} (${id}): docId and tableId are required`);
		if (out.source && (out.source.docId !== docId || out.source.tableId !== tableId)) {
			throw new InputError(
				`The input mixes Coda tables ${out.source.tableId} and ${tableId} (item ${index}); ERP Upsert writes one Coda table per run`,
			);
		}
		out.source ??= { docId, tableId };
		const previous = latest.get(id);
		if (kind === 'deleted') {
			if (previous) out.folded.push({ index: previous.kind === 'row' ? previous.row.index : previous.index, keptIndex: index, codaRowId: id });
			latest.set(id, { kind: 'deleted', index });
			return;
		}
		const updatedAt = validTime(raw.updatedAt);
		if (!updatedAt) return reject(index, raw, `item ${index} (${id}): updatedAt ${preview(raw.updatedAt)} is not a timestamp`);
		if (!isObject(raw.values)) return reject(index, raw, `item ${index} (${id}): values must be an object`);
		const columnNames = isObject(raw.columnNames) ? (raw.columnNames as Record<string, string>) : {};
		const codaValues = isObject(raw.rawValues) ? raw.rawValues : null;
		const row: RowItem = { docId, tableId, id, createdAt: validTime(raw.createdAt), updatedAt, values: raw.values, columnNames, index, raw, codaValues };
		for (const cid of Object.keys(raw.values)) {
			if (!out.columns.has(cid)) out.columns.set(cid, typeof columnNames[cid] === 'string' ? columnNames[cid] : cid);
		}
		if (previous?.kind === 'row' && Date.parse(previous.row.updatedAt) > Date.parse(updatedAt)) {
			out.folded.push({ index, keptIndex: previous.row.index, codaRowId: id });
			return;
		}
		if (previous) out.folded.push({ index: previous.kind === 'row' ? previous.row.index : previous.index, keptIndex: index, codaRowId: id });
		latest.set(id, { kind: 'row', row });
	});
	for (const [id, entry] of latest) {
		if (entry.kind === 'row') out.rows.push(entry.row);
		else out.deleted.push({ id, index: entry.index });
	}
	// Key order: concurrent writers then lock rows in the same order (fewer deadlocks).
	out.rows.sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
	return out;
}

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

export interface RowMapper {
	columns: WriteColumn[];
	/** Maps rows onto the end of `batch` (a new one if none); cells that cannot be stored go to `issues`. */
	map(rows: RowItem[], issues: CellIssue[], batch?: MappedBatch): MappedBatch;
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
		const coerce = compileCoercer(col);
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
			const coerce = compileMoneyCoercer(table.columns.get(g.amountColumn)!);
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
		map(rows, issues, batch = { ids: [], createdAt: [], updatedAt: [], hashes: [], codaRows: [], values: columns.map(() => []), indexes: [] }) {
			const cells: SqlText[] = new Array(width);
			for (const row of rows) {
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
				const json = toJsonb(row.codaValues ?? row.values);
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
