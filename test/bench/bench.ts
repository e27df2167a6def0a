// `npm run bench`: ERP Upsert and the shipped workflows measured inside a real n8n 2.41, side by
// side with n8n's built-in Postgres node and the database floor; the backfill at scale; the
// analytics at a realistic execution_runs size. Prints one table (the machine, then every figure
// with its target) and writes the same figures as JSON under test/bench/results/.
//
//   npm run bench [-- --size full|small|tiny] [--runs N] [--only bulk,webhooks,backfill,burst,analytics]
//
// PostgreSQL at DATABASE_URL (default postgres://postgres@127.0.0.1:5432/postgres), Redis at
// REDIS_URL (queue mode, the burst). Each figure is the median of `runs` alternated runs; each
// ratio is taken within one run, then its median reported.
import { mkdirSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, totalmem } from 'node:os';
import { join } from 'node:path';
import { closeAllPools } from '../../nodes/shared/erp/pool';
import { erpDb } from '../e2e/support/e2eStack';
import { N8N_VERSION } from '../harness/n8nRuntime';
import { adminQuery, createTestDatabase, primaryServer } from '../harness/postgres';
import { benchAnalytics, type AnalyticsFigures } from './analytics';
import { prepareBenchStack } from './benchStack';
import { benchBackfill, benchBulk, benchBurst, benchWebhooks, type BackfillFigures, type BulkFigures, type BurstFigures, type WebhookFigures } from './n8nSections';

export interface BenchSize {
	bulkRows: number;
	runs: number;
	webhookCalls: number;
	burst: { calls: number; rows: number; windowMs: number; workers: number };
	backfillRows: [number, number];
	backfillRuns: number;
	analyticsRows: number;
}

/** `full` is the measure; `small` a quick look; `tiny` what `npm test` runs (it checks every figure is produced). */
export const SIZES: Record<'full' | 'small' | 'tiny', BenchSize> = {
	full: { bulkRows: 20_000, runs: 3, webhookCalls: 200, burst: { calls: 300, rows: 100, windowMs: 10_000, workers: 2 }, backfillRows: [10_000, 100_000], backfillRuns: 2, analyticsRows: 1_000_000 },
	small: { bulkRows: 2_000, runs: 2, webhookCalls: 20, burst: { calls: 30, rows: 10, windowMs: 2_000, workers: 2 }, backfillRows: [2_000, 5_000], backfillRuns: 1, analyticsRows: 50_000 },
	// 2,500 rows make the backfill read two slices (2,000 rows each).
	tiny: { bulkRows: 40, runs: 1, webhookCalls: 2, burst: { calls: 6, rows: 3, windowMs: 500, workers: 2 }, backfillRows: [100, 2_500], backfillRuns: 1, analyticsRows: 2_000 },
};

export const SECTIONS = ['bulk', 'webhooks', 'backfill', 'burst', 'analytics'] as const;
export type Section = (typeof SECTIONS)[number];

export interface BenchResult {
	size: string;
	startedAt: string;
	machine: { cores: number; memoryGb: number; loadAverage: number[]; postgres: string; n8n: string; node: string };
	parameters: BenchSize;
	bulk?: BulkFigures;
	webhooks?: WebhookFigures;
	backfill?: BackfillFigures;
	burst?: BurstFigures;
	analytics?: AnalyticsFigures;
}

