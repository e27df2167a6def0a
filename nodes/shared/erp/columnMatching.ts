// Which erp column each Coda column of the user's doc feeds, decided from the doc model (names,
// formats, the display column) with every decision explained, so `erp-db plan` can show it and
// ERP Upsert writes by the same rule. A column with no fitting erp column gets a proposed one.
import { SYNC_COLUMNS, type ColumnGroup, type ColumnInfo, type TableInfo } from './catalog';
import { normaliseName } from './names';

/** One Coda column as the doc model (erp.coda_columns, or Coda Table Fetch's summary) knows it. */
export interface DocColumn {
	id: string;
	name: string;
	/** Coda format type (`text`, `select`, `lookup`, `person`, …); `unknown` when only the name is known. */
	type: string;
	isArray: boolean;
	display: boolean;
	calculated: boolean;
	format: Record<string, unknown>;
	/** Target table of a lookup or person column. */
	lookupTableId: string | null;
}

/** A user's choice (erp.column_overrides): a Coda column id or name → an erp column, or null for none. */
export interface ColumnOverride {
	codaColumn: string;
	erpColumn: string | null;
}

export type DecisionHow = 'override' | 'stored' | 'display' | 'name' | 'fuzzy' | 'new' | 'none';

export interface ColumnDecision {
	codaColumnId: string;
	codaColumnName: string;
	codaType: string;
	/** The erp column (or column group) fed; null when the value stays in coda_row only. */
	target: Target | null;
	/** The erp columns written ([] = not in a typed column). */
	erpColumns: string[];
	how: DecisionHow;
	reason: string;
	/** For `new`: the column `erp-db apply` would add. */
	proposed?: { column: string; sqlType: string };
}

export type Target = { kind: 'column'; column: string } | { kind: 'group'; group: ColumnGroup };

export interface MatchContext {
	/** Bindings stored by earlier runs (Coda column id → erp column). */
	stored: Record<string, string>;
	overrides: ColumnOverride[];
	/** The erp table a Coda table id is mirrored into (for lookups). */
	erpTableOf: (codaTableId: string) => string | undefined;
}

const SYNC = new Set<string>(SYNC_COLUMNS);

/** The erp columns a target writes (a group writes its Coda-facing columns). */
export function targetColumns(target: Target): string[] {
	if (target.kind === 'column') return [target.column];
	const g = target.group;
	switch (g.kind) {
		case 'ref':
			return [g.codaIdColumn];
		case 'person':
			return [g.emailColumn];
		case 'money':
			return [g.amountColumn, g.currencyColumn];
		case 'refMany':
			return [g.column];
	}
}

/** The column a binding is stored under: the group's first Coda-facing column, or the column. */
export function bindColumn(target: Target): string {
	return targetColumns(target)[0];
}

/** The writable target an erp column (or group) name stands for; undefined for sync or generated columns. */
export function targetOfColumn(table: TableInfo, column: string): Target | undefined {
	if (SYNC.has(column)) return undefined;
	const named = table.groups.get(column);
	if (named) return { kind: 'group', group: named };
	if (!table.columns.has(column)) return undefined;
	const group = table.groupOf.get(column);
	if (group) return { kind: 'group', group };
	if (table.columns.get(column)!.generated) return undefined;
	return { kind: 'column', column };
}

const NUMBER_TYPES = new Set(['smallint', 'integer', 'bigint', 'numeric', 'real', 'double precision']);
const TEXT_TYPES = new Set(['text', 'varchar', 'char', 'character varying', 'character']);

function isText(c: ColumnInfo) {
	return TEXT_TYPES.has(c.baseType);
}

/**
 * Whether a Coda column of this format can feed the target. Unknown formats (items without a
 * doc model) fit anything, as name matching alone did before the doc model existed.
 */
