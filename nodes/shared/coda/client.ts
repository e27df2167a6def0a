// Coda API v1 reads: one paced, retried GET per call, paging by `pageToken` sent together with
// the original query parameters. The HTTP transport is injected (n8n's authenticated request
// helper in the node, a plain HTTP client in tests).
import type { z } from 'zod';
import {
	type CodaColumn,
	type CodaDoc,
	type CodaList,
	type CodaRow,
	type CodaTable,
	columnSchema,
	docSchema,
	listSchema,
	rowIdSchema,
	rowSchema,
	tableSchema,
} from './apiSchemas';
import { CodaHttpError, CodaResponseError } from './errors';
import type { Clock, Limiter } from './rateLimiter';
import type { SendWatch, SharedReads } from './sharedReads';
import type { ColumnFreshness, TableCache } from './tableCache';
import { type AttemptOutcome, DEFAULT_RETRY_POLICY, type RetryCounters, type RetryPolicy, transientNetworkProblem, withRetry } from './retry';

export type QueryValue = string | number | boolean;

export interface CodaRequest {
	/** Path below the API base URL, e.g. `/docs/abc/tables`. */
	path: string;
	query: Record<string, QueryValue>;
}

/** Transports resolve for every HTTP status and reject only when no response arrived. */
export interface CodaResponse {
	statusCode: number;
	body: unknown;
}

export type CodaTransport = (request: CodaRequest) => Promise<CodaResponse>;

export interface RequestStats extends RetryCounters {
	/** HTTP requests sent, retries included. */
	requests: number;
	/** Pages of rows read. */
	pages: number;
}

export interface CodaClientOptions {
	transport: CodaTransport;
	limiter?: Pick<Limiter, 'acquire'>;
	/** Table metadata of recent runs, shared per credential. */
	tables?: TableCache;
	/** Row reads in flight, shared per credential (a webhook joins only one not sent yet). */
	rows?: SharedReads<CodaRow | null>;
	retry?: RetryPolicy;
	clock?: Clock;
	random?: () => number;
}

/** Coda serves at most 100 columns per page whatever limit is asked for. */
const COLUMN_PAGE_SIZE = 100;
/** Coda's maximum row page size is unpublished and clamps silently; ask for this much. */
export const MAX_ROW_PAGE_SIZE = 500;

const REASON_PHRASES: Record<number, string> = {
	429: 'Too Many Requests',
	500: 'Internal Server Error',
	502: 'Bad Gateway',
	503: 'Service Unavailable',
	504: 'Gateway Timeout',
};

export function docPath(docId: string): string {
	return `/docs/${encodeURIComponent(docId)}`;
}

export function tablePath(docId: string, tableIdOrName: string): string {
	return `${docPath(docId)}/tables/${encodeURIComponent(tableIdOrName)}`;
}

export class CodaClient {
	readonly stats: RequestStats = { requests: 0, pages: 0, retried429: 0, retriedOther: 0 };

	constructor(private readonly options: CodaClientOptions) {}

	/** One GET, paced and retried; the body is checked against `schema`. `watch` hears each send and retry. */
	async get<S extends z.ZodTypeAny>(
		path: string,
		query: Record<string, QueryValue>,
		schema: S,
		subject: string,
		watch?: SendWatch,
	): Promise<z.infer<S>> {
		const { transport, limiter } = this.options;
		return withRetry<z.infer<S>>(
			async (): Promise<AttemptOutcome<z.infer<S>>> => {
				await limiter?.acquire();
				watch?.sending();
				this.stats.requests++;
				let outcome: AttemptOutcome<z.infer<S>>;
				try {
					outcome = this.interpret(await transport({ path, query }), path, schema, subject);
				} catch (error) {
					// A dropped connection is retried (retry.ts); any other error ends the read.
					if (transientNetworkProblem(error)) watch?.unsent();
					throw error;
				}
				if (!outcome.ok) watch?.unsent();
				return outcome;
			},
			{
				policy: this.options.retry ?? DEFAULT_RETRY_POLICY,
				counters: this.stats,
				subject,
				clock: this.options.clock,
				random: this.options.random,
			},
		);
	}

