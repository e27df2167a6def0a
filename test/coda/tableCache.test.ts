import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { CodaColumn, CodaTable } from '../../nodes/shared/coda/apiSchemas';
import { CodaClient } from '../../nodes/shared/coda/client';
import type { SendWatch } from '../../nodes/shared/coda/sharedReads';
import { COLUMNS_MAX_AGE_MS, TableCache } from '../../nodes/shared/coda/tableCache';
import { COLUMNS_WINDOW_MS, type TableFetchRequest, fetchTable } from '../../nodes/shared/coda/tableFetch';
import type { RowItem } from '../../nodes/shared/sync/items';
import { DOC_ID, type FakeCoda, TABLE, fakeCoda } from './fakeCoda';
import { FakeClock } from './fakeClock';

/** One credential's cache; each run gets its own client, as each n8n execution does. */
function credential(fake: FakeCoda) {
	const clock = FakeClock.instant();
	const tables = new TableCache(undefined, clock);
	let seen = 0;
	return {
		clock,
		run: (request: Partial<TableFetchRequest> = {}) =>
			fetchTable(new CodaClient({ transport: fake.transport, tables }), {
				docId: DOC_ID,
				table: 'Tasks',
				mode: 'oneRow',
				rowId: 'i-row00001',
				...request,
			}),
		/** The kinds of the requests sent since the last call. */
		sent: () => {
			const kinds = fake.requestKinds().slice(seen);
			seen += kinds.length;
			return kinds;
		},
	};
}

const names = (columns: Array<{ id: string; name: string }> | null) => Object.fromEntries((columns ?? []).map((c) => [c.id, c.name]));

/** A loader whose request goes out only when the test says so, and answers when the test says so. */
function heldLoad<T>() {
	const held: Array<{ watch: SendWatch; answer: (value: T) => void }> = [];
	const load = (watch: SendWatch) => new Promise<T>((answer) => held.push({ watch, answer }));
	return { held, load };
}

const column = (id: string, name: string): CodaColumn => ({ id, name, format: { type: 'text' } });

describe('TableCache', () => {
	it('remembers tables by id and by name until the TTL passes; concurrent lookups share one read', async () => {
		const clock = FakeClock.instant();
		const cache = new TableCache(1000, clock);
		const table: CodaTable = { id: 'grid-1', name: 'Tasks' };
		const { held, load } = heldLoad<CodaTable>();
		const first = cache.table('doc', 'Tasks', load);
		const second = cache.table('doc', 'Tasks', load);
		assert.equal(held.length, 1, 'one read for both lookups');
		held[0].answer(table);
		assert.deepEqual(await Promise.all([first, second]), [table, table]);
		const none = () => Promise.reject(new Error('no read expected'));
		assert.equal(await cache.table('doc', 'grid-1', none), table);
		assert.equal(await cache.table('doc', 'Tasks', none), table);
		const other = cache.table('other-doc', 'Tasks', load);
		assert.equal(held.length, 2, 'another doc is another table');
		held[1].answer({ id: 'grid-9', name: 'Tasks' });
		await other;
		void clock.sleep(1000);
		const again = cache.table('doc', 'grid-1', load);
		assert.equal(held.length, 3, 'read again once the TTL passed');
		held[2].answer(table);
		await again;
	});

	it('shares a column list as long as a caller accepts its age, and lists afresh for `fresh` without joining a listing already sent', async () => {
		const clock = FakeClock.instant();
		const cache = new TableCache(undefined, clock);
		const { held, load } = heldLoad<CodaColumn[]>();
		const recent = { maxAgeMs: 1000 };
		const a = cache.columns('doc', 'grid-1', recent, load);
		const b = cache.columns('doc', 'grid-1', recent, load);
		const waiting = cache.columns('doc', 'grid-1', 'fresh', load);
		assert.equal(held.length, 1, 'b and the fresh lookup join a listing that has not gone out');
		held[0].watch.sending();
		const late = cache.columns('doc', 'grid-1', 'fresh', load);
		const joinsAny = cache.columns('doc', 'grid-1', recent, load);
		assert.equal(held.length, 2, 'a fresh lookup does not join a listing already on the wire; others join the newest');
		void clock.sleep(10);
		held[1].watch.sending();
		held[1].answer([column('c-1', 'Newer')]);
		held[0].answer([column('c-1', 'Older')]);
		assert.deepEqual((await Promise.all([a, b, waiting])).map(names), Array(3).fill({ 'c-1': 'Older' }));
		assert.deepEqual((await Promise.all([late, joinsAny])).map(names), Array(2).fill({ 'c-1': 'Newer' }));
		const none = () => Promise.reject(new Error('no read expected'));
		assert.deepEqual(names(await cache.columns('doc', 'grid-1', recent, none)), { 'c-1': 'Newer' }, 'the newer listing is kept although the older finished last');
		void clock.sleep(1000);
		const expired = cache.columns('doc', 'grid-1', recent, load);
		assert.equal(held.length, 3, 'listed again past the age the caller accepts');
		held[2].answer([column('c-1', 'Newest')]);
		await expired;
		void clock.sleep(COLUMNS_MAX_AGE_MS);
		const capped = cache.columns('doc', 'grid-1', { maxAgeMs: Infinity }, load);
		assert.equal(held.length, 4, `no list older than ${COLUMNS_MAX_AGE_MS} ms is used`);
		held[3].answer([]);
		await capped;
	});

	it('is bounded: past 1,000 tables it starts over', async () => {
		const cache = new TableCache(undefined, FakeClock.instant());
		let reads = 0;
		const load = async (table: string) => {
			reads++;
			return [column('c-1', table)];
		};
		for (let n = 0; n <= 1000; n++) await cache.columns('doc', `grid-${n}`, { maxAgeMs: 60_000 }, () => load(`grid-${n}`));
		assert.equal(reads, 1001);
		await cache.columns('doc', 'grid-1000', { maxAgeMs: 60_000 }, () => load('grid-1000'));
		assert.equal(reads, 1001, 'the newest entry stays');
		await cache.columns('doc', 'grid-0', { maxAgeMs: 60_000 }, () => load('grid-0'));
		assert.equal(reads, 1002, 'the oldest were dropped');
	});
});

