// A Coda value (as Coda Table Fetch normalises it) → the SQL text of one erp column, or NULL, or
// the reason the column cannot hold it. The one place that decides what a column accepts.
//
// Each column's converter is compiled once per catalogue entry from RULES: for each kind of
// column, the input shapes it takes, the canonical JS shape first, each either converting or
// rejecting with the reason. A converter runs the first rule whose shape matches, so the common
// case costs one typeof check and there is no second ("fast") path to keep in step. Vocabulary,
// range, numeric limits and duration unit come from the catalogue (declared by the schema's
// column helpers). Whatever a converter returns, PostgreSQL accepts as the column's type
// (test/erp/codaValueToSql.test.ts checks that against the server).
import { Duration } from 'luxon';
import type { ColumnInfo } from './catalog';
import { JsonValueError, toJsonb } from './jsonb';
import { normaliseName } from './names';

/** A cell that cannot be stored; the message names the value, the caller adds the column. */
export class CoercionError extends Error {}

/** The SQL text of one parameter (arrays as PostgreSQL array literals), or NULL. */
export type SqlText = string | null;

export type Converter = (value: unknown) => SqlText;

/** A value as a message shows it: JSON, at most 80 characters. */
export function preview(value: unknown): string {
	let text: string;
	try {
		text = typeof value === 'string' ? JSON.stringify(value) : (JSON.stringify(value) ?? String(value));
	} catch {
		text = String(value);
	}
	return text.length > 80 ? `${text.slice(0, 77)}…` : text;
}

const reject = (value: unknown, problem: string): never => {
	throw new CoercionError(`${preview(value)} ${problem}`);
};

/** The column's type, or its element type for an array column. */
const scalarType = (col: ColumnInfo) => (col.isArray ? col.sqlType.slice(0, -2) : col.sqlType);

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
const isEmpty = (v: unknown) => v === null || v === undefined || v === '';

/** One input shape a column takes: `takes` is a cheap test, `convert` gives the SQL text or throws CoercionError. */
interface Rule {
	takes(value: unknown): boolean;
	convert(value: unknown): string;
}

type Kind = 'integer' | 'numeric' | 'float' | 'boolean' | 'date' | 'timestamp' | 'time' | 'interval' | 'uuid' | 'json' | 'text';

function kindOf(col: ColumnInfo): Kind {
	switch (col.baseType) {
		case 'smallint':
		case 'integer':
		case 'bigint':
			return 'integer';
		case 'numeric':
			return 'numeric';
		case 'real':
		case 'double precision':
			return 'float';
		case 'boolean':
			return 'boolean';
		case 'date':
			return 'date';
		case 'timestamp with time zone':
		case 'timestamp without time zone':
		case 'timestamp':
			return 'timestamp';
		case 'time':
		case 'time without time zone':
			return 'time';
		case 'interval':
			return 'interval';
		case 'uuid':
			return 'uuid';
		case 'json':
		case 'jsonb':
			return 'json';
		default:
			return 'text';
	}
}

// ---- numbers ------------------------------------------------------------------------------

const NUMERIC_TEXT = /^[-+]?(\d+\.?\d*|\.\d+)(e[-+]?\d+)?$/i;

/** [min, max]; bigint stops where a JS number stops being the integer it prints. */
const INTEGER_LIMITS: Record<string, [number, number]> = {
	smallint: [-32768, 32767],
	integer: [-2147483648, 2147483647],
	bigint: [-Number.MAX_SAFE_INTEGER, Number.MAX_SAFE_INTEGER],
};

