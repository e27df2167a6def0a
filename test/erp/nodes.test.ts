// ERP Upsert and Execution Run Log through n8n's real execution engine (test/harness/n8nEngine).
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { INodeExecutionData } from 'n8n-workflow';
import type * as ErpUpsertModule from '../../nodes/ErpUpsert/ErpUpsert.node';
import type * as RunLogModule from '../../nodes/ExecutionRunLog/ExecutionRunLog.node';
import { callListSearch, callLoadOptions, nodeTypeName, runNode, runWorkflow } from '../harness/n8nEngine';
import { testServers } from '../harness/postgres';
import { lookup, rowItem, summaryItem, TASKS_TABLE, withErpDatabase } from './helpers';

// `X.node` would resolve to the codex file X.node.json first: load the classes from their .ts files.
const { ErpUpsert } = require('../../nodes/ErpUpsert/ErpUpsert.node.ts') as typeof ErpUpsertModule;
const { ExecutionRunLog } = require('../../nodes/ExecutionRunLog/ExecutionRunLog.node.ts') as typeof RunLogModule;

const T0 = '2026-02-01T10:00:00.000Z';
const asInput = (items: unknown[]): INodeExecutionData[] => items.map((json) => ({ json: json as INodeExecutionData['json'] }));

describe('ERP Upsert pickers', () => {
	it('lists the erp tables and the writable columns of the chosen table', async () => {
		const { results: tables } = await callListSearch({ node: new ErpUpsert(), method: 'searchTables' });
		assert.equal(tables.length, 36, 'every Coda-mirrored erp table');
		assert.ok(tables.some((t) => t.value === 'process_templates' && t.name === 'Process Templates'));
		const { results: found } = await callListSearch({ node: new ErpUpsert(), method: 'searchTables', filter: 'Process Temp' });
		assert.deepEqual(found.map((t) => t.value), ['process_templates'], 'the search narrows the list by name');
		// The table as a resource locator value, and as the plain name workflows saved before it was one.
		for (const table of [{ __rl: true, mode: 'list', value: 'tasks' }, 'tasks']) {
			const columns = await callLoadOptions({ node: new ErpUpsert(), method: 'getColumns', parameters: { table } });
			const values = columns.map((c) => c.value);
			assert.ok(values.includes('due_date') && values.includes('project_coda_id') && values.includes('assignee_email') && values.includes(''));
			assert.ok(!values.includes('id') && !values.includes('coda_row') && !values.includes('project_id'), 'sync and resolved id columns are not offered');
		}
	});
});

