// Issue 4's "done when", end to end through n8n's execution engine: Coda Table Fetch reads the
// emulator's sample doc, ERP Upsert loads all 36 tables children-first (every relationship still
// resolves), a second full run writes nothing, and Execution Run Log keeps one accurate row per run.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { IDataObject, INode, INodeExecutionData } from 'n8n-workflow';
import type * as FetchModule from '../../nodes/CodaTableFetch/CodaTableFetch.node';
import type * as UpsertModule from '../../nodes/ErpUpsert/ErpUpsert.node';
import type * as RunLogModule from '../../nodes/ExecutionRunLog/ExecutionRunLog.node';
import { defaultCatalog, ident, qualified, type TableInfo } from '../../nodes/shared/erp/catalog';
import { closeAllPools } from '../../nodes/shared/erp/pool';
import { type CodaEmulator, startCodaEmulator } from '../coda-emulator';
import { type CredentialsByType, nodeTypeName, runWorkflow } from '../harness/n8nEngine';
import { testServers } from '../harness/postgres';
import { type ErpTestDatabase, createErpDatabase } from './helpers';

// `X.node` would resolve to the codex file X.node.json first: load the classes from their .ts files.
const { CodaTableFetch } = require('../../nodes/CodaTableFetch/CodaTableFetch.node.ts') as typeof FetchModule;
const { ErpUpsert } = require('../../nodes/ErpUpsert/ErpUpsert.node.ts') as typeof UpsertModule;
const { ExecutionRunLog } = require('../../nodes/ExecutionRunLog/ExecutionRunLog.node.ts') as typeof RunLogModule;

const fetchNode = new CodaTableFetch();
const upsertNode = new ErpUpsert();
const runLogNode = new ExecutionRunLog();
const nodeTypes = Object.fromEntries([fetchNode, upsertNode, runLogNode].map((n) => [nodeTypeName(n), n]));

const WORKFLOW_ID = 'wf-sample-doc-load';
const WORKFLOW_NAME = 'Sample doc load';
const FAST_RETRIES = { maxAttempts: 6, maxRetrySeconds: 30, retryBaseDelayMs: 50 };

const catalog = defaultCatalog();
const tables = catalog.upsertable();

/** Cross-table references (ref and person groups) as child → parent edges. */
const edges = tables.flatMap((t) =>
	[...t.groups.values()].flatMap((g) => ((g.kind === 'ref' || g.kind === 'person') && g.target !== t.name ? [{ child: t.name, parent: g.target }] : [])),
);

function reaches(from: string, to: string): boolean {
	const seen = new Set<string>();
	const stack = [from];
	while (stack.length) {
		const at = stack.pop()!;
		if (at === to) return true;
		if (seen.has(at)) continue;
		seen.add(at);
		for (const e of edges) if (e.child === at) stack.push(e.parent);
	}
	return false;
}

/** Parents-first order (depth-first post-order over the references), reversed: children come first. */
function childrenFirst(): string[] {
	const order: string[] = [];
	const visited = new Set<string>();
	const visit = (name: string) => {
		if (visited.has(name)) return;
		visited.add(name);
		for (const e of edges) if (e.child === name) visit(e.parent);
		order.push(name);
	};
	for (const t of [...tables].sort((a, b) => a.name.localeCompare(b.name))) visit(t.name);
	return order.reverse();
}

interface TableRun {
	table: string;
	executionId: string;
	fetchSummary: IDataObject;
	upsertSummary: IDataObject;
}

const json = (items: INodeExecutionData[] | undefined) => (items ?? []).map((i) => i.json);

/** Run Log Start → Coda Table Fetch (All Rows) → ERP Upsert → Run Log Finish, for one table. */
function tableWorkflow(emu: CodaEmulator, codaTable: { id: string; name: string }, erpTable: string) {
	const codaTableId = codaTable.id;
	const creds = (...types: string[]) => Object.fromEntries(types.map((t) => [t, { id: t, name: t }]));
	const logFields = { additionalFields: { erpTable, codaTableId } };
	const nodes: INode[] = [
		{ id: 'start', name: 'Start', type: nodeTypeName(runLogNode), typeVersion: 1, position: [0, 0], parameters: { operation: 'start', ...logFields }, credentials: creds('erpPostgres') },
		{
			id: 'fetch',
			name: 'Fetch',
			type: nodeTypeName(fetchNode),
			typeVersion: 1,
			position: [200, 0],
			// As the editor stores picks from the lists. (The By ID modes' regex checks run in a vm
			// with n8n's 250 ms timeout, which a starved CPU here has exceeded.)
			parameters: {
				doc: { __rl: true, mode: 'list', value: emu.docId, cachedResultName: 'Sample doc' },
				table: { __rl: true, mode: 'list', value: codaTableId, cachedResultName: codaTable.name },
				mode: 'allRows',
				options: FAST_RETRIES,
			},
			credentials: creds('codaErpApi', 'erpPostgres'),
		},
		{ id: 'upsert', name: 'Upsert', type: nodeTypeName(upsertNode), typeVersion: 1, position: [400, 0], parameters: { operation: 'upsert', table: erpTable }, credentials: creds('erpPostgres') },
		{ id: 'finish', name: 'Finish', type: nodeTypeName(runLogNode), typeVersion: 1, position: [600, 0], parameters: { operation: 'finish', ...logFields }, credentials: creds('erpPostgres') },
	];
	const to = (node: string) => ({ main: [[{ node, type: 'main' as const, index: 0 }]] });
	return { id: WORKFLOW_ID, name: WORKFLOW_NAME, nodes, connections: { Start: to('Fetch'), Fetch: to('Upsert'), Upsert: to('Finish') } };
}

