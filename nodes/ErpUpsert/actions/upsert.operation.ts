// ERP Upsert operation "Create or Update": writes Coda Table Fetch's items into one erp table in
// one transaction (nodes/shared/erp/upsertRun.ts). Output 1: the summary (and per-row results);
// output 2: the rejected rows.
import type { IDataObject, IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';
import type { MapperEntry } from '../../shared/erp/bindings';
import { defaultCatalog } from '../../shared/erp/catalog';
import { ErpInputError } from '../../shared/erp/errors';
import { getPool } from '../../shared/erp/pool';
import { DEFAULT_CHUNK_SIZE, runUpsert } from '../../shared/erp/upsertRun';
import { ERP_UPSERT_SUMMARY } from '../../shared/sync/items';
import { erpTableName } from './erpTable';

export const UPSERT = 'upsert';

const show = { operation: [UPSERT] };

export const description: INodeProperties[] = [
	{
		displayName: 'Column Mapping',
		name: 'columnMapping',
		placeholder: 'Add Column Mapping',
		type: 'fixedCollection',
		typeOptions: { multipleValues: true },
		default: {},
		description:
			'Overrides of the automatic mapping (Coda column "Due Date" → erp column due_date), which the summary lists as Column Mapping. A binding is remembered by Coda column ID, so it survives renames in Coda.',
		displayOptions: { show },
		options: [
			{
				displayName: 'Mapping',
				name: 'mappings',
				values: [
					{
						displayName: 'Coda Column',
						name: 'codaColumn',
						type: 'string',
						default: '',
						placeholder: 'c-AbC123 or Due Date',
						description: 'The Coda column ID (preferred) or its current name',
					},
					{
						displayName: 'Erp Column Name or ID',
						name: 'erpColumn',
						type: 'options',
						typeOptions: { loadOptionsMethod: 'getColumns', loadOptionsDependsOn: ['table.value'] },
						default: '',
						description:
							'The erp column fed by the Coda column; empty keeps it only in the coda_row copy. Choose from the list, or specify an ID using an <a href="https://docs.n8n.io/code/expressions/">expression</a>.',
					},
				],
			},
		],
	},
	{
		displayName: 'Options',
		name: 'options',
		type: 'collection',
		placeholder: 'Add Option',
		default: {},
		displayOptions: { show },
		options: [
			{
				displayName: 'Chunk Size',
				name: 'chunkSize',
				type: 'number',
				typeOptions: { minValue: 1, maxValue: 50000 },
				default: DEFAULT_CHUNK_SIZE,
				description: 'Rows per set-based statement (all chunks share one transaction)',
			},
			{
				displayName: 'Output Per-Row Results',
				name: 'perRowResults',
				type: 'boolean',
				default: false,
				description: 'Whether to output one item per input row (inserted, updated, unchanged, stale, deleted…) after the summary',
			},
		],
	},
];

interface UpsertOptions {
	chunkSize?: number;
	perRowResults?: boolean;
}

function mapperEntries(raw: unknown): MapperEntry[] {
	if (raw === undefined || raw === null) return [];
	if (!Array.isArray(raw)) throw new ErpInputError('Column Mapping must be a list of mappings');
	return (raw as unknown[]).map((entry, i) => {
		const e = (entry ?? {}) as Record<string, unknown>;
		if (typeof e.codaColumn !== 'string' || !e.codaColumn.trim()) throw new ErpInputError(`Column Mapping entry ${i + 1}: Coda Column is empty`);
		if (e.erpColumn !== undefined && typeof e.erpColumn !== 'string') throw new ErpInputError(`Column Mapping entry ${i + 1}: Erp Column must be a column name`);
		return { codaColumn: e.codaColumn, erpColumn: (e.erpColumn as string | undefined) ?? '' };
	});
}

export async function execute(this: IExecuteFunctions, items: INodeExecutionData[]): Promise<INodeExecutionData[][]> {
	const table = erpTableName(this);
	const options = this.getNodeParameter('options', 0, {}) as UpsertOptions;
	const mapper = mapperEntries(this.getNodeParameter('columnMapping.mappings', 0, []));
	const pool = getPool(await this.getCredentials('erpPostgres'));
	const result = await runUpsert(pool, defaultCatalog(), table, items.map((i) => i.json), { mapper, chunkSize: options.chunkSize });
	// One run (one transaction) covers every input item, so the summary pairs with all of them.
	const rows: INodeExecutionData[] = [{ json: { kind: ERP_UPSERT_SUMMARY, ...result.summary }, pairedItem: items.map((_, item) => ({ item })) }];
	if (options.perRowResults) {
		for (const r of result.rows) rows.push({ json: { kind: 'erpUpsertRow', ...r }, pairedItem: { item: r.index } });
	}
	const rejected = result.rejected.map((r) => ({
		json: { kind: 'erpRejected', table: result.summary.table, codaRowId: r.codaRowId, reason: r.reason, item: r.raw as IDataObject },
		pairedItem: { item: r.index },
	}));
	return [rows, rejected];
}
