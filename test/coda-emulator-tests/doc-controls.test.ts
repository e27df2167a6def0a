// Test controls that change the doc as a person would in Coda's UI (column renames, new and
// removed columns), and the `npm run coda-emulator` CLI.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { startCodaEmulator, type CodaEmulator } from '../coda-emulator';
import { call, get, handBuiltDoc, waitForMutation } from './helpers';

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

describe('Coda emulator: CLI', () => {
	it('prints its base URL, token and doc id, serves the sample doc, and stops on SIGTERM', async () => {
		const root = join(__dirname, '..', '..');
		const child = spawn(process.execPath, ['--import', 'tsx', join(root, 'test', 'coda-emulator', 'cli.ts'), '--port', '0', '--rows', '3', '--mutation-delay-ms', '0', '--no-rate-limit'], { cwd: root });
		try {
			let out = '';
			await new Promise<void>((resolve, reject) => {
				child.stdout.on('data', (chunk: Buffer) => {
					out += chunk.toString();
					if (/Doc id:/.test(out)) resolve();
				});
				child.on('exit', (code) => reject(new Error(`CLI exited with ${code}: ${out}`)));
			});
			const baseUrl = /Base URL:\s+(\S+)/.exec(out)![1];
			const token = /API token:\s+(\S+)/.exec(out)![1];
			const docId = /Doc id:\s+(\S+)/.exec(out)![1];
			assert.match(out, /36 tables, 108 rows/);
			const res = await fetch(`${baseUrl}/docs/${docId}/tables?limit=100`, { headers: { authorization: `Bearer ${token}` } });
			const body = (await res.json()) as { items: unknown[] };
			assert.equal(body.items.length, 36);
		} finally {
			const exited = new Promise((resolve) => child.on('exit', resolve));
			child.kill('SIGTERM');
			assert.equal(await exited, 0);
		}
	});

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
