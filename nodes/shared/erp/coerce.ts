// Coda values (normalised by Coda Table Fetch) → SQL text parameters for one erp column.
// Every column gets a zod schema derived from its catalogue entry; that schema defines what
// is accepted and produces the rejection reason. Values already in the column's canonical
// JS shape skip it through a compiled fast path, because a zod parse per cell would cost
// more than the whole database write of a large batch.
import { DateTime, Duration, type DurationUnit } from 'luxon';
import { z } from 'zod';
import type { ColumnInfo } from './catalog';

/** A cell that cannot be stored; the message names the value, the caller adds the column. */
export class CoercionError extends Error {}

/** The SQL text of one parameter (arrays as PostgreSQL array literals), or NULL. */
export type SqlText = string | null;

export type Coercer = (value: unknown) => SqlText;

/** "Due Date" → `due_date`: lower case ASCII words joined by `_`. */
export function normaliseName(name: string): string {
	return name
		.normalize('NFKD')
		.replace(/[\u0300-\u036f]/g, '')
		.toLowerCase()
		.replace(/[^a-z0-9]+/g, '_')
		.replace(/^_+|_+$/g, '');
}

export function preview(value: unknown): string {
	let text: string;
	try {
		text = typeof value === 'string' ? JSON.stringify(value) : (JSON.stringify(value) ?? String(value));
	} catch {
		text = String(value);
	}
	return text.length > 80 ? `${text.slice(0, 77)}…` : text;
}

const lookupShape = z.object({ rowId: z.string().min(1), name: z.string().optional() }).passthrough();
const personShape = z.object({ email: z.string().optional(), name: z.string().optional() }).passthrough();
const moneyShape = z
	.object({ amount: z.union([z.number(), z.string()]), currency: z.string().optional().nullable() })
	.passthrough();

const isEmpty = (v: unknown) => v === null || v === undefined || v === '';

/** Text shown for structured Coda values landing in a text column. */
const textLike = z.union([
	z.string(),
	z.number().finite().transform(String),
	z.boolean().transform(String),
	moneyShape.transform((m) => String(m.amount)),
	lookupShape.transform((l) => l.name ?? l.rowId),
	personShape.refine((p) => p.email || p.name).transform((p) => (p.email || p.name) as string),
]);

const NUMERIC_TEXT = /^[-+]?(\d+\.?\d*|\.\d+)(e[-+]?\d+)?$/i;

const numberLike = z.union([
	z.number(),
	z.string().trim().regex(NUMERIC_TEXT).transform(Number),
	moneyShape.transform((m) => Number(m.amount)),
]);

const ISO_DATE = /^\d{4}-\d{2}-\d{2}/;

const isoDateTime = z
	.string()
	.trim()
	.refine((s) => ISO_DATE.test(s) && DateTime.fromISO(s, { setZone: true }).isValid);

function vocabularyMatch(col: ColumnInfo, text: string): string | undefined {
	const vocab = col.vocabulary!;
	if (vocab.includes(text)) return text;
	// Coda select options are labels ("In Progress"); the vocabulary holds their snake_case.
	const normalised = normaliseName(text);
	return vocab.includes(normalised) ? normalised : undefined;
}

const INTEGER_BOUNDS: Record<string, number> = {
	smallint: 32767,
	integer: 2147483647,
	bigint: Number.MAX_SAFE_INTEGER,
};

function numericSchema(col: ColumnInfo) {
	const integerLimit = INTEGER_BOUNDS[col.baseType];
	const numericLimit = col.precision !== undefined ? 10 ** (col.precision - (col.scale ?? 0)) : undefined;
	return numberLike.superRefine((n, ctx) => {
		const fail = (message: string) => ctx.addIssue({ code: z.ZodIssueCode.custom, message });
		if (!Number.isFinite(n)) return fail('expected a number');
		if (integerLimit !== undefined && !Number.isInteger(n)) return fail('expected a whole number');
		if (integerLimit !== undefined && Math.abs(n) > integerLimit) return fail(`out of range for ${col.baseType}`);
		if (numericLimit !== undefined && Math.abs(n) >= numericLimit) return fail(`too large for ${col.sqlType}`);
		if (col.range && (n < col.range.min || n > col.range.max)) return fail(`outside ${col.range.min}..${col.range.max}`);
	});
}