export function fits(doc: DocColumn, target: Target, table: TableInfo, ctx: MatchContext): boolean {
	if (doc.type === 'unknown') return true;
	if (target.kind === 'group') {
		const g = target.group;
		const lookupTarget = doc.lookupTableId ? ctx.erpTableOf(doc.lookupTableId) : undefined;
		switch (g.kind) {
			case 'ref':
				return doc.type === 'lookup' && (!lookupTarget || lookupTarget === g.target);
			case 'refMany':
				return doc.type === 'lookup';
			case 'person':
				// A contact kept as a lookup into People is a person too.
				return !doc.isArray && (doc.type === 'person' || doc.type === 'email' || (doc.type === 'lookup' && lookupTarget === g.target));
			case 'money':
				return doc.type === 'currency' || doc.type === 'number';
		}
	}
	const col = table.columns.get(target.column)!;
	const scalar = !doc.isArray || col.isArray;
	switch (doc.type) {
		case 'number':
		case 'percent':
		case 'slider':
		case 'scale':
		case 'currency':
			return scalar && (NUMBER_TYPES.has(col.baseType) || isText(col));
		case 'checkbox':
			return scalar && (col.baseType === 'boolean' || isText(col));
		case 'date':
		case 'dateTime':
			return scalar && (col.baseType === 'date' || col.baseType.startsWith('timestamp'));
		case 'time':
			return scalar && col.baseType.startsWith('time') && !col.baseType.startsWith('timestamp');
		case 'duration':
			return scalar && (col.baseType === 'interval' || NUMBER_TYPES.has(col.baseType));
		case 'select':
			return (doc.isArray ? col.isArray : true) && isText(col);
		case 'lookup':
		case 'person':
			return col.isArray ? isText(col) : !doc.isArray && isText(col);
		case 'button':
			return false;
		default:
			return scalar && (isText(col) || col.baseType === 'jsonb' || col.baseType === 'json');
	}
}

/** Units written in a Coda column name, and the suffix our columns use for them. */
const UNIT_SUFFIXES: Array<[RegExp, string]> = [
	[/\((h|hr|hrs|hours?)\)|\b(in hours|hours)$/i, 'hours'],
	[/\((m|min|mins|minutes?)\)|\b(in minutes|minutes)$/i, 'minutes'],
	[/\((d|days?)\)|\b(in days|days)$/i, 'days'],
	[/%|\(pct\)|\bpercent(age)?\b/i, 'percent'],
	// A currency named in brackets: "(€)", "($)", "(A$)", "(₹)", or an ISO 4217 code ("(AUD)", "(INR)").
	[/\((€|\$|£|¥|₹|[A-Z]{1,2}\$|Rs\.?|[A-Z]{3})\)/, 'amount'],
];

/** Common abbreviations in column names (normalised word → the word our columns use). */
const ABBREVIATIONS: Record<string, string> = {
	amt: 'amount', qty: 'quantity', acct: 'account', acc: 'account', est: 'estimate', dept: 'department',
	mgr: 'manager', desc: 'description', no: 'number', num: 'number', nr: 'number', pct: 'percent', hrs: 'hours',
	hr: 'hours', mins: 'minutes', min: 'minutes', yr: 'year', mo: 'months', mos: 'months', addr: 'address',
	tel: 'phone', mobile: 'phone', org: 'organization', ref: 'reference', info: 'information', cat: 'category',
	prio: 'priority', pri: 'priority', opp: 'deal', opps: 'deals', biz: 'business', co: 'company', id: 'id',
};

/** A rate per unit of time ("Rate / hr", "Cost per day"): the adjective our columns put first. */
const PER_UNIT: Array<[RegExp, string]> = [
	[/\s*(\/|\bper\b)\s*(h|hr|hour)\b\.?/i, 'hourly'],
	[/\s*(\/|\bper\b)\s*(d|day)\b\.?/i, 'daily'],
	[/\s*(\/|\bper\b)\s*(mo|month)\b\.?/i, 'monthly'],
];

