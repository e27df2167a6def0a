// The values erp.sync_config and erp.sync_settings allow, without Drizzle: the nodes read them
// at run time (syncPlan.ts) and must not load drizzle-orm for a few constants.

/** realtime: the Coda automation's webhook; batch: the schedule; off: no workflow syncs the table. */
export const deliveryModes = ['realtime', 'batch', 'off'] as const;
export type DeliveryMode = (typeof deliveryModes)[number];

/** Minutes between incremental batch syncs of a table; the batch workflow ticks every 5. */
export const batchCadences = [5, 15, 60] as const;
export type BatchCadence = (typeof batchCadences)[number];

/**
 * erp.sync_settings key: minutes after which a run still `running` in erp.execution_runs counts
 * as crashed (n8n never finished it and never reported it: a worker or main process killed).
 * Set it above the longest run a workflow may take; empty means the default.
 */
export const CRASHED_AFTER_KEY = 'crashed_after_minutes';

/** Keys of erp.sync_settings. An empty value means "not set" (no POST is sent to an unset URL). */
export const syncSettingKeys = ['coda_doc_id', 'planner_api_url', 'memory_gateway_url', 'doc_changes', CRASHED_AFTER_KEY] as const;
export type SyncSettingKey = (typeof syncSettingKeys)[number];

export const CRASHED_AFTER_DEFAULT_MINUTES = 60;
/** A week: a longer bound would leave a crashed run `running` for too long to be useful. */
export const CRASHED_AFTER_MAX_MINUTES = 10_080;

/** The bound in minutes from a stored or given value, or the reason it is not one. */
export function parseCrashedAfterMinutes(value: string): { minutes: number } | { problem: string } {
	const trimmed = value.trim();
	if (trimmed === '') return { minutes: CRASHED_AFTER_DEFAULT_MINUTES };
	const minutes = /^\d{1,6}$/.test(trimmed) ? Number(trimmed) : NaN;
	if (!(minutes >= 1 && minutes <= CRASHED_AFTER_MAX_MINUTES)) {
		return { problem: `${CRASHED_AFTER_KEY} "${trimmed.slice(0, 100)}" is not a whole number of minutes from 1 to ${CRASHED_AFTER_MAX_MINUTES} (empty: ${CRASHED_AFTER_DEFAULT_MINUTES})` };
	}
	return { minutes };
}