/** The zod schema of one scalar (non-array) value of the column: Coda value → SQL text. */
function scalarSchema(col: ColumnInfo): z.ZodType<string, z.ZodTypeDef, unknown> {
	switch (col.baseType) {
		case 'smallint':
		case 'integer':
		case 'bigint':
		case 'numeric':
		case 'real':
		case 'double precision':
			return numericSchema(col).transform(String);
		case 'boolean':
			return z.union([
				z.boolean(),
				z.enum(['true', 'false', 'yes', 'no', 'TRUE', 'FALSE', 'Yes', 'No']).transform((s) => /^(true|yes)$/i.test(s)),
				z.union([z.literal(0), z.literal(1)]).transform((n) => n === 1),
			]).transform(String);
		case 'date':
			// A date-time keeps the calendar day it has in its own offset.
			return isoDateTime.transform((s) => s.slice(0, 10));
		case 'timestamp with time zone':
		case 'timestamp':
			// A bare date is midnight UTC, so the stored instant never depends on the server's zone.
			return isoDateTime.transform((s) => (s.length === 10 ? `${s}T00:00:00Z` : s));
		case 'time':
		case 'time without time zone':
			return z.string().trim().regex(/^([01]\d|2[0-3]):[0-5]\d(:[0-5]\d(\.\d+)?)?$/);
		case 'interval':
			return z.union([
				z.string().trim().refine((s) => Duration.fromISO(s).isValid),
				z.number().finite().transform((n) => `${n} seconds`),
			]);
		case 'uuid':
			return z.string().trim().uuid();
		case 'json':
		case 'jsonb':
			return z.unknown().transform((v) => JSON.stringify(v));
		default:
			return textLike.superRefine((s, ctx) => {
				if (s.includes('\u0000')) ctx.addIssue({ code: z.ZodIssueCode.custom, message: 'holding U+0000 (NUL), which PostgreSQL text cannot store' });
				if (col.length !== undefined && s.length > col.length) {
					ctx.addIssue({ code: z.ZodIssueCode.custom, message: `longer than ${col.length} characters` });
				}
			}).transform((s) => (col.vocabulary ? (vocabularyMatch(col, s) ?? s) : s)).superRefine((s, ctx) => {
				if (col.vocabulary && !col.vocabulary.includes(s)) {
					ctx.addIssue({ code: z.ZodIssueCode.custom, message: `not one of ${col.vocabulary.join(', ')}` });
				}
			});
	}
}

/** Double-quoted element of a PostgreSQL array literal. */
function arrayElement(text: SqlText): string {
	return text === null ? 'NULL' : `"${text.replace(/[\\"]/g, '\\$&')}"`;
}

export function arrayLiteral(elements: SqlText[]): string {
	return `{${elements.map(arrayElement).join(',')}}`;
}

/** The column's schema: scalar columns join list values with ", ", array columns keep them. */
export function columnSchema(col: ColumnInfo): z.ZodType<SqlText, z.ZodTypeDef, unknown> {
	const scalar = scalarSchema(col);
	// Not z.custom: its failure is a custom issue ("Invalid input") that would join every reason.
	const empty = z.union([z.null(), z.undefined(), z.literal('')]).transform(() => null);
	if (col.isArray) {
		const element = z.union([empty, scalar]);
		return z.union([empty, z.array(element).transform(arrayLiteral), element.transform((e) => arrayLiteral([e]))]);
	}
	if (col.baseType === 'json' || col.baseType === 'jsonb') return z.union([empty, scalar]);
	return z.union([
		empty,
		scalar,
		z
			.array(scalar)
			.transform((list) => (list.length ? list.join(', ') : null))
			.refine((joined) => joined === null || !col.vocabulary || col.vocabulary.includes(joined)),
	]);
}

function reasonFrom(error: z.ZodError, col: ColumnInfo): string {
	// Union errors hide the useful message one level down.
	const messages = new Set<string>();
	for (const issue of error.issues) {
		if (issue.code === z.ZodIssueCode.invalid_union) {
			for (const inner of issue.unionErrors) for (const i of inner.issues) if (i.code === z.ZodIssueCode.custom) messages.add(i.message);
		} else if (issue.code === z.ZodIssueCode.custom) messages.add(issue.message);
	}
	return messages.size ? [...messages].join('; ') : `not a valid ${col.sqlType}`;
}

const PLAIN_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
const PLAIN_TIMESTAMP = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}:?\d{2})$/;

