// The Fetch → Upsert contract's one reader (nodes/shared/sync/items.ts): each item kind, and how
// parseItems folds the items of one run.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ErpInputError } from '../../nodes/shared/erp/errors';
import { mergeCodaReads, parseItems, readItem } from '../../nodes/shared/sync/items';

const T1 = '2026-02-01T10:00:00.000Z';
const T2 = '2026-02-01T11:00:00.000Z';
const row = (id: string, updatedAt: string, extra: Record<string, unknown> = {}) => ({
	kind: 'row',
	docId: 'd-1',
	tableId: 'grid-tasks',
	id,
	updatedAt,
	values: { 'c-name': id },
	columnNames: { 'c-name': 'Name' },
	...extra,
});

describe('readItem', () => {
	it('reads a summary: incremental from its mode, its columns entry by entry, counts only when they are counts', () => {
		const columns = [{ id: 'c-name', name: 'Name', type: 'text', display: true, format: { type: 'text' } }];
		const columnChanges = { added: [{ id: 'c-new', name: 'New' }, { id: 7 }], renamed: [{ id: 'c-old', from: 'Old', to: 'Older' }], removed: 'none' };
		const item = readItem({ kind: 'summary', docId: 'd-1', tableId: 'grid-tasks', mode: 'incremental', rowCount: 3, complete: true, nextSyncToken: 't', columns, retried429: 2, retriedOther: -1, fullFetchFallback: 'token refused', columnChanges }, 4);
		assert.deepEqual(item, {
			kind: 'summary',
			summary: {
				docId: 'd-1', tableId: 'grid-tasks', tableName: undefined, incremental: true, rowCount: 3, complete: true, nextSyncToken: 't', index: 4,
				columns: [{ id: 'c-name', name: 'Name', type: 'text', isArray: false, tableId: undefined, display: true, calculated: false, format: { type: 'text' } }],
				// What the read met: entries of another shape and counts that are not counts are left out.
				read: { fullFetchFallback: 'token refused', retried429: 2, retriedOther: 0, columnChanges: { added: [{ id: 'c-new', name: 'New' }], renamed: [{ id: 'c-old', from: 'Old', to: 'Older' }], removed: [] } },
			},
		});
		const full = readItem({ kind: 'summary', mode: 'all', rowCount: -1, columns: [{ id: 'c-1' }] }, 0);
		assert.ok(full.kind === 'summary');
		assert.deepEqual([full.summary.incremental, full.summary.rowCount, full.summary.columns], [false, null, null]);
	});

	it("reads ERP Upsert's and Reconcile's summaries as counts, anything not a count as none", () => {
		assert.deepEqual(readItem({ kind: 'erpUpsertSummary', fetched: 2, inserted: 1, updated: 'x', unchanged: -3, rejected: 1, deleted: 0, cellIssues: Infinity }, 0), {
			kind: 'erpUpsertSummary',
			counts: { fetched: 2, inserted: 1, updated: 0, unchanged: 0, rejected: 1, deleted: 0, cellIssues: 0 },
			codaRead: null,
		});
		const passedOn = readItem({ kind: 'erpUpsertSummary', codaRead: { retried429: 3, fullFetchFallback: null, columnChanges: {} } }, 0);
		assert.ok(passedOn.kind === 'erpUpsertSummary');
		assert.deepEqual(passedOn.codaRead, { fullFetchFallback: null, retried429: 3, retriedOther: 0, columnChanges: { added: [], renamed: [], removed: [] } });
		assert.deepEqual(readItem({ kind: 'erpReconcileSummary', softDeleted: 5 }, 0), { kind: 'erpReconcileSummary', softDeleted: 5 });
	});

	it("merges one run's Coda reads: the first fallback, retries summed, each changed column once", () => {
		const read = (fallback: string | null, retried429: number, added: string[]) => ({
			fullFetchFallback: fallback, retried429, retriedOther: 1, columnChanges: { added: added.map((id) => ({ id, name: id })), renamed: [], removed: [] },
		});
		assert.equal(mergeCodaReads([]), null);
		assert.deepEqual(mergeCodaReads([read(null, 1, ['c-a']), read('token refused', 2, ['c-a', 'c-b']), read('later', 0, [])]), {
			fullFetchFallback: 'token refused', retried429: 3, retriedOther: 3, columnChanges: { added: [{ id: 'c-a', name: 'c-a' }, { id: 'c-b', name: 'c-b' }], renamed: [], removed: [] },
		});
	});

	it('says in words why an item is not usable', () => {
		const reason = (raw: unknown) => {
			const item = readItem(raw, 2);
			return item.kind === 'invalid' ? item.reason : item.kind;
		};
		assert.equal(reason('text'), 'item 2 is not an object');
		assert.equal(reason({ kind: 'other' }), 'item 2 is not a Coda Table Fetch row (kind is "other")');
		assert.equal(reason(row('x-1', T1)), 'item 2: id "x-1" is not a Coda row id (i-…)');
		assert.equal(reason({ ...row('i-a', T1), tableId: '' }), 'item 2 (i-a): docId and tableId are required');
		assert.equal(reason(row('i-a', 'soon')), 'item 2 (i-a): updatedAt "soon" is not a timestamp');
		assert.equal(reason({ ...row('i-a', T1), values: [] }), 'item 2 (i-a): values must be an object');
		assert.equal(reason({ kind: 'rowIds', rowIds: ['i-a', 'nope'] }), 'item 2: rowIds must be a list of Coda row ids (i-…)');
		assert.equal(reason({ kind: 'deleted', docId: 'd-1', tableId: 'grid-tasks', id: 'i-a' }), 'deleted');
	});
});

