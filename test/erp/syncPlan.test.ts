// The sync plan: the configuration migration 0003 seeds, read back with what sync_state knows,
// batch due times, and the checks a real-time webhook body goes through.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
	checkSyncRequest,
	dueBatchTables,
	isDue,
	readSyncPlan,
	requireDocId,
	tablesFor,
	type SyncPlan,
	type TablePlan,
} from '../../nodes/shared/erp/syncPlan';
import { generatedWebhookBodies } from '../faults/webhookBodies';
import { createTestDatabase, testServers } from '../harness/postgres';
import { createErpDatabase } from './helpers';

const PHASE3 = ['finance_snapshot', 'functional_areas', 'icp_scoring', 'icp_segments', 'ideas_inbox', 'kpis', 'okrs', 'outcome_types', 'template_performance', 'topics', 'touchpoints'];
const REALTIME = ['execution_runs', 'projects', 'sprints', 'tasks', 'ventures'];

for (const server of testServers()) {
	describe(`sync configuration in the database (${server.name})`, () => {
		it('is seeded with the defaults: 36 tables, real-time operations, batch every 15 or 60 minutes', async () => {
			const db = await createErpDatabase(server);
			try {
				const plan = await readSyncPlan(db.pool);
				assert.equal(plan.tables.length, 36);
				assert.deepEqual(tablesFor(plan, ['realtime']).map((t) => t.erpTable), REALTIME);
				const batch = tablesFor(plan, ['batch']);
				assert.equal(batch.length, 31);
				assert.deepEqual(batch.filter((t) => t.cadenceMinutes === 60).map((t) => t.erpTable), PHASE3);
				assert.ok(batch.filter((t) => !PHASE3.includes(t.erpTable)).every((t) => t.cadenceMinutes === 15));
				const byName = new Map(plan.tables.map((t) => [t.erpTable, t]));
				assert.equal(byName.get('process_templates')!.codaTable, 'Process Templates');
				assert.equal(byName.get('icp_scoring')!.codaTable, 'Icp Scoring');
				assert.ok(plan.tables.every((t) => t.enabled && t.codaTableId === null && t.lastSyncAt === null));
				assert.deepEqual(plan.settings, { coda_doc_id: '', planner_api_url: '', memory_gateway_url: '', doc_changes: '', crashed_after_minutes: '' });
				assert.throws(() => requireDocId(plan), /No Coda doc is configured: run `erp-db config set coda_doc_id <doc id>`/);
			} finally {
				await db.drop();
			}
		});

		it('rejects tables, deliveries, cadences and setting keys outside the lists', async () => {
			const db = await createErpDatabase(server);
			try {
				await assert.rejects(db.pool.query(`INSERT INTO erp.sync_config (erp_table, coda_table) VALUES ('sync_state', 'x')`), /sync_config_erp_table_check/);
				await assert.rejects(db.pool.query(`UPDATE erp.sync_config SET delivery = 'hourly' WHERE erp_table = 'tasks'`), /sync_config_delivery_check/);
				await assert.rejects(db.pool.query(`UPDATE erp.sync_config SET cadence_minutes = 10 WHERE erp_table = 'tasks'`), /sync_config_cadence_minutes_check/);
				await assert.rejects(db.pool.query(`INSERT INTO erp.sync_settings (key, value) VALUES ('api_token', 'x')`), /sync_settings_key_check/);
			} finally {
				await db.drop();
			}
		});

		it("adds the table id and last complete read that sync_state holds for the configured doc only", async () => {
			const db = await createErpDatabase(server);
			try {
				await db.pool.query(`UPDATE erp.sync_settings SET value = ' doc-A ' WHERE key = 'coda_doc_id'`);
				await db.pool.query(
					`INSERT INTO erp.sync_state (coda_doc_id, coda_table_id, erp_table, last_full_sync_at, last_incremental_sync_at)
					 VALUES ('doc-A', 'grid-tasks', 'tasks', '2026-01-01T10:00:00Z', '2026-01-01T11:00:00Z'),
					        ('doc-B', 'grid-other', 'deals', '2026-01-01T10:00:00Z', NULL)`,
				);
				const plan = await readSyncPlan(db.pool);
				assert.equal(requireDocId(plan), 'doc-A');
				const tasks = plan.tables.find((t) => t.erpTable === 'tasks')!;
				assert.equal(tasks.codaTableId, 'grid-tasks');
				assert.equal(tasks.lastSyncAt, '2026-01-01T11:00:00.000Z');
				const deals = plan.tables.find((t) => t.erpTable === 'deals')!;
				assert.equal(deals.codaTableId, null);
				assert.equal(deals.lastSyncAt, null);
			} finally {
				await db.drop();
			}
		});

		it('says to migrate when the configuration tables are missing', async () => {
			const db = await createTestDatabase(server);
			try {
				await db.pool.query('CREATE SCHEMA erp');
				await assert.rejects(readSyncPlan(db.pool), {
					message: 'The sync configuration tables (erp.sync_config, erp.sync_settings) are missing: run `erp-db migrate`',
				});
			} finally {
				await db.drop();
			}
		});
	});
}

