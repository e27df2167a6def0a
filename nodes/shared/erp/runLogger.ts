// Execution Run Log: one erp.execution_runs row per n8n run, idempotent on
// (n8n_workflow_id, n8n_execution_id), so start/finish pairs and repeats update one row.
import { DateTime } from 'luxon';
import type { Pool, PoolClient } from 'pg';
import { z } from 'zod';
import type { executionRuns, processTemplates, workflows } from '../../../drizzle/schema/pattern';
import { crashReport, markCrashedRuns } from './crashedRuns';
import { ERP_RECONCILE_SUMMARY, ERP_UPSERT_SUMMARY, mergeCodaReads, readItem, type CodaRead, type UpsertCounts } from '../sync/items';
import { ErpInputError } from './errors';
import { withTransaction } from './pool';
import { ErpTable, sql } from './sql';

const RUNS = new ErpTable<typeof executionRuns>('execution_runs');
const REF_TABLES = { workflows: new ErpTable<typeof workflows>('workflows'), process_templates: new ErpTable<typeof processTemplates>('process_templates') };

export interface RunIdentity {
	workflowId: string;
	workflowName?: string;
	executionId: string;
	mode?: string;
}

export interface RunContext {
	/** Coda row id or name of the erp.workflows row this run implements. */
	workflowRef?: string;
	/** Coda row id or name of the erp.process_templates row. */
	processTemplateRef?: string;
	erpTable?: string;
	codaTableId?: string;
	details?: Record<string, unknown>;
}

/** What a run records: ERP Upsert's counts, fetched rows taken from Coda Table Fetch when it ran. */
export type RunCounts = UpsertCounts;

const identitySchema = z.object({
	workflowId: z.string().trim().min(1, 'workflow id is empty'),
	workflowName: z.string().optional(),
	executionId: z.string().trim().min(1, 'execution id is empty'),
	mode: z.string().optional(),
});

function checkIdentity(identity: RunIdentity): RunIdentity {
	const parsed = identitySchema.safeParse(identity);
	if (!parsed.success) throw new ErpInputError(`Execution Run Log: ${parsed.error.issues[0].message}`);
	return parsed.data;
}

/**
 * Sums the Coda Table Fetch, ERP Upsert and Reconcile summaries among the given items.
 * Fetched rows come from Fetch summaries when present, else from what ERP Upsert received.
 */
export function countsFromSummaries(items: unknown[]): RunCounts {
	const total: RunCounts = { fetched: 0, inserted: 0, updated: 0, unchanged: 0, rejected: 0, deleted: 0, cellIssues: 0 };
	let fetchedByFetch = 0;
	let fetchedByUpsert = 0;
	let sawFetch = false;
	items.forEach((raw, index) => {
		const item = readItem(raw, index);
		if (item.kind === 'summary') {
			sawFetch = true;
			fetchedByFetch += item.summary.rowCount ?? 0;
		} else if (item.kind === ERP_UPSERT_SUMMARY) {
			const c = item.counts;
			fetchedByUpsert += c.fetched;
			total.inserted += c.inserted;
			total.updated += c.updated;
			total.unchanged += c.unchanged;
			total.rejected += c.rejected;
			total.deleted += c.deleted;
			total.cellIssues += c.cellIssues;
		} else if (item.kind === ERP_RECONCILE_SUMMARY) {
			total.deleted += item.softDeleted;
		}
	});
	total.fetched = sawFetch ? fetchedByFetch : fetchedByUpsert;
	return total;
}

/**
 * What the run's Coda reads met (fallback to a whole-table read, retries, column changes), from
 * the Fetch summaries among the items, else from ERP Upsert's `codaRead`; null when neither is there.
 */
export function codaReadFromSummaries(items: unknown[]): CodaRead | null {
	const fromFetch: CodaRead[] = [];
	const fromUpsert: CodaRead[] = [];
	items.forEach((raw, index) => {
		const item = readItem(raw, index);
		if (item.kind === 'summary') fromFetch.push(item.summary.read);
		else if (item.kind === ERP_UPSERT_SUMMARY && item.codaRead) fromUpsert.push(item.codaRead);
	});
	return mergeCodaReads(fromFetch.length ? fromFetch : fromUpsert);
}

