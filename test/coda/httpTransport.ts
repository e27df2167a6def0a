// A CodaTransport over node:http for tests against the emulator (the node itself uses n8n's
// request helper). Like axios, it rejects with ECONNRESET when a response is cut off.
import { request } from 'node:http';
import type { CodaTransport } from '../../nodes/shared/coda/client';

export function httpTransport(baseUrl: string, token: string): CodaTransport {
	return ({ path, query }) => send('GET', baseUrl, path, token, query);
}

/** A write as a person would make it in Coda (PUT/POST/DELETE with a JSON body). */
export async function codaWrite(baseUrl: string, token: string, method: string, path: string, body?: unknown) {
	const response = await send(method, baseUrl, path, token, {}, body === undefined ? undefined : JSON.stringify(body));
	if (response.statusCode !== 202) throw new Error(`${method} ${path} answered ${response.statusCode}: ${String(response.body)}`);
	return JSON.parse(String(response.body)) as Record<string, unknown>;
}

function send(
	method: string,
	baseUrl: string,
	path: string,
	token: string,
	query: Record<string, string | number | boolean>,
	body?: string,
): Promise<{ statusCode: number; body: unknown }> {
	const url = new URL(`${baseUrl}${path}`);
	for (const [key, value] of Object.entries(query)) url.searchParams.set(key, String(value));
	return new Promise((resolve, reject) => {
		const headers: Record<string, string> = { authorization: `Bearer ${token}` };
		if (body !== undefined) headers['content-type'] = 'application/json';
		const req = request(url, { method, headers }, (res) => {
			const chunks: Buffer[] = [];
			res.on('data', (chunk: Buffer) => chunks.push(chunk));
			res.on('error', reject);
			res.on('close', () => {
				if (!res.complete) reject(Object.assign(new Error('aborted'), { code: 'ECONNRESET' }));
				else resolve({ statusCode: res.statusCode ?? 0, body: Buffer.concat(chunks).toString('utf8') });
			});
		});
		req.on('error', reject);
		req.end(body);
	});
}
