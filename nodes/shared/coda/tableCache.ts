// Table metadata of recent runs, shared per credential (perCredential.ts): each table (id ↔ name,
// display column) and its column list, so a real-time call reads only its row and a slice that
// continues a read only its pages. Concurrent lookups of what is not cached share one request.
// How old a column list a run accepts is the caller's choice (tableFetch.ts), within COLUMNS_MAX_AGE_MS.
import type { CodaColumn, CodaTable } from './apiSchemas';
import { type Clock, systemClock } from './rateLimiter';
import { type SendWatch, SharedReads } from './sharedReads';

/** Table ids never change; a name (informational in the output) may be this stale. */
const TABLE_TTL_MS = 5 * 60 * 1000;
/** Column lists older than this are dropped, whatever a caller would accept. */
export const COLUMNS_MAX_AGE_MS = 5 * 60 * 1000;
/** Far more tables than one credential's docs hold; past it a map simply starts over. */
const MAX_ENTRIES = 1000;

/** How recent a column list must be: at most `maxAgeMs` old, or listed after this call (`fresh`). */
export type ColumnFreshness = { maxAgeMs: number } | 'fresh';

interface Stored<T> {
	value: T;
	/** When the request that read it went out. */
	at: number;
}

export class TableCache {
	private readonly tables = new Map<string, Stored<CodaTable>>();
	private readonly columnLists = new Map<string, Stored<CodaColumn[]>>();
	private readonly tableReads = new SharedReads<CodaTable>();
	private readonly columnReads = new SharedReads<CodaColumn[]>();

	constructor(
		private readonly tableTtlMs = TABLE_TTL_MS,
		private readonly clock: Clock = systemClock,
	) {}

	/** A table looked up by id or name in this doc within the TTL, else read by `load`. */
	async table(docId: string, tableIdOrName: string, load: (watch: SendWatch) => Promise<CodaTable>): Promise<CodaTable> {
		const key = `${docId}\n${tableIdOrName}`;
		const cached = this.fresh(this.tables, key, this.tableTtlMs);
		if (cached) return cached.value;
		return this.tableReads.read(key, 'any', async (watch) => {
			const read = await this.timed(load, watch);
			for (const ref of [read.value.id, read.value.name]) this.store(this.tables, `${docId}\n${ref}`, read);
			return read.value;
		});
	}

	/**
	 * The columns of a table: a list recent enough for `freshness`, else one read by `load`. A
	 * `fresh` caller joins only a listing that has not gone out yet; others join any listing in flight.
	 */
	async columns(
		docId: string,
		tableId: string,
		freshness: ColumnFreshness,
		load: (watch: SendWatch) => Promise<CodaColumn[]>,
	): Promise<CodaColumn[]> {
		const key = `${docId}\n${tableId}`;
		if (freshness !== 'fresh') {
			const cached = this.fresh(this.columnLists, key, Math.min(freshness.maxAgeMs, COLUMNS_MAX_AGE_MS));
			if (cached) return cached.value;
		}
		return this.columnReads.read(key, freshness === 'fresh' ? 'unsent' : 'any', async (watch) => {
			const read = await this.timed(load, watch);
			this.store(this.columnLists, key, read);
			return read.value;
		});
	}

	private fresh<T>(map: Map<string, Stored<T>>, key: string, maxAgeMs: number): Stored<T> | undefined {
		const entry = map.get(key);
		return entry && this.clock.now() - entry.at < maxAgeMs ? entry : undefined;
	}

	/** Runs `load`, noting when its request went out. */
	private async timed<T>(load: (watch: SendWatch) => Promise<T>, watch: SendWatch): Promise<Stored<T>> {
		let at = this.clock.now();
		const value = await load({
			sending: () => {
				at = this.clock.now();
				watch.sending();
			},
			unsent: () => watch.unsent(),
		});
		return { value, at };
	}

	/** Keeps the newer of two reads of the same thing (a slow older read may finish last). */
	private store<T>(map: Map<string, Stored<T>>, key: string, read: Stored<T>): void {
		const current = map.get(key);
		if (current && current.at > read.at) return;
		if (!current && map.size >= MAX_ENTRIES) map.clear();
		map.set(key, read);
	}
}
