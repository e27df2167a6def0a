// test/e2e/support/docMirror.ts decides whether erp mirrors the doc in the end-to-end tests, which
// need a real n8n. Here it runs on the sample doc loaded through the n8n engine instead: no
// mismatch after the load, a value of every column type compared, and a mismatch for a changed
// value of each type.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { INode } from 'n8n-workflow';
import type * as FetchModule from '../../nodes/CodaTableFetch/CodaTableFetch.node';
import type * as UpsertModule from '../../nodes/ErpUpsert/ErpUpsert.node';
import { closeAllPools } from '../../nodes/shared/erp/pool';
import { type CodaEmulator, startCodaEmulator } from '../coda-emulator';
import type { ColumnSpec, DocSpec } from '../coda-emulator/docModel';
import { compareColumn, compareDoc, docRows, mirrorContext, sampleDocSpec, type MirrorContext } from '../e2e/support/docMirror';
import { createErpDatabase, type ErpTestDatabase } from '../erp/helpers';
import { nodeTypeName, runWorkflow } from './n8nEngine';
import { primaryServer } from './postgres';

// `X.node` would resolve to the codex file X.node.json first: load the classes from their .ts files.
const { CodaTableFetch } = require('../../nodes/CodaTableFetch/CodaTableFetch.node.ts') as typeof FetchModule;
const { ErpUpsert } = require('../../nodes/ErpUpsert/ErpUpsert.node.ts') as typeof UpsertModule;
const fetchNode = new CodaTableFetch();
const upsertNode = new ErpUpsert();
const nodeTypes = Object.fromEntries([fetchNode, upsertNode].map((n) => [nodeTypeName(n), n]));

const ROWS = 5;

function loadWorkflow(emu: CodaEmulator, table: { id: string; name: string }, erpTable: string) {
	const creds = (...types: string[]) => Object.fromEntries(types.map((t) => [t, { id: t, name: t }]));
	const nodes: INode[] = [
		{
			id: 'fetch', name: 'Fetch', type: nodeTypeName(fetchNode), typeVersion: 1, position: [0, 0],
			parameters: {
				doc: { __rl: true, mode: 'list', value: emu.docId, cachedResultName: 'Sample doc' },
				table: { __rl: true, mode: 'list', value: table.id, cachedResultName: table.name },
				mode: 'allRows',
			},
			credentials: creds('codaErpApi', 'erpPostgres'),
		},
		{ id: 'upsert', name: 'Upsert', type: nodeTypeName(upsertNode), typeVersion: 1, position: [200, 0], parameters: { operation: 'upsert', table: erpTable }, credentials: creds('erpPostgres') },
	];
	return { id: 'wf-doc-mirror', name: 'docMirror check', nodes, connections: { Fetch: { main: [[{ node: 'Upsert', type: 'main' as const, index: 0 }]] } } };
}

const typeKey = (c: ColumnSpec) => `${c.format.type}${c.format.isArray ? '[]' : ''}`;
const optionNames = (c: ColumnSpec) => (c.format.options ?? []).map((o) => (typeof o === 'string' ? o : o.name));

/** SQL expressions that change a stored value of this column, tried in turn (CHECK constraints may refuse one). */
function changes(col: ColumnSpec, erpColumn: string, sqlType: string): string[] {
	const c = `"${erpColumn}"`;
	if (col.format.type === 'lookup' && !col.format.isArray) return ['NULL'];
	if (col.format.type === 'select' && !col.format.isArray) {
		return optionNames(col).map((o) => `'${o.replace(/'/g, "''")}'`).map((o) => `CASE WHEN ${c} = ${o} THEN ${c} ELSE ${o} END`);
	}
	// Upper case: people.email still matches the person cells of other tables (matched in lower case).
	if (col.format.type === 'email') return [`upper(${c})`];
	if (sqlType === 'ARRAY') return [`array_append(${c}, 'changed')`, `'{}'`];
	if (sqlType === 'boolean') return [`NOT ${c}`];
	if (sqlType === 'date') return [`${c} + 1`, `${c} - 1`];
	if (/^(time|timestamp|interval)/.test(sqlType)) return [`${c} + interval '1 hour'`, `${c} - interval '1 hour'`];
	if (/^(smallint|integer|bigint|numeric|real|double)/.test(sqlType)) return [`${c} + 1`, `${c} - 1`, `${c} / 2`, `1 - ${c}`];
	return [`${c} || ' changed'`, `upper(${c})`, `lower(${c})`];
}

