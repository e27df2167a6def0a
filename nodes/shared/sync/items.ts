// The items that flow between the nodes of a sync (DEVELOPERS.md, "Contract: Coda Table Fetch →
// ERP Upsert"): what Coda Table Fetch emits, the summaries ERP Upsert emits, and the one reader of
// them all (readItem). ERP Upsert and Reconcile fold the items through parseItems; Execution Run
// Log counts the summaries through readItem.
import type { ColumnChanges } from '../coda/columnDrift';
import { preview } from '../erp/codaValueToSql';
import { ErpInputError } from '../erp/errors';

export const FETCH_MODES = ['allRows', 'incremental', 'oneRow', 'rowIds'] as const;
export type FetchMode = (typeof FETCH_MODES)[number];

// ── What Coda Table Fetch emits ─────────────────────────────────────────────────────────────

export interface RowItem {
	kind: 'row';
	docId: string;
	tableId: string;
	tableName: string;
	id: string;
	name: string | null;
	index: number | null;
	browserLink: string | null;
	createdAt: string | null;
	updatedAt: string | null;
	values: Record<string, unknown>;
	/** Coda column id → name: ERP Upsert keeps them as erp.sync_state.columns, the snapshot column drift compares with. */
	columnNames: Record<string, string>;
	rawValues?: Record<string, unknown>;
}

export interface DeletedItem {
	kind: 'deleted';
	docId: string;
	tableId: string;
	tableName: string;
	id: string;
}

export interface RowIdsItem {
	kind: 'rowIds';
	docId: string;
	tableId: string;
	tableName: string;
	rowIds: string[];
	complete: boolean;
}

/** A column as the summary lists it: ERP Upsert stores these as the doc model (erp.coda_columns). */
export interface SummaryColumn {
	id: string;
	name: string;
	type?: string;
	isArray?: boolean;
	/** Target table of a lookup column. */
	tableId?: string;
	/** The table's display column (its value names the row). */
	display?: boolean;
	calculated?: boolean;
	/** The whole Coda column format (select options, precision, currency, …). */
	format?: Record<string, unknown>;
}

export interface FetchSummary {
	kind: 'summary';
	docId: string;
	tableId: string;
	tableName: string;
	mode: FetchMode;
	rowCount: number;
	requests: number;
	pages: number;
	retried429: number;
	retriedOther: number;
	nextSyncToken: string | null;
	complete: boolean;
	/** Why an incremental run read the whole table instead (no stored token, or Coda rejected it). */
	fullFetchFallback: string | null;
	columnChanges: ColumnChanges;
	/** The table's columns as listed in this run; null when the run listed none. */
	columns: SummaryColumn[] | null;
	continuation: string | null;
}

export type FetchItem = RowItem | DeletedItem | RowIdsItem;

// ── What ERP Upsert emits and Execution Run Log counts ──────────────────────────────────────

export const ERP_UPSERT_SUMMARY = 'erpUpsertSummary';
export const ERP_RECONCILE_SUMMARY = 'erpReconcileSummary';

/** The counts of an ERP Upsert summary that a run records. */
export interface UpsertCounts {
	fetched: number;
	inserted: number;
	updated: number;
	unchanged: number;
	rejected: number;
	deleted: number;
	/** Cells stored as NULL (erp.cell_issues): the rows are in, but not completely. */
	cellIssues: number;
}

// ── Reading items ──────────────────────────────────────────────────────────────────────────

/** A row item as ERP Upsert writes it. */
export interface ParsedRow {
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
	/** The cells as Coda sent them (the item's rawValues), when it has them. */
	codaValues: Record<string, unknown> | null;
}

/**
 * What a Coda read met, as ERP Upsert passes it on (`codaRead`) and Execution Run Log records it
 * (`execution_runs.details.coda`): the whole table read instead of the changes, and why; retries;
 * columns changed since the stored snapshot.
 */
export interface CodaRead {
	fullFetchFallback: string | null;
	retried429: number;
	retriedOther: number;
	columnChanges: ColumnChanges;
}