/** A workflow / process template by Coda row id or name → its id and Coda row id. */
async function resolveRef(client: PoolClient, table: keyof typeof REF_TABLES, ref: string | undefined) {
	const key = ref?.trim();
	if (!key) return { id: null, codaId: null };
	const { rows } = await client.query<{ id: number; coda_row_id: string | null }>(
		sql`SELECT "id", "coda_row_id" FROM ${REF_TABLES[table]} WHERE "coda_row_id" = ${key} OR "name" = ${key}
		 ORDER BY ("coda_row_id" = ${key}) DESC, ("deleted_at" IS NULL) DESC, "id" LIMIT 1`,
	);
	if (rows[0]) return { id: rows[0].id, codaId: rows[0].coda_row_id };
	// An unknown Coda row id is kept (its row may be synced later); an unknown name is not.
	return { id: null, codaId: /^i-[\w-]+$/.test(key) ? key : null };
}

export interface RunRow {
	id: number;
	n8n_workflow_id: string;
	n8n_execution_id: string;
	status: string;
	started_at: Date | null;
	finished_at: Date | null;
	duration_ms: number | null;
	workflow_id: number | null;
	process_template_id: number | null;
}

const RETURNING = sql`RETURNING "id", "n8n_workflow_id", "n8n_execution_id", "status", "started_at", "finished_at", "duration_ms"::float8 AS duration_ms, "workflow_id", "process_template_id"`;

interface RunWrite {
	identity: RunIdentity;
	context: RunContext;
	status: 'running' | 'success' | 'error' | 'partial' | 'crashed';
	startedAt?: DateTime;
	finishedAt?: DateTime;
	counts?: RunCounts;
	errorMessage?: string | null;
	failingNode?: string | null;
}

/**
 * One upsert of the run's row. Only what this call knows is overwritten (coalesce), so a
 * finish never erases what the start recorded and repeating a call changes nothing.
 */
