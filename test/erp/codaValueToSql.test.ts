// nodes/shared/erp/codaValueToSql.ts: each column type's conversions and reasons, and, on many
// generated values (leap days, 2026-02-30, offsets, NUL, huge numbers, numeric precision and scale
// edges, arrays), PostgreSQL's own verdict: every SQL text a converter gives is one the server
// takes as the column's type, and for numbers and ISO dates the converter refuses no more than it.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { DateTime } from 'luxon';
import { Client } from 'pg';
import { defaultCatalog, parseSqlType, type ColumnInfo } from '../../nodes/shared/erp/catalog';
import { CoercionError, converterFor, lookupRowId, lookupRowIds, moneyConverterFor, personEmail } from '../../nodes/shared/erp/codaValueToSql';
import { normaliseName } from '../../nodes/shared/erp/names';
import { testServers } from '../harness/postgres';

const catalog = defaultCatalog();
const col = (table: string, name: string): ColumnInfo => catalog.table(table).columns.get(name)!;
const fails = (fn: () => unknown, pattern: RegExp) => assert.throws(fn, (e: unknown) => e instanceof CoercionError && pattern.test(e.message));

describe('Coda values → the SQL text of their erp column', () => {
	it('normalises Coda names', () => {
		assert.equal(normaliseName('Due Date'), 'due_date');
		assert.equal(normaliseName('  Équipe / Owner (%) '), 'equipe_owner');
	});

	it('coerces each column type and names the problem otherwise', () => {
		const status = converterFor(col('tasks', 'status'));
		assert.equal(status('In Progress'), 'In Progress', "a select keeps the doc's own label");
		assert.equal(status('🚀 Launched'), '🚀 Launched');
		assert.equal(status(null), null);
		const runStatus = converterFor(col('execution_runs', 'status'));
		assert.equal(runStatus('Success'), 'success');
		fails(() => runStatus('Exploded'), /"Exploded" is not one of running, success/);
		const due = converterFor(col('tasks', 'due_date'));
		assert.equal(due('2026-03-01'), '2026-03-01');
		assert.equal(due('2026-03-01T23:30:00-05:00'), '2026-03-01', 'a date-time keeps its own calendar day');
		fails(() => due('2026-02-30'), /"2026-02-30"/);
		fails(() => due('soon'), /"soon"/);
		const completed = converterFor(col('tasks', 'completed_at'));
		assert.equal(completed('2026-03-01'), '2026-03-01T00:00:00Z');
		assert.equal(completed('2026-03-01T10:00:00.000Z'), '2026-03-01T10:00:00.000Z');
		const hours = converterFor(col('tasks', 'estimate_hours'));
		assert.equal(hours(2.5), '2.5');
		assert.equal(hours(' 7 '), '7');
		assert.equal(hours({ amount: '12.5', currency: 'USD' }), '12.5');
		fails(() => hours(1e6), /too large for numeric\(8, 2\)/);
		fails(() => hours('12 hours'), /"12 hours"/);
		const notes = converterFor(col('tasks', 'notes'));
		assert.equal(notes(['a', 'b']), 'a, b');
		assert.equal(notes(42), '42');
		assert.equal(notes({ rowId: 'i-x', name: 'Row X' }), 'Row X');
		assert.equal(notes(''), null);
		const employees = converterFor(col('organizations', 'employee_count'));
		assert.equal(employees(12), '12');
		fails(() => employees(1.5), /whole number/);
	});

	it('converts Coda durations (ISO 8601) to the unit the schema declares for the column, keeping plain numbers', () => {
		const expected = converterFor(col('workflows', 'expected_duration_minutes'));
		assert.equal(expected('PT1H30M'), '90');
		assert.equal(expected(' PT1.5H '), '90');
		assert.equal(expected('PT20S'), '0.333333333333333', 'numeric(10, 2) rounds it in PostgreSQL');
		assert.equal(expected('P1D'), '1440');
		assert.equal(expected(45), '45');
		assert.equal(expected('45'), '45');
		assert.equal(expected(''), null);
		assert.equal(converterFor(col('template_performance', 'avg_duration_minutes'))('PT2M30S'), '2.5');
		assert.equal(converterFor(col('tasks', 'estimate_hours'))('PT2H45M'), '2.75');
		assert.equal(converterFor(col('execution_runs', 'duration_ms'))('PT1.25S'), '1250');
		assert.equal(converterFor(col('service_blueprints', 'target_duration_days'))('P2W'), '14');
		assert.equal(converterFor(col('offers', 'duration_weeks'))('P21D'), '3');
		assert.equal(converterFor(col('finance_snapshot', 'runway_months'))('P1Y6M'), '18');
		fails(() => expected('PT1X'), /^"PT1X" is not an ISO 8601 duration \(e\.g\. PT1H30M\) or a number of minutes$/);
		fails(() => expected('1h30m'), /"1h30m" is not an ISO 8601 duration/);
		fails(() => expected('PT'), /"PT" is not an ISO 8601 duration/);
		fails(() => expected('P99999D'), /^"P99999D" = 143998560 is too large for numeric\(10, 2\)$/);
		// Integer columns take whole amounts only: a fraction is rejected, never rounded.
		fails(() => converterFor(col('service_blueprints', 'target_duration_days'))('PT36H'), /^"PT36H" is 1\.5 days, not a whole number of days$/);
		fails(() => converterFor(col('offers', 'duration_weeks'))('P10D'), /"P10D" is 1\.42857142857143 weeks, not a whole number of weeks/);
		// Only number columns named for a unit convert: an ISO duration stays text elsewhere.
		assert.equal(converterFor(col('tasks', 'notes'))('PT1H'), 'PT1H');
	});

	it('coerces lookups, people and money', () => {
		assert.equal(lookupRowId({ rowId: 'i-p1', tableId: 'grid-x', name: 'P' }), 'i-p1');
		assert.equal(lookupRowId([{ rowId: 'i-p1' }]), 'i-p1');
		assert.equal(lookupRowId([]), null);
		fails(() => lookupRowId([{ rowId: 'i-a' }, { rowId: 'i-b' }]), /holds 2 rows but the column references one/);
		fails(() => lookupRowId({ name: 'no id' }), /is not a Coda row reference/);
		assert.equal(lookupRowIds([{ rowId: 'i-a' }, { rowId: 'i-b"}' }]), '{"i-a","i-b\\"}"}');
		assert.equal(personEmail({ email: ' Ana@Example.com ', name: 'Ana' }), 'Ana@Example.com');
		fails(() => personEmail({ name: 'No Email' }), /not a person with an email address/);
		// Lists of lists (formulas) at any depth, walked without recursion.
		let deepLookups: unknown = [{ rowId: 'i-p1' }];
		let deepPerson: unknown = [{ email: 'ana@example.com' }];
		for (let i = 0; i < 100_000; i++) [deepLookups, deepPerson] = [[deepLookups, []], [deepPerson]];
		assert.equal(lookupRowId(deepLookups), 'i-p1');
		assert.equal(lookupRowIds([deepLookups, [[{ rowId: 'i-p2' }]]]), '{"i-p1","i-p2"}');
		assert.equal(personEmail(deepPerson), 'ana@example.com');
		const money = moneyConverterFor(col('projects', 'budget_amount'));
		assert.deepEqual(money({ amount: '1200.5', currency: 'eur' }), ['1200.5', 'EUR']);
		assert.deepEqual(money(99), ['99', null]);
		fails(() => money({ amount: 5, currency: 'euros' }), /not an ISO 4217 code/);
	});

	it('takes a list in a one-value column: text joins it, other types take one value', () => {
		assert.equal(converterFor(col('tasks', 'estimate_hours'))([2.5]), '2.5');
		assert.equal(converterFor(col('tasks', 'estimate_hours'))([null, '']), null);
		fails(() => converterFor(col('tasks', 'estimate_hours'))([1, 2]), /^\[1,2\] holds 2 values but the column holds one$/);
		assert.equal(converterFor(col('execution_runs', 'status'))(['Success']), 'success');
		fails(() => converterFor(col('execution_runs', 'status'))(['success', 'error']), /is not one of running/);
		assert.equal(converterFor(col('tasks', 'blocked_by_coda_ids'))(['i-a', null, 'i-"b']), '{"i-a",NULL,"i-\\"b"}');
	});

	it('compiles each column once per catalogue entry', () => {
		assert.equal(converterFor(col('tasks', 'notes')), converterFor(col('tasks', 'notes')));
		assert.notEqual(converterFor(col('tasks', 'notes')), converterFor({ ...col('tasks', 'notes') }));
	});
});

