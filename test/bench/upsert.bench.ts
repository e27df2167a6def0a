// Benchmark (not a test): 20,000 Coda rows of erp.tasks (20 Coda columns) written by
//  - a hand-written `INSERT … SELECT FROM unnest(…) ON CONFLICT` (the best set-based baseline),
//  - a hand-written multi-row `INSERT … VALUES (…), (…) ON CONFLICT`,
//  - COPY into a temporary table, then one `INSERT … SELECT … ON CONFLICT` (pg-copy-streams, dev only),
//  - the ERP Upsert module (runUpsert: coercion, hashing, FK resolution, quarantine, sync_state),
//  - one `INSERT … ON CONFLICT` per row in one transaction (n8n's Postgres node style),
// for a first load, a re-sync with nothing changed and a re-sync with 10% changed.
// Run: npm run bench  (DATABASE_URL, default postgres://postgres@127.0.0.1:5432/postgres; BENCH_ROWS, BENCH_RUNS)
import { pipeline } from 'node:stream/promises';
import { Readable } from 'node:stream';
import { Pool } from 'pg';
import { from as copyFrom } from 'pg-copy-streams';
import { defaultCatalog } from '../../nodes/shared/erp/catalog';
import { closeAllPools, getPool } from '../../nodes/shared/erp/pool';
import { runUpsert } from '../../nodes/shared/erp/upsertWriter';
import { adminQuery, type TestServer } from '../harness/postgres';
import { createErpDatabase, lookup, person, rowItem } from '../erp/helpers';

const ROWS = Number(process.env.BENCH_ROWS ?? 20_000);
const RUNS = Number(process.env.BENCH_RUNS ?? 5);
const STATUSES = ['backlog', 'todo', 'in_progress', 'blocked', 'review', 'done'];

type Item = ReturnType<typeof rowItem>;

function makeItems(version: number, changedEvery: number): Item[] {
	const items: Item[] = [];
	for (let i = 0; i < ROWS; i++) {
		const changed = changedEvery > 0 && i % changedEvery === 0;
		const v = changed ? version : 0;
		items.push(
			rowItem({
				id: `i-${String(i).padStart(6, '0')}`,
				updatedAt: new Date(Date.UTC(2026, 0, 1) + v * 3_600_000).toISOString(),
				values: {
					Name: `Task ${i}${v ? ` v${v}` : ''}`,
					Status: STATUSES[(i + v) % STATUSES.length],
					Priority: ['low', 'medium', 'high'][i % 3],
					Project: lookup(`i-p${i % 50}`, 'grid-projects', `Project ${i % 50}`),
					Sprint: lookup(`i-s${i % 20}`, 'grid-sprints'),
					'Process Template': null,
					Assignee: person(`person${i % 30}@example.com`, `Person ${i % 30}`),
					'Due Date': `2026-0${1 + (i % 9)}-1${i % 10}`,
					'Completed At': i % 4 ? null : '2026-02-03T04:05:06.000Z',
					'Estimate Hours': (i % 40) / 4,
					'Actual Hours': (i % 30) / 2 + v,
					'Blocked By': i % 5 ? [] : [lookup(`i-${String(i + 1).padStart(6, '0')}`, 'grid-tasks')],
					Notes: `Notes for task ${i}, with "quotes", commas and ünïcode`,
					Labels: ['a', 'b'],
					Effort: i % 8,
					Link: `https://example.com/t/${i}`,
					Done: i % 6 === 5,
					Comment: null,
					Score: i / 7,
					Category: 'ops',
				},
			}),
		);
	}
	return items;
}

const HAND_COLUMNS = [
	['coda_row_id', 'text'],
	['coda_created_at', 'timestamptz'],
	['coda_updated_at', 'timestamptz'],
	['coda_row', 'jsonb'],
	['name', 'text'],
	['status', 'text'],
	['priority', 'text'],
	['project_coda_id', 'text'],
	['sprint_coda_id', 'text'],
	['process_template_coda_id', 'text'],
	['assignee_email', 'text'],
	['due_date', 'date'],
	['completed_at', 'timestamptz'],
	['estimate_hours', 'numeric'],
	['actual_hours', 'numeric'],
	['blocked_by_coda_ids', 'text[]'],
	['notes', 'text'],
] as const;

