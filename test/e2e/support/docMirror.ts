// Compares the `erp` database with the Coda doc the emulator serves: for every table the set
// of live rows, and per row every Coda column that feeds erp columns (text, numbers, money,
// selects and multi-selects, checkboxes, lookups with their resolved foreign keys, people, links,
// dates, date-times, times, durations). A column type or erp column type it has no rule for
// throws, so a new type cannot pass unchecked. Returns readable mismatches.
import type { Pool } from 'pg';
import type { CodaEmulator } from '../../coda-emulator';
import type { ColumnSpec, DocSpec } from '../../coda-emulator/docModel';
import { stripMarkdown } from '../../coda-emulator/render';
import { buildSampleDoc, loadErpTables } from '../../coda-emulator/sampleDoc';

type RichValue = unknown;
export interface DocRow {
	id: string;
	values: Record<string, RichValue>;
}

/** The sample doc's spec (same seed and row counts as the emulator): which erp columns each Coda column feeds. */
export function sampleDocSpec(coda: CodaEmulator, rows: number, seed = 1): DocSpec {
	return buildSampleDoc(loadErpTables(), { seed, docId: coda.docId, rows });
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** GET on the emulator's API as a client would; waits out its rate limit (429) a bounded number of times. */
export async function codaGet<T>(coda: CodaEmulator, path: string): Promise<T> {
	for (let attempt = 0; attempt < 30; attempt++) {
		const response = await fetch(`${coda.baseUrl}${path}`, { headers: { authorization: `Bearer ${coda.token}` } });
		if (response.status === 429) {
			await sleep(1000);
			continue;
		}
		const text = await response.text();
		if (!response.ok) throw new Error(`GET ${path} answered ${response.status}: ${text.slice(0, 300)}`);
		return JSON.parse(text) as T;
	}
	throw new Error(`GET ${path}: still rate limited after 30 attempts`);
}

/** Every row of a table, values in rich format keyed by column name. */
export async function docRows(coda: CodaEmulator, tableId: string): Promise<DocRow[]> {
	const rows: DocRow[] = [];
	let pageToken: string | undefined;
	do {
		const query = new URLSearchParams({ valueFormat: 'rich', useColumnNames: 'true', limit: '500' });
		if (pageToken) query.set('pageToken', pageToken);
		const page = await codaGet<{ items: DocRow[]; nextPageToken?: string }>(coda, `/docs/${coda.docId}/tables/${tableId}/rows?${query.toString()}`);
		rows.push(...page.items.map((r) => ({ id: r.id, values: r.values })));
		pageToken = page.nextPageToken;
	} while (pageToken);
	return rows;
}

/** An erp row with every column in a comparable form (see `selectList`). */
type ErpRow = Record<string, unknown> & { id: string; coda_row_id: string };

const isEmpty = (v: unknown) => v === '' || v === null || v === undefined || (Array.isArray(v) && v.length === 0);
const num = (v: unknown) => (v === null || v === undefined ? null : Number(v));
const close = (a: number | null, b: number | null) => (a === null || b === null ? a === b : Math.abs(a - b) < 0.006);
const field = (v: unknown, key: string): unknown => (v && typeof v === 'object' ? (v as Record<string, unknown>)[key] : undefined);
const same = (a: unknown, b: unknown) => JSON.stringify(a) === JSON.stringify(b);

/** Coda's rich text: "```plain```" wraps unformatted text (selects too); anything else is Markdown. */
const fenced = (v: string) => /^```([\s\S]*)```$/.exec(v)?.[1];
/** A rich value without Coda's plain-text fence (a select's "```todo```" → "todo"). */
export const unfence = (v: unknown) => (typeof v === 'string' ? (fenced(v) ?? v) : v);

/**
 * Text as erp should hold it: a fenced value exactly; Markdown as the emulator's plain text of it
 * (Coda's `simple` format), compared without line layout (list bullets, blank lines), which plain
 * text may keep or drop.
 */
function expectedText(value: unknown): { text: string | null; layoutFree: boolean } {
	if (isEmpty(value)) return { text: null, layoutFree: false };
	const s = String(value);
	const plain = fenced(s);
	return plain !== undefined ? { text: plain, layoutFree: false } : { text: stripMarkdown(s), layoutFree: true };
}
const withoutLayout = (s: string) => s.replace(/^\s*[-+*]\s+/gm, '').replace(/\s+/g, ' ').trim();

/** Seconds in Coda's duration text ("1 hr 30 mins", "2 days 3 hrs", "0 secs"); null if it is not one. */
function durationSeconds(text: string): number | null {
	const units: Record<string, number> = { day: 86_400, hr: 3600, min: 60, sec: 1 };
	let total = 0;
	let rest = text.trim();
	if (!rest) return null;
	while (rest) {
		const m = /^(\d+(?:\.\d+)?)\s*(day|hr|min|sec)s?\b\s*/.exec(rest);
		if (!m) return null;
		total += Number(m[1]) * units[m[2]];
		rest = rest.slice(m[0].length);
	}
	return total;
}

/** Seconds per unit of a number column holding a duration, by its name's suffix (README "Types"). */
const DURATION_UNIT_SECONDS: Array<[RegExp, number]> = [
	[/_ms$/, 0.001],
	[/_minutes$/, 60],
	[/_hours$/, 3600],
	[/_days$/, 86_400],
	[/_weeks$/, 604_800],
];

const NUMERIC_TYPES = new Set(['smallint', 'integer', 'bigint', 'numeric', 'real', 'double precision']);

export interface ErpColumnType {
	/** information_schema.columns.data_type: `date`, `interval`, `ARRAY`, … */
	dataType: string;
	/** udt_name: `_text` for text[]. */
	udt: string;
	scale: number | null;
}

export interface MirrorContext {
	/** coda_row_id → erp id for every row (soft-deleted ones too) of every table, by erp table. */
	ids: Map<string, Map<string, string>>;
	/** lower(email) → erp people id of live people. */
	peopleByEmail: Map<string, string>;
	/** Decimal places of numeric columns, `table.column` → scale: erp stores Coda's numbers at that scale. */
	scales: Map<string, number>;
	/** Every column of schema erp, `table.column` → its type. */
	columnTypes: Map<string, ErpColumnType>;
	/**
	 * Coda row ids deleted during the test: Coda drops them from lookup cells without touching the
	 * rows that held them, so erp keeps such references (to the now soft-deleted rows).
	 */
	deletedRowIds: Set<string>;
}

/** Mismatches of one Coda column against its erp column(s) in one row (`row` as `selectList` reads it); throws for a pairing it has no rule for. */
export function compareColumn(erpTable: string, col: ColumnSpec, value: RichValue, row: ErpRow, ctx: MirrorContext): string[] {
	const erpCols = col.erpColumns ?? [];
	const out: string[] = [];
	const expect = (column: string, ok: boolean, expected: unknown, actual: unknown = row[column]) => {
		if (!ok) out.push(`${column}: erp ${JSON.stringify(actual)}, doc ${JSON.stringify(expected)}`);
	};
	const { type, isArray } = col.format;
	const [target] = erpCols;
	const erpType = ctx.columnTypes.get(`${erpTable}.${target}`);
	if (!erpType) return [`${target}: no such erp column`];
	const cannot = (): never => {
		throw new Error(`docMirror cannot compare Coda ${type}${isArray ? '[]' : ''} column "${col.name}" with erp ${erpTable}.${erpCols.join(' + ')} (${erpType.dataType}): add a rule for it`);
	};
	const single = !isArray && erpCols.length === 1;
	const textArray = erpCols.length === 1 && erpType.udt === '_text';

	if (['number', 'percent', 'slider', 'scale'].includes(type) && single && NUMERIC_TYPES.has(erpType.dataType)) {
		const scale = ctx.scales.get(`${erpTable}.${target}`);
		const factor = 10 ** (scale ?? 0);
		const expected = isEmpty(value) ? null : scale === undefined ? Number(value) : Math.round(Number(value) * factor) / factor;
		expect(target, close(num(row[target]), expected), expected);
	} else if (type === 'checkbox' && single && erpType.dataType === 'boolean') {
		expect(target, row[target] === (value === true), value === true);
	} else if (['text', 'canvas'].includes(type) && single && erpType.dataType === 'text') {
		const { text, layoutFree } = expectedText(value);
		const actual = row[target] as string | null;
		expect(target, layoutFree && actual !== null ? withoutLayout(actual) === withoutLayout(text!) : actual === text, text);
	} else if (['select', 'email'].includes(type) && single && ['text', 'character', 'character varying'].includes(erpType.dataType)) {
		const expected = isEmpty(value) ? null : String(unfence(value));
		const actual = row[target];
		// char(n) pads with blanks.
		expect(target, (typeof actual === 'string' ? actual.trimEnd() : actual) === expected, expected);
	} else if (type === 'select' && isArray && textArray) {
		const expected = Array.isArray(value) ? value.map((v) => String(unfence(v))) : [];
		expect(target, same((row[target] as string[] | null) ?? [], expected), expected);
	} else if (['link', 'image', 'attachments'].includes(type) && (single || textArray)) {
		const url = (v: unknown) => (typeof v === 'string' ? unfence(v) : (field(v, 'url') ?? null));
		const expected = textArray ? (Array.isArray(value) ? value.map(url) : []) : isEmpty(value) ? null : url(Array.isArray(value) ? value[0] : value);
		const actual = textArray ? ((row[target] as string[] | null) ?? []) : row[target];
		expect(target, same(actual, expected), expected);
	} else if (['date', 'dateTime', 'time'].includes(type) && single) {
		// Coda sends dates and date-times as local ISO timestamps in the doc's zone, times as HH:MM:SS.
		const text = isEmpty(value) ? null : String(value);
		if (erpType.dataType === 'date' && type !== 'time') {
			const expected = text === null ? null : text.slice(0, 10);
			expect(target, row[target] === expected, expected);
		} else if (erpType.dataType === 'timestamp with time zone' && type !== 'time') {
			const expected = text === null ? null : Date.parse(text);
			const actual = row[target] as number | null;
			expect(target, actual === expected, text, actual === null ? null : new Date(actual).toISOString());
		} else if (erpType.dataType === 'time without time zone') {
			const expected = text === null ? null : type === 'time' ? text.padStart(8, '0') : text.slice(11, 19);
			expect(target, row[target] === expected, expected);
		} else {
			cannot();
		}
	} else if (type === 'duration' && single) {
		const seconds = isEmpty(value) ? null : durationSeconds(String(value));
		if (!isEmpty(value) && seconds === null) return [`${target}: the doc's ${JSON.stringify(value)} is no duration`];
		if (erpType.dataType === 'interval') {
			expect(target, close(num(row[target]), seconds), seconds === null ? null : `${seconds} s`);
		} else if (NUMERIC_TYPES.has(erpType.dataType)) {
			const unit = DURATION_UNIT_SECONDS.find(([suffix]) => suffix.test(target))?.[1] ?? cannot();
			const factor = 10 ** (erpType.scale ?? 0);
			const expected = seconds === null ? null : Math.round((seconds / unit) * factor) / factor;
			expect(target, close(num(row[target]), expected), expected);
		} else {
			cannot();
		}
	} else if (type === 'lookup' && !isArray && col.lookupTarget) {
		const rowId = isEmpty(value) ? null : (field(value, 'rowId') as string);
		const [fk, codaId] = erpCols;
		if (rowId === null && codaId && ctx.deletedRowIds.has(row[codaId] as string)) return out;
		if (codaId) expect(codaId, (row[codaId] ?? null) === rowId, rowId);
		const parent = rowId === null ? null : (ctx.ids.get(col.lookupTarget)?.get(rowId) ?? `<no ${col.lookupTarget} row ${rowId}>`);
		expect(fk, String(row[fk] ?? null) === String(parent), parent);
	} else if (type === 'lookup' && isArray && textArray) {
		const expected = Array.isArray(value) ? value.map((v) => field(v, 'rowId') as string).sort() : [];
		const actual = ((row[target] as string[] | null) ?? []).filter((id) => !ctx.deletedRowIds.has(id)).sort();
		expect(target, same(actual, expected), expected);
	} else if (type === 'person' && !isArray && erpCols.length === 2) {
		const email = isEmpty(value) ? null : String(field(value, 'email')).toLowerCase();
		const [emailCol, idCol] = erpCols;
		const actualEmail = row[emailCol] === null ? null : String(row[emailCol]).toLowerCase();
		expect(emailCol, actualEmail === email, email);
		const person = email === null ? null : (ctx.peopleByEmail.get(email) ?? null);
		expect(idCol, String(row[idCol] ?? null) === String(person), person);
	} else if (type === 'currency' && !isArray && erpCols.length === 2) {
		const [amountCol, currencyCol] = erpCols;
		const amount = isEmpty(value) ? null : Number(field(value, 'amount'));
		expect(amountCol, close(num(row[amountCol]), amount), amount);
		const currency = isEmpty(value) ? null : String(field(value, 'currency'));
		expect(currencyCol, ((row[currencyCol] as string | null)?.trim() ?? null) === currency, currency);
	} else {
		cannot();
	}
	return out;
}

const quoted = (table: string) => `erp."${table.replace(/"/g, '""')}"`;

export async function mirrorContext(pool: Pool, spec: DocSpec, deletedRowIds: string[] = []): Promise<MirrorContext> {
	const ids = new Map<string, Map<string, string>>();
	for (const t of spec.tables) {
		const { rows } = await pool.query<{ id: string; coda_row_id: string }>(`SELECT id::text, coda_row_id FROM ${quoted(t.erpTable)} WHERE coda_row_id IS NOT NULL`);
		ids.set(t.erpTable, new Map(rows.map((r) => [r.coda_row_id, r.id])));
	}
	const people = await pool.query<{ id: string; email: string }>(`SELECT id::text, lower(email) AS email FROM erp.people WHERE deleted_at IS NULL AND email IS NOT NULL`);
	const columns = await pool.query<{ name: string; data_type: string; udt_name: string; scale: number | null }>(
		`SELECT table_name || '.' || column_name AS name, data_type, udt_name, numeric_scale AS scale FROM information_schema.columns WHERE table_schema = 'erp'`,
	);
	const scales = new Map(columns.rows.filter((r) => r.data_type === 'numeric' && r.scale !== null).map((r) => [r.name, r.scale!]));
	const columnTypes = new Map(columns.rows.map((r) => [r.name, { dataType: r.data_type, udt: r.udt_name, scale: r.scale }]));
	return { ids, peopleByEmail: new Map(people.rows.map((p) => [p.email, p.id])), scales, columnTypes, deletedRowIds: new Set(deletedRowIds) };
}

/** The erp table's columns, dates and times as text, instants as epoch ms and intervals as seconds (no time-zone parsing in JS). */
function selectList(erpTable: string, ctx: MirrorContext): string {
	const prefix = `${erpTable}.`;
	const list: string[] = [];
	for (const [key, t] of ctx.columnTypes) {
		if (!key.startsWith(prefix)) continue;
		const c = `"${key.slice(prefix.length).replace(/"/g, '""')}"`;
		if (t.dataType === 'date' || t.dataType.startsWith('time ') || t.dataType === 'timestamp without time zone') list.push(`${c}::text AS ${c}`);
		else if (t.dataType === 'timestamp with time zone') list.push(`(extract(epoch FROM ${c}) * 1000)::float8 AS ${c}`);
		else if (t.dataType === 'interval') list.push(`extract(epoch FROM ${c})::float8 AS ${c}`);
		else list.push(c);
	}
	return list.join(', ');
}

export interface TableComparison {
	erpTable: string;
	docRows: number;
	erpRows: number;
	valuesChecked: number;
	/** Values compared per Coda column type (`select[]` for a list column). */
	valuesByType: Record<string, number>;
	mismatches: string[];
}

/** Compares one table of the doc with its erp table (live rows only; Run Log rows without a Coda row are not mirrored). */
export async function compareTable(coda: CodaEmulator, pool: Pool, spec: DocSpec, erpTable: string, ctx: MirrorContext): Promise<TableComparison> {
	const tableSpec = spec.tables.find((t) => t.erpTable === erpTable);
	const live = coda.tables().find((t) => t.erpTable === erpTable);
	if (!tableSpec || !live) throw new Error(`the sample doc has no table for erp.${erpTable}`);
	const rows = await docRows(coda, live.id);
	const { rows: erpRows } = await pool.query<ErpRow>(`SELECT ${selectList(erpTable, ctx)} FROM ${quoted(erpTable)} WHERE coda_row_id IS NOT NULL AND deleted_at IS NULL`);
	const byCodaId = new Map(erpRows.map((r) => [r.coda_row_id, r]));
	const mismatches: string[] = [];
	const docIds = new Set(rows.map((r) => r.id));
	for (const r of erpRows) if (!docIds.has(r.coda_row_id)) mismatches.push(`${erpTable} ${r.coda_row_id}: live in erp, not in the doc`);
	let valuesChecked = 0;
	const valuesByType: Record<string, number> = {};
	for (const docRow of rows) {
		const erpRow = byCodaId.get(docRow.id);
		if (!erpRow) {
			mismatches.push(`${erpTable} ${docRow.id}: in the doc, missing in erp`);
			continue;
		}
		for (const col of tableSpec.columns) {
			if (!(col.name in docRow.values) || !col.erpColumns?.length) continue;
			const found = compareColumn(erpTable, col, docRow.values[col.name], erpRow, ctx);
			mismatches.push(...found.map((m) => `${erpTable} ${docRow.id} ${m}`));
			valuesChecked++;
			const typeKey = `${col.format.type}${col.format.isArray ? '[]' : ''}`;
			valuesByType[typeKey] = (valuesByType[typeKey] ?? 0) + 1;
		}
	}
	return { erpTable, docRows: rows.length, erpRows: erpRows.length, valuesChecked, valuesByType, mismatches };
}

/** Compares every table; the caller asserts on the mismatches (empty when erp mirrors the doc). */
export async function compareDoc(coda: CodaEmulator, pool: Pool, spec: DocSpec): Promise<TableComparison[]> {
	const ctx = await mirrorContext(pool, spec);
	const out: TableComparison[] = [];
	for (const t of spec.tables) out.push(await compareTable(coda, pool, spec, t.erpTable, ctx));
	return out;
}

/** A checksum of every table in schema erp (all columns, all rows): equal before and after means nothing changed. */
export async function erpChecksum(pool: Pool): Promise<string> {
	const { rows: tables } = await pool.query<{ name: string }>(
		`SELECT c.relname AS name FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace WHERE n.nspname = 'erp' AND c.relkind = 'r' ORDER BY 1`,
	);
	const parts: string[] = [];
	for (const { name } of tables) {
		const { rows } = await pool.query<{ sum: string | null }>(`SELECT md5(string_agg(to_jsonb(t)::text, '|' ORDER BY to_jsonb(t)::text)) AS sum FROM ${quoted(name)} t`);
		parts.push(`${name}:${rows[0].sum ?? 'empty'}`);
	}
	return parts.join('\n');
}
