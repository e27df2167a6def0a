// A select column's vocabulary is its option table (erp.<table>_<column>_options), grown from
// the doc before rows are written, so a label the user adds in Coda never holds a row back and
// the sync needs no DDL rights: it only inserts option rows.
import type { PoolClient } from 'pg';
import { ident, qualified, type ColumnInfo } from './catalog';
import { guessMeaning } from './optionMeaning';

export interface OptionSource {
	column: ColumnInfo & { options: NonNullable<ColumnInfo['options']> };
	codaColumnId: string;
	/** Option names in the order the Coda column format lists them. */
	listed: string[];
	/** Values this run has already made sure of: later chunks send only the others. */
	ensured: Set<string>;
}

/** Option names from a Coda select format: objects `{name}` per Coda's types, plain strings tolerated. */
export function listedOptions(format: Record<string, unknown> | undefined): string[] {
	const options = format?.options;
	if (!Array.isArray(options)) return [];
	return options
		.map((o) => (typeof o === 'string' ? o : o && typeof o === 'object' && typeof (o as { name?: unknown }).name === 'string' ? (o as { name: string }).name : null))
		.filter((name): name is string => name !== null && name !== '');
}

/**
 * Adds the values not yet in the column's option table: Coda's listed options (with their
 * position) and any other value the rows hold (Coda accepts unlisted values). Existing options
 * keep their meaning, which `erp-db config` may have changed. Returns how many were added.
 */
export async function addOptions(client: PoolClient, source: OptionSource, values: Iterable<string>): Promise<number> {
	const position = new Map(source.listed.map((name, i) => [name, i]));
	const list = [...new Set<string>([...source.listed, ...values])].filter((v) => !source.ensured.has(v));
	if (!list.length) return 0;
	for (const v of list) source.ensured.add(v);
	const { rowCount } = await client.query(
		`INSERT INTO ${qualified(source.column.options.table)} (${['value', 'meaning', 'position', 'coda_column_id'].map(ident).join(', ')})
		 SELECT u.v, u.m, u.p, $4 FROM unnest($1::text[], $2::text[], $3::int[]) AS u(v, m, p)
		 ON CONFLICT ("value") DO NOTHING`,
		[list, list.map((v) => guessMeaning(v, source.column.options.meanings) ?? null), list.map((v) => position.get(v) ?? null), source.codaColumnId],
	);
	return rowCount ?? 0;
}