/** Why the column cannot hold `n`, or undefined when it can. */
function numberProblem(col: ColumnInfo, kind: Kind): (n: number) => string | undefined {
	const integerLimit = kind === 'integer' ? INTEGER_LIMITS[col.baseType] : undefined;
	// numeric(p, s) rounds to s decimals first, then needs fewer than p - s integer digits: the
	// smallest number that fails is 99…9.99…95 (the text PostgreSQL reads is String(n), and a
	// decimal of at most 15 digits survives the trip through a double unchanged).
	const numericLimit =
		kind === 'numeric' && col.precision !== undefined
			? Number(`${'9'.repeat(col.precision - (col.scale ?? 0)) || '0'}.${'9'.repeat(col.scale ?? 0)}5`)
			: undefined;
	const range = col.range;
	return (n) => {
		if (!Number.isFinite(n)) return 'is not a finite number';
		if (integerLimit !== undefined && !Number.isInteger(n)) return 'is not a whole number';
		if (integerLimit !== undefined && (n < integerLimit[0] || n > integerLimit[1])) return `is out of range for ${col.baseType}`;
		if (numericLimit !== undefined && Math.abs(n) >= numericLimit) return `is too large for ${scalarType(col)}`;
		// real is a float32: PostgreSQL refuses what overflows it or underflows to zero.
		if (col.baseType === 'real' && (!Number.isFinite(Math.fround(n)) || (n !== 0 && Math.fround(n) === 0))) return 'is out of range for real';
		if (range && (n < range.min || n > range.max)) return `is outside ${range.min}..${range.max}`;
		return undefined;
	};
}

/** A Coda duration (ISO 8601, as Coda Table Fetch normalises it) → a number in the column's unit. */
function durationRule(col: ColumnInfo, problem: (n: number) => string | undefined): Rule | undefined {
	const unit = col.unit;
	if (!unit) return undefined;
	const whole = INTEGER_LIMITS[col.baseType] !== undefined;
	return {
		takes: (v) => typeof v === 'string',
		convert(v) {
			const text = v as string;
			const iso = text.trim();
			const duration = Duration.fromISO(iso);
			// Luxon takes a bare "P"/"PT" and a dangling "T" as valid; ISO 8601 does not.
			if (!duration.isValid || !/\d/.test(iso) || /T$/i.test(iso)) {
				return reject(text, `is not an ISO 8601 duration (e.g. PT1H30M) or a number of ${unit}`);
			}
			// Months and years convert casually (30 and 365 days); 15 significant digits drop float noise (P0.1W = 0.7 days).
			const amount = Number(duration.as(unit).toPrecision(15));
			// An integer column rejects a fraction rather than round it: a silently shortened duration
			// would be wrong data, a cell issue gets fixed in Coda.
			if (whole && !Number.isInteger(amount)) return reject(text, `is ${amount} ${unit}, not a whole number of ${unit}`);
			const why = problem(amount);
			return why ? reject(text, `= ${amount} ${why}`) : String(amount);
		},
	};
}

function numberRules(col: ColumnInfo, kind: Kind): Rule[] {
	const problem = numberProblem(col, kind);
	const checked = (n: number, given: unknown): string => {
		const why = problem(n);
		return why ? reject(given, why) : String(n);
	};
	const numericText = (v: unknown) => typeof v === 'string' && NUMERIC_TEXT.test(v.trim());
	const duration = durationRule(col, problem);
	return [
		{ takes: (v) => typeof v === 'number', convert: (v) => checked(v as number, v) },
		{ takes: numericText, convert: (v) => checked(Number((v as string).trim()), v) },
		...(duration ? [duration] : []),
		// A Coda currency in a plain number column: its amount.
		{
			takes: (v) => isObject(v) && (typeof v.amount === 'number' || numericText(v.amount)),
			convert: (v) => checked(Number((v as { amount: number | string }).amount), v),
		},
	];
}

// ---- dates and times ----------------------------------------------------------------------

/** ISO 8601 calendar date, optionally with a time and an offset: what PostgreSQL reads unambiguously. */
const ISO_DATE_TIME = /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2})(?:\.\d{1,9})?)?(Z|[+-](\d{2})(?::?(\d{2}))?)?)?$/;

const isLeapYear = (year: number) => year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0);
const daysIn = (year: number, month: number) => (month === 2 ? (isLeapYear(year) ? 29 : 28) : [4, 6, 9, 11].includes(month) ? 30 : 31);

