// Deterministic randomness: every generated id and value is a pure function of the seed and
// its coordinates (table, row, column), so a row can be (re)generated lazily on demand.

const ID_ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_-';

/** 32-bit FNV-1a over the parts, mixed so that nearby inputs give unrelated outputs. */
export function hash32(...parts: Array<string | number>): number {
	let h = 0x811c9dc5;
	for (const part of parts) {
		const s = String(part);
		for (let i = 0; i < s.length; i++) {
			h ^= s.charCodeAt(i);
			h = Math.imul(h, 0x01000193);
		}
		h ^= 0x1f; // separator, so ('ab','c') differs from ('a','bc')
		h = Math.imul(h, 0x01000193);
	}
	h ^= h >>> 16;
	h = Math.imul(h, 0x85ebca6b);
	h ^= h >>> 13;
	return h >>> 0;
}

/** mulberry32: small, fast and good enough for test data. */
export class Rng {
	private state: number;

	constructor(seed: number) {
		this.state = seed >>> 0;
	}

	next(): number {
		this.state = (this.state + 0x6d2b79f5) >>> 0;
		let t = this.state;
		t = Math.imul(t ^ (t >>> 15), t | 1);
		t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
		return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
	}

	/** Integer in [min, max]. */
	int(min: number, max: number): number {
		return min + Math.floor(this.next() * (max - min + 1));
	}

	chance(probability: number): boolean {
		return this.next() < probability;
	}

	pick<T>(items: readonly T[]): T {
		return items[Math.floor(this.next() * items.length)];
	}
}

export function rngFor(...parts: Array<string | number>): Rng {
	return new Rng(hash32(...parts));
}

/** A Coda-style id body: `length` characters from Coda's URL-safe alphabet. */
export function idChars(length: number, ...parts: Array<string | number>): string {
	const rng = rngFor('id', ...parts);
	let out = '';
	for (let i = 0; i < length; i++) out += ID_ALPHABET[Math.floor(rng.next() * ID_ALPHABET.length)];
	return out;
}
