// The benchmark's stack: the Coda emulator (Coda's rate limits on), an `erp` database migrated
// with erp-db, and a real n8n 2.41 on a database of its own with this package installed as users
// install it, the shipped workflows and the benchmark's own (workflows.ts) imported and published,
// except the scheduled ones (batch, reconcile): their schedules would run in the middle of a measurement.
import { request } from 'node:http';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { IRunExecutionData } from 'n8n-workflow';
import { startCodaEmulator, type CodaEmulator } from '../coda-emulator';
import { erpDb } from '../e2e/support/e2eStack';
import { pollUntil } from '../e2e/support/polling';
import { createN8nDatabase, n8nCli, parseExecutionData, startN8n, type N8nOptions, type RunningN8n } from '../harness/n8nInstance';
import { installPackageInto, REPO_ROOT } from '../harness/n8nPackage';
import { createTestDatabase, primaryServer, type TestDatabase } from '../harness/postgres';
import { WEBHOOK_HEADER, WEBHOOK_PATH, workflowCredentials } from '../stack/n8n';
import { BENCH_PATHS, BUILTIN_POSTGRES_CREDENTIAL, benchWorkflows } from './workflows';

/** Coda columns added to the sample doc's Tasks (15 columns) so a row has 20, as in the measure. */
const EXTRA_TASK_COLUMNS = [
	{ name: 'Labels', format: { type: 'select', isArray: true, options: ['a', 'b', 'c'] }, values: () => 'a,b' },
	{ name: 'Effort', format: { type: 'number' }, values: (r: { index: number }) => r.index % 8 },
	{ name: 'Link', format: { type: 'link' }, values: (r: { index: number }) => `https://example.com/t/${r.index}` },
	{ name: 'Done', format: { type: 'checkbox' }, values: (r: { index: number }) => r.index % 6 === 5 },
	{ name: 'Score', format: { type: 'number' }, values: (r: { index: number }) => r.index / 7 },
];

export interface BenchStack {
	coda(): CodaEmulator;
	/** Serves a freshly built doc whose Tasks table has `taskRows` rows, on the same port, token and doc id. */
	restartCoda(taskRows: number): Promise<CodaEmulator>;
	erp: TestDatabase;
	/** ERP PostgreSQL credential data, as the nodes get it. */
	erpCredential: Record<string, unknown>;
	n8nDb: TestDatabase;
	n8nOptions: N8nOptions;
	/** Starts n8n (stopping the one running), in regular or queue mode. */
	startN8n(mode: 'regular' | 'queue', workers?: number): Promise<RunningN8n>;
	n8n(): RunningN8n;
	/** What the running n8n printed ('' before it starts). */
	n8nLogs(): string;
	webhookSecret: string;
	stop(): Promise<void>;
}

async function cliOk(options: N8nOptions, args: string[]): Promise<string> {
	const result = await n8nCli(options, args);
	if (result.code !== 0) throw new Error(`n8n ${args.join(' ')} failed (exit ${result.code}):\n${(result.stderr || result.stdout).slice(-3000)}`);
	return result.stdout;
}

async function startCoda(taskRows: number, port = 0): Promise<CodaEmulator> {
	const coda = await startCodaEmulator({ port, rows: { tasks: taskRows }, rateLimit: true });
	for (const column of EXTRA_TASK_COLUMNS) coda.addColumn('Tasks', column);
	return coda;
}

