// Column changes between the snapshot stored at the previous sync and the columns Coda lists now.
// Columns are matched by id, which Coda never changes, so a rename is told apart from remove + add.
import { z } from 'zod';
import type { SummaryColumn } from '../sync/items';
import type { CodaColumn } from './apiSchemas';

export interface ColumnChanges {
	added: Array<{ id: string; name: string }>;
	renamed: Array<{ id: string; from: string; to: string }>;
	removed: Array<{ id: string; name: string }>;
}

export function noColumnChanges(): ColumnChanges {
	return { added: [], renamed: [], removed: [] };
}

export function snapshotColumns(columns: CodaColumn[], displayColumnId?: string): SummaryColumn[] {
	return columns.map((column) => {
		const entry: SummaryColumn = { id: column.id, name: column.name, type: column.format.type };
		if (column.format.isArray) entry.isArray = true;
		if (column.format.table?.id) entry.tableId = column.format.table.id;
		if (column.id === displayColumnId) entry.display = true;
		if (column.calculated) entry.calculated = true;
		entry.format = column.format;
		return entry;
	});
}

const entrySchema = z.object({ id: z.string(), name: z.string() }).passthrough();
/** ERP Upsert stores the snapshot as an `{id: name}` map (erp.sync_state.columns); a list of columns is read too. */
const storedSnapshotSchema = z.union([
	z.array(entrySchema),
	z.object({ columns: z.array(entrySchema) }).transform((value) => value.columns),
	z.record(z.string()).transform((map) => Object.entries(map).map(([id, name]) => ({ id, name }))),
]);

/** The stored snapshot, or null when there is none or it is not one of the known shapes. */
export function parseStoredSnapshot(stored: unknown): Array<{ id: string; name: string }> | null {
	if (stored === null || stored === undefined) return null;
	const parsed = storedSnapshotSchema.safeParse(stored);
	return parsed.success && parsed.data.length > 0 ? parsed.data : null;
}

/** Changes since `previous`; with no previous snapshot nothing counts as changed. */
export function diffColumns(
	previous: Array<{ id: string; name: string }> | null,
	current: Array<{ id: string; name: string }>,
): ColumnChanges {
	if (!previous) return noColumnChanges();
	const before = new Map(previous.map((column) => [column.id, column.name]));
	const now = new Set(current.map((column) => column.id));
	const changes = noColumnChanges();
	for (const column of current) {
		const oldName = before.get(column.id);
		if (oldName === undefined) changes.added.push({ id: column.id, name: column.name });
		else if (oldName !== column.name) changes.renamed.push({ id: column.id, from: oldName, to: column.name });
	}
	for (const column of previous) {
		if (!now.has(column.id)) changes.removed.push({ id: column.id, name: column.name });
	}
	return changes;
}