/** A summary as ERP Upsert and Reconcile use it. */
export interface ParsedSummary {
	docId: string;
	tableId: string;
	tableName?: string;
	/** Whether the run read changes since the stored sync token (else the whole table). */
	incremental: boolean;
	rowCount: number | null;
	complete: boolean;
	nextSyncToken: string | null;
	columns: SummaryColumn[] | null;
	read: CodaRead;
	index: number;
}

export interface ParsedRowIds {
	ids: string[];
	complete: boolean;
	docId: string;
	tableId: string;
	index: number;
}

export type ReadItem =
	| { kind: 'row'; row: ParsedRow }
	| { kind: 'deleted'; id: string; docId: string; tableId: string; index: number }
	| { kind: 'rowIds'; rowIds: ParsedRowIds }
	| { kind: 'summary'; summary: ParsedSummary }
	| { kind: typeof ERP_UPSERT_SUMMARY; counts: UpsertCounts; codaRead: CodaRead | null }
	| { kind: typeof ERP_RECONCILE_SUMMARY; softDeleted: number }
	| { kind: 'invalid'; reason: string };

const ROW_ID = /^i-[\w-]{1,200}$/;

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

function text(v: unknown): string | null {
	return typeof v === 'string' && v.trim() !== '' ? v : null;
}

function validTime(v: unknown): string | null {
	return typeof v === 'string' && !Number.isNaN(Date.parse(v)) ? v : null;
}

/** A count in a summary; anything else counts as none. */
function count(v: unknown): number {
	return typeof v === 'number' && Number.isFinite(v) && v >= 0 ? v : 0;
}

/** The summary's `columns`, checked entry by entry (it comes from the workflow's items). */
function summaryColumns(raw: unknown): SummaryColumn[] | null {
	if (!Array.isArray(raw)) return null;
	const out: SummaryColumn[] = [];
	for (const c of raw) {
		if (!isObject(c) || typeof c.id !== 'string' || typeof c.name !== 'string') return null;
		out.push({
			id: c.id,
			name: c.name,
			type: typeof c.type === 'string' ? c.type : undefined,
			isArray: c.isArray === true,
			tableId: typeof c.tableId === 'string' ? c.tableId : undefined,
			display: c.display === true,
			calculated: c.calculated === true,
			format: isObject(c.format) ? c.format : undefined,
		});
	}
	return out;
}

/** Changes listed as `[{id, name}]` or `[{id, from, to}]`; entries of another shape are left out. */
function changeList<K extends string>(raw: unknown, keys: readonly K[]): Array<{ id: string } & Record<K, string>> {
	if (!Array.isArray(raw)) return [];
	return raw.filter((c): c is { id: string } & Record<K, string> => isObject(c) && typeof c.id === 'string' && keys.every((k) => typeof c[k] === 'string'))
		.map((c) => ({ id: c.id, ...Object.fromEntries(keys.map((k) => [k, c[k]])) }) as { id: string } & Record<K, string>);
}

/** The read facts of a Coda Table Fetch summary, or of an ERP Upsert summary's `codaRead`. */
function codaRead(raw: Record<string, unknown>): CodaRead {
	const changes = isObject(raw.columnChanges) ? raw.columnChanges : {};
	return {
		fullFetchFallback: text(raw.fullFetchFallback),
		retried429: count(raw.retried429),
		retriedOther: count(raw.retriedOther),
		columnChanges: {
			added: changeList(changes.added, ['name']),
			renamed: changeList(changes.renamed, ['from', 'to']),
			removed: changeList(changes.removed, ['name']),
		},
	};
}

