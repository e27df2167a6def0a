import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { defaultCatalog } from '../../nodes/shared/erp/catalog';
import { closeAllPools, getPool } from '../../nodes/shared/erp/pool';
import { runReconcile } from '../../nodes/shared/erp/reconcile';
import { runUpsert } from '../../nodes/shared/erp/upsertRun';
import { testServers } from '../harness/postgres';
import { createErpDatabase, DOC_ID, rowItem, summaryItem, TASKS_TABLE } from './helpers';

const catalog = defaultCatalog();
const T0 = '2026-02-01T10:00:00.000Z';
const rowIds = (ids: string[], complete = true) => ({ kind: 'rowIds', docId: DOC_ID, tableId: TASKS_TABLE, tableName: 'Tasks', rowIds: ids, complete });
const task = (id: string) => rowItem({ id, updatedAt: T0, values: { Name: id } });

for (const server of testServers()) {
	describe(`Reconcile on ${server.name}`, () => {
		it('soft-deletes rows missing from the complete id list, refuses incomplete or empty lists', async () => {
			const db = await createErpDatabase(server);
			try {
				const pool = () => getPool(db.credentials);
				await runUpsert(pool(), catalog, 'tasks', ['i-a', 'i-b', 'i-c', 'i-d'].map(task));
				await assert.rejects(runReconcile(pool(), catalog, 'tasks', [rowIds(['i-a'], false)]), /item 0 is marked incomplete/);
				await assert.rejects(runReconcile(pool(), catalog, 'tasks', [task('i-a')]), /no complete list of Coda row ids/);
				await assert.rejects(runReconcile(pool(), catalog, 'tasks', [rowIds([])]), /list for tasks is empty while the table has 4 live rows; turn on "Allow Empty List"/);
				let { rows } = await db.pool.query(`SELECT count(*)::int AS n FROM erp.tasks WHERE deleted_at IS NULL`);
				assert.equal(rows[0].n, 4, 'a refused reconcile deletes nothing');

				const summary = await runReconcile(pool(), catalog, 'tasks', [rowIds(['i-a', 'i-c', 'i-new'])]);
				assert.deepEqual(summary, { table: 'tasks', codaRows: 3, softDeleted: 2, softDeletedIds: ['i-b', 'i-d'], liveRows: 2 });
				({ rows } = await db.pool.query(`SELECT last_reconcile_at IS NOT NULL AS reconciled, row_count FROM erp.sync_state`));
				assert.deepEqual(rows[0], { reconciled: true, row_count: 2 });

				// Rows followed by a complete summary are a full list too; a deleted row reappearing is restored by upsert.
				const again = await runReconcile(pool(), catalog, 'tasks', [task('i-a'), task('i-c'), summaryItem(TASKS_TABLE, { complete: true })]);
				assert.equal(again.softDeleted, 0);
				const restored = await runUpsert(pool(), catalog, 'tasks', [task('i-b')]);
				assert.equal(restored.summary.restored, 1);

				const all = await runReconcile(pool(), catalog, 'tasks', [rowIds([])], { allowEmpty: true });
				assert.equal(all.softDeleted, 3);
				assert.equal(all.liveRows, 0);
			} finally {
				await closeAllPools();
				await db.drop();
			}
		});
	});
}