async function loadAll(emu: CodaEmulator, order: string[], credentials: CredentialsByType): Promise<TableRun[]> {
	const codaTables = new Map(emu.tables().map((t) => [t.erpTable, t]));
	const runs: TableRun[] = [];
	for (const table of order) {
		const coda = codaTables.get(table);
		assert.ok(coda, `the sample doc has a Coda table for erp.${table}`);
		const { outputs, error } = await runWorkflow(tableWorkflow(emu, coda, table), { credentials, nodeTypes });
		assert.equal(error, undefined, `${table}: ${error?.message} ${error?.description ?? ''}`);
		const fetched = json(outputs.Fetch[0]);
		const [upsertRows, rejected] = outputs.Upsert.map(json);
		assert.deepEqual(rejected, [], `${table}: no row rejected`);
		const [runLog] = json(outputs.Finish[0]);
		runs.push({ table, executionId: String(runLog.n8n_execution_id), fetchSummary: fetched[fetched.length - 1], upsertSummary: upsertRows[0] });
	}
	return runs;
}

/** Row versions of the Coda rows of a table: xmin and ctid both change on any rewrite. */
async function rowVersions(db: ErpTestDatabase, table: string): Promise<Record<string, string>> {
	const { rows } = await db.pool.query<{ k: string; v: string }>(
		`SELECT coda_row_id AS k, xmin::text || '/' || ctid::text AS v FROM ${qualified(table)} WHERE coda_row_id IS NOT NULL ORDER BY coda_row_id`,
	);
	return Object.fromEntries(rows.map((r) => [r.k, r.v]));
}

/** Rows of `table` whose references break the contract, one SQL per ref/person group. */
async function brokenReferences(db: ErpTestDatabase, table: TableInfo) {
	const broken: Array<{ group: string; coda_row_id: string; source: string; id: string | null }> = [];
	for (const g of table.groups.values()) {
		if (g.kind !== 'ref' && g.kind !== 'person') continue;
		const id = ident(g.idColumn);
		// A ref must point at the row with its Coda row id; a person at a people row with its email
		// when one exists (none: the id stays empty).
		const sql =
			g.kind === 'ref'
				? `SELECT c.coda_row_id, c.${ident(g.codaIdColumn)} AS source, c.${id}::text AS id FROM ${qualified(table)} c
				   LEFT JOIN ${qualified(g.target)} p ON p.id = c.${id}
				   WHERE c.${ident(g.codaIdColumn)} IS NOT NULL AND p.coda_row_id IS DISTINCT FROM c.${ident(g.codaIdColumn)}`
				: `SELECT c.coda_row_id, c.${ident(g.emailColumn)} AS source, c.${id}::text AS id FROM ${qualified(table)} c
				   LEFT JOIN erp.people p ON p.id = c.${id}
				   WHERE c.${ident(g.emailColumn)} IS NOT NULL
				     AND (c.${id} IS NULL OR lower(p.email) IS DISTINCT FROM lower(c.${ident(g.emailColumn)}))
				     AND (c.${id} IS NOT NULL OR EXISTS (SELECT 1 FROM erp.people q WHERE lower(q.email) = lower(c.${ident(g.emailColumn)})))`;
		const { rows } = await db.pool.query(sql);
		broken.push(...rows.map((r) => ({ group: `${table.name}.${g.idColumn}`, ...r })));
	}
	return broken;
}

/**
 * Multi-valued lookups (`<x>_coda_ids`, no FK) whose elements name no row of the lookup's table.
 * The table comes from the Coda column bound to the array (sync_state) and its `tableId`.
 */