describe('parseItems', () => {
	it('folds a row by id (the latest updatedAt wins, a later deletion wins) and sorts rows by id', () => {
		const input = parseItems([
			row('i-b', T2),
			row('i-a', T2, { rawValues: { 'c-name': 'raw' } }),
			row('i-b', T1),
			row('i-c', T1),
			{ kind: 'deleted', docId: 'd-1', tableId: 'grid-tasks', id: 'i-c' },
			{ kind: 'summary', docId: 'd-1', tableId: 'grid-tasks', mode: 'allRows', rowCount: 4, complete: true, nextSyncToken: 't' },
		]);
		assert.deepEqual(input.rows.map((r) => [r.id, r.index, r.codaValues]), [['i-a', 1, { 'c-name': 'raw' }], ['i-b', 0, null]]);
		assert.deepEqual(input.deleted, [{ id: 'i-c', index: 4 }]);
		assert.deepEqual(input.folded, [
			{ index: 2, keptIndex: 0, codaRowId: 'i-b' },
			{ index: 3, keptIndex: 4, codaRowId: 'i-c' },
		]);
		assert.deepEqual([input.summaries.length, input.source, [...input.columns]], [1, { docId: 'd-1', tableId: 'grid-tasks' }, [['c-name', 'Name']]]);
	});

	it("rejects another node's summary and unusable items, naming the row when the id is one", () => {
		const input = parseItems([{ kind: 'erpUpsertSummary', inserted: 1 }, row('i-a', 'soon')]);
		assert.deepEqual(input.rejected.map((r) => [r.index, r.codaRowId, r.reason]), [
			[0, null, 'item 0 is not a Coda Table Fetch row (kind is "erpUpsertSummary")'],
			[1, 'i-a', 'item 1 (i-a): updatedAt "soon" is not a timestamp'],
		]);
	});

	it('refuses items from two Coda tables as an input error', () => {
		assert.throws(
			() => parseItems([row('i-a', T1), row('i-b', T1, { tableId: 'grid-other' })]),
			(e: unknown) => e instanceof ErpInputError && /mixes Coda tables grid-tasks and grid-other \(item 1\)/.test(e.message),
		);
	});
});
