// Test controls that change the doc as a person would in Coda's UI (column renames, new and
// removed columns, select options, table renames, cell edits, row deletes), and the
// `npm run coda-emulator` CLI.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { startCodaEmulator, type CodaEmulator } from '../coda-emulator';
import { allPages, call, get, handBuiltDoc, waitForMutation, withEmulatorCli } from './helpers';

describe('Coda emulator: column changes made in Coda', () => {
	let emu: CodaEmulator;
	let tableId: string;
	let columnsPath: string;
	let rowsPath: string;
	before(async () => {
		emu = await startCodaEmulator({ doc: handBuiltDoc(), rateLimit: false });
		tableId = emu.tables().find((t) => t.name === 'Tasks')!.id;
		columnsPath = `/docs/${emu.docId}/tables/${tableId}/columns`;
		rowsPath = `/docs/${emu.docId}/tables/${tableId}/rows`;
	});
	after(() => emu.close());

	it('renames a column: same id, new name, values still keyed by the id; formulas keep working', async () => {
		const before = (await get(emu, `${columnsPath}/${encodeURIComponent('Name')}`)).body;
		const rowBefore = (await get(emu, rowsPath, { limit: 1 })).body.items[0];
		emu.renameColumn('Tasks', before.id, 'Title');
		const after = (await get(emu, `${columnsPath}/${before.id}`)).body;
		assert.equal(after.name, 'Title');
		assert.equal((await get(emu, `${columnsPath}/${encodeURIComponent('Name')}`)).status, 404);
		const rowAfter = (await get(emu, rowsPath, { limit: 1 })).body.items[0];
		assert.equal(rowAfter.values[before.id], rowBefore.values[before.id]);
		assert.equal(rowAfter.updatedAt, rowBefore.updatedAt, 'a rename edits no row');
		const named = (await get(emu, rowsPath, { limit: 1, useColumnNames: true })).body.items[0].values;
		assert.equal(named.Title, 'Task 0');
		assert.equal(named.Shout, 'TASK 0');
		assert.throws(() => emu.renameColumn('Tasks', 'Title', 'Status'), /already has a column named "Status"/);
		assert.throws(() => emu.renameColumn('Tasks', 'Nope', 'X'), /Column "Nope" was not found/);
	});

	it('adds a column (empty for existing rows, writable) and removes one', async () => {
		const id = emu.addColumn(tableId, { name: 'Sprint Goal', format: { type: 'text' } });
		assert.match(id, /^c-[A-Za-z0-9_-]{10}$/);
		const listed = (await get(emu, columnsPath, { limit: 100 })).body.items;
		assert.deepEqual(listed.find((c: any) => c.id === id).format, { type: 'text', isArray: false });
		const row = (await get(emu, rowsPath, { limit: 1 })).body.items[0];
		assert.equal(row.values[id], '');
		const put = await call(emu, 'PUT', `${rowsPath}/${row.id}`, { body: { row: { cells: [{ column: id, value: 'Ship it' }] } } });
		await waitForMutation(emu, put.body.requestId);
		assert.equal((await get(emu, `${rowsPath}/${row.id}`)).body.values[id], 'Ship it');

		emu.removeColumn('Tasks', 'Sprint Goal');
		assert.equal((await get(emu, `${columnsPath}/${id}`)).status, 404);
		assert.ok(!(id in (await get(emu, `${rowsPath}/${row.id}`)).body.values));
		assert.equal(emu.tables().find((t) => t.id === tableId)!.rowCount, 60);
	});
});

