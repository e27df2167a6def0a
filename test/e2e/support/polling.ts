// Bounded polling and small Coda-write helpers shared by the end-to-end tests.
import type { CodaEmulator } from '../../coda-emulator';

/** Polls `check` until it returns a value other than undefined; fails after `deadlineMs` with `what`. */
export async function pollUntil<T>(what: string, deadlineMs: number, check: () => Promise<T | undefined>): Promise<T> {
	const deadline = Date.now() + deadlineMs;
	for (;;) {
		const value = await check();
		if (value !== undefined) return value;
		if (Date.now() > deadline) throw new Error(`${what}: not seen within ${deadlineMs} ms`);
		await new Promise((r) => setTimeout(r, 25));
	}
}

/** A write through the emulator's HTTP API (as a Coda user or automation would make), applied before it returns. */
export async function codaWrite<T>(coda: CodaEmulator, method: 'POST' | 'PUT' | 'DELETE', path: string, body?: unknown): Promise<T> {
	for (let attempt = 0; attempt < 30; attempt++) {
		const response = await fetch(`${coda.baseUrl}${path}`, {
			method,
			headers: { authorization: `Bearer ${coda.token}`, 'content-type': 'application/json' },
			body: body === undefined ? undefined : JSON.stringify(body),
		});
		// Writes are limited to 10 per 6 s per token, like Coda's.
		if (response.status === 429) {
			await new Promise((r) => setTimeout(r, 1000));
			continue;
		}
		const text = await response.text();
		if (response.status !== 202) throw new Error(`${method} ${path} answered ${response.status}: ${text.slice(0, 300)}`);
		await coda.mutationsSettled();
		return JSON.parse(text) as T;
	}
	throw new Error(`${method} ${path}: still rate limited after 30 attempts`);
}

/** Cells for a row write, by column name. */
export const cells = (values: Record<string, unknown>) => Object.entries(values).map(([column, value]) => ({ column, value }));
