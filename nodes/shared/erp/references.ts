// Foreign keys from Coda row ids: joined in the upsert statement itself, and filled in later
// for children that arrived before their parent. `_coda_id` always holds Coda's value; `_id`
// is set only when the parent row exists, so the FK constraints hold at every moment.
import { createHash } from 'node:crypto';
import type { PoolClient } from 'pg';
import { ident, qualified, type Catalog, type ColumnGroup, type TableInfo } from './catalog';

type Resolvable = Extract<ColumnGroup, { kind: 'ref' | 'person' }>;

/** People rows keyed by lower(email) (one per address: the oldest wins if Coda holds duplicates). */
const peopleByEmail = (where: string) =>
	`(SELECT DISTINCT ON (lower(e."email")) lower(e."email") AS k, e."id" FROM ${qualified('people')} e WHERE e."email" IS NOT NULL${where} ORDER BY lower(e."email"), e."id")`;

function canResolve(catalog: Catalog, g: Resolvable): boolean {
	const target = catalog.tables.get(g.target);
	return g.kind === 'ref' ? target?.key === 'coda_row_id' : target?.columns.has('email') === true;
}

export interface JoinPlan {
	/** `LEFT JOIN …` clauses over the incoming rows aliased `u`. */
	joins: string[];
	/** erp column → SQL expression giving its resolved id. */
	ids: Map<string, string>;
}

/**
 * LEFT JOINs resolving the FK of every bound ref/person group of the incoming rows.
 * `incoming(column)` names the SQL expression holding that column's incoming value.
 */
export function joinPlan(catalog: Catalog, table: TableInfo, written: Set<string>, incoming: (column: string) => string): JoinPlan {
	const plan: JoinPlan = { joins: [], ids: new Map() };
	for (const g of table.groups.values()) {
		if (g.kind !== 'ref' && g.kind !== 'person') continue;
		const source = g.kind === 'ref' ? g.codaIdColumn : g.emailColumn;
		if (!written.has(source) || !canResolve(catalog, g)) continue;
		const alias = `r${plan.joins.length}`;
		plan.joins.push(
			g.kind === 'ref'
				? `LEFT JOIN ${qualified(g.target)} ${alias} ON ${alias}."coda_row_id" = ${incoming(source)}`
				: `LEFT JOIN ${peopleByEmail('')} ${alias} ON ${alias}.k = lower(${incoming(source)})`,
		);
		plan.ids.set(g.idColumn, `${alias}."id"`);
	}
	return plan;
}

/**
 * Children (in any table) still waiting for one of the parent rows just written get their
 * `_id` now. Returns how many references were filled.
 */
async function resolveChildren(client: PoolClient, catalog: Catalog, parent: TableInfo, parentIds: string[]): Promise<number> {
	if (!parentIds.length) return 0;
	let resolved = 0;
	for (const { table: child, group: g } of catalog.referencing(parent.name)) {
		if (!canResolve(catalog, g)) continue;
		const c = qualified(child);
		const id = ident(g.idColumn);
		const sql =
			g.kind === 'ref'
				? `UPDATE ${c} AS c SET ${id} = p."id" FROM ${qualified(parent)} p
				   WHERE c.${id} IS NULL AND c.${ident(g.codaIdColumn)} = p."coda_row_id" AND p."coda_row_id" = ANY($1::text[])`
				: `UPDATE ${c} AS c SET ${id} = p."id" FROM ${peopleByEmail(' AND e."coda_row_id" = ANY($1::text[])')} p
				   WHERE c.${id} IS NULL AND lower(c.${ident(g.emailColumn)}) = p.k`;
		resolved += (await client.query(sql, [parentIds])).rowCount ?? 0;
	}
	return resolved;
}

/**
 * Fills any reference of `table` whose parent exists by now: heals what two concurrent
 * transactions (child and parent written at once, neither seeing the other) left pending.
 */
async function resolveOwnPending(client: PoolClient, catalog: Catalog, table: TableInfo): Promise<number> {
	let resolved = 0;
	for (const g of table.groups.values()) {
		if ((g.kind !== 'ref' && g.kind !== 'person') || !canResolve(catalog, g)) continue;
		const id = ident(g.idColumn);
		const sql =
			g.kind === 'ref'
				? `UPDATE ${qualified(table)} AS c SET ${id} = p."id" FROM ${qualified(g.target)} p
				   WHERE c.${id} IS NULL AND c.${ident(g.codaIdColumn)} IS NOT NULL AND p."coda_row_id" = c.${ident(g.codaIdColumn)}`
				: `UPDATE ${qualified(table)} AS c SET ${id} = p."id" FROM ${peopleByEmail('')} p
				   WHERE c.${id} IS NULL AND c.${ident(g.emailColumn)} IS NOT NULL AND lower(c.${ident(g.emailColumn)}) = p.k`;
		resolved += (await client.query(sql)).rowCount ?? 0;
	}
	return resolved;
}