/** The reads of one run as one: the first fallback reason, retries summed, column changes listed once per column. */
export function mergeCodaReads(reads: CodaRead[]): CodaRead | null {
	if (!reads.length) return null;
	const once = <T extends { id: string }>(lists: T[][]) => [...new Map(lists.flat().map((c) => [c.id, c])).values()];
	return {
		fullFetchFallback: reads.find((r) => r.fullFetchFallback)?.fullFetchFallback ?? null,
		retried429: reads.reduce((n, r) => n + r.retried429, 0),
		retriedOther: reads.reduce((n, r) => n + r.retriedOther, 0),
		columnChanges: {
			added: once(reads.map((r) => r.columnChanges.added)),
			renamed: once(reads.map((r) => r.columnChanges.renamed)),
			removed: once(reads.map((r) => r.columnChanges.removed)),
		},
	};
}

/**
 * Reads one item of any kind (hand-checked, not zod: this runs for every row of large batches).
 * An item that is not usable is `invalid`, with the reason in words.
 */
export function readItem(raw: unknown, index: number): ReadItem {
	if (!isObject(raw)) return { kind: 'invalid', reason: `item ${index} is not an object` };
	const kind = raw.kind;
	switch (kind) {
		case 'summary':
			return {
				kind,
				summary: {
					docId: String(raw.docId ?? ''),
					tableId: String(raw.tableId ?? ''),
					tableName: text(raw.tableName) ?? undefined,
					incremental: raw.mode === 'incremental',
					rowCount: typeof raw.rowCount === 'number' && Number.isFinite(raw.rowCount) && raw.rowCount >= 0 ? raw.rowCount : null,
					complete: raw.complete === true,
					nextSyncToken: text(raw.nextSyncToken),
					columns: summaryColumns(raw.columns),
					read: codaRead(raw),
					index,
				},
			};
		case ERP_UPSERT_SUMMARY:
			return {
				kind,
				counts: {
					fetched: count(raw.fetched),
					inserted: count(raw.inserted),
					updated: count(raw.updated),
					unchanged: count(raw.unchanged),
					rejected: count(raw.rejected),
					deleted: count(raw.deleted),
					cellIssues: count(raw.cellIssues),
				},
				codaRead: isObject(raw.codaRead) ? codaRead(raw.codaRead) : null,
			};
		case ERP_RECONCILE_SUMMARY:
			return { kind, softDeleted: count(raw.softDeleted) };
		case 'rowIds': {
			const ids = Array.isArray(raw.rowIds) ? raw.rowIds : null;
			if (!ids || !ids.every((id) => typeof id === 'string' && ROW_ID.test(id))) {
				return { kind: 'invalid', reason: `item ${index}: rowIds must be a list of Coda row ids (i-…)` };
			}
			return {
				kind,
				rowIds: { ids: ids as string[], complete: raw.complete === true, docId: String(raw.docId ?? ''), tableId: String(raw.tableId ?? ''), index },
			};
		}
		case 'row':
		case 'deleted':
			break;
		default:
			return { kind: 'invalid', reason: `item ${index} is not a Coda Table Fetch row (kind is ${preview(kind)})` };
	}
	const id = raw.id;
	if (typeof id !== 'string' || !ROW_ID.test(id)) return { kind: 'invalid', reason: `item ${index}: id ${preview(id)} is not a Coda row id (i-…)` };
	const docId = text(raw.docId);
	const tableId = text(raw.tableId);
	if (!docId || !tableId) return { kind: 'invalid', reason: `item ${index} (${id}): docId and tableId are required` };
	if (kind === 'deleted') return { kind, id, docId, tableId, index };
	const updatedAt = validTime(raw.updatedAt);
	if (!updatedAt) return { kind: 'invalid', reason: `item ${index} (${id}): updatedAt ${preview(raw.updatedAt)} is not a timestamp` };
	if (!isObject(raw.values)) return { kind: 'invalid', reason: `item ${index} (${id}): values must be an object` };
	const columnNames = isObject(raw.columnNames) ? (raw.columnNames as Record<string, string>) : {};
	const codaValues = isObject(raw.rawValues) ? raw.rawValues : null;
	return { kind, row: { docId, tableId, id, createdAt: validTime(raw.createdAt), updatedAt, values: raw.values, columnNames, index, raw, codaValues } };
}

// ── Folding the items of one ERP Upsert or Reconcile run ───────────────────────────────────

