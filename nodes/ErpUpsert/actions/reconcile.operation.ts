// ERP Upsert operation "Reconcile": soft-deletes the erp rows missing from Coda's complete list of
// row ids (nodes/shared/erp/reconcile.ts).
import type { IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';
import { defaultCatalog } from '../../shared/erp/catalog';
import { getPool } from '../../shared/erp/pool';
import { runReconcile } from '../../shared/erp/reconcile';
import { ERP_RECONCILE_SUMMARY } from '../../shared/sync/items';
import { erpTableName } from './erpTable';

export const RECONCILE = 'reconcile';

export const description: INodeProperties[] = [
	{
		displayName: 'Options',
		name: 'options',
		type: 'collection',
		placeholder: 'Add Option',
		default: {},
		displayOptions: { show: { operation: [RECONCILE] } },
		options: [
			{
				displayName: 'Allow Empty List',
				name: 'allowEmptyList',
				type: 'boolean',
				default: false,
				description:
					'Whether Reconcile may soft-delete every row when Coda returns no row IDs at all. Off protects the table from a bad fetch.',
			},
		],
	},
];

export async function execute(this: IExecuteFunctions, items: INodeExecutionData[]): Promise<INodeExecutionData[][]> {
	const table = erpTableName(this);
	const options = this.getNodeParameter('options', 0, {}) as { allowEmptyList?: boolean };
	const pool = getPool(await this.getCredentials('erpPostgres'));
	const summary = await runReconcile(pool, defaultCatalog(), table, items.map((i) => i.json), { allowEmpty: options.allowEmptyList });
	return [[{ json: { kind: ERP_RECONCILE_SUMMARY, ...summary }, pairedItem: items.map((_, item) => ({ item })) }], []];
}
