// The Coda Pack of the real-time sync (pack/), executed by the Packs SDK's own local executor
// (`coda execute`, on the Node 24 the n8n runtime brings: the SDK needs Node >= 22 to run it)
// against the real webhook of the test stack: a row added in Coda (the emulator) is announced by
// the Pack's SyncRow action, given the row's link as Coda's API publishes it, and arrives in erp.
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { ensureN8nRuntime, runCommand, type CommandResult } from '../harness/n8nRuntime';
import { REPO_ROOT } from '../harness/n8nPackage';
import { prepareE2eStack, type E2eStack } from './support/e2eStack';
import { cells, codaWrite } from './support/polling';

const ROWS = 3;
const CODA_CLI = join(REPO_ROOT, 'node_modules', '@codahq', 'packs-sdk', 'dist', 'cli', 'coda.js');

describe('the Coda Pack, run by the Packs SDK against the real n8n webhook', () => {
	let stack: E2eStack;
	let node24 = '';
	let packDir = '';
	let wrongSecretDir = '';

	/** `coda <args…>` on Node 24, from the repository (where @codahq/packs-sdk is installed). */
	const coda = async (args: string[]): Promise<CommandResult> => {
		const result = await runCommand(node24, [CODA_CLI, ...args], { cwd: REPO_ROOT, timeoutMs: 3 * 60_000 });
		return { ...result, stdout: result.stdout.trim(), stderr: result.stderr.trim() };
	};

	/** A Pack entry for this stack's n8n (the shipped pack.ts with N8N_BASE_URL set to it), with its secret stored as `coda auth` stores it. */
	const packFor = (n8nBaseUrl: string, secret: string): string => {
		const dir = mkdtempSync(join(tmpdir(), 'coda-pack-'));
		writeFileSync(
			join(dir, 'pack.ts'),
			`import { makeErpSyncPack } from ${JSON.stringify(join(REPO_ROOT, 'pack', 'src', 'makePack'))};\n` +
				`export const pack = makeErpSyncPack({ n8nBaseUrl: ${JSON.stringify(n8nBaseUrl)} });\n`,
		);
		writeFileSync(join(dir, '.coda-credentials.json'), JSON.stringify({ credentials: { token: secret } }), { mode: 0o600 });
		return dir;
	};

	const taskRow = async (rowId: string) =>
		(await stack.erp.pool.query<{ name: string; coda_row_id: string }>('SELECT name, coda_row_id FROM erp.tasks WHERE coda_row_id = $1', [rowId])).rows[0];

	/** Adds a task in Coda (the emulator's API, as a person's edit) and returns its id and the link Coda's API gives the row. */
	const addTask = async (name: string): Promise<{ id: string; browserLink: string }> => {
		const tasks = stack.coda.tables().find((t) => t.erpTable === 'tasks')!;
		const added = await codaWrite<{ addedRowIds: string[] }>(stack.coda, 'POST', `/docs/${stack.coda.docId}/tables/${tasks.id}/rows`, {
			rows: [{ cells: cells({ Name: name }) }],
		});
		const id = added.addedRowIds[0];
		const response = await fetch(`${stack.coda.baseUrl}/docs/${stack.coda.docId}/tables/${tasks.id}/rows/${id}`, {
			headers: { authorization: `Bearer ${stack.coda.token}` },
		});
		assert.equal(response.status, 200);
		const row = (await response.json()) as { id: string; browserLink: string };
		assert.equal(row.id, id);
		return row;
	};

	before(async () => {
		node24 = (await ensureN8nRuntime()).node;
		stack = await prepareE2eStack({ mode: 'regular', rows: ROWS });
		const n8n = await stack.startN8n();
		packDir = packFor(n8n.url, stack.webhookSecret);
		wrongSecretDir = packFor(n8n.url, `${stack.webhookSecret}-wrong`);
	});

	after(async () => {
		for (const dir of [packDir, wrongSecretDir]) if (dir) rmSync(dir, { recursive: true, force: true });
		await stack?.stop();
	});

	it('the shipped pack/pack.ts builds and passes the SDK\'s upload validation', async () => {
		const result = await coda(['validate', join(REPO_ROOT, 'pack', 'pack.ts')]);
		assert.equal(result.code, 0, `coda validate:\n${result.stdout}\n${result.stderr}`);
		assert.equal(result.stdout, '', 'no validation message');
	});

	it('SyncRow, given a new row\'s link, POSTs {table, rowId} with the secret; the real-time workflow writes the row into erp.tasks', async () => {
		const row = await addTask('Announced by the Coda Pack');
		assert.match(row.browserLink, /\/_rui-/, 'the emulator links rows as Coda does');
		assert.equal(await taskRow(row.id), undefined, 'not in erp before the action runs');

		// What the automation runs: SyncRow("Tasks", [Step 1 Result].ObjectLink(), "row.changed").
		const result = await coda(['execute', join(packDir, 'pack.ts'), 'SyncRow', 'Tasks', row.browserLink, 'row.changed']);
		assert.equal(result.code, 0, `coda execute SyncRow:\n${result.stdout}\n${result.stderr}`);
		assert.equal(result.stdout, `stored: Tasks ${row.id} (inserted 1, updated 0, unchanged 0, deleted 0, restored 0)`);
		// n8n answers once the row is written, so it is there now.
		assert.deepEqual(await taskRow(row.id), { name: 'Announced by the Coda Pack', coda_row_id: row.id });

		// A second delivery of the same change is harmless: the row is unchanged.
		const again = await coda(['execute', join(packDir, 'pack.ts'), 'SyncRow', 'Tasks', row.id]);
		assert.equal(again.code, 0, `${again.stdout}\n${again.stderr}`);
		assert.equal(again.stdout, `stored: Tasks ${row.id} (inserted 0, updated 0, unchanged 1, deleted 0, restored 0)`);
	});

	it('ApiRowId shows the id SyncRow sends for a row link', async () => {
		const row = await addTask('Only looked at');
		const result = await coda(['execute', '--fetch=false', join(packDir, 'pack.ts'), 'ApiRowId', row.browserLink]);
		assert.equal(result.code, 0, `${result.stdout}\n${result.stderr}`);
		assert.equal(result.stdout, row.id);
	});

	it('the action fails with n8n\'s reason: a table not configured for real time, a wrong secret, a text with no row in it', async () => {
		const row = await addTask('Never delivered');

		const unconfigured = await coda(['execute', join(packDir, 'pack.ts'), 'SyncRow', 'Kpis', row.browserLink]);
		assert.equal(unconfigured.code, 1);
		assert.match(unconfigured.stdout, /UserVisibleError: n8n answered 422: Coda table "?Kpis"? \(erp\.kpis\) .*not real-time/);

		const wrongSecret = await coda(['execute', join(wrongSecretDir, 'pack.ts'), 'SyncRow', 'Tasks', row.browserLink]);
		assert.equal(wrongSecret.code, 1);
		assert.match(wrongSecret.stdout, /UserVisibleError: n8n answered 403: \S/);

		const noRow = await coda(['execute', join(packDir, 'pack.ts'), 'SyncRow', 'Tasks', 'Never delivered']);
		assert.equal(noRow.code, 1);
		assert.match(noRow.stdout, /UserVisibleError: No Coda row id in "Never delivered"/);

		assert.equal(await taskRow(row.id), undefined, 'nothing was written');
	});
});
