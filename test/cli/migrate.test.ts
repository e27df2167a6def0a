import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { setTimeout as delay } from 'node:timers/promises';
import { Client } from 'pg';
import { MIGRATION_LOCK_KEY } from '../../drizzle/cli/tracking';
import { adminQuery, freshDatabaseName, testServers, withDatabase } from '../harness/postgres';
import { MigrationFolder, dropDatabase, erpFootprint, lines, runCli, shopMigrations, startCli, trackingRows } from './cliHarness';

const sha256 = (path: string) => createHash('sha256').update(readFileSync(path, 'utf8')).digest('hex');

for (const server of testServers()) {
	describe(`erp-db migrate and status on ${server.name}`, () => {
		const folders: MigrationFolder[] = [];
		const databases: string[] = [];
		const setup = (migrations = shopMigrations) => {
			const folder = new MigrationFolder(migrations);
			const database = freshDatabaseName('cli');
			folders.push(folder);
			databases.push(database);
			return { folder, database, args: ['--url', withDatabase(server.url, database), '--migrations', folder.dir] };
		};
		after(async () => {
			for (const folder of folders) folder.remove();
			for (const database of databases) await dropDatabase(server, database);
		});

		it('creates the missing database and applies every migration; a second run changes nothing', async () => {
			const { folder, database, args } = setup();
			const first = await runCli(['migrate', ...args]);
			assert.equal(first.stderr, '');
			assert.equal(first.code, 0);
			assert.deepEqual(lines(first.stdout), [
				`created database "${database}"`,
				'applied 0000_base (2 statements)',
				'applied 0001_orders (2 statements)',
				'applied 0002_order_counts (1 statement)',
				`applied 3 migrations; database "${database}" is up to date (3 of 3)`,
			]);
			assert.deepEqual((await erpFootprint(server, database)).relations, ['erp.customers', 'erp.order_counts', 'erp.orders', 'erp_meta.migrations']);
			const rows = await trackingRows(server, database);
			assert.deepEqual(
				rows.map((r) => [r.tag, r.hash]),
				shopMigrations.map((m) => [m.tag, sha256(join(folder.dir, `${m.tag}.sql`))]),
			);

			const second = await runCli(['migrate', ...args]);
			assert.equal(second.code, 0);
			assert.equal(second.stderr, '');
			assert.deepEqual(lines(second.stdout), [`database "${database}" is up to date (3 migrations applied)`]);
			assert.deepEqual(await trackingRows(server, database), rows);
		});

		it('status lists applied migrations with their time and pending ones, and says when the database is missing', async () => {
			const { folder, database, args } = setup(shopMigrations.slice(0, 2));
			const missing = await runCli(['status', ...args]);
			assert.equal(missing.code, 3);
			assert.deepEqual(lines(missing.stdout).slice(1), ['  pending  0000_base', '  pending  0001_orders', '2 migrations: 0 applied, 2 pending']);
			assert.deepEqual(lines(missing.stderr), [
				`erp-db: database "${database}" does not exist at ${new URL(server.url).host} (all migrations pending; \`erp-db migrate\` creates it)`,
			]);

			assert.equal((await runCli(['migrate', ...args])).code, 0);
			folder.write(shopMigrations);
			const result = await runCli(['status', ...args]);
			assert.equal(result.stderr, '');
			assert.equal(result.code, 0);
			const [applied0, applied1] = await trackingRows(server, database);
			assert.deepEqual(lines(result.stdout), [
				`database "${database}" at ${new URL(server.url).host}`,
				`  applied  0000_base          ${applied0.applied_at.toISOString()}`,
				`  applied  0001_orders        ${applied1.applied_at.toISOString()}`,
				'  pending  0002_order_counts',
				'3 migrations: 2 applied, 1 pending',
			]);
		});

		it('four concurrent migrate processes create the database once and apply each migration exactly once', async () => {
			const { database, args } = setup();
			const runs = await Promise.all([1, 2, 3, 4].map(() => runCli(['migrate', ...args])));
			for (const run of runs) {
				assert.equal(run.stderr, '');
				assert.equal(run.code, 0);
			}
			const outputs = runs.map((run) => lines(run.stdout).filter((line) => !line.startsWith('waiting for another erp-db run')));
			assert.equal(outputs.filter((out) => out[0] === `created database "${database}"`).length, 1);
			const appliers = outputs.filter((out) => out.some((line) => line.startsWith('applied 0000_base')));
			assert.equal(appliers.length, 1);
			const upToDate = outputs.filter((out) => out.join('\n').endsWith(`database "${database}" is up to date (3 migrations applied)`));
			assert.equal(upToDate.length, 3);
			assert.deepEqual(
				(await trackingRows(server, database)).map((r) => r.tag),
				shopMigrations.map((m) => m.tag),
			);
		});

		it('waits while another session holds the migration lock, then applies', async () => {
			const { database, args } = setup();
			await adminQuery(server.url, `CREATE DATABASE "${database}"`);
			const holder = new Client({ connectionString: withDatabase(server.url, database) });
			await holder.connect();
			try {
				await holder.query('SELECT pg_advisory_lock($1::bigint)', [MIGRATION_LOCK_KEY]);
				const run = startCli(['migrate', ...args]);
				const waiting = `waiting for another erp-db run on database "${database}" to finish…`;
				// Polls the child's output; the test runner's timeout bounds the wait.
				while (!run.stdout().includes(waiting)) {
					assert.equal(await Promise.race([run.done.then(() => 'exited'), delay(100, 'running')]), 'running', 'erp-db exited while the lock was held');
				}
				const { rows } = await holder.query("SELECT to_regclass('erp_meta.migrations') AS tracking");
				assert.deepEqual(rows, [{ tracking: null }]);
				await holder.query('SELECT pg_advisory_unlock($1::bigint)', [MIGRATION_LOCK_KEY]);
				const result = await run.done;
				assert.equal(result.code, 0, result.stderr);
				assert.equal(lines(result.stdout)[0], waiting);
				assert.deepEqual(
					(await trackingRows(server, database)).map((r) => r.tag),
					shopMigrations.map((m) => m.tag),
				);
			} finally {
				await holder.end();
			}
		});

		it('refuses to run when an applied migration was edited, and applies nothing', async () => {
			const { folder, database, args } = setup(shopMigrations.slice(0, 2));
			assert.equal((await runCli(['migrate', ...args])).code, 0);
			const [base, orders, counts] = shopMigrations;
			folder.write([base, { ...orders, up: [...orders.up, 'ALTER TABLE erp.orders ADD COLUMN note text'] }, counts]);

			const result = await runCli(['migrate', ...args]);
			assert.equal(result.code, 4);
			assert.equal(result.stdout, '');
			assert.match(
				result.stderr,
				/^erp-db: refusing to continue: migration "0001_orders" was changed after it was applied \(file sha256 [0-9a-f]{12}…, applied [0-9a-f]{12}…\); restore the committed file\n$/,
			);
			assert.deepEqual(
				(await trackingRows(server, database)).map((r) => r.tag),
				['0000_base', '0001_orders'],
			);
			assert.ok(!(await erpFootprint(server, database)).relations.includes('erp.order_counts'));

			const statusRun = await runCli(['status', ...args]);
			assert.equal(statusRun.code, 4);
			assert.match(statusRun.stdout, /^ {2}edited {3}0001_orders /m);
			assert.match(statusRun.stderr, /^erp-db: migration "0001_orders" was changed after it was applied/);
		});

		it('rolls back a migration whose statement fails, keeping the ones before it', async () => {
			const [base] = shopMigrations;
			const { database, args } = setup([base, { tag: '0001_broken', up: ['CREATE TABLE erp.kept_out (id int)', 'INSERT INTO erp.missing VALUES (1)'] }]);
			const result = await runCli(['migrate', ...args]);
			assert.equal(result.code, 4);
			assert.deepEqual(lines(result.stdout), [`created database "${database}"`, 'applied 0000_base (2 statements)']);
			assert.deepEqual(lines(result.stderr), [
				'erp-db: migration "0001_broken" failed at statement 2 of 2 (INSERT INTO erp.missing VALUES (1)): relation "erp.missing" does not exist (SQLSTATE 42P01); its changes were rolled back',
			]);
			assert.deepEqual(
				(await trackingRows(server, database)).map((r) => r.tag),
				['0000_base'],
			);
			assert.deepEqual((await erpFootprint(server, database)).relations, ['erp.customers', 'erp_meta.migrations']);
		});
	});
}
