// Opaque page and sync tokens. Both are base64url JSON (as Coda's look) carrying an HMAC so that
// a token from another table, another query or another emulator instance is rejected with a 400.
// `expireSyncTokens` ends every sync token issued so far, as Coda's expire.
import { createHmac, randomBytes } from 'node:crypto';

export class BadToken extends Error {}

/** A sync token that was valid once and has expired (answered with the status `expireSyncTokens` chose). */
export class ExpiredToken extends BadToken {
	constructor(readonly status: 400 | 410) {
		super('The sync token has expired: list the table without it to get a new one.');
	}
}

export interface PageState {
	/** What is being listed: `tables`, `columns:<tableId>`, `rows:<tableId>`. */
	scope: string;
	/** Rows: seq of the last row served (cursor); tables/columns: offset. */
	cursor: number;
	/** Rows served so far (informational, like Coda's offset). */
	offset: number;
	/** The request's parameters that define the result set (and how to render it). */
	params: Record<string, string>;
	/** Doc change counter when the listing started: the sync token handed out on its last page. */
	snapshot: number;
}

export interface SyncState {
	scope: string;
	version: number;
	/** Hash of the filter the token was minted for. */
	query: string;
}

export class TokenCodec {
	private readonly secret = randomBytes(16);
	/** Sync tokens are signed with a secret of their own, replaced when they expire. */
	private syncSecret = randomBytes(16);
	/** Secrets of expired sync tokens, with the status their use is answered with. */
	private readonly expired: Array<{ secret: Buffer; status: 400 | 410 }> = [];

	private sign(kind: string, body: string, secret: Buffer = kind === 'sync' ? this.syncSecret : this.secret): string {
		return createHmac('sha256', secret).update(kind).update(body).digest('base64url').slice(0, 16);
	}

	/** Every sync token issued so far expires: using one is answered with `status`; tokens issued later work. */
	expireSyncTokens(status: 400 | 410 = 410): void {
		if (status !== 400 && status !== 410) throw new Error(`expireSyncTokens status must be 400 or 410, got ${String(status)}`);
		this.expired.push({ secret: this.syncSecret, status });
		this.syncSecret = randomBytes(16);
	}

	private encode(kind: string, payload: object): string {
		const body = JSON.stringify(payload);
		return Buffer.from(JSON.stringify({ ...payload, s: this.sign(kind, body) })).toString('base64url');
	}

	private decode(kind: string, token: string, what: string): Record<string, unknown> {
		let parsed: Record<string, unknown>;
		try {
			parsed = JSON.parse(Buffer.from(token, 'base64url').toString('utf8')) as Record<string, unknown>;
		} catch {
			throw new BadToken(`Invalid ${what}: it is not a token this API issued.`);
		}
		if (!parsed || typeof parsed !== 'object') throw new BadToken(`Invalid ${what}: it is not a token this API issued.`);
		const { s, ...payload } = parsed;
		const body = JSON.stringify(payload);
		if (s !== this.sign(kind, body)) {
			const expired = kind === 'sync' ? this.expired.find((e) => s === this.sign(kind, body, e.secret)) : undefined;
			if (expired) throw new ExpiredToken(expired.status);
			throw new BadToken(`Invalid ${what}: it was not issued for this doc or has been tampered with.`);
		}
		return payload;
	}

	pageToken(state: PageState): string {
		return this.encode('page', { o: state.offset, c: state.cursor, sc: state.scope, p: state.params, v: state.snapshot });
	}

	readPageToken(token: string, scope: string): PageState {
		const p = this.decode('page', token, 'page token');
		if (p.sc !== scope) throw new BadToken('Invalid page token: it belongs to a different listing.');
		return { scope, offset: Number(p.o), cursor: Number(p.c), params: p.p as Record<string, string>, snapshot: Number(p.v) };
	}

	syncToken(state: SyncState): string {
		return this.encode('sync', { sc: state.scope, v: state.version, q: state.query });
	}

	readSyncToken(token: string, scope: string, query: string): SyncState {
		const p = this.decode('sync', token, 'sync token');
		if (p.sc !== scope) throw new BadToken('Invalid sync token: it was issued for a different table.');
		if (p.q !== query) throw new BadToken('Invalid sync token: it was issued for a different query.');
		return { scope, version: Number(p.v), query };
	}
}
