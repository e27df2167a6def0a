// `erp-db plan`: the user's Coda doc against the erp schema. Coda tables are matched to erp
// tables (tableMatching.ts), each Coda column is decided by columnMatching.decideColumns (the
// same rule ERP Upsert writes by), and what apply would do is listed: new typed columns, select
// options to add, table matches to record; plus what Coda no longer has (kept, reported).
import type { ClientBase, PoolClient } from 'pg';
import { SYNC_COLUMNS, defaultCatalog, qualified, withLiveColumns, type Catalog, type TableInfo } from '../../nodes/shared/erp/catalog';
import { decideColumns, type ColumnDecision, type ColumnOverride } from '../../nodes/shared/erp/columnMatching';
import { storeDocColumns } from '../../nodes/shared/erp/docModel';
import { guessMeaning } from '../../nodes/shared/erp/optionMeaning';
import { listedOptions } from '../../nodes/shared/erp/selectOptions';
import type { CodaDocModel, DocTable } from './codaDoc';
import type { DocColumnDefinition } from './docSchema';
import { MigrationError } from './errors';
import { configuredExactly, matchTables, type ErpTableInfo, type TableMatch } from './tableMatching';

/** The note `erp-db apply` leaves on the override that binds a column it added. */
export const ADDED_BY_APPLY = 'added by apply';

export interface OptionToAdd {
	value: string;
	/** The shipped meaning it is given (best guess), or null. */
	meaning: string | null;
	position: number | null;
}

export interface OptionChange {
	erpColumn: string;
	optionTable: string;
	codaColumnId: string;
	codaColumnName: string;
	add: OptionToAdd[];
	/** Options the table already has. */
	known: number;
	/** The shipped meanings an option may be given. */
	meanings: readonly string[];
}

export interface GoneColumn {
	codaColumnId: string;
	codaColumnName: string | null;
	/** The erp columns it fed; they stay. */
	erpColumns: string[];
}

export interface PlannedTable {
	match: TableMatch;
	codaTable: DocTable | null;
	/** Apply records the proposed match in erp.sync_config (coda_table := this). */
	setCodaTable: string | null;
	decisions: ColumnDecision[];
	options: OptionChange[];
	gone: GoneColumn[];
	/** erp columns (groups as `a_id/a_coda_id`) no Coda column feeds. */
	unfed: string[];
	/** Overrides with their notes, by Coda column (id or name). */
	overrideNotes: Map<string, string | null>;
}

export interface DocPlan {
	docId: string;
	source: string;
	tables: PlannedTable[];
	unmatchedCoda: Array<{ id: string; name: string }>;
	/** The columns apply would add, in plan order. */
	newColumns: DocColumnDefinition[];
}

/** The doc model tables of migration 0004; the plan needs them. */
export async function assertDocModelTables(client: ClientBase, database: string): Promise<void> {
	const { rows } = await client.query<{ missing: string[] }>(
		`SELECT array_agg(t) FILTER (WHERE to_regclass(t) IS NULL) AS missing FROM unnest($1::text[]) AS t`,
		[['erp.sync_config', 'erp.coda_columns', 'erp.column_overrides']],
	);
	const missing = rows[0].missing ?? [];
	if (missing.length > 0) throw new MigrationError(`database "${database}" has no ${missing.join(', ')} yet: run \`erp-db migrate\` first`);
}

const SYNC = new Set<string>(SYNC_COLUMNS);

function erpTableInfo(table: TableInfo): ErpTableInfo {
	const inGroups = new Set(table.groupOf.keys());
	const columns = [...table.columns.values()].filter((c) => !SYNC.has(c.name) && !c.generated && !inGroups.has(c.name)).map((c) => c.name);
	const refTargets = [...table.groups.values()].flatMap((g) => (g.kind === 'ref' || g.kind === 'person' ? [g.target] : []));
	return { name: table.name, columnNames: [...columns, ...table.groups.keys()], refTargets };
}

/** The erp columns no decision feeds, a group shown once as its columns joined by `/`. */
function unfedColumns(table: TableInfo, decisions: ColumnDecision[]): string[] {
	const fed = new Set(decisions.flatMap((d) => d.erpColumns));
	const out: string[] = [];
	const seenGroups = new Set<string>();
	for (const c of table.columns.values()) {
		if (SYNC.has(c.name) || c.generated) continue;
		const group = table.groupOf.get(c.name);
		if (group) {
			if (seenGroups.has(group.name)) continue;
			seenGroups.add(group.name);
			const members = [...table.groupOf.entries()].filter(([, g]) => g === group).map(([name]) => name);
			if (!members.some((m) => fed.has(m))) out.push(members.join('/'));
			continue;
		}
		if (!fed.has(c.name)) out.push(c.name);
	}
	return out;
}