// The hand-written code knows the Coda column ids up front (no per-cell lookups).
const ID = (name: string) => `c-${name.toLowerCase().replace(/[^a-z0-9]+/g, '-')}`;
const [NAME, STATUS, PRIORITY, PROJECT, SPRINT, ASSIGNEE, DUE, COMPLETED, ESTIMATE, ACTUAL, BLOCKED, NOTES] = [
	'Name', 'Status', 'Priority', 'Project', 'Sprint', 'Assignee', 'Due Date', 'Completed At', 'Estimate Hours', 'Actual Hours', 'Blocked By', 'Notes',
].map(ID);

/** What a hand-written integration does per row: pick the values, stringify the row. */
function handRows(items: Item[]): unknown[][] {
	return items.map((it) => {
		const v = it.values as Record<string, never>;
		return [
			it.id,
			it.createdAt,
			it.updatedAt,
			JSON.stringify(it.values),
			v[NAME],
			v[STATUS],
			v[PRIORITY],
			(v[PROJECT] as { rowId: string } | null)?.rowId ?? null,
			(v[SPRINT] as { rowId: string } | null)?.rowId ?? null,
			null,
			(v[ASSIGNEE] as { email: string } | null)?.email ?? null,
			v[DUE],
			v[COMPLETED],
			v[ESTIMATE],
			v[ACTUAL],
			`{${(v[BLOCKED] as { rowId: string }[]).map((l) => `"${l.rowId}"`).join(',')}}`,
			v[NOTES],
		];
	});
}

const CODA_ROW = HAND_COLUMNS.findIndex(([n]) => n === 'coda_row');
const names = [...HAND_COLUMNS.map(([n]) => `"${n}"`), '"project_id"', '"sprint_id"', '"process_template_id"', '"assignee_id"'].join(', ');
// Same stored row as ERP Upsert: FK ids resolved from the Coda ids/emails in the statement,
// synced_at/deleted_at maintained, the same stale and unchanged guard (as a column compare).
const fkSelect = 'rp."id", rs."id", rt."id", ra."id"';
const fkJoins = (u: string) => `LEFT JOIN erp.projects rp ON rp.coda_row_id = ${u}.c7 LEFT JOIN erp.sprints rs ON rs.coda_row_id = ${u}.c8
	LEFT JOIN erp.process_templates rt ON rt.coda_row_id = ${u}.c9
	LEFT JOIN (SELECT DISTINCT ON (lower(email)) lower(email) AS k, id FROM erp.people WHERE email IS NOT NULL ORDER BY lower(email), id) ra ON ra.k = lower(${u}.c10)`;
const setList = [...HAND_COLUMNS.slice(1).map(([n]) => `"${n}" = EXCLUDED."${n}"`), ...['project_id', 'sprint_id', 'process_template_id', 'assignee_id'].map((n) => `"${n}" = EXCLUDED."${n}"`), '"synced_at" = now()', '"deleted_at" = NULL'].join(', ');
const guard = `WHERE t.coda_updated_at <= EXCLUDED.coda_updated_at AND ((${HAND_COLUMNS.slice(3).map(([n]) => `t."${n}"`).join(', ')}) IS DISTINCT FROM (${HAND_COLUMNS.slice(3).map(([n]) => `EXCLUDED."${n}"`).join(', ')}) OR t.deleted_at IS NOT NULL)`;
const upsertTail = `ON CONFLICT (coda_row_id) DO UPDATE SET ${setList} ${guard}`;

/** A PostgreSQL array literal built in one pass (pg's own serialisation escapes far slower). */
const literal = (list: unknown[]) => `{${list.map((e) => (e === null || e === undefined ? 'NULL' : `"${String(e).replace(/[\\"]/g, '\\$&')}"`)).join(',')}}`;

