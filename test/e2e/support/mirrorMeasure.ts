// How faithfully `erp` mirrors a Coda doc it was not designed from: for every Coda row, is it live
// in its erp table; for every non-empty cell, is it kept in coda_row exactly as Coda sent it, and
// does a typed column hold it (equal after the conversion the README states). The mapping is
// read from what the sync recorded (erp.sync_state.column_bindings), never from our schema, so
// the same measure holds for any doc. Coda's side is read through its API, as a client would.
import type { Pool } from 'pg';
import type { CodaEmulator } from '../../coda-emulator';
import { stripMarkdown } from '../../coda-emulator/render';
import { codaGet } from './docMirror';

export interface CellMismatch {
	table: string;
	rowId: string;
	column: string;
	erpColumn: string;
	coda: unknown;
	erp: unknown;
}

export interface MirrorMeasure {
	rows: number;
	rowsLive: number;
	/** Non-empty Coda cells. */
	values: number;
	/** In a typed column and equal after conversion. */
	typedEqual: number;
	/** In a typed column, but not equal (and not recorded in erp.cell_issues). */
	typedUnequal: CellMismatch[];
	/** Stored as NULL with a reason in erp.cell_issues. */
	withIssue: number;
	/** Only in coda_row: Coda column name → cells. */
	untyped: Map<string, number>;
	/** Not even in coda_row as Coda sent it. */
	lost: CellMismatch[];
	quarantined: number;
	/** Rows missing from erp: "table/rowId". */
	missingRows: string[];
	/** Tables the caller said no erp table mirrors (a doc's tables outside every business area), with their rows. */
	notMirrored: Array<{ table: string; rows: number }>;
}

interface CodaColumn {
	id: string;
	name: string;
	format: { type: string; isArray?: boolean };
}

interface CodaRow {
	id: string;
	values: Record<string, unknown>;
}

async function listAll<T>(coda: CodaEmulator, path: string, query: Record<string, string> = {}): Promise<T[]> {
	const items: T[] = [];
	let pageToken: string | undefined;
	do {
		const params = new URLSearchParams(pageToken ? { pageToken } : { ...query, limit: '500' });
		const page = await codaGet<{ items: T[]; nextPageToken?: string }>(coda, `${path}?${params.toString()}`);
		items.push(...page.items);
		pageToken = page.nextPageToken;
	} while (pageToken);
	return items;
}