/** A column of the given SQL type, as the catalogue describes one `erp-db apply` added. */
const column = (sqlType: string, extra: Partial<ColumnInfo> = {}): ColumnInfo => ({
	name: 'c',
	sqlType,
	...parseSqlType(sqlType),
	notNull: false,
	hasDefault: false,
	generated: false,
	...extra,
});

/** Deterministic pseudo-random numbers (a test must not pass by luck on one run and fail on the next). */
function random(seed: number) {
	return () => {
		seed = (seed * 1103515245 + 12345) % 2147483648;
		return seed / 2147483648;
	};
}

const rnd = random(20260302);
const pick = <T>(list: readonly T[]) => list[Math.floor(rnd() * list.length)];

const NUMBERS = [
	0, -0, 1, -1, 1.5, 0.005, 0.004999, 0.1 + 0.2, 99.995, 100, 100.001, 999.99, 999.995, 999999.99, 999999.994, 999999.995, 999999.9949, 1e6, -999999.995,
	32767, 32768, -32768, -32769, 2147483647, 2147483648, -2147483649, 2 ** 53 - 1, 2 ** 53, 2 ** 53 + 2, 1e15, 1e20, 1e21, -1e21, 1e300, -1.7976931348623157e308,
	5e-324, 1e-7, 3.4028234663852886e38, 3.5e38, NaN, Infinity, -Infinity,
	...Array.from({ length: 300 }, () => {
		const n = (rnd() < 0.5 ? -1 : 1) * 10 ** (rnd() * 24 - 8);
		return rnd() < 0.5 ? Math.round(n) : Number(n.toFixed(Math.floor(rnd() * 6)));
	}),
];
const NUMBER_TEXTS = [...NUMBERS.filter(Number.isFinite).map((n) => String(n)), ' 7 ', '1e400', '-1e400', '.5', '5.', '+3', '0x10', '1,5', '  ', 'abc'];

