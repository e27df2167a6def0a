// The whole stack for end-to-end tests in a real n8n: the Coda emulator (rate limits on), an
// `erp` database migrated and configured with the erp-db CLI, stand-ins for planner-api and
// memory-gateway, and n8n (regular or queue mode) on a database of its own, with this package
// installed as users install it, the credentials imported and the workflows imported and published as
// `npm start` does.
import assert from 'node:assert/strict';
import { mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runCli } from '../../cli/cliHarness';
import { codaEnv } from '../../cli/docFixtures';
import { startCodaEmulator, type CodaEmulator } from '../../coda-emulator';
import { createN8nDatabase, n8nCli, n8nExecute, startN8n, type N8nOptions, type RunningN8n } from '../../harness/n8nInstance';
import { installPackageInto, REPO_ROOT } from '../../harness/n8nPackage';
import { setupOwner, type N8nSession } from '../../harness/n8nRest';
import { createTestDatabase, primaryServer, type TestDatabase } from '../../harness/postgres';
import { PUBLISHED_WORKFLOWS, WEBHOOK_HEADER, WORKFLOW_IDS, workflowCredentials } from '../../stack/n8n';
import { pollUntil } from './polling';
import { startRecorder, type Recorder } from './recorder';

export const WEBHOOK_PATH = 'coda-erp-sync';
export { WORKFLOW_IDS };

export interface E2eStackOptions {
	mode: 'regular' | 'queue';
	/** Rows per table of the emulator's doc, or by erp table name (the others keep the doc's default). */
	rows?: number | Record<string, number>;
	/** The emulator's doc: the sample doc (default), or the studio doc, which `erp-db apply` brings the schema to. */
	doc?: 'sample' | 'studio';
	workers?: number;
}

export interface E2eStack {
	coda: CodaEmulator;
	erp: TestDatabase;
	planner: Recorder;
	memoryGateway: Recorder;
	n8nOptions: N8nOptions;
	/** Starts n8n (main, plus workers in queue mode) once credentials and workflows are in; headless runs need no server. */
	startN8n(): Promise<RunningN8n>;
	/** The running n8n; throws before startN8n(). */
	n8n(): RunningN8n;
	webhookSecret: string;
	/** POSTs to the production webhook; `secret: null` leaves the header out. */
	postWebhook(body: string | object, opts?: { secret?: string | null; contentType?: string }): Promise<{ status: number; text: string }>;
	/** Runs a workflow headless (`n8n execute`) and fails with n8n's error when the run did not succeed. */
	execute(workflowId: string): Promise<void>;
	/**
	 * Runs a workflow in the n8n server from its manual trigger (as the editor's Execute does) and
	 * waits for it to end. Unlike `n8n execute`, whose process exits with the workflow, the server
	 * stays up for the error workflows the run starts.
	 */
	runInServer(workflowId: string, trigger: string): Promise<{ executionId: string; status: string }>;
	/**
	 * Runs `fn` with the workflow unpublished (its schedule off) and none of its executions still
	 * running, then publishes it again: a test that runs it by hand is then the only run.
	 */
	whileUnpublished<T>(workflowId: string, fn: () => Promise<T>): Promise<T>;
	stop(): Promise<void>;
}

export async function erpDb(args: string[], url: string, env: NodeJS.ProcessEnv = {}): Promise<string> {
	const result = await runCli([...args, '--url', url], env);
	assert.equal(result.code, 0, `erp-db ${args.join(' ')} failed:\n${result.stderr}${result.stdout}`);
	return result.stdout;
}

async function cliOk(options: N8nOptions, args: string[]): Promise<string> {
	const result = await n8nCli(options, args);
	assert.equal(result.code, 0, `n8n ${args.join(' ')} failed (exit ${result.code}):\n${(result.stderr || result.stdout).slice(-3000)}`);
	return result.stdout;
}

