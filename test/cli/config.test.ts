// `erp-db config`: the one place the sync configuration is changed, through the real CLI.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { adminQuery, freshDatabaseName, testServers, withDatabase } from '../harness/postgres';
import { dropDatabase, lines, runCli } from './cliHarness';

for (const server of testServers()) {
	describe(`erp-db config on ${server.name}`, () => {
		const database = freshDatabaseName('cli_config');
		const url = withDatabase(server.url, database);
		const config = (...args: string[]) => runCli(['config', ...args, '--url', url]);
		before(async () => {
			const run = await runCli(['migrate', '--url', url]);
			assert.equal(run.code, 0, run.stderr);
		});
		after(() => dropDatabase(server, database));

		it('shows the seeded settings and all 36 tables', async () => {
			const run = await config('show');
			assert.equal(run.code, 0, run.stderr);
			const out = lines(run.stdout);
			assert.deepEqual(out.slice(0, 3), ['coda_doc_id = (not set)', 'memory_gateway_url = (not set)', 'planner_api_url = (not set)']);
			assert.equal(out.length, 3 + 36);
			assert.ok(out.includes(`  ${'tasks'.padEnd(20)}  realtime              Coda table "Tasks"`), out.join('\n'));
			assert.ok(out.includes(`  ${'kpis'.padEnd(20)}  batch    every 60 min Coda table "Kpis"`), out.join('\n'));
		});

		it('sets settings, trimmed, and clears them with an empty value', async () => {
			assert.deepEqual(lines((await config('set', 'coda_doc_id', ' AbC-123_x ')).stdout), ['coda_doc_id = AbC-123_x']);
			assert.equal((await config('set', 'planner_api_url', 'http://planner-api:8080/tasks/created')).code, 0);
			assert.equal((await config('set', 'memory_gateway_url', '')).code, 0);
			const { rows } = await adminQuery(url, 'SELECT key, value FROM erp.sync_settings ORDER BY key');
			assert.deepEqual(rows, [
				{ key: 'coda_doc_id', value: 'AbC-123_x' },
				{ key: 'memory_gateway_url', value: '' },
				{ key: 'planner_api_url', value: 'http://planner-api:8080/tasks/created' },
			]);
		});

		it('sets the crash bound in whole minutes, and clears it back to the default', async () => {
			assert.deepEqual(lines((await config('set', 'crashed_after_minutes', ' 007 ')).stdout), ['crashed_after_minutes = 7']);
			assert.deepEqual((await adminQuery(url, "SELECT value FROM erp.sync_settings WHERE key = 'crashed_after_minutes'")).rows, [{ value: '7' }]);
			assert.deepEqual(lines((await config('set', 'crashed_after_minutes', '')).stdout), ['crashed_after_minutes = (not set)']);
			await adminQuery(url, "DELETE FROM erp.sync_settings WHERE key = 'crashed_after_minutes'");
		});

		it('changes one table, keeping what was not given', async () => {
			let run = await config('table', 'deals', '--delivery', 'realtime', '--coda-table', 'grid-deals01');
			assert.equal(run.code, 0, run.stderr);
			assert.deepEqual(lines(run.stdout), ['  deals  realtime              Coda table "grid-deals01"']);
			run = await config('table', 'okrs', '--cadence', '5', '--disable');
			assert.deepEqual(lines(run.stdout), ['  okrs  batch    every 5 min  (disabled) Coda table "Okrs"']);
			const { rows } = await adminQuery(url, "SELECT erp_table, coda_table, delivery, cadence_minutes, enabled FROM erp.sync_config WHERE erp_table IN ('deals', 'okrs') ORDER BY 1");
			assert.deepEqual(rows, [
				{ erp_table: 'deals', coda_table: 'grid-deals01', delivery: 'realtime', cadence_minutes: 15, enabled: true },
				{ erp_table: 'okrs', coda_table: 'Okrs', delivery: 'batch', cadence_minutes: 5, enabled: false },
			]);
		});

		it('rejects bad values with exit 2 and a message naming them, changing nothing', async () => {
			const cases: [string[], string][] = [
				[['set', 'api_token', 'x'], 'unknown setting "api_token" (settings: coda_doc_id, planner_api_url, memory_gateway_url, doc_changes, crashed_after_minutes)'],
				[['set', 'planner_api_url', 'planner:8080'], 'planner_api_url "planner:8080" is not an http(s) URL'],
				[['set', 'coda_doc_id', 'a b'], 'coda_doc_id "a b" is not a Coda doc id'],
				[['set', 'crashed_after_minutes', '0'], 'crashed_after_minutes "0" is not a whole number of minutes from 1 to 10080 (empty: 60)'],
				[['set', 'crashed_after_minutes', '1h'], 'crashed_after_minutes "1h" is not a whole number of minutes from 1 to 10080 (empty: 60)'],
				[['table', 'sync_state', '--delivery', 'batch'], 'unknown erp table "sync_state" (tables: assets,'],
				[['table', 'tasks', '--delivery', 'hourly'], '--delivery "hourly" is not one of realtime, batch, off'],
				[['table', 'tasks', '--cadence', '10'], '--cadence "10" is not one of 5, 15, 60 (minutes)'],
				[['table', 'tasks'], 'nothing to change: give --delivery, --cadence, --coda-table, --enable or --disable'],
				[['table', 'tasks', '--enable', '--disable'], '--enable and --disable exclude each other'],
				[['table'], 'config table takes 1 argument(s), got 0'],
				[['drop'], 'unknown config action "drop" (show, set, table)'],
			];
			for (const [args, message] of cases) {
				const run = await config(...args);
				assert.equal(run.code, 2, `${args.join(' ')}: ${run.stderr}`);
				assert.ok(run.stderr.startsWith(`erp-db: ${message}`), `${args.join(' ')}: ${run.stderr}`);
			}
			const { rows } = await adminQuery(url, "SELECT delivery, cadence_minutes FROM erp.sync_config WHERE erp_table = 'tasks'");
			assert.deepEqual(rows, [{ delivery: 'realtime', cadence_minutes: 15 }]);
		});

		it('says to migrate first on a database without the configuration tables', async () => {
			const bare = freshDatabaseName('cli_config_bare');
			await adminQuery(server.url, `CREATE DATABASE "${bare}"`);
			try {
				const run = await runCli(['config', 'show', '--url', withDatabase(server.url, bare)]);
				assert.equal(run.code, 4);
				assert.equal(run.stderr, `erp-db: database "${bare}" has no erp.sync_config yet: run \`erp-db migrate\` first\n`);
			} finally {
				await dropDatabase(server, bare);
			}
		});
	});
}
