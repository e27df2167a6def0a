import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { PoolClient } from 'pg';
import { readSyncState, writeSyncState } from '../../nodes/shared/erp/checkpoint';
import { testServers } from '../harness/postgres';
import { DOC_ID, TASKS_TABLE, withErpDatabase, type ErpTestDatabase } from './helpers';

async function withClient<T>(db: ErpTestDatabase, work: (client: PoolClient) => Promise<T>): Promise<T> {
	const client = await db.pool.connect();
	try {
		return await work(client);
	} finally {
		client.release();
	}
}

interface StateRow {
	erp_table: string;
	coda_table_name: string | null;
	display_column_id: string | null;
	sync_token: string | null;
	columns: Record<string, string>;
	column_bindings: Record<string, string>;
	full: boolean;
	incremental: boolean;
	reconciled: boolean;
	row_count: number | null;
	last_row_count_coda: number | null;
}

const stateRow = async (db: ErpTestDatabase): Promise<StateRow[]> =>
	(
		await db.pool.query<StateRow>(
			`SELECT erp_table, coda_table_name, display_column_id, sync_token, columns, column_bindings,
			        last_full_sync_at IS NOT NULL AS full, last_incremental_sync_at IS NOT NULL AS incremental,
			        last_reconcile_at IS NOT NULL AS reconciled, row_count, last_row_count_coda
			 FROM erp.sync_state WHERE coda_doc_id = $1 AND coda_table_id = $2`,
			[DOC_ID, TASKS_TABLE],
		)
	).rows;

for (const server of testServers()) {
	describe(`the checkpoint (erp.sync_state) on ${server.name}`, () => {
		it('writes one row per Coda table and changes only the facts each write gives', () =>
			withErpDatabase(server, async (db) => {
				await withClient(db, async (client) => {
					assert.equal(await readSyncState(client, DOC_ID, TASKS_TABLE), undefined, 'no row before the first write');
					await writeSyncState(client, {
						docId: DOC_ID,
						tableId: TASKS_TABLE,
						erpTable: 'tasks',
						tableName: 'Tasks',
						displayColumnId: 'c-name',
						columns: { 'c-name': 'Name' },
						bindings: { 'c-name': 'name' },
						checkpoint: { token: 'tok-1', incremental: false, codaRowCount: 12 },
						liveRows: 12,
					});
					assert.deepEqual(await stateRow(db), [
						{
							erp_table: 'tasks', coda_table_name: 'Tasks', display_column_id: 'c-name', sync_token: 'tok-1', columns: { 'c-name': 'Name' },
							column_bindings: { 'c-name': 'name' }, full: true, incremental: false, reconciled: false, row_count: 12, last_row_count_coda: 12,
						},
					]);

					// A run that read no complete change set: the token, names and counts from Coda stay; new bindings merge in.
					await writeSyncState(client, { docId: DOC_ID, tableId: TASKS_TABLE, erpTable: 'tasks', bindings: { 'c-due': 'due_date' }, liveRows: 11 });
					// Reconcile records its time and the live rows only.
					await writeSyncState(client, { docId: DOC_ID, tableId: TASKS_TABLE, erpTable: 'tasks', reconciled: true, liveRows: 10 });
					// An incremental read moves the token and records its own time.
					await writeSyncState(client, { docId: DOC_ID, tableId: TASKS_TABLE, erpTable: 'tasks', checkpoint: { token: 'tok-2', incremental: true, codaRowCount: null } });
					assert.deepEqual(await stateRow(db), [
						{
							erp_table: 'tasks', coda_table_name: 'Tasks', display_column_id: 'c-name', sync_token: 'tok-2', columns: { 'c-name': 'Name' },
							column_bindings: { 'c-name': 'name', 'c-due': 'due_date' }, full: true, incremental: true, reconciled: true, row_count: 10, last_row_count_coda: 12,
						},
					]);

					assert.deepEqual(await readSyncState(client, DOC_ID, TASKS_TABLE), {
						columns: { 'c-name': 'Name' },
						column_bindings: { 'c-name': 'name', 'c-due': 'due_date' },
						sync_token: 'tok-2',
					});
					assert.equal(await readSyncState(client, DOC_ID, 'grid-other'), undefined, 'another table of the doc has no row');
				});
			}));

		it('keeps a column snapshot and values with quotes as given', () =>
			withErpDatabase(server, async (db) => {
				const columns = { 'c-a': `it's "quoted"`, 'c-b': '$1 \\ {}' };
				await withClient(db, (client) => writeSyncState(client, { docId: DOC_ID, tableId: TASKS_TABLE, erpTable: 'tasks', tableName: `O'Brien's "Tasks"`, columns }));
				const [row] = await stateRow(db);
				assert.deepEqual([row.coda_table_name, row.columns, row.sync_token, row.full, row.incremental], [`O'Brien's "Tasks"`, columns, null, false, false]);
			}));
	});
}
