// Proves the real-n8n harness beyond loading: headless CLI import/execute (with a Code node,
// which runs on n8n's task runner), and queue mode (main + `n8n worker` through Redis), with
// n8n's built-in nodes so it stands on its own.
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { createN8nDatabase, n8nCli, n8nExecute, startN8n, type N8nOptions, type RunningN8n } from '../harness/n8nInstance';
import type { TestDatabase } from '../harness/postgres';
import { queueModeOptOut, requireRedis } from '../harness/redis';

const manualWorkflow = {
	id: 'wfHarnessManual1',
	name: 'harness: manual',
	active: false,
	settings: {},
	nodes: [
		{ id: 'm1', name: 'Start', type: 'n8n-nodes-base.manualTrigger', typeVersion: 1, position: [0, 0], parameters: {} },
		{
			id: 'm2',
			name: 'Set',
			type: 'n8n-nodes-base.set',
			typeVersion: 3.4,
			position: [200, 0],
			parameters: { assignments: { assignments: [{ id: 'a', name: 'answer', value: '={{ 6 * 7 }}', type: 'number' }] }, options: {} },
		},
		{
			id: 'm3',
			name: 'Code',
			type: 'n8n-nodes-base.code',
			typeVersion: 2,
			position: [400, 0],
			parameters: { jsCode: 'return $input.all().map((item) => ({ json: { answer: item.json.answer + 1, runner: true } }));' },
		},
	],
	connections: {
		Start: { main: [[{ node: 'Set', type: 'main', index: 0 }]] },
		Set: { main: [[{ node: 'Code', type: 'main', index: 0 }]] },
	},
};

const webhookWorkflow = {
	id: 'wfHarnessQueue01',
	name: 'harness: queue webhook',
	active: false,
	settings: {},
	nodes: [
		{
			id: 'w1',
			name: 'Webhook',
			type: 'n8n-nodes-base.webhook',
			typeVersion: 2,
			position: [0, 0],
			webhookId: '6f0a4d0e-1c1e-4a53-9a3c-1b2a3c4d5e6f',
			parameters: { httpMethod: 'POST', path: 'harness-queue', responseMode: 'lastNode', options: {} },
		},
		{
			id: 'w2',
			name: 'Double',
			type: 'n8n-nodes-base.set',
			typeVersion: 3.4,
			position: [200, 0],
			parameters: { assignments: { assignments: [{ id: 'd', name: 'doubled', value: '={{ $json.body.n * 2 }}', type: 'number' }] }, options: {} },
		},
	],
	connections: { Webhook: { main: [[{ node: 'Double', type: 'main', index: 0 }]] } },
};

describe('real n8n: CLI and queue mode', () => {
	// Redis is part of the test environment: unreachable, the suite fails; opted out, the CLI runs in
	// regular mode and the queue test is skipped (test/harness/redis.ts).
	const optOut = queueModeOptOut();
	let db: TestDatabase;
	let userFolder: string;
	let options: N8nOptions;
	let n8n: RunningN8n | undefined;

	before(async () => {
		if (!optOut) await requireRedis();
		db = await createN8nDatabase();
		userFolder = mkdtempSync(join(tmpdir(), 'n8n-runtime-'));
		options = { userFolder, databaseUrl: db.url, mode: optOut ? 'regular' : 'queue', workers: 1 };
		const file = join(userFolder, 'workflows.json');
		writeFileSync(file, JSON.stringify([manualWorkflow, webhookWorkflow]));
		const imported = await n8nCli(options, ['import:workflow', `--input=${file}`]);
		assert.equal(imported.code, 0, imported.stderr);
		assert.match(imported.stdout, /Successfully imported 2 workflows/);
	});

	after(async () => {
		await n8n?.stop();
		await db?.drop();
		if (userFolder) rmSync(userFolder, { recursive: true, force: true });
	});

	it('executes an imported workflow headless (Code node on the task runner too) and returns the run', async () => {
		const run = await n8nExecute(options, manualWorkflow.id);
		assert.equal(run.status, 'success', JSON.stringify(run.data.resultData.error));
		assert.deepEqual(run.data.resultData.runData.Set[0].data?.main[0]?.map((item) => item.json), [{ answer: 42 }]);
		assert.deepEqual(run.data.resultData.runData.Code[0].data?.main[0]?.map((item) => item.json), [{ answer: 43, runner: true }]);
	});

	it('runs a published webhook workflow on a queue-mode worker', async (t) => {
		if (optOut) {
			t.skip(optOut);
			return;
		}
		const published = await n8nCli(options, ['publish:workflow', `--id=${webhookWorkflow.id}`]);
		assert.equal(published.code, 0, published.stderr);
		n8n = await startN8n(options);
		const response = await fetch(`${n8n.url}/webhook/harness-queue`, {
			method: 'POST',
			headers: { 'content-type': 'application/json' },
			body: JSON.stringify({ n: 21 }),
		});
		assert.equal(response.status, 200);
		assert.deepEqual(await response.json(), { doubled: 42 });
		// The main process enqueues; the worker runs it (n8n's own log lines say which did what).
		const [, executionId] = await n8n.waitForLog(/Enqueued execution (\d+) \(job \d+\)/, 'n8n main');
		await n8n.waitForLog(new RegExp(`Worker finished execution ${executionId} \\(job \\d+\\)`), 'n8n worker 1');
	});
});
