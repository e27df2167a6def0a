// The erp tables of the Drizzle schema as catalogue data (nodes/shared/erp/catalog.ts): built
// here, where drizzle-orm is loaded anyway, and written by `npm run catalog:generate` to
// nodes/shared/erp/catalogData.generated.ts, which is all the nodes load at run time.
// Vocabularies, ranges and duration units come from what the column helpers declared
// (columns.ts), never from the SQL they wrote.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { getTableColumns, is } from 'drizzle-orm';
import { getTableConfig, PgTable, type PgColumn } from 'drizzle-orm/pg-core';
import { ERP_SCHEMA, SYNC_COLUMNS, isOptionTable, parseSqlType, type CatalogData, type ColumnGroup, type ColumnInfo } from '../nodes/shared/erp/catalog';
import { checkFact, durationUnit } from './schema/columns';

type TableData = CatalogData['tables'][number];

/** The single-column FKs of a table: column → target table. */
function fkTargets(table: PgTable): Map<string, string> {
	const out = new Map<string, string>();
	for (const fk of getTableConfig(table).foreignKeys) {
		const ref = fk.reference();
		if (ref.columns.length === 1) out.set(ref.columns[0].name, getTableConfig(ref.foreignTable).name);
	}
	return out;
}

function columnInfo(col: PgColumn, table: { facts: Map<string, Pick<ColumnInfo, 'vocabulary' | 'range'>>; fks: Map<string, string> }): ColumnInfo {
	const sqlType = col.getSQLType();
	const optionTable = table.fks.get(col.name);
	const enumValues = col.enumValues && col.enumValues.length ? col.enumValues : undefined;
	return {
		name: col.name,
		sqlType,
		...parseSqlType(sqlType),
		notNull: col.notNull,
		hasDefault: col.hasDefault,
		generated: col.generatedIdentity !== undefined || col.generated !== undefined,
		...table.facts.get(col.name),
		...(optionTable && isOptionTable(optionTable) ? { options: { table: optionTable, meanings: enumValues ?? [] } } : {}),
		...(durationUnit(col) ? { unit: durationUnit(col) } : {}),
	};
}

/** Groups follow the DEVELOPERS.md naming conventions, confirmed by the FK metadata. */
function columnGroups(columns: Map<string, ColumnInfo>, fks: Map<string, string>): ColumnGroup[] {
	const groups: ColumnGroup[] = [];
	for (const name of columns.keys()) {
		let m: RegExpExecArray | null;
		if ((m = /^(.+)_coda_id$/.exec(name)) && fks.has(`${m[1]}_id`)) {
			groups.push({ kind: 'ref', name: m[1], idColumn: `${m[1]}_id`, codaIdColumn: name, target: fks.get(`${m[1]}_id`)! });
		} else if ((m = /^(.+)_email$/.exec(name)) && fks.get(`${m[1]}_id`) === 'people') {
			groups.push({ kind: 'person', name: m[1], idColumn: `${m[1]}_id`, emailColumn: name, target: 'people' });
		} else if ((m = /^(.+)_amount$/.exec(name)) && columns.has(`${m[1]}_currency`)) {
			groups.push({ kind: 'money', name: m[1], amountColumn: name, currencyColumn: `${m[1]}_currency` });
		} else if ((m = /^(.+)_coda_ids$/.exec(name)) && columns.get(name)!.isArray) {
			groups.push({ kind: 'refMany', name: m[1], column: name });
		}
	}
	return groups;
}

function tableData(table: PgTable): TableData {
	const config = getTableConfig(table);
	const facts = new Map<string, Pick<ColumnInfo, 'vocabulary' | 'range'>>();
	for (const check of config.checks) {
		const fact = checkFact(check.value);
		if (!fact) continue;
		facts.set(fact.column, { ...facts.get(fact.column), ...('vocabulary' in fact ? { vocabulary: fact.vocabulary } : { range: fact.range }) });
	}
	const fks = fkTargets(table);
	const columns = new Map<string, ColumnInfo>();
	for (const col of Object.values(getTableColumns(table)) as PgColumn[]) columns.set(col.name, columnInfo(col, { facts, fks }));
	// Coda-mirrored tables carry all syncColumns(); bookkeeping tables (quarantine) do not.
	const key = SYNC_COLUMNS.every((c) => columns.has(c)) ? { key: 'coda_row_id' } : {};
	return { name: config.name, ...key, columns: [...columns.values()], groups: columnGroups(columns, fks) };
}

/** The catalogue data of a Drizzle schema module's exports (tables of schema `erp` only, in export order). */
export function schemaCatalogData(schemaModule: Record<string, unknown>): CatalogData {
	const tables: TableData[] = [];
	for (const value of Object.values(schemaModule)) {
		if (is(value, PgTable) && getTableConfig(value).schema === ERP_SCHEMA) tables.push(tableData(value));
	}
	return { tables };
}

export const GENERATED_CATALOG = join(__dirname, '../nodes/shared/erp/catalogData.generated.ts');

/** The source of catalogData.generated.ts: one table per block, one column per line (readable diffs). */
export function renderCatalogModule(data: CatalogData): string {
	const tables = data.tables.map((t) => {
		const lines = [
			'\t\t{',
			`\t\t\tname: ${JSON.stringify(t.name)},`,
			...(t.key ? [`\t\t\tkey: ${JSON.stringify(t.key)},`] : []),
			'\t\t\tcolumns: [',
			...t.columns.map((c) => `\t\t\t\t${JSON.stringify(c)},`),
			'\t\t\t],',
			t.groups.length ? '\t\t\tgroups: [' : '\t\t\tgroups: [],',
			...(t.groups.length ? [...t.groups.map((g) => `\t\t\t\t${JSON.stringify(g)},`), '\t\t\t],'] : []),
			'\t\t},',
		];
		return lines.join('\n');
	});
	return [
		'// Generated from drizzle/schema by `npm run catalog:generate` (drizzle/schemaCatalog.ts): do not edit.',
		'// test/erp/catalog.test.ts fails when it no longer matches the schema.',
		"import type { CatalogData } from './catalog';",
		'',
		'export const erpCatalogData: CatalogData = {',
		'\ttables: [',
		...tables,
		'\t],',
		'};',
		'',
	].join('\n');
}

if (require.main === module) {
	writeFileSync(GENERATED_CATALOG, renderCatalogModule(schemaCatalogData(require('./schema') as Record<string, unknown>)));
	console.log(`wrote ${GENERATED_CATALOG}`);
}
