import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { diffColumns, parseStoredSnapshot } from '../../nodes/shared/coda/columnDrift';

const now = [
	{ id: 'c-1', name: 'Title' },
	{ id: 'c-2', name: 'Due Date' },
	{ id: 'c-4', name: 'Owner' },
];

describe('column drift', () => {
	it('tells renames (same id) from additions and removals', () => {
		const before = [
			{ id: 'c-1', name: 'Name' },
			{ id: 'c-2', name: 'Due Date' },
			{ id: 'c-3', name: 'Budget' },
		];
		assert.deepEqual(diffColumns(before, now), {
			added: [{ id: 'c-4', name: 'Owner' }],
			renamed: [{ id: 'c-1', from: 'Name', to: 'Title' }],
			removed: [{ id: 'c-3', name: 'Budget' }],
		});
	});

	it('reports nothing without a previous snapshot, or when nothing changed', () => {
		const none = { added: [], renamed: [], removed: [] };
		assert.deepEqual(diffColumns(null, now), none);
		assert.deepEqual(diffColumns(now, now), none);
	});

	it('reads the stored snapshot as an {id: name} map, an array, or {columns: [...]}', () => {
		const expected = [{ id: 'c-1', name: 'Title' }];
		assert.deepEqual(parseStoredSnapshot({ 'c-1': 'Title' }), expected);
		assert.deepEqual(parseStoredSnapshot([{ id: 'c-1', name: 'Title', type: 'text' }]), [{ id: 'c-1', name: 'Title', type: 'text' }]);
		assert.deepEqual(parseStoredSnapshot({ columns: expected }), expected);
	});

	it('treats an empty or unreadable snapshot as none', () => {
		assert.equal(parseStoredSnapshot({}), null);
		assert.equal(parseStoredSnapshot(null), null);
		assert.equal(parseStoredSnapshot('garbage'), null);
		assert.equal(parseStoredSnapshot({ 'c-1': 3 }), null);
	});
});
