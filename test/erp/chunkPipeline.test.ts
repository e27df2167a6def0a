// The chunk pipeline (nodes/shared/erp/chunkPipeline.ts) through runUpsert with small chunks: a
// row the database refuses whole is bisected down to that row, in whichever chunk it is; an
// error that is not about a row's data is never bisected and fails the run with nothing written.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { defaultCatalog } from '../../nodes/shared/erp/catalog';
import { getPool } from '../../nodes/shared/erp/pool';
import { runUpsert } from '../../nodes/shared/erp/upsertRun';
import { testServers } from '../harness/postgres';
import { rowItem, summaryItem, TASKS_TABLE, withErpDatabase, type ErpTestDatabase } from './helpers';

const catalog = defaultCatalog();
const T0 = '2026-02-01T10:00:00.000Z';
const ids = Array.from({ length: 11 }, (_, i) => `i-r${String(i).padStart(2, '0')}`);
const rows = () => ids.map((id) => rowItem({ id, updatedAt: T0, values: { Name: `Task ${id}`, Status: 'todo', Notes: `note ${id}` } }));

/** A trigger refusing one row whatever its cells hold, with the given SQLSTATE. */
async function refuseRow(db: ErpTestDatabase, rowId: string, errcode: string) {
	await db.pool.query(`CREATE FUNCTION erp.refuse_row() RETURNS trigger LANGUAGE plpgsql AS $$
		BEGIN
			IF NEW.coda_row_id = '${rowId}' THEN RAISE EXCEPTION 'row % is refused by a rule of the user', NEW.coda_row_id USING ERRCODE = '${errcode}'; END IF;
			RETURN NEW;
		END $$`);
	await db.pool.query(`CREATE TRIGGER refuse_row BEFORE INSERT OR UPDATE ON erp.tasks FOR EACH ROW EXECUTE FUNCTION erp.refuse_row()`);
}

for (const server of testServers()) {
	describe(`chunk pipeline on ${server.name}`, () => {
		it('bisects a chunk down to the one row the database refuses whole, and writes every other chunk and row', () =>
			withErpDatabase(server, async (db) => {
				// check_violation (class 23): a data error, so the chunk holding i-r06 is bisected.
				await refuseRow(db, 'i-r06', '23514');
				const { summary, rejected } = await runUpsert(getPool(db.credentials), catalog, 'tasks', rows(), { chunkSize: 4 });
				assert.deepEqual([summary.inserted, summary.rejected, summary.cellIssues], [10, 1, 0]);
				assert.equal(rejected[0].codaRowId, 'i-r06');
				assert.match(rejected[0].reason, /^PostgreSQL refused the row: row i-r06 is refused by a rule of the user/);
				const stored = await db.pool.query<{ k: string }>(`SELECT coda_row_id AS k FROM erp.tasks ORDER BY 1`);
				assert.deepEqual(stored.rows.map((r) => r.k), ids.filter((id) => id !== 'i-r06'));
			}));

		it('fails the run on an error that is not about a row, writing nothing and keeping the sync token', () =>
			withErpDatabase(server, async (db) => {
				// raise_exception (P0001): not a data error, so no chunk is bisected and the transaction rolls back.
				await refuseRow(db, 'i-r09', 'P0001');
				const items = [...rows(), summaryItem(TASKS_TABLE, { mode: 'incremental', complete: true, nextSyncToken: 'tok-after', rowCount: ids.length })];
				await assert.rejects(runUpsert(getPool(db.credentials), catalog, 'tasks', items, { chunkSize: 4 }), /row i-r09 is refused by a rule of the user/);
				const { rows: stored } = await db.pool.query(`SELECT (SELECT count(*)::int FROM erp.tasks) AS n, (SELECT count(*)::int FROM erp.sync_state WHERE sync_token IS NOT NULL) AS tokens`);
				assert.deepEqual(stored, [{ n: 0, tokens: 0 }]);
			}));
	});
}