interface OverrideRow {
	erp_table: string;
	coda_column: string;
	erp_column: string | null;
	note: string | null;
}

async function optionChanges(client: ClientBase, table: TableInfo, codaTable: DocTable, decisions: ColumnDecision[]): Promise<OptionChange[]> {
	const out: OptionChange[] = [];
	for (const d of decisions) {
		if (d.target?.kind !== 'column') continue;
		const info = table.columns.get(d.target.column);
		if (!info?.options) continue;
		const column = codaTable.columns.find((c) => c.id === d.codaColumnId);
		const listed = listedOptions(column?.format);
		const { rows } = await client.query<{ value: string; meaning: string | null }>(`SELECT "value", "meaning" FROM ${qualified(info.options.table)}`);
		const known = new Set(rows.map((r) => r.value));
		const meanings = [...new Set([...info.options.meanings, ...rows.filter((r) => r.meaning === r.value).map((r) => r.value)])];
		const add = listed
			.map((value, position) => ({ value, position }))
			.filter((o) => !known.has(o.value))
			.map((o) => ({ value: o.value, meaning: guessMeaning(o.value, meanings) ?? null, position: o.position }));
		out.push({ erpColumn: d.target.column, optionTable: info.options.table, codaColumnId: d.codaColumnId, codaColumnName: d.codaColumnName, add, known: rows.length, meanings });
	}
	return out;
}

async function goneColumns(
	client: ClientBase,
	docId: string,
	codaTable: DocTable,
	stored: Record<string, string>,
	overrides: OverrideRow[],
	definitions: DocColumnDefinition[],
): Promise<GoneColumn[]> {
	const present = new Set(codaTable.columns.map((c) => c.id));
	const { rows } = await client.query<{ id: string; name: string }>(
		`SELECT "coda_column_id" AS id, "name" FROM ${qualified('coda_columns')} WHERE "coda_doc_id" = $1 AND "coda_table_id" = $2 ORDER BY "position", "coda_column_id"`,
		[docId, codaTable.id],
	);
	const names = new Map(rows.map((r) => [r.id, r.name]));
	const fed = new Map<string, Set<string>>();
	const feed = (id: string, column: string | null) => {
		if (present.has(id)) return;
		const set = fed.get(id) ?? new Set<string>();
		if (column) set.add(column);
		fed.set(id, set);
	};
	for (const r of rows) feed(r.id, null);
	for (const [id, column] of Object.entries(stored)) if (typeof column === 'string') feed(id, column);
	for (const o of overrides) if (/^c-/.test(o.coda_column)) feed(o.coda_column, o.erp_column);
	for (const d of definitions) if (d.codaTableId === codaTable.id) feed(d.codaColumnId, d.column);
	return [...fed.entries()].map(([id, columns]) => ({
		codaColumnId: id,
		codaColumnName: names.get(id) ?? definitions.find((d) => d.codaColumnId === id)?.codaColumnName ?? null,
		erpColumns: [...columns].sort(),
	}));
}

export interface PlanOptions {
	/** Columns added by earlier doc migrations (their Coda columns are named when gone). */
	definitions?: DocColumnDefinition[];
	catalog?: Catalog;
}

