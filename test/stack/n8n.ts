// n8n for `npm start`: the cached n8n 2.x (test/harness), this package installed into the
// user folder .cache/stack/n8n as users install community packages, credentials and the
// workflows imported (their ids are fixed, so importing again updates them) and published but
// the backfill, then `n8n start` on a stable port.
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { ensureN8nRuntime, runCommand, type N8nRuntime } from '../harness/n8nRuntime';
import { freePort, n8nEnv, type N8nOptions } from '../harness/n8nInstance';
import { installPackageInto } from '../harness/n8nPackage';
import { forgetRecord, httpOk, pickPort, REPO_ROOT, reusable, spawnService, stackPath, stopService, waitFor, writeRecord } from './services';

export const WEBHOOK_PATH = 'coda-erp-sync';
export const WEBHOOK_HEADER = 'X-Coda-Erp-Secret';
/** The fixed ids of the shipped workflows (workflows/*.json); `n8n import:workflow` keeps them. */
export const WORKFLOW_IDS = {
	realtime: 'codaErpRealtime1',
	batch: 'codaErpBatchSync',
	reconcile: 'codaErpReconcile',
	backfill: 'codaErpBackfill1',
	syncTable: 'codaErpSyncTable',
	errorHandler: 'codaErpErrorFlow',
} as const;
/**
 * n8n 2.x activates only published triggers (the webhook, the schedules) and runs only the
 * published version of a sub-workflow (sync one table) or an error workflow. The backfill, run by
 * hand, is the one left unpublished.
 */
export const PUBLISHED_WORKFLOWS = [WORKFLOW_IDS.realtime, WORKFLOW_IDS.batch, WORKFLOW_IDS.reconcile, WORKFLOW_IDS.syncTable, WORKFLOW_IDS.errorHandler];

export interface StackSecrets {
	encryptionKey: string;
	webhookSecret: string;
}

/** Generated once and kept: n8n's encryption key must not change under its stored credentials. */
export function stackSecrets(): StackSecrets {
	const file = stackPath('secrets.json');
	if (existsSync(file)) return JSON.parse(readFileSync(file, 'utf8')) as StackSecrets;
	const secrets = { encryptionKey: randomBytes(24).toString('hex'), webhookSecret: randomBytes(24).toString('hex') };
	writeFileSync(file, `${JSON.stringify(secrets, null, 2)}\n`, { mode: 0o600 });
	return secrets;
}

export interface CredentialInputs {
	coda: { baseUrl: string; token: string };
	erpUrl: string;
	webhookSecret: string;
}

/** The three credentials the workflows name, in the decrypted form `n8n import:credentials` encrypts. */
export function workflowCredentials(c: CredentialInputs) {
	const erp = new URL(c.erpUrl);
	return [
		{ id: 'codaErpCodaApi01', name: 'Coda API', type: 'codaErpApi', data: { apiToken: c.coda.token, baseUrl: c.coda.baseUrl } },
		{
			id: 'codaErpDatabase1',
			name: 'ERP Database',
			type: 'erpPostgres',
			data: {
				host: erp.hostname,
				port: Number(erp.port || 5432),
				database: decodeURIComponent(erp.pathname.slice(1)),
				user: decodeURIComponent(erp.username),
				password: decodeURIComponent(erp.password),
				ssl: 'disable',
				maxConnections: 4,
			},
		},
		{ id: 'codaErpWebhook01', name: 'Coda Webhook Secret', type: 'httpHeaderAuth', data: { name: WEBHOOK_HEADER, value: c.webhookSecret } },
	];
}

export function credentialsFile(c: CredentialInputs): string {
	const file = stackPath('credentials.json');
	writeFileSync(file, JSON.stringify(workflowCredentials(c), null, 2), { mode: 0o600 });
	return file;
}

export interface StackN8n {
	url: string;
	options: N8nOptions;
	runtime: N8nRuntime;
	/** Stops n8n; undefined when this run did not start it. */
	stop?: () => Promise<void>;
}

