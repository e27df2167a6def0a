// ERP Upsert: one transaction per run, one set-based INSERT … ON CONFLICT per chunk.
import type { Pool, PoolClient } from 'pg';
import { decideBindings, isBound, storedForm, type Binding, type MapperEntry } from './bindings';
import { ident, qualified, SYNC_COLUMNS, withLiveColumns, type Catalog, type TableInfo } from './catalog';
import { recordCellIssues } from './cellIssues';
import { readSyncState, writeSyncState } from './checkpoint';
import { arrayLiteral } from './coerce';
import type { CodaColumnFormat } from '../coda/apiSchemas';
import { normaliseValue } from '../coda/normalise';
import { namesOnly, type DocColumn } from './columnMatching';
import { readDocColumns, readErpTableOf, readOverrides, storeDocColumns } from './docModel';
import { addOptions, listedOptions, type OptionSource } from './selectOptions';
import { withTransaction, type TransactionOptions } from './pool';
import { quarantineRows, releaseRows } from './quarantine';
import { joinPlan, resolveReferences, tableCounts } from './references';
import {
	chunkRanges,
	compileRowMapper,
	parseItems,
	selectRows,
	sliceBatch,
	type CellIssue,
	type MappedBatch,
	type ParsedInput,
	type PeopleEmails,
	type Rejection,
	type RowItem,
	type RowMapper,
	type WriteColumn,
} from './upsertPlanner';

export type RowAction = 'inserted' | 'updated' | 'restored' | 'unchanged' | 'stale' | 'deleted' | 'absent' | 'folded' | 'rejected';

export interface RowResult {
	index: number;
	codaRowId: string | null;
	action: RowAction;
	reason?: string;
}

export interface UpsertSummary {
	table: string;
	/** Rows Coda Table Fetch read (its summaries' rowCount), else the row items received. */
	fetched: number;
	inserted: number;
	updated: number;
	unchanged: number;
	staleSkipped: number;
	rejected: number;
	deleted: number;
	restored: number;
	folded: number;
	referencesResolved: number;
	/** Lookups waiting for their parent row to arrive. */
	referencesPending: number;
	/** Person cells whose email matches nobody in People. */
	peopleUnmatched: number;
	/** Cells stored as NULL because their typed column cannot hold Coda's value (erp.cell_issues). */
	cellIssues: number;
	/** Recorded cell problems that Coda's values no longer have. */
	cellIssuesCleared: number;
	/** Select options added to option tables (new labels in the doc). */
	optionsAdded: number;
	/** Stored rows written again from their coda_row because a Coda column got (another) erp column. */
	rebound: number;
	/** Coda columns kept only in coda_row (no erp column yet: `erp-db plan` proposes one). */
	unmappedColumns: string[];
	/** What kept rows or cells out, in words (the first few): what a webhook caller is told. */
	problems: string[];
	quarantined: number;
	releasedFromQuarantine: number;
	checkpoint: string | null;
	chunks: number;
	attempts: number;
	durationMs: number;
}

export interface UpsertOptions {
	mapper?: MapperEntry[];
	chunkSize?: number;
	transaction?: TransactionOptions;
}

export interface UpsertResult {
	summary: UpsertSummary;
	/** One result per input item that named a row (rejections included). */
	rows: RowResult[];
	rejected: Rejection[];
}

export const DEFAULT_CHUNK_SIZE = 5000;

/** Problems listed in words in the summary (all of them are in erp.quarantine and erp.cell_issues). */
const MAX_PROBLEMS = 20;

/**
 * The chunk statement. Parameters: $1 coda_row_id, $2 coda_updated_at, $3 content_hash (those
 * three are the state query's too), $4 coda_created_at, $5 coda_row (one JSON array, element i
 * for row i), then one array per
 * written column, zipped row by row with ROWS FROM. It writes only rows that are new,
 * newer-and-different, or soft-deleted, and returns the ids it inserted (ins) and updated.
 * Rows arrive sorted by Coda row id (parseItems), so concurrent writers lock them in the
 * same order.
 */
