import {
	NodeConnectionTypes,
	type IExecuteFunctions,
	type INodeExecutionData,
	type INodeType,
	type INodeTypeDescription,
} from 'n8n-workflow';
import { erpPostgresConnectionTest } from '../shared/erp/credentialTest';
import * as applyDocChanges from './actions/applyDocChanges.operation';
import { erpTableLocator } from './actions/erpTable';
import * as getSyncPlan from './actions/getSyncPlan.operation';
import * as reconcile from './actions/reconcile.operation';
import { router } from './actions/router';
import * as upsert from './actions/upsert.operation';
import { getColumns } from './methods/loadOptions';
import { searchTables } from './methods/listSearch';

const { UPSERT } = upsert;
const { RECONCILE } = reconcile;
const { GET_SYNC_PLAN } = getSyncPlan;
const { APPLY_DOC_CHANGES } = applyDocChanges;

/** The operations' parameters live next to their execute, in actions/<operation>.operation.ts; actions/router.ts runs them. */
export class ErpUpsert implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'ERP Upsert',
		name: 'erpUpsert',
		icon: { light: 'file:erpUpsert.svg', dark: 'file:erpUpsert.dark.svg' },
		group: ['output'],
		version: 1,
		// "Upsert: tasks", "Reconcile: tasks", "Sync Plan: Webhook", "Apply Doc Changes". $parameter throws on a table
		// given by an expression that cannot resolve yet (no run data): the subtitle is then "Upsert".
		subtitle:
			'={{ (() => { const op = $parameter["operation"]; if (op === "applyDocChanges") return "Apply Doc Changes"; if (op === "getSyncPlan") return "Sync Plan: " + ({ dueBatch: "Due Tables", settings: "Settings", tables: "Tables", webhookRequest: "Webhook" }[$parameter["planFor"]] || "Due Tables"); let table = ""; try { const t = $parameter["table"]; table = t && typeof t === "object" ? t.value : t; } catch (e) { table = ""; } return (op === "reconcile" ? "Reconcile" : "Upsert") + (table && !String(table).startsWith("=") ? ": " + table : ""); })() }}',
		description: 'Write Coda rows into the erp PostgreSQL schema: bulk, idempotent, order-safe',
		defaults: { name: 'ERP Upsert' },
		usableAsTool: true,
		inputs: [NodeConnectionTypes.Main],
		// Two outputs by design: written rows, and rows rejected by validation.
		outputs: [NodeConnectionTypes.Main, NodeConnectionTypes.Main],
		outputNames: ['Rows', 'Rejected'],
		credentials: [
			{
				// A database connection, like n8n's own `postgres` credential type, not an API: no -Api suffix.
				// eslint-disable-next-line n8n-nodes-base/node-class-description-credentials-name-unsuffixed
				name: 'erpPostgres',
				required: true,
				testedBy: 'erpPostgresConnectionTest',
			},
			// Apply Doc Changes reads the doc's columns from Coda.
			{ name: 'codaErpApi', required: true, displayOptions: { show: { operation: [APPLY_DOC_CHANGES] } } },
		],
		properties: [
			{
				displayName: 'Operation',
				name: 'operation',
				type: 'options',
				noDataExpression: true,
				options: [
					{
						name: 'Create or Update',
						value: UPSERT,
						description: 'Create a new record, or update the current one if it already exists (upsert)',
						action: 'Upsert rows into an erp table',
					},
					{
						name: 'Reconcile',
						value: RECONCILE,
						description: "Soft-delete the erp rows missing from Coda's complete list of row IDs",
						action: 'Reconcile an erp table with coda',
					},
					{
						name: 'Get Sync Plan',
						value: GET_SYNC_PLAN,
						description:
							'Read the sync configuration (erp.sync_config, erp.sync_settings): the tables due for a scheduled read, all tables, the settings, or a checked webhook request',
						action: 'Get the sync plan from the erp configuration',
					},
					{
						name: 'Apply Doc Changes',
						value: APPLY_DOC_CHANGES,
						description:
							"When erp-db config doc_changes is auto: add the doc's new columns, select options and table matches to erp, as erp-db apply does (needs the Coda credential and an ERP login that owns the tables)",
						action: 'Apply additive doc changes to erp',
					},
				],
				default: UPSERT,
			},
			{ ...erpTableLocator, displayOptions: { show: { operation: [UPSERT, RECONCILE] } } },
			...upsert.description,
			...reconcile.description,
			...getSyncPlan.description,
			...applyDocChanges.description,
		],
	};

	methods = {
		listSearch: { searchTables },
		loadOptions: { getColumns },
		credentialTest: { erpPostgresConnectionTest },
	};

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		return router.call(this);
	}
}
