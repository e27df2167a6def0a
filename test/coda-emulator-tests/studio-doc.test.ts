// The studio doc (studioDoc.ts): a venture studio's own Coda doc, not shaped like the erp schema.
// 36 tables with their own display columns, emoji select labels, multi-selects, contacts as
// lookups, several people per cell, percents as fractions, durations, EUR and GBP, Berlin dates
// around midnight and DST, a 50 KB cell, numbers kept as text, lookups, empty cells.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { STUDIO_TABLES, startCodaEmulator, type CodaEmulator } from '../coda-emulator';
import { buildStudioDoc } from '../coda-emulator/studioDoc';
import { allPages, call, get, waitForMutation, withEmulatorCli } from './helpers';

const unfence = (v: string) => /^```(.*)```$/s.exec(v)?.[1];

/** YYYY-MM-DD of the last Sunday of a month (1-12). */
function lastSunday(year: number, month: number): string {
	const last = new Date(Date.UTC(year, month, 0));
	last.setUTCDate(last.getUTCDate() - last.getUTCDay());
	return last.toISOString().slice(0, 10);
}

describe('Coda emulator: the studio doc', () => {
	let emu: CodaEmulator;
	const columns = new Map<string, Map<string, any>>();
	const rich = new Map<string, any[]>();
	const table = (name: string) => emu.tables().find((t) => t.name === name)!;
	const col = (tableName: string, column: string) => {
		const c = columns.get(tableName)!.get(column);
		assert.ok(c, `${tableName}.${column}`);
		return c;
	};
	/** Rich values of a table's rows by column name. */
	const values = (tableName: string) => rich.get(tableName)!.map((r) => r.values);
	before(async () => {
		emu = await startCodaEmulator({ doc: 'studio', rateLimit: false });
		for (const t of emu.tables()) {
			const cols = (await allPages(emu, `/docs/${emu.docId}/tables/${t.id}/columns`, { limit: 100 })).flatMap((p) => p.items);
			columns.set(t.name, new Map(cols.map((c: any) => [c.name, c])));
			rich.set(t.name, (await allPages(emu, `/docs/${emu.docId}/tables/${t.id}/rows`, { limit: 500, valueFormat: 'rich', useColumnNames: true })).flatMap((p) => p.items));
		}
	});
	after(() => emu.close());

	it('has 36 tables named by the studio, covering the product’s 36 business areas, 30-80 rows each, in Europe/Berlin', () => {
		assert.equal(emu.timeZone, 'Europe/Berlin');
		assert.deepEqual(emu.tables().map((t) => t.name), STUDIO_TABLES.map((t) => t.name));
		assert.equal(emu.tables().length, 36);
		assert.equal(new Set(STUDIO_TABLES.map((t) => t.area)).size, 36);
		for (const name of ['Pipeline', 'Clients', 'Contacts', 'Meetings & Calls', 'Idea Inbox', 'Decision Log', 'Automation Runs', 'Templates & Checklists']) assert.ok(table(name), name);
		for (const t of emu.tables()) assert.ok(t.rowCount >= 30 && t.rowCount <= 80, `${t.name}: ${t.rowCount} rows`);
		assert.equal(table('Tasks').rowCount, 80);
		assert.equal(table('Tasks').erpTable, 'tasks', 'erpTable is the studio key');
	});

	it('has display columns named as a person would (mostly not "Name")', async () => {
		for (const spec of STUDIO_TABLES) {
			const t = (await get(emu, `/docs/${emu.docId}/tables/${table(spec.name).id}`)).body;
			const display = [...columns.get(spec.name)!.values()].find((c) => c.display);
			assert.equal(display.name, spec.display, spec.name);
			assert.equal(t.displayColumn.id, display.id, spec.name);
			assert.equal(rich.get(spec.name)![0].name, unfence(rich.get(spec.name)![0].values[spec.display]) ?? rich.get(spec.name)![0].values[spec.display]);
		}
		const named = STUDIO_TABLES.filter((t) => t.display === 'Name');
		assert.deepEqual(named.map((t) => t.name), ['Outcome Types', 'Areas']);
		assert.deepEqual(['Tasks', 'Projects', 'Clients', 'Invoices', 'Contacts'].map((n) => STUDIO_TABLES.find((t) => t.name === n)!.display), ['Task', 'Project title', 'Client', 'Invoice #', 'Full name']);
	});

	it('uses free select labels with emoji and spaces, as option objects, and rich values wrapped in backticks', () => {
		const options = (t: string, c: string) => col(t, c).format.options.map((o: any) => o.name);
		assert.ok(options('Ventures', 'Stage').includes('🚀 Launched'));
		assert.deepEqual(options('Tasks', 'Status'), ['To Do', 'In Progress', 'In Review', 'Waiting on client', 'Done']);
		assert.ok(options('Automation Runs', 'Result').includes('Failed'));
		assert.ok(options('Meetings & Calls', 'Channel').includes('WhatsApp'));
		assert.ok(options('Expenses', 'Category').includes('Meals'));
		assert.ok(options('Engagements', 'Billing').includes('Time & materials'));
		assert.deepEqual(col('Ventures', 'Stage').format.options[3], { name: '🚀 Launched', foregroundColor: '#187B34', backgroundColor: '#E2F8E8' });
		assert.deepEqual(col('Ventures', 'Stage').format.options[4], { name: '⏸ Paused' }, 'an option without colours');
		assert.equal(values('Ventures')[0].Stage, '```🚀 Launched```');
		assert.deepEqual(values('Tasks').slice(0, 3).map((v) => v.Status), ['```To Do```', '```In Review```', '```Waiting on client```']);
		assert.equal(values('Automation Runs')[0].Result, '```Failed```');
		assert.equal(values('Meetings & Calls')[0].Channel, '```WhatsApp```');
		assert.equal(values('Expenses')[0].Category, '```Meals```');
		assert.equal(values('Engagements')[0].Billing, '```Time & materials```');
		assert.equal(col('Topics', 'Labels').format.options, undefined, 'a select list without fixed options lists none');
		// Every select value is one of its options (where the column lists them).
		for (const [tableName, cols] of columns) {
			for (const c of [...cols.values()].filter((x) => x.format.type === 'select' && x.format.options)) {
				for (const v of values(tableName)) {
					for (const item of Array.isArray(v[c.name]) ? v[c.name] : v[c.name] === '' ? [] : [v[c.name]]) {
						assert.ok(c.format.options.some((o: any) => o.name === unfence(item)), `${tableName}.${c.name}: ${item}`);
					}
				}
			}
		}
	});

	it('has multi-selects', () => {
		assert.equal(col('Tasks', 'Tags').format.isArray, true);
		assert.deepEqual(values('Tasks')[0].Tags, ['```design```', '```💸 billable```']);
		assert.ok(values('Clients').some((v) => v.Industry.length >= 2));
	});

	it('keeps contacts as lookups into Contacts, and person cells (several people in some) refer to Contacts', () => {
		const contacts = table('Contacts');
		for (const [t, c] of [['Clients', 'Main contact'], ['Pipeline', 'Contact'], ['Meetings & Calls', 'Attendees'], ['Engagements', 'Client contact'], ['Invoices', 'Contact']]) {
			assert.equal(col(t, c).format.type, 'lookup');
			assert.equal(col(t, c).format.table.id, contacts.id, `${t}.${c}`);
		}
		assert.equal(col('Meetings & Calls', 'Attendees').format.isArray, true);
		assert.equal(col('Projects', 'Team').format.type, 'person');
		assert.equal(col('Projects', 'Team').format.isArray, true);
		assert.equal(col('Projects', 'Team').format.table.name, 'Contacts');
		assert.deepEqual(values('Projects')[0].Team, [
			{ '@context': 'http://schema.org', '@type': 'Person', name: 'Jana Köhler', email: 'jana@northlight.example' },
			{ '@context': 'http://schema.org', '@type': 'Person', name: 'Priya Raman', email: 'priya@northlight.example' },
			{ '@context': 'http://schema.org', '@type': 'Person', name: 'Sophie Wagner', email: 'sophie@northlight.example' },
		]);
		assert.deepEqual(values('Meetings & Calls')[0]['Studio side'].map((p: any) => p.name), ['Jana Köhler', "Ben O'Connor"]);
		const emails = new Set(values('Contacts').map((v) => v.Email));
		let people = 0;
		let inContacts = 0;
		for (const [tableName, cols] of columns) {
			for (const c of [...cols.values()].filter((x) => x.format.type === 'person')) {
				for (const v of values(tableName)) {
					for (const p of Array.isArray(v[c.name]) ? v[c.name] : v[c.name] === '' ? [] : [v[c.name]]) {
						people++;
						if (emails.has(p.email)) inContacts++;
					}
				}
			}
		}
		assert.ok(inContacts / people > 0.85, `${inContacts}/${people} people are in Contacts`);
		assert.ok(inContacts < people, 'a few are not (a freelancer)');
		assert.deepEqual(values('Contacts').slice(0, 8).map((v) => v['Studio team']), Array(8).fill(true));
		assert.equal(values('Contacts')[8]['Studio team'], false);
	});

	it('keeps percents as fractions, durations, and money in EUR and GBP', () => {
		assert.equal(col('Pipeline', 'Probability %').format.type, 'percent');
		assert.deepEqual(values('Pipeline').slice(0, 3).map((v) => v['Probability %']), [0.15, 1, 0]);
		assert.equal(values('Ventures')[0]['Equity %'], 0.15);
		for (const [tableName, cols] of columns) {
			for (const c of [...cols.values()].filter((x) => x.format.type === 'percent')) {
				for (const v of values(tableName)) if (v[c.name] !== '') assert.ok(v[c.name] >= 0 && v[c.name] <= 2.5, `${tableName}.${c.name}: ${v[c.name]}`);
			}
		}
		assert.equal(values('Tasks')[0]['Time spent'], '1 hr 30 mins');
		assert.equal(values('Tasks')[1]['Time spent'], '8 hrs');
		assert.equal(values('Meetings & Calls')[0].Length, '30 mins');
		assert.deepEqual(values('Invoices')[0]['Amount (EUR)'], { '@context': 'http://schema.org', '@type': 'MonetaryAmount', currency: 'EUR', amount: 4250 });
		assert.equal(col('Offers', 'Price (GBP)').format.currencyCode, 'GBP');
		assert.ok(values('Offers').some((v) => v['Price (GBP)'].currency === 'GBP'));
		assert.ok(values('Client Wins').some((v) => v['Value for client (GBP)'].currency === 'GBP'));
	});

	it('renders dates as Berlin midnight and date-times near midnight with the right offset across DST', async () => {
		assert.deepEqual(values('Tasks').slice(0, 4).map((v) => v.Due), [
			'2026-03-04T00:00:00.000+01:00', '2026-04-10T00:00:00.000+02:00', '2026-03-29T00:00:00.000+01:00', '2026-10-25T00:00:00.000+02:00',
		]);
		assert.deepEqual(values('Meetings & Calls').slice(0, 5).map((v) => v.When), [
			'2026-03-29T00:30:00.000+01:00', '2026-10-25T00:15:00.000+02:00', '2026-03-28T23:45:00.000+01:00', '2026-07-01T00:00:00.000+02:00', '2025-12-31T23:59:00.000+01:00',
		]);
		assert.equal(values('Automation Runs')[0].Started, '2026-03-29T00:05:00.000+01:00');
		let dates = 0;
		let nearMidnight = 0;
		let checkedOffsets = 0;
		for (const [tableName, cols] of columns) {
			for (const c of [...cols.values()].filter((x) => x.format.type === 'date' || x.format.type === 'dateTime')) {
				for (const v of values(tableName)) {
					if (v[c.name] === '') continue;
					if (c.format.type === 'date') {
						assert.match(v[c.name], /^\d{4}-\d{2}-\d{2}T00:00:00\.000\+0[12]:00$/, `${tableName}.${c.name}`);
						dates++;
					} else {
						assert.match(v[c.name], /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:00\.000\+0[12]:00$/, `${tableName}.${c.name}`);
						if (/T(23|00):/.test(v[c.name])) nearMidnight++;
					}
					// The offset is Berlin's on that day: summer time from the last Sunday of March to the last of October (EU rule since 1996).
					const local = v[c.name].slice(0, 10);
					const year = Number(local.slice(0, 4));
					if (year >= 1996 && local !== lastSunday(year, 3) && local !== lastSunday(year, 10)) {
						const summer = local > lastSunday(year, 3) && local < lastSunday(year, 10);
						assert.ok(v[c.name].endsWith(summer ? '+02:00' : '+01:00'), `${tableName}.${c.name}: ${v[c.name]}`);
						checkedOffsets++;
					}
				}
			}
		}
		assert.ok(dates > 500, `${dates} dates`);
		assert.ok(checkedOffsets > 1000, `${checkedOffsets} offsets checked`);
		assert.ok(nearMidnight > 40, `${nearMidnight} date-times near midnight`);
		const meetingsRows = `/docs/${emu.docId}/tables/${table('Meetings & Calls').id}/rows`;
		assert.equal((await get(emu, meetingsRows, { limit: 1, useColumnNames: true })).body.items[0].values.When, '2026-03-29T00:30:00.000+01:00', 'simple format too');
	});

	it('has one 50 KB text cell, numbers kept as text, and a time column', async () => {
		const body = values('Notes')[0].Body;
		assert.ok(Buffer.byteLength(body) >= 51_200 && Buffer.byteLength(body) < 85 * 1024, `${Buffer.byteLength(body)} bytes`);
		assert.match(body, /^# Offsite 2026 – full transcript\n/);
		assert.match(body, /Größe, Qualität, Übergabe/);
		assert.equal(rich.get('Notes')![0].name, 'Offsite 2026 – full transcript');
		assert.equal(col('Tasks', 'Estimate (h)').format.type, 'text');
		assert.deepEqual(values('Tasks').slice(0, 3).map((v) => v['Estimate (h)']), ['```1.5```', '```8```', '```0.5```']);
		const simple = (await get(emu, `/docs/${emu.docId}/tables/${table('Tasks').id}/rows`, { limit: 1, useColumnNames: true })).body.items[0].values;
		assert.equal(simple['Estimate (h)'], '1.5');
		assert.deepEqual(rich.get('Invoices')!.slice(0, 2).map((r) => r.name), ['2025-001', '2025-002']);
		assert.equal(col('Monthly Numbers', 'Headcount').format.type, 'text');
		assert.match(unfence(values('Monthly Numbers')[0].Headcount)!, /^\d+$/);
		assert.match(unfence(values('Clients')[0].Postcode)!, /^\d{5}$/);
		assert.equal(col('Meetings & Calls', 'Reminder at').format.type, 'time');
		assert.ok(values('Meetings & Calls').some((v) => /^\d{2}:\d{2}:00$/.test(v['Reminder at'])));
	});

	it('points every lookup at an existing row of its table, some at rows created later; leaves cells empty', () => {
		const byId = new Map([...rich].map(([name, rows]) => [table(name).id, new Map(rows.map((r) => [r.id, r]))]));
		let checked = 0;
		let later = 0;
		let empty = 0;
		for (const [tableName, cols] of columns) {
			for (const row of rich.get(tableName)!) {
				for (const c of cols.values()) {
					const v = row.values[c.name];
					if (v === '' || (Array.isArray(v) && v.length === 0)) empty++;
					if (c.format.type !== 'lookup') continue;
					for (const ref of Array.isArray(v) ? v : v === '' ? [] : [v]) {
						assert.equal(ref.tableId, c.format.table.id, `${tableName}.${c.name}`);
						const target = byId.get(ref.tableId)!.get(ref.rowId);
						assert.ok(target, `${tableName}.${c.name} → ${ref.rowId}`);
						assert.equal(ref.name, target.name);
						checked++;
						if (Date.parse(target.createdAt) > Date.parse(row.createdAt)) later++;
					}
				}
			}
		}
		assert.ok(checked > 1500, `${checked} lookups`);
		assert.ok(later > 200, `${later} lookups to rows created later`);
		assert.ok(empty > 2000, `${empty} empty cells`);
		const lookupTables = new Set([...columns.values()].flatMap((cols) => [...cols.values()].filter((c) => c.format.type === 'lookup').map((c) => c.format.table.name)));
		assert.ok(lookupTables.size >= 20, `lookups into ${lookupTables.size} tables`);
	});

	it('has every Coda column type a person uses, formulas, a button, a canvas, a hidden column and reactions', async () => {
		const all = [...columns.values()].flatMap((cols) => [...cols.values()]);
		const types = new Set(all.map((c) => c.format.type));
		for (const type of ['text', 'person', 'lookup', 'number', 'percent', 'currency', 'date', 'dateTime', 'time', 'duration', 'email', 'link', 'slider', 'scale', 'image', 'attachments', 'button', 'checkbox', 'select', 'reaction', 'canvas']) {
			assert.ok(types.has(type), type);
		}
		assert.equal(col('Tasks', 'Label').formula, 'Concatenate(thisRow.Task, " · ", thisRow.Status)');
		assert.equal(values('Tasks')[0].Label, `\`\`\`${unfence(values('Tasks')[0].Task)} · To Do\`\`\``);
		assert.equal(values('Tasks')[0]['Mark done'], 'Mark done');
		assert.equal(col('Projects', 'Brief').format.type, 'canvas');
		assert.ok('Internal notes' in rich.get('Clients')![0].values);
		const visible = (await get(emu, `/docs/${emu.docId}/tables/${table('Clients').id}/columns`, { visibleOnly: true, limit: 100 })).body.items.map((c: any) => c.name);
		assert.ok(!visible.includes('Internal notes') && visible.includes('Client'), 'Internal notes is hidden');
		assert.ok(values('Idea Inbox').some((v) => Array.isArray(v.Votes) && v.Votes.length > 1 && v.Votes.every((p: any) => p['@type'] === 'Person')));
	});

	it('resolves people written by email or full name against Contacts', async () => {
		const path = `/docs/${emu.docId}/tables/${table('Tasks').id}/rows`;
		const row = rich.get('Tasks')![10];
		const put = await call(emu, 'PUT', `${path}/${row.id}`, { body: { row: { cells: [{ column: 'Owner', value: 'sophie@northlight.example' }, { column: 'Status', value: 'In Review' }, { column: 'Due', value: '2026-10-25' }] } } });
		await waitForMutation(emu, put.body.requestId);
		let after = (await get(emu, `${path}/${row.id}`, { valueFormat: 'rich', useColumnNames: true })).body.values;
		assert.deepEqual(after.Owner, { '@context': 'http://schema.org', '@type': 'Person', name: 'Sophie Wagner', email: 'sophie@northlight.example' });
		assert.equal(after.Status, '```In Review```');
		assert.equal(after.Due, '2026-10-25T00:00:00.000+02:00');
		emu.editCell('Tasks', row.id, 'Owner', 'Jana Köhler');
		after = (await get(emu, `${path}/${row.id}`, { valueFormat: 'rich', useColumnNames: true })).body.values;
		assert.equal(after.Owner.email, 'jana@northlight.example');
	});

	it('is the same doc for the same seed, another for another seed; row counts are configurable', async () => {
		const again = await startCodaEmulator({ doc: 'studio', rateLimit: false });
		const other = await startCodaEmulator({ doc: 'studio', rateLimit: false, seed: 2, rows: { tasks: 500, contacts: 3 } });
		try {
			assert.deepEqual(again.tables(), emu.tables());
			const path = (e: CodaEmulator) => `/docs/${e.docId}/tables/${e.tables().find((t) => t.name === 'Tasks')!.id}/rows`;
			const withoutHref = (items: any[]) => items.map(({ href, ...rest }) => rest);
			assert.deepEqual(withoutHref((await get(again, path(again), { valueFormat: 'rich', limit: 80, useColumnNames: true })).body.items), withoutHref(rich.get('Tasks')!));
			assert.notEqual(other.docId, emu.docId);
			assert.equal(other.tables().find((t) => t.name === 'Tasks')!.rowCount, 500);
			assert.equal(other.tables().find((t) => t.name === 'Contacts')!.rowCount, 3);
			assert.equal(other.tables().find((t) => t.name === 'Ventures')!.rowCount, 30);
		} finally {
			await again.close();
			await other.close();
		}
		const small = buildStudioDoc({ seed: 1, docId: 'x', rows: 5 });
		assert.ok(small.tables.every((t) => t.rowCount === 5));
		assert.throws(() => buildStudioDoc({ seed: 1, docId: 'x', rows: { people: 5 } }), /does not have: people/);
		assert.throws(() => buildStudioDoc({ seed: 1, docId: 'x', rows: -1 }), /integer 0\.\.1000000/);
	});

	it('is served by `npm run coda-emulator -- --doc studio`', () =>
		withEmulatorCli(['--doc', 'studio', '--no-rate-limit'], async ({ out, baseUrl, token, docId }) => {
			const total = STUDIO_TABLES.reduce((n, t) => n + t.rows, 0);
			assert.match(out, new RegExp(`36 tables, ${total} rows, time zone Europe/Berlin`));
			const res = await fetch(`${baseUrl}/docs/${docId}/tables?limit=100`, { headers: { authorization: `Bearer ${token}` } });
			const body = (await res.json()) as { items: Array<{ name: string }> };
			assert.deepEqual(body.items.map((t) => t.name), STUDIO_TABLES.map((t) => t.name));
		}));
});
