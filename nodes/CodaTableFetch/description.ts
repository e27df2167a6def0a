import type { INodeProperties } from 'n8n-workflow';

// Literal defaults (n8n's lint reads them statically); test/coda/node.test.ts checks they match
// DEFAULT_RETRY_POLICY and MAX_ROW_PAGE_SIZE.

const ROW_MODES = ['allRows', 'incremental'];

export const codaTableFetchProperties: INodeProperties[] = [
	{
		displayName: 'Doc',
		name: 'doc',
		type: 'resourceLocator',
		default: { mode: 'list', value: '' },
		required: true,
		description: 'The Coda doc that holds the table',
		modes: [
			{
				displayName: 'From List',
				name: 'list',
				type: 'list',
				typeOptions: { searchListMethod: 'searchDocs', searchable: true },
			},
			{
				displayName: 'By ID',
				name: 'id',
				type: 'string',
				placeholder: 'e.g. AbCDeFGH',
				validation: [
					{
						type: 'regex',
						properties: { regex: '^[A-Za-z0-9_-]+$', errorMessage: 'A doc ID holds only letters, digits, - and _' },
					},
				],
			},
		],
	},
	{
		displayName: 'Table',
		name: 'table',
		type: 'resourceLocator',
		default: { mode: 'list', value: '' },
		required: true,
		description: 'The table to read; an ID from an expression works too',
		modes: [
			{
				displayName: 'From List',
				name: 'list',
				type: 'list',
				typeOptions: { searchListMethod: 'searchTables', searchable: true },
			},
			{
				displayName: 'By ID',
				name: 'id',
				type: 'string',
				placeholder: 'e.g. grid-AbCdEfGhIj',
				validation: [
					{
						type: 'regex',
						properties: { regex: '^(grid|table)-[A-Za-z0-9_-]+$', errorMessage: 'A table ID looks like grid-AbCdEfGhIj' },
					},
				],
			},
			{
				displayName: 'By Name',
				name: 'name',
				type: 'string',
				placeholder: 'e.g. Tasks',
			},
		],
	},
	{
		displayName: 'Mode',
		name: 'mode',
		type: 'options',
		noDataExpression: true,
		default: 'allRows',
		options: [
			{
				name: 'All Rows',
				value: 'allRows',
				description: 'Every row of the table, page by page',
				action: 'Fetch all rows',
			},
			{
				name: 'Changed Since Last Sync',
				value: 'incremental',
				description:
					'Rows created or changed since the sync token ERP Upsert stored in erp.sync_state; the whole table when there is none',
				action: 'Fetch rows changed since the last sync',
			},
			{
				name: 'One Row',
				value: 'oneRow',
				description: 'One row by its ID; a deleted row comes out as an item marked deleted',
				action: 'Fetch one row',
			},
			{
				name: 'Row IDs Only',
				value: 'rowIds',
				description: 'The IDs of all current rows, for finding deleted rows',
				action: 'Fetch the IDs of all rows',
			},
		],
	},
	{
		displayName: 'Row ID',
		name: 'rowId',
		type: 'string',
		default: '',
		required: true,
		placeholder: 'e.g. i-AbCdEf123',
		description: 'The Coda row ID (i-…), e.g. from the webhook an automation sends',
		displayOptions: { show: { mode: ['oneRow'] } },
	},
	{
		displayName: 'Detect Column Changes',
		name: 'detectColumnChanges',
		type: 'boolean',
		default: false,
		description:
			'Whether to compare the columns with the snapshot stored in erp.sync_state and report added, renamed and removed columns (needs the ERP PostgreSQL credential; Changed Since Last Sync always does)',
		displayOptions: { show: { mode: ['allRows', 'oneRow', 'rowIds'] } },
	},
	{
		displayName: 'Options',
		name: 'options',
		type: 'collection',
		placeholder: 'Add Option',
		default: {},
		options: [
			{
				displayName: 'Continuation',
				name: 'continuation',
				type: 'string',
				default: '',
				placeholder: 'e.g. {{ $json.continuation }}',
				description:
					'Where the previous slice stopped: the "continuation" of its summary item. Empty starts at the beginning.',
				displayOptions: { show: { '/mode': ROW_MODES } },
			},
			{
				displayName: 'First Retry Delay (Ms)',
				name: 'retryBaseDelayMs',
				type: 'number',
				typeOptions: { minValue: 0 },
				default: 1000,
				description: 'Upper bound of the first backoff; it doubles with each retry (with random jitter)',
			},
			{
				displayName: 'Include Raw Values',
				name: 'includeRawValues',
				type: 'boolean',
				default: true,
				description: "Whether to add Coda's values exactly as sent as rawValues next to the normalised ones (ERP Upsert keeps them in coda_row, so nothing a normaliser misreads is lost)",
			},
			{
				displayName: 'Max Attempts',
				name: 'maxAttempts',
				type: 'number',
				typeOptions: { minValue: 1 },
				default: 8,
				description:
					'Attempts per request, the first included, when Coda answers 429 or 5xx or the connection drops',
			},
			{
				displayName: 'Max Retry Time (Seconds)',
				name: 'maxRetrySeconds',
				type: 'number',
				typeOptions: { minValue: 0 },
				default: 120,
				description: 'Time after which a failing request is given up, retries included',
			},
			{
				displayName: 'Max Rows per Run',
				name: 'maxRows',
				type: 'number',
				typeOptions: { minValue: 0 },
				default: 0,
				description:
					'Read the table in slices of at most this many rows; feed the summary\'s continuation into the next run (0 reads everything at once)',
				displayOptions: { show: { '/mode': ROW_MODES } },
			},
			{
				displayName: 'Page Size',
				name: 'pageSize',
				type: 'number',
				typeOptions: { minValue: 1, maxValue: 500 },
				default: 500,
				description: 'Rows asked of Coda per request; Coda may serve fewer',
			},
		],
	},
];
