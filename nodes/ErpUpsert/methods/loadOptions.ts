// The erp column picker of Column Mapping, built from the Drizzle schema catalogue (no database access needed).
import type { ILoadOptionsFunctions, INodePropertyOptions } from 'n8n-workflow';
import { defaultCatalog } from '../../shared/erp/catalog';
import { bindColumn, targetOfColumn } from '../../shared/erp/columnMatching';

/** Writable columns of the chosen table; a column group (reference, person, money) is one entry. */
export async function getColumns(this: ILoadOptionsFunctions): Promise<INodePropertyOptions[]> {
	const tableName = this.getCurrentNodeParameter('table', { extractValue: true });
	const table = typeof tableName === 'string' ? defaultCatalog().tables.get(tableName) : undefined;
	const options: INodePropertyOptions[] = [{ name: '(Only in Coda Row Copy)', value: '', description: 'Not mapped to a column' }];
	if (!table) return options;
	const seen = new Set<string>();
	for (const column of table.columns.keys()) {
		const target = targetOfColumn(table, column);
		if (!target) continue;
		const value = bindColumn(target);
		if (seen.has(value)) continue;
		seen.add(value);
		const g = target.kind === 'group' ? target.group : undefined;
		const description = !g
			? table.columns.get(column)!.sqlType
			: g.kind === 'ref'
				? `Reference to erp.${g.target} (Coda lookup)`
				: g.kind === 'person'
					? 'Person (email, linked to erp.people)'
					: g.kind === 'money'
						? 'Currency (amount and currency code)'
						: 'Coda row IDs (multi lookup)';
		options.push({ name: g ? `${g.name} (${g.kind === 'refMany' ? 'references' : g.kind})` : column, value, description });
	}
	return options;
}
