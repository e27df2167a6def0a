// erp-db with the committed migrations (drizzle/migrations), as a user runs it: no --migrations.
import assert from 'node:assert/strict';
import { after, describe, it } from 'node:test';
import { bundledMigrationsDir, loadMigrations } from '../../drizzle/cli/journal';
import { adminQuery, freshDatabaseName, testServers, withDatabase } from '../harness/postgres';
import { dropDatabase, erpFootprint, lines, runCli, trackingRows } from './cliHarness';

/** The 36 tables of the Coda doc (issue 2). */
const CODA_TABLES = [
	'service_blueprints', 'workflows', 'process_templates', 'resource_templates', 'execution_runs',
	'ventures', 'projects', 'tasks', 'sprints', 'people', 'organizations', 'offers', 'engagements', 'deliverables', 'results',
	'expenses', 'invoices', 'payments', 'deals', 'daily_thread', 'decision_journal', 'experiments', 'notebook', 'prompt_library', 'assets',
	'okrs', 'kpis', 'finance_snapshot', 'outcome_types', 'functional_areas', 'topics', 'touchpoints', 'icp_segments', 'icp_scoring',
	'ideas_inbox', 'template_performance',
];
/** Sync bookkeeping (DEVELOPERS.md): quarantine, the sync_* tables, the doc model, and the select option tables (0004). */
const isBookkeeping = (table: string) =>
	['quarantine', 'coda_columns', 'column_overrides', 'cell_issues'].includes(table) || table.startsWith('sync_') || table.endsWith('_options');
const TAGS = loadMigrations(bundledMigrationsDir).map((m) => m.tag);

/** The Coda-mirrored tables in erp; fails on any table that is neither those nor bookkeeping. */
async function codaTables(url: string): Promise<string[]> {
	const { rows } = await adminQuery(url, "SELECT tablename FROM pg_tables WHERE schemaname = 'erp' ORDER BY tablename");
	const tables = rows.map((r) => r.tablename as string);
	assert.deepEqual(tables.filter((t) => !CODA_TABLES.includes(t) && !isBookkeeping(t)), []);
	return tables.filter((t) => !isBookkeeping(t));
}

for (const server of testServers()) {
	describe(`erp-db with the committed migrations on ${server.name}`, () => {
		const database = freshDatabaseName('cli_erp');
		const url = withDatabase(server.url, database);
		const roles: string[] = [];
		after(async () => {
			await dropDatabase(server, database);
			for (const role of roles) await adminQuery(server.url, `DROP ROLE IF EXISTS ${role}`);
		});

		it('migrate creates the database with the 36 tables; again changes nothing; status shows all applied', async () => {
			assert.equal(CODA_TABLES.length, 36);
			const first = await runCli(['migrate', '--url', url]);
			assert.equal(first.stderr, '');
			assert.equal(first.code, 0);
			const out = lines(first.stdout);
			assert.equal(out[0], `created database "${database}"`);
			assert.deepEqual(
				out.slice(1, -1).map((line) => line.replace(/ \(\d+ statements?\)$/, '')),
				TAGS.map((tag) => `applied ${tag}`),
			);
			assert.deepEqual(await codaTables(url), [...CODA_TABLES].sort());
			const rows = await trackingRows(server, database);

			const second = await runCli(['migrate', '--url', url]);
			assert.equal(second.code, 0);
			assert.deepEqual(lines(second.stdout), [`database "${database}" is up to date (${TAGS.length} migrations applied)`]);
			assert.deepEqual(await trackingRows(server, database), rows);

			const statusRun = await runCli(['status'], { DATABASE_URL: url });
			assert.equal(statusRun.code, 0);
			assert.deepEqual(
				lines(statusRun.stdout).slice(1).map((line) => line.trim().split(/\s+/).slice(0, 2).join(' ')),
				[...TAGS.map((tag) => `applied ${tag}`), `${TAGS.length} migrations:`],
			);
		});

		it('create-role puts services into the migrations\' groups: a reader may read and not write', async () => {
			const role = `erp_planner_api_${Date.now().toString(36)}`;
			roles.push(role);
			const run = await runCli(['create-role', 'planner-api', '--name', role, '--url', url], { ERP_ROLE_PASSWORD: 'reader-pw' });
			assert.equal(run.code, 0, run.stderr);
			const asReader = new URL(url);
			asReader.username = role;
			asReader.password = 'reader-pw';
			const { rows } = await adminQuery(asReader.toString(), 'SELECT count(*)::int AS n FROM erp.projects');
			assert.deepEqual(rows, [{ n: 0 }]);
			await assert.rejects(adminQuery(asReader.toString(), 'INSERT INTO erp.projects DEFAULT VALUES'), { code: '42501' });
		});

		it('rollback --all leaves no erp objects, and migrate again restores the 36 tables', async () => {
			const all = await runCli(['rollback', '--all', '--url', url]);
			assert.equal(all.stderr, '');
			assert.equal(all.code, 0);
			assert.deepEqual(
				lines(all.stdout).map((line) => line.replace(/ \(\d+ statements?\)$/, '')),
				[...[...TAGS].reverse().map((tag) => `rolled back ${tag}`), 'dropped schema erp_meta', `rolled back ${TAGS.length} migrations; 0 still applied`],
			);
			assert.deepEqual(await erpFootprint(server, database), { schemas: [], relations: [] });
			const { rows } = await adminQuery(url, "SELECT count(*)::int AS n FROM pg_proc p JOIN pg_namespace n ON n.oid = p.pronamespace WHERE n.nspname LIKE 'erp%'");
			assert.deepEqual(rows, [{ n: 0 }]);

			const again = await runCli(['migrate', '--url', url]);
			assert.equal(again.code, 0, again.stderr);
			assert.deepEqual(await codaTables(url), [...CODA_TABLES].sort());
		});
	});
}