describe('docMirror against the sample doc loaded through the n8n engine', () => {
	let emu: CodaEmulator;
	let db: ErpTestDatabase;
	let spec: DocSpec;

	before(async () => {
		emu = await startCodaEmulator({ rows: ROWS, rateLimit: false });
		db = await createErpDatabase(primaryServer());
		spec = sampleDocSpec(emu, ROWS);
		const credentials = { codaErpApi: { apiToken: emu.token, baseUrl: emu.baseUrl }, erpPostgres: db.credentials };
		// Any order: a child stored before its parent gets the reference filled when the parent arrives.
		for (const t of emu.tables()) {
			const { error } = await runWorkflow(loadWorkflow(emu, t, t.erpTable), { credentials, nodeTypes });
			assert.equal(error, undefined, `${t.erpTable}: ${error?.message} ${error?.description ?? ''}`);
		}
	});

	after(async () => {
		await closeAllPools();
		await db?.drop();
		await emu?.close();
	});

	it('finds erp equal to the doc, comparing every column type that feeds erp', async (t) => {
		const comparisons = await compareDoc(emu, db.pool, spec);
		const byType: Record<string, number> = {};
		for (const c of comparisons) for (const [k, n] of Object.entries(c.valuesByType)) byType[k] = (byType[k] ?? 0) + n;
		t.diagnostic(`values compared: ${JSON.stringify(byType)}`);
		assert.deepEqual(comparisons.flatMap((c) => c.mismatches), []);
		assert.deepEqual(comparisons.filter((c) => c.erpRows !== ROWS || c.docRows !== ROWS).map((c) => c.erpTable), []);
		const compared = new Set(comparisons.flatMap((c) => Object.keys(c.valuesByType)));
		const fed = new Set(spec.tables.flatMap((t) => t.columns.filter((c) => c.erpColumns?.length).map(typeKey)));
		assert.deepEqual([...fed].filter((k) => !compared.has(k)), [], 'every type of column that feeds erp was compared');
		for (const k of ['text', 'date', 'dateTime', 'duration', 'select']) assert.ok(compared.has(k), `the sample doc has ${k} columns`);
	});

	it('reports a changed value of every column type', async () => {
		const ctx = await mirrorContext(db.pool, spec);
		const changed: string[] = [];
		const untouched = new Set<string>();
		for (const table of spec.tables) {
			const live = emu.tables().find((t) => t.erpTable === table.erpTable)!;
			const rows = await docRows(emu, live.id);
			for (const col of table.columns.filter((c) => c.erpColumns?.length)) {
				const key = typeKey(col);
				if (changed.some((c) => c.startsWith(`${key} `))) continue;
				untouched.add(key);
				const row = rows.find((r) => !['', null, undefined].includes(r.values[col.name] as string) && !(Array.isArray(r.values[col.name]) && (r.values[col.name] as unknown[]).length === 0));
				if (!row) continue;
				const erpColumn = col.erpColumns![0];
				const sqlType = ctx.columnTypes.get(`${table.erpTable}.${erpColumn}`)!.dataType;
				for (const expr of changes(col, erpColumn, sqlType)) {
					const done = await db.pool
						.query(`UPDATE erp."${table.erpTable}" SET "${erpColumn}" = ${expr} WHERE coda_row_id = $1 AND "${erpColumn}" IS DISTINCT FROM ${expr}`, [row.id])
						.then((r) => r.rowCount === 1, () => false);
					if (done) {
						changed.push(`${key} ${table.erpTable} ${row.id} ${erpColumn}:`);
						untouched.delete(key);
						break;
					}
				}
			}
		}
		assert.deepEqual([...untouched], [], 'a value of every type was changed');
		const mismatches = (await compareDoc(emu, db.pool, spec)).flatMap((c) => c.mismatches);
		for (const c of changed) {
			const cell = c.slice(c.indexOf(' ') + 1);
			assert.ok(mismatches.some((m) => m.startsWith(cell)), `no mismatch reported for ${c}\n${mismatches.join('\n')}`);
		}
		const rowsChanged = changed.map((c) => c.split(' ').slice(1, 3).join(' '));
		assert.deepEqual(mismatches.filter((m) => !rowsChanged.some((r) => m.startsWith(`${r} `))), [], 'mismatches only where values were changed');
	});
});