async function danglingMultiReferences(db: ErpTestDatabase, table: TableInfo, fetchSummary: IDataObject, erpTableOf: Map<string, string>) {
	const { rows: states } = await db.pool.query<{ column_bindings: Record<string, string> }>(`SELECT column_bindings FROM erp.sync_state WHERE erp_table = $1`, [table.name]);
	const columns = fetchSummary.columns as Array<{ id: string; tableId?: string }>;
	const checked: Array<{ column: string; filled: number; dangling: unknown[] }> = [];
	for (const g of table.groups.values()) {
		if (g.kind !== 'refMany') continue;
		const codaColumn = Object.entries(states[0].column_bindings).find(([, erp]) => erp === g.column)?.[0];
		if (!codaColumn) continue;
		const target = erpTableOf.get(columns.find((c) => c.id === codaColumn)?.tableId ?? '');
		assert.ok(target, `${table.name}.${g.column} is bound to Coda column ${codaColumn}, a lookup`);
		const col = ident(g.column);
		const { rows: dangling } = await db.pool.query(
			`SELECT c.coda_row_id, x AS element FROM ${qualified(table)} c CROSS JOIN LATERAL unnest(c.${col}) x
			 WHERE NOT EXISTS (SELECT 1 FROM ${qualified(target)} p WHERE p.coda_row_id = x)`,
		);
		const { rows } = await db.pool.query<{ n: number }>(`SELECT count(*)::int AS n FROM ${qualified(table)} WHERE cardinality(${col}) > 0`);
		checked.push({ column: `${table.name}.${g.column}`, filled: rows[0].n, dangling });
	}
	return checked;
}

/** Person cells whose email belongs to nobody in People (the sample doc's outsiders). */
async function unmatchedPeople(db: ErpTestDatabase, table: TableInfo): Promise<number> {
	let n = 0;
	for (const g of table.groups.values()) {
		if (g.kind !== 'person') continue;
		const email = ident(g.emailColumn);
		const { rows } = await db.pool.query<{ n: number }>(
			`SELECT count(*)::int AS n FROM ${qualified(table)} c
			 WHERE c.${email} IS NOT NULL AND NOT EXISTS (SELECT 1 FROM erp.people p WHERE lower(p.email) = lower(c.${email}))`,
		);
		n += rows[0].n;
	}
	return n;
}

