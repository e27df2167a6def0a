// A select column's vocabulary is its option table (erp.<table>_<column>_options), grown from
// the doc before rows are written, so a label the user adds in Coda never holds a row back and
// the sync needs no DDL rights: it only inserts option rows.
import type { PoolClient } from 'pg';
import type { ColumnInfo } from './catalog';
import { guessMeaning } from './optionMeaning';
import { each, ErpTable, sql } from './sql';

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
	const options = new ErpTable(source.column.options.table);
	const { rowCount } = await client.query(
		sql`INSERT INTO ${options} ${options.rows({
			value: each('text', list),
			meaning: each('text', list.map((v) => guessMeaning(v, source.column.options.meanings) ?? null)),
			position: each('int', list.map((v) => position.get(v) ?? null)),
			coda_column_id: source.codaColumnId,
		})}
		 ON CONFLICT ("value") DO NOTHING`,
	);
	return rowCount ?? 0;
}