/** A real calendar day (rejects 2026-02-30) without a date library. */
function isCalendarDate(text: string): boolean {
	const m = PLAIN_DATE.exec(text);
	if (!m) return false;
	const d = new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3])));
	return d.getUTCFullYear() === Number(m[1]) && d.getUTCMonth() === Number(m[2]) - 1 && d.getUTCDate() === Number(m[3]);
}

/**
 * Fast path: values already in the column's canonical JS shape, with the result the schema
 * would give; `undefined` sends the value through the schema (conversions and errors).
 */
function fastPath(col: ColumnInfo): ((v: unknown) => SqlText | undefined) | undefined {
	if (col.isArray) return undefined;
	const inRange = (n: number) => !col.range || (n >= col.range.min && n <= col.range.max);
	switch (col.baseType) {
		case 'text': {
			if (col.vocabulary) {
				const vocab = new Set(col.vocabulary);
				return (v) => (typeof v === 'string' && vocab.has(v) ? v : v === null ? null : undefined);
			}
			return (v) => (typeof v === 'string' && v !== '' && !v.includes('\u0000') ? v : v === null ? null : undefined);
		}
		case 'numeric':
		case 'double precision':
		case 'real': {
			const limit = col.precision !== undefined ? 10 ** (col.precision - (col.scale ?? 0)) : Infinity;
			return (v) => (typeof v === 'number' && Number.isFinite(v) && Math.abs(v) < limit && inRange(v) ? String(v) : v === null ? null : undefined);
		}
		case 'smallint':
		case 'integer':
		case 'bigint': {
			const limit = INTEGER_BOUNDS[col.baseType];
			return (v) => (typeof v === 'number' && Number.isInteger(v) && Math.abs(v) <= limit && inRange(v) ? String(v) : v === null ? null : undefined);
		}
		case 'boolean':
			return (v) => (typeof v === 'boolean' ? String(v) : v === null ? null : undefined);
		case 'date':
			return (v) => (typeof v === 'string' && isCalendarDate(v) ? v : v === null ? null : undefined);
		case 'timestamp with time zone':
		case 'timestamp':
			return (v) => (typeof v === 'string' && PLAIN_TIMESTAMP.test(v) && !Number.isNaN(Date.parse(v)) ? v : v === null ? null : undefined);
		default:
			return (v) => (v === null ? null : undefined);
	}
}

/** Column-name suffix → the unit a duration column stores (README "Types"). */
const DURATION_UNITS = {
	ms: 'milliseconds',
	minutes: 'minutes',
	hours: 'hours',
	days: 'days',
	weeks: 'weeks',
	months: 'months',
} as const satisfies Record<string, DurationUnit>;
const DURATION_SUFFIX = /_(ms|minutes|hours|days|weeks|months)$/;
const NUMBER_TYPES = new Set(['smallint', 'integer', 'bigint', 'numeric', 'real', 'double precision']);

/**
 * For a scalar number column named for a duration unit: Coda duration text (ISO 8601, as Coda
 * Table Fetch normalises it) → a number in that unit. Numbers and numeric text are left to the
 * column's coercer, so a duration column still takes plain numbers as they are.
 */
function durationConverter(col: ColumnInfo): ((text: string) => number) | undefined {
	const suffix = DURATION_SUFFIX.exec(col.name)?.[1] as keyof typeof DURATION_UNITS | undefined;
	if (!suffix || col.isArray || !NUMBER_TYPES.has(col.baseType)) return undefined;
	const unit = DURATION_UNITS[suffix];
	const whole = INTEGER_BOUNDS[col.baseType] !== undefined;
	return (text) => {
		const iso = text.trim();
		const duration = Duration.fromISO(iso);
		// Luxon takes a bare "P"/"PT" and a dangling "T" as valid; ISO 8601 does not.
		if (!duration.isValid || !/\d/.test(iso) || /T$/i.test(iso)) {
			throw new CoercionError(`${preview(text)} is not an ISO 8601 duration (e.g. PT1H30M) or a number of ${unit}`);
		}
		// Months and years convert casually (30 and 365 days); 15 significant digits drop float noise (P0.1W = 0.7 days).
		const amount = Number(duration.as(unit).toPrecision(15));
		// An integer column rejects a fraction rather than round it: a silently shortened duration
		// would be wrong data, a quarantined row gets fixed in Coda.
		if (whole && !Number.isInteger(amount)) {
			throw new CoercionError(`${preview(text)} is ${amount} ${unit}, not a whole number of ${unit}`);
		}
		return amount;
	};
}

