// Compares the `erp` database with the Coda doc the emulator serves: for every table the set
// of live rows, and per row the columns whose mapping is exact (numbers, selects, checkboxes,
// lookups with their resolved foreign keys, people, money). Returns readable mismatches.
import type { Pool } from 'pg';
import type { CodaEmulator } from '../../coda-emulator';
import type { ColumnSpec, DocSpec } from '../../coda-emulator/docModel';
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

type ErpRow = Record<string, unknown> & { id: string; coda_row_id: string; deleted_at: Date | null };

const isEmpty = (v: unknown) => v === '' || v === null || v === undefined || (Array.isArray(v) && v.length === 0);
const num = (v: unknown) => (v === null || v === undefined ? null : Number(v));
const close = (a: number | null, b: number | null) => (a === null || b === null ? a === b : Math.abs(a - b) < 0.006);
const field = (v: unknown, key: string): unknown => (v && typeof v === 'object' ? (v as Record<string, unknown>)[key] : undefined);

export interface MirrorContext {
	/** coda_row_id → erp id for every row (soft-deleted ones too) of every table, by erp table. */
	ids: Map<string, Map<string, string>>;
	/** lower(email) → erp people id of live people. */
	peopleByEmail: Map<string, string>;
	/** Decimal places of numeric columns, `table.column` → scale: erp stores Coda's numbers at that scale. */
	scales: Map<string, number>;
	/**
	 * Coda row ids deleted during the test: Coda drops them from lookup cells without touching the
	 * rows that held them, so erp keeps such references (to the now soft-deleted rows).
	 */
	deletedRowIds: Set<string>;
}

/** Mismatches of one Coda column against its erp column(s) in one row; undefined for columns not compared. */
function compareColumn(erpTable: string, col: ColumnSpec, value: RichValue, row: ErpRow, ctx: MirrorContext): string[] | undefined {
	const erpCols = col.erpColumns ?? [];
	const out: string[] = [];
	const expect = (column: string, ok: boolean, expected: unknown) => {
		if (!ok) out.push(`${column}: erp ${JSON.stringify(row[column])}, doc ${JSON.stringify(expected)}`);
	};
	const { type, isArray } = col.format;
	if (['number', 'percent', 'slider', 'scale'].includes(type) && !isArray && erpCols.length === 1) {
		const scale = ctx.scales.get(`${erpTable}.${erpCols[0]}`);
		const factor = 10 ** (scale ?? 0);
		const expected = isEmpty(value) ? null : scale === undefined ? Number(value) : Math.round(Number(value) * factor) / factor;
		expect(erpCols[0], close(num(row[erpCols[0]]), expected), expected);
	} else if (type === 'checkbox' && erpCols.length === 1) {
		expect(erpCols[0], row[erpCols[0]] === (value === true), value === true);
	} else if (type === 'select' && !isArray && erpCols.length === 1) {
		const expected = isEmpty(value) ? null : String(value);
		const actual = row[erpCols[0]];
		expect(erpCols[0], (typeof actual === 'string' ? actual.trim() : actual) === expected, expected);
	} else if (type === 'lookup' && !isArray && col.lookupTarget) {
		const rowId = isEmpty(value) ? null : (field(value, 'rowId') as string);
		const [fk, codaId] = erpCols;
		if (rowId === null && codaId && ctx.deletedRowIds.has(row[codaId] as string)) return out;
		if (codaId) expect(codaId, (row[codaId] ?? null) === rowId, rowId);
		const parent = rowId === null ? null : (ctx.ids.get(col.lookupTarget)?.get(rowId) ?? `<no ${col.lookupTarget} row ${rowId}>`);
		expect(fk, String(row[fk] ?? null) === String(parent), parent);
	} else if (type === 'lookup' && isArray && erpCols.length === 1) {
		const expected = Array.isArray(value) ? value.map((v) => field(v, 'rowId') as string).sort() : [];
		const actual = ((row[erpCols[0]] as string[] | null) ?? []).filter((id) => !ctx.deletedRowIds.has(id)).sort();
		expect(erpCols[0], JSON.stringify(actual) === JSON.stringify(expected), expected);
	} else if (type === 'person' && erpCols.length === 2) {
		const email = isEmpty(value) ? null : String(field(value, 'email')).toLowerCase();
		const [emailCol, idCol] = erpCols;
		const actualEmail = row[emailCol] === null ? null : String(row[emailCol]).toLowerCase();
		expect(emailCol, actualEmail === email, email);
		const person = email === null ? null : (ctx.peopleByEmail.get(email) ?? null);
		expect(idCol, String(row[idCol] ?? null) === String(person), person);
	} else if (type === 'currency' && erpCols.length === 2) {
		const [amountCol, currencyCol] = erpCols;
		const amount = isEmpty(value) ? null : Number(field(value, 'amount'));
		expect(amountCol, close(num(row[amountCol]), amount), amount);
		const currency = isEmpty(value) ? null : String(field(value, 'currency'));
		expect(currencyCol, ((row[currencyCol] as string | null)?.trim() ?? null) === currency, currency);
	} else {
		return undefined;
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
	const numeric = await pool.query<{ name: string; scale: number }>(
		`SELECT table_name || '.' || column_name AS name, numeric_scale AS scale FROM information_schema.columns WHERE table_schema = 'erp' AND data_type = 'numeric' AND numeric_scale IS NOT NULL`,
	);
	return { ids, peopleByEmail: new Map(people.rows.map((p) => [p.email, p.id])), scales: new Map(numeric.rows.map((r) => [r.name, r.scale])), deletedRowIds: new Set(deletedRowIds) };
}

export interface TableComparison {
	erpTable: string;
	docRows: number;
	erpRows: number;
	valuesChecked: number;
	mismatches: string[];
}

/** Compares one table of the doc with its erp table (live rows only; Run Log rows without a Coda row are not mirrored). */
export async function compareTable(coda: CodaEmulator, pool: Pool, spec: DocSpec, erpTable: string, ctx: MirrorContext): Promise<TableComparison> {
	const tableSpec = spec.tables.find((t) => t.erpTable === erpTable);
	const live = coda.tables().find((t) => t.erpTable === erpTable);
	if (!tableSpec || !live) throw new Error(`the sample doc has no table for erp.${erpTable}`);
	const rows = await docRows(coda, live.id);
	const { rows: erpRows } = await pool.query<ErpRow>(`SELECT * FROM ${quoted(erpTable)} WHERE coda_row_id IS NOT NULL AND deleted_at IS NULL`);
	const byCodaId = new Map(erpRows.map((r) => [r.coda_row_id, r]));
	const mismatches: string[] = [];
	const docIds = new Set(rows.map((r) => r.id));
	for (const r of erpRows) if (!docIds.has(r.coda_row_id)) mismatches.push(`${erpTable} ${r.coda_row_id}: live in erp, not in the doc`);
	let valuesChecked = 0;
	for (const docRow of rows) {
		const erpRow = byCodaId.get(docRow.id);
		if (!erpRow) {
			mismatches.push(`${erpTable} ${docRow.id}: in the doc, missing in erp`);
			continue;
		}
		for (const col of tableSpec.columns) {
			if (!(col.name in docRow.values) || !col.erpColumns?.length) continue;
			const found = compareColumn(erpTable, col, docRow.values[col.name], erpRow, ctx);
			if (!found) continue;
			mismatches.push(...found.map((m) => `${erpTable} ${docRow.id} ${m}`));
			valuesChecked++;
		}
	}
	return { erpTable, docRows: rows.length, erpRows: erpRows.length, valuesChecked, mismatches };
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