	private interpret<S extends z.ZodTypeAny>(
		response: CodaResponse,
		path: string,
		schema: S,
		subject: string,
	): AttemptOutcome<z.infer<S>> {
		const { statusCode } = response;
		const body = parseBody(response.body);
		if (statusCode === 429) {
			return { ok: false, kind: 'rateLimited', problem: `429 ${statusMessage(body, 429)}`, statusCode };
		}
		if (statusCode >= 500) {
			return { ok: false, kind: 'serverError', problem: `${statusCode} ${statusMessage(body, statusCode)}`, statusCode };
		}
		if (statusCode < 200 || statusCode >= 300) {
			throw new CodaHttpError(statusCode, codaMessage(body ?? response.body, statusCode), subject);
		}
		if (body === undefined) {
			// A connection dropped mid-body can leave a truncated JSON text behind.
			return { ok: false, kind: 'serverError', problem: `${statusCode} with an incomplete body`, statusCode };
		}
		const parsed = schema.safeParse(body);
		if (!parsed.success) {
			const issue = parsed.error.issues[0];
			throw new CodaResponseError(
				`Coda's answer to GET ${path} for ${subject} does not have the documented shape: ${issue.path.join('.') || '(root)'}: ${issue.message}`,
			);
		}
		return { ok: true, value: parsed.data };
	}

	/**
	 * Every page of a list, following `nextPageToken` with the original parameters. `watch` hears
	 * the first page only: once it is answered, the list is as old as that answer.
	 */
	async *pages<S extends z.ZodTypeAny>(
		path: string,
		query: Record<string, QueryValue>,
		item: S,
		subject: string,
		startPageToken?: string,
		watch?: SendWatch,
	): AsyncGenerator<CodaList<z.infer<S>>> {
		const schema = listSchema(item);
		let pageToken = startPageToken;
		let first = true;
		do {
			const page = (await this.get(path, pageToken ? { ...query, pageToken } : query, schema, subject, first ? watch : undefined)) as CodaList<
				z.infer<S>
			>;
			first = false;
			yield page;
			pageToken = page.nextPageToken ?? undefined;
		} while (pageToken);
	}

	async listDocsPage(search: string | undefined, pageToken?: string): Promise<CodaList<CodaDoc>> {
		const query: Record<string, QueryValue> = { limit: 100 };
		if (search) query.query = search;
		if (pageToken) query.pageToken = pageToken;
		return (await this.get('/docs', query, listSchema(docSchema), 'the list of docs')) as CodaList<CodaDoc>;
	}

	async listTables(docId: string): Promise<CodaTable[]> {
		const tables: CodaTable[] = [];
		for await (const page of this.pages(
			`${docPath(docId)}/tables`,
			{ limit: 100, tableTypes: 'table' },
			tableSchema,
			`the tables of doc ${docId}`,
		)) {
			tables.push(...page.items);
		}
		return tables;
	}

	/** A table by id or name, from the shared metadata when it holds it. */
	async getTable(docId: string, tableIdOrName: string): Promise<CodaTable> {
		const read = (watch?: SendWatch) =>
			this.get(tablePath(docId, tableIdOrName), {}, tableSchema, `table ${tableIdOrName} in doc ${docId}`, watch);
		return this.options.tables ? this.options.tables.table(docId, tableIdOrName, read) : read();
	}

	/** A table's columns, from the shared metadata when it holds a list recent enough for `freshness`. */
	async columns(docId: string, tableId: string, subject: string, freshness: ColumnFreshness): Promise<CodaColumn[]> {
		const read = (watch?: SendWatch) => this.listColumns(docId, tableId, subject, watch);
		return this.options.tables ? this.options.tables.columns(docId, tableId, freshness, read) : read();
	}

