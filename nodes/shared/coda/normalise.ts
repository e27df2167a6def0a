// Coda rich values (valueFormat=rich) → the normalised shapes of DEVELOPERS.md, by column format.
import { DateTime, Duration } from 'luxon';
import type { CodaColumnFormat } from './apiSchemas';
import { markdownToPlainText, unwrapBackticks } from './markdown';

type Normaliser = (value: unknown, format: CodaColumnFormat) => unknown;

/** Normalises one cell. Formats this module does not know pass the value through unchanged. */
export function normaliseValue(value: unknown, format: CodaColumnFormat | undefined): unknown {
	if (!format || !Object.hasOwn(NORMALISERS, format.type)) return value;
	return normaliseWith(NORMALISERS[format.type], value, format);
}

/** Formulas nest lists a few levels deep; a list deeper than this is passed on as Coda sent it (recursion stays bounded). */
const MAX_LIST_DEPTH = 100;

function normaliseWith(normaliser: Normaliser, value: unknown, format: CodaColumnFormat, depth = 0): unknown {
	if (isEmpty(value)) return null;
	if (Array.isArray(value)) {
		if (depth === MAX_LIST_DEPTH) return value;
		// Lists (and lists of lists, e.g. from formulas) keep their structure; empty lists are empty cells.
		return value.map((element) => normaliseWith(normaliser, element, format, depth + 1));
	}
	return normaliser(value, format);
}

function isEmpty(value: unknown): boolean {
	return value === null || value === undefined || value === '' || (Array.isArray(value) && value.length === 0);
}

const text: Normaliser = (value) => (typeof value === 'string' ? markdownToPlainText(value) : byShape(value));

/** Strings lose Coda's backtick wrapping (no Markdown rules: emails and URLs keep their underscores); objects go by their @type. */
const plainString: Normaliser = (value) => (typeof value === 'string' ? unwrapBackticks(value) : byShape(value));

const number: Normaliser = (value) => {
	if (typeof value === 'number') return value;
	if (typeof value === 'string') return parseNumber(unwrapBackticks(value)) ?? value;
	return byShape(value);
};

/** Coda's percent is a fraction (0.15 for 15 %); "15%" as text means the same. */
const percent: Normaliser = (value, format) => {
	if (typeof value === 'string' && /%\s*$/.test(unwrapBackticks(value))) {
		const n = parseNumber(unwrapBackticks(value));
		if (n !== null) return Number((n / 100).toPrecision(15));
	}
	return number(value, format);
};

const currency: Normaliser = (value, format) => {
	if (typeof value === 'number') return { amount: value, currency: format.currencyCode ?? null };
	if (isTyped(value, 'MonetaryAmount')) {
		const amount = typeof value.amount === 'number' ? value.amount : parseNumber(String(value.amount ?? ''));
		const code = typeof value.currency === 'string' ? value.currency : (format.currencyCode ?? null);
		return { amount, currency: code };
	}
	if (typeof value === 'string') {
		const amount = parseNumber(unwrapBackticks(value));
		return amount === null ? value : { amount, currency: format.currencyCode ?? null };
	}
	return value;
};

const checkbox: Normaliser = (value) => {
	if (typeof value === 'boolean') return value;
	if (value === 'true' || value === 'false') return value === 'true';
	return value;
};

const date: Normaliser = (value) =>
	withDateTime(value, (iso) => iso.slice(0, 10), (dt) => dt.toISODate());
// A date-time keeps the doc's UTC offset as Coda sent it: the instant is the same, and a date
// column fed from it gets the calendar day of the doc's time zone, not of UTC.
const dateTime: Normaliser = (value) => withDateTime(value, (iso) => iso, (dt) => dt.toISO());
const time: Normaliser = (value) => {
	if (typeof value !== 'string') return value;
	return clockTime(unwrapBackticks(value).trim()) ?? withDateTime(value, (iso) => iso.slice(11, 19), (dt) => dt.toFormat('HH:mm:ss'));
};