/** Read-only: compares the doc with the database. */
export async function planDoc(client: ClientBase, doc: CodaDocModel, options: PlanOptions = {}): Promise<DocPlan> {
	const catalog = await withLiveColumns(options.catalog ?? defaultCatalog(), client);
	const config = (await client.query<{ erp_table: string; coda_table: string }>(`SELECT "erp_table", "coda_table" FROM ${qualified('sync_config')} ORDER BY "erp_table"`)).rows;
	const erpTables = config.map((c) => catalog.tables.get(c.erp_table)).filter((t): t is TableInfo => t !== undefined && t.key !== undefined);
	const codaInfo = doc.tables.map((t) => ({ id: t.id, name: t.name, columnNames: t.columns.map((c) => c.name), lookupTableIds: t.columns.map((c) => c.lookupTableId).filter((x): x is string => x !== null) }));
	const matching = matchTables(
		codaInfo,
		erpTables.map(erpTableInfo),
		config.map((c) => ({ erpTable: c.erp_table, codaTable: c.coda_table })),
	);
	const erpOf = new Map(matching.matches.filter((m) => m.coda).map((m) => [m.coda!.id, m.erpTable]));
	const erpTableOf = (codaTableId: string) => erpOf.get(codaTableId);
	const overridesAll = (await client.query<OverrideRow>(`SELECT "erp_table", "coda_column", "erp_column", "note" FROM ${qualified('column_overrides')} ORDER BY "id"`)).rows;
	const definitions = options.definitions ?? [];

	const tables: PlannedTable[] = [];
	const newColumns: DocColumnDefinition[] = [];
	for (const match of matching.matches) {
		const table = catalog.table(match.erpTable);
		const codaTable = match.coda ? doc.tables.find((t) => t.id === match.coda!.id)! : null;
		const overrides = overridesAll.filter((o) => o.erp_table === match.erpTable);
		const overrideNotes = new Map(overrides.map((o) => [o.coda_column, o.note]));
		if (!codaTable) {
			tables.push({ match, codaTable: null, setCodaTable: null, decisions: [], options: [], gone: [], unfed: [], overrideNotes });
			continue;
		}
		const { rows: state } = await client.query<{ column_bindings: Record<string, string> }>(
			`SELECT "column_bindings" FROM ${qualified('sync_state')} WHERE "coda_doc_id" = $1 AND "coda_table_id" = $2`,
			[doc.docId, codaTable.id],
		);
		const stored = state[0]?.column_bindings ?? {};
		const decisions = decideColumns(table, codaTable.columns, {
			stored,
			overrides: overrides.map((o): ColumnOverride => ({ codaColumn: o.coda_column, erpColumn: o.erp_column })),
			erpTableOf,
		});
		for (const d of decisions) {
			if (d.how !== 'new' || !d.proposed) continue;
			newColumns.push({
				erpTable: match.erpTable,
				column: d.proposed.column,
				sqlType: d.proposed.sqlType,
				codaDocId: doc.docId,
				codaTableId: codaTable.id,
				codaTableName: codaTable.name,
				codaColumnId: d.codaColumnId,
				codaColumnName: d.codaColumnName,
				codaType: d.codaType,
			});
		}
		// A name shared by two tables of the doc would be ambiguous in sync_config: the id is not.
		const sameName = doc.tables.filter((t) => t.name.toLowerCase() === codaTable.name.toLowerCase()).length > 1;
		tables.push({
			match,
			codaTable,
			setCodaTable: configuredExactly(match) ? null : sameName ? codaTable.id : codaTable.name,
			decisions,
			options: await optionChanges(client, table, codaTable, decisions),
			gone: await goneColumns(client, doc.docId, codaTable, stored, overrides, definitions),
			unfed: unfedColumns(table, decisions),
			overrideNotes,
		});
	}
	return { docId: doc.docId, source: doc.source, tables, unmatchedCoda: matching.unmatchedCoda, newColumns };
}

/**
 * Stores what the plan read: every Coda table's columns in erp.coda_columns (the doc model ERP
 * Upsert decides by) and, on the sync_state rows the sync already keeps, the table's name and
 * display column. Call inside a transaction.
 */
export async function recordDocModel(client: ClientBase, doc: CodaDocModel): Promise<void> {
	for (const table of doc.tables) {
		await storeDocColumns(
			client as PoolClient,
			doc.docId,
			table.id,
			table.columns.map((c) => ({ id: c.id, name: c.name, type: c.type, isArray: c.isArray, tableId: c.lookupTableId ?? undefined, display: c.display, calculated: c.calculated, format: c.format })),
		);
		await client.query(
			`UPDATE ${qualified('sync_state')} SET "coda_table_name" = $3, "display_column_id" = $4
			 WHERE "coda_doc_id" = $1 AND "coda_table_id" = $2 AND ("coda_table_name", "display_column_id") IS DISTINCT FROM ($3, $4)`,
			[doc.docId, table.id, table.name, table.displayColumnId],
		);
	}
}

export interface PlanSummary {
	newColumns: number;
	options: number;
	tables: number;
}

export function summarise(plan: DocPlan): PlanSummary {
	return {
		newColumns: plan.newColumns.length,
		options: plan.tables.reduce((n, t) => n + t.options.reduce((m, o) => m + o.add.length, 0), 0),
		tables: plan.tables.filter((t) => t.setCodaTable !== null).length,
	};
}