describe('table metadata shared by the runs of one credential (fetchTable against the emulator)', () => {
	it('real-time calls: the first reads the table, its row and the columns; the next ones within the window only their row', async () => {
		const fake = fakeCoda({ rows: 5 });
		const coda = credential(fake);
		const first = await coda.run();
		assert.deepEqual(coda.sent(), ['table', 'row', 'columns']);
		const second = await coda.run({ rowId: 'i-row00002' });
		assert.deepEqual(coda.sent(), ['row']);
		assert.equal(second.summary.requests, 1);
		assert.deepEqual(second.summary.columns, first.summary.columns, 'the summary still carries the columns (the doc model)');
		assert.deepEqual((second.items[0] as RowItem).columnNames, { 'c-title': 'Title', 'c-budget': 'Budget', 'c-due': 'Due Date' });
		void coda.clock.sleep(COLUMNS_WINDOW_MS);
		await coda.run();
		assert.deepEqual(coda.sent(), ['row', 'columns'], 'listed again once the window passed');
	});

	it('a column added or removed between runs shows in the rows and is listed at once', async () => {
		const fake = fakeCoda({ rows: 5 });
		const coda = credential(fake);
		await coda.run();
		coda.sent();
		const added = fake.addColumn('Effort');
		const afterAdd = await coda.run();
		assert.deepEqual(coda.sent(), ['row', 'columns']);
		assert.equal((afterAdd.items[0] as RowItem).columnNames[added], 'Effort');
		assert.equal(names(afterAdd.summary.columns)[added], 'Effort');
		fake.removeColumn('c-due');
		const afterRemove = await coda.run({ mode: 'allRows' });
		assert.deepEqual(coda.sent(), ['rows', 'columns']);
		assert.ok(!('c-due' in names(afterRemove.summary.columns)));
		await coda.run();
		assert.deepEqual(coda.sent(), ['row'], 'the refreshed list is shared again');
	});

	it('a rename reaches runs within the window; a run comparing with the stored snapshot sees it at once and refreshes the shared list', async () => {
		const fake = fakeCoda({ rows: 5 });
		const coda = credential(fake);
		const before = await coda.run();
		coda.sent();
		fake.renameColumn('c-title', 'Name');
		const stale = await coda.run();
		assert.deepEqual(coda.sent(), ['row']);
		assert.equal((stale.items[0] as RowItem).columnNames['c-title'], 'Title', `a rename alone may take up to ${COLUMNS_WINDOW_MS} ms`);
		const snapshot = names(before.summary.columns);
		const detecting = await coda.run({ readSyncState: async () => ({ syncToken: null, columns: snapshot }) });
		assert.deepEqual(coda.sent(), ['row', 'columns']);
		assert.deepEqual(detecting.summary.columnChanges, { added: [], renamed: [{ id: 'c-title', from: 'Title', to: 'Name' }], removed: [] });
		const after = await coda.run();
		assert.deepEqual(coda.sent(), ['row']);
		assert.equal((after.items[0] as RowItem).columnNames['c-title'], 'Name');
	});

	it('a read in slices lists the table and its columns once: the continuing slices read only their pages', async () => {
		const fake = fakeCoda({ rows: 2000 });
		const coda = credential(fake);
		const perSlice: string[][] = [];
		let continuation: string | undefined;
		let rows = 0;
		do {
			const { items, summary } = await coda.run({ mode: 'allRows', pageSize: 100, maxRows: 400, continuation });
			rows += items.length;
			assert.equal(summary.columns?.length, 3);
			perSlice.push(coda.sent());
			continuation = summary.continuation ?? undefined;
			// Slower than the window between slices: a continuing slice still shares the read's list.
			void coda.clock.sleep(COLUMNS_WINDOW_MS);
		} while (continuation);
		assert.equal(rows, 2000);
		assert.deepEqual(perSlice, [['table', 'rows', 'columns', 'rows', 'rows', 'rows'], ...Array(4).fill(['rows', 'rows', 'rows', 'rows'])]);
		const requests = perSlice.flat();
		assert.equal(requests.length, requests.filter((kind) => kind === 'rows').length + 2, 'Coda requests = pages + the table + its columns');
	});

	it('concurrent runs of one credential share one table read and one column listing', async () => {
		const fake = fakeCoda({ rows: 10 });
		const coda = credential(fake);
		const runs = await Promise.all(Array.from({ length: 8 }, (_, n) => coda.run({ rowId: `i-row0000${n}` })));
		const kinds = coda.sent();
		assert.deepEqual(
			['table', 'columns', 'row'].map((kind) => kinds.filter((k) => k === kind).length),
			[1, 1, 8],
		);
		assert.ok(runs.every((run) => run.summary.columns?.length === 3));
		assert.equal(fake.requests.filter((r) => r.path === `/docs/${DOC_ID}/tables/Tasks`).length, 1);
		assert.ok(fake.requests.filter((r) => r.path.includes('/rows/')).every((r) => r.path.includes(TABLE.id)), 'rows are read by table id');
	});
});