const table = (erpTable: string, overrides: Partial<TablePlan> = {}): TablePlan => ({
	erpTable,
	codaTable: erpTable[0].toUpperCase() + erpTable.slice(1),
	codaTableId: null,
	delivery: 'batch',
	cadenceMinutes: 15,
	enabled: true,
	lastSyncAt: null,
	...overrides,
});

describe('batch due times', () => {
	const now = new Date('2026-03-01T12:00:00Z');
	const minutesAgo = (m: number) => new Date(now.getTime() - m * 60_000).toISOString();

	it('a table never read is due; otherwise due once its cadence (less half a 5-minute tick) has passed', () => {
		assert.equal(isDue(table('deals'), now), true);
		assert.equal(isDue(table('deals', { lastSyncAt: minutesAgo(12.4) }), now), false);
		assert.equal(isDue(table('deals', { lastSyncAt: minutesAgo(12.5) }), now), true);
		assert.equal(isDue(table('deals', { cadenceMinutes: 5, lastSyncAt: minutesAgo(4.9) }), now), true);
		assert.equal(isDue(table('kpis', { cadenceMinutes: 60, lastSyncAt: minutesAgo(50) }), now), false);
		assert.equal(isDue(table('kpis', { cadenceMinutes: 60, lastSyncAt: minutesAgo(58) }), now), true);
	});

	it('enabled batch tables are due, and real-time tables at their own cadence as a safety net for missed webhooks', () => {
		const plan: SyncPlan = {
			settings: { coda_doc_id: 'd', planner_api_url: '', memory_gateway_url: '', doc_changes: '', crashed_after_minutes: '' },
			tables: [
				table('deals'),
				table('tasks', { delivery: 'realtime', lastSyncAt: minutesAgo(20) }),
				table('sprints', { delivery: 'realtime', lastSyncAt: minutesAgo(5) }),
				table('kpis', { enabled: false }),
				table('notebook', { delivery: 'off' }),
				table('offers', { lastSyncAt: minutesAgo(1) }),
			],
		};
		assert.deepEqual(dueBatchTables(plan, now).map((t) => t.erpTable), ['deals', 'tasks']);
	});
});

