// addOptions (the option rows a run adds) is proved through ERP Upsert in test/erp/upsert.test.ts ("a new label becomes an option").
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { listedOptions } from '../../nodes/shared/erp/selectOptions';

describe('listedOptions', () => {
	it("reads option names from a Coda select format in Coda's order, objects and plain strings alike", () => {
		assert.deepEqual(
			listedOptions({ type: 'select', options: [{ name: 'Open', backgroundColor: '#fff' }, 'Done', { name: '' }, { color: 'red' }, null, 7, { name: 'Open' }] }),
			['Open', 'Done', 'Open'],
		);
	});

	it('is empty for a format without options', () => {
		assert.deepEqual(listedOptions(undefined), []);
		assert.deepEqual(listedOptions({ type: 'select' }), []);
		assert.deepEqual(listedOptions({ type: 'select', options: 'Open,Done' }), []);
	});
});
