import type {
	IDataObject,
	IExecuteFunctions,
	INodeExecutionData,
	INodeType,
	INodeTypeDescription,
} from 'n8n-workflow';
import { NodeConnectionTypes } from 'n8n-workflow';
import { erpPostgresConnectionTest } from '../shared/erp/credentialTest';
import { DEFAULT_RETRY_POLICY, type RetryPolicy } from '../shared/coda/retry';
import { type TableFetchRequest, fetchTable } from '../shared/coda/tableFetch';
import type { FetchMode } from '../shared/sync/items';
import { codaClientFor } from '../shared/coda/n8nCodaClient';
import { codaTableFetchProperties } from './description';
import { searchDocs, searchTables } from './methods/listSearch';
import { toNodeError } from './nodeErrors';
import { syncStateReader } from './syncStateReader';

interface FetchOptions {
	continuation?: string;
	includeRawValues?: boolean;
	maxAttempts?: number;
	maxRetrySeconds?: number;
	maxRows?: number;
	pageSize?: number;
	retryBaseDelayMs?: number;
}

export class CodaTableFetch implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'Coda Table Fetch',
		name: 'codaTableFetch',
		icon: { light: 'file:coda.svg', dark: 'file:coda.dark.svg' },
		group: ['input'],
		version: 1,
		subtitle:
			'={{ {"allRows": "All Rows", "incremental": "Changed Since Last Sync", "oneRow": "One Row", "rowIds": "Row IDs Only"}[$parameter["mode"]] }}',
		description: 'Read a Coda table for the ERP sync: all rows, changed rows, one row or row IDs',
		defaults: { name: 'Coda Table Fetch' },
		usableAsTool: true,
		inputs: [NodeConnectionTypes.Main],
		outputs: [NodeConnectionTypes.Main],
		credentials: [
			{ name: 'codaErpApi', required: true },
			{
				// Shown for Changed Since Last Sync (where Detect Column Changes does not exist) and
				// whenever Detect Column Changes is on. The type is ERP Upsert's, hence no -Api suffix.
				// eslint-disable-next-line n8n-nodes-base/node-class-description-credentials-name-unsuffixed
				name: 'erpPostgres',
				required: true,
				testedBy: 'erpPostgresConnectionTest',
				displayOptions: { hide: { detectColumnChanges: [false] } },
			},
		],
		properties: codaTableFetchProperties,
	};

	methods = { listSearch: { searchDocs, searchTables }, credentialTest: { erpPostgresConnectionTest } };

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		const items = this.getInputData();
		const output: INodeExecutionData[] = [];
		for (let itemIndex = 0; itemIndex < items.length; itemIndex++) {
			try {
				const options = this.getNodeParameter('options', itemIndex, {}) as FetchOptions;
				const client = await codaClientFor(this, itemIndex, retryPolicy(options));
				const result = await fetchTable(client, await fetchRequest(this, itemIndex, options));
				for (const item of [...result.items, result.summary]) {
					output.push({ json: item as unknown as IDataObject, pairedItem: { item: itemIndex } });
				}
			} catch (error) {
				const nodeError = toNodeError(this.getNode(), error, itemIndex);
				if (!this.continueOnFail()) throw nodeError;
				output.push({ json: { error: nodeError.message }, pairedItem: { item: itemIndex } });
			}
		}
		return [output];
	}
}

async function fetchRequest(
	context: IExecuteFunctions,
	itemIndex: number,
	options: FetchOptions,
): Promise<TableFetchRequest> {
	const mode = context.getNodeParameter('mode', itemIndex) as FetchMode;
	const useSyncState =
		mode === 'incremental' || (context.getNodeParameter('detectColumnChanges', itemIndex, false) as boolean);
	return {
		docId: String(context.getNodeParameter('doc', itemIndex, '', { extractValue: true })).trim(),
		table: String(context.getNodeParameter('table', itemIndex, '', { extractValue: true })).trim(),
		mode,
		rowId: mode === 'oneRow' ? String(context.getNodeParameter('rowId', itemIndex, '')) : undefined,
		pageSize: options.pageSize,
		maxRows: options.maxRows,
		// `{{ $json.continuation }}` is null once the last slice is read; no continuation starts at the top.
		continuation: typeof options.continuation === 'string' ? options.continuation.trim() || undefined : undefined,
		includeRawValues: options.includeRawValues ?? true,
		readSyncState: useSyncState ? syncStateReader(await context.getCredentials('erpPostgres', itemIndex), context.getNode(), itemIndex) : undefined,
	};
}

function retryPolicy(options: FetchOptions): RetryPolicy {
	return {
		maxAttempts: options.maxAttempts ?? DEFAULT_RETRY_POLICY.maxAttempts,
		maxTotalMs: options.maxRetrySeconds === undefined ? DEFAULT_RETRY_POLICY.maxTotalMs : options.maxRetrySeconds * 1000,
		baseDelayMs: options.retryBaseDelayMs ?? DEFAULT_RETRY_POLICY.baseDelayMs,
		maxDelayMs: DEFAULT_RETRY_POLICY.maxDelayMs,
	};
}
