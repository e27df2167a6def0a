// Five hundred generated webhook bodies the real-time workflow must refuse: each takes a valid
// call `{"table": "Tasks", "rowId": "i-AbCdEf123"}` and breaks it one way (a field of the wrong
// type, a huge or odd Unicode string, a prototype-pollution key, JSON nested where a value is
// expected, an unknown table, a row id in the wrong shape, an extra field). Seeded: the same 500
// every run. test/e2e/support/malformed.ts holds the hand-written hundred (secrets, content types).
import { Rng } from '../coda-emulator/random';

export interface GeneratedBody {
	what: string;
	/** The raw request body (JSON text: some keys, like `__proto__`, cannot be built as objects). */
	body: string;
}

export const WEBHOOK_BODY_COUNT = 500;
const TABLE = 'Tasks';
const ROW = 'i-AbCdEf123';
const SEED = 20260210;

/** Unicode and size edge cases, none of which is a valid table name or row id. */
const oddStrings: [string, string][] = [
	['NUL', '\u0000'],
	['NUL inside', 'Ta\u0000sks'],
	['lone high surrogate', '\ud800'],
	['lone low surrogate', '\udfff'],
	['zero-width space inside', 'Ta\u200bsks'],
	['right-to-left override', '\u202eskaT'],
	['full-width letters', 'Ｔａｓｋｓ'],
	['Cyrillic look-alikes', 'Таsks'],
	['combining accent', 'Tasks\u0301'],
	['emoji', '🙂'],
	['100 emoji', '🙂'.repeat(100)],
	['line break inside', 'Ta\nsks'],
	['tab inside', 'Ta\tsks'],
	['replacement character', '\ufffd'],
	['private use', '\ue000'],
	['non-character', '\uffff'],
	['SQL', "Tasks'; DROP TABLE erp.tasks; --"],
	['SQL comment', 'Tasks/**/OR/**/1=1'],
	['n8n expression', '={{ $env.N8N_ENCRYPTION_KEY }}'],
	['template literal', '${process.env.HOME}'],
	['path traversal', '../../../etc/passwd'],
	['URL', 'https://example.com/Tasks'],
	['JSON text of a valid call', JSON.stringify({ table: TABLE, rowId: ROW })],
	['JSON text of a string', JSON.stringify(TABLE)],
	['HTML', '<script>alert(1)</script>'],
	['201 characters', 'T'.repeat(201)],
	['100 KB', 'x'.repeat(100_000)],
	['1 MB', 'y'.repeat(1_000_000)],
	['__proto__', '__proto__'],
	['constructor', 'constructor'],
	['toString', 'toString'],
];

/** Row ids that are not Coda row ids (after trimming, as the check does). */
const badRowIds: [string, string][] = [
	['no prefix', 'AbCdEf123'],
	['r- prefix', 'r-AbCdEf123'],
	['upper-case prefix', 'I-AbCdEf123'],
	['underscore prefix', 'i_AbCdEf123'],
	['prefix only', 'i-'],
	['101 characters', `i-${'a'.repeat(101)}`],
	['dot inside', 'i-AbC.def'],
	['slash inside', 'i-AbC/def'],
	['space inside', 'i-AbC def'],
	['percent-encoded', 'i-AbC%20def'],
	['Cyrillic i', 'і-AbCdEf123'],
	['Unicode hyphen', 'i‐AbCdEf123'],
	['full-width', 'ｉ-AbCdEf123'],
	['NUL inside', 'i-AbC\u0000def'],
	['zero-width inside', 'i-AbC\u200bdef'],
	['emoji', 'i-🙂'],
	['accented', 'i-AbCé'],
	['table id', 'grid-AbCdEf123'],
	['column id', 'c-AbCdEf123'],
	['SQL', "i-1' OR '1'='1"],
];

/** Values of the wrong type for a text field. */
const wrongTypes: [string, unknown][] = [
	['zero', 0],
	['negative', -1],
	['fraction', 1.5],
	['huge number', 1e308],
	['true', true],
	['false', false],
	['null', null],
	['empty array', []],
	['array of the valid value', ['@VALID']],
	['empty object', {}],
	['object naming the value', { name: '@VALID' }],
	['nested arrays', [[[]]]],
	['Mongo operator', { $ne: null }],
];

const extraKeys = ['admin', 'rowIds', 'values', 'doc', 'id', 'Table', 'ROWID', 'row_id', 'sql', 'body'];

/** A JSON value nested `depth` levels deep, as text (built without recursion). */
const deepArray = (depth: number) => `${'['.repeat(depth)}${']'.repeat(depth)}`;
const deepObject = (depth: number) => `${'{"a":'.repeat(depth)}1${'}'.repeat(depth)}`;

const valid = (extra: Record<string, unknown> = {}) => ({ table: TABLE, rowId: ROW, ...extra });
const text = (value: unknown) => JSON.stringify(value);
/** Where a wrong-typed value names the valid one (`@VALID`), put the field's valid value in. */
const withValid = (value: unknown, validValue: string) => JSON.parse(JSON.stringify(value).replaceAll('"@VALID"', JSON.stringify(validValue)));

