import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { jsonDepth, JsonValueError, toJsonb } from '../../nodes/shared/erp/jsonb';

/** `{ a: { a: … 'leaf' } }`, `depth` levels deep. */
function nested(depth: number): unknown {
	let value: unknown = 'leaf';
	for (let i = 0; i < depth; i++) value = { a: value };
	return value;
}

describe('JSON for jsonb', () => {
	it('keeps a NUL, in values and keys, as the text \\u0000, and leaves a written backslash-u0000 alone', () => {
		const value = { a: 'x\u0000y', 'k\u0000': ['\u0000\u0000'], literal: '\\u0000', both: '\\\u0000' };
		assert.deepEqual(JSON.parse(toJsonb(value)), { a: 'x\\u0000y', 'k\\u0000': ['\\u0000\\u0000'], literal: '\\u0000', both: '\\\\u0000' });
		assert.ok(!toJsonb(value).match(/(?<!\\)(\\\\)*\\u0000/), 'no escaped NUL is left for jsonb to refuse');
		assert.equal(toJsonb({ plain: 'text' }), '{"plain":"text"}');
		assert.equal(toJsonb(undefined), 'null');
	});

	it('writes a value 1,000 levels deep; one 10,000 deep is a JsonValueError naming its depth, not a stack overflow', () => {
		assert.deepEqual(JSON.parse(toJsonb(nested(1_000))), nested(1_000));
		assert.throws(() => toJsonb(nested(10_000)), (err: Error) => err instanceof JsonValueError && err.message === 'is nested 10000 levels deep, too deep to write as JSON');
		assert.throws(() => toJsonb([nested(100_000)]), { message: 'is nested 100001 levels deep, too deep to write as JSON' });
	});

	it('measures depth at any depth without recursion', () => {
		assert.deepEqual([jsonDepth('x'), jsonDepth(null), jsonDepth({}), jsonDepth([[], { a: [1] }])], [0, 0, 1, 3]);
		assert.equal(jsonDepth(nested(1_000_000)), 1_000_000);
	});
});
