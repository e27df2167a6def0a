// Coda's rate limits (429 with no Retry-After) and the fault controls tests use.
import assert from 'node:assert/strict';
import { afterEach, describe, it } from 'node:test';
import { startCodaEmulator, type CodaEmulator } from '../coda-emulator';
import { call, get, handBuiltDoc } from './helpers';

const TOO_MANY = { statusCode: 429, statusMessage: 'Too Many Requests', message: 'Too Many Requests' };

describe('Coda emulator: rate limits and faults', () => {
	let emu: CodaEmulator;
	afterEach(() => emu.close());

	it('limits reads to 100 per 6 s per token: the 101st gets 429 with Coda’s body and no Retry-After', async () => {
		let now = 1_000_000;
		emu = await startCodaEmulator({ doc: handBuiltDoc(), rateLimitClock: () => now });
		const statuses = [];
		for (let i = 0; i < 100; i++) statuses.push((await get(emu, '/whoami')).status);
		assert.deepEqual(new Set(statuses), new Set([200]));
		const limited = await get(emu, '/whoami');
		assert.equal(limited.status, 429);
		assert.deepEqual(limited.body, TOO_MANY);
		assert.equal(limited.headers.get('retry-after'), null);
		now += 5_999;
		assert.equal((await get(emu, '/whoami')).status, 429, 'still inside the window');
		now += 2;
		assert.equal((await get(emu, '/whoami')).status, 200, 'the window has slid past the first requests');
	});

	it('limits writes to 10 per 6 s, separately from reads', async () => {
		emu = await startCodaEmulator({ doc: handBuiltDoc(), rateLimitClock: () => 0 });
		const rows = `/docs/${emu.docId}/tables/Tasks/rows`;
		const statuses = [];
		for (let i = 0; i < 11; i++) statuses.push((await call(emu, 'PUT', `${rows}/${encodeURIComponent('Task 1')}`, { body: { row: { cells: [{ column: 'Points', value: i }] } } })).status);
		assert.deepEqual(statuses, [...Array(10).fill(202), 429]);
		assert.equal((await get(emu, rows)).status, 200);
	});

	it('serves without limits when rateLimit is false', async () => {
		emu = await startCodaEmulator({ doc: handBuiltDoc(), rateLimit: false });
		for (let i = 0; i < 110; i++) assert.equal((await get(emu, '/whoami')).status, 200);
	});

	it('injects 429 bursts, sticky 429s and 5xx, and logs every request', async () => {
		emu = await startCodaEmulator({ doc: handBuiltDoc(), rateLimit: false });
		emu.faults.burst429(2);
		assert.deepEqual([(await get(emu, '/whoami')).status, (await get(emu, '/whoami')).status, (await get(emu, '/whoami')).status], [429, 429, 200]);
		emu.faults.sticky429(true);
		for (let i = 0; i < 5; i++) assert.deepEqual((await get(emu, '/whoami')).body, TOO_MANY);
		emu.faults.sticky429(false);
		emu.faults.next5xx(2, 503);
		const failed = await get(emu, '/whoami');
		assert.deepEqual(failed.body, { statusCode: 503, statusMessage: 'Service Unavailable', message: 'Service Unavailable' });
		assert.equal((await get(emu, '/whoami')).status, 503);
		emu.faults.next5xx(1);
		assert.equal((await get(emu, '/whoami')).status, 500);
		assert.equal((await get(emu, '/whoami', { x: 1 })).status, 200);
		const log = emu.requestLog();
		assert.deepEqual(log.map((e) => e.status), [429, 429, 200, 429, 429, 429, 429, 429, 503, 503, 500, 200]);
		const { at, ...last } = log[log.length - 1];
		assert.deepEqual(last, { method: 'GET', path: '/apis/v1/whoami', query: { x: '1' }, status: 200 });
		assert.ok(at <= Date.now() && at > Date.now() - 60_000, 'stamped with its arrival time');
		emu.clearLog();
		assert.deepEqual(emu.requestLog(), []);
		assert.throws(() => emu.faults.next5xx(1, 404), /500\.\.599/);
	});

	it('drops the connection mid-response, then serves normally', async () => {
		emu = await startCodaEmulator({ doc: handBuiltDoc(), rateLimit: false });
		const rows = `/docs/${emu.docId}/tables/Tasks/rows`;
		emu.faults.dropNext(1);
		await assert.rejects(get(emu, rows, { limit: 50 }));
		assert.equal((await get(emu, rows, { limit: 50 })).body.items.length, 50);
		assert.deepEqual(emu.requestLog().map((e) => e.dropped ?? false), [true, false]);
	});

	it('delays responses with latency and clears every fault with reset', async () => {
		emu = await startCodaEmulator({ doc: handBuiltDoc(), rateLimit: false });
		emu.faults.latency(30);
		emu.faults.sticky429(true);
		emu.faults.dropNext(3);
		assert.equal((await get(emu, '/whoami')).status, 429);
		emu.faults.reset();
		assert.equal((await get(emu, '/whoami')).status, 200);
	});
});
