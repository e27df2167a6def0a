// The erp table Upsert and Reconcile work on: a resource locator (From List, By Name), as n8n's
// database nodes pick tables. Workflows saved when it was a plain options parameter hold a string
// (a name or an expression); n8n passes a plain string through extractValue, so they keep working.
import type { IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { ErpInputError } from '../../shared/erp/errors';

export const erpTableLocator: INodeProperties = {
	displayName: 'Table',
	name: 'table',
	type: 'resourceLocator',
	default: { mode: 'list', value: '' },
	required: true,
	description: 'The erp table that mirrors the Coda table',
	modes: [
		{
			displayName: 'From List',
			name: 'list',
			type: 'list',
			typeOptions: { searchListMethod: 'searchTables', searchable: true },
		},
		{
			displayName: 'By Name',
			name: 'name',
			type: 'string',
			placeholder: 'e.g. tasks',
			hint: 'A table of the erp schema; an expression must name one too',
		},
	],
};

/** The chosen table's name; the catalogue checks that it exists (the name may come from an expression). */
export function erpTableName(context: IExecuteFunctions): string {
	const table = context.getNodeParameter('table', 0, '', { extractValue: true });
	if (typeof table !== 'string' || !table.trim()) throw new ErpInputError('Table is empty: choose an erp table or name one with an expression');
	return table.trim();
}
