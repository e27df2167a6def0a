// One Coda Table Fetch run for one table: the four modes, slices with continuations, the sync
// token fallback, column drift, and the items of the Fetch → Upsert contract (sync/items.ts).
import type { CodaColumn, CodaRow, CodaTable } from './apiSchemas';
import { type CodaClient, MAX_ROW_PAGE_SIZE } from './client';
import { diffColumns, noColumnChanges, parseStoredSnapshot, snapshotColumns } from './columnDrift';
import { type Continuation, decodeContinuation, encodeContinuation } from './continuation';
import { CodaHttpError, CodaInputError } from './errors';
import { normaliseValue, utcTimestamp } from './normalise';
import { COLUMNS_MAX_AGE_MS, type ColumnFreshness } from './tableCache';
import { FETCH_MODES, type DeletedItem, type FetchItem, type FetchMode, type FetchSummary, type RowItem } from '../sync/items';

/** What erp.sync_state holds for the table (read by the node when an ERP credential is set). */
export interface StoredSyncState {
	syncToken: string | null;
	columns: unknown;
}

export interface TableFetchRequest {
	docId: string;
	/** Table id (`grid-…`) or name. */
	table: string;
	mode: FetchMode;
	rowId?: string;
	/** Rows per page asked of Coda (it may serve fewer). */
	pageSize?: number;
	/** Slices: at most this many rows per run (0 or absent: the whole table). */
	maxRows?: number;
	continuation?: string;
	includeRawValues?: boolean;
	/**
	 * Reads what erp.sync_state holds for the table (null: nothing yet). Absent when no ERP
	 * credential is set: then there is no column drift detection, and incremental mode refuses.
	 */
	readSyncState?: (docId: string, tableId: string) => Promise<StoredSyncState | null>;
}

export interface TableFetchResult {
	items: FetchItem[];
	summary: FetchSummary;
}

const ROW_ID = /^i-[A-Za-z0-9_-]+$/;

/**
 * How old a shared column list a run that starts a read accepts. A column added or removed shows
 * in the rows and is listed at once (columnsFor); a rename or a format change reaches such runs
 * within this bound, and runs comparing with the stored snapshot at once (they list afresh).
 */
export const COLUMNS_WINDOW_MS = 60 * 1000;

interface Context {
	client: CodaClient;
	request: TableFetchRequest;
	table: CodaTable;
	subject: string;
	syncState: StoredSyncState | null;
	previousColumns: Array<{ id: string; name: string }> | null;
	/** The column list this run uses, once it needed one, and its ids. */
	columns: CodaColumn[] | null;
	columnIds: Set<string>;
	/** Whether this run already listed the columns afresh (at most once per run). */
	listedAfresh: boolean;
}

interface Outcome {
	items: FetchItem[];
	rowCount: number;
	complete: boolean;
	nextSyncToken: string | null;
	fullFetchFallback: string | null;
	continuation: string | null;
	columns: CodaColumn[] | null;
}

export async function fetchTable(client: CodaClient, request: TableFetchRequest): Promise<TableFetchResult> {
	checkRequest(request);
	const table = await client.getTable(request.docId, request.table);
	const syncState = request.readSyncState ? await request.readSyncState(request.docId, table.id) : null;
	const context: Context = {
		client,
		request,
		table,
		subject: `table ${table.name} (${table.id})`,
		syncState,
		previousColumns: parseStoredSnapshot(syncState?.columns),
		columns: null,
		columnIds: new Set(),
		listedAfresh: false,
	};
	const outcome = await runMode(context);
	const columns = outcome.columns ? snapshotColumns(outcome.columns, table.displayColumn?.id) : null;
	const summary: FetchSummary = {
		kind: 'summary',
		docId: request.docId,
		tableId: table.id,
		tableName: table.name,
		mode: request.mode,
		rowCount: outcome.rowCount,
		...client.stats,
		nextSyncToken: outcome.complete ? outcome.nextSyncToken : null,
		complete: outcome.complete,
		fullFetchFallback: outcome.fullFetchFallback,
		columnChanges: columns ? diffColumns(context.previousColumns, columns) : noColumnChanges(),
		columns,
		continuation: outcome.continuation,
	};
	return { items: outcome.items, summary };
}

function runMode(context: Context): Promise<Outcome> {
	switch (context.request.mode) {
		case 'oneRow':
			return fetchOneRow(context);
		case 'rowIds':
			return fetchRowIds(context);
		case 'allRows':
		case 'incremental':
			return fetchRows(context);
	}
}

const DOC_ID = /^[A-Za-z0-9_-]+$/;

