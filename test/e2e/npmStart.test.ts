// `npm start` as the README has a user run it after `npm install`: from scratch, without
// DATABASE_URL (so an embedded PostgreSQL 15), the Coda emulator, n8n with the package, the
// backfill and its summary; then the published webhook answers, and Ctrl-C stops everything.
// It runs in a stack folder of its own (ERP_STACK_DIR), so a developer's own stack is untouched.
import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { Pool } from 'pg';
import { isAlive, REPO_ROOT, stopService, type ServiceRecord } from '../stack/services';

const READY_TIMEOUT_MS = 20 * 60_000;

describe('npm start, from scratch on embedded defaults', () => {
	const stackDir = mkdtempSync(join(tmpdir(), 'erp-npm-start-'));
	const records = () =>
		existsSync(stackDir)
			? readdirSync(stackDir)
					.filter((f) => f.endsWith('.json'))
					.map((f) => ({ name: f.slice(0, -5), ...(JSON.parse(readFileSync(join(stackDir, f), 'utf8')) as ServiceRecord) }))
					// Service records have a pid (secrets.json, say, does not).
					.filter((r) => typeof r.pid === 'number')
			: [];

	after(async () => {
		// Whatever a failed run left behind.
		for (const r of records()) if (isAlive(r.pid)) await stopService(r.pid);
		rmSync(stackDir, { recursive: true, force: true });
	});

	it('backfills every table, serves the webhook, and stops what it started on Ctrl-C', { timeout: READY_TIMEOUT_MS + 5 * 60_000 }, async () => {
		const env: NodeJS.ProcessEnv = { ...process.env, ERP_STACK_DIR: stackDir };
		for (const name of ['DATABASE_URL', 'CODA_API_TOKEN', 'CODA_DOC_ID']) delete env[name];
		// npm test has built dist before any test; a filtered run lets npm start build it.
		const args = ['--import', 'tsx', 'test/stack/start.ts', ...(process.env.ERP_TEST_BUILT ? ['--no-build'] : [])];
		const child = spawn(process.execPath, args, { cwd: REPO_ROOT, env, stdio: ['ignore', 'pipe', 'pipe'] });
		let output = '';
		child.stdout.on('data', (d: Buffer) => (output += d.toString()));
		child.stderr.on('data', (d: Buffer) => (output += d.toString()));
		const exited = new Promise<number | null>((resolve) => child.on('close', (code) => resolve(code)));

		try {
			await checkStack(child, exited, () => output);
		} finally {
			// A failed check must not leave npm start (and what it started) running.
			if (child.exitCode === null) {
				child.kill('SIGINT');
				const timeout = new Promise((r) => setTimeout(r, 90_000).unref());
				if ((await Promise.race([exited, timeout])) === undefined) child.kill('SIGKILL');
			}
		}
	});

	async function checkStack(child: ChildProcess, exited: Promise<number | null>, out: () => string) {
		let output = out();
		const deadline = Date.now() + READY_TIMEOUT_MS;
		while (!/^ready in \d+ s$/m.test(output)) {
			if (child.exitCode !== null) assert.fail(`npm start exited (${child.exitCode}) before it was ready:\n${output.slice(-4000)}`);
			if (Date.now() > deadline) assert.fail(`npm start was not ready in ${READY_TIMEOUT_MS / 60_000} min:\n${output.slice(-4000)}`);
			await new Promise((r) => setTimeout(r, 1000));
			output = out();
		}

		// The summary: one line per configured table, every table as many rows as Coda has, none quarantined.
		const lines = output.split('\n');
		const head = lines.findIndex((l) => /^\s+erp table\s+rows\s+in Coda\s+quarant\.\s+time \(s\)$/.test(l));
		assert.ok(head >= 0, `no summary table in:\n${output.slice(-4000)}`);
		const rows = lines.slice(head + 1).filter((l) => /^\s+[a-z_]+\s+\d+\s+\S+\s+\d+\s+\S+$/.test(l) && !/^\s+total\s/.test(l));
		const tables = rows.map((l) => l.trim().split(/\s+/)).map(([table, inErp, inCoda, quarantined]) => ({ table, inErp, inCoda, quarantined }));
		assert.equal(tables.length, 36, `one line per table:\n${rows.join('\n')}`);
		assert.deepEqual(
			// execution_runs also holds the run log of the backfill itself (rows without a Coda row).
			tables.filter((t) => (t.table === 'execution_runs' ? Number(t.inErp) < Number(t.inCoda) : t.inErp !== t.inCoda) || t.quarantined !== '0' || t.inCoda === '0'),
			[],
			'every table holds the rows Coda has, none quarantined',
		);

		// The erp database the summary describes, and the webhook the run published.
		const postgres = records().find((r) => r.name === 'postgres');
		assert.ok(postgres, 'npm start recorded its embedded PostgreSQL');
		const pool = new Pool({ connectionString: `postgres://postgres:postgres@127.0.0.1:${postgres.port}/erp`, max: 1 });
		try {
			const { rows: task } = await pool.query<{ coda_row_id: string; coda_table_id: string }>(
				`SELECT t.coda_row_id, s.coda_table_id FROM erp.tasks t JOIN erp.sync_state s ON s.erp_table = 'tasks' ORDER BY t.coda_row_id LIMIT 1`,
			);
			const webhook = /real-time webhook: POST (\S+)\s+header (\S+): (\S+)/.exec(output);
			assert.ok(webhook, 'npm start printed the webhook');
			const response = await fetch(webhook[1], {
				method: 'POST',
				headers: { 'content-type': 'application/json', [webhook[2]]: webhook[3] },
				body: JSON.stringify({ table: task[0].coda_table_id, rowId: task[0].coda_row_id, event: 'row.changed' }),
			});
			const answer = (await response.json()) as Record<string, unknown>;
			assert.equal(response.status, 200, JSON.stringify(answer));
			assert.deepEqual([answer.rowId, answer.unchanged], [task[0].coda_row_id, 1], 'the row is already in erp as Coda has it');
		} finally {
			await pool.end();
		}

		const started = records();
		assert.deepEqual(started.map((r) => r.name).sort(), ['coda-emulator', 'n8n', 'postgres']);
		child.kill('SIGINT');
		assert.equal(await exited, 0, out().slice(-2000));
		output = out();
		assert.match(output, /stopping n8n…[\s\S]*stopping the Coda emulator…[\s\S]*stopping PostgreSQL…/);
		assert.deepEqual(
			started.filter((r) => isAlive(r.pid)).map((r) => r.name),
			[],
			'every service npm start started is gone',
		);
	}
});
