// Writes (202 + mutationStatus, as a person editing the doc) and sync-token deltas.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { startCodaEmulator, type CodaEmulator } from '../coda-emulator';
import { allPages, call, get, handBuiltDoc, waitForMutation } from './helpers';

describe('Coda emulator: writes and sync tokens', () => {
	let emu: CodaEmulator;
	let rowsPath: string;
	let col: (name: string) => string;
	const syncNow = async (query: Record<string, string> = {}) => {
		const pages = await allPages(emu, rowsPath, { ...query, limit: 500 });
		return pages[pages.length - 1].nextSyncToken as string;
	};
	before(async () => {
		emu = await startCodaEmulator({ doc: handBuiltDoc(), rateLimit: false });
		const tasks = emu.tables().find((t) => t.name === 'Tasks')!.id;
		rowsPath = `/docs/${emu.docId}/tables/${tasks}/rows`;
		const cols = (await allPages(emu, `/docs/${emu.docId}/tables/${tasks}/columns`)).flatMap((p) => p.items);
		col = (name) => cols.find((c: any) => c.name === name).id;
	});
	after(() => emu.close());

	it('answers an unchanged table’s delta in one request with no rows and a fresh token', async () => {
		const token = await syncNow();
		emu.clearLog();
		const res = await get(emu, rowsPath, { syncToken: token, limit: 500 });
		assert.deepEqual(res.body.items, []);
		assert.ok(res.body.nextSyncToken);
		assert.equal(res.body.nextPageToken, undefined);
		assert.equal(emu.requestLog().length, 1);
	});

	it('updates a row: 202 with requestId, then mutationStatus completed, updatedAt bumped, only it in the delta', async () => {
		const token = await syncNow();
		const before = (await get(emu, `${rowsPath}/${encodeURIComponent('Task 5')}`)).body;
		const put = await call(emu, 'PUT', `${rowsPath}/${before.id}`, { body: { row: { cells: [{ column: col('Points'), value: 99 }, { column: 'Status', value: 'done' }, { column: col('Project'), value: 'Project 7' }, { column: col('Owner'), value: 'new.person@studio.example' }] } } });
		assert.equal(put.status, 202);
		assert.match(put.body.requestId, /^mutate:[0-9a-f-]{36}$/);
		assert.equal(put.body.id, before.id);
		assert.deepEqual(await waitForMutation(emu, put.body.requestId), { completed: true });
		const after = (await get(emu, `${rowsPath}/${before.id}`, { valueFormat: 'rich' })).body;
		assert.equal(after.values[col('Points')], 99);
		assert.equal(after.values[col('Status')], '```done```');
		assert.equal(after.values[col('Project')].name, 'Project 7');
		assert.deepEqual(after.values[col('Owner')], { '@context': 'http://schema.org', '@type': 'Person', name: 'new.person', email: 'new.person@studio.example' });
		assert.ok(Date.parse(after.updatedAt) > Date.parse(before.updatedAt));
		assert.equal(after.createdAt, before.createdAt);
		const delta = await get(emu, rowsPath, { syncToken: token });
		assert.deepEqual(delta.body.items.map((r: any) => r.id), [before.id]);
	});

	it('inserts rows: addedRowIds, in the delta, createdAt after every generated row', async () => {
		const token = await syncNow();
		const post = await call(emu, 'POST', rowsPath, { body: { rows: [{ cells: [{ column: col('Name'), value: 'New A' }] }, { cells: [{ column: col('Name'), value: 'New B' }, { column: col('Tags'), value: 'a,c' }] }] } });
		assert.equal(post.status, 202);
		assert.equal(post.body.addedRowIds.length, 2);
		assert.ok(post.body.addedRowIds.every((id: string) => /^i-[A-Za-z0-9_-]{10}$/.test(id)));
		await waitForMutation(emu, post.body.requestId);
		const delta = await get(emu, rowsPath, { syncToken: token, valueFormat: 'simpleWithArrays' });
		assert.deepEqual(delta.body.items.map((r: any) => r.id), post.body.addedRowIds);
		assert.deepEqual(delta.body.items[1].values[col('Tags')], ['a', 'c']);
		const generated = (await allPages(emu, rowsPath, { limit: 500 })).flatMap((p) => p.items).filter((r: any) => !post.body.addedRowIds.includes(r.id));
		const newest = Math.max(...generated.map((r: any) => Date.parse(r.createdAt)));
		assert.ok(delta.body.items.every((r: any) => Date.parse(r.createdAt) > newest));
		const table = await get(emu, rowsPath.replace(/\/rows$/, ''));
		assert.equal(table.body.rowCount, 62);
	});

	it('upserts with keyColumns: matching rows are updated, the rest inserted', async () => {
		const token = await syncNow();
		const post = await call(emu, 'POST', rowsPath, {
			body: {
				keyColumns: [col('Name')],
				rows: [
					{ cells: [{ column: col('Name'), value: 'Task 8' }, { column: col('Points'), value: 800 }] },
					{ cells: [{ column: col('Name'), value: 'Brand new' }, { column: col('Points'), value: 1 }] },
				],
			},
		});
		assert.equal(post.status, 202);
		assert.equal(post.body.addedRowIds, undefined);
		await waitForMutation(emu, post.body.requestId);
		const delta = (await get(emu, rowsPath, { syncToken: token, useColumnNames: true })).body.items;
		assert.deepEqual(delta.map((r: any) => [r.name, r.values.Points]), [['Task 8', 800], ['Brand new', 1]]);
	});

	it('deletes rows: never in a delta, 404 afterwards, gone from listings', async () => {
		const token = await syncNow();
		const list = (await get(emu, rowsPath, { limit: 3 })).body.items;
		const one = await call(emu, 'DELETE', `${rowsPath}/${list[0].id}`);
		assert.equal(one.status, 202);
		assert.equal(one.body.id, list[0].id);
		const many = await call(emu, 'DELETE', rowsPath, { body: { rowIds: [list[1].id, list[2].id] } });
		assert.deepEqual(many.body.rowIds, [list[1].id, list[2].id]);
		await waitForMutation(emu, one.body.requestId);
		await waitForMutation(emu, many.body.requestId);
		assert.equal((await get(emu, `${rowsPath}/${list[0].id}`)).status, 404);
		assert.deepEqual((await get(emu, rowsPath, { syncToken: token })).body.items, []);
		const ids = (await allPages(emu, rowsPath, { limit: 500 })).flatMap((p) => p.items.map((r: any) => r.id));
		assert.ok(!ids.includes(list[0].id) && !ids.includes(list[2].id));
		assert.equal((await call(emu, 'DELETE', `${rowsPath}/${list[0].id}`)).status, 404);
	});

	it('rejects invalid, foreign and mismatched sync tokens with a 400 and a message', async () => {
		const bad = await get(emu, rowsPath, { syncToken: 'garbage' });
		assert.equal(bad.status, 400);
		assert.match(bad.body.message, /sync token/i);
		const filtered = await syncNow({ query: `${col('Status')}:"done"` });
		const mismatch = await get(emu, rowsPath, { syncToken: filtered });
		assert.equal(mismatch.status, 400);
		assert.match(mismatch.body.message, /different query/);
		const projects = emu.tables().find((t) => t.name === 'Projects')!.id;
		const foreign = await get(emu, `/docs/${emu.docId}/tables/${projects}/rows`, { syncToken: await syncNow() });
		assert.equal(foreign.status, 400);
		const other = await startCodaEmulator({ doc: handBuiltDoc(), rateLimit: false });
		try {
			const res = await fetch(`${other.baseUrl}${rowsPath}?syncToken=${encodeURIComponent(await syncNow())}`, { headers: { authorization: `Bearer ${other.token}` } });
			assert.equal(res.status, 400, 'a token from another emulator instance');
		} finally {
			await other.close();
		}
	});

	it('reports edits made while a full fetch was paging in the next delta', async () => {
		const first = await get(emu, rowsPath, { limit: 10 });
		const early = first.body.items[0];
		const put = await call(emu, 'PUT', `${rowsPath}/${early.id}`, { body: { row: { cells: [{ column: col('Points'), value: -1 }] } } });
		await waitForMutation(emu, put.body.requestId);
		let page = first.body;
		while (page.nextPageToken) page = (await get(emu, rowsPath, { limit: 10, pageToken: page.nextPageToken })).body;
		const delta = await get(emu, rowsPath, { syncToken: page.nextSyncToken });
		assert.deepEqual(delta.body.items.map((r: any) => r.id), [early.id]);
	});

	it('validates writes with 400s naming the problem', async () => {
		const unknown = await call(emu, 'POST', rowsPath, { body: { rows: [{ cells: [{ column: 'c-nope', value: 1 }] }] } });
		assert.equal(unknown.status, 400);
		assert.match(unknown.body.message, /rows\[0\]\.cells\[0\]\.column/);
		assert.equal(unknown.body.codaDetail.validationErrors[0].path, 'rows[0].cells[0].column');
		const calculated = await call(emu, 'PUT', `${rowsPath}/${encodeURIComponent('Task 9')}`, { body: { row: { cells: [{ column: 'Shout', value: 'x' }] } } });
		assert.equal(calculated.status, 400);
		assert.match(calculated.body.message, /calculated/);
		const notNumber = await call(emu, 'PUT', `${rowsPath}/${encodeURIComponent('Task 9')}`, { body: { row: { cells: [{ column: 'Points', value: 'many' }] } } });
		assert.equal(notNumber.status, 400);
		assert.equal((await call(emu, 'POST', rowsPath, { body: { rows: [] } })).status, 400);
		assert.equal((await call(emu, 'DELETE', rowsPath, { body: {} })).status, 400);
		const huge = await call(emu, 'POST', rowsPath, { body: { rows: [{ cells: [{ column: 'Name', value: 'x'.repeat(2.1 * 1024 * 1024) }] }] } });
		assert.equal(huge.status, 400);
		assert.match(huge.body.message, /2 MB/);
		const bigRow = await call(emu, 'POST', rowsPath, { body: { rows: [{ cells: [{ column: 'Name', value: 'x'.repeat(90 * 1024) }] }] } });
		assert.equal(bigRow.status, 400);
		assert.match(bigRow.body.message, /85 KB/);
		assert.equal((await get(emu, '/mutationStatus/mutate:unknown')).status, 404);
	});

	it('applies writes only after mutationDelayMs, reporting completed:false until then', async () => {
		const slow = await startCodaEmulator({ doc: handBuiltDoc(), rateLimit: false, mutationDelayMs: 2000 });
		try {
			const path = rowsPath;
			const res = await fetch(`${slow.baseUrl}${path}/${encodeURIComponent('Task 1')}`, {
				method: 'PUT', headers: { authorization: `Bearer ${slow.token}`, 'content-type': 'application/json' },
				body: JSON.stringify({ row: { cells: [{ column: 'Points', value: 123 }] } }),
			});
			const { requestId } = (await res.json()) as { requestId: string };
			assert.deepEqual(await (await get(slow, `/mutationStatus/${requestId}`)).body, { completed: false });
			assert.equal((await get(slow, `${path}/${encodeURIComponent('Task 1')}`, { useColumnNames: true })).body.values.Points, 1);
			await slow.mutationsSettled();
			assert.deepEqual((await get(slow, `/mutationStatus/${requestId}`)).body, { completed: true });
			assert.equal((await get(slow, `${path}/${encodeURIComponent('Task 1')}`, { useColumnNames: true })).body.values.Points, 123);
		} finally {
			await slow.close();
		}
	});

	it('reports a lookup value it could not link as a mutation warning', async () => {
		const put = await call(emu, 'PUT', `${rowsPath}/${encodeURIComponent('Task 11')}`, { body: { row: { cells: [{ column: 'Project', value: 'No such project' }] } } });
		const status = await waitForMutation(emu, put.body.requestId);
		assert.match(status.warning, /No such project/);
	});
});
