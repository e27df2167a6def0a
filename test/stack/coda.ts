// The Coda side of `npm start`: the user's real doc when CODA_API_TOKEN and CODA_DOC_ID are set
// (at CODA_BASE_URL, default Coda's own API), else the emulator with its sample doc, run as its own
// process (`npm run coda-emulator`).
import { readFileSync } from 'node:fs';
import { DEFAULT_CODA_BASE_URL } from '../../drizzle/cli/codaDoc';
import { httpOk, pickPort, reusable, spawnService, waitFor, writeRecord, forgetRecord, stopService } from './services';

export interface StackCoda {
	baseUrl: string;
	token: string;
	docId: string;
	label: string;
	/** The user's doc (CODA_API_TOKEN + CODA_DOC_ID): its plan is printed and applied before the backfill. */
	userDoc: boolean;
	/** Stops the emulator; undefined when this run did not start it. */
	stop?: () => Promise<void>;
}

/** The emulator prints these lines when it is ready. */
function readyInfo(logText: string): { baseUrl: string; token: string; docId: string } | undefined {
	const pick = (label: string) => new RegExp(`^${label}:\\s+(\\S+)`, 'm').exec(logText)?.[1];
	const baseUrl = pick('Base URL');
	const token = pick('API token');
	const docId = pick('Doc id');
	return baseUrl && token && docId ? { baseUrl, token, docId } : undefined;
}

export async function startCoda(log: (line: string) => void): Promise<StackCoda> {
	const { CODA_API_TOKEN: token, CODA_DOC_ID: docId } = process.env;
	if (token && docId) {
		if (!/^[A-Za-z0-9_-]+$/.test(docId)) throw new Error(`CODA_DOC_ID "${docId}" is not a Coda doc id (letters, digits, - and _)`);
		const baseUrl = (process.env.CODA_BASE_URL?.trim() || DEFAULT_CODA_BASE_URL).replace(/\/+$/, '');
		log(`Coda: your doc ${docId} at ${baseUrl}`);
		return { baseUrl, token, docId, label: `Coda doc ${docId}`, userDoc: true };
	}
	if (token || docId) throw new Error('Set both CODA_API_TOKEN and CODA_DOC_ID to sync a real Coda doc (or neither for the emulator)');

	const running = await reusable('coda-emulator', (r) => httpOk(`${r.info.baseUrl}/whoami`, { authorization: `Bearer ${r.info.token}` }));
	if (running) {
		log(`Coda: reusing the emulator at ${running.info.baseUrl}`);
		const { baseUrl, token: t, docId: d } = running.info;
		return { baseUrl, token: t, docId: d, label: 'Coda emulator (sample doc)', userDoc: false };
	}
	const port = await pickPort(8787);
	const child = spawnService('coda-emulator', process.execPath, ['--import', 'tsx', 'test/coda-emulator/cli.ts', '--port', String(port)], process.env);
	const logStart = readFileSync(child.logFile, 'utf8').length;
	let info: ReturnType<typeof readyInfo>;
	await waitFor('the Coda emulator', async () => (info = readyInfo(readFileSync(child.logFile, 'utf8').slice(logStart))) !== undefined, {
		timeoutMs: 60_000,
		logFile: child.logFile,
		gone: child.exited,
	});
	const ready = info!;
	writeRecord('coda-emulator', { pid: child.pid, port, info: ready });
	log(`Coda: started the emulator with the sample doc at ${ready.baseUrl} (log: ${child.logFile})`);
	return {
		...ready,
		label: 'Coda emulator (sample doc)',
		userDoc: false,
		async stop() {
			await stopService(child.pid);
			forgetRecord('coda-emulator');
		},
	};
}
