// Which erp column each Coda column feeds in one ERP Upsert run: the node's column mapper,
// then the user's overrides (erp.column_overrides), then the doc-driven decision of
// columnMatching.ts. Bindings are keyed by Coda column id, so they survive renames in Coda,
// and persisted in erp.sync_state.column_bindings.
import type { TableInfo } from './catalog';
import { decideColumns, targetOfColumn, type ColumnDecision, type ColumnOverride, type DocColumn, type MatchContext } from './columnMatching';
import { ErpInputError } from './errors';

/** One entry of the node's column mapper: a Coda column id or name → an erp column ('' = none). */
export interface MapperEntry {
	codaColumn: string;
	erpColumn: string;
}

/** Persisted in sync_state.column_bindings: Coda column id → the erp column it feeds. */
export type StoredBindings = Record<string, string>;

/** A decision that writes typed columns. */
export type Binding = ColumnDecision & { target: NonNullable<ColumnDecision['target']> };

/** Mapper targets are checked against the catalogue; the message says which entry is wrong. */
function checkMapper(table: TableInfo, mapper: MapperEntry[]): ColumnOverride[] {
	return mapper.map((entry, index) => {
		const erpColumn = entry.erpColumn.trim();
		if (erpColumn !== '' && !targetOfColumn(table, erpColumn)) {
			throw new ErpInputError(
				`Column mapper entry ${index + 1}: erp table ${table.name} has no writable column ${JSON.stringify(erpColumn.slice(0, 80))}`,
			);
		}
		return { codaColumn: entry.codaColumn.trim(), erpColumn: erpColumn || null };
	});
}

/** Every Coda column's decision for this run (the node's mapper wins over stored overrides). */
export function decideBindings(
	table: TableInfo,
	columns: DocColumn[],
	context: Omit<MatchContext, 'overrides'> & { overrides: ColumnOverride[]; mapper: MapperEntry[] },
): ColumnDecision[] {
	const overrides = [...checkMapper(table, context.mapper), ...context.overrides];
	return decideColumns(table, columns, { stored: context.stored, erpTableOf: context.erpTableOf, overrides });
}

export function isBound(decision: ColumnDecision): decision is Binding {
	return decision.target !== null;
}

/** What to persist: the bindings of this run (merged over older ones by the caller). */
export function storedForm(decisions: ColumnDecision[]): StoredBindings {
	return Object.fromEntries(decisions.filter(isBound).map((b) => [b.codaColumnId, b.erpColumns[0]]));
}