export function buildUpsertSql(catalog: Catalog, table: TableInfo, columns: WriteColumn[]): string {
	const sources = ['unnest($1::text[])', 'unnest($2::timestamptz[])', 'unnest($3::text[])', 'unnest($4::timestamptz[])', 'json_array_elements($5::json)'];
	const fields = ['k', 'ua', 'h', 'ca', 'j'];
	const select = new Map<string, string>([
		['coda_row_id', 'u.k'],
		['coda_created_at', 'u.ca'],
		['coda_updated_at', 'u.ua'],
		['content_hash', 'u.h'],
		// json, not jsonb, for the whole array: it is only checked, and each element is parsed
		// once into jsonb (building one jsonb of the whole chunk first took twice as long).
		['coda_row', 'u.j::jsonb'],
	]);
	columns.forEach((c, i) => {
		const isArray = c.sqlType.endsWith('[]');
		// Array columns travel as array literals in a text[] (unnest would flatten a 2-D array).
		sources.push(`unnest($${sources.length + 1}::${isArray ? 'text[]' : `${c.sqlType}[]`})`);
		fields.push(`c${i}`);
		select.set(c.name, isArray ? `u.c${i}::${c.sqlType}` : `u.c${i}`);
	});
	const written = new Set(columns.map((c) => c.name));
	const plan = joinPlan(catalog, table, written, (column) => select.get(column)!);
	for (const [idColumn, expr] of plan.ids) select.set(idColumn, expr);
	const insertColumns = [...select.keys()];
	const updates = insertColumns
		.filter((c) => c !== 'coda_row_id')
		.map((c) => `${ident(c)} = EXCLUDED.${ident(c)}`)
		.concat(['"synced_at" = now()', '"deleted_at" = NULL']);
	return `WITH w AS (
  INSERT INTO ${qualified(table)} AS t (${insertColumns.map(ident).join(', ')})
  SELECT ${[...select.values()].join(', ')}
  FROM ROWS FROM (${sources.join(', ')}) AS u(${fields.join(', ')}) ${plan.joins.join(' ')}
  ON CONFLICT ("coda_row_id") DO UPDATE SET ${updates.join(', ')}
  WHERE (t."coda_updated_at" IS NULL OR t."coda_updated_at" <= EXCLUDED."coda_updated_at")
    AND (t."content_hash" IS DISTINCT FROM EXCLUDED."content_hash" OR t."deleted_at" IS NOT NULL)
  RETURNING t."coda_row_id" AS k, (t.xmax = 0) AS ins
)
SELECT ins, array_agg(k) AS ids FROM w GROUP BY ins`;
}

/** What the stored row says of an incoming one: s stale, u unchanged, d soft-deleted. */
type StoredState = 's' | 'u' | 'd';

/**
 * The stored state of the incoming rows that are stale (stored with a newer Coda updatedAt),
 * unchanged (stored live with the same content hash) or soft-deleted. Asking with ids and
 * hashes first, and sending the values and the jsonb copy only for rows that need them, is
 * what keeps a re-sync cheap.
 */
function buildStateSql(table: TableInfo): string {
	return `SELECT CASE WHEN t."coda_updated_at" > u.ua THEN 's' WHEN t."deleted_at" IS NOT NULL THEN 'd' ELSE 'u' END AS a,
       array_agg(u.k) AS ids
FROM ROWS FROM (unnest($1::text[]), unnest($2::timestamptz[]), unnest($3::text[])) AS u(k, ua, h)
JOIN ${qualified(table)} t ON t."coda_row_id" = u.k
WHERE t."coda_updated_at" > u.ua OR t."deleted_at" IS NOT NULL OR t."content_hash" = u.h
GROUP BY 1`;
}

/** The state query's parameters, which begin the write's too. */
function stateParams(batch: MappedBatch): string[] {
	return [arrayLiteral(batch.ids), arrayLiteral(batch.updatedAt), arrayLiteral(batch.hashes)];
}

async function storedStates(client: PoolClient, sql: string, params: string[]): Promise<Map<string, StoredState>> {
	const { rows } = await client.query<{ a: StoredState; ids: string[] }>(sql, params.slice(0, 3));
	const states = new Map<string, StoredState>();
	for (const r of rows) for (const id of r.ids) states.set(id, r.a);
	return states;
}

/**
 * The write statement's parameters. Arrays go as ready-made literals and coda_row as one JSON
 * array: pg's own array serialisation escapes element by element and took longer than the
 * whole write.
 */
