// `erp-db plan` / `apply`: the user's Coda doc (the emulator) against a real database. The sample
// doc matches the schema; a doc with other names and extra columns gets its tables matched, its
// columns added by a drizzle-kit migration (recorded, rolled back, rebuilt on a fresh database
// from the doc folder), its select options stored with a meaning.
import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { Pool } from 'pg';
import { applyDocChanges } from '../../drizzle/cli/docApply';
import { drizzleModule, loadDrizzleKit } from '../../drizzle/cli/docSchema';
import { syncSettingKeys } from '../../drizzle/schema/syncConfig';
import { startCodaEmulator, type CodaEmulator } from '../coda-emulator';
import { adminQuery, freshDatabaseName, testServers, withDatabase } from '../harness/postgres';
import { asUser, closedPort, dropDatabase, lines, runCli, startCli, trackingRows } from './cliHarness';
import { codaEnv, docFolder, OTHER_NAMES_NEW_COLUMNS, otherNamesDoc, TODO_STATES } from './docFixtures';

/** The sample doc's Coda-only columns (test/coda-emulator/README.md): the only NEW columns of its plan. */
const SAMPLE_CODA_ONLY = new Set(['Summary Line', 'Brief', 'Internal Notes', 'Votes', 'Meeting Time', 'Cover Image', 'Files']);

/** `erp table → lines` of a printed plan (blocks start with `<erp table> ← Coda`). */
function planBlocks(stdout: string): Map<string, string[]> {
	const blocks = new Map<string, string[]>();
	let current: string[] | undefined;
	for (const line of stdout.split('\n')) {
		const head = /^([a-z_]+) ← Coda /.exec(line);
		if (head) blocks.set(head[1], (current = [line]));
		else if (line === '') current = undefined;
		else current?.push(line);
	}
	return blocks;
}

async function newColumns(url: string): Promise<string[]> {
	const { rows } = await adminQuery(
		url,
		`SELECT c.relname || '.' || a.attname || ' ' || format_type(a.atttypid, a.atttypmod) AS col
		 FROM pg_attribute a JOIN pg_class c ON c.oid = a.attrelid JOIN pg_namespace n ON n.oid = c.relnamespace
		 WHERE n.nspname = 'erp' AND a.attnum > 0 AND NOT a.attisdropped
		   AND (c.relname, a.attname) IN (('tasks', 'effort_points'), ('tasks', 'kickoff'), ('tasks', 'billable'), ('tasks', 'labels'),
		                                  ('organizations', 'vat_id'), ('okrs', 'confidence_percent'))
		 ORDER BY 1`,
	);
	return rows.map((r) => r.col as string);
}

async function appliedBindings(url: string) {
	const { rows } = await adminQuery(
		url,
		`SELECT o.erp_table, o.erp_column, c.name AS coda_name FROM erp.column_overrides o
		 LEFT JOIN erp.coda_columns c ON c.coda_column_id = o.coda_column WHERE o.note = 'added by apply' ORDER BY 1, 2`,
	);
	return rows.map((r) => `${r.erp_table}.${r.erp_column} ← ${r.coda_name}`);
}

