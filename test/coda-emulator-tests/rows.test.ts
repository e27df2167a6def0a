// Contract tests for reading rows: paging, value formats, filters, names, single rows.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { startCodaEmulator, type CodaEmulator } from '../coda-emulator';
import { allPages, get, handBuiltDoc } from './helpers';

describe('Coda emulator: rows', () => {
	let emu: CodaEmulator;
	let tasks: string;
	let projects: string;
	let rowsPath: string;
	let columnId: (name: string) => string;
	before(async () => {
		emu = await startCodaEmulator({ doc: handBuiltDoc(), rateLimit: false, maxPageSize: 20 });
		tasks = emu.tables().find((t) => t.name === 'Tasks')!.id;
		projects = emu.tables().find((t) => t.name === 'Projects')!.id;
		rowsPath = `/docs/${emu.docId}/tables/${tasks}/rows`;
		const cols = (await get(emu, `/docs/${emu.docId}/tables/${tasks}/columns`, { limit: 100 })).body.items;
		columnId = (name) => cols.find((c: any) => c.name === name).id;
	});
	after(() => emu.close());

	it('pages through every row exactly once, in createdAt order, clamping limit silently', async () => {
		const pages = await allPages(emu, rowsPath, { limit: 1000, valueFormat: 'rich' });
		assert.deepEqual(pages.map((p) => p.items.length), [20, 20, 20]);
		const rows = pages.flatMap((p) => p.items);
		assert.equal(new Set(rows.map((r: any) => r.id)).size, 60);
		assert.deepEqual(rows.map((r: any) => r.name), Array.from({ length: 60 }, (_, i) => `Task ${i}`));
		const created = rows.map((r: any) => Date.parse(r.createdAt));
		assert.deepEqual([...created].sort((a, b) => a - b), created);
		assert.ok(pages.slice(0, -1).every((p) => p.nextPageToken && !p.nextSyncToken));
		const last = pages[pages.length - 1];
		assert.equal(last.nextPageToken, undefined);
		assert.equal(last.nextPageLink, undefined);
		assert.ok(last.nextSyncToken);
		assert.equal((await get(emu, rowsPath)).body.items.length, 20, 'default limit 25 clamped to 20');
	});

	it('serves a row shaped like Coda’s, and the next page from nextPageLink alone', async () => {
		const first = await get(emu, rowsPath, { limit: 2, valueFormat: 'rich' });
		const row = first.body.items[0];
		assert.deepEqual(Object.keys(row).sort(), ['browserLink', 'createdAt', 'href', 'id', 'index', 'name', 'type', 'updatedAt', 'values']);
		assert.match(row.id, /^i-[A-Za-z0-9_-]{10}$/);
		assert.equal(row.type, 'row');
		assert.equal(row.index, 0);
		assert.equal(row.href, `${emu.baseUrl}${rowsPath}/${row.id}`);
		const res = await fetch(first.body.nextPageLink, { headers: { authorization: `Bearer ${emu.token}` } });
		const next: any = await res.json();
		assert.deepEqual(next.items.map((r: any) => r.name), ['Task 2', 'Task 3']);
		assert.equal(typeof next.items[0].values[columnId('Budget')], 'object', 'valueFormat carried by the token');
	});

	it('renders every type in rich format with Coda’s JSON-LD shapes', async () => {
		const res = await get(emu, rowsPath, { limit: 2, valueFormat: 'rich' });
		const v = (name: string, i = 1) => res.body.items[i].values[columnId(name)];
		assert.equal(v('Name'), '```Task 1```');
		assert.equal(v('Notes'), '**Bold** note 1');
		assert.equal(v('Notes', 0), '```plain note 0```');
		assert.equal(v('Status'), '```doing```', 'a select value is wrapped like plain text');
		assert.deepEqual(v('Tags'), ['```a```', '```b```']);
		assert.equal(v('Points'), 1);
		assert.equal(v('Progress'), 0.25);
		assert.equal(v('Effort'), 7);
		assert.equal(v('Rating'), 4);
		assert.deepEqual(v('Budget'), { '@context': 'http://schema.org', '@type': 'MonetaryAmount', currency: 'USD', amount: 1234.5 });
		assert.equal(v('Due'), '2026-01-31T00:00:00.000-08:00');
		assert.equal(v('Done At'), '2026-01-31T14:30:00.000-08:00');
		assert.equal(v('Standup'), '14:30:00');
		assert.equal(v('Spent'), '1 hr 30 mins');
		assert.deepEqual(v('Owner'), { '@context': 'http://schema.org', '@type': 'Person', name: 'Ada Adler', email: 'ada.adler@studio.example' });
		assert.equal(v('Contact'), 'client@client-mail.example');
		assert.deepEqual(v('Site'), { '@context': 'http://schema.org', '@type': 'WebPage', name: 'Example', url: 'https://www.example.com/x' });
		assert.deepEqual(v('Logo'), { '@context': 'http://schema.org', '@type': 'ImageObject', name: 'logo.png', url: 'https://images.example.com/logo.png', width: 64, height: 32, status: 'live' });
		assert.deepEqual(v('Files'), [{ '@context': 'http://schema.org', '@type': 'ImageObject', name: 'spec.pdf', url: 'https://codahosted.io/docs/x/blobs/bl-1/spec.pdf', status: 'live' }]);
		assert.equal(v('Urgent'), false);
		const lookup = v('Project');
		assert.deepEqual(Object.keys(lookup).sort(), ['@context', '@type', 'additionalType', 'name', 'rowId', 'tableId', 'tableUrl', 'url']);
		assert.equal(lookup['@type'], 'StructuredValue');
		assert.equal(lookup.additionalType, 'row');
		assert.equal(lookup.name, 'Project 1');
		assert.equal(lookup.tableId, projects);
		assert.equal(lookup.tableUrl, `https://coda.io/d/_d${emu.docId}/${projects}`);
		assert.deepEqual(v('Related').map((r: any) => r.name), ['Project 1', 'Project 2']);
		assert.equal(v('Brief'), '# Heading\n\nSome *text*');
		assert.equal(v('Go'), 'Go');
		assert.deepEqual(v('Votes'), [{ '@context': 'http://schema.org', '@type': 'Person', name: 'Ada Adler', email: 'ada.adler@studio.example' }]);
		assert.equal(v('Shout'), '```TASK 1```');
	});

	it('renders simple and simpleWithArrays: scalars, lists joined or as arrays', async () => {
		for (const valueFormat of ['simple', 'simpleWithArrays']) {
			const res = await get(emu, rowsPath, { limit: 2, valueFormat });
			const v = (name: string) => res.body.items[1].values[columnId(name)];
			assert.equal(v('Name'), 'Task 1');
			assert.equal(v('Notes'), 'Bold note 1');
			assert.equal(v('Budget'), '$1,234.50');
			assert.equal(v('Owner'), 'Ada Adler');
			assert.equal(v('Project'), 'Project 1');
			assert.equal(v('Site'), 'https://www.example.com/x');
			assert.equal(v('Logo'), 'https://images.example.com/logo.png');
			assert.equal(v('Urgent'), false);
			assert.equal(v('Due'), '2026-01-31T00:00:00.000-08:00');
			if (valueFormat === 'simple') {
				assert.equal(v('Tags'), 'a,b');
				assert.equal(v('Related'), 'Project 1,Project 2');
			} else {
				assert.deepEqual(v('Tags'), ['a', 'b']);
				assert.deepEqual(v('Related'), ['Project 1', 'Project 2']);
			}
		}
		assert.equal((await get(emu, rowsPath, { valueFormat: 'fancy' })).status, 400);
	});

	it('returns empty cells as "" (lists: [] outside simple)', async () => {
		const rich = await get(emu, rowsPath, { limit: 5, valueFormat: 'rich' });
		const simple = await get(emu, rowsPath, { limit: 5 });
		assert.equal(rich.body.items[3].values[columnId('Notes')], '');
		assert.deepEqual(rich.body.items[4].values[columnId('Tags')], []);
		assert.equal(simple.body.items[4].values[columnId('Tags')], '');
	});

	it('filters with query by column id or quoted name, keeps paging within the filter', async () => {
		const byId = await allPages(emu, rowsPath, { query: `${columnId('Status')}:"done"`, limit: 7 });
		const rows = byId.flatMap((p) => p.items);
		assert.equal(rows.length, 20);
		assert.ok(rows.every((r: any) => r.values[columnId('Status')] === 'done'));
		const byName = await get(emu, rowsPath, { query: '"Points":42' });
		assert.deepEqual(byName.body.items.map((r: any) => r.name), ['Task 42']);
		const lookup = await get(emu, rowsPath, { query: '"Project":"Project 3"' });
		assert.deepEqual(lookup.body.items.map((r: any) => r.name), ['Task 3', 'Task 33']);
		assert.equal((await get(emu, rowsPath, { query: 'Points:42' })).status, 400, 'an unquoted name is not a column id');
		assert.equal((await get(emu, rowsPath, { query: '"Points":not-json' })).status, 400);
	});

	it('keys values by column name with useColumnNames and hides hidden columns with visibleOnly', async () => {
		const named = await get(emu, rowsPath, { useColumnNames: true, limit: 1 });
		assert.equal(named.body.items[0].values.Name, 'Task 0');
		const projectRows = `/docs/${emu.docId}/tables/${projects}/rows`;
		const all = await get(emu, projectRows, { useColumnNames: true, limit: 1 });
		const visible = await get(emu, projectRows, { useColumnNames: true, limit: 1, visibleOnly: true });
		assert.deepEqual(Object.keys(all.body.items[0].values), ['Name', 'Status', 'Hidden Note']);
		assert.deepEqual(Object.keys(visible.body.items[0].values), ['Name', 'Status']);
	});

	it('validates sortBy, page tokens and their parameters', async () => {
		const bad = await get(emu, rowsPath, { sortBy: 'natural', visibleOnly: false });
		assert.equal(bad.status, 400);
		assert.match(bad.body.message, /natural/);
		assert.equal((await get(emu, rowsPath, { sortBy: 'natural' })).status, 200);
		assert.equal((await get(emu, rowsPath, { sortBy: 'name' })).status, 400);
		const malformed = await get(emu, rowsPath, { pageToken: 'not-a-token' });
		assert.equal(malformed.status, 400);
		assert.match(malformed.body.message, /page token/i);
		const first = await get(emu, rowsPath, { query: `${columnId('Status')}:"done"`, limit: 5 });
		const changed = await get(emu, rowsPath, { query: `${columnId('Status')}:"todo"`, pageToken: first.body.nextPageToken });
		assert.equal(changed.status, 400);
		const otherTable = await get(emu, `/docs/${emu.docId}/tables/${projects}/rows`, { pageToken: first.body.nextPageToken });
		assert.equal(otherTable.status, 400);
		assert.equal((await get(emu, rowsPath, { limit: 0 })).status, 400);
	});

	it('sorts by updatedAt with every row exactly once', async () => {
		const pages = await allPages(emu, rowsPath, { sortBy: 'updatedAt', limit: 20 });
		const rows = pages.flatMap((p) => p.items);
		assert.equal(new Set(rows.map((r: any) => r.id)).size, 60);
		const updated = rows.map((r: any) => Date.parse(r.updatedAt));
		assert.deepEqual([...updated].sort((a, b) => a - b), updated);
	});

	it('gets one row by id or name with its parent table; 404 for a missing one', async () => {
		const list = await get(emu, rowsPath, { limit: 1 });
		const id = list.body.items[0].id;
		const byId = await get(emu, `${rowsPath}/${id}`, { valueFormat: 'rich' });
		assert.equal(byId.body.id, id);
		assert.equal(byId.body.parent.id, tasks);
		assert.equal(byId.body.parent.type, 'table');
		const byName = await get(emu, `${rowsPath}/${encodeURIComponent('Task 0')}`);
		assert.equal(byName.body.id, id);
		const missing = await get(emu, `${rowsPath}/i-doesnotexi`);
		assert.equal(missing.status, 404);
		assert.equal(missing.body.statusCode, 404);
	});
});
