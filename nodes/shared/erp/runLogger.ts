// Execution Run Log: one erp.execution_runs row per n8n run, idempotent on
// (n8n_workflow_id, n8n_execution_id), so start/finish pairs and repeats update one row.
import { DateTime } from 'luxon';
import type { Pool, PoolClient } from 'pg';
import { z } from 'zod';
import { qualified } from './catalog';
import { withTransaction } from './pool';

export class RunLogInputError extends Error {}

const RUNS = qualified('execution_runs');

export const ERP_UPSERT_SUMMARY = 'erpUpsertSummary';
export const ERP_RECONCILE_SUMMARY = 'erpReconcileSummary';

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

export interface RunCounts {
	fetched: number;
	inserted: number;
	updated: number;
	unchanged: number;
	rejected: number;
	deleted: number;
	/** Cells stored as NULL (erp.cell_issues): the rows are in, but not completely. */
	cellIssues: number;
}

const identitySchema = z.object({
	workflowId: z.string().trim().min(1, 'workflow id is empty'),
	workflowName: z.string().optional(),
	executionId: z.string().trim().min(1, 'execution id is empty'),
	mode: z.string().optional(),
});

function checkIdentity(identity: RunIdentity): RunIdentity {
	const parsed = identitySchema.safeParse(identity);
	if (!parsed.success) throw new RunLogInputError(`Execution Run Log: ${parsed.error.issues[0].message}`);
	return parsed.data;
}

const count = z.number().finite().nonnegative().catch(0);
const fetchSummary = z.object({ kind: z.literal('summary'), rowCount: count }).passthrough();
const upsertSummary = z
	.object({ kind: z.literal(ERP_UPSERT_SUMMARY), fetched: count, inserted: count, updated: count, unchanged: count, rejected: count, deleted: count, cellIssues: count })
	.passthrough();
const reconcileSummary = z.object({ kind: z.literal(ERP_RECONCILE_SUMMARY), softDeleted: count }).passthrough();

/**
 * Sums the Coda Table Fetch, ERP Upsert and Reconcile summaries among the given items.
 * Fetched rows come from Fetch summaries when present, else from what ERP Upsert received.
 */
export function countsFromSummaries(items: unknown[]): RunCounts {
	const total: RunCounts = { fetched: 0, inserted: 0, updated: 0, unchanged: 0, rejected: 0, deleted: 0, cellIssues: 0 };
	let fetchedByFetch = 0;
	let fetchedByUpsert = 0;
	let sawFetch = false;
	for (const item of items) {
		const f = fetchSummary.safeParse(item);
		if (f.success) {
			sawFetch = true;
			fetchedByFetch += f.data.rowCount;
		}
		const u = upsertSummary.safeParse(item);
		if (u.success) {
			fetchedByUpsert += u.data.fetched;
			total.inserted += u.data.inserted;
			total.updated += u.data.updated;
			total.unchanged += u.data.unchanged;
			total.rejected += u.data.rejected;
			total.deleted += u.data.deleted;
			total.cellIssues += u.data.cellIssues;
		}
		const r = reconcileSummary.safeParse(item);
		if (r.success) total.deleted += r.data.softDeleted;
	}
	total.fetched = sawFetch ? fetchedByFetch : fetchedByUpsert;
	return total;
}

