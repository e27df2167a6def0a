// The sample doc, derived from the Drizzle `erp` schema the way the user's Coda doc maps onto it
// (DEVELOPERS.md "Schema conventions"): one Coda table per erp table, named in Title Case, one
// Coda column per domain column (or per ref/person/money pair), typed from the column, plus a
// few Coda-only columns (formula, button, canvas, hidden, reaction) no erp column receives.
import { is } from 'drizzle-orm';
import { getTableConfig, PgTable, type PgColumn } from 'drizzle-orm/pg-core';
import * as erpSchema from '../../drizzle/schema';
import { checkRules, type ColumnRule } from './checkRules';
import type { Cell, ColumnFormat, ColumnSpec, ColumnType, DocSpec, PersonCell, TableSpec } from './docModel';
import * as fake from './fakeData';
import { rowIdFor } from './ids';
import { rngFor, type Rng } from './random';

export const DEFAULT_ROWS = 12;
export const DEFAULT_CURRENCY = 'USD';

/** Columns every mirrored table has for sync bookkeeping; they are not Coda columns. */
const SYNC_COLUMNS = new Set(['id', 'coda_row_id', 'coda_created_at', 'coda_updated_at', 'synced_at', 'deleted_at', 'content_hash', 'coda_row']);
const DISPLAY_CANDIDATES = ['name', 'title', 'full_name', 'display_name', 'subject', 'headline', 'summary', 'label'];
const MARKDOWN_TEXT = /(^|_)(description|notes|summary|body|content|details|rationale|context|learnings|reflection|prompt|agenda|hypothesis|outcome|brief)$/;

export interface SampleDocOptions {
	seed: number;
	docId: string;
	rows?: number | Record<string, number>;
}

export const titleCase = (snake: string) =>
	snake.split('_').filter(Boolean).map((w) => w[0].toUpperCase() + w.slice(1)).join(' ');

/** The Coda-mirrored tables (those with the sync columns `coda_row_id` and `coda_row`) of the erp schema. */
export function loadErpTables(): PgTable[] {
	return (Object.values(erpSchema) as unknown[]).filter(
		(v): v is PgTable => is(v, PgTable) && ['coda_row_id', 'coda_row'].every((n) => getTableConfig(v).columns.some((c) => c.name === n)),
	);
}

interface BuildContext {
	seed: number;
	docId: string;
	rowCounts: Map<string, number>;
}

function rowCount(rows: SampleDocOptions['rows'], erpTable: string): number {
	if (typeof rows === 'number') return rows;
	return rows?.[erpTable] ?? DEFAULT_ROWS;
}

export function buildSampleDoc(tables: PgTable[], options: SampleDocOptions): DocSpec {
	const names = tables.map((t) => getTableConfig(t).name);
	const ctx: BuildContext = {
		seed: options.seed,
		docId: options.docId,
		rowCounts: new Map(names.map((n) => [n, rowCount(options.rows, n)])),
	};
	if (options.rows && typeof options.rows === 'object') {
		const unknown = Object.keys(options.rows).filter((n) => !ctx.rowCounts.has(n));
		if (unknown.length) throw new Error(`rows names tables the erp schema does not have: ${unknown.join(', ')}`);
	}
	for (const [name, n] of ctx.rowCounts) {
		if (!Number.isInteger(n) || n < 0 || n > 1_000_000) throw new Error(`rows for table ${name} must be an integer 0..1000000, got ${n}`);
	}
	const specs = tables.map((t) => tableSpec(t, ctx));
	addCodaOnlyColumns(specs, ctx);
	return { name: 'Studio OS', tables: specs };
}

/** A generator that leaves `emptyRate` of the cells empty, like real data. */
function column(
	ctx: BuildContext, erpTable: string, name: string, format: ColumnFormat, erpColumns: string[],
	value: (rng: Rng, index: number) => Cell | null, emptyRate: number, extra: Partial<ColumnSpec> = {},
): ColumnSpec {
	return {
		name, format, erpColumns, ...extra,
		generate: (index) => {
			const rng = rngFor(ctx.seed, erpTable, name, index);
			if (emptyRate > 0 && rng.chance(emptyRate)) return null;
			return value(rng, index);
		},
	};
}

