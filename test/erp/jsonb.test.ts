import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { toJsonb } from '../../nodes/shared/erp/jsonb';

describe('JSON for jsonb', () => {
	it('keeps a NUL, in values and keys, as the text \\u0000, and leaves a written backslash-u0000 alone', () => {
		const value = { a: 'x\u0000y', 'k\u0000': ['\u0000\u0000'], literal: '\\u0000', both: '\\\u0000' };
		assert.deepEqual(JSON.parse(toJsonb(value)), { a: 'x\\u0000y', 'k\\u0000': ['\\u0000\\u0000'], literal: '\\u0000', both: '\\\\u0000' });
		assert.ok(!toJsonb(value).match(/(?<!\\)(\\\\)*\\u0000/), 'no escaped NUL is left for jsonb to refuse');
		assert.equal(toJsonb({ plain: 'text' }), '{"plain":"text"}');
		assert.equal(toJsonb(undefined), 'null');
	});
});
