import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { defaultCatalog } from '../../nodes/shared/erp/catalog';
import { closeAllPools, getPool } from '../../nodes/shared/erp/pool';
import { runUpsert } from '../../nodes/shared/erp/upsertRun';
import { testServers } from '../harness/postgres';
import { currency, deletedItem, DOC_ID, lookup, person, rowItem, rowVersions, summaryItem, TASKS_TABLE, withErpDatabase, type ErpTestDatabase } from './helpers';

const catalog = defaultCatalog();

const T0 = '2026-02-01T10:00:00.000Z';
const T1 = '2026-02-02T10:00:00.000Z';
const T2 = '2026-02-03T10:00:00.000Z';

/** Waits until `count` sessions of the test database wait for a lock (fails after 5 s). */
async function lockWaiters(db: ErpTestDatabase, count: number) {
	for (let i = 0; i < 200; i++) {
		const { rows } = await db.pool.query(`SELECT count(*)::int AS n FROM pg_stat_activity WHERE datname = current_database() AND wait_event_type = 'Lock'`);
		if (rows[0].n >= count) return;
		await new Promise((r) => setTimeout(r, 25));
	}
	assert.fail(`${count} sessions never waited for a lock`);
}

const task = (id: string, updatedAt: string, values: Record<string, unknown> = {}) =>
	rowItem({ id, updatedAt, values: { Name: `Task ${id}`, Status: 'todo', ...values } });