/** The parts of a valid ISO date or date-time (a real calendar day, 2026-02-30 is none), or undefined. */
function isoDateTime(text: string): { date: string; hasTime: boolean; hasOffset: boolean } | undefined {
	const m = ISO_DATE_TIME.exec(text);
	if (!m) return undefined;
	const [year, month, day] = [Number(m[1]), Number(m[2]), Number(m[3])];
	// PostgreSQL has no year 0 (1 BC).
	if (year < 1 || month < 1 || month > 12 || day < 1 || day > daysIn(year, month)) return undefined;
	if (m[4] !== undefined && (Number(m[4]) > 23 || Number(m[5]) > 59 || Number(m[6] ?? 0) > 59)) return undefined;
	// PostgreSQL takes offsets up to ±15:59.
	if (m[8] !== undefined && (Number(m[8]) > 15 || Number(m[9] ?? 0) > 59)) return undefined;
	return { date: text.slice(0, 10), hasTime: m[4] !== undefined, hasOffset: m[7] !== undefined };
}

const TIME = /^([01]\d|2[0-3]):[0-5]\d(:[0-5]\d(\.\d{1,9})?)?$/;

/** An ISO 8601 duration as PostgreSQL's interval reads it (upper case, unsigned); luxon alone also takes "PT" and "P1DT". */
const isIsoDuration = (s: string) => /^P[\dYMWDTHS.]*\d[\dYMWDTHS.]*$/.test(s) && !s.endsWith('T') && Duration.fromISO(s).isValid;

// ---- text ---------------------------------------------------------------------------------

/** The text a Coda value stands for in a text column (a lookup its name, a person their email), or undefined. */
function asText(v: unknown): string | undefined {
	if (typeof v === 'string') return v;
	if (typeof v === 'number') return Number.isFinite(v) ? String(v) : undefined;
	if (typeof v === 'boolean') return String(v);
	if (!isObject(v)) return undefined;
	if (typeof v.amount === 'number' || typeof v.amount === 'string') return String(v.amount);
	if (typeof v.rowId === 'string' && v.rowId !== '') return typeof v.name === 'string' ? v.name : v.rowId;
	const who = (typeof v.email === 'string' && v.email) || (typeof v.name === 'string' && v.name);
	return who || undefined;
}

/** Checks text for the column (NUL, length, vocabulary) and gives what is stored. */
function textCheck(col: ColumnInfo): (text: string, given: unknown) => string {
	const vocabulary = col.vocabulary ? new Set(col.vocabulary) : undefined;
	const length = col.length;
	return (text, given) => {
		if (text.includes('\u0000')) reject(given, 'is holding U+0000 (NUL), which PostgreSQL text cannot store');
		// PostgreSQL counts characters (code points), not UTF-16 units.
		if (length !== undefined && text.length > length && [...text].length > length) reject(given, `is longer than ${length} characters`);
		if (!vocabulary || vocabulary.has(text)) return text;
		// Coda select options are labels ("In Progress"); a vocabulary holds their snake_case.
		const normalised = normaliseName(text);
		return vocabulary.has(normalised) ? normalised : reject(given, `is not one of ${col.vocabulary!.join(', ')}`);
	};
}

/** JSON text for a json column; a value too deep or large to write is refused like any other. */
function jsonText(v: unknown): string {
	try {
		return toJsonb(v);
	} catch (err) {
		if (err instanceof JsonValueError) reject(v, err.message);
		throw err;
	}
}

// ---- the rule table -----------------------------------------------------------------------

