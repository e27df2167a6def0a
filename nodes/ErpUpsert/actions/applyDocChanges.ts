// ERP Upsert operation "Apply Doc Changes": the maintenance step of the automatic doc mode
// (`erp-db config set doc_changes auto`). It applies the doc's additive changes (new typed
// columns, select options, table matches) exactly as `erp-db apply` does, or says why it did not.
import type { IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';
import type * as DocApply from '../../../drizzle/cli/docApply';
import { codaClientFor } from '../../shared/coda/n8nCodaClient';
import { getPool } from '../../shared/erp/pool';
import { readSyncPlan, requireDocId } from '../../shared/erp/syncPlan';

export const APPLY_DOC_CHANGES = 'applyDocChanges';

export async function applyDocChanges(context: IExecuteFunctions): Promise<INodeExecutionData[]> {
	const pool = getPool(await context.getCredentials('erpPostgres'));
	const docId = requireDocId(await readSyncPlan(pool));
	const client = await codaClientFor(context, 0);
	// Loaded here only: it brings drizzle-kit's generator, which the other operations never need.
	const { applyDocChanges: apply } = require('../../../drizzle/cli/docApply') as typeof DocApply;
	const result = await apply(pool, { coda: { client, docId } });
	const paired = context.getInputData().map((_, item) => ({ item }));
	return [{ json: { kind: 'erpDocChanges', docId, status: result.status, reason: result.reason ?? null, changes: result.lines }, pairedItem: paired }];
}