/** Common words for the same thing: Coda name (normalised) → names our columns use. */
const SYNONYMS: Record<string, string[]> = {
	due: ['due_date', 'due_on', 'deadline'],
	deadline: ['due_date', 'due_on'],
	due_by: ['due_date'],
	stage: ['status', 'stage'],
	state: ['status'],
	phase: ['status', 'stage'],
	client: ['client_organization', 'organization', 'client'],
	customer: ['client_organization', 'organization', 'client'],
	company: ['organization', 'client_organization'],
	organisation: ['organization'],
	account: ['organization', 'client_organization'],
	contact: ['contact', 'client_contact', 'contact_person'],
	main_contact: ['client_contact', 'contact'],
	assigned_to: ['assignee'],
	assignee: ['assignee', 'owner'],
	responsible: ['owner', 'assignee'],
	lead: ['owner'],
	owner: ['owner', 'assignee'],
	estimate: ['estimate_hours', 'estimated_hours'],
	effort: ['estimate_hours', 'effort'],
	probability: ['probability_percent'],
	notes: ['notes', 'description', 'summary'],
	details: ['description', 'notes'],
	summary: ['summary', 'description'],
	start: ['start_date', 'started_on', 'starts_at', 'start'],
	starts: ['start_date', 'started_on', 'starts_at'],
	end: ['end_date', 'ends_at', 'end'],
	ends: ['end_date', 'ends_at'],
	kind: ['type', 'category'],
	category: ['category', 'type'],
	value: ['amount', 'value'],
	amount: ['amount', 'total', 'value', 'price'],
	total: ['amount', 'total'],
	price: ['amount', 'price'],
	cost: ['amount', 'cost'],
	link: ['url', 'website_url'],
	website: ['website_url', 'url'],
	mail: ['email'],
	e_mail: ['email'],
	date: ['date', 'occurred_on'],
	when: ['date', 'occurred_on', 'starts_at'],
	tags: ['tags'],
	labels: ['tags'],
	deadline_date: ['due_date'],
	kick_off: ['start_date', 'started_on'],
	kickoff: ['start_date', 'started_on'],
	close_by: ['expected_close_date', 'close_date'],
	close_date: ['expected_close_date'],
	chance: ['probability_percent'],
	win_chance: ['probability_percent'],
	likelihood: ['probability_percent'],
	creator: ['owner', 'author', 'created_by'],
	author: ['author', 'owner'],
	written_by: ['author', 'owner'],
	posted_by: ['author', 'owner'],
	added_by: ['author', 'owner', 'submitted_by'],
	pitched_by: ['submitted_by', 'author'],
	type: ['type', 'category'],
};

/**
 * "Type", "Kind", "Category": the table's one `<something>_type` column (asset_type, entry_type),
 * when it has exactly one.
 */
const TYPE_WORDS = new Set(['type', 'kind', 'category', 'sort']);

/** A snake_case name and its singular or plural (`categories` ↔ `category`). */
export function singularPlural(n: string): string[] {
	if (n.endsWith('ies')) return [n, `${n.slice(0, -3)}y`];
	if (n.endsWith('ses') || n.endsWith('xes')) return [n, n.slice(0, -2)];
	if (n.endsWith('s')) return [n, n.slice(0, -1)];
	if (n.endsWith('y')) return [n, `${n.slice(0, -1)}ies`];
	return [n, `${n}s`];
}

/** Erp column names a Coda column name may stand for, best first, each with how it was found. */
export function nameCandidates(codaName: string): Array<{ name: string; how: 'name' | 'fuzzy' }> {
	const out: Array<{ name: string; how: 'name' | 'fuzzy' }> = [];
	const add = (name: string, how: 'name' | 'fuzzy') => {
		if (name && !out.some((c) => c.name === name)) out.push({ name, how });
	};
	const exact = normaliseName(codaName);
	for (const n of singularPlural(exact)) add(n, 'name');
	let unit: string | undefined;
	let stem = codaName;
	for (const [pattern, adjective] of PER_UNIT) {
		if (!pattern.test(stem)) continue;
		const rest = normaliseName(stem.replace(pattern, ' '));
		if (rest) for (const n of singularPlural(rest)) add(`${adjective}_${n}`, 'fuzzy');
	}
	for (const [pattern, suffix] of UNIT_SUFFIXES) {
		if (pattern.test(stem)) {
			unit = suffix;
			stem = stem.replace(pattern, ' ');
			break;
		}
	}
	const base = normaliseName(stem.replace(/\(.*?\)/g, ' '));
	if (!base) return out;
	// Abbreviated words spelt out ("Amt" → amount, "Acct mgr" → account_manager).
	const spelt = base.split('_').map((w) => ABBREVIATIONS[w] ?? w).join('_');
	// A qualifier in brackets says which kind ("Hours (est.)" → estimate_hours, "Date (planned)").
	const qualifier = normaliseName(/\(([^)]*)\)/.exec(stem)?.[1] ?? '');
	const bases = [base, spelt, ...(qualifier && !unit ? [`${ABBREVIATIONS[qualifier] ?? qualifier}_${spelt}`] : [])];
	for (const n of [...new Set(bases)].flatMap(singularPlural)) {
		if (unit) add(`${n}_${unit}`, 'fuzzy');
		add(n, 'fuzzy');
		for (const synonym of SYNONYMS[n] ?? []) add(unit && !synonym.endsWith(unit) ? `${synonym}_${unit}` : synonym, 'fuzzy');
		for (const suffix of ['date', 'on', 'at', 'url', 'email', 'name', 'type', 'status']) add(`${n}_${suffix}`, 'fuzzy');
	}
	// "Project title", "Client name": the last word names the thing, the first what it is.
	const words = spelt.split('_');
	if (words.length > 1) {
		add(words[0], 'fuzzy');
		add(words[words.length - 1], 'fuzzy');
	}
	return out;
}