/** Everything but the n8n server, which `startN8n()` starts (a queue-mode main crashes headless runs it did not enqueue). */
export async function prepareE2eStack(opts: E2eStackOptions): Promise<E2eStack> {
	const cleanups: (() => Promise<void>)[] = [];
	const stop = async () => {
		for (const cleanup of cleanups.splice(0).reverse()) await cleanup().catch(() => undefined);
	};
	try {
		const coda = await startCodaEmulator({ rows: opts.rows, rateLimit: true, doc: opts.doc ?? 'sample' });
		cleanups.push(() => coda.close());
		const planner = await startRecorder('/v1/tasks/created');
		cleanups.push(() => planner.close());
		const memoryGateway = await startRecorder('/v1/events');
		cleanups.push(() => memoryGateway.close());

		const erp = await createTestDatabase(primaryServer(), 'e2e_erp');
		cleanups.push(() => erp.drop());
		await erpDb(['migrate'], erp.url);
		await erpDb(['config', 'set', 'coda_doc_id', coda.docId], erp.url);
		await erpDb(['config', 'set', 'planner_api_url', planner.url], erp.url);
		await erpDb(['config', 'set', 'memory_gateway_url', memoryGateway.url], erp.url);
		if (opts.doc === 'studio') await erpDb(['apply'], erp.url, codaEnv(coda));

		const n8nDb = await createN8nDatabase();
		cleanups.push(() => n8nDb.drop());
		const userFolder = mkdtempSync(join(tmpdir(), `n8n-e2e-${opts.mode}-`));
		cleanups.push(async () => rmSync(userFolder, { recursive: true, force: true }));
		await installPackageInto(userFolder);
		const n8nOptions: N8nOptions = { userFolder, databaseUrl: n8nDb.url, mode: opts.mode, workers: opts.workers };
		const webhookSecret = `e2e-secret-${Date.now().toString(36)}`;
		const credentialsFile = join(userFolder, 'credentials.json');
		writeFileSync(credentialsFile, JSON.stringify(workflowCredentials({ coda, erpUrl: erp.url, webhookSecret })), { mode: 0o600 });
		await cliOk(n8nOptions, ['import:credentials', `--input=${credentialsFile}`]);
		rmSync(credentialsFile);
		const workflowsDir = join(REPO_ROOT, 'workflows');
		const imported = await cliOk(n8nOptions, ['import:workflow', '--separate', `--input=${workflowsDir}`]);
		const files = readdirSync(workflowsDir).filter((f) => f.endsWith('.json'));
		assert.match(imported, new RegExp(`Successfully imported ${files.length} workflows`));
		for (const id of PUBLISHED_WORKFLOWS) await cliOk(n8nOptions, ['publish:workflow', `--id=${id}`]);

		let running: RunningN8n | undefined;
		// The owner is set up once per n8n database; its session outlives a restart of the server.
		let session: Promise<N8nSession> | undefined;
		const n8n = () => {
			if (!running) throw new Error('n8n is not started: call startN8n() first');
			return running;
		};

		return {
			coda,
			erp,
			planner,
			memoryGateway,
			n8nOptions,
			async startN8n() {
				running = await startN8n(n8nOptions);
				cleanups.push(() => running!.stop());
				return running;
			},
			n8n,
			webhookSecret,
			async postWebhook(body, o = {}) {
				const secret = o.secret === undefined ? webhookSecret : o.secret;
				const headers: Record<string, string> = { 'content-type': o.contentType ?? 'application/json' };
				if (secret !== null) headers[WEBHOOK_HEADER] = secret;
				const response = await fetch(`${n8n().url}/webhook/${WEBHOOK_PATH}`, {
					method: 'POST',
					headers,
					body: typeof body === 'string' ? body : JSON.stringify(body),
				});
				return { status: response.status, text: await response.text() };
			},
			async execute(workflowId) {
				// A starting `n8n execute` marks every execution that is running in n8n's database as
				// crashed (its start-up recovery, n8n 2.41): wait until the server has none.
				await pollUntil('n8n executions to finish before a headless run', 5 * 60_000, async () => {
					const { rows } = await n8nDb.pool.query<{ n: number }>(`SELECT count(*)::int AS n FROM execution_entity WHERE status IN ('new', 'running', 'unknown')`);
					return rows[0].n === 0 ? true : undefined;
				});
				// `n8n execute` has no queue mode: it falls back to regular.
				const run = await n8nExecute({ ...n8nOptions, mode: 'regular' }, workflowId);
				assert.equal(run.status, 'success', `workflow ${workflowId} ended ${run.status}: ${JSON.stringify(run.data.resultData.error)}`);
			},
			async runInServer(workflowId, trigger) {
				session ??= setupOwner(n8n().url);
				const started = await (await session).post<{ executionId?: string }>(`/rest/workflows/${workflowId}/run`, { triggerToStartFrom: { name: trigger } });
				const executionId = started.executionId;
				assert.ok(executionId, `n8n started no execution of ${workflowId} from "${trigger}": ${JSON.stringify(started)}`);
				const status = await pollUntil(`execution ${executionId} of ${workflowId} to end`, 5 * 60_000, async () => {
					const { rows } = await n8nDb.pool.query<{ status: string }>(`SELECT status FROM execution_entity WHERE id = $1 AND "stoppedAt" IS NOT NULL`, [executionId]);
					return rows[0]?.status;
				});
				return { executionId, status };
			},
			async whileUnpublished(workflowId, fn) {
				session ??= setupOwner(n8n().url);
				const rest = await session;
				await rest.post(`/rest/workflows/${workflowId}/deactivate`, {});
				await pollUntil(`running executions of ${workflowId} to end`, 5 * 60_000, async () => {
					const { rows } = await n8nDb.pool.query<{ n: number }>(`SELECT count(*)::int AS n FROM execution_entity WHERE "workflowId" = $1 AND "stoppedAt" IS NULL`, [workflowId]);
					return rows[0].n === 0 ? true : undefined;
				});
				try {
					return await fn();
				} finally {
					const { versionId } = await rest.get<{ versionId: string }>(`/rest/workflows/${workflowId}`);
					await rest.post(`/rest/workflows/${workflowId}/activate`, { versionId });
				}
			},
			stop,
		};
	} catch (error) {
		await stop();
		throw error;
	}
}