/** An item ERP Upsert did not write, with the reason (quarantined when it names a row). */
export interface Rejection {
	index: number;
	codaRowId: string | null;
	docId: string | null;
	tableId: string | null;
	reason: string;
	raw: unknown;
}

export interface ParsedInput {
	rows: ParsedRow[];
	deleted: { id: string; index: number }[];
	rowIds: ParsedRowIds[];
	summaries: ParsedSummary[];
	rejected: Rejection[];
	/** Items folded away because a later version of the same row was in the input. */
	folded: { index: number; keptIndex: number; codaRowId: string }[];
	/** Coda column id → name, over every row item. */
	columns: Map<string, string>;
	/** The Coda table the rows came from (one per run). */
	source: { docId: string; tableId: string } | undefined;
}

/**
 * The items of one run, folded by Coda row id: the latest updatedAt wins, and between a row and
 * a deletion of the same id the later item wins. Rows come out in key order, so concurrent
 * writers lock them in the same order (fewer deadlocks).
 */
export function parseItems(items: unknown[]): ParsedInput {
	const out: ParsedInput = { rows: [], deleted: [], rowIds: [], summaries: [], rejected: [], folded: [], columns: new Map(), source: undefined };
	const latest = new Map<string, { kind: 'row'; row: ParsedRow } | { kind: 'deleted'; index: number }>();
	items.forEach((raw, index) => {
		const item = readItem(raw, index);
		switch (item.kind) {
			case 'summary':
				out.summaries.push(item.summary);
				return;
			case 'rowIds':
				out.rowIds.push(item.rowIds);
				return;
			case 'row':
			case 'deleted':
				break;
			case 'invalid':
				return reject(out, index, raw, item.reason);
			default:
				// Another node's summary is not something to write.
				return reject(out, index, raw, `item ${index} is not a Coda Table Fetch row (kind is ${preview(item.kind)})`);
		}
		const { docId, tableId } = item.kind === 'row' ? item.row : item;
		const id = item.kind === 'row' ? item.row.id : item.id;
		if (out.source && (out.source.docId !== docId || out.source.tableId !== tableId)) {
			throw new ErpInputError(
				`The input mixes Coda tables ${out.source.tableId} and ${tableId} (item ${index}); ERP Upsert writes one Coda table per run`,
			);
		}
		out.source ??= { docId, tableId };
		const previous = latest.get(id);
		const previousIndex = previous && (previous.kind === 'row' ? previous.row.index : previous.index);
		if (item.kind === 'deleted') {
			if (previousIndex !== undefined) out.folded.push({ index: previousIndex, keptIndex: index, codaRowId: id });
			latest.set(id, { kind: 'deleted', index });
			return;
		}
		const row = item.row;
		for (const cid of Object.keys(row.values)) {
			if (!out.columns.has(cid)) out.columns.set(cid, typeof row.columnNames[cid] === 'string' ? row.columnNames[cid] : cid);
		}
		if (previous?.kind === 'row' && Date.parse(previous.row.updatedAt) > Date.parse(row.updatedAt)) {
			out.folded.push({ index, keptIndex: previous.row.index, codaRowId: id });
			return;
		}
		if (previousIndex !== undefined) out.folded.push({ index: previousIndex, keptIndex: index, codaRowId: id });
		latest.set(id, { kind: 'row', row });
	});
	for (const [id, entry] of latest) {
		if (entry.kind === 'row') out.rows.push(entry.row);
		else out.deleted.push({ id, index: entry.index });
	}
	out.rows.sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
	return out;
}

function reject(out: ParsedInput, index: number, raw: unknown, reason: string): void {
	const o = isObject(raw) ? raw : {};
	// Only a well-formed Coda row id names a row (and may go to quarantine).
	const codaRowId = typeof o.id === 'string' && ROW_ID.test(o.id) ? o.id : null;
	out.rejected.push({ index, codaRowId, docId: text(o.docId), tableId: text(o.tableId), reason, raw });
}
