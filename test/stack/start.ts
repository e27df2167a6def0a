// `npm start`: the whole stack on this machine. PostgreSQL (DATABASE_URL, else embedded),
// `erp-db migrate`, Coda (the emulator's sample doc, or CODA_API_TOKEN + CODA_DOC_ID [+ CODA_BASE_URL]:
// then `erp-db plan` is printed and applied, so the erp tables follow that doc), n8n with this
// package, its credentials and workflows, a backfill with progress, a summary, the URLs.
// Ctrl-C stops what this run started; a second run reuses what is still running (.cache/stack).
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { Pool } from 'pg';
import { setSetting } from '../../drizzle/cli/config';
import { applyCommand } from '../../drizzle/cli/docCommands';
import { bundledMigrationsDir } from '../../drizzle/cli/journal';
import { migrate } from '../../drizzle/cli/migrator';
import { parseDatabaseUrl } from '../../drizzle/cli/target';
import { startCoda } from './coda';
import { runBackfill, stackSecrets, startStackN8n, WEBHOOK_HEADER, WEBHOOK_PATH, WORKFLOW_IDS } from './n8n';
import { startPostgres } from './postgres';
import { formatSummary, summary, withProgress } from './report';
import { REPO_ROOT, STACK_DIR } from './services';

const log = (line: string) => console.log(line);
const stops: { name: string; stop(): Promise<void> }[] = [];

async function stopAll(): Promise<void> {
	// Last started, first stopped: n8n before the emulator and the database it uses.
	for (const s of stops.splice(0).reverse()) {
		log(`stopping ${s.name}…`);
		await s.stop().catch((err: Error) => log(`  ${s.name}: ${err.message}`));
	}
}

function build(): void {
	log('building the package (npm run build)…');
	const result = spawnSync('npm', ['run', '--silent', 'build'], { cwd: REPO_ROOT, stdio: 'inherit' });
	if (result.status !== 0) throw new Error(`npm run build failed (exit ${result.status ?? result.signal})`);
}

async function main(): Promise<void> {
	const started = Date.now();
	// --no-build: dist is already built (npm test builds before its tests run).
	if (!process.argv.includes('--no-build')) build();
	const pg = await startPostgres(log);
	if (pg.stop) stops.push({ name: 'PostgreSQL', stop: pg.stop });

	const target = parseDatabaseUrl(pg.erpUrl);
	// The columns `erp-db apply` adds for the user's doc are kept here too, so a fresh database
	// (say, after deleting .cache/stack/postgres) gets them back from `migrate` alone.
	const docDir = process.env.ERP_DOC_DIR?.trim() || join(STACK_DIR, 'erp-doc');
	const migrated = await migrate({
		target,
		migrationsDir: bundledMigrationsDir,
		docDir,
		onProgress: (e) => {
			if (e.kind === 'applied') log(`  erp-db migrate: applied ${e.tag}`);
		},
	});
	log(`erp-db migrate: database "${migrated.database}" is up to date (${migrated.total} migrations)`);

	const coda = await startCoda(log);
	if (coda.stop) stops.push({ name: 'the Coda emulator', stop: coda.stop });
	await setSetting(target, 'coda_doc_id', coda.docId);
	if (coda.userDoc) {
		// The erp tables follow the user's doc: the plan, then apply (new columns, select options, table matches).
		log(`erp-db plan and apply for ${coda.label} (doc folder ${docDir}):`);
		const env = { ...process.env, CODA_API_TOKEN: coda.token, CODA_DOC_ID: coda.docId, CODA_BASE_URL: coda.baseUrl };
		await applyCommand(target, env, { docDir }, (line) => log(line ? `  ${line}` : ''));
	}

	const secrets = stackSecrets();
	const n8n = await startStackN8n(pg.n8nUrl, { coda, erpUrl: pg.erpUrl, webhookSecret: secrets.webhookSecret }, secrets, log);
	if (n8n.stop) stops.push({ name: 'n8n', stop: n8n.stop });

	const pool = new Pool({ connectionString: pg.erpUrl, max: 2 });
	try {
		log(`backfill from ${coda.label} (workflow "Coda ERP: backfill", n8n execute --id=${WORKFLOW_IDS.backfill})…`);
		const since = new Date();
		await withProgress(pool, since, runBackfill(n8n));
		const table = await summary(pool, since, WORKFLOW_IDS.backfill);
		log(`\n${formatSummary(table, (Date.now() - since.getTime()) / 1000)}\n`);
	} finally {
		await pool.end();
	}

	log(`ready in ${Math.round((Date.now() - started) / 1000)} s`);
	log(`  n8n editor:        ${n8n.url}  (first visit: create the owner account; the workflows are under Overview)`);
	log(`  real-time webhook: POST ${n8n.url}/webhook/${WEBHOOK_PATH}  header ${WEBHOOK_HEADER}: ${secrets.webhookSecret}`);
	log(`  Coda API:          ${coda.baseUrl}  (doc ${coda.docId})`);
	log(`  erp database:      ${pg.erpUrl.replace(/:[^:@/]*@/, ':***@')}`);
	log(`  state and logs:    ${STACK_DIR}`);
	if (stops.length === 0) {
		log('Everything was already running (another `npm start`); nothing to stop here.');
		return;
	}
	log(`Ctrl-C stops what this run started: ${stops.map((s) => s.name).join(', ')}.`);
	// The services run in processes of their own; stay until Ctrl-C to stop them.
	setInterval(() => undefined, 60_000);
}

let stopping = false;
const onSignal = () => {
	if (stopping) return;
	stopping = true;
	void stopAll().then(() => process.exit(0));
};
process.on('SIGINT', onSignal);
process.on('SIGTERM', onSignal);

main().catch(async (err: unknown) => {
	console.error(`npm start: ${err instanceof Error ? err.message : String(err)}`);
	await stopAll();
	process.exit(1);
});