/** PostgreSQL type for a new column holding this Coda column's values. */
export function proposedSqlType(doc: DocColumn): string {
	const base = (() => {
		switch (doc.type) {
			case 'number':
			case 'slider':
			case 'scale':
			case 'currency':
			case 'percent':
				return 'numeric';
			case 'checkbox':
				return 'boolean';
			case 'date':
				return 'date';
			case 'dateTime':
				return 'timestamp with time zone';
			case 'time':
				return 'time';
			case 'duration':
				return 'interval';
			default:
				return 'text';
		}
	})();
	return doc.isArray ? `${base}[]` : base;
}

/** The name of a new column: the Coda name in snake_case, made unique in the table. */
export function proposedColumnName(doc: DocColumn, taken: Set<string>): string {
	// The display column is the row's name, in every table ("always feeds name").
	if (doc.display && !taken.has('name')) return 'name';
	// "Owner(s)" is owners; a name of emoji only ("👍") is named after its type.
	let base = normaliseName(doc.name.replace(/\(s\)/gi, 's')) || normaliseName(doc.type) || 'column';
	if (doc.type === 'lookup') base = `${base}_coda_id${doc.isArray ? 's' : ''}`;
	else if (doc.type === 'person') base = `${base}_email${doc.isArray ? 's' : ''}`;
	else if (doc.type === 'percent' && !base.endsWith('percent')) base = `${base}_percent`;
	if (/^\d/.test(base)) base = `c_${base}`;
	base = base.slice(0, 55);
	let name = base;
	for (let i = 2; taken.has(name) || SYNC.has(name); i++) name = `${base}_${i}`;
	return name;
}

const RANK: Record<DecisionHow, number> = { override: 0, stored: 1, display: 2, name: 3, fuzzy: 4, new: 5, none: 6 };

/** Formats that hold no value worth a typed column. */
const VALUELESS = new Set(['button']);

/**
 * Decides every Coda column's erp column: the user's override, else the binding stored by an
 * earlier run, else the display column → `name`, else a name match (exact, then units,
 * singular/plural and synonyms) that fits the column's format. Each erp column takes at most
 * one Coda column, claimed in that order of precedence; a column left over is proposed as new.
 */
