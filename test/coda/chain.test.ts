// Coda Table Fetch → ERP Upsert through n8n's engine: an incremental sync needs nothing more
// than these two nodes (ERP Upsert stores the sync token the next fetch reads).
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { INode } from 'n8n-workflow';
import { type CodaEmulator, startCodaEmulator } from '../coda-emulator';
import { type ErpTestDatabase, createErpDatabase } from '../erp/helpers';
import { type CredentialsByType, PACKAGE_NAME, runWorkflow } from '../harness/n8nEngine';
import { primaryServer } from '../harness/postgres';
import { codaWrite } from './httpTransport';

describe('Coda Table Fetch → ERP Upsert (n8n engine)', () => {
	let emu: CodaEmulator;
	let db: ErpTestDatabase;
	let credentials: CredentialsByType;

	const workflow = () => {
		const nodes: INode[] = [
			{
				id: 'fetch',
				name: 'Fetch',
				type: `${PACKAGE_NAME}.codaTableFetch`,
				typeVersion: 1,
				position: [0, 0],
				parameters: {
					doc: { __rl: true, mode: 'id', value: emu.docId },
					table: { __rl: true, mode: 'name', value: 'Projects' },
					mode: 'incremental',
				},
				credentials: { codaErpApi: { id: 'coda', name: 'coda' }, erpPostgres: { id: 'erp', name: 'erp' } },
			},
			{
				id: 'upsert',
				name: 'Upsert',
				type: `${PACKAGE_NAME}.erpUpsert`,
				typeVersion: 1,
				position: [200, 0],
				parameters: { operation: 'upsert', table: 'projects' },
				credentials: { erpPostgres: { id: 'erp', name: 'erp' } },
			},
		];
		return { nodes, connections: { Fetch: { main: [[{ node: 'Upsert', type: 'main' as const, index: 0 }]] } } };
	};
	const sync = async () => {
		const result = await runWorkflow(workflow(), { credentials });
		assert.equal(result.error, undefined, result.error?.message);
		const fetched = result.outputs.Fetch[0];
		return { summary: fetched[fetched.length - 1].json, rows: fetched.length - 1 };
	};

	before(async () => {
		emu = await startCodaEmulator({ rows: { projects: 40 } });
		db = await createErpDatabase(primaryServer());
		credentials = { codaErpApi: { apiToken: emu.token, baseUrl: emu.baseUrl }, erpPostgres: db.credentials as CredentialsByType[string] };
	});
	after(async () => {
		await emu.close();
		await db.drop();
	});

	it('reads everything first, then only the edited row, then nothing with one request', async () => {
		const first = await sync();
		assert.equal(first.rows, 40);
		const { rows: stored } = await db.pool.query('SELECT count(*)::int AS n FROM erp.projects');
		assert.equal(stored[0].n, 40);
		const { rows: state } = await db.pool.query('SELECT sync_token FROM erp.sync_state WHERE coda_table_id = $1', [first.summary.tableId]);
		assert.equal(state[0]?.sync_token, first.summary.nextSyncToken);

		const { rows: [project] } = await db.pool.query('SELECT coda_row_id FROM erp.projects ORDER BY id LIMIT 1');
		await codaWrite(emu.baseUrl, emu.token, 'PUT', `/docs/${emu.docId}/tables/Projects/rows/${project.coda_row_id}`, {
			row: { cells: [{ column: 'Name', value: 'Renamed project' }] },
		});
		await emu.mutationsSettled();
		const second = await sync();
		assert.equal(second.rows, 1);
		assert.equal(second.summary.fullFetchFallback, null);
		const { rows: renamed } = await db.pool.query('SELECT name FROM erp.projects WHERE coda_row_id = $1', [project.coda_row_id]);
		assert.equal(renamed[0].name, 'Renamed project');

		emu.clearLog();
		const third = await sync();
		assert.equal(third.rows, 0);
		assert.equal(emu.requestLog().length, 1);
	});
});