export async function runBench(sizeName: keyof typeof SIZES, size: BenchSize, sections: readonly Section[], log: (line: string) => void = console.log): Promise<BenchResult> {
	const server = primaryServer();
	const result: BenchResult = {
		size: sizeName,
		startedAt: new Date().toISOString(),
		machine: {
			cores: cpus().length,
			memoryGb: Math.round((totalmem() / 2 ** 30) * 10) / 10,
			loadAverage: loadavg().map((l) => Math.round(l * 10) / 10),
			postgres: String((await adminQuery(server.url, 'SHOW server_version')).rows[0].server_version),
			n8n: N8N_VERSION,
			node: process.version,
		},
		parameters: size,
	};
	const n8nSections = sections.filter((s) => s !== 'analytics');
	if (n8nSections.length) {
		log(`preparing n8n ${N8N_VERSION}, the Coda emulator (${size.bulkRows} Tasks rows) and the erp database…`);
		const stack = await prepareBenchStack(size.bulkRows);
		try {
			await stack.startN8n('regular');
			if (sections.includes('bulk')) {
				log('bulk…');
				result.bulk = await benchBulk(stack, size.bulkRows, size.runs);
			}
			if (sections.includes('webhooks')) {
				log('sequential webhooks…');
				result.webhooks = await benchWebhooks(stack, size.webhookCalls);
			}
			if (sections.includes('backfill')) {
				log('backfill…');
				result.backfill = await benchBackfill(stack, size.backfillRows, size.backfillRuns);
			}
			if (sections.includes('burst')) {
				log(`burst (queue mode, ${size.burst.workers} workers)…`);
				await stack.startN8n('queue', size.burst.workers);
				result.burst = await benchBurst(stack, size.burst.calls, size.burst.rows, size.burst.windowMs);
			}
		} catch (err) {
			// What n8n printed says why a workflow did not run.
			log(`n8n's output, last lines:\n${stack.n8nLogs().slice(-4000)}`);
			throw err;
		} finally {
			await stack.stop();
			await closeAllPools();
		}
	}
	if (sections.includes('analytics')) {
		log(`analytics over ${size.analyticsRows} execution_runs rows…`);
		const db = await createTestDatabase(server, 'bench_analytics');
		try {
			await erpDb(['migrate'], db.url);
			result.analytics = await benchAnalytics(db.pool, size.analyticsRows, Math.max(3, size.runs));
		} finally {
			await db.drop();
		}
	}
	return result;
}

const ms = (v: number) => (v >= 10_000 ? `${(v / 1000).toFixed(1)} s` : `${Math.round(v)} ms`);
const x = (v: number) => `${v.toFixed(2)}×`;
const pct = (v: number) => `${v >= 0 ? '+' : ''}${Math.round(v * 100)}%`;
const n = (v: number) => Math.round(v).toLocaleString('en-US');

/** The result as one Markdown table (measure | figure | target), after a line on the machine. */
export function formatResult(r: BenchResult): string {
	const m = r.machine;
	const lines = [
		`Machine: ${m.cores} cores, ${m.memoryGb} GB, load average ${m.loadAverage.join(' ')} at start; PostgreSQL ${m.postgres}; n8n ${m.n8n}; bench process Node ${m.node}. Size "${r.size}", medians of ${r.parameters.runs} alternated runs.`,
		'',
		'| measure | figure | target |',
		'|---|---|---|',
	];
	const row = (measure: string, figure: string, target = '') => lines.push(`| ${measure} | ${figure} | ${target} |`);
	if (r.bulk) {
		const b = r.bulk;
		const label = `${n(b.rows)} rows × ${b.codaColumns} Coda columns`;
		for (const [name, s] of [['first load', b.firstLoad], ['re-sync, nothing changed', b.resyncUnchanged], ['re-sync, 10% changed', b.changed10]] as const) {
			row(`bulk ${name} (${label}): ERP Upsert node in n8n`, ms(s.erpNodeMs), name === 'first load' ? '' : name.includes('nothing') ? `≤ 30% of first load (${ms(0.3 * b.firstLoad.erpNodeMs)})` : '');
			row(`  n8n Postgres node v2.6 Insert or update (+ Code mapping)`, `${ms(s.postgresNodeMs)} (node alone ${ms(s.postgresUpsertOnlyMs)}); ${x(s.postgresToErpNode)} the ERP Upsert node`, 'ratio reported');
			row(`  in-process floor (best of COPY + upsert, unnest)`, `${ms(s.floorMs)}; ERP Upsert node ${x(s.erpNodeToFloor)} of it`, name === 'first load' ? 'node ≤ 1.10× floor' : '');
			row(`  ERP Upsert module in-process`, `${ms(s.moduleMs)}; n8n overhead ${pct(s.n8nOverhead)}`, '≤ +15%');
			if (name.includes('nothing')) row('  rows rewritten by ERP Upsert', n(s.erpRowsWritten), '0');
		}
	}
	if (r.webhooks) {
		const w = r.webhooks;
		row(`${w.calls} sequential webhook calls: real-time workflow`, `p50 ${ms(w.realtimeP50Ms)}, p95 ${ms(w.realtimeP95Ms)}`, `p95 ≤ 2× built-in`);
		row('  built-in Webhook → Postgres upsert (2 nodes)', `p50 ${ms(w.builtinP50Ms)}, p95 ${ms(w.builtinP95Ms)}; real-time p95 ${x(w.p95Ratio)}`, '');
	}
	if (r.burst) {
		const b = r.burst;
		row(`burst, queue mode: ${b.calls} calls for ${b.rows} rows in ${b.windowMs / 1000} s`, `p50 ${ms(b.p50Ms)}, p95 ${ms(b.p95Ms)}, max ${ms(b.maxMs)}`, 'p95 reported');
		row('  calls answered 200; rows converged', `${b.answered}/${b.calls}; ${b.rowsConverged}/${b.rows}`, 'all; all');
		row('  Coda reads (most in any 6 s; 429s)', `${b.codaReads} (${b.codaReadsMaxPer6s}; ${b.coda429s})`, '≤ 100 per 6 s');
	}
	if (r.backfill) {
		const { small, large } = r.backfill;
		for (const run of [small, large]) {
			row(`backfill, one table of ${n(run.rows)} rows`, `${n(run.rowsPerSecond)} rows/s; ${run.codaRequests} Coda requests, ${run.codaPages} pages; peak RSS ${Math.round(run.peakRssMb)} MB`, run === large ? '≤ 1 GB; requests = pages' : 'requests = pages');
		}
		row('  peak memory, large over small', pct(r.backfill.memoryGrowth), '≤ +15%');
	}
	if (r.analytics) {
		const a = r.analytics;
		row(`analytics, ${n(a.rows)} execution_runs: refresh pattern_analytics`, ms(a.refreshMs), '');
		row('  per-workflow runs, success rate, p95: from the view', ms(a.queryWithViewMs), '≤ 50 ms');
		row('  the same from execution_runs, last 30 days', ms(a.queryWithoutViewMs), '');
	}
	return lines.join('\n');
}