/** Per kind of column, the input shapes it takes (the canonical JS shape first). */
const RULES: Record<Kind, (col: ColumnInfo, kind: Kind) => Rule[]> = {
	integer: numberRules,
	numeric: numberRules,
	float: numberRules,
	boolean: () => [
		{ takes: (v) => typeof v === 'boolean', convert: String },
		{ takes: (v) => typeof v === 'string' && /^(true|false|yes|no)$/i.test(v), convert: (v) => String(/^(true|yes)$/i.test(v as string)) },
		{ takes: (v) => v === 0 || v === 1, convert: (v) => String(v === 1) },
	],
	// A date-time keeps the calendar day it has in its own offset.
	date: (col) => [
		{
			takes: (v) => typeof v === 'string',
			convert: (v) => (isoDateTime((v as string).trim()) ?? reject(v, `is not a valid ${scalarType(col)}`)).date,
		},
	],
	// A bare date is midnight UTC, and a time without an offset is UTC too: the stored instant
	// never depends on the server's time zone.
	timestamp: (col) => [
		{
			takes: (v) => typeof v === 'string',
			convert(v) {
				const text = (v as string).trim();
				const parts = isoDateTime(text) ?? reject(v, `is not a valid ${scalarType(col)}`);
				return !parts.hasTime ? `${text}T00:00:00Z` : parts.hasOffset ? text : `${text}Z`;
			},
		},
	],
	time: (col) => [
		{
			takes: (v) => typeof v === 'string',
			convert: (v) => (TIME.test((v as string).trim()) ? (v as string).trim() : reject(v, `is not a valid ${scalarType(col)}`)),
		},
	],
	interval: (col) => [
		{
			takes: (v) => typeof v === 'string',
			convert: (v) => (isIsoDuration((v as string).trim()) ? (v as string).trim() : reject(v, `is not an ISO 8601 duration (e.g. PT1H30M)`)),
		},
		{
			takes: (v) => typeof v === 'number',
			// A number is seconds; PostgreSQL's interval holds about ±292,000 years of them.
			convert: (v) => (Number.isFinite(v) && Math.abs(v as number) < 1e12 ? `${(v as number).toFixed(6)} seconds` : reject(v, `is out of range for ${scalarType(col)}`)),
		},
	],
	uuid: (col) => [
		{
			takes: (v) => typeof v === 'string',
			convert: (v) => {
				const text = (v as string).trim();
				return /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(text) ? text : reject(v, `is not a valid ${scalarType(col)}`);
			},
		},
	],
	json: () => [{ takes: () => true, convert: jsonText }],
	text: (col) => {
		const check = textCheck(col);
		return [
			{ takes: (v) => typeof v === 'string', convert: (v) => check(v as string, v) },
			{ takes: (v) => asText(v) !== undefined, convert: (v) => check(asText(v)!, v) },
		];
	},
};

/** The first rule that takes the value converts it; none: the reason names the column type. */
function scalarConverter(col: ColumnInfo, rules: Rule[]): (value: unknown) => string {
	const notValid = `is not a valid ${scalarType(col)}`;
	if (rules.length === 1) {
		const [only] = rules;
		return (value) => (only.takes(value) ? only.convert(value) : reject(value, notValid));
	}
	return (value) => {
		for (const rule of rules) if (rule.takes(value)) return rule.convert(value);
		return reject(value, notValid);
	};
}

/** Double-quoted element of a PostgreSQL array literal. */
function arrayElement(text: SqlText): string {
	return text === null ? 'NULL' : `"${text.replace(/[\\"]/g, '\\$&')}"`;
}

export function arrayLiteral(elements: SqlText[]): string {
	return `{${elements.map(arrayElement).join(',')}}`;
}

function compileConverter(col: ColumnInfo): Converter {
	const kind = kindOf(col);
	const scalar = scalarConverter(col, RULES[kind](col, kind));
	const empty: () => null =
		col.notNull && !col.hasDefault
			? () => {
					throw new CoercionError('is empty but the column is required');
				}
			: () => null;
	if (col.isArray) {
		const element = (v: unknown) => (isEmpty(v) ? null : scalar(v));
		return (value) => (isEmpty(value) ? empty() : arrayLiteral(Array.isArray(value) ? value.map(element) : [scalar(value)]));
	}
	if (kind === 'json') return (value) => (isEmpty(value) ? empty() : scalar(value));
	// A list in a one-value column: text joins its values with ", " (and checks the whole), any
	// other type takes a list of one value.
	const check = textCheck(col);
	const list = (values: unknown[]): SqlText => {
		const parts = values.filter((v) => !isEmpty(v));
		if (kind === 'text') return parts.length ? check(parts.map((v) => asText(v) ?? reject(v, `is not a valid ${scalarType(col)}`)).join(', '), values) : null;
		if (parts.length > 1) reject(values, `holds ${parts.length} values but the column holds one`);
		return parts.length ? scalar(parts[0]) : null;
	};
	return (value) => {
		if (isEmpty(value)) return empty();
		if (!Array.isArray(value)) return scalar(value);
		return list(value) ?? empty();
	};
}

const converters = new WeakMap<ColumnInfo, Converter>();

/** The column's converter, compiled once per catalogue entry; throws CoercionError with the reason. */
export function converterFor(col: ColumnInfo): Converter {
	let converter = converters.get(col);
	if (!converter) converters.set(col, (converter = compileConverter(col)));
	return converter;
}