const fmt = (type: ColumnType, extra: Record<string, unknown> = {}, isArray = false): ColumnFormat => ({ type, isArray, ...extra });

function singular(candidates: string[], tables: Set<string>): string | undefined {
	for (const c of candidates) {
		for (const form of [c, `${c}s`, `${c}es`, c.replace(/y$/, 'ies')]) if (tables.has(form)) return form;
	}
	return undefined;
}

/** `related_topic` → ['related_topic', 'topic'] so prefixes like `related_`/`primary_` still find `topics`. */
const suffixes = (x: string) => x.split('_').map((_, i, parts) => parts.slice(i).join('_'));

function lookupValue(ctx: BuildContext, target: string, isArray: boolean) {
	const count = ctx.rowCounts.get(target) ?? 0;
	return (rng: Rng): Cell | null => {
		if (count === 0) return null;
		const pick = () => ({ kind: 'row' as const, rowId: rowIdFor(ctx.seed, target, rng.int(0, count - 1)) });
		if (!isArray) return pick();
		const refs = Array.from({ length: rng.int(1, Math.min(3, count)) }, pick);
		return refs.filter((r, i) => refs.findIndex((o) => o.rowId === r.rowId) === i);
	};
}

function personValue(ctx: BuildContext) {
	const people = ctx.rowCounts.get('people') ?? 0;
	return (rng: Rng): PersonCell =>
		people > 0 && rng.chance(0.9) ? fake.personAt(ctx.seed, rng.int(0, people - 1)) : fake.outsiderPerson(rng);
}

/** A believable upper bound for a number column without a CHECK range, by its name. */
function typicalMax(name: string): number {
	if (/_ms$/.test(name)) return 600_000;
	if (/(_percent|_pct|^progress)$/.test(name)) return 100;
	if (/hours$/.test(name)) return 80;
	if (/(_days|_weeks|_months|_number)$/.test(name)) return 52;
	if (/(_count|^count)$/.test(name)) return 500;
	return 10_000;
}

function numberBounds(col: PgColumn, rule: ColumnRule | undefined): { min: number; max: number; integer: boolean } {
	const sqlType = col.getSQLType();
	const integer = /^(integer|smallint|bigint)/.test(sqlType);
	const m = /numeric\((\d+),\s*(\d+)\)/.exec(sqlType);
	const precisionMax = m ? 10 ** (Number(m[1]) - Number(m[2])) - 1 : 10_000;
	const min = rule?.min ?? 0;
	const max = Math.min(rule?.max ?? typicalMax(col.name), precisionMax);
	return { min, max: Math.max(min, max), integer };
}

function numericColumn(ctx: BuildContext, erpTable: string, col: PgColumn, rule: ColumnRule | undefined, emptyRate: number): ColumnSpec {
	const name = titleCase(col.name);
	const { min, max, integer } = numberBounds(col, rule);
	const draw = (rng: Rng) => (integer ? rng.int(Math.ceil(min), Math.floor(max)) : Math.round((min + rng.next() * (max - min)) * 100) / 100);
	const scaled = /(^|_)(score|confidence|rating|priority|impact|effort|fit|urgency|energy)$/.test(col.name);
	const percent = /(_percent|_pct|^progress|_rate)$/.test(col.name);
	if (percent && max <= 1) return column(ctx, erpTable, name, fmt('percent', { precision: 0 }), [col.name], (rng) => Math.round(rng.next() * max * 100) / 100, emptyRate);
	if (scaled && integer && max <= 10) {
		return column(ctx, erpTable, name, fmt('scale', { maximum: max, icon: 'star' }), [col.name], draw, emptyRate);
	}
	if (scaled || percent) {
		return column(ctx, erpTable, name, fmt('slider', { minimum: min, maximum: max, step: integer ? 1 : 0.01 }), [col.name], draw, emptyRate);
	}
	return column(ctx, erpTable, name, fmt('number', { precision: integer ? 0 : 2, useThousandsSeparator: true }), [col.name], draw, emptyRate);
}