/**
 * The fast way: one parameter per column, as a ready-made array literal; coda_row as one JSON
 * array (a jsonb[] literal needs every quote of every row escaped) parsed into jsonb element by
 * element, zipped by ROWS FROM.
 */
async function handUnnest(pool: Pool, items: Item[]) {
	const rows = handRows(items);
	const params = HAND_COLUMNS.map((_, c) => (c === CODA_ROW ? `[${rows.map((r) => r[c]).join(',')}]` : literal(rows.map((r) => r[c]))));
	const sources = HAND_COLUMNS.map(([, t], i) => (i === CODA_ROW ? `json_array_elements($${i + 1}::json)` : `unnest($${i + 1}::${t === 'text[]' ? 'text' : t}[])`));
	const selects = HAND_COLUMNS.map(([, t], i) => (t === 'text[]' ? `u.c${i}::text[]` : i === CODA_ROW ? `u.c${i}::jsonb` : `u.c${i}`));
	await pool.query(
		`INSERT INTO erp.tasks AS t (${names}) SELECT ${selects.join(', ')}, ${fkSelect}
		 FROM ROWS FROM (${sources.join(', ')}) AS u(${HAND_COLUMNS.map((_, i) => `c${i}`).join(', ')}) ${fkJoins('u')}
		 ${upsertTail}`,
		params,
	);
}

async function handValues(pool: Pool, items: Item[]) {
	const rows = handRows(items);
	const width = HAND_COLUMNS.length;
	const perStatement = Math.floor(65_535 / width);
	const client = await pool.connect();
	try {
		await client.query('BEGIN');
		for (let start = 0; start < rows.length; start += perStatement) {
			const chunk = rows.slice(start, start + perStatement);
			const tuples = chunk.map((_, r) => `(${HAND_COLUMNS.map(([, t], c) => `$${r * width + c + 1}::${t}`).join(', ')})`);
			await client.query(
				`INSERT INTO erp.tasks AS t (${names}) SELECT v.*, ${fkSelect}
				 FROM (VALUES ${tuples.join(', ')}) AS v(${HAND_COLUMNS.map((_, i) => `c${i}`).join(', ')}) ${fkJoins('v')} ${upsertTail}`,
				chunk.flat(),
			);
		}
		await client.query('COMMIT');
	} finally {
		client.release();
	}
}

/** A field of COPY's text format. */
const copyField = (v: unknown) => (v === null || v === undefined ? '\\N' : String(v).replace(/[\\\t\n\r]/g, (c) => ({ '\\': '\\\\', '\t': '\\t', '\n': '\\n', '\r': '\\r' })[c]!));

async function handCopy(pool: Pool, items: Item[]) {
	const rows = handRows(items);
	const client = await pool.connect();
	try {
		await client.query('BEGIN');
		await client.query(`CREATE TEMP TABLE incoming (${HAND_COLUMNS.map(([, t], i) => `c${i} ${t}`).join(', ')}) ON COMMIT DROP`);
		const lines = rows.map((r) => `${r.map(copyField).join('\t')}\n`);
		await pipeline(Readable.from([lines.join('')]), client.query(copyFrom('COPY incoming FROM STDIN')));
		await client.query(`INSERT INTO erp.tasks AS t (${names}) SELECT v.*, ${fkSelect} FROM incoming v ${fkJoins('v')} ${upsertTail}`);
		await client.query('COMMIT');
	} finally {
		client.release();
	}
}

async function perRow(pool: Pool, items: Item[]) {
	const rows = handRows(items);
	const client = await pool.connect();
	try {
		await client.query('BEGIN');
		// As n8n's Postgres node does it: the Coda columns only, no FK resolution.
		const sql = `INSERT INTO erp.tasks AS t (${HAND_COLUMNS.map(([n]) => `"${n}"`).join(', ')}) VALUES (${HAND_COLUMNS.map(([, t], c) => `$${c + 1}::${t}`).join(', ')})
			ON CONFLICT (coda_row_id) DO UPDATE SET ${HAND_COLUMNS.slice(1).map(([n]) => `"${n}" = EXCLUDED."${n}"`).join(', ')} ${guard}`;
		for (const r of rows) await client.query(sql, r);
		await client.query('COMMIT');
	} finally {
		client.release();
	}
}