function writeParams(batch: MappedBatch): string[] {
	return [...stateParams(batch), arrayLiteral(batch.createdAt), `[${batch.codaRows.join(',')}]`, ...batch.values.map(arrayLiteral)];
}

/** Errors caused by one row's data (class 22 data exception, 23 integrity violation). */
function isRowDataError(err: unknown): err is Error & { code: string; detail?: string } {
	const code = typeof err === 'object' && err !== null ? (err as { code?: unknown }).code : undefined;
	return typeof code === 'string' && (code.startsWith('22') || code.startsWith('23'));
}

interface ChunkOutcome {
	actions: Map<string, RowAction>;
	rejected: Rejection[];
	issues: CellIssue[];
}

/**
 * Writes one chunk under a savepoint. If the database refuses the data (a constraint the
 * catalogue could not check up front), the chunk is bisected so that only the offending
 * rows are rejected, with PostgreSQL's own message.
 */
async function writeChunk(client: PoolClient, sql: string, batch: MappedBatch, columns: WriteColumn[], rawRow: (i: number) => unknown, out: ChunkOutcome, params = writeParams(batch)) {
	await client.query('SAVEPOINT erp_chunk');
	try {
		const { rows } = await client.query<{ ins: boolean; ids: string[] }>(sql, params);
		await client.query('RELEASE SAVEPOINT erp_chunk');
		for (const r of rows) for (const id of r.ids) out.actions.set(id, r.ins ? 'inserted' : 'updated');
	} catch (err) {
		await client.query('ROLLBACK TO SAVEPOINT erp_chunk');
		if (!isRowDataError(err)) throw err;
		if (batch.ids.length === 1) {
			if (await writeWithoutOneCell(client, sql, batch, columns, err, out)) return;
			out.rejected.push({
				index: batch.indexes[0],
				codaRowId: batch.ids[0],
				docId: null,
				tableId: null,
				reason: `PostgreSQL refused the row: ${err.message}${err.detail ? ` (${err.detail})` : ''}`,
				raw: rawRow(batch.indexes[0]),
			});
			return;
		}
		const half = Math.ceil(batch.ids.length / 2);
		await writeChunk(client, sql, sliceBatch(batch, 0, half), columns, rawRow, out);
		await writeChunk(client, sql, sliceBatch(batch, half, batch.ids.length), columns, rawRow, out);
	}
}

/**
 * A row PostgreSQL refused: Coda wins cell by cell, so the row is written with the one cell
 * that the database would not take set to NULL (tried column by column), and that cell is
 * recorded. False when no single cell is the cause: the row is then rejected whole.
 */
async function writeWithoutOneCell(client: PoolClient, sql: string, row: MappedBatch, columns: WriteColumn[], cause: Error & { detail?: string }, out: ChunkOutcome): Promise<boolean> {
	for (let c = 0; c < columns.length; c++) {
		if (row.values[c][0] === null) continue;
		const values = row.values.map((list, i) => (i === c ? [null] : list));
		await client.query('SAVEPOINT erp_cell');
		try {
			const { rows } = await client.query<{ ins: boolean; ids: string[] }>(sql, writeParams({ ...row, values }));
			await client.query('RELEASE SAVEPOINT erp_cell');
			for (const r of rows) for (const id of r.ids) out.actions.set(id, r.ins ? 'inserted' : 'updated');
			out.issues.push({
				codaRowId: row.ids[0],
				codaColumnId: columns[c].codaColumnId,
				codaColumnName: columns[c].codaColumnName,
				erpColumn: columns[c].name,
				value: row.values[c][0],
				reason: `PostgreSQL refused the value: ${cause.message}${cause.detail ? ` (${cause.detail})` : ''}`,
			});
			return true;
		} catch (err) {
			await client.query('ROLLBACK TO SAVEPOINT erp_cell');
			if (!isRowDataError(err)) throw err;
		}
	}
	return false;
}

interface ChunkStatements {
	write: string;
	state: string;
	columns: WriteColumn[];
	/** Select columns whose option table grows with the values written. */
	options: Array<OptionSource & { at: number }>;
}

/**
 * One chunk: rows the stored state already settles are classified, the others written. The
 * write keeps its own guards, so a row another writer changed between the two statements is
 * still judged right; only then is its state read again, to report why it was not written.
 */
