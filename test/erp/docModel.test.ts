import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { readDocColumns, storeDocColumns } from '../../nodes/shared/erp/docModel';
import type { SummaryColumn } from '../../nodes/shared/sync/items';
import { testServers } from '../harness/postgres';
import { createErpDatabase } from './helpers';

const listed: SummaryColumn[] = [
	{ id: 'c-task', name: 'Task', type: 'text', display: true, format: { type: 'text', isArray: false } },
	{ id: 'c-owner', name: 'Owner', type: 'lookup', tableId: 'grid-people', format: { type: 'lookup', isArray: false, table: { id: 'grid-people', name: 'People' } } },
];

for (const server of testServers()) {
	describe(`the doc model (erp.coda_columns) on ${server.name}`, () => {
		it('keeps what Coda lists, rewrites a column only when it changed, and marks one Coda no longer lists', async () => {
			const db = await createErpDatabase(server);
			try {
				const store = async (columns: SummaryColumn[]) => {
					const client = await db.pool.connect();
					try {
						await storeDocColumns(client, 'd-1', 'grid-tasks', columns);
						return (await client.query<{ id: string; v: string; removed: boolean }>(`SELECT coda_column_id AS id, xmin::text AS v, removed_at IS NOT NULL AS removed FROM erp.coda_columns ORDER BY 1`)).rows;
					} finally {
						client.release();
					}
				};
				const first = await store(listed);
				const again = await store(listed);
				assert.deepEqual(again, first, 'listing the same columns again writes nothing');
				const renamed = await store([listed[0], { ...listed[1], name: 'Lead' }]);
				assert.deepEqual(renamed.map((r) => [r.id, r.v === first.find((f) => f.id === r.id)!.v]), [['c-owner', false], ['c-task', true]]);
				const dropped = await store([listed[0]]);
				assert.deepEqual(dropped.map((r) => [r.id, r.removed]), [['c-owner', true], ['c-task', false]]);
				const client = await db.pool.connect();
				try {
					const model = await readDocColumns(client, 'd-1', 'grid-tasks');
					assert.deepEqual(model.map((c) => [c.id, c.name, c.display, c.lookupTableId]), [['c-task', 'Task', true, null]]);
				} finally {
					client.release();
				}
			} finally {
				await db.drop();
			}
		});
	});
}