/** Compiled once per run and column; throws CoercionError with the reason. */
export function compileCoercer(col: ColumnInfo): Coercer {
	const coerce = compileValueCoercer(col);
	const toUnit = durationConverter(col);
	if (!toUnit) return coerce;
	return (value) => {
		if (typeof value !== 'string' || value.trim() === '' || NUMERIC_TEXT.test(value.trim())) return coerce(value);
		const amount = toUnit(value);
		try {
			return coerce(amount);
		} catch (err) {
			// The limit or range failed on the converted amount: keep the Coda text in the reason.
			if (err instanceof CoercionError) throw new CoercionError(`${preview(value)} = ${err.message}`);
			throw err;
		}
	};
}

/** The column's coercer for values as they are (no duration conversion). */
function compileValueCoercer(col: ColumnInfo): Coercer {
	const schema = columnSchema(col);
	const fast = fastPath(col);
	const required = col.notNull && !col.hasDefault;
	const slow = (value: unknown): SqlText => {
		const parsed = schema.safeParse(value);
		if (!parsed.success) throw new CoercionError(`${preview(value)} is ${reasonFrom(parsed.error, col)}`.replace(/ is expected/, ': expected'));
		if (parsed.data === null && required) throw new CoercionError('is empty but the column is required');
		return parsed.data;
	};
	if (!fast) return slow;
	return (value) => {
		const quick = fast(value);
		if (quick === undefined || (quick === null && required)) return slow(value);
		return quick;
	};
}

/** Coda lookup → the referenced Coda row id (a list must hold at most one row). */
export function lookupRowId(value: unknown): string | null {
	if (isEmpty(value)) return null;
	if (Array.isArray(value)) {
		const ids = value.map(lookupRowId).filter((id): id is string => id !== null);
		if (ids.length > 1) throw new CoercionError(`${preview(value)} holds ${ids.length} rows but the column references one`);
		return ids[0] ?? null;
	}
	if (typeof value === 'string' && /^i-[\w-]+$/.test(value.trim())) return value.trim();
	// The normalised lookup shape skips the schema.
	const rowId = (value as { rowId?: unknown }).rowId;
	if (typeof rowId === 'string' && rowId !== '') return rowId;
	const parsed = lookupShape.safeParse(value);
	if (!parsed.success) throw new CoercionError(`${preview(value)} is not a Coda row reference`);
	return parsed.data.rowId;
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
	if (isEmpty(value)) return null;
	if (Array.isArray(value)) {
		if (value.length > 1) throw new CoercionError(`${preview(value)} holds ${value.length} people but the column holds one`);
		return personEmail(value[0]);
	}
	const given = typeof value === 'string' ? value : (value as { email?: unknown }).email;
	const email = typeof given === 'string' ? given.trim() : personShape.safeParse(value).data?.email?.trim();
	if (!email || !EMAIL.test(email)) throw new CoercionError(`${preview(value)} is not a person with an email address`);
	return email;
}

/** Coda person list → PostgreSQL text[] literal of their emails (a person cell with several people). */
export function personEmails(value: unknown): SqlText {
	if (isEmpty(value)) return null;
	const list = Array.isArray(value) ? value : [value];
	return arrayLiteral(list.map(personEmail).filter((email): email is string => email !== null));
}

/** Coda currency → [amount, ISO currency]; a bare number keeps the currency empty. */
export function compileMoneyCoercer(amount: ColumnInfo): (value: unknown) => [SqlText, SqlText] {
	const toAmount = compileCoercer(amount);
	return (value) => {
		if (isEmpty(value)) return [null, null];
		if (typeof value === 'number' || typeof value === 'string') return [toAmount(value), null];
		const parsed = moneyShape.safeParse(value);
		if (!parsed.success) throw new CoercionError(`${preview(value)} is not a currency amount`);
		const currency = parsed.data.currency?.trim().toUpperCase() || null;
		if (currency !== null && !/^[A-Z]{3}$/.test(currency)) {
			throw new CoercionError(`${preview(value)} has currency ${preview(currency)}, not an ISO 4217 code`);
		}
		return [toAmount(parsed.data.amount), currency];
	};
}
