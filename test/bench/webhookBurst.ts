// A burst of webhook calls spread evenly over a window and timed one by one, and the Coda reads
// made meanwhile per 6 s (the window of Coda's rate limit), counted from the emulator's request
// times: the benchmark's burst section.
import { msSince, percentile } from './stats';
import type { CodaEmulator } from '../coda-emulator';

export interface CallAnswer {
	status: number;
	text: string;
}

export interface BurstOutcome {
	calls: number;
	/** Calls answered 200. */
	answered: number;
	/** The other calls (status 0: the request failed, `text` says why). */
	failures: Array<CallAnswer & { call: number }>;
	p50Ms: number;
	p95Ms: number;
	maxMs: number;
}

/** `calls` calls of `call(k)`, call k sent k·windowMs/calls after the start, all awaited. */
export async function webhookBurst(calls: number, windowMs: number, call: (k: number) => Promise<CallAnswer>): Promise<BurstOutcome> {
	const started = Date.now();
	const latencies: number[] = [];
	const failures: BurstOutcome['failures'] = [];
	await Promise.all(
		Array.from({ length: calls }, async (_, k) => {
			await new Promise((r) => setTimeout(r, started + (k * windowMs) / calls - Date.now()));
			const t0 = process.hrtime.bigint();
			const answer = await call(k).catch((err: Error) => ({ status: 0, text: err.message }));
			latencies.push(msSince(t0));
			if (answer.status !== 200) failures.push({ call: k, ...answer });
		}),
	);
	return {
		calls,
		answered: calls - failures.length,
		failures,
		p50Ms: percentile(latencies, 50),
		p95Ms: percentile(latencies, 95),
		maxMs: Math.max(...latencies),
	};
}

export interface CodaReads {
	/** GET requests. */
	reads: number;
	/** The most GET requests that arrived within any 6 s, answered or refused (429). */
	maxPer6s: number;
	/** Requests answered 429. */
	coda429s: number;
}

const CODA_WINDOW_MS = 6_000;

/** The emulator's requests that arrived from `from` to `to` (epoch ms). */
export function codaReads(coda: CodaEmulator, from: number, to = Date.now()): CodaReads {
	const log = coda.requestLog().filter((e) => e.at >= from && e.at <= to);
	const times = log.filter((e) => e.method === 'GET').map((e) => e.at);
	// The log is in arrival order: for each read, the reads that arrived in the 6 s from it.
	let maxPer6s = 0;
	for (let i = 0, j = 0; i < times.length; i++) {
		while (j < times.length && times[j] < times[i] + CODA_WINDOW_MS) j++;
		maxPer6s = Math.max(maxPer6s, j - i);
	}
	return { reads: times.length, maxPer6s, coda429s: log.filter((e) => e.status === 429).length };
}