/** The hand-written set-based upserts the module is held to (the best of them per scenario). */
const BASELINES = ['hand-written unnest', 'multi-row VALUES', 'COPY + upsert'];

async function main() {
	const url = process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
	const server: TestServer = { name: 'bench', url };
	await adminQuery(url, 'SELECT 1');
	const db = await createErpDatabase(server);
	const pool = new Pool({ connectionString: db.url, max: 2 });
	const catalog = defaultCatalog();
	const base = makeItems(0, 0);
	const changed = makeItems(1, 10);
	const approaches: [string, (items: Item[]) => Promise<unknown>][] = [
		['hand-written unnest', (items) => handUnnest(pool, items)],
		['multi-row VALUES', (items) => handValues(pool, items)],
		['COPY + upsert', (items) => handCopy(pool, items)],
		['ERP Upsert module', (items) => runUpsert(getPool(db.credentials), catalog, 'tasks', items)],
		['per-row INSERT loop', (items) => perRow(pool, items)],
	];
	const scenarios: [string, Item[] | null, Item[]][] = [
		['insert', null, base],
		['re-sync unchanged', base, base],
		['10% changed', base, changed],
	];
	console.log(`${ROWS} rows × 20 Coda columns into erp.tasks, best of ${RUNS} runs (PostgreSQL at ${new URL(url).host})\n`);
	// Warm-up (untimed): connections, plan caches and the JIT of every code path, so that the
	// first approach of the first scenario does not pay for them.
	for (const [, write] of approaches) {
		await pool.query('TRUNCATE erp.tasks, erp.quarantine, erp.sync_state');
		await write(base.slice(0, 1000));
		await write(changed.slice(0, 1000));
	}
	const results: Record<string, Record<string, number>> = {};
	for (const [scenario, preload, items] of scenarios) {
		const best: Record<string, number> = Object.fromEntries(approaches.map(([name]) => [name, Infinity]));
		// Runs interleave the approaches, so a slow spell of the machine does not favour one of them.
		for (let run = 0; run < RUNS; run++) {
			for (const [name, write] of approaches) {
				if (name.startsWith('per-row') && run > 0) continue;
				await pool.query('TRUNCATE erp.tasks, erp.quarantine, erp.sync_state');
				// Every approach starts from the same stored state: preloaded by the module (which also stores hashes).
				if (preload) await (name === 'ERP Upsert module' ? runUpsert(getPool(db.credentials), catalog, 'tasks', preload) : handUnnest(pool, preload));
				await pool.query('VACUUM ANALYZE erp.tasks');
				globalThis.gc?.();
				const t0 = process.hrtime.bigint();
				await write(items);
				const ms = Number(process.hrtime.bigint() - t0) / 1e6;
				best[name] = Math.min(best[name], ms);
				if (process.env.BENCH_VERBOSE) console.log(scenario, name, ms.toFixed(0));
			}
		}
		results[scenario] = best;
	}
	const header = ['scenario', ...approaches.map(([n]) => n)];
	console.log(header.map((h) => h.padEnd(26)).join(''));
	for (const [scenario, byApproach] of Object.entries(results)) {
		const bestBaseline = Math.min(...BASELINES.map((n) => byApproach[n]));
		const cells = approaches.map(([n]) => `${byApproach[n].toFixed(0)} ms (${(byApproach[n] / bestBaseline).toFixed(2)}×)`);
		console.log([scenario, ...cells].map((c) => c.padEnd(26)).join(''));
	}
	console.log(`\nratios are to the best hand-written baseline of the scenario (${BASELINES.join(', ')})`);
	await pool.end();
	await closeAllPools();
	await db.drop();
}

main().catch((err) => {
	console.error(err);
	process.exit(1);
});
