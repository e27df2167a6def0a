// Coda client + fetchTable against the Coda emulator's sample doc (real HTTP, Coda's rate limits on).
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { CodaClient } from '../../nodes/shared/coda/client';
import { sharedFor } from '../../nodes/shared/coda/perCredential';
import type { RetryPolicy } from '../../nodes/shared/coda/retry';
import { type StoredSyncState, type TableFetchRequest, fetchTable } from '../../nodes/shared/coda/tableFetch';
import type { RowItem } from '../../nodes/shared/sync/items';
import { type CodaEmulator, startCodaEmulator } from '../coda-emulator';
import { codaWrite, httpTransport } from './httpTransport';

const FAST_RETRY: RetryPolicy = { maxAttempts: 5, maxTotalMs: 5000, baseDelayMs: 5, maxDelayMs: 50 };

/** True when a normalised value still holds something only Coda's rich format has. */
function leftoverRichValue(value: unknown): boolean {
	if (typeof value === 'string') return value.startsWith('```') || value.endsWith('```');
	if (Array.isArray(value)) return value.some(leftoverRichValue);
	if (value && typeof value === 'object') return '@type' in value || '@context' in value;
	return false;
}

describe('fetchTable against the Coda emulator', () => {
	let emu: CodaEmulator;
	const client = (retry: RetryPolicy = FAST_RETRY) =>
		new CodaClient({
			transport: httpTransport(emu.baseUrl, emu.token),
			...sharedFor(emu.baseUrl, emu.token),
			retry,
		});
	const fetch = (request: Partial<TableFetchRequest>, retry?: RetryPolicy) =>
		fetchTable(client(retry), { docId: emu.docId, table: 'Tasks', mode: 'allRows', ...request });
	const rowRequests = () => emu.requestLog().filter((entry) => entry.method === 'GET' && /\/rows$/.test(entry.path));
	const write = (method: string, path: string, body?: unknown) =>
		codaWrite(emu.baseUrl, emu.token, method, `/docs/${emu.docId}/tables/Tasks${path}`, body);

	before(async () => {
		emu = await startCodaEmulator({ rows: { tasks: 1234 } });
	});
	after(async () => emu.close());

	it('reads every row of a table across pages, one request per page, values normalised', async () => {
		emu.clearLog();
		const { items, summary } = await fetch({});
		const tasks = emu.tables().find((t) => t.name === 'Tasks')!;
		assert.equal(items.length, tasks.rowCount);
		assert.equal(new Set(items.map((item) => (item as RowItem).id)).size, 1234);
		assert.equal(summary.pages, 3);
		assert.equal(rowRequests().length, 3);
		assert.equal(summary.retried429, 0);
		assert.equal(summary.complete, true);
		assert.ok(summary.nextSyncToken);
		for (const item of items as RowItem[]) {
			for (const [columnId, value] of Object.entries(item.values)) {
				assert.ok(!leftoverRichValue(value), `${item.id} ${item.columnNames[columnId]}: ${JSON.stringify(value)}`);
			}
		}
		const sample = items[0] as RowItem;
		const byName = (name: string) => sample.values[Object.keys(sample.columnNames).find((id) => sample.columnNames[id] === name)!];
		assert.match(String(byName('Due Date') ?? '2026-01-01'), /^\d{4}-\d{2}-\d{2}$/);
		const assignee = byName('Assignee') as { email: string } | null;
		if (assignee) assert.match(assignee.email, /@/);
	});

	it('returns every row of all 36 sample tables, paced under the rate limit, nothing left in rich form', async () => {
		const tables = emu.tables();
		assert.equal(tables.length, 36);
		let retried429 = 0;
		for (const table of tables) {
			const { items, summary } = await fetch({ table: table.id });
			assert.equal(items.length, table.rowCount, table.name);
			retried429 += summary.retried429;
			for (const item of items as RowItem[]) {
				for (const value of Object.values(item.values)) assert.ok(!leftoverRichValue(value), `${table.name}: ${JSON.stringify(value)}`);
			}
		}
		assert.equal(retried429, 0, 'the limiter kept every request under Coda’s limit');
	});

	it('incremental: only rows changed after the token, then one request when nothing changed', async () => {
		const first = await fetch({ mode: 'incremental', readSyncState: async () => null });
		assert.equal(first.items.length, 1234);
		assert.match(first.summary.fullFetchFallback!, /No sync token/);
		const state: StoredSyncState = { syncToken: first.summary.nextSyncToken, columns: null };
		const [a, b] = [first.items[10] as RowItem, first.items[500] as RowItem];
		const notesId = Object.keys(a.columnNames).find((id) => a.columnNames[id] === 'Notes')!;
		await write('PUT', `/rows/${a.id}`, { row: { cells: [{ column: notesId, value: 'Edited **once**' }] } });
		await write('PUT', `/rows/${b.id}`, { row: { cells: [{ column: notesId, value: 'Edited twice' }] } });
		await emu.mutationsSettled();

		const changed = await fetch({ mode: 'incremental', readSyncState: async () => state });
		assert.deepEqual(
			(changed.items as RowItem[]).map((item) => [item.id, item.values[notesId]]).sort(),
			[[a.id, 'Edited once'], [b.id, 'Edited twice']].sort(),
		);
		assert.equal(changed.summary.fullFetchFallback, null);

		emu.clearLog();
		const unchanged = await fetch({ mode: 'incremental', readSyncState: async () => ({ syncToken: changed.summary.nextSyncToken, columns: null }) });
		assert.equal(unchanged.items.length, 0);
		assert.equal(emu.requestLog().length, 1, 'the rows request; the table is known from the previous run');
		assert.equal(unchanged.summary.requests, 1);
		assert.equal(unchanged.summary.pages, 1);
		assert.ok(unchanged.summary.nextSyncToken);
	});

	it('incremental with a token Coda rejects reads the whole table and says so', async () => {
		const { items, summary } = await fetch({ mode: 'incremental', readSyncState: async () => ({ syncToken: 'not-a-real-token', columns: null }) });
		assert.equal(items.length, 1234);
		assert.match(summary.fullFetchFallback!, /^Coda rejected the stored sync token \(400: /);
		assert.ok(summary.nextSyncToken);
	});

	it('one row, then the same row after it was deleted in Coda, and row ids without it', async () => {
		const { items } = await fetch({ maxRows: 5 });
		const victim = (items[2] as RowItem).id;
		const one = await fetch({ mode: 'oneRow', rowId: victim });
		assert.equal((one.items[0] as RowItem).kind, 'row');
		assert.equal((one.items[0] as RowItem).id, victim);

		await write('DELETE', `/rows/${victim}`);
		await emu.mutationsSettled();
		const gone = await fetch({ mode: 'oneRow', rowId: victim });
		assert.deepEqual(gone.items, [
			{ kind: 'deleted', docId: emu.docId, tableId: gone.summary.tableId, tableName: 'Tasks', id: victim },
		]);

		emu.clearLog();
		const ids = await fetch({ mode: 'rowIds' });
		const [rowIds] = ids.items as Array<{ rowIds: string[]; complete: boolean }>;
		assert.equal(rowIds.rowIds.length, 1233);
		assert.ok(!rowIds.rowIds.includes(victim));
		assert.ok(rowRequests().every((entry) => entry.query.valueFormat === 'simple'));
		assert.equal(rowRequests().length, 3);
	});

	it('slices a table with continuations; the sync token only comes with the last slice', async () => {
		const seen = new Set<string>();
		let continuation: string | undefined;
		const tokens: Array<string | null> = [];
		do {
			const { items, summary } = await fetch({ maxRows: 400, continuation });
			assert.ok(items.length <= 400);
			for (const item of items) seen.add((item as RowItem).id);
			tokens.push(summary.nextSyncToken);
			continuation = summary.continuation ?? undefined;
		} while (continuation);
		assert.equal(seen.size, emu.tables().find((t) => t.name === 'Tasks')!.rowCount);
		assert.ok(tokens.slice(0, -1).every((token) => token === null));
		assert.ok(tokens[tokens.length - 1]);
	});

	it('a renamed column stays keyed by its id; the drift is reported', async () => {
		const before = await fetch({ maxRows: 1, readSyncState: async () => null });
		const snapshot = Object.fromEntries(before.summary.columns!.map((column) => [column.id, column.name]));
		const notesId = Object.keys(snapshot).find((id) => snapshot[id] === 'Notes')!;
		emu.renameColumn('Tasks', notesId, 'Remarks');
		const afterRename = await fetch({ maxRows: 1, readSyncState: async () => ({ syncToken: null, columns: snapshot }) });
		const row = afterRename.items[0] as RowItem;
		assert.ok(notesId in row.values);
		assert.equal(row.columnNames[notesId], 'Remarks');
		assert.deepEqual(afterRename.summary.columnChanges, { added: [], renamed: [{ id: notesId, from: 'Notes', to: 'Remarks' }], removed: [] });
	});

	it('absorbs a burst of 429s, 5xx and a dropped connection, and counts them', async () => {
		emu.faults.burst429(3);
		const burst = await fetch({ maxRows: 10 });
		assert.equal(burst.summary.retried429, 3);
		assert.equal(burst.items.length, 10);
		emu.faults.next5xx(2, 503);
		emu.faults.dropNext(1);
		const flaky = await fetch({ maxRows: 10 });
		assert.equal(flaky.items.length, 10);
		assert.equal(flaky.summary.retriedOther, 3);
		emu.faults.reset();
	});

	it('ends a sticky 429 with a clear error naming the table', async () => {
		emu.faults.sticky429(true);
		try {
			await assert.rejects(
				fetch({}, { maxAttempts: 4, maxTotalMs: 5000, baseDelayMs: 5, maxDelayMs: 20 }),
				/^CodaRetryExhaustedError: Coda kept answering 429 Too Many Requests for table Tasks \(grid-[\w-]+\) after 4 attempts over [\d.]+ s$/,
			);
		} finally {
			emu.faults.reset();
		}
	});
});
