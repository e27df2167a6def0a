// The chunk pipeline of ERP Upsert: rows are mapped a chunk at a time while the database writes
// the previous chunk; each chunk is classified by the state query, written under a savepoint,
// bisected on a data error down to the offending rows, and a row PostgreSQL refuses is retried
// with one cell NULL at a time.
import type { PoolClient } from 'pg';
import type { Catalog, TableInfo } from './catalog';
import type { DocColumn } from './columnMatching';
import { addOptions, listedOptions, type OptionSource } from './selectOptions';
import type { ParsedRow, Rejection } from '../sync/items';
import { chunkRanges, selectRows, sliceBatch, type CellIssue, type MapFindings, type MappedBatch, type RowMapper, type WriteColumn } from './upsertPlanner';
import { settledAction, stateParams, stateParamsOf, stateStatement, writeParams, writeStatement, type StoredState } from './upsertStatements';

export const DEFAULT_CHUNK_SIZE = 5000;

/** Rows mapped between two turns of the event loop. */
const MAP_SLICE = 500;

/** What became of a row the pipeline wrote or found settled. */
export type ChunkAction = 'inserted' | 'updated' | 'restored' | 'unchanged' | 'stale';

/** What the chunks of a run did, filled chunk by chunk. */
export interface ChunkOutcome {
	actions: Map<string, ChunkAction>;
	rejected: Rejection[];
	issues: CellIssue[];
}

export const emptyOutcome = (): ChunkOutcome => ({ actions: new Map(), rejected: [], issues: [] });

/** Rows written or found current (a stale row is not: Coda has a newer version stored). */
export const currentRows = (out: ChunkOutcome): string[] => [...out.actions].filter(([, a]) => a !== 'stale').map(([id]) => id);

/** The statements of a run, built once and used by every chunk. */
export interface ChunkStatements {
	write: string;
	state: string;
	columns: WriteColumn[];
	/** Select columns whose option table grows with the values written. */
	options: Array<OptionSource & { at: number }>;
}

export function chunkStatements(catalog: Catalog, table: TableInfo, columns: WriteColumn[], docColumns: DocColumn[]): ChunkStatements {
	const formats = new Map(docColumns.map((c) => [c.id, c.format]));
	return {
		write: writeStatement(catalog, table, columns),
		state: stateStatement(table),
		columns,
		options: columns.flatMap((w, at) => {
			const column = table.columns.get(w.name)!;
			return column.options
				? [{ column: { ...column, options: column.options }, codaColumnId: w.codaColumnId, listed: listedOptions(formats.get(w.codaColumnId)), ensured: new Set<string>(), at }]
				: [];
		}),
	};
}

async function storedStates(client: PoolClient, sql: string, params: string[]): Promise<Map<string, StoredState>> {
	const { rows } = await client.query<{ a: StoredState; ids: string[] }>(sql, params);
	const states = new Map<string, StoredState>();
	for (const r of rows) for (const id of r.ids) states.set(id, r.a);
	return states;
}

async function runWrite(client: PoolClient, sql: string, params: string[], out: ChunkOutcome): Promise<void> {
	const { rows } = await client.query<{ ins: boolean; ids: string[] }>(sql, params);
	for (const r of rows) for (const id of r.ids) out.actions.set(id, r.ins ? 'inserted' : 'updated');
}

/** Errors caused by one row's data (class 22 data exception, 23 integrity violation). */
function isRowDataError(err: unknown): err is Error & { code: string; detail?: string } {
	const code = typeof err === 'object' && err !== null ? (err as { code?: unknown }).code : undefined;
	return typeof code === 'string' && (code.startsWith('22') || code.startsWith('23'));
}

const refusal = (err: Error & { detail?: string }) => `${err.message}${err.detail ? ` (${err.detail})` : ''}`;

/**
 * Writes one chunk under a savepoint. If the database refuses the data (a constraint the
 * catalogue could not check up front), the chunk is bisected so that only the offending
 * rows are rejected, with PostgreSQL's own message.
 */
async function writeChunk(client: PoolClient, statements: ChunkStatements, batch: MappedBatch, rawRow: (i: number) => unknown, out: ChunkOutcome, params = writeParams(batch)) {
	await client.query('SAVEPOINT erp_chunk');
	try {
		await runWrite(client, statements.write, params, out);
		await client.query('RELEASE SAVEPOINT erp_chunk');
	} catch (err) {
		await client.query('ROLLBACK TO SAVEPOINT erp_chunk');
		if (!isRowDataError(err)) throw err;
		if (batch.ids.length === 1) {
			if (await writeWithoutOneCell(client, statements, batch, err, out)) return;
			out.rejected.push({
				index: batch.indexes[0],
				codaRowId: batch.ids[0],
				docId: null,
				tableId: null,
				reason: `PostgreSQL refused the row: ${refusal(err)}`,
				raw: rawRow(batch.indexes[0]),
			});
			return;
		}
		const half = Math.ceil(batch.ids.length / 2);
		await writeChunk(client, statements, sliceBatch(batch, 0, half), rawRow, out);
		await writeChunk(client, statements, sliceBatch(batch, half, batch.ids.length), rawRow, out);
	}
}

