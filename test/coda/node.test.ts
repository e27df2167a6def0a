// The Coda Table Fetch node through n8n's real execution engine, against the Coda emulator and
// (for the sync state) a migrated erp database.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { type INodeExecutionData, type INodeParameters, NodeHelpers } from 'n8n-workflow';
import type { CodaTableFetch } from '../../nodes/CodaTableFetch/CodaTableFetch.node';
import { MAX_ROW_PAGE_SIZE } from '../../nodes/shared/coda/client';
import { DEFAULT_RETRY_POLICY } from '../../nodes/shared/coda/retry';
import { type CodaEmulator, startCodaEmulator } from '../coda-emulator';
import { type ErpTestDatabase, createErpDatabase } from '../erp/helpers';
import { type CredentialsByType, callListSearch, runNode } from '../harness/n8nEngine';
import { primaryServer } from '../harness/postgres';

// Required by its full file name: at run time `…/CodaTableFetch.node` resolves to the codex
// CodaTableFetch.node.json before the TypeScript source.
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { CodaTableFetch: NodeClass } = require('../../nodes/CodaTableFetch/CodaTableFetch.node.ts') as {
	CodaTableFetch: typeof CodaTableFetch;
};
const node = new NodeClass();
const FAST = { maxAttempts: 3, maxRetrySeconds: 5, retryBaseDelayMs: 5 };

const json = (items: INodeExecutionData[]) => items.map((item) => item.json);
const summaries = (items: INodeExecutionData[]) => items.filter((item) => item.json.kind === 'summary');

