import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { CodaClient } from '../../nodes/shared/coda/client';
import { CodaInputError } from '../../nodes/shared/coda/errors';
import { type StoredSyncState, type TableFetchRequest, fetchTable, sliceLimit } from '../../nodes/shared/coda/tableFetch';
import { type FakeCoda, TABLE, fakeCoda } from './fakeCoda';

function clientFor(fake: FakeCoda) {
	return new CodaClient({ transport: fake.transport });
}

function request(overrides: Partial<TableFetchRequest>): TableFetchRequest {
	return { docId: 'doc1', table: TABLE.id, mode: 'allRows', ...overrides };
}

function stored(state: StoredSyncState | null) {
	return async () => state;
}

describe('fetchTable with a fake Coda', () => {
	it('reads every row with one request per page, sending pageToken with the original parameters', async () => {
		const fake = fakeCoda({ rows: 1203 });
		const result = await fetchTable(clientFor(fake), request({}));
		assert.equal(result.items.length, 1203);
		assert.deepEqual(
			fake.rowRequests().map((r) => r.query),
			[
				{ valueFormat: 'rich', limit: 500 },
				{ valueFormat: 'rich', limit: 500, pageToken: 'page-500' },
				{ valueFormat: 'rich', limit: 500, pageToken: 'page-1000' },
			],
		);
		const { summary } = result;
		assert.equal(summary.pages, 3);
		assert.equal(summary.requests, 5, 'table + columns + 3 pages');
		assert.equal(summary.rowCount, 1203);
		assert.equal(summary.complete, true);
		assert.equal(summary.nextSyncToken, 'sync-1203');
		assert.equal(summary.continuation, null);
		assert.deepEqual(new Set(result.items.map((item) => (item as { id: string }).id)).size, 1203);
	});

	it('emits row items keyed by column id with names alongside and normalised values', async () => {
		const fake = fakeCoda({ rows: 2 });
		const { items } = await fetchTable(clientFor(fake), request({ includeRawValues: true }));
		assert.deepEqual(items[1], {
			kind: 'row',
			docId: 'doc1',
			tableId: TABLE.id,
			tableName: 'Tasks',
			id: 'i-row00001',
			name: 'Task 1',
			index: 1,
			browserLink: 'https://coda.io/d/_ddoc1#Tasks_tTasks00001/_rui-row00001',
			createdAt: '2026-01-01T18:00:00.000Z',
			updatedAt: '2026-01-02T10:00:00.000Z',
			values: { 'c-title': 'Task 1', 'c-budget': { amount: 1, currency: 'EUR' }, 'c-due': null },
			columnNames: { 'c-title': 'Title', 'c-budget': 'Budget', 'c-due': 'Due Date' },
			rawValues: fake.rows[1].values,
		});
	});

	it('accepts a page size Coda clamps, still one request per served page', async () => {
		const fake = fakeCoda({ rows: 250, maxPageSize: 100 });
		const { summary } = await fetchTable(clientFor(fake), request({ pageSize: 500 }));
		assert.equal(summary.rowCount, 250);
		assert.equal(summary.pages, 3);
	});

	it('resolves a table given by name to its id', async () => {
		const fake = fakeCoda({ rows: 3 });
		const { summary } = await fetchTable(clientFor(fake), request({ table: 'Tasks' }));
		assert.equal(summary.tableId, TABLE.id);
		assert.ok(fake.rowRequests().every((r) => r.path.includes(TABLE.id)));
	});

	it('makes one row request for an incremental fetch with no changes, and no column listing', async () => {
		const fake = fakeCoda({ rows: 40 });
		const result = await fetchTable(
			clientFor(fake),
			request({ mode: 'incremental', readSyncState: stored({ syncToken: 'sync-40', columns: {} }) }),
		);
		assert.equal(result.items.length, 0);
		assert.equal(fake.rowRequests().length, 1);
		assert.equal(fake.requests.filter((r) => r.path.endsWith('/columns')).length, 0);
		assert.deepEqual(fake.rowRequests()[0].query, { valueFormat: 'rich', limit: 500, syncToken: 'sync-40' });
		assert.equal(result.summary.complete, true);
		assert.equal(result.summary.nextSyncToken, 'sync-40');
		assert.equal(result.summary.fullFetchFallback, null);
	});

	it('returns only the rows changed since the stored token', async () => {
		const fake = fakeCoda({ rows: 40 });
		fake.edit('i-row00007', { 'c-title': '**Seven** edited' });
		fake.edit('i-row00003', { 'c-due': '2026-03-01T00:00:00.000-08:00' });
		const result = await fetchTable(
			clientFor(fake),
			request({ mode: 'incremental', readSyncState: stored({ syncToken: 'sync-40', columns: null }) }),
		);
		assert.deepEqual(
			result.items.map((item) => [(item as { id: string }).id, (item as { values: Record<string, unknown> }).values]),
			[
				['i-row00003', { 'c-title': 'Task 3', 'c-budget': { amount: 3, currency: 'EUR' }, 'c-due': '2026-03-01' }],
				['i-row00007', { 'c-title': 'Seven edited', 'c-budget': { amount: 7, currency: 'EUR' }, 'c-due': null }],
			],
		);
		assert.equal(result.summary.nextSyncToken, 'sync-42');
	});

	it('with no stored token reads the whole table, says so, and returns the first token', async () => {
		const fake = fakeCoda({ rows: 12 });
		const { summary, items } = await fetchTable(clientFor(fake), request({ mode: 'incremental', readSyncState: stored(null) }));
		assert.equal(items.length, 12);
		assert.match(summary.fullFetchFallback!, /No sync token is stored/);
		assert.equal(summary.nextSyncToken, 'sync-12');
	});

	it('falls back to a full read when Coda rejects the token with 400, never returning nothing', async () => {
		const fake = fakeCoda({ rows: 12 });
		const { summary, items } = await fetchTable(
			clientFor(fake),
			request({ mode: 'incremental', readSyncState: stored({ syncToken: 'expired', columns: null }) }),
		);
		assert.equal(items.length, 12);
		assert.equal(summary.fullFetchFallback, 'Coda rejected the stored sync token (400: Invalid sync token); read the whole table instead');
		assert.equal(summary.complete, true);
		assert.equal(summary.nextSyncToken, 'sync-12');
		assert.deepEqual(
			fake.rowRequests().map((r) => r.query.syncToken),
			['expired', undefined],
		);
	});

	it('refuses incremental mode without access to the sync state', async () => {
		await assert.rejects(fetchTable(clientFor(fakeCoda({ rows: 1 })), request({ mode: 'incremental' })), (error: Error) => {
			assert.ok(error instanceof CodaInputError);
			assert.match(error.message, /needs the ERP PostgreSQL credential/);
			return true;
		});
	});

	it('reads in slices of at most N rows; only the last slice carries the sync token', async () => {
		const fake = fakeCoda({ rows: 1000 });
		const client = () => clientFor(fake);
		const seen: string[] = [];
		const slices: Array<{ rows: number; complete: boolean; token: string | null }> = [];
		let continuation: string | undefined;
		do {
			const { items, summary } = await fetchTable(client(), request({ maxRows: 300, continuation }));
			assert.ok(items.length <= 300);
			seen.push(...items.map((item) => (item as { id: string }).id));
			slices.push({ rows: items.length, complete: summary.complete, token: summary.nextSyncToken });
			continuation = summary.continuation ?? undefined;
		} while (continuation);
		assert.deepEqual(slices, [
			{ rows: 300, complete: false, token: null },
			{ rows: 300, complete: false, token: null },
			{ rows: 300, complete: false, token: null },
			{ rows: 100, complete: true, token: 'sync-1000' },
		]);
		assert.equal(new Set(seen).size, 1000);
		assert.ok(fake.rowRequests().every((r) => r.query.limit === 300));
	});

	it('keeps the sync token in the continuation of an incremental slice', async () => {
		const fake = fakeCoda({ rows: 50 });
		for (let n = 0; n < 10; n++) fake.edit(`i-row0000${n}`, { 'c-title': `edit ${n}` });
		const readSyncState = stored({ syncToken: 'sync-50', columns: null });
		const first = await fetchTable(clientFor(fake), request({ mode: 'incremental', maxRows: 6, readSyncState }));
		assert.equal(first.items.length, 6);
		assert.equal(first.summary.nextSyncToken, null);
		const second = await fetchTable(
			clientFor(fake),
			request({ mode: 'incremental', maxRows: 6, readSyncState, continuation: first.summary.continuation! }),
		);
		assert.equal(second.items.length, 4);
		assert.equal(second.summary.nextSyncToken, 'sync-60');
		assert.deepEqual(fake.rowRequests()[1].query, { valueFormat: 'rich', limit: 6, syncToken: 'sync-50', pageToken: 'page-6' });
	});

	it('rejects a continuation of another table or a garbled one', async () => {
		const fake = fakeCoda({ rows: 20 });
		const { summary } = await fetchTable(clientFor(fake), request({ maxRows: 5 }));
		await assert.rejects(
			fetchTable(clientFor(fake), request({ mode: 'incremental', readSyncState: stored(null), continuation: summary.continuation! })),
			/belongs to table grid-Tasks00001 of doc doc1 in mode allRows, but this run reads table Tasks \(grid-Tasks00001\) of doc doc1 in mode incremental/,
		);
		await assert.rejects(fetchTable(clientFor(fake), request({ continuation: 'not-a-continuation' })), /is not one this node produced/);
	});

	it('one row: the row, or a deleted item when Coda answers 404', async () => {
		const fake = fakeCoda({ rows: 3 });
		const found = await fetchTable(clientFor(fake), request({ mode: 'oneRow', rowId: ' i-row00002 ' }));
		assert.equal((found.items[0] as { id: string }).id, 'i-row00002');
		assert.equal(found.summary.rowCount, 1);
		const gone = await fetchTable(clientFor(fake), request({ mode: 'oneRow', rowId: 'i-gone' }));
		assert.deepEqual(gone.items, [{ kind: 'deleted', docId: 'doc1', tableId: TABLE.id, tableName: 'Tasks', id: 'i-gone' }]);
		assert.equal(gone.summary.rowCount, 0);
		assert.equal(gone.summary.requests, 2, 'table + row; a deleted row needs no columns');
	});

	it('one row: an empty or malformed row id is a clear input error, before any request', async () => {
		const fake = fakeCoda({ rows: 3 });
		await assert.rejects(fetchTable(clientFor(fake), request({ mode: 'oneRow', rowId: '  ' })), /Row ID is empty/);
		await assert.rejects(
			fetchTable(clientFor(fake), request({ mode: 'oneRow', rowId: 'Task 1' })),
			/Row ID "Task 1" is not a Coda row id/,
		);
		assert.equal(fake.requests.length, 0);
	});

	it('row ids only: every id in one item, with valueFormat=simple and the largest pages', async () => {
		const fake = fakeCoda({ rows: 1100 });
		const { items, summary } = await fetchTable(clientFor(fake), request({ mode: 'rowIds' }));
		assert.equal(items.length, 1);
		const [item] = items as Array<{ kind: string; rowIds: string[]; complete: boolean }>;
		assert.equal(item.kind, 'rowIds');
		assert.equal(item.rowIds.length, 1100);
		assert.equal(item.complete, true);
		assert.ok(fake.rowRequests().every((r) => r.query.valueFormat === 'simple' && r.query.limit === 500));
		assert.equal(summary.requests, 4, 'table + 3 pages, no column listing without drift detection');
		assert.equal(summary.columns, null);
	});

	it('reports column drift against the stored snapshot and hands over the new snapshot', async () => {
		const fake = fakeCoda({ rows: 2 });
		const { summary } = await fetchTable(
			clientFor(fake),
			request({
				readSyncState: stored({ syncToken: null, columns: { 'c-title': 'Name', 'c-budget': 'Budget', 'c-old': 'Old' } }),
			}),
		);
		assert.deepEqual(summary.columnChanges, {
			added: [{ id: 'c-due', name: 'Due Date' }],
			renamed: [{ id: 'c-title', from: 'Name', to: 'Title' }],
			removed: [{ id: 'c-old', name: 'Old' }],
		});
		assert.deepEqual(summary.columns, [
			{ id: 'c-title', name: 'Title', type: 'text', display: true, format: { type: 'text', isArray: false } },
			{ id: 'c-budget', name: 'Budget', type: 'currency', format: { type: 'currency', isArray: false, currencyCode: 'EUR' } },
			{ id: 'c-due', name: 'Due Date', type: 'date', format: { type: 'date', isArray: false } },
		]);
	});

	it('checks parameters from expressions before any request', async () => {
		const fake = fakeCoda({ rows: 3 });
		const cases: Array<[Partial<TableFetchRequest>, RegExp]> = [
			[{ docId: '' }, /Doc is empty/],
			[{ docId: 'https://coda.io/d/x' }, /Doc ID "https:\/\/coda.io\/d\/x" is not a Coda doc ID/],
			[{ table: '' }, /Table is empty/],
			[{ mode: 'everything' as never }, /Mode "everything" is not one of allRows, incremental, oneRow, rowIds/],
			[{ pageSize: 0 }, /Page Size must be a whole number of at least 1, got 0/],
			[{ maxRows: -5 }, /Max Rows per Run must be a whole number of at least 0, got -5/],
			[{ maxRows: 2.5 }, /Max Rows per Run must be a whole number/],
		];
		for (const [overrides, message] of cases) {
			await assert.rejects(fetchTable(clientFor(fake), request(overrides)), message);
		}
		assert.equal(fake.requests.length, 0);
	});

	it('divides a slice into equal pages', () => {
		assert.equal(sliceLimit(500, undefined), 500);
		assert.equal(sliceLimit(500, 1200), 400);
		assert.equal(sliceLimit(500, 1000), 500);
		assert.equal(sliceLimit(500, 7), 7);
	});
});
