// `erp-db plan` and `erp-db apply` as the CLI runs them: the database and the Coda doc from the
// command line and the environment, the plan printed, then (apply) what was done.
import type { Client, ClientBase } from 'pg';
import { codaSourceFromEnv, readDoc, type CodaDocModel } from './codaDoc';
import { closeQuietly, openClient } from './connection';
import { applyDocOnSession, describeApply, type ApplyResult } from './docApply';
import { assertDocModelTables, formatPlan, planDoc, recordDocModel, type DocPlan } from './docPlan';
import { docStream } from './docStore';
import type { ProgressEvent } from './migrator';
import { inTransaction } from './sqlScript';
import type { DbTarget } from './target';
import { readApplied, splitApplied } from './tracking';

async function configuredDocId(client: ClientBase): Promise<string> {
	const { rows } = await client.query<{ value: string }>(`SELECT "value" FROM "erp"."sync_settings" WHERE "key" = 'coda_doc_id'`);
	return rows[0]?.value.trim() ?? '';
}

/** Opens the database, checks it has the doc model, reads the doc (CODA_* from `env`). */
async function openWithDoc(target: DbTarget, env: NodeJS.ProcessEnv): Promise<{ client: Client; doc: CodaDocModel }> {
	const client = await openClient(target);
	try {
		await assertDocModelTables(client, target.database);
		const source = codaSourceFromEnv(env, await configuredDocId(client));
		return { client, doc: await readDoc(source) };
	} catch (err) {
		await closeQuietly(client);
		throw err;
	}
}

export interface PlanRun {
	plan: DocPlan;
	lines: string[];
}

/** The plan of `doc` as text, with the doc migrations known but not applied yet. */
async function planLines(client: ClientBase, doc: CodaDocModel, database: string, docDir?: string): Promise<PlanRun> {
	const stream = await docStream(client, splitApplied(await readApplied(client)).doc, docDir);
	const plan = await planDoc(client, doc, { definitions: stream.docs.flatMap((d) => d.columns) });
	const lines = formatPlan(plan, database);
	if (stream.comparison.pending.length > 0) {
		lines.push('', `doc migrations not applied yet (erp-db migrate or apply applies them first): ${stream.comparison.pending.map((m) => m.tag).join(', ')}`);
	}
	return { plan, lines };
}

/** Reads the doc, stores its model (erp.coda_columns), and returns the plan as text. */
export async function runPlan(target: DbTarget, env: NodeJS.ProcessEnv, docDir?: string): Promise<PlanRun> {
	const { client, doc } = await openWithDoc(target, env);
	try {
		const run = await planLines(client, doc, target.database, docDir);
		await inTransaction(client, () => recordDocModel(client, doc));
		return run;
	} finally {
		await closeQuietly(client);
	}
}

export async function planCommand(target: DbTarget, env: NodeJS.ProcessEnv, docDir?: string): Promise<string[]> {
	return (await runPlan(target, env, docDir)).lines;
}

/**
 * Prints the plan, then applies the doc and says what it did. Apply plans again under the lock, so
 * what it does is what the database needed then (another apply may have run in between).
 */
export async function applyCommand(
	target: DbTarget,
	env: NodeJS.ProcessEnv,
	options: { docDir?: string; migrationsDir?: string },
	out: (line: string) => void,
	onProgress?: (event: ProgressEvent) => void,
): Promise<ApplyResult> {
	const { client, doc } = await openWithDoc(target, env);
	try {
		for (const line of (await planLines(client, doc, target.database, options.docDir)).lines) out(line);
		out('');
		const result = await applyDocOnSession(client, doc, { ...options, database: target.database, onProgress });
		for (const line of describeApply(result)) out(line);
		return result;
	} finally {
		await closeQuietly(client);
	}
}