const isEmptyCell = (v: unknown) => v === null || v === undefined || v === '' || (Array.isArray(v) && v.length === 0);
const fenced = (v: string) => /^```([\s\S]*)```$/.exec(v)?.[1];
const plain = (v: unknown) => (typeof v === 'string' ? (fenced(v) ?? v) : v);
const words = (s: string) => s.replace(/[*_`#>~[\]()-]/g, ' ').replace(/\s+/g, ' ').trim();
const field = (v: unknown, key: string) => (v && typeof v === 'object' ? (v as Record<string, unknown>)[key] : undefined);
const near = (a: number, b: number) => Math.abs(a - b) <= 0.006 + Math.abs(b) * 1e-9;
/** JSON with object keys sorted: jsonb keeps its own key order, which says nothing about the value. */
const canonical = (v: unknown): string =>
	JSON.stringify(v, (_k, x: unknown) => (x && typeof x === 'object' && !Array.isArray(x) ? Object.fromEntries(Object.entries(x as object).sort(([a], [b]) => (a < b ? -1 : 1))) : x));

/** Seconds in Coda's duration text ("1 hr 30 mins", "2 days 3 hrs"), or in an ISO 8601 duration. */
function durationSeconds(text: string): number | null {
	const units: Record<string, number> = { d: 86400, day: 86400, days: 86400, hr: 3600, hrs: 3600, hour: 3600, hours: 3600, min: 60, mins: 60, minute: 60, minutes: 60, sec: 1, secs: 1, second: 1, seconds: 1 };
	let total = 0;
	let found = false;
	for (const m of text.matchAll(/(-?\d+(?:\.\d+)?)\s*([a-z]+)/gi)) {
		const size = units[m[2].toLowerCase()];
		if (size === undefined) return null;
		total += Number(m[1]) * size;
		found = true;
	}
	return found ? total : null;
}

/** Row ids of a lookup cell (a row's url holds its position, which other rows' deletion shifts). */
const rowIdsOf = (v: unknown) => (Array.isArray(v) ? v : [v]).map((x) => field(x, 'rowId')).filter((id) => typeof id === 'string');

/** Whether coda_row keeps the Coda value: the same JSON, or for a lookup the same rows. */
function kept(type: string, coda: unknown, stored: unknown): boolean {
	if (canonical(coda) === canonical(stored)) return true;
	if (type !== 'lookup') return false;
	const have = new Set(rowIdsOf(stored));
	const want = rowIdsOf(coda);
	return want.length > 0 && want.every((id) => have.has(id));
}

/** One scalar Coda value against what the erp column holds (`erp` as pg returns it). */
/** erp.people's emails by Coda row id: a contact kept as a lookup into People is stored as that person's email. */
type PeopleEmails = Map<string, string>;

function scalarEqual(type: string, coda: unknown, erp: unknown, erpType: string, erpColumn: string, people: PeopleEmails): boolean {
	if (erp === null || erp === undefined) return false;
	// Structured values say what they are, whatever the column's format (formulas, reactions).
	switch (field(coda, '@type')) {
		case 'Person':
			return String(erp).toLowerCase() === String(field(coda, 'email') ?? '').toLowerCase();
		case 'StructuredValue': {
			const rowId = field(coda, 'rowId') as string;
			return erp === rowId || (erpColumn.endsWith('_email') && String(erp).toLowerCase() === people.get(rowId)?.toLowerCase());
		}
		case 'MonetaryAmount':
			return near(Number(erp), Number(field(coda, 'amount')));
		case 'WebPage':
		case 'ImageObject':
			return erp === field(coda, 'url');
	}
	switch (type) {
		case 'number':
		case 'slider':
		case 'scale':
			return near(Number(erp), Number(plain(coda)));
		case 'percent': {
			const fraction = Number(plain(coda));
			return near(Number(erp), fraction) || near(Number(erp), fraction * 100);
		}
		case 'currency':
			return near(Number(erp), Number(plain(coda)));
		case 'checkbox':
			return erp === coda || String(erp) === String(coda);
		case 'date':
			return String(erp) === String(coda).slice(0, 10);
		case 'dateTime':
			return erp instanceof Date ? erp.getTime() === Date.parse(String(coda)) : String(erp).slice(0, 10) === String(coda).slice(0, 10);
		case 'time':
			return String(erp).slice(0, 8) === String(coda).slice(11, 19) || String(erp).slice(0, 8) === String(plain(coda)).slice(0, 8);
		case 'duration': {
			const seconds = durationSeconds(String(plain(coda)));
			if (seconds === null) return false;
			if (erpType === 'interval') return near(Number(erp), seconds);
			const unit = /_(minutes|hours|days)$/.exec(erpColumn)?.[1];
			return near(Number(erp), seconds / ({ minutes: 60, hours: 3600, days: 86400 }[unit ?? ''] ?? 1));
		}
		default: {
			// Formatted text is Markdown; erp holds its plain text, as Coda's own simple format gives it.
			const text = String(plain(coda));
			return erp === text || words(String(erp)) === words(text) || words(String(erp)) === words(stripMarkdown(text));
		}
	}
}

function cellEqual(col: CodaColumn, coda: unknown, erp: unknown, erpType: string, erpColumn: string, people: PeopleEmails): boolean {
	const equal = (c: unknown, e: unknown) => scalarEqual(col.format.type, c, e, erpType, erpColumn, people);
	const list = Array.isArray(coda) ? coda : null;
	if (list && Array.isArray(erp)) return list.length === erp.length && list.every((c, i) => equal(c, erp[i]));
	if (list && list.length === 1) return equal(list[0], erp);
	if (list) return typeof erp === 'string' && erp === list.map((c) => String(plain(field(c, 'name') ?? c))).join(', ');
	return equal(coda, erp);
}

/**
 * Measures every table erp.sync_state knows for the emulator's doc and counts the rest as missing,
 * except the tables named in `notMirrored` (by Coda name): those only count as not mirrored.
 */
export async function measureMirror(coda: CodaEmulator, pool: Pool, options: { notMirrored?: string[] } = {}): Promise<MirrorMeasure> {
	const out: MirrorMeasure = { rows: 0, rowsLive: 0, values: 0, typedEqual: 0, typedUnequal: [], withIssue: 0, untyped: new Map(), lost: [], quarantined: 0, missingRows: [], notMirrored: [] };
	const notMirrored = new Set(options.notMirrored ?? []);
	const { rows: states } = await pool.query<{ coda_table_id: string; erp_table: string; column_bindings: Record<string, string> }>(
		`SELECT coda_table_id, erp_table, column_bindings FROM erp.sync_state WHERE coda_doc_id = $1`,
		[coda.docId],
	);
	const stateOf = new Map(states.map((s) => [s.coda_table_id, s]));
	const { rows: types } = await pool.query<{ t: string; c: string; type: string }>(
		`SELECT table_name AS t, column_name AS c, CASE WHEN data_type = 'ARRAY' THEN 'array' ELSE data_type END AS type FROM information_schema.columns WHERE table_schema = 'erp'`,
	);
	const typeOf = new Map(types.map((r) => [`${r.t}.${r.c}`, r.type]));
	const { rows: issues } = await pool.query<{ k: string }>(`SELECT erp_table || '/' || coda_row_id || '/' || coda_column_id AS k FROM erp.cell_issues`);
	const issueKeys = new Set(issues.map((r) => r.k));
	out.quarantined = (await pool.query<{ n: number }>(`SELECT count(*)::int AS n FROM erp.quarantine`)).rows[0].n;
	const { rows: people } = await pool.query<{ k: string; e: string }>(`SELECT coda_row_id AS k, email AS e FROM erp.people WHERE email IS NOT NULL`);
	const emails: PeopleEmails = new Map(people.map((p) => [p.k, p.e]));

	for (const table of await listAll<{ id: string; name: string }>(coda, `/docs/${coda.docId}/tables`)) {
		const columns = await listAll<CodaColumn>(coda, `/docs/${coda.docId}/tables/${table.id}/columns`);
		const codaRows = await listAll<CodaRow>(coda, `/docs/${coda.docId}/tables/${table.id}/rows`, { valueFormat: 'rich' });
		const state = stateOf.get(table.id);
		if (!state && notMirrored.has(table.name)) {
			out.notMirrored.push({ table: table.name, rows: codaRows.length });
			continue;
		}
		out.rows += codaRows.length;
		if (!state) {
			out.missingRows.push(...codaRows.map((r) => `${table.name}/${r.id}`));
			continue;
		}
		const erpTable = state.erp_table;
		// Intervals come back as seconds, to compare with Coda's durations; dates as their text
		// (pg would make a JS Date at the test process's local midnight).
		const ofType = (type: string) => [...typeOf].filter(([k, t]) => k.startsWith(`${erpTable}.`) && t === type).map(([k]) => k.slice(erpTable.length + 1));
		const extra = [
			...ofType('interval').map((c) => `, extract(epoch from "${c}")::float8 AS "${c}"`),
			...ofType('date').map((c) => `, "${c}"::text AS "${c}"`),
		].join('');
		const { rows: erpRows } = await pool.query(`SELECT *${extra} FROM erp."${erpTable}" WHERE deleted_at IS NULL AND coda_row_id = ANY($1::text[])`, [codaRows.map((r) => r.id)]);
		const byId = new Map(erpRows.map((r) => [r.coda_row_id as string, r as Record<string, unknown>]));
		for (const row of codaRows) {
			const stored = byId.get(row.id);
			if (!stored) {
				out.missingRows.push(`${table.name}/${row.id}`);
				continue;
			}
			out.rowsLive++;
			const codaRow = (stored.coda_row ?? {}) as Record<string, unknown>;
			for (const col of columns) {
				const value = row.values[col.id];
				if (isEmptyCell(value) || col.format.type === 'button') continue;
				out.values++;
				if (!kept(col.format.type, value, codaRow[col.id])) {
					out.lost.push({ table: table.name, rowId: row.id, column: col.name, erpColumn: 'coda_row', coda: value, erp: codaRow[col.id] });
				}
				const erpColumn = state.column_bindings[col.id];
				if (!erpColumn || !(erpColumn in stored)) {
					out.untyped.set(`${table.name}.${col.name}`, (out.untyped.get(`${table.name}.${col.name}`) ?? 0) + 1);
					continue;
				}
				if (issueKeys.has(`${erpTable}/${row.id}/${col.id}`)) {
					out.withIssue++;
					continue;
				}
				const erpType = typeOf.get(`${erpTable}.${erpColumn}`) ?? 'text';
				if (cellEqual(col, value, stored[erpColumn], erpType, erpColumn, emails)) out.typedEqual++;
				else out.typedUnequal.push({ table: table.name, rowId: row.id, column: col.name, erpColumn, coda: value, erp: stored[erpColumn] });
			}
		}
	}
	return out;
}

/** The measure in words, for assertion messages and the closing note. */
export function describeMeasure(m: MirrorMeasure): string {
	const pct = (n: number, d: number) => (d ? `${((100 * n) / d).toFixed(1)}%` : 'n/a');
	const untyped = [...m.untyped].sort((a, b) => b[1] - a[1]).slice(0, 12).map(([c, n]) => `${c} (${n})`);
	return [
		`rows live ${m.rowsLive}/${m.rows} (${pct(m.rowsLive, m.rows)})`,
		`non-empty values ${m.values}: typed and equal ${m.typedEqual} (${pct(m.typedEqual, m.values)}), NULL with a recorded reason ${m.withIssue}, typed but unequal ${m.typedUnequal.length}, only in coda_row ${[...m.untyped.values()].reduce((a, b) => a + b, 0)}, lost ${m.lost.length}`,
		`quarantined ${m.quarantined}`,
		m.notMirrored.length ? `not mirrored (no business area): ${m.notMirrored.map((t) => `${t.table} (${t.rows} rows)`).join(', ')}` : '',
		untyped.length ? `only in coda_row: ${untyped.join(', ')}` : '',
		m.typedUnequal.length ? `unequal, e.g. ${JSON.stringify(m.typedUnequal.slice(0, 5))}` : '',
		m.lost.length ? `lost, e.g. ${JSON.stringify(m.lost.slice(0, 3))}` : '',
	]
		.filter(Boolean)
		.join('\n');
}