describe('docMirror rules the sample doc has no column for', () => {
	const types: Record<string, [string, string]> = {
		tags: ['ARRAY', '_text'], at: ['time without time zone', 'time'], spent: ['interval', 'interval'],
		cover_url: ['text', 'text'], files: ['ARRAY', '_text'], blob: ['jsonb', 'jsonb'],
	};
	const ctx: MirrorContext = {
		ids: new Map(), peopleByEmail: new Map(), scales: new Map(), deletedRowIds: new Set(),
		columnTypes: new Map(Object.entries(types).map(([c, [dataType, udt]]) => [`things.${c}`, { dataType, udt, scale: null }])),
	};
	const col = (type: ColumnSpec['format']['type'], erpColumn: string, isArray = false): ColumnSpec => ({ name: erpColumn, format: { type, isArray }, erpColumns: [erpColumn] });
	const check = (c: ColumnSpec, value: unknown, row: Record<string, unknown>) => compareColumn('things', c, value, { id: '1', coda_row_id: 'i-1', ...row }, ctx);
	const image = (url: string) => ({ '@context': 'http://schema.org', '@type': 'ImageObject', name: 'x', url, status: 'live' });

	it('compares multi-selects, times, durations in an interval, images and attachments', () => {
		assert.deepEqual(check(col('select', 'tags', true), ['```ops```', '```sales```'], { tags: ['ops', 'sales'] }), []);
		assert.equal(check(col('select', 'tags', true), ['```ops```', '```sales```'], { tags: ['ops'] }).length, 1);
		assert.equal(check(col('select', 'tags', true), [], { tags: null }).length, 0);
		assert.deepEqual(check(col('time', 'at'), '14:30:00', { at: '14:30:00' }), []);
		assert.equal(check(col('time', 'at'), '14:30:00', { at: '14:45:00' }).length, 1);
		assert.deepEqual(check(col('duration', 'spent'), '1 day 2 hrs 30 mins', { spent: 95_400 }), []);
		assert.equal(check(col('duration', 'spent'), '45 mins', { spent: 3600 }).length, 1);
		assert.match(check(col('duration', 'spent'), 'soon', { spent: 60 })[0], /is no duration/);
		assert.deepEqual(check(col('image', 'cover_url'), image('https://img.example/a.png'), { cover_url: 'https://img.example/a.png' }), []);
		assert.equal(check(col('image', 'cover_url'), image('https://img.example/a.png'), { cover_url: null }).length, 1);
		assert.deepEqual(check(col('attachments', 'files', true), [image('https://f.example/1'), image('https://f.example/2')], { files: ['https://f.example/1', 'https://f.example/2'] }), []);
		assert.equal(check(col('attachments', 'files', true), [image('https://f.example/1')], { files: [] }).length, 1);
	});

	it('throws for a pairing it has no rule for, naming it', () => {
		assert.throws(() => check(col('packObject', 'blob'), { a: 1 }, { blob: { a: 1 } }), /cannot compare Coda packObject column "blob" with erp things\.blob \(jsonb\)/);
		assert.throws(() => check(col('time', 'cover_url'), '14:30:00', { cover_url: '14:30:00' }), /cannot compare Coda time column/);
	});
});