export function decideColumns(table: TableInfo, columns: DocColumn[], ctx: MatchContext): ColumnDecision[] {
	const overrideOf = (doc: DocColumn) =>
		ctx.overrides.find((o) => o.codaColumn === doc.id) ??
		ctx.overrides.find((o) => o.codaColumn.trim().toLowerCase() === doc.name.trim().toLowerCase());
	interface Candidate {
		doc: DocColumn;
		target: Target | null;
		how: DecisionHow;
		reason: string;
	}
	const options: Candidate[][] = columns.map((doc) => {
		const list: Candidate[] = [];
		const override = overrideOf(doc);
		if (override) {
			if (override.erpColumn === null || override.erpColumn.trim() === '') {
				return [{ doc, target: null, how: 'override', reason: 'override: kept in coda_row only' }];
			}
			const target = targetOfColumn(table, override.erpColumn.trim());
			if (target) return [{ doc, target, how: 'override', reason: `override → ${override.erpColumn}` }];
			list.push({ doc, target: null, how: 'none', reason: `override names ${override.erpColumn}, which ${table.name} does not have` });
		}
		if (VALUELESS.has(doc.type)) return [{ doc, target: null, how: 'none', reason: `a ${doc.type} column holds no value` }];
		const storedColumn = Object.hasOwn(ctx.stored, doc.id) ? ctx.stored[doc.id] : undefined;
		const stored = typeof storedColumn === 'string' ? targetOfColumn(table, storedColumn) : undefined;
		if (stored && fits(doc, stored, table, ctx)) list.push({ doc, target: stored, how: 'stored', reason: `bound by column id since an earlier sync` });
		if (doc.display && table.columns.has('name')) list.push({ doc, target: { kind: 'column', column: 'name' }, how: 'display', reason: 'the display column feeds name' });
		for (const c of nameCandidates(doc.name)) {
			const target = targetOfColumn(table, c.name);
			if (!target) continue;
			if (!fits(doc, target, table, ctx)) continue;
			list.push({ doc, target, how: c.how, reason: c.how === 'name' ? `same name` : `"${doc.name}" ≈ ${c.name}` });
		}
		// "Type", "Kind": the table's one `_type` column.
		if (TYPE_WORDS.has(normaliseName(doc.name))) {
			const typed = [...table.columns.keys()].filter((c) => c.endsWith('_type') && !SYNC.has(c));
			const target = typed.length === 1 ? targetOfColumn(table, typed[0]) : undefined;
			if (target && fits(doc, target, table, ctx)) list.push({ doc, target, how: 'fuzzy', reason: `"${doc.name}" ≈ ${typed[0]}, the table's one type column` });
		}
		// A lookup fits the one reference of this table that points at the lookup's table.
		if (doc.type === 'lookup' && doc.lookupTableId) {
			const parent = ctx.erpTableOf(doc.lookupTableId);
			for (const g of table.groups.values()) {
				const fitsLookup = doc.isArray ? g.kind === 'refMany' : g.kind === 'ref' && g.target === parent;
				if (parent && fitsLookup) list.push({ doc, target: { kind: 'group', group: g }, how: 'fuzzy', reason: `a lookup into ${parent}` });
			}
		}
		return list;
	});
	const claimed = new Map<string, ColumnDecision>();
	const decided = new Map<string, ColumnDecision>();
	const queue = options.flatMap((list) => list).filter((c) => c.target);
	queue.sort((a, b) => RANK[a.how] - RANK[b.how]);
	for (const c of queue) {
		if (decided.has(c.doc.id)) continue;
		const cols = targetColumns(c.target!);
		const key = cols.join('+');
		if (claimed.has(key)) continue;
		const decision: ColumnDecision = { codaColumnId: c.doc.id, codaColumnName: c.doc.name, codaType: c.doc.type, target: c.target, erpColumns: cols, how: c.how, reason: c.reason };
		claimed.set(key, decision);
		decided.set(c.doc.id, decision);
	}
	const taken = new Set([...table.columns.keys(), ...table.groups.keys()]);
	return columns.map((doc, i) => {
		const found = decided.get(doc.id);
		if (found) return found;
		const blocked = options[i].find((c) => !c.target);
		const base = { codaColumnId: doc.id, codaColumnName: doc.name, codaType: doc.type, target: null, erpColumns: [] };
		if (blocked && (blocked.how === 'override' || VALUELESS.has(doc.type))) return { ...base, how: blocked.how, reason: blocked.reason };
		if (doc.type === 'unknown') return { ...base, how: 'none', reason: 'no erp column of that name (format unknown)' };
		const column = proposedColumnName(doc, taken);
		taken.add(column);
		const sqlType = proposedSqlType(doc);
		return { ...base, how: 'new', reason: blocked?.reason ?? `no erp column fits a ${doc.type}${doc.isArray ? ' list' : ''}`, proposed: { column, sqlType } };
	});
}

/** Minimal doc columns from Coda column names only (items without a doc model). */
export function namesOnly(columns: Map<string, string>): DocColumn[] {
	return [...columns].map(([id, name]) => ({ id, name, type: 'unknown', isArray: false, display: false, calculated: false, format: {}, lookupTableId: null }));
}