async function writeRun(pool: Pool, w: RunWrite): Promise<RunRow> {
	const identity = checkIdentity(w.identity);
	return withTransaction(pool, async (client) => {
		const workflow = await resolveRef(client, 'workflows', w.context.workflowRef);
		const template = await resolveRef(client, 'process_templates', w.context.processTemplateRef);
		const { rows: existing } = await client.query<{ started_at: Date | null }>(
			sql`SELECT "started_at" FROM ${RUNS} WHERE "n8n_workflow_id" = ${identity.workflowId} AND "n8n_execution_id" = ${identity.executionId} FOR UPDATE`,
		);
		const startedAt = w.startedAt ?? (existing[0]?.started_at ? DateTime.fromJSDate(existing[0].started_at) : undefined);
		const durationMs = startedAt && w.finishedAt ? Math.max(0, Math.round(w.finishedAt.diff(startedAt).as('milliseconds'))) : null;
		const c = w.counts;
		// Counts are recorded by a finish (all of them); a start or an error keeps what is stored.
		const counted = c !== undefined;
		const { rows } = await client.query<RunRow>(
			sql`INSERT INTO ${RUNS} AS r ${RUNS.row({
				source: 'n8n',
				n8n_workflow_id: identity.workflowId,
				n8n_workflow_name: identity.workflowName ?? null,
				n8n_execution_id: identity.executionId,
				mode: identity.mode ?? null,
				status: w.status,
				started_at: startedAt?.toISO() ?? null,
				finished_at: w.finishedAt?.toISO() ?? null,
				duration_ms: durationMs,
				workflow_id: workflow.id,
				workflow_coda_id: workflow.codaId,
				process_template_id: template.id,
				process_template_coda_id: template.codaId,
				erp_table: w.context.erpTable ?? null,
				coda_table_id: w.context.codaTableId ?? null,
				fetched_count: c?.fetched ?? 0,
				inserted_count: c?.inserted ?? 0,
				updated_count: c?.updated ?? 0,
				unchanged_count: c?.unchanged ?? 0,
				rejected_count: c?.rejected ?? 0,
				deleted_count: c?.deleted ?? 0,
				error_message: w.errorMessage ?? null,
				failing_node: w.failingNode ?? null,
				details: sql`coalesce(${w.context.details ? JSON.stringify(w.context.details) : null}::jsonb, '{}')`,
			})}
			 ON CONFLICT ("n8n_workflow_id", "n8n_execution_id") DO UPDATE SET
			   "n8n_workflow_name" = coalesce(EXCLUDED."n8n_workflow_name", r."n8n_workflow_name"),
			   "mode" = coalesce(EXCLUDED."mode", r."mode"),
			   -- A repeated start never reopens a finished run.
			   "status" = CASE WHEN EXCLUDED."status" = 'running' AND r."finished_at" IS NOT NULL THEN r."status"
			     -- A run finished as partial that the workflow then failed on purpose (to fire the error handler) stays partial.
			     WHEN EXCLUDED."status" = 'error' AND r."status" = 'partial' THEN r."status" ELSE EXCLUDED."status" END,
			   "started_at" = coalesce(r."started_at", EXCLUDED."started_at"),
			   "finished_at" = coalesce(EXCLUDED."finished_at", r."finished_at"),
			   "duration_ms" = coalesce(EXCLUDED."duration_ms", r."duration_ms"),
			   "workflow_id" = coalesce(EXCLUDED."workflow_id", r."workflow_id"),
			   "workflow_coda_id" = coalesce(EXCLUDED."workflow_coda_id", r."workflow_coda_id"),
			   "process_template_id" = coalesce(EXCLUDED."process_template_id", r."process_template_id"),
			   "process_template_coda_id" = coalesce(EXCLUDED."process_template_coda_id", r."process_template_coda_id"),
			   "erp_table" = coalesce(EXCLUDED."erp_table", r."erp_table"),
			   "coda_table_id" = coalesce(EXCLUDED."coda_table_id", r."coda_table_id"),
			   "fetched_count" = CASE WHEN ${counted} THEN EXCLUDED."fetched_count" ELSE r."fetched_count" END,
			   "inserted_count" = CASE WHEN ${counted} THEN EXCLUDED."inserted_count" ELSE r."inserted_count" END,
			   "updated_count" = CASE WHEN ${counted} THEN EXCLUDED."updated_count" ELSE r."updated_count" END,
			   "unchanged_count" = CASE WHEN ${counted} THEN EXCLUDED."unchanged_count" ELSE r."unchanged_count" END,
			   "rejected_count" = CASE WHEN ${counted} THEN EXCLUDED."rejected_count" ELSE r."rejected_count" END,
			   "deleted_count" = CASE WHEN ${counted} THEN EXCLUDED."deleted_count" ELSE r."deleted_count" END,
			   -- A run the crash bound marked that finishes after all was only slow: its crash message goes.
			   "error_message" = CASE WHEN r."status" = 'crashed' AND EXCLUDED."status" IN ('success', 'partial') THEN EXCLUDED."error_message"
			     ELSE coalesce(EXCLUDED."error_message", r."error_message") END,
			   "failing_node" = coalesce(EXCLUDED."failing_node", r."failing_node"),
			   "details" = r."details" || EXCLUDED."details"
			 ${RETURNING}`,
		);
		return rows[0];
	});
}

function time(value: string | undefined, what: string): DateTime | undefined {
	if (!value) return undefined;
	const t = DateTime.fromISO(value, { setZone: true });
	if (!t.isValid) throw new ErpInputError(`Execution Run Log: ${what} ${JSON.stringify(value)} is not an ISO 8601 time`);
	return t;
}

/** Starts the run's row, after marking crashed the runs of its workflow n8n left `running` too long (crashedRuns.ts). */
export async function startRun(pool: Pool, identity: RunIdentity, context: RunContext = {}, startedAt?: string): Promise<RunRow> {
	await markCrashedRuns(pool, checkIdentity(identity).workflowId);
	return writeRun(pool, { identity, context, status: 'running', startedAt: time(startedAt, 'start time') ?? DateTime.utc() });
}

export interface FinishInput {
	/** Upstream items: their summaries give the counts. */
	items: unknown[];
	status?: 'success' | 'error' | 'partial';
	errorMessage?: string;
	failingNode?: string;
	finishedAt?: string;
}

