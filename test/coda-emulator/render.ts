// Renders internal cells the way Coda's API returns them for each valueFormat:
// simple (scalars; lists comma-joined), simpleWithArrays (lists as arrays), rich (Markdown text,
// JSON-LD objects for currency, people, lookups, links and images).
import { DateTime, IANAZone } from 'luxon';
import type { Cell, SingleCell } from './docModel';
import type { EmuColumn, EmuDoc, EmuRow, EmuTable } from './store';

export type ValueFormat = 'simple' | 'simpleWithArrays' | 'rich';
export const VALUE_FORMATS: readonly ValueFormat[] = ['simple', 'simpleWithArrays', 'rich'];

/** The sample doc's time zone (docs may set another: `DocSpec.timeZone`). */
export { DEFAULT_TIME_ZONE as DOC_TIMEZONE } from './store';
const CONTEXT = 'http://schema.org';
const CURRENCY_SYMBOLS: Record<string, string> = { USD: '$', EUR: '€', GBP: '£' };

/** Text needs Markdown when it has formatting; Coda wraps unformatted text in triple backticks. */
const FORMATTED = /[*_`#[\]>~]|\n|^\s*[-+]\s/;

// Time-zone arithmetic is the slow part of rendering big pages, so offsets are cached per zone and
// hour (zones change offset on hour boundaries) and dates per zone and day.
interface ZoneCache {
	zone: IANAZone;
	offsetByHour: Map<number, number>;
	isoByDate: Map<string, string | null>;
}
const zoneCaches = new Map<string, ZoneCache>();

function cacheFor(timeZone: string): ZoneCache {
	let cache = zoneCaches.get(timeZone);
	if (!cache) zoneCaches.set(timeZone, (cache = { zone: IANAZone.create(timeZone), offsetByHour: new Map(), isoByDate: new Map() }));
	return cache;
}

/** An instant as Coda renders a date-time: local time in the doc's zone, with that moment's offset. */
export function localIso(ms: number, timeZone: string): string {
	const { zone, offsetByHour } = cacheFor(timeZone);
	const hour = Math.floor(ms / 3_600_000);
	let offset = offsetByHour.get(hour);
	if (offset === undefined) offsetByHour.set(hour, (offset = zone.offset(ms)));
	const abs = Math.abs(offset);
	const sign = offset < 0 ? '-' : '+';
	return `${new Date(ms + offset * 60_000).toISOString().slice(0, 23)}${sign}${String(Math.floor(abs / 60)).padStart(2, '0')}:${String(abs % 60).padStart(2, '0')}`;
}

/** A date (YYYY-MM-DD) as Coda renders it: local midnight in the doc's zone, with that day's offset. */
export function localMidnightIso(date: string, timeZone: string): string | null {
	const { isoByDate } = cacheFor(timeZone);
	let iso = isoByDate.get(date);
	if (iso === undefined) isoByDate.set(date, (iso = DateTime.fromISO(date, { zone: timeZone }).toISO()));
	return iso;
}

export function stripMarkdown(md: string): string {
	if (!FORMATTED.test(md)) return md;
	return md
		.replace(/\[([^\]]*)\]\([^)]*\)/g, '$1')
		.replace(/(\*\*|__|\*|_|`)(.*?)\1/g, '$2')
		.replace(/^\s*[-+]\s+/gm, '')
		.replace(/\n{2,}/g, '\n');
}

export function formatDuration(seconds: number): string {
	const parts: string[] = [];
	let rest = Math.round(seconds);
	for (const [unit, size] of [['day', 86_400], ['hr', 3_600], ['min', 60], ['sec', 1]] as const) {
		const n = Math.floor(rest / size);
		rest -= n * size;
		if (n > 0) parts.push(`${n} ${unit}${n === 1 ? '' : 's'}`);
	}
	return parts.length ? parts.join(' ') : '0 secs';
}

function formatCurrency(amount: number, code: string): string {
	const fixed = Math.abs(amount).toLocaleString('en-US', { minimumFractionDigits: 2, maximumFractionDigits: 2 });
	return `${amount < 0 ? '-' : ''}${CURRENCY_SYMBOLS[code] ?? `${code} `}${fixed}`;
}

export function codaDocUrl(doc: EmuDoc): string {
	return `https://coda.io/d/_d${doc.id}`;
}

export function rowName(table: EmuTable, row: EmuRow): string {
	const value = renderCell(table, table.displayColumn, table.cell(row, table.displayColumn), 'simple');
	return typeof value === 'string' ? value : String(value);
}

function renderSingle(table: EmuTable, col: EmuColumn, cell: SingleCell, format: ValueFormat): unknown {
	const rich = format === 'rich';
	const type = col.format.type;
	if (typeof cell === 'object') {
		if (cell.kind === 'person') return rich ? { '@context': CONTEXT, '@type': 'Person', name: cell.name, email: cell.email } : cell.name;
		if (cell.kind === 'row') {
			const target = col.lookupTarget ? table.doc.tableByErp(col.lookupTarget) : undefined;
			const row = target?.byId.get(cell.rowId);
			if (!target || !row) return null; // the referenced row was deleted: Coda drops the reference
			const name = rowName(target, row);
			if (!rich) return name;
			const tableUrl = `${codaDocUrl(table.doc)}/${target.id}`;
			return {
				'@context': CONTEXT, '@type': 'StructuredValue', additionalType: 'row', name,
				rowId: row.id, tableId: target.id, tableUrl, url: `${tableUrl}#_r${target.position(row) + 1}`,
			};
		}
		if (!rich) return cell.url;
		if (type === 'link') return { '@context': CONTEXT, '@type': 'WebPage', name: cell.name ?? cell.url, url: cell.url };
		const image: Record<string, unknown> = { '@context': CONTEXT, '@type': 'ImageObject', name: cell.name, url: cell.url };
		if (cell.width !== undefined) Object.assign(image, { width: cell.width, height: cell.height });
		return { ...image, status: 'live' };
	}
	switch (type) {
		case 'text':
		case 'canvas': {
			const text = String(cell);
			if (!rich) return stripMarkdown(text);
			return FORMATTED.test(text) ? text : `\`\`\`${text}\`\`\``;
		}
		case 'currency': {
			const code = String(col.format.currencyCode ?? 'USD');
			return rich ? { '@context': CONTEXT, '@type': 'MonetaryAmount', currency: code, amount: cell } : formatCurrency(Number(cell), code);
		}
		case 'select':
			// Coda wraps a select value like plain text in rich format (recorded: "```Small```").
			return rich ? `\`\`\`${String(cell)}\`\`\`` : cell;
		case 'date':
			return localMidnightIso(String(cell), table.doc.timeZone);
		case 'dateTime':
			return localIso(Number(cell), table.doc.timeZone);
		case 'duration':
			return formatDuration(Number(cell));
		default:
			return cell;
	}
}

/** One cell in the requested format; an empty cell is "" (a list column: [] outside simple). */
export function renderCell(table: EmuTable, col: EmuColumn, cell: Cell | null, format: ValueFormat): unknown {
	if (Array.isArray(cell) || col.format.isArray) {
		const items = (Array.isArray(cell) ? cell : cell === null ? [] : [cell])
			.map((c) => renderSingle(table, col, c, format))
			.filter((v) => v !== null && v !== '');
		if (format !== 'simple') return items;
		return items.map((v) => String(v)).join(',');
	}
	if (cell === null) return '';
	return renderSingle(table, col, cell, format) ?? '';
}
