// Turns the simple values of a row edit (`{cells: [{column, value}]}`) into internal cells, as
// Coda parses what a person types: numbers from "1,200.50", people by email, lookups by row id
// or display name, dates from ISO strings, durations from "1 hr 30 mins" or a number of days.
import { DateTime, Duration } from 'luxon';
import type { Cell, SingleCell } from './docModel';
import { rowName } from './render';
import type { EmuColumn, EmuDoc, EmuTable } from './store';

export class BadRequest extends Error {
	constructor(message: string, readonly codaDetail?: { validationErrors: Array<{ path: string; message: string }> }) {
		super(message);
	}
}

export interface ParsedEdit {
	cells: Map<string, Cell | null>;
	/** Values that could not be linked (Coda applies the edit and reports a warning). */
	warnings: string[];
}

const NOT_EDITABLE = new Set(['button', 'reaction', 'packObject', 'other']);
const UNIT_SECONDS: Record<string, number> = { day: 86_400, hr: 3_600, hour: 3_600, min: 60, minute: 60, sec: 1, second: 1 };

function invalid(path: string, message: string): BadRequest {
	return new BadRequest(`Invalid value at ${path}: ${message}`, { validationErrors: [{ path, message }] });
}

function parseNumber(value: unknown, path: string): number {
	const n = typeof value === 'number' ? value : Number(String(value).replace(/[$€£,\s]/g, '').replace(/%$/, ''));
	if (typeof value === 'boolean' || !Number.isFinite(n)) throw invalid(path, `expected a number, got ${JSON.stringify(value)}`);
	return typeof value === 'string' && value.trim().endsWith('%') ? n / 100 : n;
}

function parseDuration(value: unknown, path: string): number {
	if (typeof value === 'number') return Math.round(value * 86_400); // Coda reads a bare number as days
	const text = String(value).trim();
	if (/^P/i.test(text)) {
		const d = Duration.fromISO(text.toUpperCase());
		if (d.isValid) return d.as('seconds');
	}
	const parts = [...text.matchAll(/(\d+(?:\.\d+)?)\s*(day|hr|hour|min|minute|sec|second)s?/gi)];
	if (parts.length === 0) throw invalid(path, `expected a duration like "1 hr 30 mins", got ${JSON.stringify(value)}`);
	return parts.reduce((sum, m) => sum + Number(m[1]) * UNIT_SECONDS[m[2].toLowerCase()], 0);
}

function parseInstant(value: unknown, path: string, zone: string): DateTime {
	const dt = typeof value === 'number' ? DateTime.fromMillis(value, { zone }) : DateTime.fromISO(String(value), { zone });
	if (!dt.isValid) throw invalid(path, `expected an ISO 8601 date, got ${JSON.stringify(value)}`);
	return dt;
}

/** A person by email (or, like Coda, by full name) in the doc's people table; an unknown email is kept as is. */
function findPerson(doc: EmuDoc, text: string): { name: string; email: string } | null {
	const people = doc.peopleTable;
	const emailCol = people?.columns.find((c) => c.format.type === 'email');
	if (people && emailCol) {
		const wanted = text.toLowerCase();
		for (const row of people.rows) {
			const cell = people.cell(row, emailCol);
			if (typeof cell !== 'string') continue;
			if (cell.toLowerCase() === wanted || (!text.includes('@') && rowName(people, row) === text)) return { name: rowName(people, row), email: cell };
		}
	}
	return text.includes('@') ? { name: text.split('@')[0], email: text } : null;
}

function parseSingle(table: EmuTable, col: EmuColumn, value: unknown, path: string, warnings: string[]): SingleCell | null {
	if (value === null || value === '') return null;
	if (typeof value === 'object') throw invalid(path, 'expected a string, number or boolean');
	const text = String(value).trim();
	switch (col.format.type) {
		case 'number': case 'percent': case 'slider': case 'scale': case 'currency':
			return parseNumber(value, path);
		case 'checkbox':
			if (typeof value === 'boolean') return value;
			if (text === 'true' || text === 'false') return text === 'true';
			throw invalid(path, `expected true or false, got ${JSON.stringify(value)}`);
		case 'date':
			return parseInstant(value, path, table.doc.timeZone).toISODate();
		case 'dateTime':
			return parseInstant(value, path, table.doc.timeZone).toMillis();
		case 'time': {
			const m = /^(\d{1,2}):(\d{2})(?::(\d{2}))?$/.exec(text);
			if (!m || Number(m[1]) > 23 || Number(m[2]) > 59) throw invalid(path, `expected a time like 14:30, got ${JSON.stringify(value)}`);
			return `${m[1].padStart(2, '0')}:${m[2]}:${m[3] ?? '00'}`;
		}
		case 'duration':
			return parseDuration(value, path);
		case 'person': {
			const person = findPerson(table.doc, text);
			if (!person) throw invalid(path, `expected a person's email or the full name of someone in ${table.doc.peopleTable?.name ?? 'the doc'}, got ${JSON.stringify(value)}`);
			return { kind: 'person', ...person };
		}
		case 'lookup': {
			const target = col.lookupTarget ? table.doc.tableByErp(col.lookupTarget) : undefined;
			const row = target?.byId.get(text) ?? target?.rows.find((r) => rowName(target, r) === text);
			if (!row) {
				warnings.push(`${path}: no row "${text}" in ${target?.name ?? 'the lookup table'}; the cell was left empty`);
				return null;
			}
			return { kind: 'row', rowId: row.id };
		}
		case 'link': case 'image': case 'attachments':
			return { kind: 'url', url: text, name: text.split('/').pop() || text };
		default:
			return String(value);
	}
}

export function parseValue(table: EmuTable, col: EmuColumn, value: unknown, path: string, warnings: string[]): Cell | null {
	if (!col.format.isArray) return parseSingle(table, col, value, path, warnings);
	const items = Array.isArray(value) ? value : typeof value === 'string' ? value.split(',').map((s) => s.trim()) : [value];
	const cells = items.map((v, i) => parseSingle(table, col, v, `${path}[${i}]`, warnings)).filter((c): c is SingleCell => c !== null);
	return cells.length ? cells : null;
}

/** Validates and parses `cells` of one row edit; `path` names it in errors (e.g. `rows[3]`). */
export function parseRowEdit(table: EmuTable, edit: unknown, path: string): ParsedEdit {
	const cellsIn = (edit as { cells?: unknown } | null)?.cells;
	if (!Array.isArray(cellsIn)) throw invalid(`${path}.cells`, 'expected an array of {column, value}');
	const cells = new Map<string, Cell | null>();
	const warnings: string[] = [];
	cellsIn.forEach((c: unknown, i) => {
		const where = `${path}.cells[${i}]`;
		const { column, value } = (c ?? {}) as { column?: unknown; value?: unknown };
		if (typeof column !== 'string' || column === '') throw invalid(`${where}.column`, 'expected a column id or name');
		if (value === undefined) throw invalid(`${where}.value`, 'is required');
		const col = table.findColumn(column);
		if (!col) throw invalid(`${where}.column`, `no column "${column}" in table ${table.name}`);
		if (col.calculated || NOT_EDITABLE.has(col.format.type)) throw invalid(`${where}.column`, `column "${col.name}" is calculated and cannot be edited`);
		cells.set(col.id, parseValue(table, col, value, `${where}.value`, warnings));
	});
	return { cells, warnings };
}
