// Contract tests: the emulator answers with the shapes of Coda's API v1 reference.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { startCodaEmulator, type CodaEmulator } from '../coda-emulator';
import { allPages, call, get, handBuiltDoc } from './helpers';

const ERROR_KEYS = ['message', 'statusCode', 'statusMessage'];

describe('Coda emulator: auth, whoami, docs, tables, columns', () => {
	let emu: CodaEmulator;
	before(async () => {
		emu = await startCodaEmulator({ doc: handBuiltDoc(), rateLimit: false });
	});
	after(() => emu.close());

	it('answers 401 with Coda’s error body without or with a wrong token', async () => {
		for (const token of [null, 'wrong']) {
			const res = await call(emu, 'GET', '/whoami', { token });
			assert.equal(res.status, 401);
			assert.deepEqual(res.body, { statusCode: 401, statusMessage: 'Unauthorized', message: 'Unauthorized' });
		}
	});

	it('serves /whoami', async () => {
		const res = await get(emu, '/whoami');
		assert.equal(res.status, 200);
		assert.equal(res.body.type, 'user');
		assert.equal(res.body.scoped, false);
		assert.equal(res.body.loginId, 'emulator@example.com');
		assert.equal(res.body.href, `${emu.baseUrl}/whoami`);
		assert.equal(res.body.workspace.type, 'workspace');
		assert.ok(res.body.tokenName);
	});

	it('lists the doc and 404s an unknown one with Coda’s error body', async () => {
		const docs = await get(emu, '/docs');
		assert.deepEqual(docs.body.items.map((d: any) => d.id), [emu.docId]);
		assert.equal(docs.body.items[0].type, 'doc');
		const missing = await get(emu, '/docs/nope/tables');
		assert.equal(missing.status, 404);
		assert.deepEqual(Object.keys(missing.body).sort(), ERROR_KEYS);
		assert.equal(missing.body.statusMessage, 'Not Found');
	});

	it('lists tables with paging and references shaped like Coda’s', async () => {
		const pages = await allPages(emu, `/docs/${emu.docId}/tables`, { limit: 2 });
		assert.equal(pages.length, 2);
		assert.ok(pages[0].nextPageLink.includes('pageToken='));
		assert.equal(pages[1].nextPageToken, undefined);
		const items = pages.flatMap((p) => p.items);
		assert.deepEqual(items.map((t: any) => t.name), ['Projects', 'Tasks', 'Wide', 'People']);
		const tasks = items[1];
		assert.match(tasks.id, /^grid-[A-Za-z0-9_-]{10}$/);
		assert.equal(tasks.type, 'table');
		assert.equal(tasks.tableType, 'table');
		assert.equal(tasks.href, `${emu.baseUrl}/docs/${emu.docId}/tables/${tasks.id}`);
		assert.match(tasks.browserLink, /^https:\/\/coda\.io\/d\/_d/);
		assert.equal(tasks.parent.type, 'page');
		assert.match(tasks.parent.id, /^canvas-/);
		const views = await get(emu, `/docs/${emu.docId}/tables`, { tableTypes: 'view' });
		assert.deepEqual(views.body.items, []);
		const sorted = await get(emu, `/docs/${emu.docId}/tables`, { sortBy: 'name', unknownParam: 'x' });
		assert.equal(sorted.status, 200);
	});

	it('gets a table by id or name with its details', async () => {
		const byName = await get(emu, `/docs/${emu.docId}/tables/${encodeURIComponent('Tasks')}`);
		const byId = await get(emu, `/docs/${emu.docId}/tables/${byName.body.id}`);
		assert.deepEqual(byId.body, byName.body);
		assert.equal(byId.body.rowCount, 60);
		assert.equal(byId.body.layout, 'default');
		assert.deepEqual(byId.body.sorts, []);
		assert.equal(byId.body.displayColumn.type, 'column');
		assert.ok(Date.parse(byId.body.createdAt) && Date.parse(byId.body.updatedAt));
		assert.equal((await get(emu, `/docs/${emu.docId}/tables/Nope`)).status, 404);
	});

	it('lists columns with formats, lookup targets, and at most 100 per page', async () => {
		const tasks = emu.tables().find((t) => t.name === 'Tasks')!;
		const projects = emu.tables().find((t) => t.name === 'Projects')!;
		const res = await get(emu, `/docs/${emu.docId}/tables/${tasks.id}/columns`, { limit: 100 });
		const byName = new Map(res.body.items.map((c: any) => [c.name, c]));
		const name: any = byName.get('Name');
		assert.match(name.id, /^c-[A-Za-z0-9_-]{10}$/);
		assert.equal(name.display, true);
		assert.deepEqual((byName.get('Budget') as any).format, { type: 'currency', isArray: false, currencyCode: 'USD', precision: 2 });
		const lookup: any = byName.get('Project');
		assert.equal(lookup.format.type, 'lookup');
		assert.equal(lookup.format.table.id, projects.id);
		assert.equal(lookup.format.table.type, 'table');
		assert.equal((byName.get('Related') as any).format.isArray, true);
		assert.equal((byName.get('Shout') as any).calculated, true);
		assert.equal((byName.get('Shout') as any).formula, 'Upper(thisRow.Name)');

		const wide = emu.tables().find((t) => t.name === 'Wide')!;
		const wideFirst = await get(emu, `/docs/${emu.docId}/tables/${wide.id}/columns`, { limit: 500 });
		assert.equal(wideFirst.body.items.length, 100);
		const widePages = await allPages(emu, `/docs/${emu.docId}/tables/${wide.id}/columns`, { limit: 500 });
		assert.deepEqual(widePages.map((p) => p.items.length), [100, 30]);
		assert.equal(new Set(widePages.flatMap((p) => p.items.map((c: any) => c.id))).size, 130);
		const defaults = await get(emu, `/docs/${emu.docId}/tables/${wide.id}/columns`);
		assert.equal(defaults.body.items.length, 25);
	});

	it('hides hidden columns with visibleOnly and serves one column with its parent', async () => {
		const projects = emu.tables().find((t) => t.name === 'Projects')!;
		const all = await get(emu, `/docs/${emu.docId}/tables/${projects.id}/columns`);
		const visible = await get(emu, `/docs/${emu.docId}/tables/${projects.id}/columns`, { visibleOnly: true });
		assert.deepEqual(all.body.items.map((c: any) => c.name), ['Name', 'Status', 'Hidden Note']);
		assert.deepEqual(visible.body.items.map((c: any) => c.name), ['Name', 'Status']);
		const one = await get(emu, `/docs/${emu.docId}/tables/${projects.id}/columns/${encodeURIComponent('Status')}`);
		assert.equal(one.body.id, all.body.items[1].id);
		assert.equal(one.body.parent.id, projects.id);
		assert.equal((await get(emu, `/docs/${emu.docId}/tables/${projects.id}/columns/c-missing`)).status, 404);
	});
});
