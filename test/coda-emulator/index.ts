// The Coda API v1 emulator: a local HTTP server serving the sample doc (derived from the Drizzle
// `erp` schema) or a doc a test builds, with Coda's paging, tokens, formats, async writes,
// rate limits and injectable faults.
import type { AddressInfo } from 'node:net';
import type { ApiContext } from './api';
import type { ColumnType, DocSpec } from './docModel';
import { FaultState } from './faults';
import { docIdFor } from './ids';
import { MutationQueue } from './mutations';
import { idChars } from './random';
import { RateLimiter } from './rateLimit';
import { buildSampleDoc, loadErpTables } from './sampleDoc';
import { API_PREFIX, createEmulatorServer, type LogEntry } from './server';
import { EmuDoc } from './store';
import { TokenCodec } from './tokens';

export type { DocSpec, TableSpec, ColumnSpec, ColumnFormat, Cell } from './docModel';

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
	/** A doc to serve instead of the sample doc (tests); given the seed and doc id it will have. */
	doc?: (ids: { seed: number; docId: string }) => DocSpec;
}

export interface CodaEmulator {
	baseUrl: string;
	token: string;
	docId: string;
	tables(): Array<{ id: string; name: string; erpTable: string; rowCount: number }>;
	faults: {
		burst429(count: number): void;
		sticky429(on: boolean): void;
		next5xx(count: number, status?: number): void;
		dropNext(count: number): void;
		latency(ms: number): void;
		reset(): void;
	};
	requestLog(): LogEntry[];
	clearLog(): void;
	renameColumn(tableIdOrName: string, columnIdOrName: string, newName: string): void;
	addColumn(tableIdOrName: string, column: { name: string; format: { type: string; isArray?: boolean } }): string;
	removeColumn(tableIdOrName: string, columnIdOrName: string): void;
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
	const spec = options.doc ? options.doc({ seed, docId }) : buildSampleDoc(loadErpTables(), { seed, docId, rows: options.rows });
	const doc = new EmuDoc(seed, docId, spec);
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
		renameColumn: (table, column, newName) => {
			const t = doc.table(table);
			if (!newName.trim()) throw new Error('A column name cannot be empty');
			if (t.columns.some((c) => c.name === newName)) throw new Error(`Table ${t.name} already has a column named "${newName}"`);
			t.column(column).name = newName;
		},
		addColumn: (table, column) => doc.table(table).addColumn(column.name, { type: column.format.type as ColumnType, isArray: column.format.isArray ?? false }).id,
		removeColumn: (table, column) => doc.table(table).removeColumn(column),
		mutationsSettled: () => mutations.settled(),
		close: async () => {
			mutations.cancel();
			server.closeAllConnections();
			await new Promise<void>((resolve) => server.close(() => resolve()));
		},
	};
}
