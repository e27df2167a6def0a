import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { PoolClient } from 'pg';
import { defaultCatalog } from '../../nodes/shared/erp/catalog';
import { resolveReferences, tableCounts } from '../../nodes/shared/erp/references';
import { testServers } from '../harness/postgres';
import { createErpDatabase, DOC_ID, TASKS_TABLE, type ErpTestDatabase } from './helpers';

const catalog = defaultCatalog();

/** resolveReferences as ERP Upsert calls it: inside the run's transaction. */
async function resolve(db: ErpTestDatabase, table: string, parents: string[]): Promise<number> {
	const client: PoolClient = await db.pool.connect();
	try {
		await client.query('BEGIN');
		const n = await resolveReferences(client, catalog, catalog.table(table), parents);
		await client.query('COMMIT');
		return n;
	} finally {
		client.release();
	}
}

async function counts(db: ErpTestDatabase, table: string) {
	const client = await db.pool.connect();
	try {
		return await tableCounts(client, catalog.table(table));
	} finally {
		client.release();
	}
}

const tasks = async (db: ErpTestDatabase) =>
	(
		await db.pool.query<{ k: string; project: string | null; email: string | null; assignee: string | null }>(
			`SELECT t.coda_row_id AS k, p.coda_row_id AS project, t.assignee_email AS email, a.coda_row_id AS assignee
			 FROM erp.tasks t LEFT JOIN erp.projects p ON p.id = t.project_id LEFT JOIN erp.people a ON a.id = t.assignee_id ORDER BY 1`,
		)
	).rows;

for (const server of testServers()) {
	describe(`references (Coda row ids → foreign keys) on ${server.name}`, () => {
		it('fills the children waiting for new parents, and a table its own references whose parent exists by now', async () => {
			const db = await createErpDatabase(server);
			try {
				await db.pool.query(`INSERT INTO erp.tasks (coda_row_id, project_coda_id, assignee_email) VALUES
					('i-t1', 'i-p1', 'ADA@example.com'), ('i-t2', 'i-p2', 'bob@example.com'), ('i-t3', NULL, NULL), ('i-t4', 'i-p1', NULL)`);
				assert.deepEqual(await counts(db, 'tasks'), { live: 4, pending: 3, unmatchedPeople: 2 });

				await db.pool.query(`INSERT INTO erp.projects (coda_row_id) VALUES ('i-p1'), ('i-p2')`);
				assert.equal(await resolve(db, 'projects', ['i-p1']), 2, 'the two tasks waiting for i-p1; i-p2 was not written by this run');
				assert.deepEqual(await counts(db, 'tasks'), { live: 4, pending: 1, unmatchedPeople: 2 });

				// Two people share an address in Coda: the oldest row is the person.
				await db.pool.query(`INSERT INTO erp.people (coda_row_id, email) VALUES ('i-ada', 'ada@example.com'), ('i-ada2', 'Ada@Example.com')`);
				assert.equal(await resolve(db, 'people', ['i-ada', 'i-ada2']), 1);
				assert.equal(await resolve(db, 'tasks', []), 1, "the tasks' own pending reference to i-p2, whose project exists by now");
				assert.deepEqual(await tasks(db), [
					{ k: 'i-t1', project: 'i-p1', email: 'ADA@example.com', assignee: 'i-ada' },
					{ k: 'i-t2', project: 'i-p2', email: 'bob@example.com', assignee: null },
					{ k: 'i-t3', project: null, email: null, assignee: null },
					{ k: 'i-t4', project: 'i-p1', email: null, assignee: null },
				]);
				assert.deepEqual(await counts(db, 'tasks'), { live: 4, pending: 0, unmatchedPeople: 1 });
				await db.pool.query(`UPDATE erp.tasks SET deleted_at = now() WHERE coda_row_id = 'i-t2'`);
				assert.deepEqual(await counts(db, 'tasks'), { live: 3, pending: 0, unmatchedPeople: 0 }, 'soft-deleted rows are not counted');
			} finally {
				await db.drop();
			}
		});

		it('fills a person kept as a lookup into People from the lookup row id in coda_row once that person is stored', async () => {
			const db = await createErpDatabase(server);
			try {
				await db.pool.query(
					`INSERT INTO erp.sync_state (coda_doc_id, coda_table_id, erp_table, column_bindings) VALUES ($1, $2, 'tasks', '{"c-assignee": "assignee_email"}')`,
					[DOC_ID, TASKS_TABLE],
				);
				await db.pool.query(`INSERT INTO erp.coda_columns (coda_doc_id, coda_table_id, coda_column_id, name, type) VALUES ($1, $2, 'c-assignee', 'Assignee', 'lookup')`, [DOC_ID, TASKS_TABLE]);
				await db.pool.query(`INSERT INTO erp.tasks (coda_row_id, coda_row) VALUES
					('i-t1', '{"c-assignee": {"rowId": "i-ada", "tableId": "grid-people"}}'),
					('i-t2', '{"c-assignee": [{"rowId": "i-ada", "tableId": "grid-people"}]}'),
					('i-t3', '{"c-assignee": {"rowId": "i-bob", "tableId": "grid-people"}}')`);
				await db.pool.query(`INSERT INTO erp.people (coda_row_id, email) VALUES ('i-ada', 'ada@example.com'), ('i-bob', NULL)`);
				assert.equal(await resolve(db, 'people', ['i-ada', 'i-bob']), 2, 'a person without an email fills nothing');
				assert.deepEqual(await tasks(db), [
					{ k: 'i-t1', project: null, email: 'ada@example.com', assignee: 'i-ada' },
					{ k: 'i-t2', project: null, email: 'ada@example.com', assignee: 'i-ada' },
					{ k: 'i-t3', project: null, email: null, assignee: null },
				]);
			} finally {
				await db.drop();
			}
		});
	});
}