async function cli(runtime: N8nRuntime, options: N8nOptions, args: string[], what: string, timeoutMs = 10 * 60_000): Promise<string> {
	const result = await runCommand(runtime.node, [runtime.n8nBin, ...args], {
		cwd: options.userFolder,
		env: n8nEnv(runtime, options, { N8N_RUNNERS_BROKER_PORT: String(await freePort()) }),
		timeoutMs,
	});
	if (result.code !== 0) throw new Error(`${what} failed (n8n ${args[0]}, exit ${result.code}):\n${(result.stderr || result.stdout).trim().split('\n').slice(-15).join('\n')}`);
	return result.stdout;
}

export async function startStackN8n(
	databaseUrl: string,
	credentials: CredentialInputs,
	secrets: StackSecrets,
	log: (line: string) => void,
): Promise<StackN8n> {
	const userFolder = stackPath('n8n');
	mkdirSync(userFolder, { recursive: true });
	const options: N8nOptions = { userFolder, databaseUrl, encryptionKey: secrets.encryptionKey };
	const runtime = await ensureN8nRuntime();
	const running = await reusable('n8n', (r) => httpOk(`http://127.0.0.1:${r.port}/healthz/readiness`));
	if (running) {
		log(`n8n: reusing the running n8n ${runtime.version} at http://127.0.0.1:${running.port} (pid ${running.pid})`);
		return { url: `http://127.0.0.1:${running.port}`, options, runtime };
	}

	log(`n8n ${runtime.version}: installing this package into ${join(userFolder, '.n8n', 'nodes')}`);
	await installPackageInto(userFolder, REPO_ROOT);
	log('n8n: importing the credentials "Coda API", "ERP Database", "Coda Webhook Secret"');
	const decrypted = credentialsFile(credentials);
	try {
		await cli(runtime, options, ['import:credentials', `--input=${decrypted}`], 'importing the credentials');
	} finally {
		// Decrypted secrets stay on disk only while n8n imports (and encrypts) them.
		rmSync(decrypted, { force: true });
	}
	const workflows = readdirSync(join(REPO_ROOT, 'workflows')).filter((f) => f.endsWith('.json'));
	log(`n8n: importing ${workflows.length} workflows and publishing ${PUBLISHED_WORKFLOWS.length}`);
	await cli(runtime, options, ['import:workflow', '--separate', `--input=${join(REPO_ROOT, 'workflows')}`], 'importing the workflows');
	for (const id of PUBLISHED_WORKFLOWS) await cli(runtime, options, ['publish:workflow', `--id=${id}`], `publishing workflow ${id}`);

	const port = await pickPort(5678);
	const env = n8nEnv(runtime, options, { N8N_PORT: String(port), N8N_RUNNERS_BROKER_PORT: String(await freePort()), WEBHOOK_URL: `http://127.0.0.1:${port}/` });
	const child = spawnService('n8n', runtime.node, [runtime.n8nBin, 'start'], env, userFolder);
	writeRecord('n8n', { pid: child.pid, port, info: {} });
	const url = `http://127.0.0.1:${port}`;
	await waitFor('n8n', () => httpOk(`${url}/healthz/readiness`), { timeoutMs: 180_000, logFile: child.logFile, gone: child.exited });
	log(`n8n: started at ${url} (log: ${child.logFile})`);
	return {
		url,
		options,
		runtime,
		async stop() {
			await stopService(child.pid);
			forgetRecord('n8n');
		},
	};
}

/** Runs the backfill workflow headless (`n8n execute`), in a process of its own next to n8n. */
export function runBackfill(n8n: StackN8n): Promise<string> {
	return cli(n8n.runtime, n8n.options, ['execute', `--id=${WORKFLOW_IDS.backfill}`], 'the backfill', 2 * 60 * 60_000);
}