async function upsertChunk(client: PoolClient, statements: ChunkStatements, chunk: PreparedChunk, rawRow: (i: number) => unknown, out: ChunkOutcome): Promise<number> {
	const before = await storedStates(client, statements.state, chunk.params);
	for (const [id, state] of before) if (state !== 'd') out.actions.set(id, state === 's' ? 'stale' : 'unchanged');
	const toWrite = before.size ? selectRows(chunk.batch, (i) => !out.actions.has(chunk.batch.ids[i])) : chunk.batch;
	if (!toWrite.ids.length) return 0;
	let optionsAdded = 0;
	for (const o of statements.options) {
		optionsAdded += await addOptions(client, o, toWrite.values[o.at].filter((v): v is string => v !== null));
	}
	const rejectedBefore = out.rejected.length;
	await writeChunk(client, statements.write, toWrite, statements.columns, rawRow, out, toWrite === chunk.batch ? chunk.params : undefined);
	const rejected = new Set(out.rejected.slice(rejectedBefore).map((r) => r.codaRowId));
	const notWritten = selectRows(toWrite, (i) => !out.actions.has(toWrite.ids[i]) && !rejected.has(toWrite.ids[i]));
	const after = notWritten.ids.length ? await storedStates(client, statements.state, stateParams(notWritten)) : new Map<string, StoredState>();
	for (const id of notWritten.ids) out.actions.set(id, after.get(id) === 's' ? 'stale' : 'unchanged');
	for (const [id, state] of before) if (state === 'd' && out.actions.get(id) === 'updated') out.actions.set(id, 'restored');
	return optionsAdded;
}

const MAP_SLICE = 500;

/** A mapped chunk and its write parameters, made while the previous chunk was being written. */
interface PreparedChunk {
	batch: MappedBatch;
	params: string[];
}

/**
 * Maps rows a slice at a time, giving the event loop a turn between slices: the statement
 * already sent keeps streaming to the server and its answer is read meanwhile.
 */
async function prepareChunk(mapper: RowMapper, rows: RowItem[], issues: CellIssue[]): Promise<PreparedChunk> {
	let batch = mapper.map(rows.slice(0, MAP_SLICE), issues);
	for (let at = MAP_SLICE; at < rows.length; at += MAP_SLICE) {
		await new Promise(setImmediate);
		batch = mapper.map(rows.slice(at, at + MAP_SLICE), issues, batch);
	}
	await new Promise(setImmediate);
	return { batch, params: writeParams(batch) };
}

/** erp.people's emails by Coda row id, read only when a person column is fed by a lookup into People. */
async function peopleEmailsFor(client: PoolClient, bindings: Binding[]): Promise<PeopleEmails> {
	if (!bindings.some((b) => b.codaType === 'lookup' && b.target.kind === 'group' && b.target.group.kind === 'person')) return new Map();
	const { rows } = await client.query<{ k: string; e: string }>(
		`SELECT "coda_row_id" AS k, "email" AS e FROM ${qualified('people')} WHERE "email" IS NOT NULL AND "deleted_at" IS NULL`,
	);
	return new Map(rows.map((r) => [r.k, r.e]));
}

/** Whether a Coda column feeds an erp column it did not feed before (a column added, a new match). */
function bindingsChanged(before: Record<string, string>, now: Record<string, string>): boolean {
	return Object.entries(now).some(([id, column]) => before[id] !== column);
}

const REBIND_PAGE = 5000;

interface RebindContext {
	statements: ChunkStatements;
	mapper: RowMapper;
	columns: DocColumn[];
	source: { docId: string; tableId: string };
	/** Rows this run writes anyway. */
	skip: Set<string>;
	issues: CellIssue[];
	chunkSize?: number;
}

/**
 * When the bindings change, the rows this run did not read are mapped again from what coda_row
 * keeps (Coda's values as sent, normalised by the doc model's formats) and written like any
 * chunk, so a column `erp-db apply` added fills at once, without reading the table from Coda.
 */
