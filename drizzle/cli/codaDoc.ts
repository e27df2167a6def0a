// Reads the user's Coda doc for `erp-db plan` / `apply`: every table and its columns (names,
// formats, display column), through the package's own Coda client (paced, retried) over a small
// fetch-based transport. The API token is only ever sent to Coda, never printed.
import { CodaClient, type CodaTransport, type QueryValue } from '../../nodes/shared/coda/client';
import { CodaHttpError, CodaResponseError, CodaRetryExhaustedError } from '../../nodes/shared/coda/errors';
import { RateLimiter } from '../../nodes/shared/coda/rateLimiter';
import type { DocColumn } from '../../nodes/shared/erp/columnMatching';
import { CliError, ExitCode, UsageError, oneLine } from './errors';

export const DEFAULT_CODA_BASE_URL = 'https://coda.io/apis/v1';

export interface CodaSource {
	/** e.g. https://coda.io/apis/v1 (no trailing slash). */
	baseUrl: string;
	token: string;
	docId: string;
}

export interface DocTableColumn extends DocColumn {
	position: number;
}

export interface DocTable {
	id: string;
	name: string;
	displayColumnId: string | null;
	columns: DocTableColumn[];
}

export interface CodaDocModel {
	docId: string;
	/** Where it was read (for messages). */
	source: string;
	tables: DocTable[];
}

const DOC_ID = /^[A-Za-z0-9_-]{1,100}$/;

/**
 * CODA_API_TOKEN, CODA_DOC_ID (else the configured coda_doc_id) and CODA_BASE_URL (default Coda's).
 * A CODA_DOC_ID that differs from the configured doc is refused: the workflows sync the configured one.
 */
export function codaSourceFromEnv(env: NodeJS.ProcessEnv, configuredDocId: string): CodaSource {
	const token = env.CODA_API_TOKEN?.trim();
	if (!token) throw new UsageError('no Coda API token: set CODA_API_TOKEN (a token from coda.io/account with read access to the doc)');
	const fromEnv = env.CODA_DOC_ID?.trim();
	const docId = fromEnv || configuredDocId;
	if (!docId) throw new UsageError('no Coda doc: set CODA_DOC_ID, or `erp-db config set coda_doc_id <doc id>`');
	if (!DOC_ID.test(docId)) throw new UsageError(`CODA_DOC_ID "${docId.slice(0, 100)}" is not a Coda doc id (letters, digits, - and _)`);
	if (fromEnv && configuredDocId && fromEnv !== configuredDocId) {
		throw new UsageError(`CODA_DOC_ID ${fromEnv} is not the configured doc ${configuredDocId}: \`erp-db config set coda_doc_id ${fromEnv}\` first, or unset CODA_DOC_ID`);
	}
	const raw = env.CODA_BASE_URL?.trim() || DEFAULT_CODA_BASE_URL;
	let url: URL;
	try {
		url = new URL(raw);
	} catch {
		throw new UsageError(`CODA_BASE_URL "${raw.slice(0, 200)}" is not a URL (default ${DEFAULT_CODA_BASE_URL})`);
	}
	if (url.protocol !== 'http:' && url.protocol !== 'https:') throw new UsageError(`CODA_BASE_URL "${raw.slice(0, 200)}" is not an http(s) URL`);
	return { baseUrl: raw.replace(/\/+$/, ''), token, docId };
}

const REQUEST_TIMEOUT_MS = 30_000;

/** GETs below `baseUrl` with the bearer token; resolves for every HTTP status (the client interprets it). */
export function fetchTransport(baseUrl: string, token: string): CodaTransport {
	return async ({ path, query }) => {
		const url = new URL(`${baseUrl}${path}`);
		for (const [key, value] of Object.entries(query) as [string, QueryValue][]) url.searchParams.set(key, String(value));
		const response = await fetch(url, {
			headers: { authorization: `Bearer ${token}`, accept: 'application/json' },
			signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS),
		});
		return { statusCode: response.status, body: await response.text() };
	};
}

/**
 * A client for the CLI: Coda's read pacing, and retries bounded so a dead endpoint fails within a
 * minute while 429s (other clients share the token's budget) are waited out over several 6 s windows.
 */