function textColumn(ctx: BuildContext, erpTable: string, col: PgColumn, rule: ColumnRule | undefined, emptyRate: number): ColumnSpec {
	const name = titleCase(col.name);
	const c = col.name;
	if (rule?.options?.length) {
		const options = rule.options;
		return column(ctx, erpTable, name, fmt('select', { options }), [c], (rng) => rng.pick(options), emptyRate);
	}
	if (c === 'image_url' || c === 'logo_url' || c.endsWith('_image_url')) return column(ctx, erpTable, name, fmt('image'), [c], (rng) => fake.image(rng), emptyRate);
	if (c.endsWith('_url') || c === 'url' || c === 'website') return column(ctx, erpTable, name, fmt('link', { display: 'title' }), [c], (rng) => fake.link(rng), emptyRate);
	if (c === 'email' || c.endsWith('_email')) {
		const people = erpTable === 'people';
		return column(ctx, erpTable, name, fmt('email', { display: 'iconAndEmail' }), [c],
			(rng, i) => (people ? fake.personAt(ctx.seed, i).email : fake.outsiderPerson(rng).email), people ? 0 : emptyRate);
	}
	if (/^char\(3\)/.test(col.getSQLType()) || c.endsWith('currency')) {
		return column(ctx, erpTable, name, fmt('select', { options: ['USD', 'EUR', 'GBP'] }), [c], (rng) => rng.pick(['USD', 'EUR', 'GBP']), emptyRate);
	}
	if (c === 'quarter' || rule?.pattern?.includes('Q[1-4]')) return column(ctx, erpTable, name, fmt('text'), [c], (rng) => fake.quarter(rng), emptyRate);
	const known = fake.textFor(c);
	if (known) return column(ctx, erpTable, name, fmt('text'), [c], known, emptyRate);
	if (MARKDOWN_TEXT.test(c)) return column(ctx, erpTable, name, fmt('text'), [c], (rng) => fake.markdown(rng), emptyRate);
	if (/(^|_)(name|title)$/.test(c)) return column(ctx, erpTable, name, fmt('text'), [c], (rng) => fake.title(rng), emptyRate);
	return column(ctx, erpTable, name, fmt('text'), [c], (rng) => fake.sentence(rng), emptyRate);
}

/** The display column's values: people's names in People, company names in Organizations, titles elsewhere. */
function displayValue(ctx: BuildContext, erpTable: string, col: string): (rng: Rng, index: number) => Cell {
	if (erpTable === 'people') return (_rng, i) => fake.personAt(ctx.seed, i).name;
	if (erpTable === 'organizations') return (_rng, i) => fake.companyAt(ctx.seed, i);
	if (MARKDOWN_TEXT.test(col)) return (rng) => fake.sentence(rng);
	return (rng) => fake.title(rng);
}

interface TableSchema {
	erpTable: string;
	rules: Map<string, ColumnRule>;
	byName: Map<string, PgColumn>;
	/** FK column → erp name of the table it references. */
	fkTarget: Map<string, string>;
	tableNames: Set<string>;
}

