// ERP Upsert operation "Get Sync Plan": what the sync workflows should do, read from
// erp.sync_config / erp.sync_settings (nodes/shared/erp/syncPlan.ts), as items: the tables due for
// a scheduled read, all tables of some deliveries, the settings, or a checked webhook request.
import type { IDataObject, IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';
import { getPool } from '../../shared/erp/pool';
import {
	checkSyncRequest,
	codaTableRef,
	dueBatchTables,
	readSyncPlan,
	requireDocId,
	tablesFor,
	type SyncPlan,
	type SyncRequestCheck,
	type TablePlan,
} from '../../shared/erp/syncPlan';
import type { DeliveryMode } from '../../../drizzle/schema/syncConfig';

export const GET_SYNC_PLAN = 'getSyncPlan';

const show = { operation: [GET_SYNC_PLAN] };

export const description: INodeProperties[] = [
	{
		displayName: 'Plan For',
		name: 'planFor',
		type: 'options',
		noDataExpression: true,
		default: 'dueBatch',
		displayOptions: { show },
		options: [
			{
				name: 'Tables Due for a Scheduled Read',
				value: 'dueBatch',
				description:
					'One item per enabled batch or real-time table whose cadence (5, 15 or 60 minutes) has come round; real-time tables are read too, so an edit whose webhook never came still converges',
			},
			{
				name: 'Settings',
				value: 'settings',
				description: 'One item with the Coda doc and the planner-api and memory-gateway URLs',
			},
			{
				name: 'Tables',
				value: 'tables',
				description: 'One item per enabled table with one of the chosen deliveries',
			},
			{
				name: 'Webhook Request',
				value: 'webhookRequest',
				description:
					'Check a real-time webhook body {table, rowId, event?}: one item, valid with the erp table, or invalid with an HTTP status and the reason',
			},
		],
	},
	{
		displayName: 'Deliveries',
		name: 'deliveries',
		type: 'multiOptions',
		default: ['realtime', 'batch'],
		description: 'Tables synced this way are planned; tables set to Off never are',
		displayOptions: { show: { ...show, planFor: ['tables'] } },
		options: [
			{ name: 'Real Time', value: 'realtime' },
			{ name: 'Batch', value: 'batch' },
			{ name: 'Off', value: 'off' },
		],
	},
	{
		displayName: 'Request Body',
		name: 'requestBody',
		type: 'json',
		default: '={{ $json.body }}',
		description: 'The body the Coda automation POSTed',
		displayOptions: { show: { ...show, planFor: ['webhookRequest'] } },
	},
];

function settingsItem(plan: SyncPlan): IDataObject {
	return { docId: plan.settings.coda_doc_id, plannerApiUrl: plan.settings.planner_api_url, memoryGatewayUrl: plan.settings.memory_gateway_url };
}

function tableItem(plan: SyncPlan, t: TablePlan): IDataObject {
	return {
		erpTable: t.erpTable,
		codaTable: codaTableRef(t),
		delivery: t.delivery,
		cadenceMinutes: t.cadenceMinutes,
		lastSyncAt: t.lastSyncAt,
		...settingsItem(plan),
	};
}

/** A body sent as text (no JSON content type) is read as JSON when it is; anything else is checked as is. */
function parsedBody(raw: unknown): unknown {
	if (typeof raw !== 'string') return raw;
	try {
		return JSON.parse(raw) as unknown;
	} catch {
		return raw;
	}
}

/**
 * The check of one item's body. n8n itself may fail to read a body (its Request Body expression
 * cannot copy one with a `constructor` key, or one nested a couple of thousand levels deep): that
 * is the caller's fault too, so it is a 400 with n8n's reason, not a failed run.
 */
function checkItem(fn: IExecuteFunctions, itemIndex: number, plan: SyncPlan): SyncRequestCheck {
	try {
		return checkSyncRequest(parsedBody(fn.getNodeParameter('requestBody', itemIndex, null)), plan);
	} catch (error) {
		const why = error instanceof Error ? error.message : String(error);
		// The first line only, shortened: a reason for the automation's log, never a stack.
		const line = why.split('\n')[0];
		return { ok: false, status: 400, reason: `The body could not be read: ${line.length > 200 ? `${line.slice(0, 199)}…` : line}` };
	}
}

export async function execute(this: IExecuteFunctions, items: INodeExecutionData[]): Promise<INodeExecutionData[][]> {
	const plan = await readSyncPlan(getPool(await this.getCredentials('erpPostgres')));
	const planFor = this.getNodeParameter('planFor', 0) as string;
	// One plan per execution, whatever the input: the trigger's single item starts it.
	if (planFor === 'settings') return [[{ json: settingsItem(plan), pairedItem: { item: 0 } }], []];
	requireDocId(plan);
	if (planFor === 'webhookRequest') {
		const checked = items.map((_item, itemIndex) => {
			const check = checkItem(this, itemIndex, plan);
			const json: IDataObject = check.ok
				? { valid: true, ...check.request, ...settingsItem(plan) }
				: { valid: false, status: check.status, reason: check.reason };
			return { json, pairedItem: { item: itemIndex } };
		});
		return [checked, []];
	}
	const tables =
		planFor === 'tables' ? tablesFor(plan, this.getNodeParameter('deliveries', 0, []) as DeliveryMode[]) : dueBatchTables(plan, new Date());
	return [tables.map((t) => ({ json: tableItem(plan, t), pairedItem: { item: 0 } })), []];
}