async function rebindStoredRows(client: PoolClient, table: TableInfo, ctx: RebindContext): Promise<{ rebound: number; optionsAdded: number; settled: string[] }> {
	const formats = new Map(ctx.columns.map((c) => [c.id, c.format as CodaColumnFormat]));
	const out: ChunkOutcome = { actions: new Map(), rejected: [], issues: [] };
	let optionsAdded = 0;
	for (let after = ''; ; ) {
		const { rows } = await client.query<{ k: string; ca: Date | null; ua: Date | null; j: Record<string, unknown> }>(
			`SELECT "coda_row_id" AS k, "coda_created_at" AS ca, "coda_updated_at" AS ua, "coda_row" AS j FROM ${qualified(table)}
			 WHERE "deleted_at" IS NULL AND "coda_row_id" > $1 ORDER BY "coda_row_id" LIMIT ${REBIND_PAGE}`,
			[after],
		);
		if (!rows.length) break;
		after = rows[rows.length - 1].k;
		const items: RowItem[] = rows
			.filter((r) => !ctx.skip.has(r.k) && r.ua)
			.map((r) => ({
				...ctx.source,
				id: r.k,
				createdAt: r.ca?.toISOString() ?? null,
				updatedAt: r.ua!.toISOString(),
				values: Object.fromEntries(Object.entries(r.j).map(([id, raw]) => [id, normaliseValue(raw, formats.get(id))])),
				columnNames: {},
				index: -1,
				raw: null,
				codaValues: r.j,
			}));
		for (const [start, end] of chunkRanges(items.length, Math.max(1, ctx.chunkSize ?? DEFAULT_CHUNK_SIZE))) {
			const chunk = await prepareChunk(ctx.mapper, items.slice(start, end), ctx.issues);
			optionsAdded += await upsertChunk(client, ctx.statements, chunk, () => null, out);
		}
	}
	ctx.issues.push(...out.issues);
	const settled = [...out.actions].filter(([, a]) => a !== 'stale').map(([id]) => id);
	return { rebound: [...out.actions.values()].filter((a) => a === 'updated').length, optionsAdded, settled };
}

async function softDelete(client: PoolClient, table: TableInfo, ids: string[]): Promise<Set<string>> {
	if (!ids.length) return new Set();
	const { rows } = await client.query<{ k: string }>(
		`UPDATE ${qualified(table)} SET "deleted_at" = now(), "synced_at" = now()
		 WHERE "coda_row_id" = ANY($1::text[]) AND "deleted_at" IS NULL RETURNING "coda_row_id" AS k`,
		[ids],
	);
	return new Set(rows.map((r) => r.k));
}

/** Required columns no Coda column feeds: every row would fail, so each is rejected up front. */
function missingRequired(table: TableInfo, written: Set<string>): string[] {
	const sync = new Set<string>(SYNC_COLUMNS);
	return [...table.columns.values()]
		.filter((c) => c.notNull && !c.hasDefault && !c.generated && !sync.has(c.name) && !written.has(c.name))
		.map((c) => c.name);
}

/** The Coda table's columns: the doc model (refreshed from this run's listing), else the names the items carry. */
async function docColumns(client: PoolClient, input: ParsedInput, source: { docId: string; tableId: string } | undefined): Promise<DocColumn[]> {
	if (!source) return namesOnly(input.columns);
	const listed = input.summaries.find((s) => s.columns)?.columns;
	const model = listed ? await storeDocColumns(client, source.docId, source.tableId, listed) : await readDocColumns(client, source.docId, source.tableId);
	const known = new Set(model.map((c) => c.id));
	return [...model, ...namesOnly(new Map([...input.columns].filter(([id]) => !known.has(id))))];
}

