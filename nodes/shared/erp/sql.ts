// Statements built from named parts. Every interpolated value becomes a numbered parameter and
// the SQL text holds only the template's fixed text and quoted names, so no statement counts
// `$n` by hand and no value can reach the text. Column names are checked against the Drizzle
// schema's types (a type-only import: nothing of drizzle-orm is loaded at run time).
import type { Table } from 'drizzle-orm';
import { ident, qualified } from './catalog';

/** Only this module makes SQL text: the key to Sql's constructor is not exported. */
const MAKER = Symbol('sql.ts');

/** SQL text and its parameters: pg takes it as a query config (`client.query(statement)`). */
export class Sql {
	readonly text: string;

	/** `texts` is the text around the parameters: one more entry than `values`. */
	constructor(
		maker: typeof MAKER,
		readonly texts: readonly string[],
		readonly values: unknown[],
	) {
		if (maker !== MAKER) throw new Error('SQL text is made by the sql tag only');
		this.text = texts.reduce((all, text, i) => `${all}$${i}${text}`);
	}
}

/** Values become parameters; statements among the parts are spliced in and renumbered. */
function join(strings: readonly string[], parts: readonly unknown[]): Sql {
	const texts = [strings[0]];
	const values: unknown[] = [];
	parts.forEach((part, i) => {
		if (part instanceof Sql) {
			texts[texts.length - 1] += part.texts[0];
			part.values.forEach((value, j) => {
				values.push(value);
				texts.push(part.texts[j + 1]);
			});
			texts[texts.length - 1] += strings[i + 1];
		} else {
			values.push(part);
			texts.push(strings[i + 1]);
		}
	});
	return new Sql(MAKER, texts, values);
}

/** `sql\`… ${value} …\``: each value a parameter; a `Sql` (an expression, a table) is placed as SQL. */
export function sql(strings: TemplateStringsArray, ...parts: unknown[]): Sql {
	return join(strings, parts);
}

/** SQL types an array parameter travels as. jsonb travels as text (JSON) and is cast row by row. */
type ArrayType = 'text' | 'int' | 'boolean' | 'jsonb';

/** A column's values, one per row, for `rows()`. */
class PerRow {
	constructor(
		readonly type: ArrayType,
		readonly values: unknown[],
	) {}
}

/** One value per row (for `ErpTable.rows`): sent as one array parameter and unnested. */
export function each(type: ArrayType, values: unknown[]): PerRow {
	return new PerRow(type, values);
}

type ColumnOf<T extends Table> = keyof T['_']['columns'] & string;

/** Values by column name: a value (a parameter) or a `sql` expression. */
export type ColumnValues<T extends Table> = { [C in ColumnOf<T>]?: unknown };

/** Fixed SQL text (names quoted here, never a value). */
const fixed = (text: string) => join([text], []);
const columnList = (names: string[]) => fixed(`(${names.map(ident).join(', ')})`);
/** `a, b, c` */
const commaList = (items: unknown[]) => join(['', ...items.slice(1).map(() => ', '), ''], items);

/**
 * An erp table, placed in a statement as its quoted qualified name. With the Drizzle table's
 * type, `row` and `rows` accept only its columns; without (an option table), any name, quoted.
 */
export class ErpTable<T extends Table = Table> extends Sql {
	constructor(name: T['_']['name']) {
		super(MAKER, [qualified(name)], []);
	}

	/** `("a", "b") VALUES ($1, <expression>)`: the column list and values of a one-row INSERT. */
	row(values: ColumnValues<T>): Sql {
		return sql`${columnList(Object.keys(values))} VALUES (${commaList(Object.values(values))})`;
	}

	/**
	 * `("a", "b", …) SELECT $1, u."b", … FROM unnest($2::text[], …) AS u("b", …)`: the column list
	 * and source of a many-row INSERT. Columns given with `each` take one value per row (all of the
	 * same length); any other value is the same for every row (a bare parameter there is text:
	 * give another type as a `sql` expression with a cast).
	 */
	rows(values: ColumnValues<T>): Sql {
		const entries = Object.entries(values);
		const perRow = entries.filter((e): e is [string, PerRow] => e[1] instanceof PerRow);
		if (!perRow.length) throw new Error('rows() needs at least one column given with each()');
		const select = entries.map(([name, value]) => (value instanceof PerRow ? fixed(`u.${ident(name)}${value.type === 'jsonb' ? '::jsonb' : ''}`) : value));
		const arrays = perRow.map(([, column]) => join(['', `::${column.type === 'jsonb' ? 'text' : column.type}[]`], [column.values]));
		return sql`${columnList(entries.map(([name]) => name))} SELECT ${commaList(select)} FROM unnest(${commaList(arrays)}) AS u${columnList(perRow.map(([name]) => name))}`;
	}
}