/** Every figure of the sections run, by path (e.g. `bulk.firstLoad.erpNodeMs`), for checking that none is missing. */
export function figures(r: BenchResult): Record<string, number> {
	const out: Record<string, number> = {};
	const walk = (prefix: string, v: unknown) => {
		if (typeof v === 'number') out[prefix] = v;
		else if (v && typeof v === 'object') for (const [k, inner] of Object.entries(v)) walk(prefix ? `${prefix}.${k}` : k, inner);
	};
	for (const s of SECTIONS) walk(s, r[s]);
	return out;
}

export function writeResult(r: BenchResult, dir: string): string {
	mkdirSync(dir, { recursive: true });
	const file = join(dir, `bench-${r.size}-${r.startedAt.replace(/[:.]/g, '-')}.json`);
	writeFileSync(file, `${JSON.stringify(r, null, '\t')}\n`);
	return file;
}

function parseArgs(argv: string[]): { size: keyof typeof SIZES; runs?: number; only: Section[] } {
	const args = new Map<string, string>();
	for (let i = 0; i < argv.length; i++) {
		const [flag, inline] = argv[i].split('=', 2);
		if (!flag.startsWith('--')) throw new Error(`unexpected argument ${argv[i]}`);
		args.set(flag.slice(2), inline ?? argv[++i] ?? '');
	}
	for (const k of args.keys()) if (!['size', 'runs', 'only'].includes(k)) throw new Error(`unknown option --${k} (options: --size full|small|tiny, --runs N, --only ${SECTIONS.join(',')})`);
	const size = (args.get('size') ?? process.env.BENCH_SIZE ?? 'full') as keyof typeof SIZES;
	if (!(size in SIZES)) throw new Error(`--size must be one of ${Object.keys(SIZES).join(', ')}, got ${size}`);
	const runsText = args.get('runs') ?? process.env.BENCH_RUNS;
	const runs = runsText === undefined ? undefined : Number(runsText);
	if (runs !== undefined && !(Number.isInteger(runs) && runs >= 1)) throw new Error(`--runs must be a whole number ≥ 1, got ${runsText}`);
	const only = (args.get('only') ?? SECTIONS.join(',')).split(',').filter(Boolean) as Section[];
	const unknown = only.filter((s) => !SECTIONS.includes(s));
	if (unknown.length) throw new Error(`--only takes ${SECTIONS.join(', ')}; unknown: ${unknown.join(', ')}`);
	return { size, runs, only };
}

async function main() {
	const { size, runs, only } = parseArgs(process.argv.slice(2));
	process.env.DATABASE_URL ??= 'postgres://postgres@127.0.0.1:5432/postgres';
	const params = { ...SIZES[size], ...(runs ? { runs, backfillRuns: runs } : {}) };
	const result = await runBench(size, params, only);
	console.log(`\n${formatResult(result)}\n`);
	console.log(`figures written to ${writeResult(result, join(__dirname, 'results'))}`);
}

if (require.main === module) {
	main().then(
		() => process.exit(0),
		(err) => {
			console.error(err instanceof Error ? err.stack ?? err.message : err);
			process.exit(1);
		},
	);
}
