// Runs n8n crashed: marked `crashed` in erp.execution_runs, from what n8n reports and, where n8n
// reports nothing, from a bound on how long a run may stay `running`.
//
// What n8n 2.41 does (read in its sources, proven by test/e2e/crash.test.ts):
// - Regular mode, main restarted: its start-up recovery marks every unfinished execution
//   `crashed`; one whose nodes' events are in the event log gets a WorkflowCrashedError and n8n
//   runs the error workflow for it. One without logged node events is marked in n8n's database only.
// - Queue mode, worker killed: Bull finds the job stalled once its lock lapses; n8n sets
//   maxStalledCount 0, so the job is never retried: the main fails it with MaxStalledCountError and
//   runs the error workflow. Sub-workflow executions the worker ran in-process are left `running`
//   until the main's queue recovery (N8N_EXECUTIONS_QUEUE_RECOVERY_INTERVAL, 180 min) marks them
//   `crashed`, without any error workflow.
// So Log Error records n8n's reports as `crashed`, and Log Start (for its workflow) and Refresh
// Analytics (for all) mark as `crashed` the runs `running` for longer than crashed_after_minutes.
import type { Pool, PoolClient } from 'pg';
import type { executionRuns } from '../../../drizzle/schema/pattern';
import type { syncSettings } from '../../../drizzle/schema/syncConfig';
import { CRASHED_AFTER_KEY, parseCrashedAfterMinutes } from '../../../drizzle/schema/syncConfigValues';
import { ErpInputError } from './errors';
import { ErpTable, sql } from './sql';

const RUNS = new ErpTable<typeof executionRuns>('execution_runs');
const SETTINGS = new ErpTable<typeof syncSettings>('sync_settings');

/** The messages n8n 2.41 gives an execution it found crashed, with what they mean here. */
const N8N_CRASH_REPORTS: { name: string; message: RegExp; meaning: string }[] = [
	{
		name: 'WorkflowCrashedError',
		message: /^Workflow did not finish, possible out-of-memory issue/,
		meaning: 'n8n found this run unfinished when its process started again (killed, restarted or out of memory)',
	},
	{
		name: 'MaxStalledCountError',
		message: /^This execution failed to be processed too many times|job stalled more than/,
		meaning: 'the n8n worker running this run stopped (killed or stalled) and n8n does not retry it',
	},
];

/** When the Error Trigger's error is n8n's report of a crash: the error message to store; else undefined. */
export function crashReport(error: { name?: unknown; message?: unknown } | undefined): string | undefined {
	if (!error || typeof error.message !== 'string') return undefined;
	const message = error.message;
	const report = N8N_CRASH_REPORTS.find((r) => error.name === r.name || r.message.test(message));
	return report && `Crashed: ${report.meaning}. n8n said: ${message}`;
}

/** The bound from erp.sync_settings (the default when unset); a stored value out of range is an error naming it. */
export async function crashedAfterMinutes(db: Pool | PoolClient): Promise<number> {
	const { rows } = await db.query<{ value: string }>(sql`SELECT "value" FROM ${SETTINGS} WHERE "key" = ${CRASHED_AFTER_KEY}`);
	const bound = parseCrashedAfterMinutes(rows[0]?.value ?? '');
	if ('problem' in bound) throw new ErpInputError(`erp.sync_settings: ${bound.problem}; fix it with \`erp-db config set ${CRASHED_AFTER_KEY} <minutes>\``);
	return bound.minutes;
}

export interface CrashedRunsMarked {
	/** The bound applied, in minutes. */
	crashedAfterMinutes: number;
	/** erp.execution_runs ids marked crashed now. */
	ids: number[];
}

/**
 * Marks `crashed` every run still `running` that started more than the bound ago: of one n8n
 * workflow (Log Start), or of all (Refresh Analytics). Runs mirrored from a Coda table are left
 * as Coda states them: Coda wins. A run that finishes after all (it was only
 * slow) is set to its real status by its Finish, which also clears the message.
 */
export async function markCrashedRuns(db: Pool | PoolClient, workflowId?: string): Promise<CrashedRunsMarked> {
	const minutes = await crashedAfterMinutes(db);
	const message = `Crashed: still running after ${minutes} minutes (erp.sync_settings ${CRASHED_AFTER_KEY}); n8n never finished it, its worker or main process was probably killed or restarted`;
	const { rows } = await db.query<{ id: number }>(
		sql`UPDATE ${RUNS} SET "status" = 'crashed', "error_message" = coalesce("error_message", ${message})
		 WHERE "status" = 'running' AND "started_at" < now() - make_interval(mins => ${minutes})
		   AND "coda_row_id" IS NULL
		   AND (${workflowId ?? null}::text IS NULL OR "n8n_workflow_id" = ${workflowId ?? null})
		 RETURNING "id"`,
	);
	return { crashedAfterMinutes: minutes, ids: rows.map((r) => Number(r.id)).sort((a, b) => a - b) };
}
