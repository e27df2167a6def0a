// The Coda API v1 emulator: a local HTTP server serving the sample doc (derived from the Drizzle
// `erp` schema), the studio and agency docs (a venture studio's and an agency's own Coda docs, not
// shaped like the schema) or a doc a test builds, with Coda's paging, tokens, formats, async
// writes, rate limits, injectable faults, and controls that change the doc as a person would in Coda's UI.
import type { AddressInfo } from 'node:net';
import type { ApiContext } from './api';
import { parseValue } from './cellEdits';
import type { Cell, ColumnFormat, ColumnType, DocSpec, SelectOption } from './docModel';
import { FaultState, type FaultFilter } from './faults';
import { docIdFor } from './ids';
import { MutationQueue } from './mutations';
import { idChars } from './random';
import { RateLimiter } from './rateLimit';
import { rowName } from './render';
import { buildSampleDoc, loadErpTables } from './sampleDoc';
import { API_PREFIX, createEmulatorServer, type LogEntry } from './server';
import { EmuDoc, NotFound, type EmuRow, type EmuTable } from './store';
import { buildStudioDoc } from './studioDoc';
import { buildAgencyDoc } from './agencyDoc';
import { TokenCodec } from './tokens';

export type { DocSpec, TableSpec, ColumnSpec, ColumnFormat, Cell, SelectOption } from './docModel';
export { STUDIO_TABLES, STUDIO_TIME_ZONE } from './studioDoc';
export { AGENCY_TABLES, AGENCY_TIME_ZONE } from './agencyDoc';

/** A doc to serve: the sample doc (default), the studio doc, the agency doc, or one a test builds. */
export type DocChoice = 'sample' | 'studio' | 'agency' | ((ids: { seed: number; docId: string }) => DocSpec);

/** A column added with `addColumn`. */
export interface NewColumn {
	name: string;
	/** `type` and `isArray` as Coda reports them; `options` for selects; `table` (id or name) for lookups and person columns. */
	format: { type: string; isArray?: boolean; options?: Array<string | SelectOption>; table?: string; [key: string]: unknown };
	/**
	 * Values for existing rows (by row id or display name, or a function of the row), written as the
	 * API takes them ("1,200", "a,b", an email, a row id or name). Without a `formula` they count as
	 * typed in: each row given a value gets a new updatedAt and shows up in the next sync delta.
	 */
	values?: Record<string, unknown> | ((row: { id: string; name: string; index: number }) => unknown);
	/** Makes the column calculated (not writable); its `values` are the formula's results and touch no row. */
	formula?: string;
	hidden?: boolean;
}

export interface EmulatorOptions {
	/** 0 = any free port (default). */
	port?: number;
	host?: string;
	/** Rows per sample table (default 12); a record sets it per erp table name (others keep 12). */
	rows?: number | Record<string, number>;
	/** Coda's rate limits (read 100 / 6 s, write 10 / 6 s per token); on by default. */
	rateLimit?: boolean;
	/** The clock the rate limiter's 6-second windows use (tests pass a controllable one). */
	rateLimitClock?: () => number;
	/** Largest page served; a bigger `limit` is silently clamped (default 500). */
	maxPageSize?: number;
	/** Writes apply this long after their 202 (default 0 = on the next tick). */
	mutationDelayMs?: number;
	seed?: number;
	/**
	 * `'sample'` (default: derived from the erp schema), `'studio'` (studioDoc.ts), `'agency'`
	 * (agencyDoc.ts), or a function building a `DocSpec` (tests), given the seed and doc id it will
	 * have. `rows` applies to the first three (keyed by table key: erp table name, or the doc's keys).
	 */
	doc?: DocChoice;
	/** IANA zone the doc renders dates in; default: the doc's own (`DocSpec.timeZone`), else America/Los_Angeles. */
	timeZone?: string;
}

export interface ColumnInfo {
	id: string;
	name: string;
	type: ColumnType;
	isArray: boolean;
	display: boolean;
	calculated: boolean;
	/** Lookup and person columns: the table they refer to. */
	tableId?: string;
}

