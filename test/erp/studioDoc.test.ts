// Issue 9's "done when", on a doc the schema was not designed from: the emulator's studio doc
// (its own table and column names, free labels with emoji, several people per cell, percent,
// EUR/GBP, Europe/Berlin dates near midnight). Plan and apply, one full load through n8n's
// execution engine (Coda Table Fetch → ERP Upsert per table), then the measure of
// test/e2e/support/mirrorMeasure.ts; then edits in Coda with no webhook (a changed cell, a new
// select label, a new column, a renamed column, a deleted row) and one incremental run.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { INode } from 'n8n-workflow';
import { applyDocChanges } from '../../drizzle/cli/docApply';
import type * as FetchModule from '../../nodes/CodaTableFetch/CodaTableFetch.node';
import type * as UpsertModule from '../../nodes/ErpUpsert/ErpUpsert.node';
import { closeAllPools } from '../../nodes/shared/erp/pool';
import { startCodaEmulator, type CodaEmulator } from '../coda-emulator';
import { describeMeasure, measureMirror } from '../e2e/support/mirrorMeasure';
import { nodeTypeName, runWorkflow, type CredentialsByType } from '../harness/n8nEngine';
import { primaryServer } from '../harness/postgres';
import { createErpDatabase, type ErpTestDatabase } from './helpers';

const { CodaTableFetch } = require('../../nodes/CodaTableFetch/CodaTableFetch.node.ts') as typeof FetchModule;
const { ErpUpsert } = require('../../nodes/ErpUpsert/ErpUpsert.node.ts') as typeof UpsertModule;
const fetchNode = new CodaTableFetch();
const upsertNode = new ErpUpsert();
const nodeTypes = Object.fromEntries([fetchNode, upsertNode].map((n) => [nodeTypeName(n), n]));
const FAST_RETRIES = { maxAttempts: 6, maxRetrySeconds: 30, retryBaseDelayMs: 50 };

/** Coda Table Fetch → ERP Upsert for one table, as the batch workflow runs it. */
function syncWorkflow(docId: string, codaTableId: string, erpTable: string, mode: 'allRows' | 'incremental' | 'rowIds') {
	const creds = (...types: string[]) => Object.fromEntries(types.map((t) => [t, { id: t, name: t }]));
	const nodes: INode[] = [
		{
			id: 'fetch',
			name: 'Fetch',
			type: nodeTypeName(fetchNode),
			typeVersion: 1,
			position: [0, 0],
			parameters: {
				doc: { __rl: true, mode: 'list', value: docId },
				table: { __rl: true, mode: 'list', value: codaTableId },
				mode,
				options: FAST_RETRIES,
			},
			credentials: creds('codaErpApi', 'erpPostgres'),
		},
		{ id: 'upsert', name: 'Upsert', type: nodeTypeName(upsertNode), typeVersion: 1, position: [200, 0], parameters: { operation: 'upsert', table: erpTable }, credentials: creds('erpPostgres') },
	];
	return { id: 'wf-studio', name: 'Studio doc sync', nodes, connections: { Fetch: { main: [[{ node: 'Upsert', type: 'main' as const, index: 0 }]] } } };
}