const DAY_TEXTS = [0, 1, 1900, 2000, 2024, 2025, 2026, 9999].flatMap((y) =>
	[0, 1, 2, 4, 12, 13].flatMap((m) => [0, 1, 28, 29, 30, 31, 32].map((d) => `${String(y).padStart(4, '0')}-${String(m).padStart(2, '0')}-${String(d).padStart(2, '0')}`)),
);
const TIMES = ['T10:30:00Z', 'T23:59:59.999+05:30', 'T00:00-08', 'T00:00:00-0800', 'T12:00:00+15:59', 'T12:00:00+16:00', 'T12:00:00.123456789-03:30', ' 10:00:00+01:00', 'T10:00', 'T10:00:00', 'T24:00:00Z', 'T12:60:00Z', 'T10'];
const DATE_TIME_TEXTS = [
	...DAY_TEXTS,
	...Array.from({ length: 400 }, () => `${pick(DAY_TEXTS)}${pick(TIMES)}`),
	' 2026-03-01 ', '2026-3-1', '20260301', 'soon', '2026-03-01T10:00:00Zulu', '2024-02-29T12:00:00+01:00',
];

const OTHER_VALUES: unknown[] = [
	true, false, 'yes', 'No', 'TRUE', 'y', 'on', 0, 1, 2,
	'14:30', '14:30:00', '23:59:59.999999', '24:00', '12:60', ' 09:00 ', '9:00',
	'PT1H30M', 'P1D', 'PT', 'P', 'P1DT', 'PT1.5H', 'P1W', 'P1W2D', '-PT1H', 'pt1h', 'P1Y2M3DT4H5M6.5S', 'about an hour', 90, 1.5, -3, 1e11, 1e13,
	'c9a646d3-9c61-4cb7-bfcd-ee2522c8f633', 'C9A646D3-9C61-4CB7-BFCD-EE2522C8F633', '{c9a646d3-9c61-4cb7-bfcd-ee2522c8f633}', 'not-a-uuid',
	'plain', '€', '🚀🚀🚀', 'abcd', 'a\u0000b', 'NULL', '{x}', 'a"b', 'a\\b', 'In Progress',
	{ amount: 12.5, currency: 'USD' }, { amount: '1e3' }, { rowId: 'i-x', name: 'Row X' }, { rowId: 'i-y' }, { email: 'a@b.c', name: 'A' }, { name: 'Only Name' }, { other: 1 },
	{ nested: { nul: 'x\u0000' } }, [1, 2], ['a', 'b'], [], [null], [[1]], ['2024-02-29', '2026-02-30'],
];

