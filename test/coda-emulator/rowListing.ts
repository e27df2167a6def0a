// GET …/rows: filter, sort, page with opaque tokens, and sync-token deltas.
//
// Paging is by cursor (the creation sequence of the last row served), so rows inserted or deleted
// between pages never make a page skip or repeat a row. The sync token handed out on the last
// page records the doc's change counter when the listing *started*, so edits made while a client
// pages through the table show up in its next delta.
import { createHash } from 'node:crypto';
import { BadRequest } from './cellEdits';
import { boolParam, enumParam, limitParam } from './params';
import { renderCell, VALUE_FORMATS, type ValueFormat } from './render';
import { rowResource, tableHref, type Links } from './resources';
import type { EmuColumn, EmuRow, EmuTable } from './store';
import type { PageState, TokenCodec } from './tokens';

const SORTS = ['createdAt', 'natural', 'updatedAt'] as const;
/** Parameters that define which rows a listing returns; a pageToken must be used with the same ones. */
const SELECTING = ['query', 'sortBy', 'visibleOnly', 'syncToken'] as const;
/** Parameters that only shape the response; a request may change them between pages. */
const SHAPING = ['valueFormat', 'useColumnNames', 'limit'] as const;

interface Filter {
	column: EmuColumn;
	value: unknown;
}

/** `query=<columnIdOrQuotedName>:<JSON value>`, equality against the cell's simple value. */
function parseQuery(table: EmuTable, raw: string): Filter {
	const m = /^("(?:[^"\\]|\\.)*"|[^:]+):(.*)$/s.exec(raw);
	if (!m) throw new BadRequest(`Invalid query "${raw}": expected <column id or "quoted name">:<JSON value>.`);
	const ref = m[1].startsWith('"') ? (JSON.parse(m[1]) as string) : m[1];
	const column = m[1].startsWith('"') ? table.columns.find((c) => c.name === ref) : table.columns.find((c) => c.id === ref);
	if (!column) throw new BadRequest(`Invalid query "${raw}": no column ${m[1]} in table ${table.name} (quote column names).`);
	let value: unknown;
	try {
		value = JSON.parse(m[2]);
	} catch {
		throw new BadRequest(`Invalid query "${raw}": the value must be JSON, e.g. a quoted string.`);
	}
	return { column, value };
}

function matches(table: EmuTable, row: EmuRow, filter: Filter): boolean {
	const rendered = renderCell(table, filter.column, table.cell(row, filter.column), 'simpleWithArrays');
	const values = Array.isArray(rendered) ? rendered : [rendered];
	return values.some((v) => v === filter.value || (typeof filter.value !== 'string' && String(v) === String(filter.value)));
}

const hashOf = (text: string) => createHash('sha256').update(text).digest('base64url').slice(0, 12);

export function listRows(table: EmuTable, query: URLSearchParams, codec: TokenCodec, links: Links, maxPageSize: number) {
	const scope = `rows:${table.id}`;
	const requested: Record<string, string> = {};
	for (const name of [...SELECTING, ...SHAPING]) {
		const v = query.get(name);
		if (v !== null && v !== '') requested[name] = v;
	}
	const pageToken = query.get('pageToken');
	let state: PageState;
	if (pageToken) {
		state = codec.readPageToken(pageToken, scope);
		for (const name of SELECTING) {
			if (name in requested && requested[name] !== state.params[name]) {
				throw new BadRequest(`The pageToken was issued for a different ${name}; send the original parameters or none.`);
			}
		}
		state = { ...state, params: { ...state.params, ...requested } };
	} else {
		state = { scope, cursor: -1, offset: 0, params: requested, snapshot: table.doc.version };
	}
	const params = new URLSearchParams(state.params);
	const sortBy = enumParam(params, 'sortBy', SORTS) ?? 'createdAt';
	const visibleOnlyParam = boolParam(params, 'visibleOnly');
	if (sortBy === 'natural' && visibleOnlyParam === false) {
		throw new BadRequest('sortBy=natural implies visibleOnly=true; it cannot be combined with visibleOnly=false.');
	}
	const how = {
		valueFormat: (enumParam(params, 'valueFormat', VALUE_FORMATS) ?? 'simple') as ValueFormat,
		useColumnNames: boolParam(params, 'useColumnNames') ?? false,
		visibleOnly: visibleOnlyParam ?? sortBy === 'natural',
	};
	const limit = limitParam(params.get('limit'), maxPageSize);
	const filter = params.get('query') ? parseQuery(table, params.get('query')!) : undefined;
	const queryKey = hashOf(params.get('query') ?? '');
	const syncToken = params.get('syncToken');
	const since = syncToken ? codec.readSyncToken(syncToken, scope, queryKey).version : -1;
	const wanted = (row: EmuRow) => row.version > since && (!filter || matches(table, row, filter));

	// createdAt / natural: rows are kept in creation order; continue after the cursor's seq.
	// updatedAt: order by (updatedAt, seq) and continue after the offset.
	const ordered = sortBy === 'updatedAt' ? table.byUpdatedAt() : table.rows;
	let i = sortBy === 'updatedAt' ? state.offset : table.positionAfter(state.cursor);
	const page: EmuRow[] = [];
	let more = false;
	for (; i < ordered.length; i++) {
		if (!wanted(ordered[i])) continue;
		if (page.length === limit) {
			more = true;
			break;
		}
		page.push(ordered[i]);
	}
	const served = state.offset + page.length;
	const href = `${tableHref(links, table)}/rows${Object.keys(requested).length || pageToken ? `?${new URLSearchParams(pageToken ? { ...requested, pageToken } : requested)}` : ''}`;
	const body: Record<string, unknown> = { items: page.map((row) => rowResource(links, table, row, how)), href };
	if (more) {
		const last = page[page.length - 1];
		const next = codec.pageToken({ ...state, cursor: last ? last.seq : state.cursor, offset: sortBy === 'updatedAt' ? i : served });
		body.nextPageToken = next;
		body.nextPageLink = `${tableHref(links, table)}/rows?pageToken=${encodeURIComponent(next)}`;
	} else {
		body.nextSyncToken = codec.syncToken({ scope, version: state.snapshot, query: queryKey });
	}
	return body;
}
