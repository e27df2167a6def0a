import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { PoolClient } from 'pg';
import { quarantineRows, releaseRows } from '../../nodes/shared/erp/quarantine';
import type { Rejection } from '../../nodes/shared/sync/items';
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

const rejection = (codaRowId: string | null, reason: string, raw: unknown = { id: codaRowId }): Rejection => ({ index: 0, codaRowId, docId: DOC_ID, tableId: TASKS_TABLE, reason, raw });

const quarantined = async (db: ErpTestDatabase) =>
	(
		await db.pool.query<{ erp_table: string; coda_row_id: string; coda_doc_id: string; reason: string; raw_row: unknown; attempts: number; seen_again: boolean }>(
			`SELECT erp_table, coda_row_id, coda_doc_id, reason, raw_row, attempts, last_seen_at > first_seen_at AS seen_again FROM erp.quarantine ORDER BY erp_table, coda_row_id`,
		)
	).rows;

for (const server of testServers()) {
	describe(`the quarantine (erp.quarantine) on ${server.name}`, () => {
		it('keeps each rejected row once per table with its latest reason, counting attempts, until it is stored', () =>
			withErpDatabase(server, async (db) => {
				await withClient(db, async (client) => {
					const raw = { id: 'i-1', values: { note: `it's "odd" \\ \u00e9` } };
					assert.equal(await quarantineRows(client, 'tasks', [rejection('i-1', 'first reason', raw), rejection('i-2', 'bad date'), rejection(null, 'no id: not kept')]), 2);
					assert.equal(await quarantineRows(client, 'projects', [rejection('i-1', 'other table')]), 1);
					// The first attempts an hour ago, so a later attempt shows in last_seen_at.
					await client.query(`UPDATE erp.quarantine SET first_seen_at = first_seen_at - interval '1 hour', last_seen_at = last_seen_at - interval '1 hour'`);
					assert.equal(await quarantineRows(client, 'tasks', [rejection('i-1', 'older reason'), rejection('i-1', 'second reason', raw)]), 1, 'one row per id, the last rejection wins');
					assert.equal(await quarantineRows(client, 'tasks', []), 0);
					assert.deepEqual(await quarantined(db), [
						{ erp_table: 'projects', coda_row_id: 'i-1', coda_doc_id: DOC_ID, reason: 'other table', raw_row: { id: 'i-1' }, attempts: 1, seen_again: false },
						{ erp_table: 'tasks', coda_row_id: 'i-1', coda_doc_id: DOC_ID, reason: 'second reason', raw_row: raw, attempts: 2, seen_again: true },
						{ erp_table: 'tasks', coda_row_id: 'i-2', coda_doc_id: DOC_ID, reason: 'bad date', raw_row: { id: 'i-2' }, attempts: 1, seen_again: false },
					]);

					assert.equal(await releaseRows(client, 'tasks', ['i-1', 'i-9']), 1, 'only quarantined rows are released');
					assert.equal(await releaseRows(client, 'tasks', []), 0);
					assert.deepEqual(
						(await quarantined(db)).map((r) => [r.erp_table, r.coda_row_id]),
						[
							['projects', 'i-1'],
							['tasks', 'i-2'],
						],
						"a row released from one table stays quarantined in another",
					);
				});
			}));
	});
}