export interface CodaEmulator {
	baseUrl: string;
	token: string;
	docId: string;
	/** `erpTable` is the table's key: its erp table name in the sample doc, its studio key in the studio doc. */
	tables(): Array<{ id: string; name: string; erpTable: string; rowCount: number }>;
	/** The doc's IANA time zone. */
	timeZone: string;
	columns(tableIdOrName: string): ColumnInfo[];
	faults: {
		/** `when` aims the fault at the requests it matches (others pass), e.g. `(r) => 'pageToken' in r.query`. */
		burst429(count: number, when?: FaultFilter): void;
		sticky429(on: boolean): void;
		next5xx(count: number, status?: number, when?: FaultFilter): void;
		dropNext(count: number, when?: FaultFilter): void;
		latency(ms: number): void;
		reset(): void;
	};
	requestLog(): LogEntry[];
	clearLog(): void;
	// Doc controls: they act at once (no 202, no mutation queue) and call nothing (the emulator sends no webhooks).
	renameColumn(tableIdOrName: string, columnIdOrName: string, newName: string): void;
	/** Adds a column (last) and returns its id. */
	addColumn(tableIdOrName: string, column: NewColumn): string;
	removeColumn(tableIdOrName: string, columnIdOrName: string): void;
	/** Adds an option to a select column's format and returns it as listed (`{name, foregroundColor, backgroundColor}`). */
	addSelectOption(tableIdOrName: string, columnIdOrName: string, option: string | SelectOption): SelectOption;
	renameTable(tableIdOrName: string, newName: string): void;
	/**
	 * Edits one cell as a person would in the doc: the row gets a new updatedAt and shows up in the next delta.
	 * `visibleAfterMs`: the API shows the edit (with the edit's time as updatedAt) only that much later; `mutationsSettled()` waits for it.
	 */
	editCell(tableIdOrName: string, rowIdOrName: string, columnIdOrName: string, value: unknown, options?: { visibleAfterMs?: number }): void;
	/** Every sync token issued so far expires: a listing with one is answered `status` (default 410); later tokens work. */
	expireSyncTokens(status?: 400 | 410): void;
	/** Adds a row (values by column id or name, as the API takes them) and returns its id. */
	addRow(tableIdOrName: string, values: Record<string, unknown>): string;
	/** Deletes a row; like Coda, no delta ever reports it. */
	deleteRow(tableIdOrName: string, rowIdOrName: string): void;
	/** Resolves when every write accepted so far has been applied. */
	mutationsSettled(): Promise<void>;
	close(): Promise<void>;
}

export async function startCodaEmulator(options: EmulatorOptions = {}): Promise<CodaEmulator> {
	const seed = options.seed ?? 1;
	const maxPageSize = options.maxPageSize ?? 500;
	if (!Number.isInteger(maxPageSize) || maxPageSize < 1) throw new Error(`maxPageSize must be a positive integer, got ${maxPageSize}`);
	const mutationDelayMs = options.mutationDelayMs ?? 0;
	if (!(mutationDelayMs >= 0)) throw new Error(`mutationDelayMs must be >= 0, got ${mutationDelayMs}`);
	const docId = docIdFor(seed);
	const choice = options.doc ?? 'sample';
	let spec: DocSpec;
	if (typeof choice === 'function') spec = choice({ seed, docId });
	else if (choice === 'studio') spec = buildStudioDoc({ seed, docId, rows: options.rows });
	else if (choice === 'agency') spec = buildAgencyDoc({ seed, docId, rows: options.rows });
	else if (choice === 'sample') spec = buildSampleDoc(loadErpTables(), { seed, docId, rows: options.rows });
	else throw new Error(`doc must be 'sample', 'studio', 'agency' or a function building a DocSpec, got ${JSON.stringify(choice)}`);
	const doc = new EmuDoc(seed, docId, spec, options.timeZone);
	const token = `coda-emu-${idChars(32, seed, 'token')}`;
	const faults = new FaultState();
	const limiter = options.rateLimit === false ? null : new RateLimiter(options.rateLimitClock);
	const mutations = new MutationQueue(mutationDelayMs);
	const log: LogEntry[] = [];
	const links = { base: '' };
	const api: ApiContext = {
		doc, codec: new TokenCodec(), links, mutations, maxPageSize,
		whoami: { name: 'Emulator User', loginId: 'emulator@example.com', tokenName: 'coda-erp-emulator' },
	};
	const server = createEmulatorServer({ api, token, faults, limiter, log });
	await new Promise<void>((resolve, reject) => {
		server.once('error', reject);
		server.listen(options.port ?? 0, options.host ?? '127.0.0.1', () => resolve());
	});
	const { port } = server.address() as AddressInfo;
	links.base = `http://${options.host ?? '127.0.0.1'}:${port}${API_PREFIX}`;

	return {
		baseUrl: links.base,
		token,
		docId,
		tables: () => doc.tables.map((t) => ({ id: t.id, name: t.name, erpTable: t.erpTable, rowCount: t.rows.length })),
		faults: faults.controls,
		requestLog: () => log.map((e) => ({ ...e, query: { ...e.query } })),
		clearLog: () => {
			log.length = 0;
		},
		timeZone: doc.timeZone,
		columns: (table) => {
			const t = doc.table(table);
			return t.columns.map((c) => ({
				id: c.id, name: c.name, type: c.format.type, isArray: c.format.isArray, display: c === t.displayColumn, calculated: !!c.calculated,
				...(c.lookupTarget ? { tableId: doc.tableByErp(c.lookupTarget)?.id } : {}),
			}));
		},
		renameColumn: (table, column, newName) => {
			const t = doc.table(table);
			if (!newName.trim()) throw new Error('A column name cannot be empty');
			if (t.columns.some((c) => c.name === newName)) throw new Error(`Table ${t.name} already has a column named "${newName}"`);
			t.column(column).name = newName;
		},
		addColumn: (table, column) => addColumn(doc.table(table), column),
		removeColumn: (table, column) => doc.table(table).removeColumn(column),
		addSelectOption: (table, column, option) => doc.table(table).addSelectOption(column, option),
		renameTable: (table, newName) => {
			doc.renameTable(table, newName);
		},
		editCell: (table, row, column, value, { visibleAfterMs = 0 } = {}) => {
			const t = doc.table(table);
			const col = t.column(column);
			if (col.calculated) throw new Error(`Column ${t.name}.${col.name} is calculated and cannot be edited`);
			const target = findRow(t, row);
			const cells = new Map([[col.id, parseControlValue(t, col.id, value, `editCell ${t.name}.${col.name}`)]]);
			if (!(visibleAfterMs > 0)) return t.editRow(target, cells);
			const editedAt = doc.tick();
			mutations.enqueue(() => (t.editRow(target, cells, editedAt), []), visibleAfterMs);
		},
		expireSyncTokens: (status) => api.codec.expireSyncTokens(status),
		addRow: (table, values) => {
			const t = doc.table(table);
			const cells = new Map<string, Cell | null>();
			for (const [column, value] of Object.entries(values)) {
				const col = t.column(column);
				if (col.calculated) throw new Error(`Column ${t.name}.${col.name} is calculated and cannot be edited`);
				cells.set(col.id, parseControlValue(t, col.id, value, `addRow ${t.name}.${col.name}`));
			}
			return t.addRow(t.reserveRowId(), cells).id;
		},
		deleteRow: (table, row) => {
			const t = doc.table(table);
			t.deleteRow(findRow(t, row).id);
		},
		mutationsSettled: () => mutations.settled(),
		close: async () => {
			mutations.cancel();
			server.closeAllConnections();
			await new Promise<void>((resolve) => server.close(() => resolve()));
		},
	};
}