	/** A table's columns as Coda lists them now. */
	async listColumns(docId: string, tableId: string, subject: string, watch?: SendWatch): Promise<CodaColumn[]> {
		const columns: CodaColumn[] = [];
		for await (const page of this.pages(
			`${tablePath(docId, tableId)}/columns`,
			{ limit: COLUMN_PAGE_SIZE },
			columnSchema,
			subject,
			undefined,
			watch,
		)) {
			columns.push(...page.items);
		}
		return columns;
	}

	/**
	 * One row in rich format, or null when Coda answers 404 (the row was deleted). Concurrent
	 * reads of the same row share one request while it has not been sent (sharedReads.ts).
	 */
	async getRow(docId: string, tableId: string, rowId: string, subject: string): Promise<CodaRow | null> {
		const read = (watch?: SendWatch) => this.readRow(docId, tableId, rowId, subject, watch);
		return this.options.rows ? this.options.rows.read(`${docId}\n${tableId}\n${rowId}`, 'unsent', read) : read();
	}

	private async readRow(docId: string, tableId: string, rowId: string, subject: string, watch?: SendWatch): Promise<CodaRow | null> {
		try {
			return await this.get(
				`${tablePath(docId, tableId)}/rows/${encodeURIComponent(rowId)}`,
				{ valueFormat: 'rich' },
				rowSchema,
				subject,
				watch,
			);
		} catch (error) {
			if (error instanceof CodaHttpError && error.statusCode === 404) return null;
			throw error;
		}
	}

	/** Pages of rows in rich format; `syncToken` restricts them to rows changed since it was minted. */
	async *rowPages(
		docId: string,
		tableId: string,
		options: { limit: number; syncToken?: string; pageToken?: string },
		subject: string,
	): AsyncGenerator<CodaList<CodaRow>> {
		const query: Record<string, QueryValue> = { valueFormat: 'rich', limit: options.limit };
		if (options.syncToken) query.syncToken = options.syncToken;
		for await (const page of this.pages(`${tablePath(docId, tableId)}/rows`, query, rowSchema, subject, options.pageToken)) {
			this.stats.pages++;
			yield page;
		}
	}

	/**
	 * Every current row id of a table. Coda has no column projection, so the cheapest listing is
	 * the largest page size with `valueFormat=simple` (plain scalars instead of JSON-LD objects)
	 * and column ids as keys; `visibleOnly` stays off because it would also drop filtered-out rows.
	 */
	async listRowIds(docId: string, tableId: string, limit: number, subject: string): Promise<string[]> {
		const ids: string[] = [];
		for await (const page of this.pages(
			`${tablePath(docId, tableId)}/rows`,
			{ valueFormat: 'simple', limit },
			rowIdSchema,
			subject,
		)) {
			this.stats.pages++;
			for (const row of page.items) ids.push(row.id);
		}
		return ids;
	}
}

/** JSON bodies may arrive parsed or as text; undefined marks a text that is not JSON (truncated). */
function parseBody(body: unknown): unknown {
	if (typeof body !== 'string') return body;
	if (body.trim() === '') return null;
	try {
		return JSON.parse(body) as unknown;
	} catch {
		return undefined;
	}
}

function statusMessage(body: unknown, statusCode: number): string {
	const value = body && typeof body === 'object' ? (body as { statusMessage?: unknown }).statusMessage : undefined;
	return typeof value === 'string' && value ? value : (REASON_PHRASES[statusCode] ?? 'Error');
}

/** Coda's error body is `{statusCode, statusMessage, message}`. */
function codaMessage(body: unknown, statusCode: number): string {
	if (body && typeof body === 'object') {
		const { message, statusMessage: phrase } = body as { message?: unknown; statusMessage?: unknown };
		if (typeof message === 'string' && message) return message;
		if (typeof phrase === 'string' && phrase) return phrase;
	}
	if (typeof body === 'string' && body) return body.slice(0, 300);
	return `HTTP ${statusCode}`;
}