for (const server of testServers()) {
	describe(`erp-db plan and apply on ${server.name}`, () => {
		let sample: CodaEmulator;
		let other: CodaEmulator;
		const databases: string[] = [];
		const roles: string[] = [];

		/** A database migrated with the shipped migrations. */
		async function migrated(prefix: string): Promise<string> {
			const name = freshDatabaseName(prefix);
			databases.push(name);
			const url = withDatabase(server.url, name);
			const run = await runCli(['migrate', '--url', url]);
			assert.equal(run.code, 0, run.stderr);
			return url;
		}

		before(async () => {
			sample = await startCodaEmulator({ rateLimit: false });
			other = await startCodaEmulator({ rateLimit: false, doc: otherNamesDoc() });
		});
		after(async () => {
			await sample?.close();
			await other?.close();
			for (const name of databases) await dropDatabase(server, name);
			for (const role of roles) await adminQuery(server.url, `DROP ROLE IF EXISTS ${role}`);
		});

		it('plan on the sample doc: every table as configured, NEW only for the Coda-only columns, the doc model stored', async () => {
			const url = await migrated('doc_plan_sample');
			const run = await runCli(['plan', '--url', url], codaEnv(sample));
			assert.equal(run.stderr, '');
			assert.equal(run.code, 0);
			const blocks = planBlocks(run.stdout);
			assert.equal(blocks.size, 36, run.stdout);
			for (const [table, block] of blocks) {
				assert.match(block[0], / erp\.sync_config names "/, `${table} is matched as configured: ${block[0]}`);
				for (const line of block.filter((l) => / NEW /.test(l))) {
					const codaColumn = line.trim().split(/\s{2,}/)[0];
					assert.ok(SAMPLE_CODA_ONLY.has(codaColumn), `${table}: only Coda-only columns are NEW, not: ${line}`);
				}
			}
			const withNew = [...blocks].filter(([, b]) => b.some((l) => / NEW /.test(l))).map(([t]) => t);
			assert.deepEqual(withNew.sort(), ['ideas_inbox', 'projects', 'tasks']);
			const { rows } = await adminQuery(url, 'SELECT count(DISTINCT coda_table_id)::int AS tables, count(*) FILTER (WHERE removed_at IS NOT NULL)::int AS removed FROM erp.coda_columns');
			assert.deepEqual(rows, [{ tables: 36, removed: 0 }]);
			// A plan changes no schema.
			const store = await adminQuery(url, "SELECT to_regclass('erp_meta.doc_migrations') IS NULL AS none");
			assert.equal(store.rows[0].none, true);
			assert.deepEqual(await newColumns(url), []);
		});

		it('a doc with other names: tables proposed, typed columns added and bound by Coda column id, options with meanings; again: nothing', async () => {
			const url = await migrated('doc_apply_other');
			const folder = docFolder();
			try {
				const plan = await runCli(['plan', '--url', url], codaEnv(other));
				assert.equal(plan.code, 0, plan.stderr);
				const out = plan.stdout;
				assert.ok(out.includes('erp-db apply would add 6 columns (okrs, organizations, tasks), add 5 select options, record the Coda table of 3 erp tables in erp.sync_config'), out);
				const blocks = planBlocks(out);
				assert.deepEqual([...blocks.keys()].sort(), ['okrs', 'organizations', 'projects', 'tasks']);
				assert.match(blocks.get('tasks')![0], /^tasks ← Coda "To-dos" \(grid-[^)]+\)  proposed \(synonym: .*apply sets "To-dos"$/);
				assert.match(blocks.get('organizations')![0], /← Coda "Clients & Partners" .* proposed \(synonym/);
				assert.match(blocks.get('okrs')![0], /← Coda "OKRs — Key results" .* proposed \(words: "OKRs — Key results" contains "key results"\)/);
				assert.ok(blocks.get('tasks')!.some((l) => /^\s+Effort Points\s+number\s+NEW effort_points numeric\s+new: /.test(l)), out);
				assert.ok(blocks.get('tasks')!.some((l) => /^\s+State\s+select\s+status\s+fuzzy: /.test(l)), out);
				assert.ok(blocks.get('tasks')!.some((l) => /^\s+Go\s+button \(formula\)\s+—\s+none: /.test(l)), out);
				assert.ok(out.includes('options to add to status (erp.tasks_status_options): "To Do" → todo, "In Progress" → in_progress, "✅ Erledigt" → done, "Dropped" → cancelled, "Someday" → (no meaning)'), out);
				assert.ok(out.includes('Coda tables no erp table mirrors: "Reading List"'), out);

				const apply = await runCli(['apply', '--url', url, '--doc-dir', folder.dir], codaEnv(other));
				assert.equal(apply.stderr, '');
				assert.equal(apply.code, 0);
				const done = apply.stdout.slice(apply.stdout.lastIndexOf('\n\n') + 2);
				assert.deepEqual(lines(done), [
					'applied doc_0000_okrs_organizations_tasks: added 6 columns',
					'  okrs: confidence_percent numeric',
					'  organizations: vat_id text',
					'  tasks: effort_points numeric, kickoff timestamp with time zone, billable boolean, labels text[]',
					'erp.sync_config: okrs ← Coda table "OKRs — Key results"',
					'erp.sync_config: organizations ← Coda table "Clients & Partners"',
					'erp.sync_config: tasks ← Coda table "To-dos"',
					'erp.sync_settings: coda_doc_id = ' + other.docId,
					'added 5 select option(s)',
				]);
				assert.deepEqual(await newColumns(url), OTHER_NAMES_NEW_COLUMNS);
				assert.deepEqual(await appliedBindings(url), [
					'okrs.confidence_percent ← Confidence',
					'organizations.vat_id ← VAT ID',
					'tasks.billable ← Billable',
					'tasks.effort_points ← Effort Points',
					'tasks.kickoff ← Kickoff',
					'tasks.labels ← Labels',
				]);
				const config = await adminQuery(url, "SELECT erp_table, coda_table FROM erp.sync_config WHERE erp_table IN ('okrs', 'organizations', 'projects', 'tasks') ORDER BY 1");
				assert.deepEqual(config.rows.map((r) => `${r.erp_table}=${r.coda_table}`), ['okrs=OKRs — Key results', 'organizations=Clients & Partners', 'projects=Projects', 'tasks=To-dos']);
				const options = await adminQuery(url, 'SELECT value, meaning, position FROM erp.tasks_status_options WHERE value = ANY($1) ORDER BY position', [TODO_STATES]);
				assert.deepEqual(options.rows, [
					{ value: 'To Do', meaning: 'todo', position: 0 },
					{ value: 'In Progress', meaning: 'in_progress', position: 1 },
					{ value: '✅ Erledigt', meaning: 'done', position: 2 },
					{ value: 'Dropped', meaning: 'cancelled', position: 3 },
					{ value: 'Someday', meaning: null, position: 4 },
				]);
				const tracked = await trackingRows(server, url.split('/').pop()!);
				assert.equal(tracked.at(-1)!.tag, 'doc_0000_okrs_organizations_tasks');
				for (const file of ['schema.ts', 'columns.json', 'migrations/meta/_journal.json', 'migrations/meta/0000_snapshot.json', 'migrations/doc_0000_okrs_organizations_tasks.sql', 'migrations/down/doc_0000_okrs_organizations_tasks.down.sql']) {
					assert.ok(existsSync(join(folder.dir, file)), file);
				}

				// Bound now: the plan has nothing left to add, and names the binding's origin.
				const again = await runCli(['plan', '--url', url], codaEnv(other));
				assert.ok(again.stdout.includes('nothing to apply: every Coda column has its erp column'), again.stdout);
				assert.ok(planBlocks(again.stdout).get('tasks')!.some((l) => /Effort Points\s+number\s+effort_points\s+override: override → effort_points \(added by apply\)/.test(l)), again.stdout);
				const second = await runCli(['apply', '--url', url, '--doc-dir', folder.dir], codaEnv(other));
				assert.equal(second.code, 0, second.stderr);
				assert.equal(lines(second.stdout).at(-1), 'nothing to apply: the database already follows the doc');
				assert.deepEqual(await trackingRows(server, url.split('/').pop()!), tracked);
			} finally {
				folder.remove();
			}
		});

		it('rollback drops exactly the added columns; apply adds them again; a fresh database rebuilds them from the doc folder', async () => {
			const url = await migrated('doc_rollback');
			const database = url.split('/').pop()!;
			const folder = docFolder();
			try {
				assert.equal((await runCli(['apply', '--url', url, '--doc-dir', folder.dir], codaEnv(other))).code, 0);
				const tracked = await trackingRows(server, database);
				const doc = tracked.at(-1)!;

				// The folder's schema.ts is plain Drizzle: drizzle-kit reads it to the snapshot apply stored.
				const schema = (await import(join(folder.dir, 'schema.ts'))) as Record<string, unknown>;
				const snapshot = JSON.parse(readFileSync(join(folder.dir, 'migrations', 'meta', '0000_snapshot.json'), 'utf8'));
				const kit = loadDrizzleKit();
				const tables = (module: Record<string, unknown>) => JSON.parse(JSON.stringify(kit.generateDrizzleJson(module, undefined, ['erp']).tables));
				assert.deepEqual(tables(schema), snapshot.tables);
				assert.deepEqual(tables(drizzleModule(JSON.parse(readFileSync(join(folder.dir, 'columns.json'), 'utf8')).columns)), snapshot.tables);

				const down = await runCli(['rollback', '--url', url, '--doc-dir', folder.dir]);
				assert.equal(down.code, 0, down.stderr);
				assert.deepEqual(lines(down.stdout), [`rolled back ${doc.tag} (7 statements)`, `rolled back 1 migration; ${tracked.length - 1} still applied`]);
				assert.deepEqual(await newColumns(url), []);
				assert.deepEqual(await appliedBindings(url), []);
				assert.deepEqual((await adminQuery(url, 'SELECT count(*)::int AS n FROM erp_meta.doc_migrations')).rows, [{ n: 0 }]);
				assert.deepEqual(readdirSync(join(folder.dir, 'migrations')).filter((f) => f.endsWith('.sql')), []);
				// What is not part of the migration stays: the doc's options and the table matches.
				const kept = await adminQuery(url, "SELECT (SELECT coda_table FROM erp.sync_config WHERE erp_table = 'tasks') AS tasks, (SELECT count(*)::int FROM erp.tasks_status_options WHERE value = 'Someday') AS someday");
				assert.deepEqual(kept.rows, [{ tasks: 'To-dos', someday: 1 }]);

				const reapply = await runCli(['apply', '--url', url, '--doc-dir', folder.dir], codaEnv(other));
				assert.equal(reapply.code, 0, reapply.stderr);
				assert.deepEqual(await newColumns(url), OTHER_NAMES_NEW_COLUMNS);
				const retracked = await trackingRows(server, database);
				assert.deepEqual([retracked.at(-1)!.tag, retracked.at(-1)!.hash], [doc.tag, doc.hash], 'the same doc gives the same migration');

				// A rebuilt database: migrate with the doc folder alone (no Coda) reproduces the columns and bindings.
				const fresh = freshDatabaseName('doc_fresh');
				databases.push(fresh);
				const freshUrl = withDatabase(server.url, fresh);
				const rebuild = await runCli(['migrate', '--url', freshUrl, '--doc-dir', folder.dir]);
				assert.equal(rebuild.code, 0, rebuild.stderr);
				assert.ok(lines(rebuild.stdout).includes(`applied ${doc.tag} (7 statements)`), rebuild.stdout);
				assert.deepEqual(await newColumns(freshUrl), OTHER_NAMES_NEW_COLUMNS);
				assert.deepEqual(
					(await adminQuery(freshUrl, "SELECT erp_table || '.' || erp_column AS c FROM erp.column_overrides WHERE note = 'added by apply' ORDER BY 1")).rows.map((r) => r.c),
					['okrs.confidence_percent', 'organizations.vat_id', 'tasks.billable', 'tasks.effort_points', 'tasks.kickoff', 'tasks.labels'],
				);
				const freshTracked = await trackingRows(server, fresh);
				assert.deepEqual([freshTracked.at(-1)!.tag, freshTracked.at(-1)!.hash], [doc.tag, doc.hash]);
				const status = await runCli(['status', '--url', freshUrl]);
				assert.ok(lines(status.stdout).some((l) => l.trim().startsWith(`applied  ${doc.tag}`)), status.stdout);
				// …and the database keeps its own copy: migrate without the folder changes nothing.
				const plain = await runCli(['migrate', '--url', freshUrl]);
				assert.equal(plain.code, 0, plain.stderr);
				assert.deepEqual(lines(plain.stdout), [`database "${fresh}" is up to date (${freshTracked.length} migrations applied)`]);
				// A folder whose migration differs from the database's is refused.
				const sqlPath = join(folder.dir, 'migrations', `${doc.tag}.sql`);
				const { writeFileSync } = await import('node:fs');
				writeFileSync(sqlPath, `${readFileSync(sqlPath, 'utf8')}\n-- edited`);
				const refused = await runCli(['migrate', '--url', freshUrl, '--doc-dir', folder.dir]);
				assert.equal(refused.code, 4);
				assert.match(refused.stderr, new RegExp(`^erp-db: doc migration "${doc.tag}" in .* differs from the one the database keeps`));
			} finally {
				folder.remove();
			}
		});

		it('config: an option\'s meaning, a column override and a table match change the plan', async () => {
			const url = await migrated('doc_config');
			const config = (...args: string[]) => runCli(['config', ...args, '--url', url]);
			let run = await config('option', 'tasks', 'status', 'Someday', '--meaning', 'backlog');
			assert.equal(run.code, 0, run.stderr);
			assert.deepEqual(lines(run.stdout), ['tasks.status option "Someday" means backlog (added to erp.tasks_status_options)']);
			run = await config('option', 'tasks', 'status', 'Someday', '--meaning', 'later');
			assert.equal(run.code, 2);
			assert.match(run.stderr, /^erp-db: --meaning "later" is not one of backlog, todo, in_progress, blocked, review, done, cancelled \(or none\)/);
			run = await config('option', 'tasks', 'notes', 'x', '--meaning', 'none');
			assert.equal(run.code, 2);
			assert.match(run.stderr, /^erp-db: tasks\.notes is not a select column with options \(tasks has: status, priority\)/);

			run = await config('column', 'tasks', 'Effort Points', '--none');
			assert.deepEqual(lines(run.stdout), ['tasks: Coda column "Effort Points" feeds no typed column (kept in coda_row)']);
			run = await config('column', 'tasks', 'Kickoff', '--erp-column', 'completed_at');
			assert.deepEqual(lines(run.stdout), ['tasks: Coda column "Kickoff" feeds completed_at']);
			run = await config('column', 'tasks', 'Kickoff', '--erp-column', 'kickoff_at');
			assert.equal(run.code, 2);
			assert.match(run.stderr, /^erp-db: erp table tasks has no writable column "kickoff_at"/);
			run = await config('table', 'tasks', '--coda-table', 'To-dos');
			assert.equal(run.code, 0, run.stderr);
			// Found ignoring case, but Coda fetches by exact name: apply writes the doc's spelling.
			run = await config('table', 'okrs', '--coda-table', 'okrs — key RESULTS');
			assert.equal(run.code, 0, run.stderr);

			const plan = await runCli(['plan', '--url', url], codaEnv(other));
			const tasks = planBlocks(plan.stdout).get('tasks')!;
			assert.match(tasks[0], /^tasks ← Coda "To-dos" \(grid-[^)]+\)  erp\.sync_config names "To-dos"$/);
			assert.ok(tasks.some((l) => /Effort Points\s+number\s+—\s+override: override: kept in coda_row only \(set by erp-db config\)/.test(l)), tasks.join('\n'));
			assert.ok(tasks.some((l) => /Kickoff\s+dateTime\s+completed_at\s+override: override → completed_at/.test(l)), tasks.join('\n'));
			assert.ok(tasks.some((l) => l.startsWith('  options to add to status') && !l.includes('Someday')), tasks.join('\n'));
			assert.match(planBlocks(plan.stdout).get('okrs')![0], /^okrs ← Coda "OKRs — Key results" \(grid-[^)]+\)  erp\.sync_config names "okrs — key RESULTS", which Coda spells "OKRs — Key results"; apply sets "OKRs — Key results"$/);
			assert.ok(plan.stdout.includes('erp-db apply would add 4 columns (okrs, organizations, tasks), add 4 select options, record the Coda table of 2 erp tables'), plan.stdout);

			run = await config('column', 'tasks', 'Effort Points', '--remove');
			assert.deepEqual(lines(run.stdout), ['tasks: Coda column "Effort Points" override removed (automatic mapping again)']);

			run = await config('set', 'doc_changes', 'sometimes');
			assert.equal(run.code, 2);
			assert.match(run.stderr, /^erp-db: doc_changes "sometimes" is not one of manual, auto/);
			run = await config('set', 'doc_changes', 'auto');
			if ((syncSettingKeys as readonly string[]).includes('doc_changes')) {
				assert.deepEqual([run.code, lines(run.stdout)], [0, ['doc_changes = auto']]);
			} else {
				// Until the schema lists the key, the database's CHECK refuses it and says what to do.
				assert.equal(run.code, 4);
				assert.match(run.stderr, /^erp-db: database "[^"]+" does not know the setting doc_changes yet/);
			}
		});

		it('automatic mode: applyDocChanges skips unless enabled and owned, then applies like apply does', async () => {
			const url = await migrated('doc_auto');
			const coda = { baseUrl: other.baseUrl, token: other.token, docId: other.docId };
			const pool = new Pool({ connectionString: url, max: 2 });
			try {
				const manual = await applyDocChanges(pool, { coda });
				assert.equal(manual.status, 'skipped');
				assert.match(manual.reason!, /^doc_changes is manual/);

				const role = `erp_doc_sync_${Date.now().toString(36)}`;
				roles.push(role);
				await adminQuery(url, `CREATE ROLE ${role} LOGIN PASSWORD 'pw-${role}' IN ROLE erp_sync`);
				const asSync = new Pool({ connectionString: asUser(url, role, `pw-${role}`), max: 1 });
				try {
					const notOwner = await applyDocChanges(asSync, { coda, force: true });
					assert.equal(notOwner.status, 'skipped');
					assert.match(notOwner.reason!, new RegExp(`^user "${role}" does not own the erp tables`));
				} finally {
					await asSync.end();
				}

				const enabled = (syncSettingKeys as readonly string[]).includes('doc_changes');
				if (enabled) await adminQuery(url, "INSERT INTO erp.sync_settings (key, value) VALUES ('doc_changes', 'auto') ON CONFLICT (key) DO UPDATE SET value = 'auto'");
				const applied = await applyDocChanges(pool, { coda, force: !enabled });
				assert.equal(applied.status, 'applied');
				assert.equal(applied.lines[0], 'applied doc_0000_okrs_organizations_tasks: added 6 columns');
				assert.deepEqual(await newColumns(url), OTHER_NAMES_NEW_COLUMNS);
				const again = await applyDocChanges(pool, { coda, force: !enabled });
				assert.deepEqual([again.status, again.lines], ['unchanged', ['nothing to apply: the database already follows the doc']]);
			} finally {
				await pool.end();
			}
		});

		it('two applies at once add the columns once', async () => {
			const url = await migrated('doc_concurrent');
			const runs = await Promise.all([0, 1].map(() => startCli(['apply', '--url', url], { ...codaEnv(other) }).done));
			for (const r of runs) assert.equal(r.code, 0, r.stderr);
			const added = runs.filter((r) => r.stdout.includes('applied doc_0000_okrs_organizations_tasks: added 6 columns'));
			assert.equal(added.length, 1, runs.map((r) => r.stdout.slice(-300)).join('\n---\n'));
			const tags = (await trackingRows(server, url.split('/').pop()!)).map((r) => r.tag).filter((t) => t.startsWith('doc_'));
			assert.deepEqual(tags, ['doc_0000_okrs_organizations_tasks']);
		});

		it('errors: one line naming what and where, the CLI\'s exit codes, never the token', async () => {
			const url = await migrated('doc_errors');
			const cases: Array<[NodeJS.ProcessEnv, string[], number, RegExp]> = [
				[{ CODA_DOC_ID: other.docId, CODA_BASE_URL: other.baseUrl }, ['plan'], 2, /^erp-db: no Coda API token: set CODA_API_TOKEN/],
				[{ ...codaEnv(other), CODA_API_TOKEN: 'not-the-token' }, ['plan'], 3, new RegExp(`^erp-db: Coda at ${other.baseUrl.replace(/[.]/g, '\\.')} refused the API token \\(401: `)],
				[{ ...codaEnv(other), CODA_BASE_URL: `http://127.0.0.1:${await closedPort()}/apis/v1` }, ['apply'], 3, /^erp-db: cannot read Coda at http:\/\/127\.0\.0\.1:\d+\/apis\/v1: .*connection refused/],
				[{ ...codaEnv(other), CODA_DOC_ID: 'NoSuchDoc' }, ['plan'], 3, /^erp-db: Coda at \S+ answered 404 for the tables of doc NoSuchDoc \(.*\); check CODA_DOC_ID/],
				[{ ...codaEnv(other), CODA_BASE_URL: 'ftp://coda' }, ['plan'], 2, /^erp-db: CODA_BASE_URL "ftp:\/\/coda" is not an http\(s\) URL/],
			];
			for (const [env, args, code, message] of cases) {
				const run = await runCli([...args, '--url', url], env);
				assert.equal(run.code, code, `${JSON.stringify(env)}: ${run.stderr}`);
				assert.match(run.stderr, message);
				assert.equal(lines(run.stderr).length, 1, run.stderr);
				for (const text of [run.stdout, run.stderr]) {
					assert.ok(!text.includes(other.token) && !text.includes('not-the-token'), 'the token is never printed');
				}
			}
			await adminQuery(url, "UPDATE erp.sync_settings SET value = 'AnotherDoc' WHERE key = 'coda_doc_id'");
			const mismatch = await runCli(['plan', '--url', url], codaEnv(other));
			assert.equal(mismatch.code, 2);
			assert.match(mismatch.stderr, new RegExp(`^erp-db: CODA_DOC_ID ${other.docId} is not the configured doc AnotherDoc`));

			const bare = freshDatabaseName('doc_bare');
			databases.push(bare);
			await adminQuery(server.url, `CREATE DATABASE "${bare}"`);
			const unmigrated = await runCli(['apply', '--url', withDatabase(server.url, bare)], codaEnv(other));
			assert.equal(unmigrated.code, 4);
			assert.match(unmigrated.stderr, new RegExp(`^erp-db: database "${bare}" has no erp\\.sync_config, erp\\.coda_columns, erp\\.column_overrides yet: run \`erp-db migrate\` first`));
		});
	});
}
