// HTTP around the API: the /apis/v1 prefix, faults, Bearer auth, rate limits, JSON bodies
// (at most 2 MB), Coda's error body, and the request log.
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { handle, MethodNotAllowed, type ApiContext, type ApiResponse } from './api';
import { BadRequest } from './cellEdits';
import type { FaultState } from './faults';
import type { LimitKind, RateLimiter } from './rateLimit';
import { NotFound } from './store';
import { BadToken, ExpiredToken } from './tokens';

export const API_PREFIX = '/apis/v1';
const MAX_BODY_BYTES = 2 * 1024 * 1024;

const STATUS_MESSAGES: Record<number, string> = {
	400: 'Bad Request', 401: 'Unauthorized', 403: 'Forbidden', 404: 'Not Found', 405: 'Method Not Allowed', 410: 'Gone',
	429: 'Too Many Requests', 500: 'Internal Server Error', 502: 'Bad Gateway', 503: 'Service Unavailable', 504: 'Gateway Timeout',
};

export interface LogEntry {
	method: string;
	path: string;
	query: Record<string, string>;
	status: number;
	/** When the request arrived (epoch ms): rates over Coda's 6 s windows are counted from it. */
	at: number;
	/** The connection was cut mid-response (dropNext). */
	dropped?: boolean;
}

export interface ServerDeps {
	api: ApiContext;
	token: string;
	faults: FaultState;
	limiter: RateLimiter | null;
	log: LogEntry[];
}

export function errorBody(status: number, message?: string, extra: Record<string, unknown> = {}) {
	const statusMessage = STATUS_MESSAGES[status] ?? 'Error';
	return { statusCode: status, statusMessage, message: message ?? statusMessage, ...extra };
}

class BodyTooLarge extends Error {}

function readBody(req: IncomingMessage): Promise<unknown> {
	return new Promise((resolve, reject) => {
		const chunks: Buffer[] = [];
		let size = 0;
		req.on('data', (chunk: Buffer) => {
			size += chunk.length;
			if (size > MAX_BODY_BYTES) {
				req.removeAllListeners('data');
				req.resume(); // drain the rest so the 400 can still be delivered
				reject(new BodyTooLarge());
				return;
			}
			chunks.push(chunk);
		});
		req.on('end', () => {
			const text = Buffer.concat(chunks).toString('utf8');
			if (text.trim() === '') return resolve(undefined);
			try {
				resolve(JSON.parse(text));
			} catch {
				reject(new BadRequest('The request body is not valid JSON.'));
			}
		});
		req.on('error', reject);
	});
}

function limitKind(method: string, segments: string[]): LimitKind {
	if (method !== 'GET') return 'write';
	return segments.length === 1 && segments[0] === 'docs' ? 'listDocs' : 'read';
}

/** An error the API threw, as the response Coda gives for it. */
export function toResponse(err: unknown): ApiResponse {
	if (err instanceof BodyTooLarge) return { status: 400, body: errorBody(400, 'The request body is larger than 2 MB.') };
	if (err instanceof BadRequest) {
		return { status: 400, body: errorBody(400, err.message, err.codaDetail ? { codaType: 'invalidRequest', codaDetail: err.codaDetail } : {}) };
	}
	if (err instanceof URIError) return { status: 400, body: errorBody(400, 'The request path is not valid URI encoding.') };
	if (err instanceof ExpiredToken) return { status: err.status, body: errorBody(err.status, err.message) };
	if (err instanceof BadToken) return { status: 400, body: errorBody(400, err.message) };
	if (err instanceof NotFound) return { status: 404, body: errorBody(404, err.message) };
	if (err instanceof MethodNotAllowed) return { status: 405, body: errorBody(405) };
	return { status: 500, body: errorBody(500, (err as Error).message) };
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

export function createEmulatorServer(deps: ServerDeps): Server {
	return createServer((req, res) => {
		void serve(deps, req, res);
	});
}

async function serve(deps: ServerDeps, req: IncomingMessage, res: ServerResponse): Promise<void> {
	const url = new URL(req.url ?? '/', 'http://emulator');
	const method = req.method ?? 'GET';
	const entry: LogEntry = { method, path: url.pathname, query: Object.fromEntries(url.searchParams), status: 0, at: Date.now() };
	deps.log.push(entry);
	let dropped = false;
	const send = ({ status, body }: ApiResponse) => {
		entry.status = status;
		const payload = JSON.stringify(body);
		res.writeHead(status, { 'Content-Type': 'application/json; charset=utf-8', 'Content-Length': Buffer.byteLength(payload) });
		if (!dropped) {
			res.end(payload);
			return;
		}
		// Headers and part of the body, then the connection dies: what a client sees mid-page.
		entry.dropped = true;
		res.write(payload.slice(0, Math.floor(payload.length / 2)), () => res.socket?.destroy());
	};
	try {
		if (deps.faults.latencyMs > 0) await sleep(deps.faults.latencyMs);
		const fault = deps.faults.next(entry);
		if (fault.kind === '429') return send({ status: 429, body: errorBody(429) });
		if (fault.kind === '5xx') return send({ status: fault.status, body: errorBody(fault.status) });
		dropped = fault.kind === 'drop';
		if (!url.pathname.startsWith(`${API_PREFIX}/`)) return send({ status: 404, body: errorBody(404, `Not an API path: ${url.pathname}`) });
		if (req.headers.authorization !== `Bearer ${deps.token}`) return send({ status: 401, body: errorBody(401) });
		const segments = url.pathname.slice(API_PREFIX.length + 1).split('/').filter(Boolean).map(decodeURIComponent);
		if (deps.limiter && !deps.limiter.take(deps.token, limitKind(method, segments))) return send({ status: 429, body: errorBody(429) });
		const body = method === 'GET' || method === 'HEAD' ? undefined : await readBody(req);
		send(handle(deps.api, { method, segments, query: url.searchParams, body }));
	} catch (err) {
		send(toResponse(err));
	}
}
