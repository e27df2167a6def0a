// One Coda read shared by the concurrent executions of one n8n process that want the same
// resource (kept per credential, see perCredential.ts). Whether a caller may join a read in
// flight depends on what it needs the answer for:
// - `any`: whatever the read's age (table and column metadata, whose staleness is bounded by the
//   cache's window anyway);
// - `unsent`: only while the read has not gone out yet (waiting for the rate limiter or for a retry).
//   Its answer then reflects Coda after the caller arrived, so a webhook sharing it still sees
//   the edit it announces; an answer already on the wire, or just received, may predate that edit.
//   Rows and forced metadata refreshes are read this way; nothing is kept after a read finishes.
export type JoinRule = 'any' | 'unsent';

/** What a read reports about its request, so that `unsent` joiners know when they may join. */
export interface SendWatch {
	/** The request is about to go out. */
	sending(): void;
	/** Its answer will not be used (a 429, a 5xx, a dropped connection): the read is unsent again until its retry. */
	unsent(): void;
}

interface Read<T> {
	promise: Promise<T>;
	/** Whether its request is out (or answered): its answer may predate a caller arriving now. */
	wire: { onWire: boolean };
}

export class SharedReads<T> {
	private readonly inFlight = new Map<string, Read<T>>();

	/** Joins the read of `key` in flight when `rule` allows it, else starts one with `start`. */
	read(key: string, rule: JoinRule, start: (watch: SendWatch) => Promise<T>): Promise<T> {
		const current = this.inFlight.get(key);
		if (current && (rule === 'any' || !current.wire.onWire)) return current.promise;
		const wire = { onWire: false };
		const promise = start({
			sending: () => {
				wire.onWire = true;
			},
			unsent: () => {
				wire.onWire = false;
			},
		}).finally(() => {
			if (this.inFlight.get(key)?.promise === promise) this.inFlight.delete(key);
		});
		// A newer read replaces one already on the wire: later callers join the newer one.
		this.inFlight.set(key, { promise, wire });
		return promise;
	}

	/** Reads in flight (for tests: nothing stays behind). */
	get size(): number {
		return this.inFlight.size;
	}
}
