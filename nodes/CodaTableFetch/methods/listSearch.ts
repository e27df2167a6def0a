// Pickers for Doc and Table, filled from the Coda API.
import type { ILoadOptionsFunctions, INodeListSearchResult } from 'n8n-workflow';
import type { RetryPolicy } from '../../shared/coda/retry';
import { codaClientFor } from '../../shared/coda/n8nCodaClient';

/** Someone is waiting on a picker: retry briefly (listing docs is limited to 4 requests / 6 s). */
const PICKER_RETRY: RetryPolicy = { maxAttempts: 4, maxTotalMs: 10_000, baseDelayMs: 1000, maxDelayMs: 4000 };

export async function searchDocs(
	this: ILoadOptionsFunctions,
	filter?: string,
	paginationToken?: string,
): Promise<INodeListSearchResult> {
	const client = await codaClientFor(this, undefined, PICKER_RETRY);
	const page = await client.listDocsPage(filter || undefined, paginationToken);
	return {
		results: page.items.map((doc) => ({ name: doc.name, value: doc.id, url: stringOrUndefined(doc.browserLink) })),
		paginationToken: page.nextPageToken ?? undefined,
	};
}

export async function searchTables(this: ILoadOptionsFunctions, filter?: string): Promise<INodeListSearchResult> {
	const docId = this.getNodeParameter('doc', undefined, { extractValue: true }) as string;
	if (!docId) return { results: [] };
	const client = await codaClientFor(this, undefined, PICKER_RETRY);
	const needle = filter?.toLowerCase() ?? '';
	const tables = await client.listTables(docId);
	return {
		results: tables
			.filter((table) => !needle || table.name.toLowerCase().includes(needle))
			.map((table) => ({ name: table.name, value: table.id, url: table.browserLink })),
	};
}

function stringOrUndefined(value: unknown): string | undefined {
	return typeof value === 'string' ? value : undefined;
}
