// Coda API v1 routes the emulator serves, on a parsed request; server.ts does HTTP, auth,
// rate limits and faults around it.
import { BadRequest, parseRowEdit } from './cellEdits';
import type { Cell } from './docModel';
import { DOC_EPOCH } from './fakeData';
import type { MutationQueue } from './mutations';
import { boolParam, enumParam, limitParam } from './params';
import { rowName, VALUE_FORMATS } from './render';
import * as res from './resources';
import { listRows } from './rowListing';
import { NotFound, type EmuDoc, type EmuRow, type EmuTable } from './store';
import type { TokenCodec } from './tokens';

export class MethodNotAllowed extends Error {}

export interface ApiRequest {
	method: string;
	/** Path segments after /apis/v1, URI-decoded. */
	segments: string[];
	query: URLSearchParams;
	body: unknown;
}

export interface ApiResponse {
	status: number;
	body: unknown;
}

const COLUMN_PAGE_MAX = 100;
/** A single row edit larger than this is refused, like Coda's 85 KB limit. */
const MAX_ROW_EDIT_BYTES = 85 * 1024;
const CREATED_AT = new Date(DOC_EPOCH - 86_400_000).toISOString();

export interface ApiContext {
	doc: EmuDoc;
	codec: TokenCodec;
	links: res.Links;
	mutations: MutationQueue;
	maxPageSize: number;
	whoami: { name: string; loginId: string; tokenName: string };
}

/** Offset paging for the small listings (docs, tables, columns). */
function pageOf<T>(ctx: ApiContext, scope: string, query: URLSearchParams, items: T[], max: number, path: string) {
	const token = query.get('pageToken');
	const start = token ? ctx.codec.readPageToken(token, scope).offset : 0;
	const limit = limitParam(query.get('limit'), max);
	const page = items.slice(start, start + limit);
	const body: Record<string, unknown> = { items: page, href: `${ctx.links.base}${path}${query.toString() ? `?${query}` : ''}` };
	if (start + limit < items.length) {
		const next = ctx.codec.pageToken({ scope, cursor: start + limit, offset: start + limit, params: {}, snapshot: 0 });
		body.nextPageToken = next;
		body.nextPageLink = `${ctx.links.base}${path}?pageToken=${encodeURIComponent(next)}`;
	}
	return body;
}

function findDoc(ctx: ApiContext, docId: string): EmuDoc {
	if (docId !== ctx.doc.id) throw new NotFound(`Doc "${docId}" was not found, or this token cannot see it.`);
	return ctx.doc;
}

function findRow(table: EmuTable, idOrName: string): EmuRow {
	const row = table.byId.get(idOrName) ?? table.rows.find((r) => rowName(table, r) === idOrName);
	if (!row) throw new NotFound(`Row "${idOrName}" was not found in table ${table.name} (${table.id}).`);
	return row;
}

function requireObject(body: unknown): Record<string, unknown> {
	if (!body || typeof body !== 'object' || Array.isArray(body)) throw new BadRequest('The request body must be a JSON object.');
	return body as Record<string, unknown>;
}

function checkEditSize(edit: unknown, path: string): void {
	if (Buffer.byteLength(JSON.stringify(edit)) > MAX_ROW_EDIT_BYTES) throw new BadRequest(`${path} is larger than 85 KB; Coda refuses row edits that large.`);
}

const accepted = (body: unknown): ApiResponse => ({ status: 202, body });
const ok = (body: unknown): ApiResponse => ({ status: 200, body });

function insertRows(ctx: ApiContext, table: EmuTable, body: Record<string, unknown>): ApiResponse {
	const rows = body.rows;
	if (!Array.isArray(rows) || rows.length === 0) throw new BadRequest('rows must be a non-empty array of {cells: [...]}.');
	const keyColumnsIn = body.keyColumns;
	if (keyColumnsIn !== undefined && (!Array.isArray(keyColumnsIn) || keyColumnsIn.some((k) => typeof k !== 'string'))) {
		throw new BadRequest('keyColumns must be an array of column ids or names.');
	}
	const keyColumns = ((keyColumnsIn as string[] | undefined) ?? []).map((k) => {
		const col = table.findColumn(k);
		if (!col) throw new BadRequest(`keyColumns: no column "${k}" in table ${table.name}.`);
		return col;
	});
	const edits = rows.map((row, i) => {
		checkEditSize(row, `rows[${i}]`);
		const edit = parseRowEdit(table, row, `rows[${i}]`);
		for (const key of keyColumns) {
			if (!edit.cells.has(key.id)) throw new BadRequest(`rows[${i}] has no value for key column "${key.name}".`);
		}
		return edit;
	});
	const same = (a: Cell | null, b: Cell | null) => JSON.stringify(a) === JSON.stringify(b);
	if (keyColumns.length > 0) {
		const requestId = ctx.mutations.enqueue(() => {
			for (const edit of edits) {
				const matching = table.rows.filter((row) => keyColumns.every((k) => same(table.cell(row, k), edit.cells.get(k.id) ?? null)));
				if (matching.length === 0) table.addRow(table.reserveRowId(), edit.cells);
				for (const row of matching) table.editRow(row, edit.cells);
			}
			return edits.flatMap((e) => e.warnings);
		});
		return accepted({ requestId });
	}
	const ids = edits.map(() => table.reserveRowId());
	const requestId = ctx.mutations.enqueue(() => {
		edits.forEach((edit, i) => table.addRow(ids[i], edit.cells));
		return edits.flatMap((e) => e.warnings);
	});
	return accepted({ requestId, addedRowIds: ids });
}