export async function prepareBenchStack(taskRows: number): Promise<BenchStack> {
	const cleanups: (() => Promise<void>)[] = [];
	const stop = async () => {
		for (const cleanup of cleanups.splice(0).reverse()) await cleanup().catch(() => undefined);
	};
	try {
		let coda = await startCoda(taskRows);
		cleanups.push(() => coda.close());
		const port = Number(new URL(coda.baseUrl).port);

		const erp = await createTestDatabase(primaryServer(), 'bench_erp');
		cleanups.push(() => erp.drop());
		await erpDb(['migrate'], erp.url);
		await erpDb(['config', 'set', 'coda_doc_id', coda.docId], erp.url);

		const n8nDb = await createN8nDatabase();
		cleanups.push(() => n8nDb.drop());
		const userFolder = mkdtempSync(join(tmpdir(), 'n8n-bench-'));
		cleanups.push(async () => rmSync(userFolder, { recursive: true, force: true }));
		await installPackageInto(userFolder);
		const n8nOptions: N8nOptions = { userFolder, databaseUrl: n8nDb.url };
		const webhookSecret = `bench-secret-${Date.now().toString(36)}`;
		const credentials = workflowCredentials({ coda, erpUrl: erp.url, webhookSecret });
		const erpCredential = credentials.find((c) => c.type === 'erpPostgres')!.data as Record<string, unknown>;
		const builtin = { id: 'benchPostgres0001', name: BUILTIN_POSTGRES_CREDENTIAL, type: 'postgres', data: { ...erpCredential, ssl: 'disable' } };
		const credentialsFile = join(userFolder, 'credentials.json');
		writeFileSync(credentialsFile, JSON.stringify([...credentials, builtin]), { mode: 0o600 });
		await cliOk(n8nOptions, ['import:credentials', `--input=${credentialsFile}`]);
		rmSync(credentialsFile);

		// One import for the shipped workflows and the benchmark's.
		const workflowsDir = mkdtempSync(join(tmpdir(), 'n8n-bench-workflows-'));
		cleanups.push(async () => rmSync(workflowsDir, { recursive: true, force: true }));
		const shipped = readdirSync(join(REPO_ROOT, 'workflows'))
			.filter((f) => f.endsWith('.json'))
			.map((f) => JSON.parse(readFileSync(join(REPO_ROOT, 'workflows', f), 'utf8')) as { id: string; nodes: { type: string }[] });
		const taskColumnIds = Object.fromEntries(coda.columns('Tasks').map((c) => [c.name, c.id]));
		const all = [...shipped, ...benchWorkflows(coda.docId, taskColumnIds)];
		for (const w of all) writeFileSync(join(workflowsDir, `${w.id}.json`), JSON.stringify(w));
		await cliOk(n8nOptions, ['import:workflow', '--separate', `--input=${workflowsDir}`]);
		// Published: every workflow but the scheduled ones (sub-workflows and error workflows run only
		// published). What `n8n publish:workflow --id=…` does (WorkflowRepository.publishVersion,
		// n8n 2.41), in one statement instead of one CLI start each.
		const published = all.filter((w) => !w.nodes.some((n) => n.type === 'n8n-nodes-base.scheduleTrigger')).map((w) => w.id);
		const { rowCount } = await n8nDb.pool.query(
			`UPDATE workflow_entity w SET active = true, "activeVersionId" = w."versionId"
			 WHERE w.id = ANY($1) AND EXISTS (SELECT 1 FROM workflow_history h WHERE h."workflowId" = w.id AND h."versionId" = w."versionId")`,
			[published],
		);
		if (rowCount !== published.length) throw new Error(`published ${rowCount} of the workflows ${published.join(', ')}: some were not imported`);

		let running: RunningN8n | undefined;
		const n8n = () => {
			if (!running) throw new Error('n8n is not started');
			return running;
		};
		cleanups.push(async () => running?.stop());
		return {
			coda: () => coda,
			async restartCoda(rows) {
				await coda.close();
				coda = await startCoda(rows, port);
				return coda;
			},
			erp,
			erpCredential,
			n8nDb,
			n8nOptions,
			async startN8n(mode, workers) {
				await running?.stop();
				running = undefined;
				running = await startN8n({ ...n8nOptions, mode, workers });
				await waitForPublication(n8nDb, published);
				await waitForWebhooks(running.url, [WEBHOOK_PATH, ...Object.values(BENCH_PATHS)]);
				return running;
			},
			n8n,
			n8nLogs: () => running?.logs() ?? '',
			webhookSecret,
			stop,
		};
	} catch (error) {
		await stop();
		throw error;
	}
}

/**
 * n8n 2.41 runs a sub-workflow (the backfill's slices) only once its start-up publication has
 * recorded the published version in workflow_published_version, which it does after readiness.
 */
