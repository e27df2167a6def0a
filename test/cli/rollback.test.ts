import assert from 'node:assert/strict';
import { after, describe, it } from 'node:test';
import { freshDatabaseName, testServers, withDatabase } from '../harness/postgres';
import { MigrationFolder, dropDatabase, erpFootprint, lines, runCli, shopMigrations, trackingRows } from './cliHarness';

for (const server of testServers()) {
	describe(`erp-db rollback on ${server.name}`, () => {
		const folders: MigrationFolder[] = [];
		const databases: string[] = [];
		/** A database with every shop migration applied. */
		const migrated = async (migrations = shopMigrations) => {
			const folder = new MigrationFolder(migrations);
			const database = freshDatabaseName('cli');
			folders.push(folder);
			databases.push(database);
			const args = ['--url', withDatabase(server.url, database), '--migrations', folder.dir];
			assert.equal((await runCli(['migrate', ...args])).code, 0);
			return { folder, database, args };
		};
		const appliedTags = async (database: string) => (await trackingRows(server, database)).map((r) => r.tag);
		after(async () => {
			for (const folder of folders) folder.remove();
			for (const database of databases) await dropDatabase(server, database);
		});

		it('rolls back the last migration without flags, then everything after --to', async () => {
			const { database, args } = await migrated();
			const last = await runCli(['rollback', ...args]);
			assert.equal(last.stderr, '');
			assert.equal(last.code, 0);
			assert.deepEqual(lines(last.stdout), ['rolled back 0002_order_counts (1 statement)', 'rolled back 1 migration; 2 still applied']);
			assert.deepEqual(await appliedTags(database), ['0000_base', '0001_orders']);
			assert.deepEqual((await erpFootprint(server, database)).relations, ['erp.customers', 'erp.orders', 'erp_meta.migrations']);

			assert.equal((await runCli(['migrate', ...args])).code, 0);
			const to = await runCli(['rollback', '--to', '0000_base', ...args]);
			assert.equal(to.code, 0);
			assert.deepEqual(lines(to.stdout), [
				'rolled back 0002_order_counts (1 statement)',
				'rolled back 0001_orders (1 statement)',
				'rolled back 2 migrations; 1 still applied',
			]);
			assert.deepEqual(await appliedTags(database), ['0000_base']);
			assert.deepEqual((await erpFootprint(server, database)).relations, ['erp.customers', 'erp_meta.migrations']);

			const again = await runCli(['rollback', '--to', '0000', ...args]);
			assert.equal(again.code, 0);
			assert.deepEqual(lines(again.stdout), [`nothing to roll back in database "${database}" (1 migration applied)`]);
		});

		it('--all leaves no trace of erp or erp_meta, and migrating again works', async () => {
			const { database, args } = await migrated();
			const all = await runCli(['rollback', '--all', ...args]);
			assert.equal(all.stderr, '');
			assert.equal(all.code, 0);
			assert.deepEqual(lines(all.stdout), [
				'rolled back 0002_order_counts (1 statement)',
				'rolled back 0001_orders (1 statement)',
				'rolled back 0000_base (1 statement)',
				'dropped schema erp_meta',
				'rolled back 3 migrations; 0 still applied',
			]);
			assert.deepEqual(await erpFootprint(server, database), { schemas: [], relations: [] });

			const nothing = await runCli(['rollback', '--all', ...args]);
			assert.equal(nothing.code, 0);
			assert.deepEqual(lines(nothing.stdout), [`nothing to roll back in database "${database}" (0 migrations applied)`]);

			const remigrate = await runCli(['migrate', ...args]);
			assert.equal(remigrate.code, 0);
			assert.equal(lines(remigrate.stdout).length, 4);
			assert.deepEqual(await appliedTags(database), shopMigrations.map((m) => m.tag));
		});

		it('refuses when a down script is missing and changes nothing', async () => {
			const [base, orders, counts] = shopMigrations;
			const { folder, database, args } = await migrated([base, { ...orders, down: undefined }, counts]);
			const result = await runCli(['rollback', '--to', '0000_base', ...args]);
			assert.equal(result.code, 4);
			assert.equal(result.stdout, '');
			assert.deepEqual(lines(result.stderr), [
				`erp-db: no down script for "0001_orders" (${folder.dir}/down/0001_orders.down.sql); nothing was rolled back`,
			]);
			assert.deepEqual(await appliedTags(database), shopMigrations.map((m) => m.tag));
			assert.ok((await erpFootprint(server, database)).relations.includes('erp.order_counts'));
		});

		it('rejects an unknown --to and a failing down script leaves the migration applied', async () => {
			const [base, orders] = shopMigrations;
			const { database, args } = await migrated([base, { ...orders, down: ['DROP TABLE erp.orders', 'DROP TABLE erp.no_such_table'] }]);
			const unknown = await runCli(['rollback', '--to', '0009_nope', ...args]);
			assert.equal(unknown.code, 2);
			assert.deepEqual(lines(unknown.stderr), [
				'erp-db: --to "0009_nope" is not a migration in the folder (known: 0000_base, 0001_orders) (usage: erp-db rollback [--to <tag> | --all] [--url <url>])',
			]);

			const failing = await runCli(['rollback', ...args]);
			assert.equal(failing.code, 4);
			assert.deepEqual(lines(failing.stderr), [
				'erp-db: down script of "0001_orders" failed at statement 2 of 2 (DROP TABLE erp.no_such_table): table "no_such_table" does not exist (SQLSTATE 42P01); its changes were rolled back',
			]);
			assert.deepEqual(await appliedTags(database), ['0000_base', '0001_orders']);
			assert.ok((await erpFootprint(server, database)).relations.includes('erp.orders'));
		});
	});
}