describe('the studio doc, a doc the erp schema was not designed from', () => {
	let coda: CodaEmulator;
	let db: ErpTestDatabase;
	let credentials: CredentialsByType;

	/** Every configured table, read and written once; returns the upsert summaries by erp table. */
	async function syncAll(mode: 'allRows' | 'incremental') {
		const { rows } = await db.pool.query<{ erp_table: string; coda_table: string }>(`SELECT erp_table, coda_table FROM erp.sync_config ORDER BY erp_table`);
		const tables = coda.tables();
		const summaries = new Map<string, Record<string, unknown>>();
		for (const { erp_table, coda_table } of rows) {
			const table = tables.find((t) => t.id === coda_table || t.name === coda_table);
			assert.ok(table, `erp.sync_config names Coda table ${coda_table} for ${erp_table}, and the doc has it`);
			const { outputs, error } = await runWorkflow(syncWorkflow(coda.docId, table.id, erp_table, mode), { credentials, nodeTypes });
			assert.equal(error, undefined, `${erp_table}: ${error?.message} ${error?.description ?? ''}`);
			summaries.set(erp_table, outputs.Upsert[0][0].json);
		}
		return summaries;
	}

	const apply = () => applyDocChanges(db.pool, { coda: { baseUrl: coda.baseUrl, token: coda.token, docId: coda.docId }, force: true });

	before(async () => {
		coda = await startCodaEmulator({ doc: 'studio', rateLimit: false });
		db = await createErpDatabase(primaryServer());
		await db.pool.query(`UPDATE erp.sync_settings SET value = $1 WHERE key = 'coda_doc_id'`, [coda.docId]);
		credentials = { codaErpApi: { apiToken: coda.token, baseUrl: coda.baseUrl }, erpPostgres: db.credentials };
	});
	after(async () => {
		await closeAllPools();
		await db?.drop();
		await coda?.close();
	});

	it('after plan, apply and one full load: every row live, ≥ 98 % of values typed and equal, nothing lost or quarantined', async (t) => {
		const applied = await apply();
		assert.equal(applied.status, 'applied', applied.lines.join('\n'));
		await syncAll('allRows');
		const m = await measureMirror(coda, db.pool);
		const report = describeMeasure(m);
		t.diagnostic(report);
		assert.deepEqual(m.missingRows, [], report);
		assert.equal(m.rowsLive, m.rows, report);
		assert.deepEqual(m.lost, [], report);
		assert.equal(m.quarantined, 0, report);
		assert.ok(m.typedEqual >= 0.98 * m.values, report);
		// The display column feeds name, whatever the doc calls it ("Task", "Project title", "Invoice #").
		const { rows: tables } = await db.pool.query<{ t: string }>(`SELECT DISTINCT erp_table AS t FROM erp.sync_state ORDER BY 1`);
		assert.equal(tables.length, 36);
		const { rows: named } = await db.pool.query<{ t: string }>(`SELECT table_name AS t FROM information_schema.columns WHERE table_schema = 'erp' AND column_name = 'name' AND table_name = ANY($1)`, [tables.map((r) => r.t)]);
		assert.ok(named.length >= 33, `${named.length} of the 36 tables have a name column`);
		const unnamed = await db.pool.query(named.map((r) => `SELECT '${r.t}' AS t, count(*)::int AS n FROM erp."${r.t}" WHERE name IS NULL AND deleted_at IS NULL`).join(' UNION ALL '));
		assert.deepEqual(unnamed.rows.filter((r) => r.n > 0), []);
		const { rows: issues } = await db.pool.query<{ reason: string }>(`SELECT reason FROM erp.cell_issues`);
		assert.equal(issues.length, m.withIssue, 'every value stored as NULL has its reason');
		assert.ok(issues.every((i) => i.reason.length > 10), JSON.stringify(issues.slice(0, 5)));
		// The calendar day in the doc's zone (Europe/Berlin), the percent as 15, the labels as the doc spells them.
		const { rows: tasks } = await db.pool.query(`SELECT due_date::text FROM erp.tasks ORDER BY coda_row_id`);
		assert.ok(tasks.some((t) => t.due_date === '2026-03-29'), 'a date at local midnight on the day DST starts keeps its day');
		const { rows: options } = await db.pool.query(`SELECT value, meaning FROM erp.tasks_status_options WHERE value IN ('To Do', 'In Review', 'Waiting on client') ORDER BY value`);
		assert.deepEqual(options.map((o) => o.value), ['In Review', 'To Do', 'Waiting on client']);
	});

	it('follows edits made in Coda with no webhook, a new label, a new column, a rename and a deletion after one scheduled run', async (t) => {
		const tasks = coda.tables().find((t) => t.name === 'Tasks')!;
		const rowIds = (await db.pool.query<{ id: string }>(`SELECT coda_row_id AS id FROM erp.tasks ORDER BY coda_row_id LIMIT 2`)).rows.map((r) => r.id);
		// A row no other row looks up: Coda drops lookups to a deleted row without touching the
		// rows that held them, which no read but a full one sees (README: deleted rows).
		const { rows: tables } = await db.pool.query<{ t: string }>(`SELECT DISTINCT erp_table AS t FROM erp.sync_state`);
		const referenced = tables.map((r) => `SELECT 1 FROM erp."${r.t}" o WHERE o.coda_row::text LIKE '%' || t.coda_row_id || '%' AND o.coda_row_id <> t.coda_row_id`).join(' UNION ALL ');
		const { rows: lonely } = await db.pool.query<{ id: string }>(`SELECT coda_row_id AS id FROM erp.tasks t WHERE NOT EXISTS (${referenced}) AND coda_row_id <> ALL($1) ORDER BY coda_row_id LIMIT 1`, [rowIds]);
		rowIds.push(lonely[0].id);
		coda.editCell(tasks.id, rowIds[0], 'Notes', 'edited in Coda, no webhook sent');
		const label = { name: '🧪 Trying it', backgroundColor: '#DDEDFD', foregroundColor: '#0F58BD' };
		coda.addSelectOption(tasks.id, 'Status', label);
		coda.editCell(tasks.id, rowIds[1], 'Status', label.name);
		coda.renameColumn(tasks.id, 'Due', 'Due by');
		coda.addColumn(tasks.id, { name: 'Effort points', format: { type: 'number', isArray: false }, values: { [rowIds[0]]: 5 } });
		coda.deleteRow(tasks.id, rowIds[2]);

		const applied = await apply();
		assert.equal(applied.status, 'applied', applied.lines.join('\n'));
		const summaries = await syncAll('incremental');
		assert.ok(Number(summaries.get('tasks')?.updated) >= 2, JSON.stringify(summaries.get('tasks')));
		// Coda sends no event for a deleted row: the nightly reconcile finds it gone.
		const reconcile = syncWorkflow(coda.docId, tasks.id, 'tasks', 'rowIds');
		reconcile.nodes[1].parameters = { operation: 'reconcile', table: 'tasks' };
		const reconciled = await runWorkflow(reconcile, { credentials, nodeTypes });
		assert.equal(reconciled.error, undefined, reconciled.error?.message);

		const m = await measureMirror(coda, db.pool);
		const report = describeMeasure(m);
		t.diagnostic(report);
		assert.deepEqual([m.missingRows, m.lost, m.typedUnequal.length], [[], [], 0], report);
		const { rows } = await db.pool.query(`SELECT coda_row_id, notes, status FROM erp.tasks WHERE coda_row_id = ANY($1) ORDER BY coda_row_id`, [rowIds.slice(0, 2)]);
		assert.deepEqual(rows.map((r) => [r.notes, r.status]), [['edited in Coda, no webhook sent', rows[0].status], [rows[1].notes, '🧪 Trying it']]);
		const { rows: renamed } = await db.pool.query(`SELECT count(*)::int AS n FROM erp.tasks WHERE due_date IS NOT NULL`);
		assert.ok(renamed[0].n > 0, 'the renamed column still feeds due_date, by its Coda column id');
		const { rows: effort } = await db.pool.query(`SELECT effort_points::int AS n FROM erp.tasks WHERE coda_row_id = $1`, [rowIds[0]]);
		assert.deepEqual(effort, [{ n: 5 }], 'the column added in Coda got a typed column and its value');
		const { rows: gone } = await db.pool.query(`SELECT deleted_at IS NOT NULL AS deleted FROM erp.tasks WHERE coda_row_id = $1`, [rowIds[2]]);
		assert.deepEqual(gone, [{ deleted: true }], 'the row deleted in Coda is soft-deleted');
	});
});