/**
 * A row PostgreSQL refused: Coda wins cell by cell, so the row is written with the one cell
 * that the database would not take set to NULL (tried column by column), and that cell is
 * recorded. False when no single cell is the cause: the row is then rejected whole.
 */
async function writeWithoutOneCell(client: PoolClient, statements: ChunkStatements, row: MappedBatch, cause: Error & { detail?: string }, out: ChunkOutcome): Promise<boolean> {
	const { columns } = statements;
	for (let c = 0; c < columns.length; c++) {
		if (row.values[c][0] === null) continue;
		const values = row.values.map((list, i) => (i === c ? [null] : list));
		await client.query('SAVEPOINT erp_cell');
		try {
			await runWrite(client, statements.write, writeParams({ ...row, values }), out);
			await client.query('RELEASE SAVEPOINT erp_cell');
			out.issues.push({
				codaRowId: row.ids[0],
				codaColumnId: columns[c].codaColumnId,
				codaColumnName: columns[c].codaColumnName,
				erpColumn: columns[c].name,
				value: row.values[c][0],
				reason: `PostgreSQL refused the value: ${refusal(cause)}`,
			});
			return true;
		} catch (err) {
			await client.query('ROLLBACK TO SAVEPOINT erp_cell');
			if (!isRowDataError(err)) throw err;
		}
	}
	return false;
}

/** A mapped chunk and its write parameters, made while the previous chunk was being written. */
interface PreparedChunk {
	batch: MappedBatch;
	params: string[];
}

/**
 * Maps rows a slice at a time, giving the event loop a turn between slices: the statement
 * already sent keeps streaming to the server and its answer is read meanwhile.
 */
async function prepareChunk(mapper: RowMapper, rows: ParsedRow[], findings: MapFindings): Promise<PreparedChunk> {
	let batch = mapper.map(rows.slice(0, MAP_SLICE), findings);
	for (let at = MAP_SLICE; at < rows.length; at += MAP_SLICE) {
		await new Promise(setImmediate);
		batch = mapper.map(rows.slice(at, at + MAP_SLICE), findings, batch);
	}
	await new Promise(setImmediate);
	return { batch, params: writeParams(batch) };
}

/**
 * One chunk: rows the stored state already settles are classified, the others written. The
 * write keeps its own guards, so a row another writer changed between the two statements is
 * still judged right; only then is its state read again, to report why it was not written.
 * Returns how many select options it added.
 */
async function upsertChunk(client: PoolClient, statements: ChunkStatements, chunk: PreparedChunk, rawRow: (i: number) => unknown, out: ChunkOutcome): Promise<number> {
	const before = await storedStates(client, statements.state, stateParamsOf(chunk.params));
	for (const [id, state] of before) if (state !== 'd') out.actions.set(id, settledAction(state));
	const toWrite = before.size ? selectRows(chunk.batch, (i) => !out.actions.has(chunk.batch.ids[i])) : chunk.batch;
	if (!toWrite.ids.length) return 0;
	let optionsAdded = 0;
	for (const o of statements.options) {
		optionsAdded += await addOptions(client, o, toWrite.values[o.at].filter((v): v is string => v !== null));
	}
	const rejectedBefore = out.rejected.length;
	await writeChunk(client, statements, toWrite, rawRow, out, toWrite === chunk.batch ? chunk.params : undefined);
	const rejected = new Set(out.rejected.slice(rejectedBefore).map((r) => r.codaRowId));
	const notWritten = selectRows(toWrite, (i) => !out.actions.has(toWrite.ids[i]) && !rejected.has(toWrite.ids[i]));
	const after = notWritten.ids.length ? await storedStates(client, statements.state, stateParams(notWritten)) : new Map<string, StoredState>();
	for (const id of notWritten.ids) out.actions.set(id, settledAction(after.get(id)));
	for (const [id, state] of before) if (state === 'd' && out.actions.get(id) === 'updated') out.actions.set(id, 'restored');
	return optionsAdded;
}

export interface WriteRowsOptions {
	chunkSize?: number;
	/** The input item of a row (kept with a rejection). */
	rawRow: (index: number) => unknown;
	/** Where mapping records the cells their column cannot hold, and the rows it cannot store. */
	findings: MapFindings;
}

/**
 * Writes the rows chunk by chunk into `out`; the next chunk is mapped while the database
 * works on this one. Returns the number of chunks and of select options added.
 */
export async function writeRows(client: PoolClient, statements: ChunkStatements, mapper: RowMapper, rows: ParsedRow[], options: WriteRowsOptions, out: ChunkOutcome): Promise<{ chunks: number; optionsAdded: number }> {
	const ranges = chunkRanges(rows.length, Math.max(1, options.chunkSize ?? DEFAULT_CHUNK_SIZE));
	const mapChunk = ([start, end]: [number, number]) => prepareChunk(mapper, rows.slice(start, end), options.findings);
	let optionsAdded = 0;
	let mapped = ranges.length ? mapChunk(ranges[0]) : undefined;
	for (let k = 0; mapped; k++) {
		const chunk = await mapped;
		const writing = upsertChunk(client, statements, chunk, options.rawRow, out);
		mapped = k + 1 < ranges.length ? mapChunk(ranges[k + 1]) : undefined;
		const [added] = await Promise.all([writing, mapped]);
		optionsAdded += added;
	}
	return { chunks: ranges.length, optionsAdded };
}