// ---- column groups: lookups, people, money ------------------------------------------------

/** Coda lookup → the referenced Coda row id (a list must hold at most one row). */
export function lookupRowId(value: unknown): string | null {
	if (isEmpty(value)) return null;
	if (Array.isArray(value)) {
		const ids = listLeaves(value).map(oneRowId).filter((id): id is string => id !== null);
		if (ids.length > 1) reject(value, `holds ${ids.length} rows but the column references one`);
		return ids[0] ?? null;
	}
	return oneRowId(value);
}

/** The values in a list and its lists (formulas make lists of lists), in order, walked without recursion: any depth is safe. */
function listLeaves(list: unknown[]): unknown[] {
	const leaves: unknown[] = [];
	const stack: unknown[][] = [list];
	const at: number[] = [0];
	while (stack.length) {
		const top = stack.length - 1;
		if (at[top] === stack[top].length) {
			stack.pop();
			at.pop();
			continue;
		}
		const v = stack[top][at[top]++];
		if (Array.isArray(v)) {
			stack.push(v);
			at.push(0);
		} else leaves.push(v);
	}
	return leaves;
}

/** A value that is not a list → the Coda row id it references. */
function oneRowId(value: unknown): string | null {
	if (isEmpty(value)) return null;
	if (typeof value === 'string' && /^i-[\w-]+$/.test(value.trim())) return value.trim();
	const rowId = isObject(value) ? value.rowId : undefined;
	return typeof rowId === 'string' && rowId !== '' ? rowId : reject(value, 'is not a Coda row reference');
}

/** Coda lookup list → PostgreSQL text[] literal of row ids. */
export function lookupRowIds(value: unknown): SqlText {
	if (isEmpty(value)) return null;
	const list = Array.isArray(value) ? value : [value];
	return arrayLiteral(list.map(lookupRowId).filter((id): id is string => id !== null));
}

const EMAIL = /^[^\s@]+@[^\s@]+$/;

/** Coda person → email, kept as Coda spells it (matched by lower(email) in SQL). */
export function personEmail(value: unknown): string | null {
	// A list of one person (or a list of such lists) is that person: unwrapped in a loop, so any depth is safe.
	while (Array.isArray(value)) {
		if (value.length > 1) reject(value, `holds ${value.length} people but the column holds one`);
		value = value[0];
	}
	if (isEmpty(value)) return null;
	const given = typeof value === 'string' ? value : isObject(value) ? value.email : undefined;
	const email = typeof given === 'string' ? given.trim() : '';
	return email && EMAIL.test(email) ? email : reject(value, 'is not a person with an email address');
}

/** Coda person list → PostgreSQL text[] literal of their emails (a person cell with several people). */
export function personEmails(value: unknown): SqlText {
	if (isEmpty(value)) return null;
	const list = Array.isArray(value) ? value : [value];
	return arrayLiteral(list.map(personEmail).filter((email): email is string => email !== null));
}

export type MoneyConverter = (value: unknown) => [SqlText, SqlText];

const moneyConverters = new WeakMap<ColumnInfo, MoneyConverter>();

/** Coda currency → [amount, ISO currency] for a money group's amount column; a bare number keeps the currency empty. */
export function moneyConverterFor(amount: ColumnInfo): MoneyConverter {
	let converter = moneyConverters.get(amount);
	if (converter) return converter;
	const toAmount = converterFor(amount);
	converter = (value) => {
		if (isEmpty(value)) return [null, null];
		if (typeof value === 'number' || typeof value === 'string') return [toAmount(value), null];
		if (!isObject(value) || !(typeof value.amount === 'number' || typeof value.amount === 'string')) return reject(value, 'is not a currency amount');
		const given = value.currency;
		const currency = typeof given === 'string' ? given.trim().toUpperCase() || null : null;
		if (given !== undefined && given !== null && typeof given !== 'string') return reject(value, 'is not a currency amount');
		if (currency !== null && !/^[A-Z]{3}$/.test(currency)) reject(value, `has currency ${preview(currency)}, not an ISO 4217 code`);
		return [toAmount(value.amount), currency];
	};
	moneyConverters.set(amount, converter);
	return converter;
}
