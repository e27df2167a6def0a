import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { type Continuation, decodeContinuation, encodeContinuation } from '../../nodes/shared/coda/continuation';
import { CodaInputError } from '../../nodes/shared/coda/errors';

const SLICE: Continuation = {
	docId: 'doc1',
	tableId: 'grid-Tasks00001',
	mode: 'incremental',
	pageToken: 'page-6',
	syncToken: 'sync-50',
	limit: 6,
	fullFetchFallback: null,
};
const EXPECTED = { docId: 'doc1', tableId: 'grid-Tasks00001', tableName: 'Tasks', mode: 'incremental' };

describe('continuation', () => {
	it('round-trips everything the next slice needs, as one URL-safe string', () => {
		const text = encodeContinuation(SLICE);
		assert.match(text, /^[A-Za-z0-9_-]+$/);
		assert.deepEqual(decodeContinuation(text, EXPECTED), SLICE);
		assert.deepEqual(decodeContinuation(` ${text}\n`, EXPECTED), SLICE, 'surrounding whitespace from an expression is ignored');
	});

	it('refuses text it did not produce, or a continuation of another version, with what to pass instead', () => {
		const foreign = [
			'not-a-continuation',
			Buffer.from(JSON.stringify({ ...SLICE, v: 2 })).toString('base64url'),
			Buffer.from(JSON.stringify({ ...SLICE, v: 1, pageToken: '' })).toString('base64url'),
			Buffer.from(JSON.stringify({ ...SLICE, v: 1, mode: 'rowIds' })).toString('base64url'),
		];
		for (const text of foreign) {
			assert.throws(
				() => decodeContinuation(text, EXPECTED),
				(error: Error) => error instanceof CodaInputError && /is not one this node produced: pass the "continuation" field of a previous summary item unchanged/.test(error.message),
				text,
			);
		}
		assert.throws(() => decodeContinuation('x'.repeat(60), EXPECTED), /^CodaInputError: The continuation "x{40}…" is not one/);
	});

	it('refuses a continuation of another doc, table or mode, naming both', () => {
		const text = encodeContinuation(SLICE);
		for (const other of [{ docId: 'doc2' }, { tableId: 'grid-Other000001', tableName: 'Other' }, { mode: 'allRows' }]) {
			const expected = { ...EXPECTED, ...other };
			assert.throws(
				() => decodeContinuation(text, expected),
				new CodaInputError(
					`The continuation belongs to table grid-Tasks00001 of doc doc1 in mode incremental, but this run reads table ${expected.tableName} (${expected.tableId}) of doc ${expected.docId} in mode ${expected.mode}`,
				),
			);
		}
	});
});
