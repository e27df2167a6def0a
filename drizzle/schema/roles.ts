// Group roles the migrations create (NOLOGIN; cluster-wide, shared by every database on the
// server). Service login roles are made members of these by `erp-db create-role`.
// The grants themselves are SQL in the migrations; this is the list code and docs use.
export const groupRoles = {
	/** n8n (the sync): read/write every erp table, refresh the analytics view. */
	sync: 'erp_sync',
	/** planner-api, coda-mcp, Open WebUI: read every erp table and view. */
	reader: 'erp_reader',
	/** memory-gateway: write execution_runs, read the pattern tables and analytics. */
	memoryGateway: 'erp_memory_gateway',
} as const;

export type GroupRole = (typeof groupRoles)[keyof typeof groupRoles];