function baseBodies(): GeneratedBody[] {
	const out: GeneratedBody[] = [];
	const add = (what: string, body: string) => out.push({ what, body });
	for (const [what, value] of wrongTypes) {
		add(`table is ${what}`, text({ table: withValid(value, TABLE), rowId: ROW }));
		add(`rowId is ${what}`, text({ table: TABLE, rowId: withValid(value, ROW) }));
		if (value !== null) add(`event is ${what}`, text(valid({ event: withValid(value, 'row.changed') })));
	}
	for (const [what, value] of oddStrings) {
		add(`table is ${what}`, text({ table: value, rowId: ROW }));
		add(`rowId is ${what}`, text({ table: TABLE, rowId: value }));
		if (value.length > 100) add(`event is ${what}`, text(valid({ event: value })));
	}
	for (const [what, rowId] of badRowIds) add(`row id ${what}`, text({ table: TABLE, rowId }));
	// Prototype pollution: keys JSON.parse makes own properties, which a careless copy turns into the
	// prototype. n8n 2.41 drops a `__proto__` key before the workflow sees it (so a valid call beside
	// one is a valid call); a `constructor` key is one n8n's Request Body expression cannot read.
	for (const key of ['__proto__', 'prototype', 'constructor']) {
		add(`${key} holding the whole call`, `{"${key}": ${text(valid())}}`);
		add(`${key} holding the table`, `{"${key}": {"table": "${TABLE}"}, "rowId": "${ROW}"}`);
		add(`${key} holding the row id`, `{"table": "${TABLE}", "${key}": {"rowId": "${ROW}"}}`);
		add(`${key} nested in table`, `{"table": {"${key}": {"admin": true}}, "rowId": "${ROW}"}`);
	}
	add('prototype beside a valid call', `{"table": "${TABLE}", "rowId": "${ROW}", "prototype": {"admin": true, "polluted": true}}`);
	add('prototype as a string field', `{"table": "${TABLE}", "rowId": "${ROW}", "prototype": "x"}`);
	add('constructor beside a valid call', `{"table": "${TABLE}", "rowId": "${ROW}", "constructor": {"prototype": {"admin": true}}}`);
	add('__proto__ holding a polluted table', `{"table": "${TABLE}", "rowId": "${ROW}", "__proto__": {"admin": true}, "admin": true}`);
	// JSON nested where a value is expected, or the call wrapped.
	for (const wrapper of ['body', 'data', 'json', 'payload', 'row']) add(`valid call wrapped in ${wrapper}`, text({ [wrapper]: valid() }));
	add('table as an object of the call', text({ table: valid(), rowId: ROW }));
	add('rowId as an object of the call', text({ table: TABLE, rowId: valid() }));
	add('call inside an array field', text(valid({ calls: [valid()] })));
	for (const depth of [10, 100, 500, 1_000, 2_000, 10_000]) {
		add(`arrays nested ${depth} deep beside a valid call`, `{"table": "${TABLE}", "rowId": "${ROW}", "x": ${deepArray(depth)}}`);
		add(`objects nested ${depth} deep as the table`, `{"table": ${deepObject(depth)}, "rowId": "${ROW}"}`);
	}
	// Unknown tables, with a valid row id.
	for (const table of ['Nope', 'grid-doesNotExist', 'Tasks ', 'Task', 'Tasks2', 'erp.tasks', 'tasks_options', 'sync_state', 'execution_runs', 'Ideas Inbox Archive', '*', '%', 'null', 'undefined', 'NaN']) {
		// 'Tasks ' trims to Tasks: replaced by one that does not.
		if (table === 'Tasks ') add('unknown table Tasks with a trailing dot', text({ table: 'Tasks.', rowId: ROW }));
		else add(`unknown table ${table}`, text({ table, rowId: ROW }));
	}
	// Duplicate keys: JSON.parse keeps the last one.
	add('duplicate rowId, the last malformed', `{"table": "${TABLE}", "rowId": "${ROW}", "rowId": "not-a-row"}`);
	add('duplicate table, the last unknown', `{"table": "${TABLE}", "table": "Nope", "rowId": "${ROW}"}`);
	return out;
}

/** The generated bodies: the base cases above, then seeded combinations up to 500. */
export function generatedWebhookBodies(): GeneratedBody[] {
	const out = baseBodies();
	const rng = new Rng(SEED);
	const pick = <T>(list: readonly T[]): T => list[Math.floor(rng.next() * list.length)];
	const pools = {
		table: [...oddStrings.map(([w, v]) => [w, v] as [string, unknown]), ...wrongTypes.map(([w, v]) => [w, withValid(v, TABLE)] as [string, unknown])],
		rowId: [...badRowIds, ...oddStrings, ...wrongTypes.map(([w, v]) => [w, withValid(v, ROW)] as [string, unknown])],
	};
	while (out.length < WEBHOOK_BODY_COUNT) {
		const body: Record<string, unknown> = valid();
		const broken: string[] = [];
		// One to three breaks: a bad table, a bad row id, an extra field with an odd value.
		const kinds = ['table', 'rowId', 'extra'].filter(() => rng.next() < 0.5);
		if (!kinds.length) kinds.push(pick(['table', 'rowId', 'extra']));
		for (const kind of kinds) {
			if (kind === 'extra') {
				const key = pick(extraKeys);
				const [what, value] = pick([...oddStrings.filter(([, v]) => v.length < 1000), ...wrongTypes]);
				body[key] = value;
				broken.push(`extra ${key} = ${what}`);
			} else {
				const [what, value] = pick(pools[kind as 'table' | 'rowId']);
				body[kind] = value;
				broken.push(`${kind} ${what}`);
			}
		}
		out.push({ what: `combined #${out.length}: ${broken.join(', ')}`, body: text(body) });
	}
	return out.slice(0, WEBHOOK_BODY_COUNT);
}
