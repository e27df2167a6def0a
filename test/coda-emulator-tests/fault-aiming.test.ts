// The controls the Coda fault suite (test/e2e/codaFaults.test.ts) relies on: faults aimed at the
// requests a filter matches (a later page of a listing), sync tokens that expire, and a UI edit the
// API shows only later, with the edit's time.
import assert from 'node:assert/strict';
import { afterEach, describe, it } from 'node:test';
import { startCodaEmulator, type CodaEmulator } from '../coda-emulator';
import { get, handBuiltDoc } from './helpers';

describe('Coda emulator: aimed faults, expiring sync tokens, edits shown late', () => {
	let emu: CodaEmulator;
	afterEach(() => emu.close());
	const rows = () => `/docs/${emu.docId}/tables/Tasks/rows`;

	it('aims 429s, 5xx and drops at the requests a filter matches; the others pass untouched', async () => {
		emu = await startCodaEmulator({ doc: handBuiltDoc({ tasks: 6 }), rateLimit: false });
		const laterPage = (r: { query: Record<string, string> }) => 'pageToken' in r.query;
		emu.faults.burst429(2, laterPage);
		emu.faults.next5xx(1, 502, laterPage);
		emu.faults.dropNext(1, laterPage);
		const first = await get(emu, rows(), { limit: 3 });
		assert.equal(first.status, 200, 'page 1 is not aimed at');
		assert.equal((await get(emu, '/whoami')).status, 200);
		const next = { limit: 3, pageToken: first.body.nextPageToken as string };
		assert.deepEqual([(await get(emu, rows(), next)).status, (await get(emu, rows(), next)).status, (await get(emu, rows(), next)).status], [429, 429, 502]);
		await assert.rejects(get(emu, rows(), next));
		const page2 = await get(emu, rows(), next);
		assert.equal(page2.status, 200);
		assert.equal(page2.body.items.length, 3);
		assert.deepEqual(emu.requestLog().map((e) => [e.status, e.dropped ?? false]), [[200, false], [200, false], [429, false], [429, false], [502, false], [200, true], [200, false]]);
	});

	it('expires every sync token issued so far with 410 (or 400); a token issued after works', async () => {
		emu = await startCodaEmulator({ doc: handBuiltDoc({ tasks: 3 }), rateLimit: false });
		const token = (await get(emu, rows(), { limit: 10 })).body.nextSyncToken as string;
		assert.equal((await get(emu, rows(), { syncToken: token })).status, 200);
		emu.expireSyncTokens(410);
		const expired = await get(emu, rows(), { syncToken: token });
		assert.deepEqual(expired.body, { statusCode: 410, statusMessage: 'Gone', message: 'The sync token has expired: list the table without it to get a new one.' });
		const fresh = (await get(emu, rows(), { limit: 10 })).body.nextSyncToken as string;
		assert.deepEqual((await get(emu, rows(), { syncToken: fresh })).body.items, []);
		emu.expireSyncTokens(400);
		assert.equal((await get(emu, rows(), { syncToken: fresh })).status, 400);
		assert.equal((await get(emu, rows(), { syncToken: token })).status, 410, 'a token keeps the status it expired with');
		assert.throws(() => emu.expireSyncTokens(404 as 400), /400 or 410/);
	});

	it('shows an edit made with visibleAfterMs only later, with the time it was made, and in the next delta', async () => {
		emu = await startCodaEmulator({ doc: handBuiltDoc({ tasks: 3 }), rateLimit: false });
		const listing = (await get(emu, rows(), { limit: 10, valueFormat: 'simple', useColumnNames: true })).body;
		const before = { body: listing.items[1] as { id: string; updatedAt: string; values: Record<string, unknown> } };
		assert.equal(before.body.values.Name, 'Task 1');
		const token = listing.nextSyncToken as string;
		const editedAfter = Date.now();
		emu.editCell('Tasks', 'Task 1', 'Points', 99, { visibleAfterMs: 200 });
		const editedBefore = Date.now();
		const early = await get(emu, `${rows()}/${before.body.id}`, { valueFormat: 'simple', useColumnNames: true });
		assert.deepEqual([early.body.values.Points, early.body.updatedAt], [before.body.values.Points, before.body.updatedAt], 'not shown yet');
		assert.deepEqual((await get(emu, rows(), { syncToken: token })).body.items, [], 'not in a delta yet');
		await emu.mutationsSettled();
		const late = await get(emu, `${rows()}/${before.body.id}`, { valueFormat: 'simple', useColumnNames: true });
		assert.equal(late.body.values.Points, 99);
		const updatedAt = Date.parse(late.body.updatedAt);
		assert.ok(updatedAt >= editedAfter && updatedAt <= editedBefore + 1, `updatedAt is when the edit was made (${late.body.updatedAt})`);
		assert.deepEqual((await get(emu, rows(), { syncToken: token })).body.items.map((r: { id: string }) => r.id), [before.body.id]);
	});
});