/** A workflow / process template by Coda row id or name → its id and Coda row id. */
async function resolveRef(client: PoolClient, table: 'workflows' | 'process_templates', ref: string | undefined) {
	const key = ref?.trim();
	if (!key) return { id: null, codaId: null };
	const { rows } = await client.query<{ id: number; coda_row_id: string | null }>(
		`SELECT "id", "coda_row_id" FROM ${qualified(table)} WHERE "coda_row_id" = $1 OR "name" = $1
		 ORDER BY ("coda_row_id" = $1) DESC, ("deleted_at" IS NULL) DESC, "id" LIMIT 1`,
		[key],
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

const RETURNING = `RETURNING "id", "n8n_workflow_id", "n8n_execution_id", "status", "started_at", "finished_at", "duration_ms"::float8 AS duration_ms, "workflow_id", "process_template_id"`;

interface RunWrite {
	identity: RunIdentity;
	context: RunContext;
	status: 'running' | 'success' | 'error' | 'partial';
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
			`SELECT "started_at" FROM ${RUNS} WHERE "n8n_workflow_id" = $1 AND "n8n_execution_id" = $2 FOR UPDATE`,
			[identity.workflowId, identity.executionId],
		);
		const startedAt = w.startedAt ?? (existing[0]?.started_at ? DateTime.fromJSDate(existing[0].started_at) : undefined);
		const durationMs = startedAt && w.finishedAt ? Math.max(0, Math.round(w.finishedAt.diff(startedAt).as('milliseconds'))) : null;
		const c = w.counts;
		const { rows } = await client.query<RunRow>(
			`INSERT INTO ${RUNS} AS r ("source", "n8n_workflow_id", "n8n_workflow_name", "n8n_execution_id", "mode", "status",
			   "started_at", "finished_at", "duration_ms", "workflow_id", "workflow_coda_id", "process_template_id", "process_template_coda_id",
			   "erp_table", "coda_table_id", "fetched_count", "inserted_count", "updated_count", "unchanged_count", "rejected_count",
			   "deleted_count", "error_message", "failing_node", "details")
			 VALUES ('n8n', $1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14,
			   coalesce($15, 0), coalesce($16, 0), coalesce($17, 0), coalesce($18, 0), coalesce($19, 0), coalesce($20, 0), $21, $22, coalesce($23::jsonb, '{}'))
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
			   "fetched_count" = CASE WHEN $15::int IS NULL THEN r."fetched_count" ELSE EXCLUDED."fetched_count" END,
			   "inserted_count" = CASE WHEN $16::int IS NULL THEN r."inserted_count" ELSE EXCLUDED."inserted_count" END,
			   "updated_count" = CASE WHEN $17::int IS NULL THEN r."updated_count" ELSE EXCLUDED."updated_count" END,
			   "unchanged_count" = CASE WHEN $18::int IS NULL THEN r."unchanged_count" ELSE EXCLUDED."unchanged_count" END,
			   "rejected_count" = CASE WHEN $19::int IS NULL THEN r."rejected_count" ELSE EXCLUDED."rejected_count" END,
			   "deleted_count" = CASE WHEN $20::int IS NULL THEN r."deleted_count" ELSE EXCLUDED."deleted_count" END,
			   "error_message" = coalesce(EXCLUDED."error_message", r."error_message"),
			   "failing_node" = coalesce(EXCLUDED."failing_node", r."failing_node"),
			   "details" = r."details" || EXCLUDED."details"
			 ${RETURNING}`,
			[
				identity.workflowId,
				identity.workflowName ?? null,
				identity.executionId,
				identity.mode ?? null,
				w.status,
				startedAt?.toISO() ?? null,
				w.finishedAt?.toISO() ?? null,
				durationMs,
				workflow.id,
				workflow.codaId,
				template.id,
				template.codaId,
				w.context.erpTable ?? null,
				w.context.codaTableId ?? null,
				c?.fetched ?? null,
				c?.inserted ?? null,
				c?.updated ?? null,
				c?.unchanged ?? null,
				c?.rejected ?? null,
				c?.deleted ?? null,
				w.errorMessage ?? null,
				w.failingNode ?? null,
				w.context.details ? JSON.stringify(w.context.details) : null,
			],
		);
		return rows[0];
	});
}

function time(value: string | undefined, what: string): DateTime | undefined {
	if (!value) return undefined;
	const t = DateTime.fromISO(value, { setZone: true });
	if (!t.isValid) throw new RunLogInputError(`Execution Run Log: ${what} ${JSON.stringify(value)} is not an ISO 8601 time`);
	return t;
}

export async function startRun(pool: Pool, identity: RunIdentity, context: RunContext = {}, startedAt?: string): Promise<RunRow> {
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
	return writeRun(pool, {
		identity,
		context,
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

/** Records a failed run from the Error Trigger's output item (status error, message, failing node). */
export async function logErrorRun(pool: Pool, errorTriggerItem: unknown, context: RunContext = {}): Promise<RunRow> {
	const parsed = errorTriggerSchema.safeParse(errorTriggerItem);
	if (!parsed.success) {
		const issue = parsed.error.issues[0];
		throw new RunLogInputError(
			`Log Error expects the Error Trigger's output ({execution, workflow}); ${issue.path.join('.') || 'item'}: ${issue.message}`,
		);
	}
	const { execution, workflow } = parsed.data;
	if (!execution.id) {
		throw new RunLogInputError('Log Error: the Error Trigger gave no execution id (the trigger node itself failed); nothing to log against');
	}
	const message = execution.error?.message ?? 'Unknown error';
	return writeRun(pool, {
		identity: { workflowId: workflow.id, workflowName: workflow.name, executionId: execution.id, mode: execution.mode },
		context: { ...context, details: { ...context.details, executionUrl: execution.url, errorStack: execution.error?.stack } },
		status: 'error',
		finishedAt: DateTime.utc(),
		errorMessage: message,
		failingNode: execution.lastNodeExecuted ?? null,
	});
}

/** Refreshes erp.pattern_analytics concurrently (through the SECURITY DEFINER function). */
export async function refreshAnalytics(pool: Pool): Promise<{ refreshedAt: string }> {
	await pool.query('SELECT "erp"."refresh_pattern_analytics"()');
	return { refreshedAt: DateTime.utc().toISO() };
}