describe('sample doc load: Coda Table Fetch → ERP Upsert → Execution Run Log (n8n engine)', () => {
	let emu: CodaEmulator;
	const order = childrenFirst();

	before(async () => {
		emu = await startCodaEmulator();
	});
	after(async () => {
		await emu.close();
	});

	it('orders the 36 tables so that every child comes before its parents (outside reference cycles)', () => {
		assert.equal(order.length, 36);
		assert.deepEqual([...order].sort(), emu.tables().map((t) => t.erpTable).sort());
		const parentFirst = edges.filter((e) => order.indexOf(e.parent) < order.indexOf(e.child));
		// Only a reference cycle (people ↔ organizations) forces a parent ahead of a child.
		assert.ok(parentFirst.every((e) => reaches(e.parent, e.child)), JSON.stringify(parentFirst));
		assert.ok(edges.length - parentFirst.length > 80, 'most references are loaded child first');
	});

	for (const server of testServers()) {
		it(`loads every table with every reference resolved, then re-syncs without writing, on ${server.name}`, async () => {
			const db = await createErpDatabase(server);
			try {
				const credentials: CredentialsByType = { codaErpApi: { apiToken: emu.token, baseUrl: emu.baseUrl }, erpPostgres: db.credentials };
				const codaRows = new Map(emu.tables().map((t) => [t.erpTable, t.rowCount]));

				const first = await loadAll(emu, order, credentials);
				for (const run of first) {
					const expected = codaRows.get(run.table);
					assert.equal(run.fetchSummary.kind, 'summary');
					assert.equal(run.fetchSummary.complete, true, `${run.table}: whole table read`);
					assert.equal(run.fetchSummary.rowCount, expected, `${run.table}: rows fetched`);
					assert.deepEqual(
						[run.upsertSummary.fetched, run.upsertSummary.inserted, run.upsertSummary.updated, run.upsertSummary.rejected],
						[expected, expected, 0, 0],
						`${run.table}: first run inserts every row`,
					);
				}

				// Children went first: their references waited, and their parents' upserts filled them in.
				assert.ok(Number(first[0].upsertSummary.referencesPending) > 0, `${first[0].table} was loaded before its parents`);
				assert.ok(first.reduce((n, r) => n + Number(r.upsertSummary.referencesResolved), 0) > 0, 'parents resolved waiting children');

				const erpTableOf = new Map(emu.tables().map((t) => [t.id, t.erpTable]));
				const multi: Awaited<ReturnType<typeof danglingMultiReferences>> = [];
				for (const table of tables) {
					const { rows } = await db.pool.query<{ n: number }>(`SELECT count(*)::int AS n FROM ${qualified(table)} WHERE coda_row_id IS NOT NULL`);
					assert.equal(rows[0].n, codaRows.get(table.name), `erp.${table.name} holds every Coda row`);
					assert.deepEqual(await brokenReferences(db, table), [], `erp.${table.name}: every reference resolved`);
					const run = first.find((r) => r.table === table.name)!;
					multi.push(...(await danglingMultiReferences(db, table, run.fetchSummary, erpTableOf)));
				}
				assert.ok(multi.length > 0 && multi.every((m) => m.filled > 0), `multi-valued lookups arrived: ${JSON.stringify(multi)}`);
				assert.deepEqual(multi.flatMap((m) => m.dangling), [], 'every multi-valued lookup names an existing row');
				const { rows: resolvedCounts } = await db.pool.query<{ refs: number; people: number }>(
					`SELECT (SELECT count(*)::int FROM erp.tasks WHERE project_id IS NOT NULL) AS refs, (SELECT count(*)::int FROM erp.tasks WHERE assignee_id IS NOT NULL) AS people`,
				);
				assert.ok(resolvedCounts[0].refs > 0 && resolvedCounts[0].people > 0, 'the checks above saw filled references');
				const { rows: quarantined } = await db.pool.query(`SELECT erp_table, coda_row_id, reason FROM erp.quarantine`);
				assert.deepEqual(quarantined, [], 'nothing quarantined');

				const versions = new Map<string, Record<string, string>>();
				const outsiders = new Map<string, number>();
				for (const table of tables) {
					versions.set(table.name, await rowVersions(db, table.name));
					outsiders.set(table.name, await unmatchedPeople(db, table));
				}
				assert.ok([...outsiders.values()].some((n) => n > 0), 'the sample doc names people outside People');

				const second = await loadAll(emu, order, credentials);
				for (const run of second) {
					const expected = codaRows.get(run.table);
					assert.deepEqual(
						{ inserted: run.upsertSummary.inserted, updated: run.upsertSummary.updated, unchanged: run.upsertSummary.unchanged, pending: run.upsertSummary.referencesPending, unmatched: run.upsertSummary.peopleUnmatched },
						{ inserted: 0, updated: 0, unchanged: expected, pending: 0, unmatched: outsiders.get(run.table) },
						`${run.table}: the second run writes nothing`,
					);
					assert.deepEqual(await rowVersions(db, run.table), versions.get(run.table), `${run.table}: no row version changed`);
				}

				const runs = [...first, ...second];
				const { rows: logged } = await db.pool.query(
					`SELECT n8n_execution_id, n8n_workflow_name, status, erp_table, coda_table_id, fetched_count, inserted_count, updated_count,
					   unchanged_count, rejected_count, deleted_count, started_at IS NOT NULL AND finished_at >= started_at AND duration_ms >= 0 AS timed
					 FROM erp.execution_runs WHERE n8n_workflow_id = $1 ORDER BY n8n_execution_id`,
					[WORKFLOW_ID],
				);
				const codaIds = new Map(emu.tables().map((t) => [t.erpTable, t.id]));
				const expectedLog = runs
					.map((r) => ({
						n8n_execution_id: r.executionId,
						n8n_workflow_name: WORKFLOW_NAME,
						status: 'success',
						erp_table: r.table,
						coda_table_id: codaIds.get(r.table),
						fetched_count: r.upsertSummary.fetched,
						inserted_count: r.upsertSummary.inserted,
						updated_count: r.upsertSummary.updated,
						unchanged_count: r.upsertSummary.unchanged,
						rejected_count: r.upsertSummary.rejected,
						deleted_count: r.upsertSummary.deleted,
						timed: true,
					}))
					.sort((a, b) => a.n8n_execution_id.localeCompare(b.n8n_execution_id));
				assert.equal(new Set(runs.map((r) => r.executionId)).size, 72, 'one execution per table per run');
				assert.deepEqual(logged, expectedLog, 'one accurate run-log row per execution');
				const { rows: others } = await db.pool.query<{ n: number }>(`SELECT count(*)::int AS n FROM erp.execution_runs WHERE coda_row_id IS NULL AND n8n_workflow_id IS DISTINCT FROM $1`, [WORKFLOW_ID]);
				assert.equal(others[0].n, 0, 'no other run-log rows');
			} finally {
				await closeAllPools();
				await db.drop();
			}
		});
	}
});
