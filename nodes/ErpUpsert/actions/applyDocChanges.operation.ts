// ERP Upsert operation "Apply Doc Changes": the maintenance step of the automatic doc mode
// (`erp-db config set doc_changes auto`). It applies the doc's additive changes (new typed
// columns, select options, table matches) exactly as `erp-db apply` does, or says why it did not.
import type { IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';
import { codaClientFor } from '../../shared/coda/n8nCodaClient';
import { getPool } from '../../shared/erp/pool';
import { readSyncPlan, requireDocId } from '../../shared/erp/syncPlan';

export const APPLY_DOC_CHANGES = 'applyDocChanges';

/** No parameters: the doc is the configured one (erp.sync_settings), its changes are the plan's. */
export const description: INodeProperties[] = [];

export async function execute(this: IExecuteFunctions, items: INodeExecutionData[]): Promise<INodeExecutionData[][]> {
	const pool = getPool(await this.getCredentials('erpPostgres'));
	const docId = requireDocId(await readSyncPlan(pool));
	const client = await codaClientFor(this, 0);
	// Loaded here only: it brings drizzle-kit's generator, which the other operations never need.
	const { applyDocChanges: apply } = await import('../../../drizzle/cli/docApply');
	const result = await apply(pool, { coda: { client, docId } });
	const paired = items.map((_, item) => ({ item }));
	return [[{ json: { kind: 'erpDocChanges', docId, status: result.status, reason: result.reason ?? null, changes: result.lines }, pairedItem: paired }], []];
}
