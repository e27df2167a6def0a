// Row reads shared by concurrent executions (webhook calls for the same row): only a read that has
// not gone out yet is shared, so its answer always reflects Coda after the caller arrived.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { CodaRow } from '../../nodes/shared/coda/apiSchemas';
import { CodaClient, type CodaResponse, type CodaTransport } from '../../nodes/shared/coda/client';
import { RateLimiter } from '../../nodes/shared/coda/rateLimiter';
import { SharedReads } from '../../nodes/shared/coda/sharedReads';
import { DOC_ID, TABLE, fakeCoda } from './fakeCoda';
import { FakeClock } from './fakeClock';

const TOO_MANY: CodaResponse = { statusCode: 429, body: { statusCode: 429, statusMessage: 'Too Many Requests', message: 'Too Many Requests' } };
const SUBJECT = 'table Tasks';
const flush = () => new Promise((resolve) => setImmediate(resolve));

describe('row reads shared per credential', () => {
	it('concurrent reads of one row waiting for the rate limiter share one request', async () => {
		const fake = fakeCoda({ rows: 3 });
		const clock = new FakeClock();
		const limiter = new RateLimiter({ requests: 1, windowMs: 1000 }, clock);
		const rows = new SharedReads<CodaRow | null>();
		const read = (rowId: string) => new CodaClient({ transport: fake.transport, limiter, rows, clock }).getRow(DOC_ID, TABLE.id, rowId, SUBJECT);
		const other = read('i-row00000');
		const first = read('i-row00001');
		const second = read('i-row00001');
		const third = read('i-row00001');
		await clock.runUntilIdle();
		const answers = await Promise.all([other, first, second, third]);
		assert.deepEqual(fake.requestKinds(), ['row', 'row']);
		assert.deepEqual(answers.slice(1).map((row) => row?.id), ['i-row00001', 'i-row00001', 'i-row00001']);
		assert.equal(rows.size, 0, 'nothing is kept once the read finished');
	});

	it('a read already sent is not shared: a later call reads again and gets the edit made meanwhile', async () => {
		const fake = fakeCoda({ rows: 3 });
		let release!: () => void;
		const held = new Promise<void>((resolve) => (release = resolve));
		// Coda answers with the row as it is when the request arrives; the answer travels back later.
		const slowWire: CodaTransport = async (request) => {
			const answer = await fake.transport(request);
			await held;
			return answer;
		};
		const rows = new SharedReads<CodaRow | null>();
		const read = () => new CodaClient({ transport: slowWire, rows }).getRow(DOC_ID, TABLE.id, 'i-row00001', SUBJECT);
		const beforeEdit = read();
		await flush();
		fake.edit('i-row00001', { 'c-title': 'Edited after the first read went out' });
		const afterEdit = read();
		await flush();
		release();
		const [early, late] = await Promise.all([beforeEdit, afterEdit]);
		assert.equal(fake.requests.length, 2);
		assert.equal(early?.values['c-title'], '```Task 1```');
		assert.equal(late?.values['c-title'], '```Edited after the first read went out```');
	});

	it('a read waiting to retry after a 429 is shared again; a finished read is not reused', async () => {
		const fake = fakeCoda({ rows: 3 });
		const clock = new FakeClock();
		const rows = new SharedReads<CodaRow | null>();
		const read = () => new CodaClient({ transport: fake.transport, rows, clock, random: () => 1 }).getRow(DOC_ID, TABLE.id, 'i-row00001', SUBJECT);
		fake.script.push(TOO_MANY);
		const first = read();
		await flush();
		assert.equal(fake.requests.length, 1, 'the first attempt was answered 429 and waits to retry');
		fake.edit('i-row00001', { 'c-title': 'Edited while the read waited' });
		const joined = read();
		await clock.runUntilIdle();
		const [a, b] = await Promise.all([first, joined]);
		assert.equal(fake.requests.length, 2, 'the 429 and one retry, shared');
		assert.deepEqual([a?.values['c-title'], b?.values['c-title']], Array(2).fill('```Edited while the read waited```'));
		await read();
		assert.equal(fake.requests.length, 3, 'a read after the last one finished goes to Coda');
	});

	it('a deleted row is null for every caller sharing the read', async () => {
		const fake = fakeCoda({ rows: 3 });
		const clock = new FakeClock();
		const limiter = new RateLimiter({ requests: 1, windowMs: 1000 }, clock);
		const rows = new SharedReads<CodaRow | null>();
		const read = (rowId: string) => new CodaClient({ transport: fake.transport, limiter, rows, clock }).getRow(DOC_ID, TABLE.id, rowId, SUBJECT);
		const other = read('i-row00000');
		const gone = [read('i-missing1'), read('i-missing1')];
		await clock.runUntilIdle();
		assert.deepEqual(await Promise.all(gone), [null, null]);
		await other;
		assert.equal(fake.requests.length, 2);
	});
});
