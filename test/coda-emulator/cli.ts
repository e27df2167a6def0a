// `npm run coda-emulator -- --port <p> [--doc sample|studio|agency] [--rows <n>] [--seed <n>] [--time-zone <iana>] [--mutation-delay-ms <n>] [--no-rate-limit]`
import { startCodaEmulator } from './index';

const USAGE = 'Usage: coda-emulator --port <p> [--doc sample|studio|agency] [--rows <n>] [--seed <n>] [--time-zone <iana>] [--mutation-delay-ms <n>] [--no-rate-limit]';

function parseArgs(argv: string[]) {
	const opts: { port: number; doc?: 'sample' | 'studio' | 'agency'; rows?: number; rateLimit: boolean; seed?: number; timeZone?: string; mutationDelayMs?: number } = { port: 8787, rateLimit: true };
	const intArg = (flag: string, value: string | undefined, min: number) => {
		const n = Number(value);
		if (value === undefined || !Number.isInteger(n) || n < min) throw new Error(`${flag} needs an integer >= ${min}, got ${value ?? 'nothing'}`);
		return n;
	};
	for (let i = 0; i < argv.length; i++) {
		const flag = argv[i];
		if (flag === '--port') opts.port = intArg(flag, argv[++i], 0);
		else if (flag === '--rows') opts.rows = intArg(flag, argv[++i], 0);
		else if (flag === '--seed') opts.seed = intArg(flag, argv[++i], 0);
		else if (flag === '--mutation-delay-ms') opts.mutationDelayMs = intArg(flag, argv[++i], 0);
		else if (flag === '--no-rate-limit') opts.rateLimit = false;
		else if (flag === '--doc') {
			const doc = argv[++i];
			if (doc !== 'sample' && doc !== 'studio' && doc !== 'agency') throw new Error(`--doc needs sample, studio or agency, got ${doc ?? 'nothing'}`);
			opts.doc = doc;
		} else if (flag === '--time-zone') {
			const zone = argv[++i];
			if (!zone) throw new Error('--time-zone needs an IANA zone name, e.g. Europe/Berlin');
			opts.timeZone = zone;
		} else throw new Error(`Unknown option ${flag}. ${USAGE}`);
	}
	return opts;
}

async function main() {
	const emulator = await startCodaEmulator(parseArgs(process.argv.slice(2)));
	const rows = emulator.tables().reduce((n, t) => n + t.rowCount, 0);
	console.log(`Coda API emulator ready (${emulator.tables().length} tables, ${rows} rows, time zone ${emulator.timeZone})`);
	console.log(`Base URL:  ${emulator.baseUrl}`);
	console.log(`API token: ${emulator.token}`);
	console.log(`Doc id:    ${emulator.docId}`);
	const stop = () => void emulator.close().then(() => process.exit(0));
	process.on('SIGINT', stop);
	process.on('SIGTERM', stop);
}

main().catch((err: unknown) => {
	console.error(`coda-emulator: ${err instanceof Error ? err.message : String(err)}`);
	process.exit(1);
});