describe('real-time webhook bodies', () => {
	const plan: SyncPlan = {
		settings: { coda_doc_id: 'd', planner_api_url: '', memory_gateway_url: '', doc_changes: '', crashed_after_minutes: '' },
		tables: [
			table('tasks', { delivery: 'realtime', codaTableId: 'grid-tasks' }),
			table('sprints', { delivery: 'realtime', enabled: false }),
			table('deals'),
			table('notebook', { delivery: 'off' }),
		],
	};
	const rejected = (body: unknown) => {
		const result = checkSyncRequest(body, plan);
		assert.equal(result.ok, false, `accepted ${JSON.stringify(body)}`);
		return result as { status: number; reason: string };
	};

	it('accepts a configured real-time table by its learned id or its name in any case', () => {
		assert.deepEqual(checkSyncRequest({ table: 'grid-tasks', rowId: 'i-abc', event: 'row changed' }, plan), {
			ok: true,
			request: { erpTable: 'tasks', codaTable: 'grid-tasks', rowId: 'i-abc', event: 'row changed' },
		});
		assert.deepEqual(checkSyncRequest({ table: ' TASKS ', rowId: 'i-abc' }, plan), {
			ok: true,
			request: { erpTable: 'tasks', codaTable: 'grid-tasks', rowId: 'i-abc', event: null },
		});
	});

	it('rejects malformed bodies with 400 and the field at fault', () => {
		assert.deepEqual(rejected([1]), { ok: false, status: 400, reason: 'The body must be a JSON object like {"table": "Tasks", "rowId": "i-AbCdEf123"}' });
		assert.deepEqual(rejected(null), { ok: false, status: 400, reason: 'The body must be a JSON object like {"table": "Tasks", "rowId": "i-AbCdEf123"}' });
		assert.match(rejected({ rowId: 'i-abc' }).reason, /^Field "table" is missing; expected/);
		assert.match(rejected({ table: 7, rowId: 'i-abc' }).reason, /^Field "table" must be a string;/);
		assert.match(rejected({ table: '  ', rowId: 'i-abc' }).reason, /^Field "table" is empty;/);
		assert.match(rejected({ table: 'Tasks', rowId: 12 }).reason, /^Field "rowId" must be a string;/);
		assert.match(rejected({ table: 'Tasks', rowId: 'row 1' }).reason, /^Field "rowId" must be a Coda row id like i-AbCdEf123;/);
		assert.match(rejected({ table: 'Tasks', rowId: 'i-abc', event: false }).reason, /^Field "event" must be a string;/);
		assert.match(rejected({ table: 'Tasks', rowId: 'i-abc', drop: 'tables' }).reason, /^Unexpected field\(s\) "drop";/);
		assert.equal(rejected({ table: 'Tasks' }).status, 400);
	});

	it('rejects bodies over 8 KB with 413', () => {
		const result = rejected({ table: 'Tasks', rowId: 'i-abc', event: 'x'.repeat(9000) });
		assert.equal(result.status, 413);
		assert.match(result.reason, /^The body is 90\d\d bytes; at most 8192 are accepted$/);
	});

	it('answers every generated malformed body with a 4xx and a reason, never a throw: constructor keys, nesting 2,000 and 10,000 deep', () => {
		const bodies = generatedWebhookBodies();
		for (const shape of ['constructor holding the whole call', 'constructor beside a valid call', 'objects nested 2000 deep as the table', 'arrays nested 10000 deep beside a valid call']) {
			assert.ok(bodies.some((b) => b.what === shape), `generated: ${shape}`);
		}
		for (const { what, body } of bodies) {
			const result = checkSyncRequest(JSON.parse(body), plan);
			assert.ok(!result.ok && result.status >= 400 && result.status < 500 && result.reason.length > 10, `${what}: ${JSON.stringify(result).slice(0, 200)}`);
		}
	});

	it('refuses bodies nested deeper than 32 levels with 400 before measuring them, at any depth', () => {
		const nested = (depth: number, leaf: unknown = 1) => {
			let value = leaf;
			for (let i = 0; i < depth; i++) value = { a: value };
			return value;
		};
		const tooDeep = 'The body nests more than 32 levels of objects or arrays; expected {"table": "Tasks", "rowId": "i-AbCdEf123"}';
		for (const depth of [32, 2_000, 100_000]) {
			assert.deepEqual(checkSyncRequest({ table: 'Tasks', rowId: 'i-abc', x: nested(depth) }, plan), { ok: false, status: 400, reason: tooDeep });
		}
		assert.match(rejected({ table: 'Tasks', rowId: 'i-abc', x: nested(30) }).reason, /^Unexpected field\(s\) "x";/, 'a body 31 levels deep is read');
		assert.match(rejected({ table: 'Tasks', rowId: 'i-abc', constructor: { prototype: { admin: true } } }).reason, /^Unexpected field\(s\) "constructor";/);
	});

	it('rejects unknown, batch, off and disabled tables with 422', () => {
		assert.deepEqual(rejected({ table: 'grid-nope', rowId: 'i-abc' }), { ok: false, status: 422, reason: 'Unknown Coda table "grid-nope": it is not in erp.sync_config' });
		assert.deepEqual(rejected({ table: 'Deals', rowId: 'i-abc' }), {
			ok: false,
			status: 422,
			reason: 'Coda table "Deals" (erp.deals) is delivered by the batch sync, not real-time: see `erp-db config`',
		});
		assert.match(rejected({ table: 'Notebook', rowId: 'i-abc' }).reason, /is delivered by no workflow \(off\), not real-time/);
		assert.match(rejected({ table: 'Sprints', rowId: 'i-abc' }).reason, /\(erp\.sprints\) is disabled, not real-time/);
	});
});