async function upsertInTransaction(client: PoolClient, shipped: Catalog, tableName: string, input: ParsedInput, items: unknown[], options: UpsertOptions) {
	// The planner overestimates these joins (unnest has no statistics) and would JIT-compile
	// every statement: tens of milliseconds of compilation for a sub-second write.
	await client.query('SET LOCAL jit = off');
	const catalog = await withLiveColumns(shipped, client);
	const table = catalog.table(tableName);
	const rejected: Rejection[] = [...input.rejected];
	const issues: CellIssue[] = [];
	const source = input.source ?? (input.summaries[0] ? { docId: input.summaries[0].docId, tableId: input.summaries[0].tableId } : undefined);
	const state = source ? await readSyncState(client, source.docId, source.tableId) : undefined;
	const columns = await docColumns(client, input, source);
	const decisions = decideBindings(table, columns, {
		stored: state?.column_bindings ?? {},
		overrides: await readOverrides(client, table.name),
		mapper: options.mapper ?? [],
		erpTableOf: source ? await readErpTableOf(client, source.docId, columns) : () => undefined,
	});
	const bindings = decisions.filter(isBound);
	const mapper = compileRowMapper(table, bindings, await peopleEmailsFor(client, bindings));
	const outcome: ChunkOutcome = { actions: new Map(), rejected: [], issues: [] };
	const missing = missingRequired(table, new Set(mapper.columns.map((c) => c.name)));
	let chunks = 0;
	let optionsAdded = 0;
	let rebound = 0;
	let reboundSettled: string[] = [];
	if (missing.length) {
		const batch = mapper.map(input.rows, []);
		for (let i = 0; i < batch.ids.length; i++) {
			rejected.push({
				index: batch.indexes[i],
				codaRowId: batch.ids[i],
				docId: source?.docId ?? null,
				tableId: source?.tableId ?? null,
				reason: `no Coda column maps to the required column ${table.name}.${missing.join(', ')}`,
				raw: items[batch.indexes[i]],
			});
		}
	} else {
		const formats = new Map(columns.map((c) => [c.id, c.format]));
		const statements: ChunkStatements = {
			write: buildUpsertSql(catalog, table, mapper.columns),
			state: buildStateSql(table),
			columns: mapper.columns,
			options: mapper.columns.flatMap((w, at) => {
				const column = table.columns.get(w.name)!;
				return column.options
					? [{ column: { ...column, options: column.options }, codaColumnId: w.codaColumnId, listed: listedOptions(formats.get(w.codaColumnId)), ensured: new Set<string>(), at }]
					: [];
			}),
		};
		const ranges = chunkRanges(input.rows.length, Math.max(1, options.chunkSize ?? DEFAULT_CHUNK_SIZE));
		chunks = ranges.length;
		const mapChunk = ([start, end]: [number, number]) => prepareChunk(mapper, input.rows.slice(start, end), issues);
		// The next chunk is mapped while the database works on this one.
		let mapped = ranges.length ? mapChunk(ranges[0]) : undefined;
		for (let k = 0; mapped; k++) {
			const chunk = await mapped;
			const writing = upsertChunk(client, statements, chunk, (i) => items[i], outcome);
			mapped = k + 1 < ranges.length ? mapChunk(ranges[k + 1]) : undefined;
			const [added] = await Promise.all([writing, mapped]);
			optionsAdded += added;
		}
		if (source && bindingsChanged(state?.column_bindings ?? {}, storedForm(bindings))) {
			const rebind = await rebindStoredRows(client, table, { statements, mapper, columns, source, skip: new Set(input.rows.map((r) => r.id)), issues, chunkSize: options.chunkSize });
			optionsAdded += rebind.optionsAdded;
			rebound = rebind.rebound;
			reboundSettled = rebind.settled;
		}
	}
	for (const r of outcome.rejected) {
		r.docId = source?.docId ?? null;
		r.tableId = source?.tableId ?? null;
	}
	rejected.push(...outcome.rejected);

	const deleted = await softDelete(client, table, input.deleted.map((d) => d.id));
	const byAction = (action: RowAction) => [...outcome.actions].filter(([, a]) => a === action).map(([id]) => id);
	const newParents = [...byAction('inserted'), ...byAction('restored')];
	// A person's email may change: people re-resolve their children on every write.
	const parents = table.name === 'people' ? [...newParents, ...byAction('updated')] : newParents;
	const referencesResolved = await resolveReferences(client, catalog, table, parents);

	const rejectedIds = new Set(rejected.map((r) => r.codaRowId));
	const settled = [...outcome.actions].filter(([id, a]) => a !== 'stale' && !rejectedIds.has(id)).map(([id]) => id).concat(reboundSettled);
	const [cellIssues, cellIssuesCleared] = await recordCellIssues(client, table.name, settled, [...issues, ...outcome.issues]);
	const quarantined = await quarantineRows(client, table.name, rejected);
	const succeeded = [...outcome.actions.keys(), ...input.deleted.map((d) => d.id)].filter((id) => !rejectedIds.has(id));
	const releasedFromQuarantine = await releaseRows(client, table.name, succeeded);

	const counts = await tableCounts(client, table);
	const done = input.summaries.find((s) => s.complete && s.nextSyncToken);
	if (source) {
		await writeSyncState(client, {
			docId: source.docId,
			tableId: source.tableId,
			erpTable: table.name,
			tableName: input.summaries.find((s) => s.tableName)?.tableName,
			displayColumnId: columns.find((c) => c.display)?.id,
			columns: input.columns.size ? Object.fromEntries(input.columns) : undefined,
			bindings: storedForm(bindings),
			checkpoint: done ? { token: done.nextSyncToken!, incremental: done.mode === 'incremental', codaRowCount: done.rowCount } : undefined,
			liveRows: counts.live,
		});
	}
	const unmappedColumns = decisions.filter((d) => !d.target && d.how !== 'none').map((d) => d.codaColumnName);
	const settledIds = new Set(settled);
	const problems = [
		...rejected.slice(0, MAX_PROBLEMS).map((r) => `row ${r.codaRowId ?? `(item ${r.index})`} not stored: ${r.reason}`),
		...[...issues, ...outcome.issues]
			.filter((i) => settledIds.has(i.codaRowId))
			.slice(0, MAX_PROBLEMS)
			.map((i) => `row ${i.codaRowId}: Coda column ${JSON.stringify(i.codaColumnName)} → ${table.name}.${i.erpColumn} stored as NULL: ${i.reason}`),
	].slice(0, MAX_PROBLEMS);
	return { table, outcome, problems, rebound, rejected, deleted, referencesResolved, referencesPending: counts.pending, peopleUnmatched: counts.unmatchedPeople, cellIssues, cellIssuesCleared, optionsAdded, unmappedColumns, quarantined, releasedFromQuarantine, checkpoint: done?.nextSyncToken ?? null, chunks };
}