/** Parameters may come from expressions: check them before any request. */
function checkRequest(request: TableFetchRequest): void {
	if (!request.docId) throw new CodaInputError('Doc is empty: choose a doc or give its ID');
	if (!DOC_ID.test(request.docId)) {
		throw new CodaInputError(`Doc ID "${request.docId.slice(0, 60)}" is not a Coda doc ID: doc IDs hold only letters, digits, - and _`);
	}
	if (!request.table) throw new CodaInputError('Table is empty: choose a table or give its ID or name');
	if (!(FETCH_MODES as readonly string[]).includes(request.mode)) {
		throw new CodaInputError(`Mode "${String(request.mode)}" is not one of ${FETCH_MODES.join(', ')}`);
	}
	checkCount('Page Size', request.pageSize, 1);
	checkCount('Max Rows per Run', request.maxRows, 0);
	if (request.mode === 'oneRow') checkRowId(request.rowId);
	if (request.mode === 'incremental' && !request.readSyncState) {
		throw new CodaInputError(
			'Changed Since Last Sync needs the ERP PostgreSQL credential: the sync token is read from erp.sync_state',
		);
	}
}

function checkCount(name: string, value: number | undefined, min: number): void {
	if (value === undefined) return;
	if (!Number.isInteger(value) || value < min) {
		throw new CodaInputError(`${name} must be a whole number of at least ${min}, got ${JSON.stringify(value)}`);
	}
}

function checkRowId(rowId: string | undefined): asserts rowId is string {
	const trimmed = rowId?.trim() ?? '';
	if (!trimmed) throw new CodaInputError('Row ID is empty: One Row mode needs the Coda row id (i-…) of the row to fetch');
	if (!ROW_ID.test(trimmed)) {
		throw new CodaInputError(`Row ID "${trimmed.slice(0, 60)}" is not a Coda row id: row ids look like "i-AbCdEf123"`);
	}
}

async function fetchOneRow(context: Context): Promise<Outcome> {
	const { client, request, table, subject } = context;
	const rowId = request.rowId!.trim();
	const row = await client.getRow(request.docId, table.id, rowId, subject);
	// A deleted row needs no columns, unless they are wanted for drift detection.
	const columns = row || request.readSyncState ? await columnsFor(context, row ? [row] : []) : null;
	const item: RowItem | DeletedItem = row
		? toRowItem(row, context, indexColumns(columns ?? []))
		: { kind: 'deleted', docId: request.docId, tableId: table.id, tableName: table.name, id: rowId };
	return {
		items: [item],
		rowCount: row ? 1 : 0,
		complete: true,
		nextSyncToken: null,
		fullFetchFallback: null,
		continuation: null,
		columns,
	};
}

async function fetchRowIds(context: Context): Promise<Outcome> {
	const { client, request, table, subject } = context;
	const rowIds = await client.listRowIds(request.docId, table.id, pageSizeOf(request), subject);
	// Columns only matter here for drift detection, which needs the stored snapshot.
	const columns = request.readSyncState ? await columnsFor(context, []) : null;
	return {
		items: [{ kind: 'rowIds', docId: request.docId, tableId: table.id, tableName: table.name, rowIds, complete: true }],
		rowCount: rowIds.length,
		complete: true,
		nextSyncToken: null,
		fullFetchFallback: null,
		continuation: null,
		columns,
	};
}

/** All rows or the rows changed since the stored sync token, whole or in one slice. */
async function fetchRows(context: Context): Promise<Outcome> {
	const { client, request, table, subject } = context;
	const position = startPosition(context);
	const items: RowItem[] = [];
	let columnsById = new Map<string, CodaColumn>();
	let indexed: CodaColumn[] | null = null;
	const finish = (complete: boolean, nextSyncToken: string | null, continuation: string | null): Outcome => ({
		items,
		rowCount: items.length,
		complete,
		nextSyncToken,
		fullFetchFallback: position.fullFetchFallback,
		continuation,
		columns: context.columns,
	});
	let pagesRead = 0;
	for (;;) {
		try {
			for await (const page of client.rowPages(
				request.docId,
				table.id,
				{ limit: position.limit, syncToken: position.syncToken ?? undefined, pageToken: position.pageToken },
				subject,
			)) {
				pagesRead++;
				if (page.items.length > 0) {
					// Only when rows came: an unchanged incremental read stays at one row request.
					const columns = await columnsFor(context, page.items);
					if (columns !== indexed) columnsById = indexColumns((indexed = columns));
				}
				for (const row of page.items) items.push(toRowItem(row, context, columnsById));
				if (!page.nextPageToken) return finish(true, page.nextSyncToken ?? null, null);
				if (request.maxRows && items.length + page.items.length > request.maxRows) {
					const { syncToken, limit, fullFetchFallback } = position;
					const next: Continuation = {
						docId: request.docId,
						tableId: table.id,
						mode: request.mode === 'incremental' ? 'incremental' : 'allRows',
						pageToken: page.nextPageToken,
						syncToken,
						limit,
						fullFetchFallback,
					};
					return finish(false, null, encodeContinuation(next));
				}
			}
			throw new Error(`Coda's row listing for ${subject} ended without a last page`);
		} catch (error) {
			const tokenRejected =
				pagesRead === 0 &&
				!position.pageToken &&
				position.syncToken &&
				error instanceof CodaHttpError &&
				(error.statusCode === 400 || error.statusCode === 410);
			if (!tokenRejected) throw error;
			// Coda rejects foreign sync tokens with 400 and expired ones with 400 or 410: read everything rather than nothing.
			position.fullFetchFallback = `Coda rejected the stored sync token (${error.statusCode}: ${error.codaMessage}); read the whole table instead`;
			position.syncToken = null;
		}
	}
}