/**
 * Person columns fed by a lookup into People (a contact kept as a lookup) whose person had no
 * erp.people row when they were written: their email and id are filled from the people rows
 * just written, found through the lookup's row id in the child's coda_row.
 */
async function healPeopleLookups(client: PoolClient, catalog: Catalog, peopleIds: string[]): Promise<number> {
	if (!peopleIds.length) return 0;
	const { rows } = await client.query<{ erp_table: string; column_id: string; email_column: string }>(
		`SELECT DISTINCT s."erp_table", c."coda_column_id" AS column_id, s."column_bindings" ->> c."coda_column_id" AS email_column
		 FROM ${qualified('sync_state')} s JOIN ${qualified('coda_columns')} c ON c."coda_doc_id" = s."coda_doc_id" AND c."coda_table_id" = s."coda_table_id"
		 WHERE c."type" = 'lookup' AND c."removed_at" IS NULL AND s."column_bindings" ? c."coda_column_id"`,
	);
	let healed = 0;
	for (const r of rows) {
		const child = catalog.tables.get(r.erp_table);
		const g = child?.groupOf.get(r.email_column);
		if (!child || g?.kind !== 'person' || g.emailColumn !== r.email_column || !canResolve(catalog, g)) continue;
		// coda_row keeps Coda's value: one row reference, or a list of one.
		const rowId = `coalesce(c."coda_row" -> $2 ->> 'rowId', c."coda_row" -> $2 -> 0 ->> 'rowId')`;
		const sql = `UPDATE ${qualified(child)} AS c SET ${ident(g.emailColumn)} = p."email", ${ident(g.idColumn)} = p."id"
			FROM ${qualified('people')} p
			WHERE c.${ident(g.emailColumn)} IS NULL AND p."coda_row_id" = ANY($1::text[]) AND p."email" IS NOT NULL AND p."coda_row_id" = ${rowId}`;
		healed += (await client.query(sql, [peopleIds, r.column_id])).rowCount ?? 0;
	}
	return healed;
}

/** Advisory lock key serialising the reference step of concurrent upserts. */
const REFERENCES_LOCK_KEY = createHash('sha256').update('erp:references').digest().readBigInt64BE(0).toString();

/**
 * Fills what the rows just written complete: children waiting for the new `parents`, and this
 * table's own references whose parent exists by now. Held under a transaction-level advisory
 * lock: of two upserts running at once (a child and its parent, neither seeing the other's
 * uncommitted rows), the second to get here waits for the first to commit and then sees its
 * rows, so no reference is left pending until the table's next write.
 */
export async function resolveReferences(client: PoolClient, catalog: Catalog, table: TableInfo, parents: string[]): Promise<number> {
	await client.query('SELECT pg_advisory_xact_lock($1::bigint)', [REFERENCES_LOCK_KEY]);
	const healed = table.name === 'people' ? await healPeopleLookups(client, catalog, parents) : 0;
	return healed + (await resolveChildren(client, catalog, table, parents)) + (await resolveOwnPending(client, catalog, table));
}

/**
 * Live rows of `table`, how many of their lookups still wait for a parent row, and how many
 * person cells name an email nobody in People has (those fill in when such a person is added).
 */
export async function tableCounts(client: PoolClient, table: TableInfo): Promise<{ live: number; pending: number; unmatchedPeople: number }> {
	const unresolved = (kind: 'ref' | 'person') => {
		const terms = [...table.groups.values()]
			.filter((g): g is Resolvable => g.kind === kind)
			.map((g) => `(${ident(g.idColumn)} IS NULL AND ${ident(g.kind === 'ref' ? g.codaIdColumn : g.emailColumn)} IS NOT NULL)::int`);
		return `coalesce(sum(${terms.length ? terms.join(' + ') : '0'}), 0)::int`;
	};
	const { rows } = await client.query<{ live: number; pending: number; unmatchedPeople: number }>(
		`SELECT count(*)::int AS live, ${unresolved('ref')} AS pending, ${unresolved('person')} AS "unmatchedPeople"
		 FROM ${qualified(table)} WHERE "deleted_at" IS NULL`,
	);
	return rows[0];
}