describe('Coda emulator: doc changes between two runs (controls)', () => {
	let emu: CodaEmulator;
	let tasksId: string;
	let rowsPath: string;
	const syncNow = async () => {
		const pages = await allPages(emu, rowsPath, { limit: 500 });
		return pages[pages.length - 1].nextSyncToken as string;
	};
	const delta = async (token: string) => (await get(emu, rowsPath, { syncToken: token, limit: 500, useColumnNames: true, valueFormat: 'rich' })).body.items;
	before(async () => {
		emu = await startCodaEmulator({ doc: handBuiltDoc(), rateLimit: false });
		tasksId = emu.tables().find((t) => t.name === 'Tasks')!.id;
		rowsPath = `/docs/${emu.docId}/tables/${tasksId}/rows`;
	});
	after(() => emu.close());

	it('adds a select option (listed last, with colours) and rows can use it', async () => {
		const token = await syncNow();
		const added = emu.addSelectOption('Tasks', 'Status', 'Waiting on client');
		assert.deepEqual(added, { name: 'Waiting on client', foregroundColor: '#0F58BD', backgroundColor: '#DDEDFD' });
		const own = emu.addSelectOption(tasksId, 'Status', { name: '🚀 Shipped', foregroundColor: '#FFFFFF', backgroundColor: '#000000' });
		assert.deepEqual(own, { name: '🚀 Shipped', foregroundColor: '#FFFFFF', backgroundColor: '#000000' });
		const format = (await get(emu, `/docs/${emu.docId}/tables/${tasksId}/columns/Status`)).body.format;
		assert.deepEqual(format.options.map((o: any) => o.name), ['todo', 'doing', 'done', 'Waiting on client', '🚀 Shipped']);
		assert.deepEqual(format.options[3], added);
		assert.throws(() => emu.addSelectOption('Tasks', 'Status', 'done'), /already has the option "done"/);
		assert.throws(() => emu.addSelectOption('Tasks', 'Points', 'x'), /is a number column, not a select/);

		// A row written with it through the API, and one added with the control.
		const post = await call(emu, 'POST', rowsPath, { body: { rows: [{ cells: [{ column: 'Name', value: 'Chase Okapi' }, { column: 'Status', value: 'Waiting on client' }] }] } });
		await waitForMutation(emu, post.body.requestId);
		const id = emu.addRow('Tasks', { Name: 'Ship it', Status: '🚀 Shipped', Points: '1,200', Tags: 'a,c' });
		assert.match(id, /^i-[A-Za-z0-9_-]{10}$/);
		const changed = await delta(token);
		assert.deepEqual(changed.map((r: any) => [r.name, r.values.Status]), [['Chase Okapi', '```Waiting on client```'], ['Ship it', '```🚀 Shipped```']]);
		assert.equal(changed[1].values.Points, 1200);
		assert.deepEqual(changed[1].values.Tags, ['```a```', '```c```']);
		assert.throws(() => emu.addRow('Tasks', { Project: 'No such project' }), /no row "No such project" in Projects/);
	});

	it('adds a column with values typed in: the rows given values are edited and show up in the next delta', async () => {
		const token = await syncNow();
		const rows = (await get(emu, rowsPath, { limit: 3 })).body.items;
		const id = emu.addColumn('Tasks', {
			name: 'Priority',
			format: { type: 'select', options: ['P1', 'P2', { name: 'P0 🔥', backgroundColor: '#FDF3D8' }] },
			values: { [rows[0].id]: 'P0 🔥', 'Task 1': 'P2' },
		});
		const col = (await get(emu, `/docs/${emu.docId}/tables/${tasksId}/columns/${id}`)).body;
		assert.deepEqual(col.format.options, [
			{ name: 'P1', foregroundColor: '#8B6C1D', backgroundColor: '#FDF3D8' },
			{ name: 'P2', foregroundColor: '#A12B86', backgroundColor: '#F8E7F3' },
			{ name: 'P0 🔥', backgroundColor: '#FDF3D8' },
		]);
		const changed = await delta(token);
		assert.deepEqual(changed.map((r: any) => [r.name, r.values.Priority]), [['Task 0', '```P0 🔥```'], ['Task 1', '```P2```']]);
		assert.equal((await get(emu, `${rowsPath}/${rows[2].id}`, { useColumnNames: true })).body.values.Priority, '');
		assert.throws(() => emu.addColumn('Tasks', { name: 'Priority', format: { type: 'text' } }), /already has a column named "Priority"/);
	});

	it('adds a lookup column (target by name, values by row name) and a formula column that edits no row', async () => {
		const token = await syncNow();
		const projectsId = emu.tables().find((t) => t.name === 'Projects')!.id;
		const lookupId = emu.addColumn('Tasks', { name: 'Second Project', format: { type: 'lookup', table: 'Projects' }, values: ({ index }) => (index < 2 ? `Project ${index + 10}` : undefined) });
		const lookup = (await get(emu, `/docs/${emu.docId}/tables/${tasksId}/columns/${lookupId}`)).body;
		assert.equal(lookup.format.table.id, projectsId);
		assert.equal(lookup.format.table.name, 'Projects');
		const changed = await delta(token);
		assert.deepEqual(changed.map((r: any) => [r.name, r.values['Second Project'].name]), [['Task 0', 'Project 10'], ['Task 1', 'Project 11']]);

		const token2 = await syncNow();
		const formulaId = emu.addColumn('Tasks', { name: 'Points x2', format: { type: 'number' }, formula: 'thisRow.Points * 2', values: ({ index }) => index * 2 });
		const formula = (await get(emu, `/docs/${emu.docId}/tables/${tasksId}/columns/${formulaId}`)).body;
		assert.equal(formula.calculated, true);
		assert.equal(formula.formula, 'thisRow.Points * 2');
		assert.deepEqual(await delta(token2), [], 'a formula’s results edit no row');
		assert.equal((await get(emu, rowsPath, { limit: 4, useColumnNames: true })).body.items[3].values['Points x2'], 6);
		const put = await call(emu, 'PUT', `${rowsPath}/Task 3`, { body: { row: { cells: [{ column: formulaId, value: 1 }] } } });
		assert.equal(put.status, 400);
		assert.match(put.body.message, /calculated/);
	});

	it('renames a table: same id, new name everywhere (listings, lookups’ table refs), no row edited', async () => {
		const token = await syncNow();
		const projectsId = emu.tables().find((t) => t.name === 'Projects')!.id;
		emu.renameTable('Projects', 'Client Projects');
		assert.equal(emu.tables().find((t) => t.id === projectsId)!.name, 'Client Projects');
		assert.equal((await get(emu, `/docs/${emu.docId}/tables/${projectsId}`)).body.name, 'Client Projects');
		assert.equal((await get(emu, `/docs/${emu.docId}/tables/${encodeURIComponent('Client Projects')}`)).body.id, projectsId);
		assert.equal((await get(emu, `/docs/${emu.docId}/tables/Projects`)).status, 404);
		const project = (await get(emu, `/docs/${emu.docId}/tables/${tasksId}/columns/Project`)).body;
		assert.equal(project.format.table.name, 'Client Projects');
		assert.deepEqual(await delta(token), []);
		assert.throws(() => emu.renameTable(projectsId, 'Tasks'), /already has a table named "Tasks"/);
		emu.renameTable(projectsId, 'Projects');
	});

	it('edits a cell in place (no API call, no webhook): the row shows up in the next delta with the new value', async () => {
		const token = await syncNow();
		emu.clearLog();
		const before = (await get(emu, `${rowsPath}/Task 5`, { useColumnNames: true })).body;
		emu.clearLog();
		emu.editCell('Tasks', 'Task 5', 'Points', 505);
		emu.editCell('Tasks', before.id, 'Owner', 'Ben Brooks');
		assert.deepEqual(emu.requestLog(), [], 'the control sends and receives nothing');
		const changed = await delta(token);
		assert.deepEqual(changed.map((r: any) => r.id), [before.id]);
		assert.equal(changed[0].values.Points, 505);
		assert.deepEqual(changed[0].values.Owner, { '@context': 'http://schema.org', '@type': 'Person', name: 'Ben Brooks', email: 'ben.brooks@studio.example' });
		assert.ok(Date.parse(changed[0].updatedAt) > Date.parse(before.updatedAt));
		assert.throws(() => emu.editCell('Tasks', 'Task 5', 'Shout', 'x'), /calculated/);
		assert.throws(() => emu.editCell('Tasks', 'Task 5', 'Points', 'lots'), /expected a number/);
		assert.throws(() => emu.editCell('Tasks', 'No such task', 'Points', 1), /Row "No such task" was not found/);
	});

	it('deletes a row in place: gone, never in a delta, lookups to it come back empty', async () => {
		const token = await syncNow();
		const projectsPath = `/docs/${emu.docId}/tables/${emu.tables().find((t) => t.name === 'Projects')!.id}/rows`;
		const project4 = (await get(emu, `${projectsPath}/Project 4`)).body.id;
		emu.deleteRow('Projects', project4);
		assert.equal((await get(emu, `${projectsPath}/${project4}`)).status, 404);
		assert.equal(emu.tables().find((t) => t.name === 'Projects')!.rowCount, 29);
		const task4 = (await get(emu, `${rowsPath}/Task 4`, { valueFormat: 'rich', useColumnNames: true })).body.values;
		assert.equal(task4.Project, '');
		emu.deleteRow('Tasks', 'Task 6');
		assert.equal((await get(emu, `${rowsPath}/Task 6`)).status, 404);
		assert.deepEqual(await delta(token), []);
		assert.throws(() => emu.deleteRow('Tasks', 'Task 6'), /was not found/);
	});

	it('describes columns for a test: ids, names, types, display, lookup targets', () => {
		const cols = emu.columns('Tasks');
		const byName = new Map(cols.map((c) => [c.name, c]));
		assert.deepEqual(byName.get('Name'), { id: byName.get('Name')!.id, name: 'Name', type: 'text', isArray: false, display: true, calculated: false });
		assert.equal(byName.get('Project')!.tableId, emu.tables().find((t) => t.name === 'Projects')!.id);
		assert.equal(byName.get('Owner')!.tableId, emu.tables().find((t) => t.name === 'People')!.id);
		assert.equal(byName.get('Tags')!.isArray, true);
		assert.equal(byName.get('Shout')!.calculated, true);
	});
});

describe('Coda emulator: CLI', () => {
	it('prints its base URL, token and doc id, serves the sample doc, and stops on SIGTERM', () =>
		withEmulatorCli(['--rows', '3', '--mutation-delay-ms', '0', '--no-rate-limit'], async ({ out, baseUrl, token, docId }) => {
			assert.match(out, /36 tables, 108 rows/);
			const res = await fetch(`${baseUrl}/docs/${docId}/tables?limit=100`, { headers: { authorization: `Bearer ${token}` } });
			const body = (await res.json()) as { items: unknown[] };
			assert.equal(body.items.length, 36);
		}));

	it('refuses unknown options with a usage line', async () => {
		const root = join(__dirname, '..', '..');
		const child = spawn(process.execPath, ['--import', 'tsx', join(root, 'test', 'coda-emulator', 'cli.ts'), '--rows', 'many'], { cwd: root });
		let err = '';
		child.stderr.on('data', (chunk: Buffer) => (err += chunk.toString()));
		const code = await new Promise((resolve) => child.on('exit', resolve));
		assert.equal(code, 1);
		assert.match(err, /--rows needs an integer >= 0, got many/);
	});
});