/** The Coda column for an erp column, and every erp column it stands for (ref/person/money pairs). */
function codaColumnFor(ctx: BuildContext, schema: TableSchema, col: PgColumn): { consumes: string[]; spec?: ColumnSpec } {
	const { erpTable, rules, byName, fkTarget, tableNames } = schema;
	const c = col.name;
	const emptyRate = col.notNull ? 0 : 0.1;
	const prefix = c.replace(/_(coda_ids|coda_id|email|amount|currency|id)$/, '');
	const has = (suffix: string) => byName.has(`${prefix}${suffix}`);
	const name = titleCase(prefix);

	if ((c === `${prefix}_id` || c === `${prefix}_coda_id`) && has('_id') && has('_coda_id')) {
		const pair = [`${prefix}_id`, `${prefix}_coda_id`];
		const target = fkTarget.get(`${prefix}_id`) ?? singular(suffixes(prefix), tableNames);
		if (!target) return { consumes: pair };
		return { consumes: pair, spec: column(ctx, erpTable, name, fmt('lookup'), pair, lookupValue(ctx, target, false), emptyRate, { lookupTarget: target }) };
	}
	if (c === `${prefix}_coda_ids`) {
		// A relation that names no table ("blocked_by") links rows of the same table: tasks blocked by tasks.
		const target = singular(suffixes(prefix), tableNames) ?? erpTable;
		return { consumes: [c], spec: column(ctx, erpTable, name, fmt('lookup', {}, true), [c], lookupValue(ctx, target, true), emptyRate, { lookupTarget: target }) };
	}
	if ((c === `${prefix}_email` || c === `${prefix}_id`) && has('_email') && fkTarget.get(`${prefix}_id`) === 'people') {
		const pair = [`${prefix}_email`, `${prefix}_id`];
		return { consumes: pair, spec: column(ctx, erpTable, name, fmt('person'), pair, personValue(ctx), emptyRate) };
	}
	if ((c === `${prefix}_amount` || c === `${prefix}_currency`) && has('_amount') && has('_currency')) {
		const pair = [`${prefix}_amount`, `${prefix}_currency`];
		const bounds = numberBounds(byName.get(pair[0])!, rules.get(pair[0]));
		const max = Math.min(bounds.max, 50_000);
		const format = fmt('currency', { currencyCode: DEFAULT_CURRENCY, precision: 2, format: 'currency' });
		return { consumes: pair, spec: column(ctx, erpTable, name, format, pair, (rng) => Math.round((bounds.min + rng.next() * (max - bounds.min)) * 100) / 100, emptyRate) };
	}
	const target = fkTarget.get(c);
	if (c === `${prefix}_id` && target) {
		return { consumes: [c], spec: column(ctx, erpTable, name, fmt('lookup'), [c], lookupValue(ctx, target, false), emptyRate, { lookupTarget: target }) };
	}
	return { consumes: [c], spec: plainColumn(ctx, erpTable, col, rules.get(c), emptyRate) };
}

function tableSpec(table: PgTable, ctx: BuildContext): TableSpec {
	const config = getTableConfig(table);
	const erpTable = config.name;
	const rules = checkRules(table);
	const tableNames = new Set(ctx.rowCounts.keys());
	const byName = new Map(config.columns.map((c) => [c.name, c]));
	const fkTarget = new Map<string, string>();
	for (const fk of config.foreignKeys) {
		const ref = fk.reference();
		fkTarget.set(ref.columns[0].name, getTableConfig(ref.foreignTable).name);
	}
	const consumed = new Set<string>(SYNC_COLUMNS);
	const columns: ColumnSpec[] = [];
	const domain = config.columns.filter((c) => !SYNC_COLUMNS.has(c.name));
	const displayName = DISPLAY_CANDIDATES.find((n) => byName.get(n)?.getSQLType() === 'text')
		?? domain.find((c) => c.getSQLType() === 'text' && !rules.get(c.name)?.options && !c.name.endsWith('_coda_id') && !c.name.endsWith('_email'))?.name;

	if (displayName) {
		consumed.add(displayName);
		columns.push(column(ctx, erpTable, titleCase(displayName), fmt('text'), [displayName], displayValue(ctx, erpTable, displayName), 0, { display: true }));
	}

	const schema: TableSchema = { erpTable, rules, byName, fkTarget, tableNames };
	for (const col of domain) {
		if (consumed.has(col.name)) continue;
		const { consumes, spec } = codaColumnFor(ctx, schema, col);
		consumes.forEach((c) => consumed.add(c));
		if (spec) columns.push(spec);
	}
	orderColumns(columns, rules, byName);
	return { name: titleCase(erpTable), erpTable, columns, rowCount: ctx.rowCounts.get(erpTable) ?? 0 };
}

/** The column a value must not precede: from a CHECK (`a >= b`), else by name (end/finish after start). */
function notBefore(col: string, rules: Map<string, ColumnRule>, byName: Map<string, PgColumn>): string | undefined {
	const fromCheck = rules.get(col)?.notBefore;
	if (fromCheck) return fromCheck;
	const start = col.replace(/(^|_)end(_|$)/, '$1start$2').replace(/^finished_/, 'started_').replace(/^ended_/, 'started_');
	return start !== col && byName.has(start) ? start : undefined;
}

