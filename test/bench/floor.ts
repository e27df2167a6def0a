// The database floor of the bulk benchmark: the rows ERP Upsert stored, written again by the two
// fastest hand-written set-based upserts (COPY into a temporary table + one INSERT … SELECT …
// ON CONFLICT, and one INSERT … SELECT FROM unnest(…) ON CONFLICT), with the same stale and
// unchanged guards (coda_updated_at, content_hash) and synced_at/deleted_at kept as ERP Upsert
// keeps them. Every stored column is sent ready-made (foreign keys already resolved, hash already
// computed): no mapping, coercion or hashing, so this is what the database alone needs.
import { pipeline } from 'node:stream/promises';
import { Readable } from 'node:stream';
import type { Pool } from 'pg';
import { from as copyFrom } from 'pg-copy-streams';

export interface StoredRows {
	table: string;
	/** The written columns (not the identity, generated, synced_at and deleted_at columns) with their SQL types. */
	columns: { name: string; type: string }[];
	/** Each row's values as PostgreSQL prints them (text), null for NULL. */
	rows: (string | null)[][];
}

/** The rows of erp.<table> as stored now, ordered by Coda row id. */
export async function storedRows(pool: Pool, table: string): Promise<StoredRows> {
	const { rows: columns } = await pool.query<{ name: string; type: string }>(
		`SELECT a.attname AS name, format_type(a.atttypid, a.atttypmod) AS type FROM pg_attribute a
		 WHERE a.attrelid = $1::regclass AND a.attnum > 0 AND NOT a.attisdropped AND a.attidentity = '' AND a.attgenerated = ''
		   AND a.attname NOT IN ('synced_at', 'deleted_at') ORDER BY a.attnum`,
		[`erp.${table}`],
	);
	const { rows } = await pool.query({ text: `SELECT ${columns.map((c) => `"${c.name}"::text`).join(', ')} FROM erp."${table}" ORDER BY coda_row_id`, rowMode: 'array' });
	return { table, columns, rows: rows as (string | null)[][] };
}

const names = (s: StoredRows) => s.columns.map((c) => `"${c.name}"`).join(', ');
const upsertTail = (s: StoredRows) =>
	`ON CONFLICT (coda_row_id) DO UPDATE SET ${s.columns
		.filter((c) => c.name !== 'coda_row_id')
		.map((c) => `"${c.name}" = EXCLUDED."${c.name}"`)
		.join(', ')}, "synced_at" = now(), "deleted_at" = NULL
	 WHERE t.coda_updated_at <= EXCLUDED.coda_updated_at AND (t.content_hash IS DISTINCT FROM EXCLUDED.content_hash OR t.deleted_at IS NOT NULL)`;

/** A field of COPY's text format. */
const copyField = (v: string | null) => (v === null ? '\\N' : v.replace(/[\\\t\n\r]/g, (c) => ({ '\\': '\\\\', '\t': '\\t', '\n': '\\n', '\r': '\\r' })[c]!));

/** COPY into a temporary table, then one INSERT … SELECT … ON CONFLICT, in one transaction. */
export async function floorCopy(pool: Pool, s: StoredRows): Promise<void> {
	const client = await pool.connect();
	try {
		await client.query('BEGIN');
		await client.query(`CREATE TEMP TABLE incoming (${s.columns.map((c) => `"${c.name}" ${c.type}`).join(', ')}) ON COMMIT DROP`);
		const text = s.rows.map((r) => `${r.map(copyField).join('\t')}\n`).join('');
		await pipeline(Readable.from([text]), client.query(copyFrom('COPY incoming FROM STDIN')));
		await client.query(`INSERT INTO erp."${s.table}" AS t (${names(s)}) SELECT ${names(s)} FROM incoming ${upsertTail(s)}`);
		await client.query('COMMIT');
	} catch (err) {
		await client.query('ROLLBACK').catch(() => undefined);
		throw err;
	} finally {
		client.release();
	}
}

/** A PostgreSQL text[] literal built in one pass (pg's own serialisation escapes far slower). */
const literal = (list: (string | null)[]) => `{${list.map((e) => (e === null ? 'NULL' : `"${e.replace(/[\\"]/g, '\\$&')}"`)).join(',')}}`;

/** One INSERT … SELECT FROM unnest(one text[] per column) … ON CONFLICT. */
export async function floorUnnest(pool: Pool, s: StoredRows): Promise<void> {
	const params = s.columns.map((_, c) => literal(s.rows.map((r) => r[c])));
	await pool.query(
		`INSERT INTO erp."${s.table}" AS t (${names(s)})
		 SELECT ${s.columns.map((c, i) => `u.c${i}::${c.type}`).join(', ')}
		 FROM unnest(${s.columns.map((_, i) => `$${i + 1}::text[]`).join(', ')}) AS u(${s.columns.map((_, i) => `c${i}`).join(', ')})
		 ${upsertTail(s)}`,
		params,
	);
}
