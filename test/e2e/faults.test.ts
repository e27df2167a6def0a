// Faults through the shipped workflows in a real n8n (regular mode), one instance for all:
// 500 generated malformed webhook bodies (test/faults/webhookBodies.ts), a row lock another
// session holds while the real-time workflow writes (the credential's Lock Timeout), and no
// secret (Coda token, database password, webhook secret) in a workflow or credential export,
// n8n's log, a webhook answer, an error report or the run log.
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { writeFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { Client } from 'pg';
import { n8nCli } from '../harness/n8nInstance';
import { adminQuery, primaryServer } from '../harness/postgres';
import { workflowCredentials, WORKFLOW_IDS } from '../stack/n8n';
import { generatedWebhookBodies, WEBHOOK_BODY_COUNT } from '../faults/webhookBodies';
import { docRows, erpChecksum } from './support/docMirror';
import { erpDb, prepareE2eStack, type E2eStack } from './support/e2eStack';
import { pollUntil } from './support/polling';

/** What a stack trace or an internal path looks like in an answer. */
const STACK_TRACE = /\n\s+at |\bat (async )?[\w.$<>]+ \(|node_modules|\.(ts|js):\d+:\d+/;

describe('real n8n, regular mode: faults and secrets', () => {
	let stack: E2eStack;
	let role = '';
	const dbPassword = `faults-db-pw-${randomBytes(8).toString('hex')}`;
	/** Every answer and report this file saw, searched for secrets at the end. */
	const seen: string[] = [];
	let rowId = '';

	const secrets = () => ({ 'Coda API token': stack.coda.token, 'database password': dbPassword, 'webhook secret': stack.webhookSecret });
	const leaks = (text: string) => Object.entries(secrets()).filter(([, secret]) => text.includes(secret)).map(([name]) => name);
	const runLog = async () =>
		(await stack.erp.pool.query<{ status: string; error_message: string | null; failing_node: string | null }>(`SELECT status, error_message, failing_node FROM erp.execution_runs WHERE n8n_workflow_id = $1 ORDER BY id`, [WORKFLOW_IDS.realtime])).rows;

	before(async () => {
		stack = await prepareE2eStack({ mode: 'regular', rows: 3 });
		// The sync logs in as a role of its own with a password, as `erp-db create-role n8n` makes it,
		// and bounds lock waits at 2 s: the credential is imported again over the stack's one.
		role = `faults_n8n_${randomBytes(3).toString('hex')}`;
		await erpDb(['create-role', 'n8n', '--name', role], stack.erp.url, { ERP_ROLE_PASSWORD: dbPassword });
		const url = new URL(stack.erp.url);
		url.username = role;
		url.password = dbPassword;
		const credentials = workflowCredentials({ coda: stack.coda, erpUrl: url.toString(), webhookSecret: stack.webhookSecret }).map((c) =>
			c.type === 'erpPostgres' ? { ...c, data: { ...c.data, lockTimeout: 2 } } : c,
		);
		const file = join(stack.n8nOptions.userFolder, 'faults-credentials.json');
		writeFileSync(file, JSON.stringify(credentials), { mode: 0o600 });
		const imported = await n8nCli(stack.n8nOptions, ['import:credentials', `--input=${file}`]);
		rmSync(file);
		assert.equal(imported.code, 0, imported.stderr);
		// No schedules: the batch tick (which also reads real-time tables, as a safety net) and the
		// nightly reconcile must not read Coda or write erp while erp is compared.
		for (const id of [WORKFLOW_IDS.batch, WORKFLOW_IDS.reconcile]) {
			const unpublished = await n8nCli(stack.n8nOptions, ['unpublish:workflow', `--id=${id}`]);
			assert.equal(unpublished.code, 0, unpublished.stderr);
		}
		await stack.startN8n();
		// n8n registers the published workflows' webhooks after it reports ready.
		await pollUntil('the real-time webhook to be registered', 120_000, async () => ((await stack.postWebhook({})).status === 404 ? undefined : true)).catch((error: Error) => {
			throw new Error(`${error.message}\n${stack.n8n().logs().slice(-4000)}`);
		});
		const tasks = stack.coda.tables().find((t) => t.erpTable === 'tasks');
		assert.ok(tasks);
		rowId = (await docRows(stack.coda, tasks.id))[0].id;
		const stored = await stack.postWebhook({ table: 'Tasks', rowId, event: 'row.changed' });
		seen.push(stored.text);
		assert.equal(stored.status, 200, stored.text);
	});

	after(async () => {
		await stack?.stop();
		if (role) await adminQuery(primaryServer().url, `DROP ROLE IF EXISTS ${role}`);
	});

	it(`${WEBHOOK_BODY_COUNT} generated malformed bodies and a valid call without the secret: each a 4xx (the bodies with their reason), no stack trace; nothing read from Coda, nothing changed in erp`, async () => {
		const bodies = generatedWebhookBodies();
		assert.equal(bodies.length, WEBHOOK_BODY_COUNT);
		const before = await erpChecksum(stack.erp.pool);
		const codaRequests = stack.coda.requestLog().length;
		const plannerCalls = stack.planner.received().length;
		const wrong: string[] = [];
		// Four at a time, as a burst of automations would arrive.
		const queue = [...bodies];
		await Promise.all(
			Array.from({ length: 4 }, async () => {
				for (let call = queue.shift(); call; call = queue.shift()) {
					const { status, text } = await stack.postWebhook(call.body);
					seen.push(text);
					const answer = `${call.what}: ${status} ${text.slice(0, 200)}`;
					if (status < 400 || status > 499) wrong.push(answer);
					else if (!/^\{"error":"[^"]+/.test(text)) wrong.push(`${answer} (no reason)`);
					else if (STACK_TRACE.test(text)) wrong.push(`${answer} (a stack trace)`);
				}
			}),
		);
		// A valid call without the right secret is refused by n8n's Header Auth before the workflow runs.
		for (const secret of [null, '', 'not-the-secret', `${stack.webhookSecret}x`]) {
			const { status, text } = await stack.postWebhook({ table: 'Tasks', rowId, event: 'row.changed' }, { secret });
			seen.push(text);
			if (status !== 401 && status !== 403) wrong.push(`secret ${JSON.stringify(secret)}: ${status} ${text.slice(0, 200)}`);
		}
		assert.deepEqual(wrong, []);
		assert.equal(await erpChecksum(stack.erp.pool), before, 'an erp row changed');
		assert.equal(stack.coda.requestLog().length, codaRequests, 'a malformed call made the workflow read Coda');
		assert.equal(stack.planner.received().length, plannerCalls);
	});

	it('a lock another session holds: the webhook run fails within Lock Timeout, logged as an error with the reason; the next call converges', async () => {
		const holder = new Client({ connectionString: stack.erp.url });
		await holder.connect();
		const runsBefore = (await runLog()).length;
		const gatewayBefore = stack.memoryGateway.received().length;
		try {
			// Every Tasks write ends by storing sync_state: held here, the run waits there, then gives up.
			await holder.query(`BEGIN; SELECT 1 FROM erp.sync_state FOR UPDATE`);
			await stack.erp.pool.query(`UPDATE erp.tasks SET name = 'stale copy', content_hash = 'stale' WHERE coda_row_id = $1`, [rowId]);
			const failed = await stack.postWebhook({ table: 'Tasks', rowId, event: 'row.changed' });
			seen.push(failed.text);
			assert.equal(failed.status, 500, failed.text);
			assert.doesNotMatch(failed.text, STACK_TRACE);
		} finally {
			await holder.query('ROLLBACK');
			await holder.end();
		}
		const reports = await pollUntil('the failure at memory-gateway', 60_000, async () => {
			const received = stack.memoryGateway.received().slice(gatewayBefore);
			return received.length ? received : undefined;
		});
		seen.push(...reports.map((r) => JSON.stringify(r.body)));
		const runs = (await runLog()).slice(runsBefore);
		assert.equal(runs.length, 1, JSON.stringify(runs));
		assert.equal(runs[0].status, 'error');
		assert.equal(runs[0].failing_node, 'Upsert Row');
		assert.match(runs[0].error_message ?? '', /canceling statement due to lock timeout: another session held a lock on the rows for longer than 2 s \(the credential's Lock Timeout\)/);
		seen.push(runs[0].error_message ?? '');
		assert.equal((await stack.erp.pool.query(`SELECT name FROM erp.tasks WHERE coda_row_id = $1`, [rowId])).rows[0].name, 'stale copy', 'nothing of the failed run was written');

		const retried = await stack.postWebhook({ table: 'Tasks', rowId, event: 'row.changed' });
		seen.push(retried.text);
		assert.equal(retried.status, 200, retried.text);
		const { rows } = await stack.erp.pool.query(`SELECT name <> 'stale copy' AS rewritten, content_hash <> 'stale' AS hashed, count(*) OVER ()::int AS n FROM erp.tasks WHERE coda_row_id = $1`, [rowId]);
		assert.deepEqual(rows, [{ rewritten: true, hashed: true, n: 1 }]);
	});

	it('no secret in a workflow or credential export, n8n\'s log, an answer, an error report or the run log', async () => {
		const exported = await n8nCli(stack.n8nOptions, ['export:workflow', '--all', '--pretty']);
		assert.equal(exported.code, 0, exported.stderr);
		assert.match(exported.stdout, /"name": "Coda ERP: real-time sync"/);
		const credentials = await n8nCli(stack.n8nOptions, ['export:credentials', '--all']);
		assert.equal(credentials.code, 0, credentials.stderr);
		assert.match(credentials.stdout, /"type": ?"erpPostgres"/);
		const runLogText = JSON.stringify((await stack.erp.pool.query(`SELECT * FROM erp.execution_runs`)).rows);
		const places: Record<string, string> = {
			'workflow export': exported.stdout + exported.stderr,
			'credential export (encrypted)': credentials.stdout + credentials.stderr,
			"n8n's log": stack.n8n().logs(),
			'webhook answers and error reports': seen.join('\n'),
			'memory-gateway posts': JSON.stringify(stack.memoryGateway.received()),
			'erp.execution_runs': runLogText,
		};
		assert.ok(seen.length > WEBHOOK_BODY_COUNT);
		const found = Object.entries(places).flatMap(([place, text]) => leaks(text).map((secret) => `${secret} in ${place}`));
		assert.deepEqual(found, []);
	});
});
