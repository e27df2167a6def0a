// Coda names as erp names: how a Coda column, option or table name is compared with ours.

/** "Due Date" → `due_date`: lower case ASCII words joined by `_`. */
export function normaliseName(name: string): string {
	return name
		.normalize('NFKD')
		.replace(/[\u0300-\u036f]/g, '')
		.toLowerCase()
		.replace(/[^a-z0-9]+/g, '_')
		.replace(/^_+|_+$/g, '');
}
