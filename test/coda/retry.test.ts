import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { CodaClient, type CodaResponse, type CodaTransport } from '../../nodes/shared/coda/client';
import { CodaHttpError, CodaRetryExhaustedError } from '../../nodes/shared/coda/errors';
import { type RetryPolicy, transientNetworkProblem } from '../../nodes/shared/coda/retry';
import { fetchTable } from '../../nodes/shared/coda/tableFetch';
import { FakeClock } from './fakeClock';
import { TABLE, fakeCoda } from './fakeCoda';

const TINY: RetryPolicy = { maxAttempts: 6, maxTotalMs: 60_000, baseDelayMs: 100, maxDelayMs: 2000 };
const TOO_MANY: CodaResponse = {
	statusCode: 429,
	body: { statusCode: 429, statusMessage: 'Too Many Requests', message: 'Too Many Requests' },
};

function setup(retry: RetryPolicy = TINY) {
	const fake = fakeCoda({ rows: 30 });
	const clock = FakeClock.instant();
	// random() = 1: every backoff is its upper bound, so the schedule is exact.
	const client = new CodaClient({ transport: fake.transport, retry, clock, random: () => 1 });
	return { fake, clock, client };
}

function networkError(code: string, message = 'read ECONNRESET'): Error {
	return Object.assign(new Error(message), { code });
}

describe('retries', () => {
	it('absorbs a burst of 429s with exponential backoff and counts them', async () => {
		const { fake, clock, client } = setup();
		fake.script.push(TOO_MANY, TOO_MANY, TOO_MANY);
		const { summary } = await fetchTable(client, { docId: 'doc1', table: TABLE.id, mode: 'allRows' });
		assert.equal(summary.rowCount, 30);
		assert.equal(summary.retried429, 3);
		assert.equal(summary.retriedOther, 0);
		assert.equal(summary.requests, 6, '3 rejected + table + columns + 1 page');
		assert.deepEqual(clock.sleeps, [100, 200, 400]);
	});

	it('draws a 5xx backoff with full jitter between 0 and the exponential bound', async () => {
		const fake = fakeCoda({ rows: 1 });
		const clock = FakeClock.instant();
		const client = new CodaClient({ transport: fake.transport, retry: TINY, clock, random: () => 0.25 });
		fake.script.push({ statusCode: 503, body: 'busy' }, { statusCode: 502, body: 'busy' });
		await client.getTable('doc1', TABLE.id);
		assert.deepEqual(clock.sleeps, [25, 50]);
	});

	it('waits at least half the bound after a 429, so a retry never lands in the same rate window', async () => {
		const fake = fakeCoda({ rows: 1 });
		const clock = FakeClock.instant();
		const client = new CodaClient({ transport: fake.transport, retry: TINY, clock, random: () => 0 });
		fake.script.push(TOO_MANY, TOO_MANY, TOO_MANY);
		await client.getTable('doc1', TABLE.id);
		assert.deepEqual(clock.sleeps, [50, 100, 200]);
	});

	it('ends a sticky 429 with an error naming the table, the attempts and the time', async () => {
		const fake = fakeCoda({ rows: 30 });
		const sticky: CodaTransport = async (request) => (request.path.endsWith('/rows') ? TOO_MANY : fake.transport(request));
		const client = new CodaClient({ transport: sticky, retry: TINY, clock: FakeClock.instant(), random: () => 1 });
		await assert.rejects(fetchTable(client, { docId: 'doc1', table: TABLE.id, mode: 'allRows' }), (error: Error) => {
			assert.ok(error instanceof CodaRetryExhaustedError);
			assert.equal(
				error.message,
				'Coda kept answering 429 Too Many Requests for table Tasks (grid-Tasks00001) after 6 attempts over 3.1 s',
			);
			assert.equal(error.statusCode, 429);
			return true;
		});
		assert.equal(client.stats.retried429, 5);
	});

	it('stops at the total time bound before the attempt bound', async () => {
		const { fake, client } = setup({ maxAttempts: 50, maxTotalMs: 1000, baseDelayMs: 100, maxDelayMs: 5000 });
		for (let n = 0; n < 50; n++) fake.script.push(TOO_MANY);
		await assert.rejects(client.getTable('doc1', TABLE.id), /after 4 attempts over 0\.7 s$/);
		assert.equal(fake.requests.length, 4);
	});

	it('retries 5xx and dropped connections, counted apart from 429s', async () => {
		const { fake, client } = setup();
		fake.script.push(
			{ statusCode: 503, body: '<html>Service Unavailable</html>' },
			networkError('ECONNRESET'),
			Object.assign(new Error('socket hang up'), { code: 'ECONNRESET' }),
			TOO_MANY,
		);
		const { summary } = await fetchTable(client, { docId: 'doc1', table: TABLE.id, mode: 'allRows' });
		assert.equal(summary.rowCount, 30);
		assert.equal(summary.retriedOther, 3);
		assert.equal(summary.retried429, 1);
	});

	it('retries a 200 whose body was cut off mid-way', async () => {
		const { fake, client } = setup();
		fake.script.push({ statusCode: 200, body: '{"id":"grid-Tasks00001","na' });
		const table = await client.getTable('doc1', TABLE.id);
		assert.equal(table.name, 'Tasks');
		assert.equal(client.stats.retriedOther, 1);
	});

	it('names a persistent network failure in words that n8n will not replace', async () => {
		const { fake, client } = setup({ ...TINY, maxAttempts: 2 });
		fake.script.push(networkError('ECONNRESET'), networkError('ECONNRESET'));
		await assert.rejects(
			client.getTable('doc1', TABLE.id),
			/^CodaRetryExhaustedError: Coda kept dropping the connection \(connection reset\) for table grid-Tasks00001 in doc doc1 after 2 attempts/,
		);
	});

	it('fails at once on other 4xx with Coda’s message', async () => {
		const { fake, client } = setup();
		fake.script.push({
			statusCode: 403,
			body: { statusCode: 403, statusMessage: 'Forbidden', message: 'This token does not have access to the doc' },
		});
		await assert.rejects(client.getTable('doc1', TABLE.id), (error: Error) => {
			assert.ok(error instanceof CodaHttpError);
			assert.equal(
				error.message,
				'Coda answered 403 for table grid-Tasks00001 in doc doc1: This token does not have access to the doc',
			);
			return true;
		});
		assert.equal(fake.requests.length, 1);
	});

	it('does not retry errors that are not network failures', async () => {
		const { fake, client } = setup();
		fake.script.push(new TypeError('Invalid URL'));
		await assert.rejects(client.getTable('doc1', TABLE.id), /Invalid URL/);
		assert.equal(fake.requests.length, 1);
	});

	it('finds transient causes inside wrapped errors', () => {
		const wrapped = Object.assign(new Error('The connection to the server was closed unexpectedly'), {
			cause: networkError('ETIMEDOUT', 'timeout of 60000ms exceeded'),
		});
		assert.equal(transientNetworkProblem(wrapped), 'connection timed out');
		assert.equal(transientNetworkProblem(new Error('Bad credentials')), null);
		assert.equal(transientNetworkProblem(Object.assign(new Error('x'), { code: 'toString' })), null);
	});
});