function findRow(table: EmuTable, idOrName: string): EmuRow {
	const row = table.byId.get(idOrName) ?? table.rows.find((r) => rowName(table, r) === idOrName);
	if (!row) throw new NotFound(`Row "${idOrName}" was not found in table ${table.name} (${table.id}).`);
	return row;
}

/** A value given to a control, parsed as the API parses a written value; a lookup that matches no row is an error here. */
function parseControlValue(table: EmuTable, columnId: string, value: unknown, where: string): Cell | null {
	const warnings: string[] = [];
	const cell = parseValue(table, table.column(columnId), value, where, warnings);
	if (warnings.length) throw new Error(warnings.join('; '));
	return cell;
}

function addColumn(table: EmuTable, column: NewColumn): string {
	const { table: target, type, isArray, ...rest } = column.format;
	const format: ColumnFormat = { ...rest, type: type as ColumnType, isArray: isArray ?? false };
	const lookupTarget = target === undefined ? undefined : table.doc.table(target).erpTable;
	const col = table.addColumn(column.name, format, {
		...(lookupTarget ? { lookupTarget } : {}),
		...(column.formula !== undefined ? { calculated: true, formula: column.formula } : {}),
		...(column.hidden ? { hidden: true } : {}),
	});
	try {
		if (column.values === undefined) return col.id;
		const valueFor = typeof column.values === 'function'
			? column.values
			: (() => {
				const byKey = new Map<string, unknown>();
				for (const [key, value] of Object.entries(column.values as Record<string, unknown>)) byKey.set(findRow(table, key).id, value);
				return (row: { id: string }) => byKey.get(row.id);
			})();
		const parsed: Array<[EmuRow, Cell | null]> = [];
		table.rows.forEach((row, index) => {
			const value = valueFor({ id: row.id, name: rowName(table, row), index });
			if (value === undefined || value === null || value === '') return;
			parsed.push([row, parseControlValue(table, col.id, value, `addColumn ${table.name}.${col.name} row ${row.id}`)]);
		});
		for (const [row, cell] of parsed) {
			if (column.formula !== undefined) (row.edits ??= new Map()).set(col.id, cell); // a formula's result: the row is not edited
			else table.editRow(row, new Map([[col.id, cell]]));
		}
		return col.id;
	} catch (err) {
		table.removeColumn(col.id);
		throw err;
	}
}
