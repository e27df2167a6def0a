// What ERP Upsert reports of a run: the summary (its first output), one result per input item
// that named a row, and the problems in words.
import type { ChunkAction, ChunkOutcome } from './chunkPipeline';
import type { ColumnDecision } from './columnMatching';
import { mergeCodaReads, type CodaRead, type ParsedInput, type Rejection } from '../sync/items';
import type { CellIssue } from './upsertPlanner';

export type RowAction = ChunkAction | 'deleted' | 'absent' | 'folded' | 'rejected';

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
	/** The Coda row ids this run inserted, in input order: what a caller tells of new rows (planner-api of new tasks). */
	insertedRowIds: string[];
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
	/** The mapping this run wrote by: Coda column name → the erp column(s) it feeds, null for coda_row only. */
	columnMapping: Record<string, string | null>;
	/** What the Coda read met (fallback to a whole-table read, retries, column changes); null without a Fetch summary. */
	codaRead: CodaRead | null;
	/** What kept rows or cells out, in words (the first few): what a webhook caller is told. */
	problems: string[];
	quarantined: number;
	releasedFromQuarantine: number;
	checkpoint: string | null;
	chunks: number;
	attempts: number;
	durationMs: number;
}

export interface UpsertResult {
	summary: UpsertSummary;
	/** One result per input item that named a row (rejections included). */
	rows: RowResult[];
	rejected: Rejection[];
}

/** Problems listed in words in the summary (all of them are in erp.quarantine and erp.cell_issues). */
const MAX_PROBLEMS = 20;

/** What the run's transaction did: the facts the summary reports. */
export interface RunFacts {
	outcome: ChunkOutcome;
	rejected: Rejection[];
	/** Rows soft-deleted by `deleted` items. */
	deleted: Set<string>;
	/** Cells stored as NULL, of every row mapped. */
	issues: CellIssue[];
	/** Rows written or found current. */
	settled: Set<string>;
	rebound: number;
	referencesResolved: number;
	referencesPending: number;
	peopleUnmatched: number;
	cellIssues: number;
	cellIssuesCleared: number;
	optionsAdded: number;
	/** How each Coda column was bound. */
	decisions: ColumnDecision[];
	quarantined: number;
	releasedFromQuarantine: number;
	checkpoint: string | null;
	chunks: number;
}

/** The first few rejections and cell issues of the settled rows, in words. */
function problemsOf(table: string, rejected: Rejection[], issues: CellIssue[], settled: Set<string>): string[] {
	return [
		...rejected.slice(0, MAX_PROBLEMS).map((r) => `row ${r.codaRowId ?? `(item ${r.index})`} not stored: ${r.reason}`),
		...issues
			.filter((i) => settled.has(i.codaRowId))
			.slice(0, MAX_PROBLEMS)
			.map((i) => `row ${i.codaRowId}: Coda column ${JSON.stringify(i.codaColumnName)} → ${table}.${i.erpColumn} stored as NULL: ${i.reason}`),
	].slice(0, MAX_PROBLEMS);
}

/** Coda column name (with its id when two share a name) → the erp columns it feeds, null when none. */
function columnMappingOf(decisions: ColumnDecision[]): Record<string, string | null> {
	const mapping: Record<string, string | null> = {};
	for (const d of decisions) {
		const key = d.codaColumnName in mapping ? `${d.codaColumnName} (${d.codaColumnId})` : d.codaColumnName;
		mapping[key] = d.erpColumns.length ? d.erpColumns.join(' + ') : null;
	}
	return mapping;
}

/** The run's result from its input and what its transaction did. */
export function upsertResult(table: string, input: ParsedInput, items: unknown[], r: RunFacts, run: { attempts: number; durationMs: number }): UpsertResult {
	const rows: RowResult[] = [];
	const count = (action: ChunkAction) => [...r.outcome.actions.values()].filter((a) => a === action).length;
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
			table,
			fetched: input.summaries.length
				? input.summaries.reduce((n, s) => n + (s.rowCount ?? 0), 0)
				: items.filter((i) => (i as { kind?: unknown } | null)?.kind === 'row').length,
			inserted: count('inserted'),
			insertedRowIds: rows.flatMap((row) => (row.action === 'inserted' && row.codaRowId ? [row.codaRowId] : [])),
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
			unmappedColumns: r.decisions.filter((d) => !d.target && d.how !== 'none').map((d) => d.codaColumnName),
			columnMapping: columnMappingOf(r.decisions),
			codaRead: mergeCodaReads(input.summaries.map((s) => s.read)),
			problems: problemsOf(table, r.rejected, r.issues, r.settled),
			quarantined: r.quarantined,
			releasedFromQuarantine: r.releasedFromQuarantine,
			checkpoint: r.checkpoint,
			chunks: r.chunks,
			attempts: run.attempts,
			durationMs: run.durationMs,
		},
		rows,
		rejected: r.rejected,
	};
}
