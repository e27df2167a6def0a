// The erp table picker (From List, with search), built from the Drizzle schema catalogue: no
// database access needed.
import type { ILoadOptionsFunctions, INodeListSearchResult } from 'n8n-workflow';
import { defaultCatalog } from '../../shared/erp/catalog';

const titleCase = (name: string) => name.replace(/(^|_)([a-z])/g, (_, sep: string, c: string) => `${sep ? ' ' : ''}${c.toUpperCase()}`);

export async function searchTables(this: ILoadOptionsFunctions, filter?: string): Promise<INodeListSearchResult> {
	const needle = filter?.trim().toLowerCase() ?? '';
	const results = defaultCatalog()
		.upsertable()
		.map((t) => ({ name: titleCase(t.name), value: t.name, description: `Table erp.${t.name}` }))
		.filter((t) => !needle || t.name.toLowerCase().includes(needle) || t.value.includes(needle))
		.sort((a, b) => a.name.localeCompare(b.name));
	return { results };
}
