// The Coda emulator (test/coda-emulator) in process, as a CodaTransport: each request goes to the
// emulator's API (its store, paging, sync deltas and renderer) without HTTP, on a one-table doc.
// Tokens read as page-<rows served> and sync-<doc version>, so tests can name them; a script of
// responses (429s, 5xx, network errors) is served before the emulator answers, for the retry tests.
import type { CodaRequest, CodaResponse, CodaTransport } from '../../nodes/shared/coda/client';
import { handle, type ApiContext } from '../coda-emulator/api';
import { parseValue } from '../coda-emulator/cellEdits';
import type { Cell } from '../coda-emulator/docModel';
import { MutationQueue } from '../coda-emulator/mutations';
import { rowResource, type Links } from '../coda-emulator/resources';
import { toResponse } from '../coda-emulator/server';
import { EmuDoc, EmuTable } from '../coda-emulator/store';
import { BadToken, TokenCodec, type PageState, type SyncState } from '../coda-emulator/tokens';

export const DOC_ID = 'doc1';
export const TABLE = { id: 'grid-Tasks00001', name: 'Tasks' };
const COLUMNS = [
	{ id: 'c-title', name: 'Title', format: { type: 'text' as const, isArray: false } },
	{ id: 'c-budget', name: 'Budget', format: { type: 'currency' as const, isArray: false, currencyCode: 'EUR' } },
	{ id: 'c-due', name: 'Due Date', format: { type: 'date' as const, isArray: false } },
];
const CREATED_AT = Date.parse('2026-01-01T18:00:00.000Z');
const UPDATED_AT = Date.parse('2026-01-02T10:00:00.000Z');

/** Tokens a test can write down; page states are kept here instead of inside the token. */
class ReadableTokens extends TokenCodec {
	private readonly pages = new Map<string, PageState>();

	override pageToken(state: PageState): string {
		const token = `page-${state.offset}`;
		this.pages.set(`${state.scope} ${token}`, state);
		return token;
	}

	override readPageToken(token: string, scope: string): PageState {
		const state = this.pages.get(`${scope} ${token}`);
		if (!state) throw new BadToken('Invalid page token');
		return state;
	}

	override syncToken(state: SyncState): string {
		return `sync-${state.version}`;
	}

	override readSyncToken(token: string, scope: string, query: string): SyncState {
		const match = /^sync-(\d+)$/.exec(token);
		if (!match) throw new BadToken('Invalid sync token');
		return { scope, version: Number(match[1]), query };
	}
}

export interface FakeCoda {
	transport: CodaTransport;
	requests: CodaRequest[];
	/** The rows with their values as Coda sends them (valueFormat=rich). */
	readonly rows: Array<{ id: string; values: Record<string, unknown> }>;
	/** Responses served before the emulator's, in order (e.g. 429s); an Error is a request that got no response. */
	script: Array<CodaResponse | Error>;
	/** Edits cells (by column id, as the API takes values): the row joins the next sync delta. */
	edit(rowId: string, values: Record<string, unknown>): void;
	/** Column changes as a person makes them in the doc; `addColumn` returns the new column's id. */
	addColumn(name: string): string;
	renameColumn(columnId: string, name: string): void;
	removeColumn(columnId: string): void;
	rowRequests(): CodaRequest[];
	/** Each request so far as `table`, `columns`, `rows` (a page of rows) or `row` (one row). */
	requestKinds(): string[];
}

/** Rows `i-row00000`…: "Task n", a budget of n EUR, no due date; each counts as one change, so n rows give `sync-n`. */
export function fakeCoda(options: { rows: number; maxPageSize?: number }): FakeCoda {
	const doc = new EmuDoc(1, DOC_ID, { name: 'Fake doc', tables: [] });
	const table = new EmuTable(doc, TABLE.id, TABLE.name, 'tasks', 'canvas-Tasks00001', COLUMNS, 0);
	doc.tables.push(table);
	const [title, budget] = table.columns;
	for (let n = 0; n < options.rows; n++) {
		const row = table.addRow(`i-row${String(n).padStart(5, '0')}`, new Map<string, Cell | null>([[title.id, `Task ${n}`], [budget.id, n]]));
		row.createdAt = CREATED_AT;
		row.updatedAt = UPDATED_AT;
	}
	const links: Links = { base: 'https://coda.io/apis/v1' };
	const api: ApiContext = {
		doc, codec: new ReadableTokens(), links, mutations: new MutationQueue(0), maxPageSize: options.maxPageSize ?? 500,
		whoami: { name: 'Fake', loginId: 'fake@example.com', tokenName: 'fake' },
	};
	const rich = { valueFormat: 'rich' as const, useColumnNames: false, visibleOnly: false };

	const fake: FakeCoda = {
		requests: [],
		script: [],
		get rows() {
			return table.rows.map((row) => ({ id: row.id, values: rowResource(links, table, row, rich).values }));
		},
		edit(rowId, values) {
			const cells = new Map<string, Cell | null>();
			const warnings: string[] = [];
			for (const [id, value] of Object.entries(values)) cells.set(id, parseValue(table, table.column(id), value, `edit ${rowId}`, warnings));
			table.editRow(table.byId.get(rowId)!, cells);
		},
		addColumn: (name) => table.addColumn(name, { type: 'text', isArray: false }).id,
		renameColumn: (columnId, name) => {
			table.column(columnId).name = name;
		},
		removeColumn: (columnId) => table.removeColumn(columnId),
		rowRequests: () => fake.requests.filter((r) => /\/rows$/.test(r.path)),
		requestKinds: () => fake.requests.map((r) => /\/tables\/[^/]+(\/(columns|rows)(\/[^/]+)?)?$/.exec(r.path)).map((m) => (!m ? 'other' : !m[1] ? 'table' : m[3] ? 'row' : m[2])),
		transport: async (request) => {
			fake.requests.push(request);
			const scripted = fake.script.shift();
			if (scripted instanceof Error) throw scripted;
			if (scripted) return scripted;
			const query = new URLSearchParams(Object.entries(request.query).map(([k, v]): [string, string] => [k, String(v)]));
			let answer;
			try {
				answer = handle(api, { method: 'GET', segments: request.path.split('/').filter(Boolean).map(decodeURIComponent), query, body: undefined });
			} catch (error) {
				answer = toResponse(error);
			}
			return { statusCode: answer.status, body: answer.body };
		},
	};
	return fake;
}
