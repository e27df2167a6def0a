import {
	NodeConnectionTypes,
	NodeOperationError,
	type IDataObject,
	type IExecuteFunctions,
	type INodeExecutionData,
	type INodeType,
	type INodeTypeDescription,
} from 'n8n-workflow';
import type { MapperEntry } from '../shared/erp/bindings';
import { defaultCatalog } from '../shared/erp/catalog';
import { erpPostgresConnectionTest } from '../shared/erp/credentialTest';
import { toNodeError } from '../shared/erp/nodeErrors';
import { getPool } from '../shared/erp/pool';
import { runReconcile } from '../shared/erp/reconcile';
import { ERP_RECONCILE_SUMMARY, ERP_UPSERT_SUMMARY } from '../shared/erp/runLogger';
import { runUpsert } from '../shared/erp/upsertWriter';
import { APPLY_DOC_CHANGES, applyDocChanges } from './actions/applyDocChanges';
import { GET_SYNC_PLAN, getSyncPlan } from './actions/getSyncPlan';
import { erpUpsertProperties } from './description';
import { getColumns, getTables } from './methods/loadOptions';

interface UpsertNodeOptions {
	allowEmptyList?: boolean;
	chunkSize?: number;
	perRowResults?: boolean;
}

function mapperEntries(raw: unknown, fail: (message: string) => never): MapperEntry[] {
	if (raw === undefined || raw === null) return [];
	if (!Array.isArray(raw)) fail('Column Mapping must be a list of mappings');
	return (raw as unknown[]).map((entry, i) => {
		const e = (entry ?? {}) as Record<string, unknown>;
		if (typeof e.codaColumn !== 'string' || !e.codaColumn.trim()) fail(`Column Mapping entry ${i + 1}: Coda Column is empty`);
		if (e.erpColumn !== undefined && typeof e.erpColumn !== 'string') fail(`Column Mapping entry ${i + 1}: Erp Column must be a column name`);
		return { codaColumn: e.codaColumn as string, erpColumn: (e.erpColumn as string | undefined) ?? '' };
	});
}

export class ErpUpsert implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'ERP Upsert',
		name: 'erpUpsert',
		icon: { light: 'file:erpUpsert.svg', dark: 'file:erpUpsert.dark.svg' },
		group: ['output'],
		version: 1,
		// $parameter throws on a table given by an expression that cannot resolve yet (no run data): the subtitle is then "Upsert".
		subtitle:
			'={{ (() => { const op = $parameter["operation"]; if (op === "applyDocChanges") return "Apply Doc Changes"; if (op === "getSyncPlan") return "Sync Plan: " + ({ dueBatch: "Due Tables", settings: "Settings", tables: "Tables", webhookRequest: "Webhook" }[$parameter["planFor"]] || ""); let table = ""; try { const t = $parameter["table"]; table = t && typeof t === "object" ? t.value : t; } catch (e) { table = ""; } return (op === "reconcile" ? "Reconcile" : "Upsert") + (table ? ": " + table : ""); })() }}',
		description: 'Write Coda rows into the erp PostgreSQL schema: bulk, idempotent, order-safe',
		defaults: { name: 'ERP Upsert' },
		usableAsTool: true,
		inputs: [NodeConnectionTypes.Main],
		// Two outputs by design: written rows, and rows rejected by validation.
		outputs: [NodeConnectionTypes.Main, NodeConnectionTypes.Main],
		outputNames: ['Rows', 'Rejected'],
		credentials: [
			{
				// eslint-disable-next-line n8n-nodes-base/node-class-description-credentials-name-unsuffixed
				name: 'erpPostgres',
				required: true,
				testedBy: 'erpPostgresConnectionTest',
			},
			// Apply Doc Changes reads the doc's columns from Coda.
			{ name: 'codaErpApi', required: true, displayOptions: { show: { operation: [APPLY_DOC_CHANGES] } } },
		],
		properties: erpUpsertProperties,
	};

	methods = {
		loadOptions: { getTables, getColumns },
		credentialTest: { erpPostgresConnectionTest },
	};

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		const items = this.getInputData();
		// One run (one transaction) covers every input item, so the summary pairs with all of them.
		const paired = items.map((_, item) => ({ item }));
		try {
			const fail = (message: string): never => {
				throw new NodeOperationError(this.getNode(), message, { itemIndex: 0 });
			};
			const operation = this.getNodeParameter('operation', 0) as string;
			if (operation === GET_SYNC_PLAN) return [await getSyncPlan(this, await this.getCredentials('erpPostgres')), []];
			if (operation === APPLY_DOC_CHANGES) return [await applyDocChanges(this), []];
			const table = this.getNodeParameter('table', 0);
			if (typeof table !== 'string' || !table.trim()) fail('Table is empty: choose an erp table or name one with an expression');
			const options = this.getNodeParameter('options', 0, {}) as UpsertNodeOptions;
			const pool = getPool(await this.getCredentials('erpPostgres'));
			const inputs = items.map((i) => i.json);

			if (operation === 'reconcile') {
				const summary = await runReconcile(pool, defaultCatalog(), (table as string).trim(), inputs, { allowEmpty: options.allowEmptyList });
				return [[{ json: { kind: ERP_RECONCILE_SUMMARY, ...summary }, pairedItem: paired }], []];
			}

			const mapper = mapperEntries(this.getNodeParameter('columnMapping.mappings', 0, []), fail);
			const result = await runUpsert(pool, defaultCatalog(), (table as string).trim(), inputs, { mapper, chunkSize: options.chunkSize });
			const rows: INodeExecutionData[] = [{ json: { kind: ERP_UPSERT_SUMMARY, ...result.summary }, pairedItem: paired }];
			if (options.perRowResults) {
				for (const r of result.rows) rows.push({ json: { kind: 'erpUpsertRow', ...r }, pairedItem: { item: r.index } });
			}
			const rejected = result.rejected.map((r) => ({
				json: { kind: 'erpRejected', table: result.summary.table, codaRowId: r.codaRowId, reason: r.reason, item: r.raw as IDataObject },
				pairedItem: { item: r.index },
			}));
			return [rows, rejected];
		} catch (error) {
			if (this.continueOnFail()) {
				return [[{ json: { error: (error as Error).message }, pairedItem: paired }], []];
			}
			throw toNodeError(this.getNode(), error, 0);
		}
	}
}
