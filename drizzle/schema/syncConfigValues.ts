// The values erp.sync_config and erp.sync_settings allow, without Drizzle: the nodes read them
// at run time (syncPlan.ts) and must not load drizzle-orm for a few constants.

/** realtime: the Coda automation's webhook; batch: the schedule; off: no workflow syncs the table. */
export const deliveryModes = ['realtime', 'batch', 'off'] as const;
export type DeliveryMode = (typeof deliveryModes)[number];

/** Minutes between incremental batch syncs of a table; the batch workflow ticks every 5. */
export const batchCadences = [5, 15, 60] as const;
export type BatchCadence = (typeof batchCadences)[number];

/** Keys of erp.sync_settings. An empty value means "not set" (no POST is sent to an unset URL). */
export const syncSettingKeys = ['coda_doc_id', 'planner_api_url', 'memory_gateway_url', 'doc_changes'] as const;
export type SyncSettingKey = (typeof syncSettingKeys)[number];