const ALL_VALUES: unknown[] = [...NUMBERS, ...NUMBER_TEXTS, ...DATE_TIME_TEXTS, ...OTHER_VALUES];

const COLUMNS: ColumnInfo[] = [
	column('integer'), column('smallint'), column('bigint'), column('numeric'), column('numeric(8, 2)'), column('numeric(6, 1)'), column('numeric(14, 0)'),
	column('numeric(5, 2)', { range: { min: 0, max: 100 } }), column('numeric(10, 2)', { unit: 'minutes' }), column('integer', { unit: 'days' }),
	column('double precision'), column('real'), column('boolean'), column('date'), column('timestamp with time zone'), column('timestamp without time zone'),
	column('time'), column('interval'), column('uuid'), column('text'), column('char(3)'), column('varchar(5)'), column('jsonb'), column('json'),
	column('text', { vocabulary: ['in_progress', 'done'] }), column('text[]'), column('numeric[]'), column('date[]'), column('boolean[]'),
];

/** What the converter makes of each value: its SQL text, or the CoercionError's message. */
function convertAll(col: ColumnInfo, values: unknown[]) {
	const convert = converterFor(col);
	return values.map((value) => {
		try {
			return { value, text: convert(value) };
		} catch (err) {
			if (!(err instanceof CoercionError)) throw new Error(`${col.sqlType} threw ${String(err)} on ${JSON.stringify(value)}`);
			return { value, error: err.message };
		}
	});
}