const duration: Normaliser = (value) => {
	if (typeof value === 'number') return isoDuration(value * 86_400);
	if (typeof value !== 'string') return value;
	const seconds = durationSeconds(unwrapBackticks(value).trim());
	return seconds === null ? value : isoDuration(seconds);
};

/** Coda column format types this module knows; the rest (packObject, button, other, …) stay raw. */
const NORMALISERS: Record<string, Normaliser> = {
	text,
	canvas: text,
	email: plainString,
	select: plainString,
	number,
	percent,
	slider: number,
	scale: number,
	currency,
	person: plainString,
	reaction: plainString,
	lookup: plainString,
	link: plainString,
	image: plainString,
	imageReference: plainString,
	attachments: plainString,
	checkbox,
	date,
	dateTime,
	time,
	duration,
};

type Typed = Record<string, unknown> & { '@type'?: unknown };

function isTyped(value: unknown, type: string): value is Typed {
	return !!value && typeof value === 'object' && (value as Typed)['@type'] === type;
}

/** JSON-LD objects describe themselves, whatever the column says (formula columns mix types). */
function byShape(value: unknown): unknown {
	if (!value || typeof value !== 'object') return value;
	const object = value as Typed;
	switch (object['@type']) {
		case 'Person':
			return { email: stringOrNull(object.email), name: stringOrNull(object.name) };
		case 'StructuredValue':
			if (typeof object.rowId === 'string') {
				return { rowId: object.rowId, tableId: stringOrNull(object.tableId), name: stringOrNull(object.name) };
			}
			return value;
		case 'WebPage':
		case 'ImageObject':
		case 'MediaObject':
			return typeof object.url === 'string' ? object.url : value;
		case 'MonetaryAmount':
			return currency(value, { type: 'currency' });
		default:
			return value;
	}
}

function stringOrNull(value: unknown): string | null {
	return typeof value === 'string' && value !== '' ? value : null;
}

/** "1,234.50", "$12.5", "45%" → number; null when the text holds no single number. */
function parseNumber(text: string): number | null {
	// Only a currency sign may precede the number: "~3" is not 3, and stays text for coda_row.
	const cleaned = text.replace(/[,\s]/g, '').replace(/^[$€£¥₹]/, '').replace(/%$/, '');
	if (!/^[+-]?(\d+\.?\d*|\.\d+)(e[+-]?\d+)?$/i.test(cleaned)) return null;
	return Number(cleaned);
}

/** Coda's own spelling: an ISO timestamp with the doc's UTC offset. */
const CODA_TIMESTAMP = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{1,3})?(Z|[+-]\d{2}:\d{2})$/;

/**
 * Coda sends dates, date-times and times as ISO timestamps in the doc's time zone; those take a
 * fast path (luxon costs tens of microseconds per value, which adds up over 100k-row tables).
 * Other spellings are parsed with luxon, trying the likely formats first.
 */
function withDateTime(
	value: unknown,
	fromCodaTimestamp: (iso: string) => string,
	format: (dt: DateTime) => string | null,
): unknown {
	if (typeof value === 'number') return format(DateTime.fromMillis(value, { zone: 'utc' })) ?? value;
	if (typeof value !== 'string') return value;
	const trimmed = unwrapBackticks(value).trim();
	if (CODA_TIMESTAMP.test(trimmed)) return fromCodaTimestamp(trimmed);
	for (const parse of DATE_PARSERS) {
		const parsed = parse(trimmed);
		if (parsed.isValid) return format(parsed) ?? value;
	}
	return value;
}

const DATE_PARSERS: Array<(text: string) => DateTime> = [
	(text) => DateTime.fromISO(text, { setZone: true, zone: 'utc' }),
	(text) => DateTime.fromRFC2822(text, { setZone: true, zone: 'utc' }),
	(text) => DateTime.fromFormat(text, 'M/d/yyyy', { zone: 'utc' }),
	(text) => DateTime.fromFormat(text, 'M/d/yyyy h:mm a', { zone: 'utc', locale: 'en-US' }),
	(text) => DateTime.fromFormat(text, 'M/d/yyyy H:mm:ss', { zone: 'utc' }),
];

