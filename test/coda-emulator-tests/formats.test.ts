// Column formats and table shapes as Coda's published types have them (coda/packs-sdk
// helpers/external-api/v1.ts): every format has isArray, select options are objects with colours,
// person and lookup formats carry a TableReference, tables a displayColumn; rich select values are
// wrapped like plain text; dates follow the doc's time zone.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { startCodaEmulator, type CodaEmulator, type DocSpec } from '../coda-emulator';
import { RECORDED_RICH_SELECT, RECORDED_SELECT_FORMAT } from '../coda-emulator/codaRecorded';
import { allPages, call, get, handBuiltDoc, waitForMutation } from './helpers';

const TABLE_REFERENCE_KEYS = ['browserLink', 'href', 'id', 'name', 'parent', 'tableType', 'type'];

describe('Coda emulator: column formats and table shapes', () => {
	let emu: CodaEmulator;
	let tablesById: Map<string, any>;
	const columnsOf = async (tableName: string) => {
		const id = emu.tables().find((t) => t.name === tableName)!.id;
		return new Map<string, any>((await allPages(emu, `/docs/${emu.docId}/tables/${id}/columns`, { limit: 100 })).flatMap((p) => p.items).map((c: any) => [c.name, c]));
	};
	before(async () => {
		emu = await startCodaEmulator({ doc: handBuiltDoc(), rateLimit: false });
		tablesById = new Map((await get(emu, `/docs/${emu.docId}/tables`)).body.items.map((t: any) => [t.id, t]));
	});
	after(() => emu.close());

	it('gives every column format `type` and a boolean `isArray`', async () => {
		for (const table of emu.tables()) {
			for (const col of (await columnsOf(table.name)).values()) {
				assert.equal(typeof col.format.type, 'string', `${table.name}.${col.name}`);
				assert.equal(typeof col.format.isArray, 'boolean', `${table.name}.${col.name}`);
			}
		}
		const tasks = await columnsOf('Tasks');
		assert.equal(tasks.get('Tags').format.isArray, true);
		assert.equal(tasks.get('Status').format.isArray, false);
		assert.deepEqual(tasks.get('Rating').format, { type: 'scale', isArray: false, maximum: 5, icon: 'star' });
		assert.deepEqual(tasks.get('Urgent').format, { type: 'checkbox', isArray: false, displayType: 'check' }, 'checkbox displayType is required');
	});

	it('lists select options as {name, foregroundColor, backgroundColor} objects, like the live recording', async () => {
		const status = (await columnsOf('Tasks')).get('Status').format;
		assert.deepEqual(status, {
			type: 'select', isArray: false,
			options: [
				{ name: 'todo', foregroundColor: '#8B6C1D', backgroundColor: '#FDF3D8' },
				{ name: 'doing', foregroundColor: '#A12B86', backgroundColor: '#F8E7F3' },
				{ name: 'done', foregroundColor: '#187B34', backgroundColor: '#E2F8E8' },
			],
		});
		const recordedKeys = RECORDED_SELECT_FORMAT.options.map((o) => Object.keys(o).sort());
		for (const option of status.options) {
			assert.deepEqual(Object.keys(option).sort(), recordedKeys[0]);
			assert.match(option.foregroundColor, /^#[0-9A-F]{6}$/);
			assert.match(option.backgroundColor, /^#[0-9A-F]{6}$/);
		}
		const tags = (await columnsOf('Tasks')).get('Tags').format;
		assert.deepEqual(tags.options.map((o: any) => o.name), ['a', 'b', 'c']);
	});

	it('gives person and lookup formats `table`: a TableReference, the same one listTables returns', async () => {
		const tasks = await columnsOf('Tasks');
		const projects = emu.tables().find((t) => t.name === 'Projects')!;
		const people = emu.tables().find((t) => t.name === 'People')!;
		for (const [column, target] of [['Project', projects], ['Related', projects], ['Owner', people]] as const) {
			const { table } = tasks.get(column).format;
			assert.deepEqual(Object.keys(table).sort(), TABLE_REFERENCE_KEYS, column);
			assert.deepEqual(table, tablesById.get(target.id), column);
			assert.equal(table.type, 'table');
			assert.equal(table.tableType, 'table');
			assert.equal(table.href, `${emu.baseUrl}/docs/${emu.docId}/tables/${target.id}`);
			assert.equal((await get(emu, table.href.slice(emu.baseUrl.length))).body.name, target.name);
		}
		assert.deepEqual(Object.keys(tasks.get('Owner').format).sort(), ['isArray', 'table', 'type']);
		assert.equal(tasks.get('Name').format.table, undefined, 'text columns refer to no table');
	});

	it('gives a table (getTable) displayColumn {id, type, href}; listTables items are TableReferences without it', async () => {
		for (const t of emu.tables()) {
			const table = (await get(emu, `/docs/${emu.docId}/tables/${t.id}`)).body;
			const columns = [...(await columnsOf(t.name)).values()];
			const display = columns.find((c) => c.display);
			assert.deepEqual(table.displayColumn, { id: display.id, type: 'column', href: `${emu.baseUrl}/docs/${emu.docId}/tables/${t.id}/columns/${display.id}` });
			assert.equal((await get(emu, table.displayColumn.href.slice(emu.baseUrl.length))).body.name, display.name);
			assert.deepEqual(Object.keys(tablesById.get(t.id)).sort(), TABLE_REFERENCE_KEYS);
		}
	});

	it('returns select values wrapped in triple backticks in rich format, plain in simple formats', async () => {
		const tasks = emu.tables().find((t) => t.name === 'Tasks')!.id;
		const path = `/docs/${emu.docId}/tables/${tasks}/rows`;
		const rich = (await get(emu, path, { limit: 2, valueFormat: 'rich', useColumnNames: true })).body.items[1].values;
		assert.equal(rich.Status, '```doing```');
		assert.match(RECORDED_RICH_SELECT, /^```[^`]+```$/, 'the recorded shape');
		assert.deepEqual(rich.Tags, ['```a```', '```b```']);
		const simple = (await get(emu, path, { limit: 2, useColumnNames: true })).body.items[1].values;
		assert.equal(simple.Status, 'doing');
		assert.equal(simple.Tags, 'a,b');
		const arrays = (await get(emu, path, { limit: 2, valueFormat: 'simpleWithArrays', useColumnNames: true })).body.items[1].values;
		assert.deepEqual(arrays.Tags, ['a', 'b']);
	});

	it('stores a written value that is not an option, and leaves the options as they were (as live Coda did)', async () => {
		const tasks = emu.tables().find((t) => t.name === 'Tasks')!.id;
		const path = `/docs/${emu.docId}/tables/${tasks}/rows`;
		const row = (await get(emu, path, { limit: 1 })).body.items[0];
		const put = await call(emu, 'PUT', `${path}/${row.id}`, { body: { row: { cells: [{ column: 'Status', value: 'ZZ-Unlisted' }] } } });
		await waitForMutation(emu, put.body.requestId);
		assert.equal((await get(emu, `${path}/${row.id}`, { valueFormat: 'rich', useColumnNames: true })).body.values.Status, '```ZZ-Unlisted```');
		assert.deepEqual((await columnsOf('Tasks')).get('Status').format.options.map((o: any) => o.name), ['todo', 'doing', 'done']);
	});
});

/** A one-table doc in a given zone, with dates on both sides of the DST changes. */
function zonedDoc(timeZone?: string) {
	return (): DocSpec => ({
		name: 'Zoned', timeZone,
		tables: [
			{
				name: 'Events', erpTable: 'events', rowCount: 2,
				columns: [
					{ name: 'Event', display: true, format: { type: 'text', isArray: false }, generate: (i) => `Event ${i}` },
					{ name: 'Day', format: { type: 'date', isArray: false }, generate: (i) => ['2026-03-04', '2026-04-10'][i] },
					{ name: 'At', format: { type: 'dateTime', isArray: false }, generate: (i) => [Date.UTC(2026, 2, 28, 23, 30), Date.UTC(2026, 9, 24, 22, 15)][i] },
					{ name: 'Size', format: { type: 'select', isArray: false, options: [{ name: 'S', backgroundColor: '#FFFFFF' }, { name: 'M' }] }, generate: () => 'M' },
				],
			},
		],
	});
}

describe('Coda emulator: the doc time zone', () => {
	it('renders dates as local midnight and date-times with the zone’s offset, DST-aware', async () => {
		const emu = await startCodaEmulator({ doc: zonedDoc('Europe/Berlin'), rateLimit: false });
		try {
			assert.equal(emu.timeZone, 'Europe/Berlin');
			const id = emu.tables()[0].id;
			const path = `/docs/${emu.docId}/tables/${id}/rows`;
			const rows = (await get(emu, path, { valueFormat: 'rich', useColumnNames: true })).body.items.map((r: any) => r.values);
			assert.equal(rows[0].Day, '2026-03-04T00:00:00.000+01:00');
			assert.equal(rows[1].Day, '2026-04-10T00:00:00.000+02:00');
			assert.equal(rows[0].At, '2026-03-29T00:30:00.000+01:00');
			assert.equal(rows[1].At, '2026-10-25T00:15:00.000+02:00');
			// A date written as an ISO day is that day in the doc's zone.
			const put = await call(emu, 'PUT', `${path}/${(await get(emu, path)).body.items[0].id}`, { body: { row: { cells: [{ column: 'Day', value: '2026-07-01' }, { column: 'At', value: '2026-12-31T23:59:00' }] } } });
			await waitForMutation(emu, put.body.requestId);
			const edited = (await get(emu, path, { valueFormat: 'rich', useColumnNames: true })).body.items[0].values;
			assert.equal(edited.Day, '2026-07-01T00:00:00.000+02:00');
			assert.equal(edited.At, '2026-12-31T23:59:00.000+01:00');
			// Options given as objects keep their own colours (or none).
			const size = (await get(emu, `/docs/${emu.docId}/tables/${id}/columns/Size`)).body.format;
			assert.deepEqual(size.options, [{ name: 'S', backgroundColor: '#FFFFFF' }, { name: 'M' }]);
		} finally {
			await emu.close();
		}
	});

	it('keeps America/Los_Angeles when the doc names no zone, and lets the `timeZone` option override', async () => {
		const plain = await startCodaEmulator({ doc: zonedDoc(), rateLimit: false });
		const london = await startCodaEmulator({ doc: zonedDoc('Europe/Berlin'), timeZone: 'Europe/London', rateLimit: false });
		try {
			assert.equal(plain.timeZone, 'America/Los_Angeles');
			const day = async (emu: CodaEmulator) => (await get(emu, `/docs/${emu.docId}/tables/${emu.tables()[0].id}/rows`, { valueFormat: 'rich', useColumnNames: true })).body.items[0].values.Day;
			assert.equal(await day(plain), '2026-03-04T00:00:00.000-08:00');
			assert.equal(await day(london), '2026-03-04T00:00:00.000+00:00');
		} finally {
			await plain.close();
			await london.close();
		}
		await assert.rejects(startCodaEmulator({ doc: zonedDoc('Mars/Olympus'), rateLimit: false }), /Unknown time zone "Mars\/Olympus"/);
	});

	it('refuses a person column when the doc has no people table to refer to', async () => {
		const doc = (): DocSpec => ({
			name: 'No people',
			tables: [{ name: 'T', erpTable: 't', rowCount: 1, columns: [{ name: 'Who', display: true, format: { type: 'person', isArray: false } }] }],
		});
		await assert.rejects(startCodaEmulator({ doc, rateLimit: false }), /Person column T\.Who needs a table/);
	});
});