function rowsRoute(ctx: ApiContext, req: ApiRequest, table: EmuTable): ApiResponse {
	if (req.method === 'GET') return ok(listRows(table, req.query, ctx.codec, ctx.links, ctx.maxPageSize));
	if (req.method === 'POST') return insertRows(ctx, table, requireObject(req.body));
	if (req.method === 'DELETE') {
		const rowIds = requireObject(req.body).rowIds;
		if (!Array.isArray(rowIds) || rowIds.length === 0 || rowIds.some((id) => typeof id !== 'string')) {
			throw new BadRequest('rowIds must be a non-empty array of row ids.');
		}
		const ids = rowIds as string[];
		const requestId = ctx.mutations.enqueue(() => {
			ids.forEach((id) => table.deleteRow(id));
			return [];
		});
		return accepted({ requestId, rowIds: ids });
	}
	throw new MethodNotAllowed();
}

function rowRoute(ctx: ApiContext, req: ApiRequest, table: EmuTable, rowIdOrName: string): ApiResponse {
	const row = findRow(table, rowIdOrName);
	if (req.method === 'GET') {
		const how = {
			valueFormat: enumParam(req.query, 'valueFormat', VALUE_FORMATS) ?? 'simple',
			useColumnNames: boolParam(req.query, 'useColumnNames') ?? false,
			visibleOnly: false,
		};
		return ok({ ...res.rowResource(ctx.links, table, row, how), parent: res.tableReference(ctx.links, table) });
	}
	if (req.method === 'PUT') {
		const body = requireObject(req.body);
		checkEditSize(body.row, 'row');
		const edit = parseRowEdit(table, body.row, 'row');
		const requestId = ctx.mutations.enqueue(() => {
			table.editRow(row, edit.cells);
			return edit.warnings;
		});
		return accepted({ requestId, id: row.id });
	}
	if (req.method === 'DELETE') {
		const requestId = ctx.mutations.enqueue(() => {
			table.deleteRow(row.id);
			return [];
		});
		return accepted({ requestId, id: row.id });
	}
	throw new MethodNotAllowed();
}

function tableRoutes(ctx: ApiContext, req: ApiRequest, doc: EmuDoc, rest: string[]): ApiResponse {
	const path = `/docs/${doc.id}/tables`;
	if (rest.length === 0) {
		if (req.method !== 'GET') throw new MethodNotAllowed();
		const sortBy = enumParam(req.query, 'sortBy', ['name'] as const);
		const types = (req.query.get('tableTypes') ?? 'table,view').split(',').map((t) => t.trim());
		for (const t of types) if (t !== 'table' && t !== 'view') throw new BadRequest(`Invalid query parameter tableTypes: "${t}" is not one of table, view.`);
		let tables = types.includes('table') ? [...doc.tables] : [];
		if (sortBy === 'name') tables = tables.sort((a, b) => a.name.localeCompare(b.name));
		return ok(pageOf(ctx, `tables:${doc.id}`, req.query, tables.map((t) => res.tableReference(ctx.links, t)), ctx.maxPageSize, path));
	}
	const table = doc.table(rest[0]);
	const [, sub, id, ...extra] = rest;
	if (sub === undefined) {
		if (req.method !== 'GET') throw new MethodNotAllowed();
		return ok(res.tableResource(ctx.links, table, CREATED_AT));
	}
	if (sub === 'columns' && extra.length === 0) {
		if (req.method !== 'GET') throw new MethodNotAllowed();
		if (id !== undefined) return ok({ ...res.columnResource(ctx.links, table, table.column(id)), parent: res.tableReference(ctx.links, table) });
		const visibleOnly = boolParam(req.query, 'visibleOnly') ?? false;
		const columns = table.columns.filter((c) => !(visibleOnly && c.hidden)).map((c) => res.columnResource(ctx.links, table, c));
		return ok(pageOf(ctx, `columns:${table.id}`, req.query, columns, COLUMN_PAGE_MAX, `${path}/${table.id}/columns`));
	}
	if (sub === 'rows' && extra.length === 0) return id === undefined ? rowsRoute(ctx, req, table) : rowRoute(ctx, req, table, id);
	throw new NotFound(`No such resource: ${req.segments.join('/')}`);
}

export function handle(ctx: ApiContext, req: ApiRequest): ApiResponse {
	const [first, second, third, ...rest] = req.segments;
	if (first === 'whoami' && second === undefined) {
		if (req.method !== 'GET') throw new MethodNotAllowed();
		const workspaceId = `ws-${ctx.doc.id}`;
		return ok({
			...ctx.whoami, type: 'user', scoped: false, href: `${ctx.links.base}/whoami`,
			pictureLink: 'https://cdn.coda.io/avatars/default_avatar.png',
			workspace: { id: workspaceId, type: 'workspace', browserLink: `https://coda.io/docs?workspaceId=${workspaceId}` },
		});
	}
	if (first === 'mutationStatus' && second !== undefined && third === undefined) {
		if (req.method !== 'GET') throw new MethodNotAllowed();
		const status = ctx.mutations.get(second);
		if (!status) throw new NotFound(`No mutation with request id "${second}".`);
		return ok(status);
	}
	if (first === 'docs') {
		if (second === undefined) {
			if (req.method !== 'GET') throw new MethodNotAllowed();
			return ok(pageOf(ctx, 'docs', req.query, [res.docResource(ctx.links, ctx.doc, CREATED_AT)], ctx.maxPageSize, '/docs'));
		}
		const doc = findDoc(ctx, second);
		if (third === undefined) {
			if (req.method !== 'GET') throw new MethodNotAllowed();
			return ok(res.docResource(ctx.links, doc, CREATED_AT));
		}
		if (third === 'tables') return tableRoutes(ctx, req, doc, rest);
	}
	throw new NotFound(`No such resource: /${req.segments.join('/')}`);
}