for (const server of testServers()) {
	describe(`ERP Upsert writer on ${server.name}`, () => {
		it('inserts rows mapped by column name, keeping every Coda value in coda_row', () =>
			withErpDatabase(server, async (db) => {
				const items = [
					task('i-t1', T0, { Name: 'Write spec', Status: 'In Progress', 'Due Date': '2026-03-01', 'Estimate Hours': 4.5, Assignee: person('Ana@Example.com'), Project: lookup('i-p1', 'grid-projects'), 'Blocked By': [lookup('i-t2', 'grid-tasks'), lookup('i-t3', 'grid-tasks')], 'Completed At': '2026-02-01T09:30:00+02:00', Extra: 'kept' }),
					task('i-t2', T0, { 'Due Date': null, Assignee: null, Project: null, 'Blocked By': [] }),
				];
				const { summary } = await runUpsert(getPool(db.credentials), catalog, 'tasks', items);
				assert.equal(summary.inserted, 2);
				assert.deepEqual([summary.referencesPending, summary.peopleUnmatched], [1, 1], 'the project of i-t1 is not there yet, and nobody in People is Ana');
				const { rows } = await db.pool.query(`SELECT coda_row_id, name, status, due_date::text, estimate_hours::text, assignee_email, assignee_id, project_coda_id, project_id, blocked_by_coda_ids, completed_at, coda_row, coda_updated_at FROM erp.tasks ORDER BY coda_row_id`);
				assert.deepEqual(rows[0], {
					coda_row_id: 'i-t1', name: 'Write spec', status: 'In Progress', due_date: '2026-03-01', estimate_hours: '4.50',
					assignee_email: 'Ana@Example.com', assignee_id: null, project_coda_id: 'i-p1', project_id: null,
					blocked_by_coda_ids: ['i-t2', 'i-t3'], completed_at: new Date('2026-02-01T07:30:00Z'),
					coda_row: {
						'c-name': 'Write spec', 'c-status': 'In Progress', 'c-due-date': '2026-03-01', 'c-estimate-hours': 4.5,
						'c-assignee': { email: 'Ana@Example.com', name: 'Ana@Example.com' }, 'c-project': { rowId: 'i-p1', tableId: 'grid-projects', name: 'i-p1' },
						'c-blocked-by': [{ rowId: 'i-t2', tableId: 'grid-tasks', name: 'i-t2' }, { rowId: 'i-t3', tableId: 'grid-tasks', name: 'i-t3' }],
						'c-completed-at': '2026-02-01T09:30:00+02:00', 'c-extra': 'kept',
					},
					coda_updated_at: new Date(T0),
				});
				assert.equal(rows[1].blocked_by_coda_ids.length, 0);
				const state = await db.pool.query(`SELECT coda_doc_id, coda_table_id, erp_table, columns, column_bindings, row_count, sync_token FROM erp.sync_state`);
				assert.equal(state.rows[0].column_bindings['c-due-date'], 'due_date');
				assert.equal(state.rows[0].column_bindings['c-project'], 'project_coda_id');
				assert.equal(state.rows[0].column_bindings['c-extra'], undefined);
				assert.equal(state.rows[0].columns['c-due-date'], 'Due Date');
				assert.equal(state.rows[0].row_count, 2);
				assert.equal(state.rows[0].sync_token, null);
			}));

		it('updates changed rows and leaves unchanged rows untouched (no new row version)', () =>
			withErpDatabase(server, async (db) => {
				const pool = () => getPool(db.credentials);
				const first = [task('i-a', T0), task('i-b', T0), task('i-c', T0)];
				await runUpsert(pool(), catalog, 'tasks', first);
				const before = await rowVersions(db, 'tasks');
				// Updates of erp.tasks by any session (pg_stat_xact_* would show only this reader's own
				// transaction). A session's counters reach pg_stat_user_tables when it flushes them, at
				// the latest as it exits: so close the writer's pool and wait for its sessions to be gone.
				const tasksUpdates = async () => {
					await closeAllPools();
					const writers = `SELECT 1 FROM pg_stat_activity WHERE datname = current_database() AND application_name = 'n8n-nodes-coda-erp'`;
					for (let i = 0; (await db.pool.query(writers)).rowCount; i++) {
						if (i > 500) assert.fail('the writer sessions did not exit');
						await new Promise((r) => setTimeout(r, 20));
					}
					const { rows } = await db.pool.query(`SELECT n_tup_upd::int AS n FROM pg_stat_user_tables WHERE schemaname = 'erp' AND relname = 'tasks'`);
					return rows[0].n as number;
				};
				const updatesBefore = await tasksUpdates();
				const resync = await runUpsert(pool(), catalog, 'tasks', first);
				const counters = ({ fetched, inserted, updated, unchanged, staleSkipped, rejected, deleted, restored, folded, quarantined }: typeof resync.summary) =>
					({ fetched, inserted, updated, unchanged, staleSkipped, rejected, deleted, restored, folded, quarantined });
				assert.deepEqual(counters(resync.summary), { fetched: 3, inserted: 0, updated: 0, unchanged: 3, staleSkipped: 0, rejected: 0, deleted: 0, restored: 0, folded: 0, quarantined: 0 });
				assert.deepEqual(await rowVersions(db, 'tasks'), before, 'a no-op re-sync rewrote rows');
				assert.equal(await tasksUpdates(), updatesBefore, 'a no-op re-sync updated rows of erp.tasks');
				const changed = await runUpsert(pool(), catalog, 'tasks', [task('i-a', T1, { Name: 'Renamed' }), task('i-b', T0), task('i-c', T0)]);
				assert.deepEqual(counters(changed.summary), { fetched: 3, inserted: 0, updated: 1, unchanged: 2, staleSkipped: 0, rejected: 0, deleted: 0, restored: 0, folded: 0, quarantined: 0 });
				assert.equal(await tasksUpdates(), updatesBefore + 1, 'one changed row, one update: the counter read above does move');
				const after = await rowVersions(db, 'tasks');
				assert.notEqual(after.get('i-a'), before.get('i-a'));
				assert.equal(after.get('i-b'), before.get('i-b'));
				const { rows } = await db.pool.query(`SELECT name FROM erp.tasks WHERE coda_row_id = 'i-a'`);
				assert.equal(rows[0].name, 'Renamed');
			}));

		it('lists the rows it inserted, in input order, and none it updated, found unchanged, skipped as stale or deleted', () =>
			withErpDatabase(server, async (db) => {
				const pool = () => getPool(db.credentials);
				const first = await runUpsert(pool(), catalog, 'tasks', [task('i-b', T1), task('i-a', T0), task('i-s', T1), task('i-x', T0)]);
				assert.deepEqual(first.summary.insertedRowIds, ['i-b', 'i-a', 'i-s', 'i-x']);
				const { summary } = await runUpsert(pool(), catalog, 'tasks', [
					task('i-z', T0),
					task('i-a', T1, { Name: 'Renamed' }),
					task('i-b', T1),
					task('i-s', T0, { Name: 'older' }),
					deletedItem('i-x'),
					task('i-c', T0),
				]);
				assert.deepEqual([summary.inserted, summary.updated, summary.unchanged, summary.staleSkipped, summary.deleted], [2, 1, 1, 1, 1]);
				assert.deepEqual(summary.insertedRowIds, ['i-z', 'i-c']);
			}));

		it('skips a stale update (older updatedAt) and folds duplicate rows to the latest', () =>
			withErpDatabase(server, async (db) => {
				await runUpsert(getPool(db.credentials), catalog, 'tasks', [task('i-a', T1, { Name: 'current' })]);
				const stale = await runUpsert(getPool(db.credentials), catalog, 'tasks', [task('i-a', T0, { Name: 'old webhook' })]);
				assert.equal(stale.summary.staleSkipped, 1);
				assert.equal(stale.summary.updated, 0);
				const dup = await runUpsert(getPool(db.credentials), catalog, 'tasks', [task('i-b', T2, { Name: 'newest' }), task('i-b', T0, { Name: 'oldest' }), task('i-b', T1, { Name: 'middle' })], { chunkSize: 1 });
				assert.equal(dup.summary.folded, 2);
				assert.equal(dup.summary.inserted, 1);
				const { rows } = await db.pool.query(`SELECT coda_row_id, name FROM erp.tasks ORDER BY 1`);
				assert.deepEqual(rows, [{ coda_row_id: 'i-a', name: 'current' }, { coda_row_id: 'i-b', name: 'newest' }]);
				assert.deepEqual(dup.rows.map((r) => [r.index, r.action]), [[0, 'inserted'], [1, 'folded'], [2, 'folded']]);
			}));

		it('stores a child before its parent and fills the reference when the parent arrives', () =>
			withErpDatabase(server, async (db) => {
				const pool = () => getPool(db.credentials);
				await runUpsert(pool(), catalog, 'tasks', [task('i-t1', T0, { Project: lookup('i-p1', 'grid-projects'), Assignee: person('Bo@Example.com') })]);
				let { rows } = await db.pool.query(`SELECT project_id, project_coda_id, assignee_id FROM erp.tasks`);
				assert.deepEqual(rows[0], { project_id: null, project_coda_id: 'i-p1', assignee_id: null });
				const project = rowItem({ id: 'i-p1', updatedAt: T0, tableId: 'grid-projects', values: { Name: 'Apollo', Status: 'Active', Budget: currency(1200.5, 'eur'), Owner: person('bo@example.com') } });
				const parent = await runUpsert(pool(), catalog, 'projects', [project]);
				assert.equal(parent.summary.referencesResolved, 1);
				const personItem = rowItem({ id: 'i-u1', updatedAt: T0, tableId: 'grid-people', values: { Name: 'Bo', Email: 'bo@example.com' } });
				const people = await runUpsert(pool(), catalog, 'people', [personItem]);
				assert.equal(people.summary.referencesResolved, 2, 'the task assignee and the project owner');
				({ rows } = await db.pool.query(`SELECT t.project_id = p.id AS linked, t.assignee_id = u.id AS assigned, p.owner_id = u.id AS owned, p.budget_amount::text, p.budget_currency
					FROM erp.tasks t, erp.projects p, erp.people u`));
				assert.deepEqual(rows[0], { linked: true, assigned: true, owned: true, budget_amount: '1200.50', budget_currency: 'EUR' });
				const later = await runUpsert(pool(), catalog, 'tasks', [task('i-t2', T0, { Project: lookup('i-p1', 'grid-projects') })]);
				assert.equal(later.summary.referencesPending, 0, 'a child whose parent exists is linked in the insert itself');
			}));

		it('fills a reference when child and parent are written at the same moment, neither seeing the other', () =>
			withErpDatabase(server, async (db) => {
				const pool = () => getPool(db.credentials);
				const other = await db.pool.connect();
				try {
					// Both upserts write their rows, then wait at the quarantine step (after resolving
					// references) until this lock goes: the worst interleaving, made certain.
					await other.query('BEGIN');
					await other.query('LOCK TABLE erp.quarantine IN SHARE MODE');
					const child = runUpsert(pool(), catalog, 'tasks', [task('i-t1', T0, { Project: lookup('i-p1', 'grid-projects') })]);
					const parent = runUpsert(pool(), catalog, 'projects', [rowItem({ id: 'i-p1', updatedAt: T0, tableId: 'grid-projects', values: { Name: 'Apollo' } })]);
					await lockWaiters(db, 2);
					await other.query('COMMIT');
					const summaries = (await Promise.all([child, parent])).map((r) => r.summary);
					assert.equal(summaries[0].referencesResolved + summaries[1].referencesResolved, 1, 'whichever came second filled the reference');
				} finally {
					other.release();
				}
				const { rows } = await db.pool.query(`SELECT t.project_id = p.id AS linked FROM erp.tasks t, erp.projects p`);
				assert.deepEqual(rows, [{ linked: true }]);
			}));

		it('soft-deletes a deleted item and restores the row when it comes back', () =>
			withErpDatabase(server, async (db) => {
				const pool = () => getPool(db.credentials);
				await runUpsert(pool(), catalog, 'tasks', [task('i-a', T0), task('i-b', T0)]);
				const del = await runUpsert(pool(), catalog, 'tasks', [deletedItem('i-a'), deletedItem('i-zz')]);
				assert.equal(del.summary.deleted, 1);
				assert.deepEqual(del.rows.map((r) => r.action), ['deleted', 'absent']);
				let { rows } = await db.pool.query(`SELECT coda_row_id, deleted_at IS NOT NULL AS deleted FROM erp.tasks ORDER BY 1`);
				assert.deepEqual(rows, [{ coda_row_id: 'i-a', deleted: true }, { coda_row_id: 'i-b', deleted: false }]);
				const back = await runUpsert(pool(), catalog, 'tasks', [task('i-a', T0)]);
				assert.equal(back.summary.restored, 1);
				({ rows } = await db.pool.query(`SELECT deleted_at FROM erp.tasks WHERE coda_row_id = 'i-a'`));
				assert.equal(rows[0].deleted_at, null);
			}));

		it('stores a Coda duration in the unit of a duration column, and a value that is not one as NULL with its reason', () =>
			withErpDatabase(server, async (db) => {
				const workflow = (id: string, duration: unknown) =>
					rowItem({ id, updatedAt: T0, tableId: 'grid-workflows', values: { Name: `Workflow ${id}`, 'Expected Duration Minutes': duration } });
				const { summary, rejected } = await runUpsert(getPool(db.credentials), catalog, 'workflows', [
					workflow('i-w1', 'PT1H30M'),
					workflow('i-w2', 'PT20S'),
					workflow('i-w3', 12.5),
					workflow('i-w4', 'about an hour'),
				]);
				assert.deepEqual([summary.inserted, summary.cellIssues, rejected.length], [4, 1, 0]);
				const { rows } = await db.pool.query(`SELECT coda_row_id, expected_duration_minutes::text AS minutes, coda_row->>'c-expected-duration-minutes' AS coda FROM erp.workflows ORDER BY 1`);
				assert.deepEqual(rows, [
					{ coda_row_id: 'i-w1', minutes: '90.00', coda: 'PT1H30M' },
					{ coda_row_id: 'i-w2', minutes: '0.33', coda: 'PT20S' },
					{ coda_row_id: 'i-w3', minutes: '12.50', coda: '12.5' },
					{ coda_row_id: 'i-w4', minutes: null, coda: 'about an hour' },
				]);
				const issues = await db.pool.query(`SELECT coda_row_id, coda_column_name, erp_column, value, reason FROM erp.cell_issues`);
				assert.deepEqual(issues.rows.map((r) => [r.coda_row_id, r.coda_column_name, r.erp_column, r.value]), [['i-w4', 'Expected Duration Minutes', 'expected_duration_minutes', 'about an hour']]);
				assert.match(issues.rows[0].reason, /^"about an hour" is not an ISO 8601 duration \(e\.g\. PT1H30M\) or a number of minutes$/);
			}));

		it('stores every row whatever one cell holds: the cell is NULL, recorded, and cleared once Coda fixes it', () =>
			withErpDatabase(server, async (db) => {
				const pool = () => getPool(db.credentials);
				// A rule only the database knows (a user's own constraint): the cell is found by trying.
				await db.pool.query(`ALTER TABLE erp.tasks ADD CONSTRAINT tasks_notes_not_secret CHECK (notes <> 'secret')`);
				const bad = [
					task('i-ok', T0),
					task('i-status', T0, { Status: '🚀 Exploded' }),
					task('i-date', T0, { 'Due Date': 'next tuesday' }),
					task('i-nul', T0, { Notes: 'a\u0000b' }),
					task('i-secret', T0, { Notes: 'secret', 'Estimate Hours': 2 }),
					{ kind: 'row', id: 'not-a-row-id' },
				];
				const first = await runUpsert(pool(), catalog, 'tasks', bad);
				assert.deepEqual([first.summary.inserted, first.summary.rejected, first.summary.cellIssues, first.summary.quarantined], [5, 1, 3, 0]);
				assert.match(first.rejected[0].reason, /item 5: id "not-a-row-id" is not a Coda row id/);
				let { rows } = await db.pool.query(`SELECT coda_row_id, status, due_date, notes, estimate_hours::text AS est FROM erp.tasks ORDER BY 1`);
				assert.deepEqual(rows, [
					{ coda_row_id: 'i-date', status: 'todo', due_date: null, notes: null, est: null },
					{ coda_row_id: 'i-nul', status: 'todo', due_date: null, notes: null, est: null },
					{ coda_row_id: 'i-ok', status: 'todo', due_date: null, notes: null, est: null },
					{ coda_row_id: 'i-secret', status: 'todo', due_date: null, notes: null, est: '2.00' },
					{ coda_row_id: 'i-status', status: '🚀 Exploded', due_date: null, notes: null, est: null },
				]);
				const option = await db.pool.query(`SELECT value, meaning FROM erp.tasks_status_options WHERE value = '🚀 Exploded'`);
				assert.deepEqual(option.rows, [{ value: '🚀 Exploded', meaning: null }], 'a new label becomes an option');
				const issues = async () => (await db.pool.query(`SELECT coda_row_id, erp_column, value, reason FROM erp.cell_issues ORDER BY 1`)).rows;
				let cells = await issues();
				assert.deepEqual(cells.map((c) => [c.coda_row_id, c.erp_column, c.value]), [['i-date', 'due_date', 'next tuesday'], ['i-nul', 'notes', 'a\u0000b'.replace('\u0000', '\\u0000')], ['i-secret', 'notes', 'secret']]);
				assert.match(cells[0].reason, /"next tuesday"/);
				assert.match(cells[1].reason, /U\+0000/);
				assert.match(cells[2].reason, /PostgreSQL refused the value: .*tasks_notes_not_secret/);
				({ rows } = await db.pool.query(`SELECT coda_row->>'c-notes' AS notes FROM erp.tasks WHERE coda_row_id = 'i-secret'`));
				assert.equal(rows[0].notes, 'secret', 'the value stays in coda_row');
				const fixed = await runUpsert(pool(), catalog, 'tasks', [task('i-date', T1, { 'Due Date': '2026-04-01' })]);
				assert.deepEqual([fixed.summary.updated, fixed.summary.cellIssues, fixed.summary.cellIssuesCleared], [1, 0, 1]);
				cells = await issues();
				assert.deepEqual(cells.map((c) => c.coda_row_id), ['i-nul', 'i-secret']);
			}));

		it('stores the sync token with the rows, and not at all when the transaction fails', () =>
			withErpDatabase(server, async (db) => {
				const pool = () => getPool(db.credentials);
				const done = summaryItem(TASKS_TABLE, { mode: 'incremental', complete: true, nextSyncToken: 'tok-1', rowCount: 1 });
				const ok = await runUpsert(pool(), catalog, 'tasks', [task('i-a', T0), done]);
				assert.equal(ok.summary.checkpoint, 'tok-1');
				let { rows } = await db.pool.query(`SELECT sync_token, last_incremental_sync_at IS NOT NULL AS inc, last_full_sync_at IS NULL AS nofull, last_row_count_coda FROM erp.sync_state`);
				assert.deepEqual(rows[0], { sync_token: 'tok-1', inc: true, nofull: true, last_row_count_coda: 1 });
				// Make the sync_state write fail after the rows were written in the same transaction.
				await db.pool.query(`CREATE FUNCTION erp.fail_sync() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN RAISE EXCEPTION 'disk on fire'; END $$;
					CREATE TRIGGER fail_sync BEFORE UPDATE ON erp.sync_state FOR EACH ROW EXECUTE FUNCTION erp.fail_sync();`);
				const next = summaryItem(TASKS_TABLE, { mode: 'incremental', complete: true, nextSyncToken: 'tok-2', rowCount: 1 });
				await assert.rejects(runUpsert(pool(), catalog, 'tasks', [task('i-b', T1), next]), /disk on fire/);
				({ rows } = await db.pool.query(`SELECT (SELECT sync_token FROM erp.sync_state) AS token, (SELECT count(*)::int FROM erp.tasks) AS tasks`));
				assert.deepEqual(rows[0], { token: 'tok-1', tasks: 1 });
				// An incomplete read never moves the token.
				await db.pool.query(`DROP TRIGGER fail_sync ON erp.sync_state`);
				await runUpsert(pool(), catalog, 'tasks', [task('i-b', T1), summaryItem(TASKS_TABLE, { complete: false, nextSyncToken: null })]);
				({ rows } = await db.pool.query(`SELECT sync_token FROM erp.sync_state`));
				assert.equal(rows[0].sync_token, 'tok-1');
			}));

		it('two concurrent upserts of the same rows converge on the latest updatedAt', () =>
			withErpDatabase(server, async (db) => {
				const ids = Array.from({ length: 300 }, (_, i) => `i-${String(i).padStart(4, '0')}`);
				const older = ids.map((id) => task(id, T0, { Name: `old ${id}`, Project: lookup(`i-p${id.length}`, 'grid-projects') }));
				const newer = ids.map((id) => task(id, T1, { Name: `new ${id}` }));
				for (let round = 0; round < 3; round++) {
					await db.pool.query('TRUNCATE erp.tasks');
					// Opposite row orders and small chunks make the two transactions interleave.
					const a = runUpsert(getPool(db.credentials), catalog, 'tasks', round % 2 ? older : [...older].reverse(), { chunkSize: 25 });
					const b = runUpsert(getPool(db.credentials), catalog, 'tasks', round % 2 ? [...newer].reverse() : newer, { chunkSize: 25 });
					await Promise.all([a, b]);
					const { rows } = await db.pool.query(`SELECT count(*)::int AS n, count(*) FILTER (WHERE name LIKE 'new %' AND coda_updated_at = $1)::int AS latest FROM erp.tasks`, [T1]);
					assert.deepEqual(rows[0], { n: 300, latest: 300 });
				}
			}));

		it('reports a row another writer made newer between its state check and its write as stale, leaving that version', () =>
			withErpDatabase(server, async (db) => {
				await runUpsert(getPool(db.credentials), catalog, 'tasks', [task('i-a', T0)]);
				const other = await db.pool.connect();
				try {
					// The other writer holds a newer version of i-a, uncommitted: the state check still
					// sees T0 (so i-a goes to the write), and the write waits for that lock.
					await other.query('BEGIN');
					await other.query(`UPDATE erp.tasks SET name = 'newer elsewhere', coda_updated_at = $1, content_hash = 'elsewhere' WHERE coda_row_id = 'i-a'`, [T2]);
					const run = runUpsert(getPool(db.credentials), catalog, 'tasks', [task('i-a', T1, { Name: 'ours' }), task('i-b', T1)]);
					await lockWaiters(db, 1);
					await other.query('COMMIT');
					const { summary, rows } = await run;
					assert.deepEqual([summary.inserted, summary.updated, summary.staleSkipped, summary.unchanged], [1, 0, 1, 0]);
					assert.deepEqual(rows.map((r) => [r.codaRowId, r.action]), [['i-a', 'stale'], ['i-b', 'inserted']]);
				} finally {
					other.release();
				}
				const { rows } = await db.pool.query(`SELECT name FROM erp.tasks WHERE coda_row_id = 'i-a'`);
				assert.equal(rows[0].name, 'newer elsewhere');
			}));

		it('never lets table, column or value text reach SQL', () =>
			withErpDatabase(server, async (db) => {
				const pool = () => getPool(db.credentials);
				await assert.rejects(runUpsert(pool(), catalog, 'tasks"; DROP TABLE erp.people; --', [task('i-a', T0)]), /Unknown erp table "tasks\\"; DROP TABLE erp.people; --": choose one of/);
				await assert.rejects(
					runUpsert(pool(), catalog, 'tasks', [task('i-a', T0)], { mapper: [{ codaColumn: 'Name', erpColumn: 'name"; DROP TABLE erp.people; --' }] }),
					/Column mapper entry 1: erp table tasks has no writable column "name\\"; DROP TABLE erp.people; --"/,
				);
				await assert.rejects(runUpsert(pool(), catalog, 'tasks', [task('i-a', T0)], { mapper: [{ codaColumn: 'Name', erpColumn: 'id' }] }), /no writable column "id"/);
				const evil = `'); DROP TABLE erp.people; --`;
				const item = rowItem({ id: 'i-evil', updatedAt: T0, values: { Name: evil, [`x"); DROP TABLE erp.people; --`]: evil, Notes: '$1 $$ \\x00 "quoted"' } });
				const { summary } = await runUpsert(pool(), catalog, 'tasks', [item], { mapper: [{ codaColumn: `x"); DROP TABLE erp.people; --`, erpColumn: 'notes' }] });
				assert.equal(summary.inserted, 1);
				const { rows } = await db.pool.query(`SELECT name, notes, coda_row, to_regclass('erp.people') IS NOT NULL AS people FROM erp.tasks`);
				assert.deepEqual(rows[0], { name: evil, notes: evil, people: true, coda_row: { 'c-name': evil, 'c-x-drop-table-erp-people-': evil, 'c-notes': '$1 $$ \\x00 "quoted"' } });
			}));

		it('takes a contact kept as a lookup into People as the person, filling it in once that person is stored', () =>
			withErpDatabase(server, async (db) => {
				const pool = () => getPool(db.credentials);
				// The doc model Coda Table Fetch lists: Assignee is a lookup into the People table.
				const columns = [
					{ id: 'c-name', name: 'Name', type: 'text', display: true, format: { type: 'text' } },
					{ id: 'c-assignee', name: 'Assignee', type: 'lookup', tableId: 'grid-people', format: { type: 'lookup', table: { id: 'grid-people', name: 'People' } } },
				];
				const item = (id: string) => rowItem({ id, updatedAt: T0, values: { Name: `Task ${id}`, Assignee: lookup('i-u1', 'grid-people') } });
				const first = await runUpsert(pool(), catalog, 'tasks', [item('i-t1'), summaryItem(TASKS_TABLE, { columns })]);
				assert.deepEqual([first.summary.inserted, first.summary.cellIssues], [1, 0]);
				const person = rowItem({ id: 'i-u1', updatedAt: T0, tableId: 'grid-people', values: { Name: 'Bo', Email: 'Bo@Example.com' } });
				const people = await runUpsert(pool(), catalog, 'people', [person]);
				assert.ok(people.summary.referencesResolved >= 1, JSON.stringify(people.summary));
				await runUpsert(pool(), catalog, 'tasks', [item('i-t2'), summaryItem(TASKS_TABLE, { columns })]);
				const { rows } = await db.pool.query(`SELECT t.coda_row_id, t.assignee_email, t.assignee_id = p.id AS linked FROM erp.tasks t LEFT JOIN erp.people p ON p.coda_row_id = 'i-u1' ORDER BY 1`);
				assert.deepEqual(rows, [
					{ coda_row_id: 'i-t1', assignee_email: 'Bo@Example.com', linked: true },
					{ coda_row_id: 'i-t2', assignee_email: 'Bo@Example.com', linked: true },
				]);
			}));

		it('fills a column bound later into the rows already stored, from their coda_row, without reading them again', () =>
			withErpDatabase(server, async (db) => {
				const pool = () => getPool(db.credentials);
				await runUpsert(pool(), catalog, 'tasks', [task('i-a', T0, { Mood: 'calm' }), task('i-b', T0, { Mood: 'busy' })]);
				let { rows } = await db.pool.query(`SELECT coda_row_id, notes FROM erp.tasks ORDER BY 1`);
				assert.deepEqual(rows.map((r) => r.notes), [null, null], 'nothing is called Mood in erp.tasks');
				// The user binds the Coda column (erp-db config column tasks Mood --erp-column notes).
				await db.pool.query(`INSERT INTO erp.column_overrides (erp_table, coda_column, erp_column) VALUES ('tasks', 'Mood', 'notes')`);
				const next = await runUpsert(pool(), catalog, 'tasks', [task('i-c', T0, { Mood: 'new' })]);
				assert.deepEqual([next.summary.inserted, next.summary.rebound], [1, 2]);
				({ rows } = await db.pool.query(`SELECT coda_row_id, notes FROM erp.tasks ORDER BY 1`));
				assert.deepEqual(rows.map((r) => [r.coda_row_id, r.notes]), [['i-a', 'calm'], ['i-b', 'busy'], ['i-c', 'new']]);
				const again = await runUpsert(pool(), catalog, 'tasks', [task('i-c', T0, { Mood: 'new' })]);
				assert.deepEqual([again.summary.unchanged, again.summary.rebound], [1, 0], 'unchanged bindings rewrite nothing');
			}));

		it('keeps a binding by Coda column id when the column is renamed, and honours mapper overrides', () =>
			withErpDatabase(server, async (db) => {
				const pool = () => getPool(db.credentials);
				await runUpsert(pool(), catalog, 'tasks', [task('i-a', T0, { 'Due Date': '2026-04-01', Remarks: 'first' })], { mapper: [{ codaColumn: 'Remarks', erpColumn: 'notes' }] });
				// Renamed in Coda: same column ids, new names; no mapper this time.
				const renamed = task('i-a', T1, {});
				renamed.values = { 'c-name': 'Task i-a', 'c-status': 'todo', 'c-due-date': '2026-05-01', 'c-remarks': 'second' };
				renamed.columnNames = { 'c-name': 'Name', 'c-status': 'Status', 'c-due-date': 'Deadline', 'c-remarks': 'Comments' };
				await runUpsert(pool(), catalog, 'tasks', [renamed]);
				const { rows } = await db.pool.query(`SELECT due_date::text, notes, coda_row->>'c-due-date' AS deadline FROM erp.tasks`);
				assert.deepEqual(rows[0], { due_date: '2026-05-01', notes: 'second', deadline: '2026-05-01' });
				const state = await db.pool.query(`SELECT columns->>'c-due-date' AS name, column_bindings->>'c-remarks' AS bind FROM erp.sync_state`);
				assert.deepEqual(state.rows[0], { name: 'Deadline', bind: 'notes' });
			}));
	});
}

describe('ERP Upsert input checks', () => {
	it('refuses input that mixes Coda tables', async () => {
		const { parseItems } = await import('../../nodes/shared/sync/items');
		assert.throws(() => parseItems([task('i-a', T0), rowItem({ id: 'i-b', updatedAt: T0, tableId: 'grid-other', values: {} })]), /mixes Coda tables grid-tasks and grid-other \(item 1\)/);
		assert.equal(DOC_ID, 'd-test-doc');
	});
});
