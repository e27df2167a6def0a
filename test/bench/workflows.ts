// The benchmark's own n8n workflows, written as n8n 2.x exports: the bulk load through ERP Upsert,
// the same rows through n8n's Postgres node v2.6 "Insert or update" (what a user wires without
// this package: a Code node maps the Coda items to columns), and the built-in two-node real-time
// path (Webhook → Postgres upsert) the real-time workflow is compared with. Each starts with a
// Webhook that answers when the last node has finished, so the benchmark can drive it on a running n8n.

export const BENCH_WORKFLOW_IDS = { erpBulk: 'benchErpBulk0001', pgBulk: 'benchPgBulk00001', builtinHook: 'benchBuiltinHook' } as const;
export const BENCH_PATHS = { erpBulk: 'bench-bulk-erp', pgBulk: 'bench-bulk-postgres', builtinHook: 'bench-builtin-upsert' } as const;
/** n8n's Postgres credential (type `postgres`) the built-in paths use, on the same erp database. */
export const BUILTIN_POSTGRES_CREDENTIAL = 'Bench Postgres';
/** Node names whose execution time the benchmark reads. */
export const BENCH_NODES = { erpUpsert: 'ERP Upsert', mapColumns: 'Map To Columns', postgresUpsert: 'Postgres Insert Or Update' } as const;

const coda = { codaErpApi: { id: null, name: 'Coda API' }, erpPostgres: { id: null, name: 'ERP Database' } };
const erpDatabase = { erpPostgres: { id: null, name: 'ERP Database' } };
const postgres = { postgres: { id: null, name: BUILTIN_POSTGRES_CREDENTIAL } };

function webhook(path: string, responseData: 'noData' | 'firstEntryJson', auth: boolean) {
	return {
		parameters: { httpMethod: 'POST', path, responseMode: 'lastNode', responseData, ...(auth ? { authentication: 'headerAuth' } : {}), options: {} },
		id: `${path}-webhook`,
		name: 'Webhook',
		type: 'n8n-nodes-base.webhook',
		typeVersion: 2,
		position: [0, 0],
		webhookId: `${path}-webhook-id`,
		...(auth ? { credentials: { httpHeaderAuth: { id: null, name: 'Coda Webhook Secret' } } } : {}),
	};
}

function fetchAllRows(docId: string, codaTable: string) {
	return {
		parameters: { doc: { __rl: true, mode: 'id', value: docId }, table: { __rl: true, mode: 'name', value: codaTable }, mode: 'allRows', options: {} },
		id: 'bench-fetch',
		name: 'Fetch All Rows',
		type: 'n8n-nodes-coda-erp.codaTableFetch',
		typeVersion: 1,
		position: [220, 0],
		credentials: coda,
	};
}

/** Postgres node v2.6, Insert or update (upsert) matched on coda_row_id. */
function postgresUpsert(table: string, columns: Record<string, unknown>, position: number[]) {
	return {
		parameters: {
			operation: 'upsert',
			schema: { __rl: true, mode: 'name', value: 'erp' },
			table: { __rl: true, mode: 'name', value: table },
			columns: { matchingColumns: ['coda_row_id'], schema: [], ...columns },
			options: {},
		},
		id: `bench-postgres-${table}`,
		name: BENCH_NODES.postgresUpsert,
		type: 'n8n-nodes-base.postgres',
		typeVersion: 2.6,
		position,
		credentials: postgres,
	};
}

const chain = (...names: string[]) =>
	Object.fromEntries(names.slice(0, -1).map((name, i) => [name, { main: [[{ node: names[i + 1], type: 'main', index: 0 }]] }]));

const workflow = (id: string, name: string, nodes: Array<{ name: string } & Record<string, unknown>>) => ({
	id,
	name,
	nodes,
	connections: chain(...nodes.map((n) => n.name)),
	settings: { executionOrder: 'v1' },
	pinData: {},
	active: false,
});

/**
 * The Code node a user writes for the Postgres node: one column per value, lookups as Coda row
 * ids, people as emails, the whole row as jsonb. `columnIds` maps the Coda column names of the
 * table to their ids (the items are keyed by id).
 */
function mapTasksCode(columnIds: Record<string, string>): string {
	return `const c = ${JSON.stringify(columnIds)};
const rowId = (v) => (v && typeof v === 'object' ? v.rowId : v) ?? null;
return $input.all().filter((i) => i.json.kind === 'row').map(({ json: r }) => {
	const v = r.values;
	return { json: {
		coda_row_id: r.id, coda_created_at: r.createdAt, coda_updated_at: r.updatedAt, coda_row: r.rawValues ?? v,
		name: v[c['Name']] ?? null, status: v[c['Status']] ?? null, priority: v[c['Priority']] ?? null,
		project_coda_id: rowId(v[c['Project']]), sprint_coda_id: rowId(v[c['Sprint']]), process_template_coda_id: rowId(v[c['Process Template']]),
		assignee_email: v[c['Assignee']]?.email ?? null, due_date: v[c['Due Date']] ?? null, completed_at: v[c['Completed At']] ?? null,
		estimate_hours: v[c['Estimate Hours']] ?? null, actual_hours: v[c['Actual Hours']] ?? null,
		blocked_by_coda_ids: (v[c['Blocked By']] ?? []).map(rowId), notes: v[c['Notes']] ?? null,
	} };
});`;
}

/** The three workflows for a doc (its id, and the ids of the Tasks table's columns by name). */
export function benchWorkflows(docId: string, taskColumnIds: Record<string, string>) {
	const erpBulk = workflow(BENCH_WORKFLOW_IDS.erpBulk, 'Bench: bulk through ERP Upsert', [
		webhook(BENCH_PATHS.erpBulk, 'noData', false),
		fetchAllRows(docId, 'Tasks'),
		{
			parameters: { operation: 'upsert', table: 'tasks', options: {} },
			id: 'bench-erp-upsert',
			name: BENCH_NODES.erpUpsert,
			type: 'n8n-nodes-coda-erp.erpUpsert',
			typeVersion: 1,
			position: [440, 0],
			credentials: erpDatabase,
		},
	]);
	const pgBulk = workflow(BENCH_WORKFLOW_IDS.pgBulk, "Bench: bulk through n8n's Postgres node", [
		webhook(BENCH_PATHS.pgBulk, 'noData', false),
		fetchAllRows(docId, 'Tasks'),
		{
			parameters: { jsCode: mapTasksCode(taskColumnIds) },
			id: 'bench-map-columns',
			name: BENCH_NODES.mapColumns,
			type: 'n8n-nodes-base.code',
			typeVersion: 2,
			position: [440, 0],
		},
		postgresUpsert('tasks', { mappingMode: 'autoMapInputData', value: {} }, [660, 0]),
	]);
	// Its rows get ids of their own (`bench-<rowId>`), so they never touch what the real-time workflow syncs.
	const builtinHook = workflow(BENCH_WORKFLOW_IDS.builtinHook, 'Bench: built-in Webhook → Postgres upsert', [
		webhook(BENCH_PATHS.builtinHook, 'firstEntryJson', true),
		postgresUpsert(
			'tasks',
			{
				mappingMode: 'defineBelow',
				value: { coda_row_id: "={{ 'bench-' + $json.body.rowId }}", name: '={{ $json.body.name }}', coda_updated_at: '={{ $now.toISO() }}' },
			},
			[220, 0],
		),
	]);
	return [erpBulk, pgBulk, builtinHook];
}