/** "14:30", "14:30:00", "2:30 PM" → "14:30:00"; null for anything else. */
function clockTime(text: string): string | null {
	const match = /^(\d{1,2}):(\d{2})(?::(\d{2})(?:\.\d+)?)?\s*([AaPp][Mm])?$/.exec(text);
	if (!match) return null;
	let hours = Number(match[1]);
	const [minutes, seconds, meridiem] = [Number(match[2]), Number(match[3] ?? 0), match[4]?.toLowerCase()];
	if (meridiem) {
		if (hours < 1 || hours > 12) return null;
		hours = (hours % 12) + (meridiem === 'pm' ? 12 : 0);
	}
	if (hours > 23 || minutes > 59 || seconds > 59) return null;
	return [hours, minutes, seconds].map((n) => String(n).padStart(2, '0')).join(':');
}

const UNIT_SECONDS: Array<[RegExp, number]> = [
	[/^(w|wk|wks|week|weeks)$/i, 604_800],
	[/^(d|day|days)$/i, 86_400],
	[/^(h|hr|hrs|hour|hours)$/i, 3600],
	[/^(m|min|mins|minute|minutes)$/i, 60],
	[/^(s|sec|secs|second|seconds)$/i, 1],
];

/** ISO 8601 ("PT1H30M"), clock form ("1:30:00") or unit phrases ("1 hr 30 mins", "2 days") → seconds. */
function durationSeconds(text: string): number | null {
	if (/^-?P/i.test(text)) {
		const iso = Duration.fromISO(text.toUpperCase());
		return iso.isValid ? iso.as('seconds') : null;
	}
	const clock = /^(\d+):([0-5]\d)(?::([0-5]\d(?:\.\d+)?))?$/.exec(text);
	if (clock) return Number(clock[1]) * 3600 + Number(clock[2]) * 60 + Number(clock[3] ?? 0);
	let total = 0;
	let consumed = '';
	const tokens = /(-?\d+(?:\.\d+)?)\s*([a-z]+)/gi;
	for (let match = tokens.exec(text); match; match = tokens.exec(text)) {
		const unit = match[2];
		const size = UNIT_SECONDS.find(([pattern]) => pattern.test(unit))?.[1];
		if (size === undefined) return null;
		total += Number(match[1]) * size;
		consumed += match[0];
	}
	if (!consumed || consumed.replace(/\s/g, '') !== text.replace(/[\s,]/g, '')) return null;
	return total;
}

/** Seconds → ISO 8601 in days, hours, minutes and seconds ("PT1H30M", "P2DT3H"), as luxon spells it. */
function isoDuration(totalSeconds: number): string {
	const sign = totalSeconds < 0 ? '-' : '';
	let rest = Math.abs(totalSeconds);
	const count = (size: number) => {
		const n = Math.floor(rest / size);
		rest -= n * size;
		return n;
	};
	const [days, hours, minutes] = [count(86_400), count(3600), count(60)];
	const seconds = Math.round(rest * 1000) / 1000;
	const time = [
		hours ? `${sign}${hours}H` : '',
		minutes ? `${sign}${minutes}M` : '',
		seconds ? `${sign}${seconds}S` : '',
	].join('');
	if (!days && !time) return 'PT0S';
	return `P${days ? `${sign}${days}D` : ''}${time ? `T${time}` : ''}`;
}

/** A Coda timestamp (row createdAt/updatedAt) as UTC ISO 8601; other text unchanged, empty → null. */
export function utcTimestamp(value: string | null | undefined): string | null {
	if (!value) return null;
	return withDateTime(value, (iso) => new Date(iso).toISOString(), (dt) => dt.toUTC().toISO()) as string;
}