interface Position {
	pageToken?: string;
	syncToken: string | null;
	limit: number;
	fullFetchFallback: string | null;
}

function startPosition(context: Context): Position {
	const { request, table } = context;
	if (request.continuation) {
		const decoded = decodeContinuation(request.continuation, {
			docId: request.docId,
			tableId: table.id,
			tableName: table.name,
			mode: request.mode,
		});
		return {
			pageToken: decoded.pageToken,
			syncToken: decoded.syncToken,
			limit: decoded.limit,
			fullFetchFallback: decoded.fullFetchFallback,
		};
	}
	const limit = sliceLimit(pageSizeOf(request), request.maxRows);
	if (request.mode !== 'incremental') return { syncToken: null, limit, fullFetchFallback: null };
	const token = context.syncState?.syncToken ?? null;
	return token
		? { syncToken: token, limit, fullFetchFallback: null }
		: { syncToken: null, limit, fullFetchFallback: 'No sync token is stored for this table yet; read the whole table' };
}

function pageSizeOf(request: TableFetchRequest): number {
	return request.pageSize ?? MAX_ROW_PAGE_SIZE;
}

/** A page size that divides a slice into equal pages, so a slice uses its whole row budget. */
export function sliceLimit(pageSize: number, maxRows: number | undefined): number {
	if (!maxRows || maxRows <= 0) return pageSize;
	const pages = Math.ceil(maxRows / pageSize);
	return Math.max(1, Math.floor(maxRows / pages));
}

/**
 * The table's columns for these rows: the shared list when it is recent enough for this run (a
 * slice continuing a read shares its list, a run comparing with the stored snapshot lists afresh)
 * and names exactly the columns the rows carry. A row with a column id the list lacks (added), or
 * without one it has (removed), makes the run list them afresh, once.
 */
async function columnsFor(context: Context, rows: CodaRow[]): Promise<CodaColumn[]> {
	const { client, request, table, subject } = context;
	const use = async (freshness: ColumnFreshness) => {
		context.listedAfresh ||= freshness === 'fresh';
		const columns = await client.columns(request.docId, table.id, subject, freshness);
		context.columns = columns;
		context.columnIds = new Set(columns.map((column) => column.id));
		return columns;
	};
	const columns = context.columns ?? (await use(columnFreshness(request)));
	const carriesExactly = (row: CodaRow) => {
		const ids = Object.keys(row.values);
		return ids.length === context.columnIds.size && ids.every((id) => context.columnIds.has(id));
	};
	return context.listedAfresh || rows.every(carriesExactly) ? columns : use('fresh');
}

function columnFreshness(request: TableFetchRequest): ColumnFreshness {
	if (request.continuation) return { maxAgeMs: COLUMNS_MAX_AGE_MS };
	if (request.readSyncState) return 'fresh';
	return { maxAgeMs: COLUMNS_WINDOW_MS };
}

function indexColumns(columns: CodaColumn[]): Map<string, CodaColumn> {
	return new Map(columns.map((column) => [column.id, column]));
}

function toRowItem(row: CodaRow, context: Context, columnsById: Map<string, CodaColumn>): RowItem {
	const { request, table } = context;
	const values: Record<string, unknown> = {};
	const columnNames: Record<string, string> = {};
	for (const [columnId, value] of Object.entries(row.values)) {
		const column = columnsById.get(columnId);
		values[columnId] = normaliseValue(value, column?.format);
		columnNames[columnId] = column?.name ?? columnId;
	}
	const item: RowItem = {
		kind: 'row',
		docId: request.docId,
		tableId: table.id,
		tableName: table.name,
		id: row.id,
		name: row.name ?? null,
		index: row.index ?? null,
		browserLink: row.browserLink ?? null,
		createdAt: utcTimestamp(row.createdAt),
		updatedAt: utcTimestamp(row.updatedAt),
		values,
		columnNames,
	};
	if (request.includeRawValues) item.rawValues = row.values;
	return item;
}
