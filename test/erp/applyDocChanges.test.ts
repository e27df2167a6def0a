// ERP Upsert's Apply Doc Changes (the nightly maintenance step of the automatic doc mode), run
// through n8n's execution engine: manual mode only reports, auto mode adds the doc's columns.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type * as UpsertModule from '../../nodes/ErpUpsert/ErpUpsert.node';
import { closeAllPools } from '../../nodes/shared/erp/pool';
import { OTHER_NAMES_NEW_COLUMNS, otherNamesDoc } from '../cli/docFixtures';
import { startCodaEmulator, type CodaEmulator } from '../coda-emulator';
import { runNode } from '../harness/n8nEngine';
import { testServers } from '../harness/postgres';
import { createErpDatabase, type ErpTestDatabase } from './helpers';

const { ErpUpsert } = require('../../nodes/ErpUpsert/ErpUpsert.node.ts') as typeof UpsertModule;

for (const server of testServers()) {
	describe(`ERP Upsert: Apply Doc Changes on ${server.name}`, () => {
		let coda: CodaEmulator;
		let db: ErpTestDatabase;
		before(async () => {
			coda = await startCodaEmulator({ rateLimit: false, doc: otherNamesDoc() });
			db = await createErpDatabase(server);
			await db.pool.query(`UPDATE erp.sync_settings SET value = $1 WHERE key = 'coda_doc_id'`, [coda.docId]);
		});
		after(async () => {
			await closeAllPools();
			await db?.drop();
			await coda?.close();
		});

		const apply = () =>
			runNode({
				node: new ErpUpsert(),
				parameters: { operation: 'applyDocChanges' },
				credentials: { erpPostgres: db.credentials, codaErpApi: { apiToken: coda.token, baseUrl: coda.baseUrl } },
				input: [{ json: {} }],
			});

		const added = async () =>
			(
				await db.pool.query<{ col: string }>(
					`SELECT c.relname || '.' || a.attname || ' ' || format_type(a.atttypid, a.atttypmod) AS col
					 FROM erp.column_overrides o JOIN pg_class c ON c.relname = o.erp_table JOIN pg_namespace n ON n.oid = c.relnamespace AND n.nspname = 'erp'
					 JOIN pg_attribute a ON a.attrelid = c.oid AND a.attname = o.erp_column WHERE o.note = 'added by apply' ORDER BY 1`,
				)
			).rows.map((r) => r.col);

		it('only reports while the mode is manual, then adds the doc columns once it is auto', async () => {
			const manual = await apply();
			assert.equal(manual.error, undefined, manual.error?.message);
			assert.deepEqual(
				[manual.outputs[0][0].json.status, manual.outputs[0][0].pairedItem],
				['skipped', [{ item: 0 }]],
			);
			assert.match(String(manual.outputs[0][0].json.reason), /doc_changes is manual/);
			assert.deepEqual(await added(), []);

			await db.pool.query(`INSERT INTO erp.sync_settings (key, value) VALUES ('doc_changes', 'auto') ON CONFLICT (key) DO UPDATE SET value = 'auto'`);
			const auto = await apply();
			assert.equal(auto.error, undefined, auto.error?.message);
			assert.equal(auto.outputs[0][0].json.status, 'applied');
			assert.deepEqual(await added(), OTHER_NAMES_NEW_COLUMNS);
			const again = await apply();
			assert.equal(again.outputs[0][0].json.status, 'unchanged');
		});
	});
}
