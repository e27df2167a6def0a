// Reads a Drizzle table's CHECK constraints into per-column rules the generator respects:
// vocabularies (`col IN (...)`, `col = ANY (ARRAY[...])`), numeric bounds, regex formats and
// column order (`finished_at >= started_at`). A Coda select column's options are the shipped
// values of the option table its FK references (drizzle/schema/columns.ts `selectOptions`).
import { getTableConfig, PgDialect, type PgTable } from 'drizzle-orm/pg-core';
import { optionTableInfo } from '../../drizzle/schema/columns';

export interface ColumnRule {
	options?: string[];
	min?: number;
	max?: number;
	/** POSIX regex the value must match (`col ~ '...'`). */
	pattern?: string;
	/** Another column this one must not be less than (`col >= other`). */
	notBefore?: string;
}

const dialect = new PgDialect();
const IDENT = String.raw`(?:"?\w+"?\.)*"?(\w+)"?`;
const NUM = String.raw`(-?\d+(?:\.\d+)?)`;

function quoteLiteral(value: unknown): string {
	return typeof value === 'number' ? String(value) : `'${String(value).replace(/'/g, "''")}'`;
}

/** The check's SQL text with its parameters inlined, e.g. `"erp"."tasks"."status" in ('a', 'b')`. */
function checkText(sqlValue: Parameters<PgDialect['sqlToQuery']>[0]): string {
	const { sql, params } = dialect.sqlToQuery(sqlValue);
	return sql.replace(/\$(\d+)/g, (_m, n: string) => quoteLiteral(params[Number(n) - 1]));
}

function literals(list: string): string[] {
	return [...list.matchAll(/'((?:[^']|'')*)'/g)].map((m) => m[1].replace(/''/g, "'"));
}

function rule(rules: Map<string, ColumnRule>, column: string): ColumnRule {
	let r = rules.get(column);
	if (!r) rules.set(column, (r = {}));
	return r;
}

export function checkRules(table: PgTable): Map<string, ColumnRule> {
	const rules = new Map<string, ColumnRule>();
	for (const fk of getTableConfig(table).foreignKeys) {
		const ref = fk.reference();
		const shipped = optionTableInfo(ref.foreignTable)?.shipped;
		if (shipped) rule(rules, ref.columns[0].name).options = [...shipped];
	}
	for (const check of getTableConfig(table).checks) {
		const text = checkText(check.value);
		for (const m of text.matchAll(new RegExp(`${IDENT}\\s+in\\s*\\(([^)]*)\\)`, 'gi'))) {
			rule(rules, m[1]).options = literals(m[2]);
		}
		for (const m of text.matchAll(new RegExp(`${IDENT}\\s*=\\s*any\\s*\\(\\s*(?:array\\s*)?\\[?([^\\]]*)\\]`, 'gi'))) {
			rule(rules, m[1]).options = literals(m[2]);
		}
		for (const m of text.matchAll(new RegExp(`${IDENT}\\s+between\\s+${NUM}\\s+and\\s+${NUM}`, 'gi'))) {
			Object.assign(rule(rules, m[1]), { min: Number(m[2]), max: Number(m[3]) });
		}
		for (const m of text.matchAll(new RegExp(`${IDENT}\\s*~\\s*'((?:[^']|'')*)'`, 'gi'))) {
			rule(rules, m[1]).pattern = m[2].replace(/''/g, "'");
		}
		for (const m of text.matchAll(new RegExp(`${IDENT}\\s*(>=|>)\\s*${IDENT}`, 'gi'))) {
			if (!/^\d/.test(m[3])) rule(rules, m[1]).notBefore = m[3];
		}
		for (const m of text.matchAll(new RegExp(`${IDENT}\\s*(>=|>|<=|<)\\s*${NUM}`, 'gi'))) {
			const r = rule(rules, m[1]);
			const bound = Number(m[3]);
			if (m[2].startsWith('>')) r.min = m[2] === '>' ? bound + 1e-9 : bound;
			else r.max = m[2] === '<' ? bound - 1e-9 : bound;
		}
	}
	return rules;
}