/** Parses the items, then writes everything in one transaction (retried on deadlocks). */
export async function runUpsert(pool: Pool, catalog: Catalog, tableName: string, items: unknown[], options: UpsertOptions = {}): Promise<UpsertResult> {
	const started = Date.now();
	const shipped = catalog.table(tableName);
	if (!shipped.key) throw new Error(`erp table ${shipped.name} has no coda_row_id: ERP Upsert cannot write it`);
	const input = parseItems(items);
	let attempts = 0;
	const r = await withTransaction(
		pool,
		(client, attempt) => {
			attempts = attempt;
			return upsertInTransaction(client, catalog, shipped.name, input, items, options);
		},
		options.transaction,
	);

	const rows: RowResult[] = [];
	const count = (action: RowAction) => [...r.outcome.actions.values()].filter((a) => a === action).length;
	for (const row of input.rows) {
		const action = r.outcome.actions.get(row.id);
		if (action) rows.push({ index: row.index, codaRowId: row.id, action });
	}
	for (const d of input.deleted) rows.push({ index: d.index, codaRowId: d.id, action: r.deleted.has(d.id) ? 'deleted' : 'absent' });
	for (const f of input.folded) rows.push({ index: f.index, codaRowId: f.codaRowId, action: 'folded', reason: `a later version is item ${f.keptIndex}` });
	for (const j of r.rejected) rows.push({ index: j.index, codaRowId: j.codaRowId, action: 'rejected', reason: j.reason });
	rows.sort((a, b) => a.index - b.index);

	return {
		summary: {
			table: shipped.name,
			fetched: input.summaries.length
				? input.summaries.reduce((n, s) => n + (s.rowCount ?? 0), 0)
				: items.filter((i) => (i as { kind?: unknown } | null)?.kind === 'row').length,
			inserted: count('inserted'),
			updated: count('updated'),
			unchanged: count('unchanged'),
			staleSkipped: count('stale'),
			rejected: r.rejected.length,
			deleted: r.deleted.size,
			restored: count('restored'),
			folded: input.folded.length,
			referencesResolved: r.referencesResolved,
			referencesPending: r.referencesPending,
			peopleUnmatched: r.peopleUnmatched,
			cellIssues: r.cellIssues,
			cellIssuesCleared: r.cellIssuesCleared,
			optionsAdded: r.optionsAdded,
			rebound: r.rebound,
			unmappedColumns: r.unmappedColumns,
			problems: r.problems,
			quarantined: r.quarantined,
			releasedFromQuarantine: r.releasedFromQuarantine,
			checkpoint: r.checkpoint,
			chunks: r.chunks,
			attempts,
			durationMs: Date.now() - started,
		},
		rows,
		rejected: r.rejected,
	};
}
