// Coda's published limits, per token, over a sliding window: reading 100 / 6 s, writing 10 / 6 s,
// listing docs 4 / 6 s. Only requests that were let through count.

export type LimitKind = 'read' | 'write' | 'listDocs';

export const LIMITS: Record<LimitKind, { max: number; windowMs: number }> = {
	read: { max: 100, windowMs: 6_000 },
	write: { max: 10, windowMs: 6_000 },
	listDocs: { max: 4, windowMs: 6_000 },
};

export class RateLimiter {
	private readonly hits = new Map<string, number[]>();

	constructor(private readonly now: () => number = Date.now) {}

	/** True when the request may proceed (and is counted). */
	take(token: string, kind: LimitKind): boolean {
		const { max, windowMs } = LIMITS[kind];
		const key = `${kind}:${token}`;
		const t = this.now();
		const recent = (this.hits.get(key) ?? []).filter((at) => at > t - windowMs);
		if (recent.length >= max) {
			this.hits.set(key, recent);
			return false;
		}
		recent.push(t);
		this.hits.set(key, recent);
		return true;
	}
}
