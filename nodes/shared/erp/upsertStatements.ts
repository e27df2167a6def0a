// The two statements of an upsert chunk (the state query and the write) and their parameters,
// built once per run from the catalogue, and the one rule both apply to a stored row.
import { ident, qualified, type Catalog, type TableInfo } from './catalog';
import { arrayLiteral } from './codaValueToSql';
import { joinPlan } from './references';
import type { MappedBatch, WriteColumn } from './upsertPlanner';

/** A per-row input of a chunk statement: one parameter, zipped with the others by ROWS FROM. */
interface Input {
	/** Its field in `u`, the zipped incoming rows. */
	field: string;
	/** The set-returning call over parameter `p`. */
	source: (p: string) => string;
	/** The erp column it is written to, and the expression written there. */
	column: string;
	select: string;
}

const unnest = (type: string) => (p: string) => `unnest(${p}::${type}[])`;

/**
 * What every chunk sends per row besides its written columns, in parameter order. The first
 * three identify a row's version and are the state query's parameters too. Arrays go as
 * ready-made literals and coda_row as one JSON array: pg's own array serialisation escapes
 * element by element and took longer than the whole write.
 */
const INCOMING: Array<Input & { param: (batch: MappedBatch) => string }> = [
	{ field: 'k', source: unnest('text'), column: 'coda_row_id', select: 'u.k', param: (b) => arrayLiteral(b.ids) },
	{ field: 'ua', source: unnest('timestamptz'), column: 'coda_updated_at', select: 'u.ua', param: (b) => arrayLiteral(b.updatedAt) },
	{ field: 'h', source: unnest('text'), column: 'content_hash', select: 'u.h', param: (b) => arrayLiteral(b.hashes) },
	{ field: 'ca', source: unnest('timestamptz'), column: 'coda_created_at', select: 'u.ca', param: (b) => arrayLiteral(b.createdAt) },
	// json, not jsonb, for the whole array: it is only checked, and each element is parsed once
	// into jsonb (building one jsonb of the whole chunk first took twice as long).
	{ field: 'j', source: (p) => `json_array_elements(${p}::json)`, column: 'coda_row', select: 'u.j::jsonb', param: (b) => `[${b.codaRows.join(',')}]` },
];
const VERSION = INCOMING.slice(0, 3);

/** `ROWS FROM (unnest($1::text[]), …) AS u(k, …)`, the inputs numbered in order. */
const rowsFrom = (inputs: Input[]) => `ROWS FROM (${inputs.map((input, i) => input.source(`$${i + 1}`)).join(', ')}) AS u(${inputs.map((input) => input.field).join(', ')})`;

/** The write statement's parameters: the incoming inputs', then one array per written column. */
export function writeParams(batch: MappedBatch): string[] {
	return [...INCOMING.map((input) => input.param(batch)), ...batch.values.map(arrayLiteral)];
}

/** The state query's parameters, which begin the write's. */
export const stateParams = (batch: MappedBatch): string[] => VERSION.map((input) => input.param(batch));
export const stateParamsOf = (write: string[]): string[] => write.slice(0, VERSION.length);

/**
 * The one rule for an incoming version of a stored row `t`: the stored row settles it when it
 * is newer in Coda (stale), or live with the same content hash (unchanged). Anything else is
 * written, a soft-deleted row included (restored). `t."coda_updated_at"` may be NULL (a row
 * written without one): that never makes it stale.
 */
const stale = (updatedAt: string) => `t."coda_updated_at" > ${updatedAt}`;
const softDeleted = `t."deleted_at" IS NOT NULL`;
const settled = (updatedAt: string, hash: string) => `(${stale(updatedAt)} OR (t."content_hash" = ${hash} AND NOT ${softDeleted}))`;

/** What the stored row says of an incoming one: s stale, u unchanged (both settle it), d soft-deleted. */
export type StoredState = 's' | 'u' | 'd';

/** How a row the stored row settles is reported (a row found no longer stored counts as unchanged). */
export const settledAction = (state: StoredState | undefined): 'stale' | 'unchanged' => (state === 's' ? 'stale' : 'unchanged');

/**
 * The stored state of the incoming rows that are settled or soft-deleted; the rest are new or
 * changed. Asking with ids and hashes first, and sending the values and the jsonb copy only for
 * rows that need them, is what keeps a re-sync cheap. Returns rows `{a: StoredState, ids}`.
 */
export function stateStatement(table: TableInfo): string {
	return `SELECT CASE WHEN ${stale('u.ua')} THEN 's' WHEN ${softDeleted} THEN 'd' ELSE 'u' END AS a, array_agg(u.k) AS ids
FROM ${rowsFrom(VERSION)}
JOIN ${qualified(table)} t ON t."coda_row_id" = u.k
WHERE ${settled('u.ua', 'u.h')} OR ${softDeleted}
GROUP BY 1`;
}

/**
 * The write statement: the incoming inputs, then one array per written column. It writes only
 * the rows the stored ones do not settle, with the references joined in, and returns the ids it
 * inserted and updated (`{ins, ids}`). Rows arrive sorted by Coda row id (parseItems), so
 * concurrent writers lock them in the same order.
 */
export function writeStatement(catalog: Catalog, table: TableInfo, columns: WriteColumn[]): string {
	const inputs: Input[] = [
		...INCOMING,
		...columns.map((c, i): Input => {
			// Array columns travel as array literals in a text[] (unnest would flatten a 2-D array).
			const isArray = c.sqlType.endsWith('[]');
			return { field: `c${i}`, source: unnest(isArray ? 'text' : c.sqlType), column: c.name, select: isArray ? `u.c${i}::${c.sqlType}` : `u.c${i}` };
		}),
	];
	const select = new Map(inputs.map((input) => [input.column, input.select]));
	const plan = joinPlan(catalog, table, new Set(columns.map((c) => c.name)), (column) => select.get(column)!);
	for (const [idColumn, expr] of plan.ids) select.set(idColumn, expr);
	const insertColumns = [...select.keys()];
	const updates = insertColumns
		.filter((c) => c !== 'coda_row_id')
		.map((c) => `${ident(c)} = EXCLUDED.${ident(c)}`)
		.concat(['"synced_at" = now()', '"deleted_at" = NULL']);
	return `WITH w AS (
  INSERT INTO ${qualified(table)} AS t (${insertColumns.map(ident).join(', ')})
  SELECT ${[...select.values()].join(', ')}
  FROM ${rowsFrom(inputs)} ${plan.joins.join(' ')}
  ON CONFLICT ("coda_row_id") DO UPDATE SET ${updates.join(', ')}
  WHERE ${settled('EXCLUDED."coda_updated_at"', 'EXCLUDED."content_hash"')} IS NOT TRUE
  RETURNING t."coda_row_id" AS k, (t.xmax = 0) AS ins
)
SELECT ins, array_agg(k) AS ids FROM w GROUP BY ins`;
}
