// An in-memory stand-in for Coda's read API, as a CodaTransport: one table, paging by offset
// tokens that must come with the original parameters, sync tokens, and scripted failures.
import type { CodaRequest, CodaResponse, CodaTransport } from '../../nodes/shared/coda/client';

export interface FakeRow {
	id: string;
	values: Record<string, unknown>;
	/** Change counter: a sync token minted at version v returns rows with version > v. */
	version: number;
}

export const TABLE = { id: 'grid-Tasks00001', name: 'Tasks' };
export const COLUMNS = [
	{ id: 'c-title', name: 'Title', format: { type: 'text', isArray: false } },
	{ id: 'c-budget', name: 'Budget', format: { type: 'currency', isArray: false, currencyCode: 'EUR' } },
	{ id: 'c-due', name: 'Due Date', format: { type: 'date', isArray: false } },
];

export interface FakeCoda {
	transport: CodaTransport;
	requests: CodaRequest[];
	rows: FakeRow[];
	/** Responses served before the real ones, in order (e.g. 429s). */
	script: Array<CodaResponse | Error>;
	version: number;
	edit(rowId: string, values: Record<string, unknown>): void;
	rowRequests(): CodaRequest[];
}

export function fakeCoda(options: { rows: number; maxPageSize?: number }): FakeCoda {
	const maxPageSize = options.maxPageSize ?? 500;
	const fake: FakeCoda = {
		requests: [],
		script: [],
		version: options.rows,
		rows: Array.from({ length: options.rows }, (_, n) => ({
			id: `i-row${String(n).padStart(5, '0')}`,
			values: { 'c-title': `\`\`\`Task ${n}\`\`\``, 'c-budget': { '@type': 'MonetaryAmount', currency: 'EUR', amount: n }, 'c-due': '' },
			version: n + 1,
		})),
		edit(rowId, values) {
			const row = fake.rows.find((r) => r.id === rowId)!;
			row.values = { ...row.values, ...values };
			row.version = ++fake.version;
		},
		rowRequests: () => fake.requests.filter((r) => /\/rows$/.test(r.path)),
		transport: async (request) => {
			fake.requests.push(request);
			const scripted = fake.script.shift();
			if (scripted instanceof Error) throw scripted;
			if (scripted) return scripted;
			return serve(fake, request, maxPageSize);
		},
	};
	return fake;
}

function error(statusCode: number, statusMessage: string, message: string): CodaResponse {
	return { statusCode, body: { statusCode, statusMessage, message } };
}

function serve(fake: FakeCoda, { path, query }: CodaRequest, maxPageSize: number): CodaResponse {
	const tablePrefix = `/docs/doc1/tables/`;
	if (!path.startsWith(tablePrefix)) return error(404, 'Not Found', `No route ${path}`);
	const [tableRef, collection, rowId] = path.slice(tablePrefix.length).split('/').map(decodeURIComponent);
	if (tableRef !== TABLE.id && tableRef !== TABLE.name) return error(404, 'Not Found', 'Table not found');
	if (!collection) return { statusCode: 200, body: { ...TABLE, type: 'table', rowCount: fake.rows.length, viewId: 'new-field' } };
	if (collection === 'columns') return { statusCode: 200, body: { items: COLUMNS } };
	if (rowId) {
		const row = fake.rows.find((r) => r.id === rowId);
		return row ? { statusCode: 200, body: toRow(row) } : error(404, 'Not Found', `Row ${rowId} does not exist`);
	}
	let rows = fake.rows;
	if (query.syncToken !== undefined) {
		const match = /^sync-(\d+)$/.exec(String(query.syncToken));
		if (!match) return error(400, 'Bad Request', 'Invalid sync token');
		rows = rows.filter((r) => r.version > Number(match[1])).sort((a, b) => a.version - b.version);
	}
	const offset = query.pageToken === undefined ? 0 : Number(String(query.pageToken).replace('page-', ''));
	const limit = Math.min(Number(query.limit ?? 25), maxPageSize);
	const items = rows.slice(offset, offset + limit);
	const last = offset + limit >= rows.length;
	const body: Record<string, unknown> = {
		items: query.valueFormat === 'simple' ? items.map((r) => ({ id: r.id, values: { 'c-title': 'simple' } })) : items.map(toRow),
	};
	if (last) body.nextSyncToken = `sync-${fake.version}`;
	else body.nextPageToken = `page-${offset + limit}`;
	return { statusCode: 200, body };
}

function toRow(row: FakeRow) {
	return {
		id: row.id,
		type: 'row',
		name: String(row.values['c-title']).replace(/`/g, ''),
		index: Number(row.id.slice(5)),
		browserLink: `https://coda.io/d/_ddoc1#_r${row.id}`,
		createdAt: '2026-01-01T10:00:00.000-08:00',
		updatedAt: `2026-01-02T10:00:00.000Z`,
		values: row.values,
	};
}