for (const server of testServers()) {
	describe(`Coda values → SQL text, checked by PostgreSQL (${server.name})`, () => {
		let client: Client;
		before(async () => {
			client = new Client({ connectionString: server.url });
			await client.connect();
			// The text as the type, or NULL when PostgreSQL refuses it.
			await client.query(`CREATE FUNCTION pg_temp.try_cast(t text, typ text) RETURNS text LANGUAGE plpgsql AS $$
				DECLARE r text;
				BEGIN EXECUTE format('SELECT ($1)::%s::text', typ) INTO r USING t; RETURN r;
				EXCEPTION WHEN others THEN RETURN NULL; END $$`);
		});
		after(() => client.end());

		/** PostgreSQL's reading of each text as the column's type (null: refused). */
		async function cast(col: ColumnInfo, texts: string[]): Promise<(string | null)[]> {
			const { rows } = await client.query<{ r: string | null }>(
				'SELECT pg_temp.try_cast(t, $2) AS r FROM unnest($1::text[]) WITH ORDINALITY AS u(t, i) ORDER BY i',
				[texts, col.sqlType],
			);
			return rows.map((row) => row.r);
		}

		it(`every SQL text a converter gives is accepted by PostgreSQL as the column's type (${ALL_VALUES.length} values × ${COLUMNS.length} columns)`, async () => {
			for (const col of COLUMNS) {
				const accepted = convertAll(col, ALL_VALUES).filter((r): r is { value: unknown; text: string } => typeof r.text === 'string');
				assert.ok(accepted.length > 0, `${col.sqlType} accepts something`);
				const read = await cast(col, accepted.map((r) => r.text));
				const refused = accepted.filter((_, i) => read[i] === null).map((r) => `${JSON.stringify(r.value)} → ${JSON.stringify(r.text)}`);
				assert.deepEqual(refused, [], `${col.sqlType}: PostgreSQL refuses what the converter gave`);
				if (col.range) {
					const outside = accepted.filter((_, i) => Number(read[i]) < col.range!.min || Number(read[i]) > col.range!.max);
					assert.deepEqual(outside, [], `${col.sqlType}: outside ${col.range.min}..${col.range.max}`);
				}
				if (col.vocabulary) assert.deepEqual(accepted.filter((r) => !col.vocabulary!.includes(r.text)), []);
			}
		});

		it('refuses only what PostgreSQL refuses: numbers (precision, scale, integer limits) and ISO dates and date-times', async () => {
			const cases: Array<[ColumnInfo, unknown[]]> = [
				[column('numeric(8, 2)'), NUMBERS],
				[column('numeric(6, 1)'), NUMBERS],
				[column('numeric(14, 0)'), NUMBERS],
				[column('numeric'), NUMBERS],
				[column('integer'), NUMBERS],
				[column('smallint'), NUMBERS],
				// Beyond 2^53 a JS number is not the integer it prints: refused on purpose.
				[column('bigint'), NUMBERS.filter((n) => Math.abs(n) <= Number.MAX_SAFE_INTEGER)],
				[column('real'), NUMBERS],
				[column('double precision'), NUMBERS],
				[column('date'), DAY_TEXTS],
				// Coda sends date-times with an offset; hours 0–23 and seconds 0–59 (PostgreSQL also takes 24:00 and :60).
				[column('timestamp with time zone'), DATE_TIME_TEXTS.filter((s) => /^\d{4}-\d{2}-\d{2}(T([01]\d|2[0-3]):[0-5]\d(:[0-5]\d(\.\d+)?)?(Z|[+-]\d{2}(:?\d{2})?))?$/.test(s))],
			];
			for (const [col, values] of cases) {
				// PostgreSQL never sees NaN or Infinity from us: the numeric types would take them.
				const finite = values.filter((v) => typeof v !== 'number' || Number.isFinite(v));
				const results = convertAll(col, finite);
				const read = await cast(col, finite.map(String));
				const disagree = results
					.map((r, i) => ({ ...r, postgres: read[i] }))
					.filter((r) => (r.text === undefined) !== (r.postgres === null))
					.map((r) => `${JSON.stringify(r.value)}: converter ${r.error ?? r.text}, PostgreSQL ${r.postgres ?? 'refuses'}`);
				assert.deepEqual(disagree, [], col.sqlType);
			}
			for (const n of [NaN, Infinity, -Infinity]) fails(() => converterFor(column('numeric'))(n), /is not a finite number/);
		});

		it('keeps the instant of a date-time with its offset, and reads one without an offset as UTC', async () => {
			const col = column('timestamp with time zone');
			const accepted = convertAll(col, DATE_TIME_TEXTS).filter((r): r is { value: string; text: string } => typeof r.text === 'string');
			const { rows } = await client.query<{ e: string }>('SELECT extract(epoch FROM t::timestamptz)::text AS e FROM unnest($1::text[]) WITH ORDINALITY AS u(t, i) ORDER BY i', [
				accepted.map((r) => r.text),
			]);
			const wrong = accepted.filter((r, i) => {
				const iso = r.value.trim().replace(' ', 'T');
				const expected = DateTime.fromISO(iso.length === 10 ? `${iso}T00:00:00Z` : iso, { zone: 'utc', setZone: /(Z|[+-]\d{2}(:?\d{2})?)$/i.test(iso) });
				return !expected.isValid || Math.abs(Number(rows[i].e) * 1000 - expected.toMillis()) >= 1;
			});
			assert.deepEqual(wrong, []);
			assert.ok(accepted.length > 100);
		});

		it('writes arrays as literals PostgreSQL reads back element for element (quotes, backslashes, braces, NULL)', async () => {
			const list = ['a', 'b,c', 'd"e', 'f\\g', '{h}', 'NULL', null, '', ' sp ', 'ü🚀', 'x y'];
			const text = converterFor(column('text[]'))(list)!;
			const { rows } = await client.query<{ a: (string | null)[] }>('SELECT $1::text[] AS a', [text]);
			assert.deepEqual(rows[0].a, list.map((v) => (v === '' ? null : v)));
			fails(() => converterFor(column('text[]'))(['ok', 'a\u0000b']), /U\+0000/);
			fails(() => converterFor(column('date[]'))(['2024-02-29', '2026-02-30']), /^"2026-02-30" is not a valid date$/);
			assert.equal(converterFor(column('date[]'))(['2024-02-29', null]), '{"2024-02-29",NULL}');
		});
	});
}