/** Makes later-in-time columns (end dates, finish times) come after their start in every row. */
function orderColumns(columns: ColumnSpec[], rules: Map<string, ColumnRule>, byName: Map<string, PgColumn>): void {
	const byErp = new Map(columns.filter((c) => c.erpColumns?.length === 1).map((c) => [c.erpColumns![0], c]));
	for (const [erpColumn, later] of byErp) {
		const earlier = byErp.get(notBefore(erpColumn, rules, byName) ?? '');
		const own = later.generate;
		const base = earlier?.generate;
		if (!own || !base || earlier.format.type !== later.format.type) continue;
		later.generate = (index) => {
			const value = own(index);
			const start = base(index);
			if (value === null || start === null || value >= start) return value;
			if (typeof start === 'number' && typeof value === 'number') return start + ((start - value) % (8 * 3_600_000));
			if (typeof start === 'string' && typeof value === 'string' && later.format.type === 'date') {
				const days = (Date.parse(start) - Date.parse(value)) / 86_400_000;
				return new Date(Date.parse(start) + (days % 45) * 86_400_000).toISOString().slice(0, 10);
			}
			return start;
		};
	}
}

/** One erp column → one Coda column, typed from the SQL type and the column's name. */
function plainColumn(ctx: BuildContext, erpTable: string, col: PgColumn, rule: ColumnRule | undefined, emptyRate: number): ColumnSpec | undefined {
	const sqlType = col.getSQLType();
	const c = col.name;
	const name = titleCase(c);
	if (c === 'attachments') return column(ctx, erpTable, name, fmt('attachments', {}, true), [c], (rng) => [fake.attachment(rng, ctx.docId)], 0.3);
	if (sqlType.endsWith('[]')) {
		const options = rule?.options ?? ['strategy', 'ops', 'sales', 'product', 'finance', 'research'];
		return column(ctx, erpTable, name, fmt('select', { options }, true), [c], (rng) => [...new Set([rng.pick(options), rng.pick(options)])], emptyRate);
	}
	if (sqlType === 'boolean') return column(ctx, erpTable, name, fmt('checkbox', { displayType: 'toggle' }), [c], (rng) => rng.chance(0.4), 0);
	if (sqlType === 'date') return column(ctx, erpTable, name, fmt('date', { format: 'YYYY-MM-DD' }), [c], (rng) => fake.isoDate(rng), emptyRate);
	if (sqlType.startsWith('timestamp')) return column(ctx, erpTable, name, fmt('dateTime', { dateFormat: 'YYYY-MM-DD', timeFormat: 'h:mm A' }), [c], (rng) => fake.instant(rng), emptyRate);
	if (sqlType.startsWith('time')) return column(ctx, erpTable, name, fmt('time', { format: 'h:mm A' }), [c], (rng) => fake.timeOfDay(rng), emptyRate);
	if (sqlType === 'interval' || c.endsWith('_minutes')) {
		return column(ctx, erpTable, name, fmt('duration', { precision: 2, maxUnit: 'hours' }), [c], (rng) => fake.durationSeconds(rng), emptyRate);
	}
	if (/^(integer|smallint|bigint|numeric|real|double)/.test(sqlType)) return numericColumn(ctx, erpTable, col, rule, emptyRate);
	if (sqlType === 'text' || /^(varchar|char|character)/.test(sqlType)) return textColumn(ctx, erpTable, col, rule, emptyRate);
	return undefined; // jsonb, uuid, …: data Coda does not hold as a column
}

function pickTable(specs: TableSpec[], preferred: string, fallback: number): TableSpec | undefined {
	return specs.find((t) => t.erpTable === preferred) ?? specs[Math.min(fallback, specs.length - 1)];
}

