// Hostile Coda values and row ids through ERP Upsert in n8n's execution engine: SQL-shaped text
// in column names and values, NUL bytes in values, keys and column names, 1 MB cells, deeply
// nested rich values (1,000 levels deep, and 10,000: too deep to store as JSON) and malformed row
// ids. Each row is stored (a value its column cannot hold
// is NULL with its reason in erp.cell_issues, and kept whole in coda_row) or rejected with its
// reason; no other table changes. (SQL-shaped table and erp column names in the node's
// parameters: test/erp/upsert.test.ts and test/erp/nodes.test.ts.)
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { INodeExecutionData } from 'n8n-workflow';
import type * as ErpUpsertModule from '../../nodes/ErpUpsert/ErpUpsert.node';
import { colId, lookup, rowItem, withErpDatabase, type ErpTestDatabase } from '../erp/helpers';
import { erpChecksum } from '../e2e/support/docMirror';
import { runNode } from '../harness/n8nEngine';
import { testServers } from '../harness/postgres';

// `X.node` would resolve to the codex file X.node.json first: load the class from its .ts file.
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { ErpUpsert } = require('../../nodes/ErpUpsert/ErpUpsert.node.ts') as typeof ErpUpsertModule;

const T0 = '2026-02-01T10:00:00.000Z';
const SQL = `'); DROP TABLE erp.people; --`;
const SQL_COLUMN = `x"); DROP TABLE erp.people; --`;
const MB = 1_000_000;

/** `{ a: { a: … 'leaf' } }`, `depth` levels deep. */
function nested(depth: number): unknown {
	let value: unknown = 'leaf';
	for (let i = 0; i < depth; i++) value = { a: value };
	return value;
}

const asInput = (items: unknown[]): INodeExecutionData[] => items.map((json) => ({ json: json as INodeExecutionData['json'] }));

/** Checksums of every erp table but those a Tasks run writes. */
async function otherTables(db: ErpTestDatabase) {
	const written = new Set(['tasks', 'cell_issues', 'quarantine', 'sync_state', 'tasks_status_options', 'coda_columns']);
	return (await erpChecksum(db.pool))
		.split('\n')
		.filter((line) => !written.has(line.split(':')[0]))
		.join('\n');
}

