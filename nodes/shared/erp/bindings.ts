// Which erp column (or column group) each Coda column feeds. A binding is keyed by the Coda
// column id, so it survives renames in Coda; it is persisted in erp.sync_state.column_bindings.
import { SYNC_COLUMNS, type ColumnGroup, type TableInfo } from './catalog';
import { normaliseName } from './coerce';

export class MappingError extends Error {}

export type Target = { kind: 'column'; column: string } | { kind: 'group'; group: ColumnGroup };

export interface Binding {
	codaColumnId: string;
	codaColumnName: string;
	target: Target;
	source: 'mapper' | 'stored' | 'name';
}

/** One entry of the node's column mapper: a Coda column id or name → an erp column. */
export interface MapperEntry {
	codaColumn: string;
	erpColumn: string;
}

/** Persisted in sync_state.column_bindings: Coda column id → the erp column it feeds. */
export type StoredBindings = Record<string, string>;

const sync = new Set<string>(SYNC_COLUMNS);

/** The column a binding is stored under: the group's Coda-facing column, or the column. */
export function bindColumn(target: Target): string {
	if (target.kind === 'column') return target.column;
	const g = target.group;
	return g.kind === 'ref' ? g.codaIdColumn : g.kind === 'person' ? g.emailColumn : g.kind === 'money' ? g.amountColumn : g.column;
}

const targetKey = (t: Target) => (t.kind === 'column' ? `c:${t.column}` : `g:${t.group.name}`);

/** The erp target an erp column name stands for (a group member stands for its group). */
export function targetOfColumn(table: TableInfo, column: string): Target | undefined {
	if (sync.has(column) || !table.columns.has(column)) return undefined;
	const group = table.groupOf.get(column);
	if (group) return { kind: 'group', group };
	if (table.columns.get(column)!.generated) return undefined;
	return { kind: 'column', column };
}

/** Automatic match by normalised name: a column, a group, or their singular/plural. */
export function targetByName(table: TableInfo, codaName: string): Target | undefined {
	const n = normaliseName(codaName);
	if (!n) return undefined;
	const candidates = [n, n.endsWith('s') ? n.slice(0, -1) : `${n}s`];
	for (const c of candidates) {
		const group = table.groups.get(c);
		if (group) return { kind: 'group', group };
		const column = targetOfColumn(table, c);
		if (column) return column;
	}
	return undefined;
}

/** Mapper targets are checked against the catalogue; the message says which entry is wrong. */
function mapperTarget(table: TableInfo, entry: MapperEntry, index: number): Target | null {
	const erpColumn = entry.erpColumn.trim();
	if (erpColumn === '') return null; // explicitly unmapped: kept in coda_row only
	const target = targetOfColumn(table, erpColumn) ?? (table.groups.has(erpColumn) ? { kind: 'group' as const, group: table.groups.get(erpColumn)! } : undefined);
	if (!target) {
		throw new MappingError(
			`Column mapper entry ${index + 1}: erp table ${table.name} has no writable column ${JSON.stringify(erpColumn.slice(0, 80))}`,
		);
	}
	return target;
}

/**
 * Resolves bindings for the Coda columns seen in this run: mapper entries first (by column
 * id, else by name), then bindings stored earlier (by id), then the automatic name match.
 * Each erp target takes at most one Coda column; a later claimant stays in coda_row only.
 */
export function resolveBindings(
	table: TableInfo,
	columns: Map<string, string>,
	stored: StoredBindings,
	mapper: MapperEntry[],
): Binding[] {
	const chosen = new Map<string, { target: Target | null; source: Binding['source'] }>();
	mapper.forEach((entry, index) => {
		const ref = entry.codaColumn.trim();
		let id = columns.has(ref) ? ref : undefined;
		if (!id) for (const [cid, name] of columns) if (name === ref) id = cid;
		if (!id) for (const [cid, name] of columns) if (name.toLowerCase() === ref.toLowerCase()) id = cid;
		const target = mapperTarget(table, entry, index);
		// A mapper entry for a column absent from this input still binds by id for later runs.
		chosen.set(id ?? ref, { target, source: 'mapper' });
	});
	for (const [id] of columns) {
		if (chosen.has(id)) continue;
		const storedBind = Object.hasOwn(stored, id) && typeof stored[id] === 'string' ? stored[id] : undefined;
		const storedTarget = storedBind ? targetOfColumn(table, storedBind) : undefined;
		if (storedTarget) chosen.set(id, { target: storedTarget, source: 'stored' });
	}
	for (const [id, name] of columns) {
		if (chosen.has(id)) continue;
		chosen.set(id, { target: targetByName(table, name) ?? null, source: 'name' });
	}
	const rank = { mapper: 0, stored: 1, name: 2 } as const;
	const claimed = new Map<string, Binding>();
	const ordered = [...chosen.entries()].sort((a, b) => rank[a[1].source] - rank[b[1].source]);
	for (const [id, { target, source }] of ordered) {
		if (!target || !columns.has(id)) continue;
		const key = targetKey(target);
		if (claimed.has(key)) continue;
		claimed.set(key, { codaColumnId: id, codaColumnName: columns.get(id)!, target, source });
	}
	return [...claimed.values()];
}

/** What to persist: the bindings of this run (merged over older ones by the caller). */
export function storedForm(bindings: Binding[]): StoredBindings {
	return Object.fromEntries(bindings.map((b) => [b.codaColumnId, bindColumn(b.target)]));
}
