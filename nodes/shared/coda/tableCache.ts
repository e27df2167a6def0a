// Table metadata (id ↔ name) of recent runs, so that a scheduled incremental fetch of an
// unchanged table needs one request (its rows), not two. Ids never change; a name may be
// stale for at most the TTL, and names are only informational in the output.
import type { CodaTable } from './apiSchemas';
import { type Clock, systemClock } from './rateLimiter';

const DEFAULT_TTL_MS = 5 * 60 * 1000;
/** Far more tables than one credential's docs hold; past it the cache simply starts over. */
const MAX_ENTRIES = 2000;

export class TableCache {
	private readonly entries = new Map<string, { table: CodaTable; expires: number }>();

	constructor(
		private readonly ttlMs = DEFAULT_TTL_MS,
		private readonly clock: Clock = systemClock,
	) {}

	/** A table looked up by id or name in this doc within the TTL. */
	get(docId: string, tableIdOrName: string): CodaTable | undefined {
		const key = `${docId}\n${tableIdOrName}`;
		const entry = this.entries.get(key);
		if (!entry) return undefined;
		if (entry.expires <= this.clock.now()) {
			this.entries.delete(key);
			return undefined;
		}
		return entry.table;
	}

	remember(docId: string, table: CodaTable): void {
		if (this.entries.size >= MAX_ENTRIES) this.entries.clear();
		const expires = this.clock.now() + this.ttlMs;
		for (const ref of [table.id, table.name]) this.entries.set(`${docId}\n${ref}`, { table, expires });
	}
}
