// The sample doc derived from the Drizzle `erp` schema: one Coda table per mirrored erp table,
// every Coda column type, consistent lookups, deterministic data, and 100k-row tables.
import assert from 'node:assert/strict';
import { getTableConfig } from 'drizzle-orm/pg-core';
import { after, before, describe, it } from 'node:test';
import { startCodaEmulator, type CodaEmulator } from '../coda-emulator';
import { loadErpTables, titleCase } from '../coda-emulator/sampleDoc';
import { allPages, get } from './helpers';

const ALL_TYPES = ['text', 'person', 'lookup', 'number', 'percent', 'currency', 'date', 'dateTime', 'time', 'duration', 'email',
	'link', 'slider', 'scale', 'image', 'attachments', 'button', 'checkbox', 'select', 'reaction', 'canvas'];

describe('Coda emulator: the sample doc', () => {
	let emu: CodaEmulator;
	const columns = new Map<string, any[]>();
	const rows = new Map<string, any[]>();
	before(async () => {
		emu = await startCodaEmulator({ rateLimit: false, rows: 15 });
		for (const t of emu.tables()) {
			columns.set(t.id, (await allPages(emu, `/docs/${emu.docId}/tables/${t.id}/columns`, { limit: 100 })).flatMap((p) => p.items));
			rows.set(t.id, (await allPages(emu, `/docs/${emu.docId}/tables/${t.id}/rows`, { limit: 500, valueFormat: 'rich' })).flatMap((p) => p.items));
		}
	});
	after(() => emu.close());

	it('has one Title Case table per Coda-mirrored erp table (36 when the schema is complete)', () => {
		const erpNames = loadErpTables().map((t) => getTableConfig(t).name);
		assert.equal(erpNames.length, 36);
		assert.deepEqual(emu.tables().map((t) => t.erpTable), erpNames);
		assert.deepEqual(emu.tables().map((t) => t.name), erpNames.map(titleCase));
		assert.ok(emu.tables().find((t) => t.name === 'Process Templates'));
		assert.ok(emu.tables().every((t) => t.rowCount === 15));
	});

	it('has columns of every Coda type, Coda-only columns included', () => {
		const all = [...columns.values()].flat();
		const types = new Set(all.map((c) => c.format.type));
		for (const type of ALL_TYPES) assert.ok(types.has(type), `a ${type} column`);
		assert.ok(all.some((c) => c.calculated && c.formula), 'a formula column');
		const taskCols = columns.get(emu.tables().find((t) => t.erpTable === 'tasks')!.id)!.map((c) => c.name);
		assert.ok(taskCols.includes('Due Date') && taskCols.includes('Project') && taskCols.includes('Assignee'));
	});

	it('names columns after the erp conventions: ref → lookup "<X>", person, money → currency, vocabularies → select', () => {
		const projects = columns.get(emu.tables().find((t) => t.erpTable === 'projects')!.id)!;
		const byName = new Map(projects.map((c) => [c.name, c]));
		assert.equal(byName.get('Venture').format.type, 'lookup');
		assert.equal(byName.get('Venture').format.table.name, 'Ventures');
		assert.equal(byName.get('Owner').format.type, 'person');
		assert.equal(byName.get('Budget').format.type, 'currency');
		assert.equal(byName.get('Budget').format.currencyCode, 'USD');
		assert.deepEqual(byName.get('Status').format.options.map((o: any) => o.name), ['planned', 'active', 'on_hold', 'completed', 'cancelled']);
		for (const option of byName.get('Status').format.options) {
			assert.deepEqual(Object.keys(option), ['name', 'foregroundColor', 'backgroundColor']);
			assert.match(option.foregroundColor, /^#[0-9A-F]{6}$/);
		}
		assert.equal(byName.get('Owner').format.table.name, 'People', 'person columns refer to People');
		for (const sync of ['Id', 'Coda Row Id', 'Synced At', 'Deleted At', 'Content Hash', 'Coda Row', 'Venture Id', 'Venture Coda Id', 'Owner Email']) {
			assert.ok(!byName.has(sync), `no ${sync} column`);
		}
	});

	it('keeps generated values inside the select vocabularies', () => {
		for (const t of emu.tables()) {
			for (const c of columns.get(t.id)!.filter((col) => col.format.type === 'select')) {
				for (const row of rows.get(t.id)!) {
					const v = row.values[c.id];
					for (const item of Array.isArray(v) ? v : v === '' ? [] : [v]) {
						const name = /^```(.*)```$/s.exec(item)?.[1];
						assert.ok(name !== undefined && c.format.options.some((o: any) => o.name === name), `${t.name}.${c.name}: ${item}`);
					}
				}
			}
		}
	});

	it('points every lookup at an existing row of its target table, some at rows created later', () => {
		const ids = new Map([...rows].map(([tableId, list]) => [tableId, new Map(list.map((r) => [r.id, r]))]));
		let checked = 0;
		let childFirst = 0;
		for (const t of emu.tables()) {
			for (const c of columns.get(t.id)!.filter((col) => col.format.type === 'lookup')) {
				for (const row of rows.get(t.id)!) {
					const v = row.values[c.id];
					for (const ref of Array.isArray(v) ? v : v === '' ? [] : [v]) {
						assert.equal(ref.tableId, c.format.table.id);
						const target = ids.get(ref.tableId)!.get(ref.rowId);
						assert.ok(target, `${t.name}.${c.name} → ${ref.rowId}`);
						assert.equal(ref.name, target.name);
						checked++;
						if (Date.parse(target.createdAt) > Date.parse(row.createdAt)) childFirst++;
					}
				}
			}
		}
		assert.ok(checked > 300, `${checked} lookups checked`);
		assert.ok(childFirst > 0, 'some children were created before their parents');
	});

	it('fills person columns mostly with members of People, and leaves some cells empty', () => {
		const peopleId = emu.tables().find((t) => t.erpTable === 'people')!.id;
		const emailCol = columns.get(peopleId)!.find((c) => c.format.type === 'email').id;
		const emails = new Set(rows.get(peopleId)!.map((r) => r.values[emailCol]));
		let known = 0;
		let people = 0;
		let empty = 0;
		for (const t of emu.tables()) {
			for (const c of columns.get(t.id)!) {
				for (const row of rows.get(t.id)!) {
					const v = row.values[c.id];
					if (v === '' || (Array.isArray(v) && v.length === 0)) empty++;
					if (c.format.type === 'person' && v !== '') {
						people++;
						if (emails.has(v.email)) known++;
					}
				}
			}
		}
		assert.equal(emails.size, 15);
		assert.ok(known / people > 0.7, `${known}/${people} people are in People`);
		assert.ok(empty > 50, `${empty} empty cells`);
	});

	it('generates the same doc for the same seed and a different one for another seed', async () => {
		const again = await startCodaEmulator({ rateLimit: false, rows: 15 });
		const other = await startCodaEmulator({ rateLimit: false, rows: 15, seed: 2 });
		try {
			const tasks = emu.tables().find((t) => t.erpTable === 'tasks')!;
			assert.equal(again.docId, emu.docId);
			assert.deepEqual(again.tables(), emu.tables());
			const path = `/docs/${emu.docId}/tables/${tasks.id}/rows`;
			const withoutHref = (items: any[]) => items.map(({ href, ...rest }) => rest);
			assert.deepEqual(withoutHref((await get(again, path, { valueFormat: 'rich', limit: 15 })).body.items), withoutHref(rows.get(tasks.id)!));
			assert.notEqual(other.docId, emu.docId);
			assert.notEqual(other.tables()[0].id, emu.tables()[0].id);
		} finally {
			await again.close();
			await other.close();
		}
	});

	it('serves a 100,000-row table page by page, every row once, in little memory', async () => {
		const big = await startCodaEmulator({ rateLimit: false, rows: { tasks: 100_000 } });
		try {
			const tasks = big.tables().find((t) => t.erpTable === 'tasks')!;
			assert.equal(tasks.rowCount, 100_000);
			global.gc?.();
			const heapBefore = process.memoryUsage().heapUsed;
			const seen = new Set<string>();
			let pageToken: string | undefined;
			let pages = 0;
			do {
				const res = await get(big, `/docs/${big.docId}/tables/${tasks.id}/rows`, { limit: 1000, valueFormat: 'rich', ...(pageToken ? { pageToken } : {}) });
				for (const r of res.body.items) seen.add(r.id);
				pageToken = res.body.nextPageToken;
				pages++;
			} while (pageToken);
			assert.equal(pages, 200, '500 rows per page (limit clamped)');
			assert.equal(seen.size, 100_000);
			const growthMb = (process.memoryUsage().heapUsed - heapBefore) / 1e6;
			assert.ok(growthMb < 150, `heap grew ${growthMb.toFixed(0)} MB while paging`);
		} finally {
			await big.close();
		}
	});
});