describe('Coda Table Fetch node (n8n engine)', () => {
	let emu: CodaEmulator;
	let db: ErpTestDatabase;
	let credentials: CredentialsByType;

	const params = (extra: INodeParameters = {}): INodeParameters => ({
		doc: { __rl: true, mode: 'id', value: emu.docId },
		table: { __rl: true, mode: 'name', value: 'Tasks' },
		mode: 'allRows',
		options: FAST,
		...extra,
	});
	const run = (parameters: INodeParameters, extra: { input?: INodeExecutionData[]; continueOnFail?: boolean } = {}) =>
		runNode({ node, parameters, credentials, ...extra });

	before(async () => {
		emu = await startCodaEmulator({ rows: { tasks: 620, projects: 30 } });
		db = await createErpDatabase(primaryServer());
		credentials = {
			codaErpApi: { apiToken: emu.token, baseUrl: emu.baseUrl },
			erpPostgres: db.credentials as CredentialsByType[string],
		};
	});
	after(async () => {
		await emu.close();
		await db.drop();
	});

	it('outputs one item per row and a summary, paired with the input item', async () => {
		const { outputs, error } = await run(params());
		assert.equal(error, undefined);
		const [items] = outputs;
		assert.equal(items.length, 621);
		assert.ok(items.every((item) => JSON.stringify(item.pairedItem) === JSON.stringify({ item: 0 })));
		const summary = items[items.length - 1].json;
		assert.equal(summary.kind, 'summary');
		assert.equal(summary.tableName, 'Tasks');
		assert.equal(summary.rowCount, 620);
		assert.equal(summary.pages, 2);
		assert.equal(summary.complete, true);
		assert.equal(typeof summary.nextSyncToken, 'string');
		const row = items[0].json;
		assert.equal(row.kind, 'row');
		assert.match(String(row.id), /^i-/);
		assert.match(String(row.tableId), /^grid-/);
	});

	it('evaluates parameters per input item (table from an expression)', async () => {
		const { outputs } = await run(params({ table: { __rl: true, mode: 'name', value: '={{ $json.table }}' } }), {
			input: [{ json: { table: 'Projects' } }, { json: { table: 'Tasks' } }],
		});
		const found = summaries(outputs[0]).map((item) => [item.json.tableName, item.json.rowCount, item.pairedItem]);
		assert.deepEqual(found, [
			['Projects', 30, { item: 0 }],
			['Tasks', 620, { item: 1 }],
		]);
	});

	it('one row mode: the row, and a deleted item for a row Coda no longer has', async () => {
		const all = await run(params({ options: { ...FAST, maxRows: 1 } }));
		const rowId = String(all.outputs[0][0].json.id);
		const { outputs } = await run(params({ mode: 'oneRow', rowId: '={{ $json.rowId }}' }), {
			input: [{ json: { rowId } }, { json: { rowId: 'i-DoesNotExist' } }],
		});
		assert.deepEqual(
			json(outputs[0]).map((item) => [item.kind, item.id ?? null]),
			[
				['row', rowId],
				['summary', null],
				['deleted', 'i-DoesNotExist'],
				['summary', null],
			],
		);
	});

	it('row ids only: one rowIds item with every id', async () => {
		const { outputs } = await run(params({ mode: 'rowIds' }));
		const [ids, summary] = json(outputs[0]);
		assert.equal(ids.kind, 'rowIds');
		assert.equal((ids.rowIds as string[]).length, 620);
		assert.equal(ids.complete, true);
		assert.equal(summary.rowCount, 620);
	});

	it('a bad Row ID is a NodeOperationError naming the problem; with continue on fail it becomes an error item', async () => {
		const failed = await run(params({ mode: 'oneRow', rowId: 'Task 12' }));
		assert.equal(failed.error?.name, 'NodeOperationError');
		assert.equal(failed.error?.message, 'Row ID "Task 12" is not a Coda row id: row ids look like "i-AbCdEf123"');

		const continued = await run(params({ mode: 'oneRow', rowId: '={{ $json.rowId }}' }), {
			input: [{ json: { rowId: '' } }],
			continueOnFail: true,
		});
		assert.deepEqual(continued.outputs[0], [
			{
				json: { error: 'Row ID is empty: One Row mode needs the Coda row id (i-…) of the row to fetch' },
				pairedItem: { item: 0 },
			},
		]);
	});

	it('absorbs 429 bursts, 5xx and dropped connections through n8n’s request helper; a sticky 429 is a NodeApiError naming the table', async () => {
		emu.faults.burst429(2);
		const burst = await run(params({ options: { ...FAST, maxRows: 5 } }));
		assert.equal(summaries(burst.outputs[0])[0].json.retried429, 2);

		emu.faults.next5xx(1, 502);
		emu.faults.dropNext(2);
		const flaky = await run(params({ options: { ...FAST, maxAttempts: 5, maxRows: 5 } }));
		assert.equal(flaky.error, undefined, flaky.error?.message);
		assert.equal(summaries(flaky.outputs[0])[0].json.retriedOther, 3);

		emu.faults.sticky429(true);
		try {
			const { error } = await run(params());
			assert.equal(error?.name, 'NodeApiError');
			assert.match(String(error?.message), /^Coda kept answering 429 Too Many Requests for table Tasks \(grid-[\w-]+\) after 3 attempts over [\d.]+ s$/);
		} finally {
			emu.faults.reset();
		}
	});

	it('a Coda 404 for the table is a NodeApiError with Coda’s message', async () => {
		const { error } = await run(params({ table: { __rl: true, mode: 'id', value: 'grid-Missing0000' } }));
		assert.equal(error?.name, 'NodeApiError');
		assert.match(String(error?.message), /^Coda answered 404 for table grid-Missing0000 in doc \w+: .+/);
		assert.equal(error?.description, `Coda's message: ${String(error?.message).split(': ').slice(1).join(': ')}`);
	});

	it('changed since last sync: full read with the first token, then only what changed after the stored token', async () => {
		const first = await run(params({ mode: 'incremental' }));
		const firstSummary = summaries(first.outputs[0])[0].json;
		assert.equal(firstSummary.rowCount, 620);
		assert.match(String(firstSummary.fullFetchFallback), /No sync token is stored/);

		// What ERP Upsert stores after writing the rows (its checkpoint), simulated here.
		await db.pool.query(
			`INSERT INTO erp.sync_state (coda_doc_id, coda_table_id, erp_table, sync_token, columns) VALUES ($1, $2, 'tasks', $3, $4)`,
			[emu.docId, firstSummary.tableId, firstSummary.nextSyncToken, JSON.stringify({})],
		);
		emu.clearLog();
		const unchanged = await run(params({ mode: 'incremental' }));
		const summary = summaries(unchanged.outputs[0])[0].json;
		assert.equal(summary.rowCount, 0);
		assert.equal(summary.fullFetchFallback, null);
		assert.equal(emu.requestLog().length, 1, 'one request: the rows (the table is known from the previous run)');
		assert.equal(summary.requests, 1);
	});

	it('detect column changes: compares with the snapshot in erp.sync_state', async () => {
		const table = emu.tables().find((t) => t.name === 'Projects')!;
		const columns = summaries((await run(params({ table: { __rl: true, mode: 'id', value: table.id }, options: { ...FAST, maxRows: 1 } }))).outputs[0])[0].json
			.columns as Array<{ id: string; name: string }>;
		const snapshot = Object.fromEntries(columns.map((column) => [column.id, column.name]));
		await db.pool.query(
			`INSERT INTO erp.sync_state (coda_doc_id, coda_table_id, erp_table, columns) VALUES ($1, $2, 'projects', $3)`,
			[emu.docId, table.id, JSON.stringify(snapshot)],
		);
		emu.renameColumn(table.id, columns[1].id, 'Renamed Column');
		const { outputs } = await run(
			params({ table: { __rl: true, mode: 'id', value: table.id }, mode: 'rowIds', detectColumnChanges: true }),
		);
		assert.deepEqual(summaries(outputs[0])[0].json.columnChanges, {
			added: [],
			renamed: [{ id: columns[1].id, from: columns[1].name, to: 'Renamed Column' }],
			removed: [],
		});
	});

	it('pickers list docs and the doc’s tables from the API', async () => {
		const docs = await callListSearch({ node, method: 'searchDocs', credentials });
		assert.ok(docs.results.some((doc) => doc.value === emu.docId));
		const tables = await callListSearch({
			node,
			method: 'searchTables',
			filter: 'task',
			credentials,
			parameters: { doc: { __rl: true, mode: 'id', value: emu.docId } },
		});
		assert.deepEqual(
			tables.results.map((table) => table.name),
			['Tasks'],
		);
		assert.match(String(tables.results[0].value), /^grid-/);
	});

	it('asks for the ERP credential for Changed Since Last Sync and for Detect Column Changes only', () => {
		const erp = node.description.credentials!.find((credential) => credential.name === 'erpPostgres')!;
		const shown = (values: INodeParameters) => {
			const parameters = NodeHelpers.getNodeParameters(node.description.properties, values, true, false, { typeVersion: 1 }, node.description)!;
			return NodeHelpers.displayParameter(parameters, erp, { typeVersion: 1 }, node.description);
		};
		assert.equal(shown({ mode: 'incremental' }), true);
		assert.equal(shown({ mode: 'incremental', detectColumnChanges: false }), true);
		assert.equal(shown({ mode: 'allRows' }), false);
		assert.equal(shown({ mode: 'rowIds', detectColumnChanges: true }), true);
		assert.equal(shown({ mode: 'oneRow', detectColumnChanges: false }), false);
	});

	it('declares option defaults equal to the modules’ defaults', () => {
		const options = node.description.properties.find((p) => p.name === 'options')!.options as Array<{ name: string; default: unknown }>;
		const defaults = Object.fromEntries(options.map((option) => [option.name, option.default]));
		assert.equal(defaults.pageSize, MAX_ROW_PAGE_SIZE);
		assert.equal(defaults.maxAttempts, DEFAULT_RETRY_POLICY.maxAttempts);
		assert.equal(defaults.maxRetrySeconds, DEFAULT_RETRY_POLICY.maxTotalMs / 1000);
		assert.equal(defaults.retryBaseDelayMs, DEFAULT_RETRY_POLICY.baseDelayMs);
	});
});