const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;
const quoted = (s: string) => JSON.stringify(s);

function describeMatch(t: PlannedTable): string {
	const { match } = t;
	const coda = match.coda!;
	const head = `${match.erpTable} ← Coda ${quoted(coda.name)} (${coda.id})`;
	if (t.setCodaTable === null) return `${head}  ${match.reason}`;
	if (match.how === 'configured') return `${head}  ${match.reason}; apply sets ${quoted(t.setCodaTable)}`;
	return `${head}  proposed (${match.how}: ${match.reason}); erp.sync_config says ${quoted(match.configured)}, apply sets ${quoted(t.setCodaTable)}`;
}

function erpCell(d: ColumnDecision): string {
	if (d.how === 'new' && d.proposed) return `NEW ${d.proposed.column} ${d.proposed.sqlType}`;
	return d.erpColumns.length ? d.erpColumns.join(' + ') : '—';
}

function howCell(d: ColumnDecision, notes: Map<string, string | null>): string {
	const note = d.how === 'override' ? (notes.get(d.codaColumnId) ?? notes.get(d.codaColumnName)) : undefined;
	return `${d.how}: ${d.reason}${note ? ` (${note})` : ''}`;
}

/** One line per row of a table whose cells are padded to their column's width. */
function grid(rows: string[][], indent: string): string[] {
	const widths = rows[0].map((_, i) => Math.max(...rows.map((r) => r[i].length)));
	return rows.map((r) => `${indent}${r.map((cell, i) => (i === r.length - 1 ? cell : cell.padEnd(widths[i]))).join('  ')}`.trimEnd());
}

/** The plan as text: a headline, then per erp table its Coda table and every column's decision. */
export function formatPlan(plan: DocPlan, database: string): string[] {
	const s = summarise(plan);
	const matched = plan.tables.filter((t) => t.codaTable);
	const out: string[] = [];
	out.push(`${plan.source}: ${plural(matched.length + plan.unmatchedCoda.length, 'table')}, ${matched.length} mirrored into database ${quoted(database)}`);
	const todo = [
		s.newColumns ? `add ${plural(s.newColumns, 'column')} (${[...new Set(plan.newColumns.map((c) => c.erpTable))].join(', ')})` : '',
		s.options ? `add ${plural(s.options, 'select option')}` : '',
		s.tables ? `record the Coda table of ${plural(s.tables, 'erp table')} in erp.sync_config` : '',
	].filter(Boolean);
	out.push(todo.length ? `erp-db apply would ${todo.join(', ')}` : 'nothing to apply: every Coda column has its erp column');
	for (const t of matched) {
		out.push('');
		out.push(describeMatch(t));
		const rows = [['Coda column', 'type', 'erp column', 'how'], ...t.decisions.map((d) => {
			const column = t.codaTable!.columns.find((c) => c.id === d.codaColumnId);
			return [d.codaColumnName, `${d.codaType}${column?.isArray ? ' list' : ''}${column?.calculated ? ' (formula)' : ''}`, erpCell(d), howCell(d, t.overrideNotes)];
		})];
		out.push(...grid(rows, '  '));
		for (const o of t.options) {
			if (o.add.length === 0) continue;
			const items = o.add.map((a) => `${quoted(a.value)} → ${a.meaning ?? '(no meaning)'}`).join(', ');
			out.push(`  options to add to ${o.erpColumn} (erp.${o.optionTable}): ${items}`);
		}
		for (const g of t.gone) {
			const name = g.codaColumnName ? `${quoted(g.codaColumnName)} (${g.codaColumnId})` : g.codaColumnId;
			out.push(`  gone from Coda: ${name}${g.erpColumns.length ? `, fed ${g.erpColumns.join(', ')}: the column stays` : ''}`);
		}
		if (t.unfed.length) out.push(`  erp columns your doc does not feed: ${t.unfed.join(', ')}`);
	}
	const unmatched = plan.tables.filter((t) => !t.codaTable);
	if (unmatched.length) {
		out.push('');
		out.push(`erp tables with no Coda table (not synced; \`erp-db config table <erp table> --coda-table <id or name>\` sets one): ${unmatched.map((t) => t.match.erpTable).join(', ')}`);
	}
	if (plan.unmatchedCoda.length) {
		out.push('');
		out.push(`Coda tables no erp table mirrors: ${plan.unmatchedCoda.map((c) => `${quoted(c.name)} (${c.id})`).join(', ')}`);
	}
	return out;
}