/** Coda-only columns: formula, button, canvas, hidden, reaction, plus any type the schema did not produce. */
function addCodaOnlyColumns(specs: TableSpec[], ctx: BuildContext): void {
	if (specs.length === 0) return;
	const first = pickTable(specs, 'tasks', 0)!;
	const second = pickTable(specs, 'projects', 1)!;
	const third = pickTable(specs, 'ideas_inbox', 2)!;
	const display = first.columns.find((c) => c.display)?.name;
	const select = first.columns.find((c) => c.format.type === 'select' && !c.format.isArray)?.name;
	if (display) {
		first.columns.push({
			name: 'Summary Line', format: fmt('text'), calculated: true,
			formula: select ? `Concatenate(thisRow.[${display}], " (", thisRow.[${select}], ")")` : `Upper(thisRow.[${display}])`,
			compute: (cell) => {
				const base = cell(display);
				if (typeof base !== 'string') return null;
				const extra = select ? cell(select) : null;
				return typeof extra === 'string' ? `${base} (${extra})` : base.toUpperCase();
			},
		});
	}
	first.columns.push({ name: 'Mark Done', format: fmt('button', { label: 'Mark done', action: 'ModifyRows(thisRow, thisRow.Done, true)', disableIf: 'False()' }), calculated: true, compute: () => 'Mark done' });
	second.columns.push(column(ctx, second.erpTable, 'Brief', fmt('canvas'), [], (rng) => fake.markdown(rng), 0.2));
	second.columns.push(column(ctx, second.erpTable, 'Internal Notes', fmt('text'), [], (rng) => fake.sentence(rng), 0.2, { hidden: true }));
	third.columns.push(column(ctx, third.erpTable, 'Votes', fmt('reaction', {}, true), [], (rng) => [personValue(ctx)(rng), personValue(ctx)(rng)], 0.3));

	const present = new Set(specs.flatMap((t) => t.columns.map((c) => c.format.type)));
	const lookupTarget = first.erpTable;
	const fillers: Array<[ColumnType, string, ColumnFormat, (rng: Rng) => Cell, Partial<ColumnSpec>?]> = [
		['text', 'Comment', fmt('text'), (rng) => fake.sentence(rng)],
		['person', 'Reviewer', fmt('person'), personValue(ctx)],
		['lookup', 'Related Item', fmt('lookup'), (rng) => lookupValue(ctx, lookupTarget, false)(rng)!, { lookupTarget }],
		['number', 'Votes Count', fmt('number', { precision: 0 }), (rng) => rng.int(0, 40)],
		['percent', 'Completion', fmt('percent', { precision: 0 }), (rng) => rng.int(0, 100) / 100],
		['currency', 'Estimated Value', fmt('currency', { currencyCode: DEFAULT_CURRENCY, precision: 2, format: 'currency' }), (rng) => rng.int(100, 900_000) / 100],
		['date', 'Follow Up On', fmt('date', { format: 'YYYY-MM-DD' }), (rng) => fake.isoDate(rng)],
		['dateTime', 'Last Contacted', fmt('dateTime', { dateFormat: 'YYYY-MM-DD', timeFormat: 'h:mm A' }), (rng) => fake.instant(rng)],
		['time', 'Meeting Time', fmt('time', { format: 'h:mm A' }), (rng) => fake.timeOfDay(rng)],
		['duration', 'Time Spent', fmt('duration', { precision: 2, maxUnit: 'hours' }), (rng) => fake.durationSeconds(rng)],
		['email', 'Contact Email', fmt('email', { display: 'iconAndEmail' }), (rng) => fake.outsiderPerson(rng).email],
		['link', 'Reference Link', fmt('link', { display: 'title' }), (rng) => fake.link(rng)],
		['slider', 'Effort', fmt('slider', { minimum: 0, maximum: 10, step: 1 }), (rng) => rng.int(0, 10)],
		['scale', 'Rating', fmt('scale', { maximum: 5, icon: 'star' }), (rng) => rng.int(1, 5)],
		['image', 'Cover Image', fmt('image'), (rng) => fake.image(rng)],
		['attachments', 'Files', fmt('attachments', {}, true), (rng) => [fake.attachment(rng, ctx.docId)]],
		['checkbox', 'Starred', fmt('checkbox'), (rng) => rng.chance(0.3)],
		['select', 'Category', fmt('select', { options: ['idea', 'bet', 'parked'] }), (rng) => rng.pick(['idea', 'bet', 'parked'])],
	];
	for (const [type, name, format, value, extra] of fillers) {
		if (!present.has(type)) third.columns.push(column(ctx, third.erpTable, name, format, [], value, type === 'checkbox' ? 0 : 0.15, extra));
	}
}