for (const server of testServers()) {
	describe(`hostile Coda values through ERP Upsert on ${server.name}`, () => {
		it('stores each row or rejects it with its reason, and changes nothing else', () =>
			withErpDatabase(server, async (db) => {
				const untouched = await otherTables(db);
				const sqlRow = rowItem({ id: 'i-sql', updatedAt: T0, values: { Name: SQL, Notes: `$1 $$ ${SQL} \\x00` } });
				// A Coda column named like SQL: kept in coda_row by its id, its name only in the run's mapping.
				sqlRow.values[colId('sql')] = SQL;
				sqlRow.columnNames[colId('sql')] = SQL_COLUMN;
				const nulRow = rowItem({ id: 'i-nul', updatedAt: T0, values: { Name: 'nul', Notes: 'a\u0000b', Project: lookup('i-p\u0000', 'grid-projects', 'p\u0000') } });
				nulRow.values['c-\u0000'] = 'a value under a NUL column id';
				nulRow.columnNames[colId('name')] = 'Na\u0000me';
				const items = [
					sqlRow,
					nulRow,
					rowItem({ id: 'i-big', updatedAt: T0, values: { Name: 'n'.repeat(MB), Notes: '🙂'.repeat(MB / 4) } }),
					rowItem({ id: 'i-deep', updatedAt: T0, values: { Name: 'deep', Notes: nested(1_000), Project: nested(500) } }),
					rowItem({ id: "i-x'; DROP TABLE erp.tasks; --", updatedAt: T0, values: { Name: 'bad id' } }),
					rowItem({ id: 'i-a\u0000b', updatedAt: T0, values: { Name: 'NUL id' } }),
					rowItem({ id: `i-${'x'.repeat(MB)}`, updatedAt: T0, values: { Name: '1 MB id' } }),
				];
				const { outputs, error } = await runNode({
					node: new ErpUpsert(),
					parameters: { operation: 'upsert', table: 'tasks', options: { perRowResults: true } },
					credentials: { erpPostgres: db.credentials },
					input: asInput(items),
				});
				assert.equal(error, undefined, JSON.stringify(error));
				const [results, rejected] = outputs;
				const summary = results[0].json;
				assert.deepEqual([summary.inserted, summary.rejected, summary.cellIssues], [4, 3, 4]);
				assert.equal(rejected.length, 3);
				for (const r of rejected) {
					const reason = String(r.json.reason);
					assert.match(reason, /is not a Coda row id/);
					assert.ok(reason.length < 2_000, `a short reason: ${reason.slice(0, 300)}`);
				}

				const { rows } = await db.pool.query(
					`SELECT coda_row_id, name, length(name) AS name_length, notes, length(notes) AS notes_length, project_coda_id, coda_row FROM erp.tasks ORDER BY coda_row_id`,
				);
				assert.deepEqual(
					rows.map((r) => r.coda_row_id),
					['i-big', 'i-deep', 'i-nul', 'i-sql'],
				);
				const [big, deep, nul, sql] = rows;
				assert.deepEqual([big.name_length, big.notes_length], [MB, MB / 4], 'a 1 MB cell is stored whole');
				assert.equal(sql.name, SQL);
				assert.equal(sql.notes, `$1 $$ ${SQL} \\x00`);
				assert.equal(sql.coda_row[colId('sql')], SQL);
				assert.equal(nul.name, 'nul');
				assert.equal(nul.notes, null, 'text cannot hold U+0000: NULL, with the reason');
				assert.equal(nul.coda_row['c-notes'], 'a\\u0000b', 'coda_row keeps it as the text \\u0000');
				assert.equal(nul.coda_row['c-\\u0000'], 'a value under a NUL column id');
				assert.deepEqual([deep.notes, deep.project_coda_id], [null, null]);
				assert.deepEqual(deep.coda_row['c-notes'], nested(1_000), 'the nested value stays whole in coda_row');

				const issues = await db.pool.query(`SELECT coda_row_id, erp_column, reason FROM erp.cell_issues ORDER BY 1, 2`);
				assert.deepEqual(
					issues.rows.map((r) => [r.coda_row_id, r.erp_column]),
					[
						['i-deep', 'notes'],
						['i-deep', 'project_coda_id'],
						['i-nul', 'notes'],
						['i-nul', 'project_coda_id'],
					],
				);
				for (const issue of issues.rows) assert.ok(issue.reason.length > 10 && issue.reason.length < 2_000, `a short reason: ${issue.reason.slice(0, 300)}`);
				assert.equal(await otherTables(db), untouched, 'another erp table changed');
				const { rows: people } = await db.pool.query(`SELECT to_regclass('erp.people') IS NOT NULL AS kept`);
				assert.deepEqual(people, [{ kept: true }]);
			}));

		it('a value nested 10,000 levels deep rejects its own row, with the column and depth, and the run stores the others', () =>
			withErpDatabase(server, async (db) => {
				const untouched = await otherTables(db);
				let deepList: unknown = [lookup('i-p1', 'grid-projects', 'P1')];
				for (let i = 1; i < 10_000; i++) deepList = [deepList];
				const items = [
					rowItem({ id: 'i-before', updatedAt: T0, values: { Name: 'before', Notes: nested(100) } }),
					rowItem({ id: 'i-deep-notes', updatedAt: T0, values: { Name: 'deep notes', Notes: nested(10_000) } }),
					rowItem({ id: 'i-deep-list', updatedAt: T0, values: { Name: 'deep list', Project: deepList } }),
					rowItem({ id: 'i-after', updatedAt: T0, values: { Name: 'after' } }),
				];
				const { outputs, error } = await runNode({
					node: new ErpUpsert(),
					parameters: { operation: 'upsert', table: 'tasks', options: {} },
					credentials: { erpPostgres: db.credentials },
					input: asInput(items),
				});
				assert.equal(error, undefined, JSON.stringify(error));
				const [results, rejected] = outputs;
				assert.deepEqual([results[0].json.inserted, results[0].json.rejected, results[0].json.cellIssues], [2, 2, 1]);
				assert.deepEqual(
					rejected.map((r) => [r.json.codaRowId, r.json.reason]),
					[
						// 10,000 lists around a lookup.
						['i-deep-list', 'Not stored: the value of Coda column "Project" (c-project) is nested 10001 levels deep, too deep to write as JSON'],
						['i-deep-notes', 'Not stored: the value of Coda column "Notes" (c-notes) is nested 10000 levels deep, too deep to write as JSON'],
					],
				);
				const stored = await db.pool.query(`SELECT coda_row_id, name FROM erp.tasks ORDER BY 1`);
				assert.deepEqual(stored.rows, [
					{ coda_row_id: 'i-after', name: 'after' },
					{ coda_row_id: 'i-before', name: 'before' },
				]);
				const quarantined = await db.pool.query(`SELECT coda_row_id, reason, raw_row FROM erp.quarantine ORDER BY 1`);
				assert.deepEqual(
					quarantined.rows.map((r) => [r.coda_row_id, r.reason, r.raw_row]),
					// The item holds the value two levels down (item, values).
					rejected.map((r, i) => [r.json.codaRowId, r.json.reason, { notKept: `the item is nested ${[10_003, 10_002][i]} levels deep, too deep to write as JSON` }]),
				);
				const issues = await db.pool.query(`SELECT coda_row_id, erp_column FROM erp.cell_issues ORDER BY 1`);
				assert.deepEqual(issues.rows, [{ coda_row_id: 'i-before', erp_column: 'notes' }], 'a rejected row leaves no cell issue');
				assert.equal(await otherTables(db), untouched, 'another erp table changed');
			}));
	});
}