for (const server of testServers()) {
	describe(`ERP nodes in the n8n engine on ${server.name}`, () => {
		it('ERP Upsert: summary with pairedItem, per-row results, rejected rows on the second output', () =>
			withErpDatabase(server, async (db) => {
				const items = [
					rowItem({ id: 'i-a', updatedAt: T0, values: { Name: 'A', Status: 'todo', Project: lookup('i-p1', 'grid-projects') } }),
					rowItem({ id: 'i-b', updatedAt: 'yesterday', values: { Name: 'B', 'Due Date': 'soon' } }),
					rowItem({ id: 'i-c', updatedAt: T0, values: { Name: 'C', 'Due Date': 'soon' } }),
					summaryItem(TASKS_TABLE, { complete: true, nextSyncToken: 'tok', rowCount: 3 }),
				];
				const { outputs, error } = await runNode({
					node: new ErpUpsert(),
					parameters: { operation: 'upsert', table: '={{ "tas" + "ks" }}', options: { perRowResults: true } },
					credentials: { erpPostgres: db.credentials },
					input: asInput(items),
				});
				assert.equal(error, undefined);
				const [rows, rejected] = outputs;
				assert.equal(rows[0].json.kind, 'erpUpsertSummary');
				assert.deepEqual(
					{ inserted: rows[0].json.inserted, rejected: rows[0].json.rejected, cellIssues: rows[0].json.cellIssues, fetched: rows[0].json.fetched, checkpoint: rows[0].json.checkpoint, pending: rows[0].json.referencesPending },
					{ inserted: 2, rejected: 1, cellIssues: 1, fetched: 3, checkpoint: 'tok', pending: 1 },
				);
				assert.deepEqual(rows[0].pairedItem, [{ item: 0 }, { item: 1 }, { item: 2 }, { item: 3 }]);
				assert.deepEqual(rows.slice(1).map((r) => [r.json.codaRowId, r.json.action, r.pairedItem]), [
					['i-a', 'inserted', { item: 0 }],
					['i-b', 'rejected', { item: 1 }],
					['i-c', 'inserted', { item: 2 }],
				]);
				assert.equal(rejected.length, 1);
				assert.equal(rejected[0].json.codaRowId, 'i-b');
				assert.match(String(rejected[0].json.reason), /item 1 \(i-b\): updatedAt "yesterday" is not a timestamp/);
				assert.deepEqual(rejected[0].pairedItem, { item: 1 });
			}));

		it('ERP Upsert: a hostile table expression fails the node, or becomes an error item with continue on fail', () =>
			withErpDatabase(server, async (db) => {
				const parameters = { operation: 'upsert', table: '={{ "tasks; DROP TABLE erp.people" }}' };
				const input = asInput([rowItem({ id: 'i-a', updatedAt: T0, values: { Name: 'A' } })]);
				const failed = await runNode({ node: new ErpUpsert(), parameters, credentials: { erpPostgres: db.credentials }, input });
				assert.match(String(failed.error?.message), /Unknown erp table "tasks; DROP TABLE erp.people": choose one of/);
				const continued = await runNode({ node: new ErpUpsert(), parameters, credentials: { erpPostgres: db.credentials }, input, continueOnFail: true });
				assert.equal(continued.error, undefined);
				assert.match(String(continued.outputs[0][0].json.error), /Unknown erp table/);
				const { rows } = await db.pool.query(`SELECT to_regclass('erp.people') IS NOT NULL AS ok`);
				assert.equal(rows[0].ok, true);
			}));

		it('ERP Upsert: the table from the picker or by name, as resource locator values', () =>
			withErpDatabase(server, async (db) => {
				for (const [mode, id] of [['list', 'i-list'], ['name', 'i-name']]) {
					const { outputs, error } = await runNode({
						node: new ErpUpsert(),
						parameters: { operation: 'upsert', table: { __rl: true, mode, value: 'tasks' } },
						credentials: { erpPostgres: db.credentials },
						input: asInput([rowItem({ id, updatedAt: T0, values: { Name: mode, 'Due Date': '2026-03-01', Project: lookup('i-p1', 'grid-projects'), Mood: 'fine' } })]),
					});
					assert.equal(error, undefined, `${mode}: ${error?.message}`);
					assert.deepEqual([outputs[0][0].json.table, outputs[0][0].json.inserted], ['tasks', 1]);
					// The summary says which erp column each Coda column went to (none: kept in coda_row only).
					assert.deepEqual(outputs[0][0].json.columnMapping, { Name: 'name', 'Due Date': 'due_date', Project: 'project_coda_id', Mood: null });
				}
				const { rows } = await db.pool.query(`SELECT coda_row_id, name FROM erp.tasks ORDER BY coda_row_id`);
				assert.deepEqual(rows, [{ coda_row_id: 'i-list', name: 'list' }, { coda_row_id: 'i-name', name: 'name' }]);
			}));

		it('ERP errors reach n8n as two kinds: input errors say what to fix, database errors carry the SQLSTATE', () =>
			withErpDatabase(server, async (db) => {
				const credentials = { erpPostgres: db.credentials };
				const input = asInput([rowItem({ id: 'i-a', updatedAt: T0, values: { Name: 'A' } })]);
				const refused = await runNode({ node: new ErpUpsert(), parameters: { operation: 'reconcile', table: 'tasks' }, credentials, input });
				assert.equal(refused.error?.name, 'NodeOperationError');
				assert.match(String(refused.error?.message), /^Reconcile refused: the input holds no complete list of Coda row ids/);
				assert.equal(refused.error?.description, undefined, 'an input error needs no database detail');

				await db.pool.query(`DROP TABLE erp.sync_state CASCADE`);
				const broken = await runNode({ node: new ErpUpsert(), parameters: { operation: 'upsert', table: 'tasks' }, credentials, input });
				assert.equal(broken.error?.name, 'NodeOperationError');
				assert.match(String(broken.error?.message), /^ERP database error: relation "erp\.sync_state" does not exist/);
				assert.match(String(broken.error?.description), /^PostgreSQL 42P01\. Nothing of this run was written \(one transaction\)\.$/);
				const { rows } = await db.pool.query(`SELECT count(*)::int AS n FROM erp.tasks`);
				assert.equal(rows[0].n, 0);
			}));

		it('Execution Run Log: start defaults to $workflow/$execution, finish takes counts from ERP Upsert, error form from an Error Trigger item', () =>
			withErpDatabase(server, async (db) => {
				const credentials = { erpPostgres: db.credentials };
				const started = await runNode({ node: new ExecutionRunLog(), parameters: { operation: 'start' }, credentials });
				assert.equal(started.error, undefined);
				assert.equal(started.outputs[0][0].json.status, 'running');
				assert.equal(started.outputs[0][0].json.n8n_workflow_id, 'engine-harness');

				const upsertType = nodeTypeName(new ErpUpsert());
				const logType = nodeTypeName(new ExecutionRunLog());
				const workflow = {
					nodes: [
						{ id: '1', name: 'ERP Upsert', type: upsertType, typeVersion: 1, position: [0, 0] as [number, number], parameters: { table: 'tasks' }, credentials: { erpPostgres: { id: 'erpPostgres', name: 'erpPostgres' } } },
						{ id: '2', name: 'Run Log', type: logType, typeVersion: 1, position: [200, 0] as [number, number], parameters: { operation: 'finish', additionalFields: { erpTable: 'tasks' } }, credentials: { erpPostgres: { id: 'erpPostgres', name: 'erpPostgres' } } },
					],
					connections: { 'ERP Upsert': { main: [[{ node: 'Run Log', type: 'main' as const, index: 0 }]] } },
				};
				const run = await runWorkflow(workflow, {
					credentials,
					input: asInput([rowItem({ id: 'i-a', updatedAt: T0, values: { Name: 'A' } }), rowItem({ id: 'i-b', updatedAt: T0, values: { Name: 'B' } })]),
				});
				assert.equal(run.error, undefined);
				const finished = run.outputs['Run Log'][0][0].json;
				assert.deepEqual([finished.status, finished.n8n_workflow_id], ['success', 'engine-harness']);
				// `mode` comes from $execution.mode, which n8n reports as 'test' for a manual run.
				const { rows } = await db.pool.query(`SELECT status, fetched_count, inserted_count, erp_table, mode FROM erp.execution_runs WHERE n8n_execution_id = $1`, [finished.n8n_execution_id]);
				assert.deepEqual(rows, [{ status: 'success', fetched_count: 2, inserted_count: 2, erp_table: 'tasks', mode: 'test' }]);

				const errorItem = { execution: { id: '501', error: { message: 'boom' }, lastNodeExecuted: 'ERP Upsert', mode: 'trigger' }, workflow: { id: 'wf-x', name: 'Sync' } };
				const logged = await runNode({ node: new ExecutionRunLog(), parameters: { operation: 'logError' }, credentials, input: asInput([errorItem]) });
				assert.deepEqual([logged.outputs[0][0].json.status, logged.outputs[0][0].pairedItem], ['error', { item: 0 }]);
				const bad = await runNode({ node: new ExecutionRunLog(), parameters: { operation: 'logError' }, credentials, input: asInput([{ nope: true }]) });
				assert.match(String(bad.error?.message), /Log Error expects the Error Trigger's output/);
				const refreshed = await runNode({ node: new ExecutionRunLog(), parameters: { operation: 'refreshAnalytics' }, credentials });
				assert.equal(refreshed.error, undefined);
			}));
	});
}
