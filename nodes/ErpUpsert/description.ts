import type { INodeProperties } from 'n8n-workflow';
import { DEFAULT_CHUNK_SIZE } from '../shared/erp/upsertWriter';
import { APPLY_DOC_CHANGES } from './actions/applyDocChanges';
import { GET_SYNC_PLAN, getSyncPlanProperties } from './actions/getSyncPlan';

export const erpUpsertProperties: INodeProperties[] = [
	{
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		options: [
			{
				name: 'Create or Update',
				value: 'upsert',
				description: 'Create a new record, or update the current one if it already exists (upsert)',
				action: 'Upsert rows into an erp table',
			},
			{
				name: 'Reconcile',
				value: 'reconcile',
				description: "Soft-delete the erp rows missing from Coda's complete list of row IDs",
				action: 'Reconcile an erp table with coda',
			},
			{
				name: 'Get Sync Plan',
				value: GET_SYNC_PLAN,
				description: 'Read the sync configuration (erp.sync_config): due tables, all tables, settings, or a checked webhook request',
				action: 'Get the sync plan',
			},
			{
				name: 'Apply Doc Changes',
				value: APPLY_DOC_CHANGES,
				description:
					"When erp-db config doc_changes is auto: add the doc's new columns, select options and table matches to erp, as erp-db apply does (needs the Coda credential and an ERP login that owns the tables)",
				action: 'Apply additive doc changes to erp',
			},
		],
		default: 'upsert',
	},
	{
		displayName: 'Table Name or ID',
		name: 'table',
		type: 'options',
		typeOptions: { loadOptionsMethod: 'getTables' },
		required: true,
		default: '',
		description:
			'Choose from the list, or specify an ID using an <a href="https://docs.n8n.io/code/expressions/">expression</a>',
		hint: 'An expression must name a table of the erp schema, e.g. tasks',
		displayOptions: { hide: { operation: [GET_SYNC_PLAN, APPLY_DOC_CHANGES] } },
	},
	...getSyncPlanProperties,
	{
		displayName: 'Column Mapping',
		name: 'columnMapping',
		placeholder: 'Add Column Mapping',
		type: 'fixedCollection',
		typeOptions: { multipleValues: true },
		default: {},
		description:
			'Overrides of the automatic mapping (Coda column "Due Date" → erp column due_date). A binding is remembered by Coda column ID, so it survives renames in Coda.',
		displayOptions: { show: { operation: ['upsert'] } },
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
						typeOptions: { loadOptionsMethod: 'getColumns', loadOptionsDependsOn: ['table'] },
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
		displayOptions: { show: { operation: ['upsert', 'reconcile'] } },
		options: [
			{
				displayName: 'Allow Empty List',
				name: 'allowEmptyList',
				type: 'boolean',
				default: false,
				description:
					'Whether Reconcile may soft-delete every row when Coda returns no row IDs at all. Off protects the table from a bad fetch.',
				displayOptions: { show: { '/operation': ['reconcile'] } },
			},
			{
				displayName: 'Chunk Size',
				name: 'chunkSize',
				type: 'number',
				typeOptions: { minValue: 1, maxValue: 50000 },
				default: DEFAULT_CHUNK_SIZE,
				description: 'Rows per set-based statement (all chunks share one transaction)',
				displayOptions: { show: { '/operation': ['upsert'] } },
			},
			{
				displayName: 'Output Per-Row Results',
				name: 'perRowResults',
				type: 'boolean',
				default: false,
				description: 'Whether to output one item per input row (inserted, updated, unchanged, stale, deleted…) after the summary',
				displayOptions: { show: { '/operation': ['upsert'] } },
			},
		],
	},
];