async function waitForPublication(n8nDb: TestDatabase, ids: string[]): Promise<void> {
	await pollUntil('n8n to record the published workflows', 3 * 60_000, async () => {
		const { rows } = await n8nDb.pool.query<{ n: number }>(
			`SELECT count(*)::int AS n FROM workflow_published_version p JOIN workflow_entity w ON w.id = p."workflowId" AND w."activeVersionId" = p."publishedVersionId"
			 WHERE p."workflowId" = ANY($1)`,
			[ids],
		);
		return rows[0].n === ids.length ? true : undefined;
	});
}

/**
 * n8n answers its readiness check before it has activated the published workflows: wait until
 * each POST webhook is registered (a GET then gets "not registered for GET", not "not registered").
 */
async function waitForWebhooks(url: string, paths: string[]): Promise<void> {
	for (const path of paths) {
		await pollUntil(`n8n to register the webhook ${path}`, 3 * 60_000, async () => {
			const response = await fetch(`${url}/webhook/${path}`);
			return /not registered for GET/.test(await response.text()) ? true : undefined;
		});
	}
}

/** POSTs JSON to a webhook with no client-side timeout (a 20,000-row run may outlast fetch's 300 s). */
export function postJson(url: string, body: unknown, headers: Record<string, string> = {}): Promise<{ status: number; text: string }> {
	return new Promise((resolve, reject) => {
		const data = JSON.stringify(body);
		const req = request(url, { method: 'POST', headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(data), ...headers } }, (res) => {
			const chunks: Buffer[] = [];
			res.on('data', (c: Buffer) => chunks.push(c));
			res.on('end', () => resolve({ status: res.statusCode ?? 0, text: Buffer.concat(chunks).toString('utf8') }));
			res.on('error', reject);
		});
		req.on('error', reject);
		req.end(data);
	});
}

export const webhookHeaders = (stack: BenchStack) => ({ [WEBHOOK_HEADER]: stack.webhookSecret });

/** The newest execution id of a workflow (0 when none). */
export async function lastExecutionId(stack: BenchStack, workflowId: string): Promise<number> {
	const { rows } = await stack.n8nDb.pool.query<{ id: number }>(`SELECT coalesce(max(id::int), 0) AS id FROM execution_entity WHERE "workflowId" = $1`, [workflowId]);
	return rows[0].id;
}

/** The first execution of `workflowId` after `afterId` once n8n has stored it finished; fails with n8n's error unless it succeeded. */
export async function finishedExecution(stack: BenchStack, workflowId: string, afterId: number): Promise<IRunExecutionData> {
	const row = await pollUntil(`an execution of ${workflowId} stored finished`, 10 * 60_000, async () => {
		const { rows } = await stack.n8nDb.pool.query<{ id: number; status: string; data: string | null }>(
			`SELECT e.id::int AS id, e.status, d.data FROM execution_entity e LEFT JOIN execution_data d ON d."executionId" = e.id
			 WHERE e."workflowId" = $1 AND e.id::int > $2 AND e."stoppedAt" IS NOT NULL ORDER BY e.id LIMIT 1`,
			[workflowId, afterId],
		);
		return rows[0]?.data ? rows[0] : undefined;
	});
	const data = parseExecutionData(row.data!);
	if (row.status !== 'success') throw new Error(`execution ${row.id} of ${workflowId} ended ${row.status}: ${data.resultData.error?.message ?? 'no error stored'}`);
	return data;
}

/** A node's execution time in a run (its first run), in ms. */
export function nodeTime(data: IRunExecutionData, node: string): number {
	const run = data.resultData.runData[node]?.[0];
	if (!run) throw new Error(`node ${node} did not run`);
	return run.executionTime;
}

/** A node's first output item's JSON. */
export function nodeOutput(data: IRunExecutionData, node: string): Record<string, unknown> {
	const item = data.resultData.runData[node]?.[0]?.data?.main?.[0]?.[0];
	if (!item) throw new Error(`node ${node} output nothing`);
	return item.json;
}
