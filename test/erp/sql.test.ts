import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { quarantine } from '../../drizzle/schema/sync';
import { each, ErpTable, Sql, sql } from '../../nodes/shared/erp/sql';
import { testServers } from '../harness/postgres';
import { createErpDatabase } from './helpers';

const QUARANTINE = new ErpTable<typeof quarantine>('quarantine');

describe('sql statements (nodes/shared/erp/sql.ts)', () => {
	it('makes every value a numbered parameter, whatever it holds', () => {
		const evil = `x'); DROP TABLE erp.tasks; --`;
		const s = sql`SELECT 1 WHERE a = ${evil} AND b = ${2} AND c = ${null}`;
		assert.equal(s.text, 'SELECT 1 WHERE a = $1 AND b = $2 AND c = $3');
		assert.deepEqual(s.values, [evil, 2, null]);
	});

	it('makes SQL text only through its tag and tables', () => {
		assert.throws(() => new Sql(Symbol('sql.ts') as never, ['DROP TABLE erp.tasks'], []), /made by the sql tag only/);
	});

	it('splices nested statements in and renumbers their parameters', () => {
		const inner = sql`coalesce(${'a'}, ${'b'})`;
		const s = sql`SELECT ${1}, ${inner}, ${inner}, ${4}`;
		assert.equal(s.text, 'SELECT $1, coalesce($2, $3), coalesce($4, $5), $6');
		assert.deepEqual(s.values, [1, 'a', 'b', 'a', 'b', 4]);
	});

	it('places a table as its quoted qualified name, quoting any name it is given', () => {
		assert.equal(sql`SELECT * FROM ${QUARANTINE}`.text, 'SELECT * FROM "erp"."quarantine"');
		assert.equal(sql`${new ErpTable('we"ird')}`.text, '"erp"."we""ird"');
	});

	it('writes a one-row INSERT with each column beside its value', () => {
		const s = sql`INSERT INTO ${QUARANTINE} ${QUARANTINE.row({ erp_table: 'tasks', reason: sql`upper(${'why'})`, coda_row_id: 'i-1' })}`;
		assert.equal(s.text, 'INSERT INTO "erp"."quarantine" ("erp_table", "reason", "coda_row_id") VALUES ($1, upper($2), $3)');
		assert.deepEqual(s.values, ['tasks', 'why', 'i-1']);
		// A column the Drizzle table does not declare does not compile (the type check runs with the tests).
		// @ts-expect-error erp_tabel is not a column of erp.quarantine
		assert.match(QUARANTINE.row({ erp_tabel: 'tasks' }).text, /"erp_tabel"/);
	});

	it('writes a many-row INSERT from one array per column, with shared values and jsonb cast row by row', () => {
		const s = QUARANTINE.rows({ erp_table: 'tasks', coda_row_id: each('text', ['i-1', 'i-2']), raw_row: each('jsonb', ['{}', '[]']) });
		assert.equal(s.text, '("erp_table", "coda_row_id", "raw_row") SELECT $1, u."coda_row_id", u."raw_row"::jsonb FROM unnest($2::text[], $3::text[]) AS u("coda_row_id", "raw_row")');
		assert.deepEqual(s.values, ['tasks', ['i-1', 'i-2'], ['{}', '[]']]);
		assert.throws(() => QUARANTINE.rows({ erp_table: 'tasks' }), /at least one column given with each\(\)/);
	});
});

for (const server of testServers()) {
	describe(`sql statements on ${server.name}`, () => {
		it('store exactly the values given, quotes and all', async () => {
			const db = await createErpDatabase(server);
			try {
				const reasons = [`it's "quoted"`, '$1 and \\ backslash'];
				await db.pool.query(
					sql`INSERT INTO ${QUARANTINE} ${QUARANTINE.rows({
						erp_table: 'tasks',
						coda_row_id: each('text', ['i-1', 'i-2']),
						reason: each('text', reasons),
						raw_row: each('jsonb', [JSON.stringify({ a: [1, null] }), JSON.stringify('x')]),
						attempts: each('int', [3, 4]),
					})}`,
				);
				await db.pool.query(sql`INSERT INTO ${QUARANTINE} ${QUARANTINE.row({ erp_table: 'tasks', coda_row_id: 'i-3', reason: sql`${'a'} || ${'b'}`, raw_row: sql`${'{"b":2}'}::jsonb` })}`);
				const { rows } = await db.pool.query(`SELECT erp_table, coda_row_id, reason, raw_row, attempts FROM erp.quarantine ORDER BY coda_row_id`);
				assert.deepEqual(rows, [
					{ erp_table: 'tasks', coda_row_id: 'i-1', reason: reasons[0], raw_row: { a: [1, null] }, attempts: 3 },
					{ erp_table: 'tasks', coda_row_id: 'i-2', reason: reasons[1], raw_row: 'x', attempts: 4 },
					{ erp_table: 'tasks', coda_row_id: 'i-3', reason: 'ab', raw_row: { b: 2 }, attempts: 1 },
				]);
			} finally {
				await db.drop();
			}
		});
	});
}
