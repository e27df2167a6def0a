// Stand-ins for planner-api and memory-gateway: small HTTP servers that answer 200 (or the status
// a test sets, to play a service that is down) and keep every request they receive, so a test can
// assert exactly what n8n sent them.
import { createServer, type IncomingHttpHeaders } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface RecordedRequest {
	method: string;
	path: string;
	headers: IncomingHttpHeaders;
	/** The body parsed as JSON, or the raw text when it is not JSON. */
	body: unknown;
}

export interface Recorder {
	url: string;
	received(): RecordedRequest[];
	/** The status of the answers from now on (200 at the start). */
	answerWith(status: number): void;
	close(): Promise<void>;
}

function parse(text: string): unknown {
	try {
		return JSON.parse(text) as unknown;
	} catch {
		return text;
	}
}

export async function startRecorder(path: string): Promise<Recorder> {
	const requests: RecordedRequest[] = [];
	let status = 200;
	const server = createServer((req, res) => {
		const chunks: Buffer[] = [];
		req.on('data', (c: Buffer) => chunks.push(c));
		req.on('end', () => {
			requests.push({ method: req.method ?? '', path: req.url ?? '', headers: req.headers, body: parse(Buffer.concat(chunks).toString('utf8')) });
			res.writeHead(status, { 'content-type': 'application/json' });
			res.end(status === 200 ? '{"ok":true}' : '{"ok":false}');
		});
	});
	await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
	const { port } = server.address() as AddressInfo;
	return {
		url: `http://127.0.0.1:${port}${path}`,
		received: () => [...requests],
		answerWith: (s) => {
			status = s;
		},
		close: () =>
			new Promise<void>((resolve) => {
				server.closeAllConnections();
				server.close(() => resolve());
			}),
	};
}
