// ERP Upsert's run: one transaction (retried on deadlocks) that decides the bindings from the doc
// model, writes the rows through the chunk pipeline, rebinds stored rows, soft-deletes, fills
// references, records cell issues and quarantine and moves the checkpoint.
import type { Pool, PoolClient } from 'pg';
import { decideBindings, isBound, storedForm, type Binding, type MapperEntry } from './bindings';
import { SYNC_COLUMNS, withLiveColumns, type Catalog, type TableInfo } from './catalog';
import { recordCellIssues } from './cellIssues';
import { readSyncState, writeSyncState } from './checkpoint';
import { chunkStatements, currentRows, emptyOutcome, writeRows, type ChunkAction } from './chunkPipeline';
import { namesOnly, type DocColumn } from './columnMatching';
import { readDocColumns, readErpTableOf, readOverrides, storeDocColumns } from './docModel';
import { withTransaction, type TransactionOptions } from './pool';
import { quarantineRows, releaseRows } from './quarantine';
import { bindingsChanged, rebindStoredRows } from './rebind';
import { resolveReferences, tableCounts } from './references';
import { ErpTable, sql } from './sql';
import { parseItems, type ParsedInput, type Rejection } from '../sync/items';
import { compileRowMapper, type CellIssue, type PeopleEmails } from './upsertPlanner';
import { upsertResult, type RunFacts, type UpsertResult } from './upsertSummary';

/** The default rows per chunk (the node's Chunk Size option). */
export { DEFAULT_CHUNK_SIZE } from './chunkPipeline';

export interface UpsertOptions {
	mapper?: MapperEntry[];
	chunkSize?: number;
	transaction?: TransactionOptions;
}

/** erp.people's emails by Coda row id, read only when a person column is fed by a lookup into People. */
async function peopleEmailsFor(client: PoolClient, bindings: Binding[]): Promise<PeopleEmails> {
	if (!bindings.some((b) => b.codaType === 'lookup' && b.target.kind === 'group' && b.target.group.kind === 'person')) return new Map();
	const { rows } = await client.query<{ k: string; e: string }>(
		sql`SELECT "coda_row_id" AS k, "email" AS e FROM ${new ErpTable('people')} WHERE "email" IS NOT NULL AND "deleted_at" IS NULL`,
	);
	return new Map(rows.map((r) => [r.k, r.e]));
}

async function softDelete(client: PoolClient, table: TableInfo, ids: string[]): Promise<Set<string>> {
	if (!ids.length) return new Set();
	const { rows } = await client.query<{ k: string }>(
		sql`UPDATE ${new ErpTable(table.name)} SET "deleted_at" = now(), "synced_at" = now()
		 WHERE "coda_row_id" = ANY(${ids}::text[]) AND "deleted_at" IS NULL RETURNING "coda_row_id" AS k`,
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

async function upsertInTransaction(client: PoolClient, shipped: Catalog, tableName: string, input: ParsedInput, items: unknown[], options: UpsertOptions): Promise<RunFacts> {
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
	const outcome = emptyOutcome();
	const missing = missingRequired(table, new Set(mapper.columns.map((c) => c.name)));
	let chunks = 0;
	let optionsAdded = 0;
	let rebound = 0;
	let reboundSettled: string[] = [];
	if (missing.length) {
		const batch = mapper.map(input.rows, { issues: [], rejected });
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
		const statements = chunkStatements(catalog, table, mapper.columns, columns);
		({ chunks, optionsAdded } = await writeRows(client, statements, mapper, input.rows, { chunkSize: options.chunkSize, rawRow: (i) => items[i], findings: { issues, rejected } }, outcome));
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
	const byAction = (action: ChunkAction) => [...outcome.actions].filter(([, a]) => a === action).map(([id]) => id);
	const newParents = [...byAction('inserted'), ...byAction('restored')];
	// A person's email may change: people re-resolve their children on every write.
	const parents = table.name === 'people' ? [...newParents, ...byAction('updated')] : newParents;
	const referencesResolved = await resolveReferences(client, catalog, table, parents);

	const rejectedIds = new Set(rejected.map((r) => r.codaRowId));
	const settled = currentRows(outcome).filter((id) => !rejectedIds.has(id)).concat(reboundSettled);
	const allIssues = [...issues, ...outcome.issues];
	const [cellIssues, cellIssuesCleared] = await recordCellIssues(client, table.name, settled, allIssues);
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
			checkpoint: done ? { token: done.nextSyncToken!, incremental: done.incremental, codaRowCount: done.rowCount } : undefined,
			liveRows: counts.live,
		});
	}
	return {
		outcome,
		issues: allIssues,
		settled: new Set(settled),
		rebound,
		rejected,
		deleted,
		referencesResolved,
		referencesPending: counts.pending,
		peopleUnmatched: counts.unmatchedPeople,
		cellIssues,
		cellIssuesCleared,
		optionsAdded,
		decisions,
		quarantined,
		releasedFromQuarantine,
		checkpoint: done?.nextSyncToken ?? null,
		chunks,
	};
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

	return upsertResult(shipped.name, input, items, r, { attempts, durationMs: Date.now() - started });
}