export function cliCodaClient(source: CodaSource): CodaClient {
	return new CodaClient({
		transport: fetchTransport(source.baseUrl, source.token),
		limiter: new RateLimiter(),
		retry: { maxAttempts: 6, maxTotalMs: 60_000, baseDelayMs: 1000, maxDelayMs: 10_000 },
	});
}

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/** Every table of the doc with its columns, in Coda's order. */
export async function readCodaDoc(client: CodaClient, docId: string, source = 'Coda'): Promise<CodaDocModel> {
	const tables: DocTable[] = [];
	for (const table of await client.listTables(docId)) {
		const listed = await client.listColumns(docId, table.id, `the columns of table "${table.name}" (${table.id}) in doc ${docId}`);
		const columns = listed.map((c, position): DocTableColumn => {
			const format = c.format as Record<string, unknown>;
			const lookup = isObject(format.table) && typeof format.table.id === 'string' ? format.table.id : null;
			return {
				id: c.id,
				name: c.name,
				type: c.format.type,
				isArray: c.format.isArray === true,
				display: (c as { display?: unknown }).display === true,
				calculated: c.calculated === true,
				format,
				lookupTableId: lookup,
				position,
			};
		});
		const displayColumn = (table as { displayColumn?: unknown }).displayColumn;
		const displayColumnId = isObject(displayColumn) && typeof displayColumn.id === 'string' ? displayColumn.id : (columns.find((c) => c.display)?.id ?? null);
		tables.push({ id: table.id, name: table.name, displayColumnId, columns });
	}
	return { docId, source, tables };
}

const NETWORK: Record<string, string> = {
	ENOTFOUND: 'host not found',
	EAI_AGAIN: 'host name lookup failed',
	ECONNREFUSED: 'connection refused',
	ECONNRESET: 'connection reset',
	ETIMEDOUT: 'timed out',
	EHOSTUNREACH: 'host unreachable',
	ENETUNREACH: 'network unreachable',
	UND_ERR_CONNECT_TIMEOUT: 'connect timed out',
	CERT_HAS_EXPIRED: 'TLS certificate expired',
	DEPTH_ZERO_SELF_SIGNED_CERT: 'self-signed TLS certificate',
	UNABLE_TO_VERIFY_LEAF_SIGNATURE: 'TLS certificate not trusted',
};

function networkReason(err: unknown): string | undefined {
	let current: unknown = err;
	for (let depth = 0; depth < 5 && current !== null && typeof current === 'object'; depth++) {
		const { code, name, cause } = current as { code?: unknown; name?: unknown; cause?: unknown };
		if (typeof code === 'string' && NETWORK[code]) return NETWORK[code];
		if (name === 'TimeoutError') return `no answer within ${REQUEST_TIMEOUT_MS / 1000} s`;
		current = cause;
	}
	return undefined;
}

/** One line naming what failed and where; 3 for anything between here and Coda (like a database connection). */
export function explainCodaError(err: unknown, source: Pick<CodaSource, 'baseUrl' | 'docId'>): CliError {
	if (err instanceof CliError) return err;
	const where = `Coda at ${source.baseUrl}`;
	if (err instanceof CodaHttpError) {
		switch (err.statusCode) {
			case 401:
				return new CliError(`${where} refused the API token (401: ${oneLine(err.codaMessage)}); check CODA_API_TOKEN`, ExitCode.connection);
			case 403:
				return new CliError(`${where} denied access to doc ${source.docId} (403: ${oneLine(err.codaMessage)}); the token's user needs read access`, ExitCode.connection);
			case 404:
				return new CliError(`${where} answered 404 for ${err.subject} (${oneLine(err.codaMessage)}); check CODA_DOC_ID / coda_doc_id and the token's access`, ExitCode.connection);
			default:
				return new CliError(`${where} answered ${err.statusCode} for ${err.subject}: ${oneLine(err.codaMessage)}`, ExitCode.connection);
		}
	}
	if (err instanceof CodaRetryExhaustedError) return new CliError(`cannot read ${where}: ${oneLine(err.message)}`, ExitCode.connection);
	if (err instanceof CodaResponseError) return new CliError(`${where}: ${oneLine(err.message)}`, ExitCode.failure);
	const reason = networkReason(err);
	if (reason) return new CliError(`cannot reach ${where} (${reason})`, ExitCode.connection);
	return new CliError(`reading doc ${source.docId} from ${where} failed: ${oneLine(err instanceof Error ? err.message : String(err))}`, ExitCode.failure);
}

/** Reads the doc, turning every failure into one line (explainCodaError). */
export async function readDoc(source: CodaSource, client: CodaClient = cliCodaClient(source)): Promise<CodaDocModel> {
	try {
		return await readCodaDoc(client, source.docId, `Coda doc ${source.docId} at ${source.baseUrl}`);
	} catch (err) {
		throw explainCodaError(err, source);
	}
}
