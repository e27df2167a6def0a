// ERP Upsert "Get Sync Plan" through n8n's execution engine: what the workflows receive.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { ErpUpsert as ErpUpsertType } from '../../nodes/ErpUpsert/ErpUpsert.node';
import { closeAllPools } from '../../nodes/shared/erp/pool';
import { runNode } from '../harness/n8nEngine';
import { primaryServer } from '../harness/postgres';
import { createErpDatabase, type ErpTestDatabase } from './helpers';

// By its full file name: `…/ErpUpsert.node` resolves to the codex ErpUpsert.node.json first.
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { ErpUpsert } = require('../../nodes/ErpUpsert/ErpUpsert.node.ts') as { ErpUpsert: typeof ErpUpsertType };

describe('ERP Upsert: Get Sync Plan in the engine', () => {
	let db: ErpTestDatabase;
	const plan = (parameters: Record<string, unknown>, input = [{ json: {} }]) =>
		runNode({ node: new ErpUpsert(), parameters: { operation: 'getSyncPlan', ...parameters }, input, credentials: { erpPostgres: db.credentials as never } });

	before(async () => {
		db = await createErpDatabase(primaryServer());
	});
	after(async () => {
		await closeAllPools();
		await db.drop();
	});

	it('fails with the command to run while no Coda doc is configured, but still gives the settings', async () => {
		const { error } = await plan({ planFor: 'dueBatch' });
		assert.match(String(error?.message), /No Coda doc is configured: run `erp-db config set coda_doc_id <doc id>`/);
		const { outputs } = await plan({ planFor: 'settings' });
		assert.deepEqual(outputs[0].map((i) => i.json), [{ docId: '', plannerApiUrl: '', memoryGatewayUrl: '' }]);
	});

	it('lists due batch tables and tables by delivery, each with the settings', async () => {
		await db.pool.query(`UPDATE erp.sync_settings SET value = CASE key WHEN 'coda_doc_id' THEN 'doc-1' WHEN 'planner_api_url' THEN 'http://planner/tasks' ELSE '' END`);
		const due = await plan({ planFor: 'dueBatch' });
		assert.equal(due.outputs[0].length, 36, 'the 31 batch tables, and the 5 real-time ones for their safety-net read');
		assert.deepEqual(due.outputs[0][0].json, {
			erpTable: 'assets',
			codaTable: 'Assets',
			delivery: 'batch',
			cadenceMinutes: 15,
			lastSyncAt: null,
			docId: 'doc-1',
			plannerApiUrl: 'http://planner/tasks',
			memoryGatewayUrl: '',
		});
		assert.deepEqual(due.outputs[1], []);
		const realtime = await plan({ planFor: 'tables', deliveries: ['realtime'] });
		assert.deepEqual(realtime.outputs[0].map((i) => i.json.erpTable), ['execution_runs', 'projects', 'sprints', 'tasks', 'ventures']);
	});

	it('checks each webhook body: object or JSON text accepted, the rest answered with status and reason', async () => {
		const { outputs } = await plan({ planFor: 'webhookRequest', requestBody: '={{ $json.body }}' }, [
			{ json: { body: { table: 'Tasks', rowId: 'i-one', event: 'row changed' } } },
			{ json: { body: '{"table": "tasks", "rowId": "i-two"}' } },
			{ json: { body: { table: 'Deals', rowId: 'i-three' } } },
			{ json: { body: 'not json' } },
		]);
		assert.deepEqual(
			outputs[0].map((i) => [i.json, i.pairedItem]),
			[
				[{ valid: true, erpTable: 'tasks', codaTable: 'Tasks', rowId: 'i-one', event: 'row changed', docId: 'doc-1', plannerApiUrl: 'http://planner/tasks', memoryGatewayUrl: '' }, { item: 0 }],
				[{ valid: true, erpTable: 'tasks', codaTable: 'Tasks', rowId: 'i-two', event: null, docId: 'doc-1', plannerApiUrl: 'http://planner/tasks', memoryGatewayUrl: '' }, { item: 1 }],
				[{ valid: false, status: 422, reason: 'Coda table "Deals" (erp.deals) is delivered by the batch sync, not real-time: see `erp-db config`' }, { item: 2 }],
				[{ valid: false, status: 400, reason: 'The body must be a JSON object like {"table": "Tasks", "rowId": "i-AbCdEf123"}' }, { item: 3 }],
			],
		);
	});
});