/** Finishes the run; without an explicit status, rejected rows or cells stored as NULL make it `partial`. */
export async function finishRun(pool: Pool, identity: RunIdentity, input: FinishInput, context: RunContext = {}): Promise<RunRow> {
	const counts = countsFromSummaries(input.items);
	const status = input.status ?? (input.errorMessage ? 'error' : counts.rejected > 0 || counts.cellIssues > 0 ? 'partial' : 'success');
	const coda = codaReadFromSummaries(input.items);
	return writeRun(pool, {
		identity,
		context: coda ? { ...context, details: { ...context.details, coda } } : context,
		status,
		finishedAt: time(input.finishedAt, 'finish time') ?? DateTime.utc(),
		counts,
		errorMessage: input.errorMessage ?? null,
		failingNode: input.failingNode ?? null,
	});
}

/** What n8n's Error Trigger emits for a failed execution. */
const errorTriggerSchema = z.object({
	execution: z
		.object({
			id: z.union([z.string(), z.number()]).transform(String).optional(),
			url: z.string().optional(),
			error: z.object({ message: z.string().optional(), stack: z.string().optional() }).passthrough().optional(),
			lastNodeExecuted: z.string().optional(),
			mode: z.string().optional(),
		})
		.passthrough(),
	workflow: z.object({ id: z.union([z.string(), z.number()]).transform(String), name: z.string().optional() }).passthrough(),
});

/**
 * The workflow id another workflow's run of this execution was started under, when the failing
 * workflow has none of its own: a sub-workflow may log its run under its caller's id (Log Start's
 * Workflow ID, as "Coda ERP: sync one table" does). Only one unfinished such run counts.
 */
async function runLoggedAs(pool: Pool, workflowId: string, executionId: string): Promise<string | undefined> {
	const { rows } = await pool.query<{ n8n_workflow_id: string }>(
		sql`SELECT "n8n_workflow_id" FROM ${RUNS} WHERE "n8n_execution_id" = ${executionId} AND ("n8n_workflow_id" = ${workflowId} OR "finished_at" IS NULL)
		 ORDER BY ("n8n_workflow_id" = ${workflowId}) DESC LIMIT 2`,
	);
	return rows.length === 1 && rows[0].n8n_workflow_id !== workflowId ? rows[0].n8n_workflow_id : undefined;
}

/**
 * Records a failed run from the Error Trigger's output item (status error, message, failing node);
 * `crashed` when the error is n8n's report of a crash, with no finish time (it is not known).
 */
export async function logErrorRun(pool: Pool, errorTriggerItem: unknown, context: RunContext = {}): Promise<RunRow> {
	const parsed = errorTriggerSchema.safeParse(errorTriggerItem);
	if (!parsed.success) {
		const issue = parsed.error.issues[0];
		throw new ErpInputError(
			`Log Error expects the Error Trigger's output ({execution, workflow}); ${issue.path.join('.') || 'item'}: ${issue.message}`,
		);
	}
	const { execution, workflow } = parsed.data;
	if (!execution.id) {
		throw new ErpInputError('Log Error: the Error Trigger gave no execution id (the trigger node itself failed); nothing to log against');
	}
	const crashed = crashReport(execution.error);
	const message = crashed ?? execution.error?.message ?? 'Unknown error';
	const loggedAs = await runLoggedAs(pool, workflow.id, execution.id);
	return writeRun(pool, {
		identity: { workflowId: loggedAs ?? workflow.id, workflowName: loggedAs ? undefined : workflow.name, executionId: execution.id, mode: execution.mode },
		context: { ...context, details: { ...context.details, executionUrl: execution.url, errorStack: execution.error?.stack } },
		status: crashed ? 'crashed' : 'error',
		finishedAt: crashed ? undefined : DateTime.utc(),
		errorMessage: message,
		failingNode: execution.lastNodeExecuted ?? null,
	});
}

/**
 * Marks crashed the runs of every workflow n8n left `running` too long, then refreshes
 * erp.pattern_analytics concurrently (through the SECURITY DEFINER function).
 */
export async function refreshAnalytics(pool: Pool): Promise<{ refreshedAt: string; crashedRuns: number }> {
	const crashed = await markCrashedRuns(pool);
	await pool.query('SELECT "erp"."refresh_pattern_analytics"()');
	return { refreshedAt: DateTime.utc().toISO(), crashedRuns: crashed.ids.length };
}
