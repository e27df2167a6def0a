// What `npm start` shows of the backfill: a progress line while it runs (tables done, rows in
// erp) and, after it, one line per table: rows in erp, rows Coda reported, quarantined, time.
import type { Pool } from 'pg';

interface TableRow {
	erp_table: string;
	rows: number;
	coda_rows: number | null;
	quarantined: number;
	seconds: number | null;
}

/** Tables whose full read completed since `since`, and the live rows in all configured tables. */
async function progress(pool: Pool, since: Date): Promise<{ done: number; total: number; rows: number }> {
	const { rows } = await pool.query<{ done: number; total: number }>(
		`SELECT count(*) FILTER (WHERE s.last_full_sync_at >= $1)::int AS done, count(*)::int AS total
		 FROM erp.sync_config c
		 LEFT JOIN erp.sync_state s ON s.erp_table = c.erp_table AND s.coda_doc_id = (SELECT value FROM erp.sync_settings WHERE key = 'coda_doc_id')
		 WHERE c.enabled AND c.delivery <> 'off'`,
		[since],
	);
	const live = await pool.query<{ n: string }>(`SELECT coalesce(sum(n_live_tup), 0)::text AS n FROM pg_stat_user_tables WHERE schemaname = 'erp'`);
	return { done: rows[0].done, total: rows[0].total, rows: Number(live.rows[0].n) };
}

/** Prints progress every second until `work` settles; returns what it resolved to. */
export async function withProgress<T>(pool: Pool, since: Date, work: Promise<T>): Promise<T> {
	const tty = process.stdout.isTTY;
	let last = '';
	const tick = async () => {
		const p = await progress(pool, since).catch(() => undefined);
		if (!p) return;
		const line = `  backfill: ${p.done}/${p.total} tables read completely, ~${p.rows} rows in erp, ${Math.round((Date.now() - since.getTime()) / 1000)} s`;
		if (tty) process.stdout.write(`\r${line}\x1b[K`);
		else if (line.split(',')[0] !== last.split(',')[0]) console.log(line);
		last = line;
	};
	const timer = setInterval(() => void tick(), 1000);
	try {
		return await work;
	} finally {
		clearInterval(timer);
		await tick();
		if (tty) process.stdout.write('\n');
	}
}

/** One row per configured table: what erp holds now and how long its backfill runs took. */
export async function summary(pool: Pool, since: Date, backfillWorkflowId: string): Promise<TableRow[]> {
	const { rows: tables } = await pool.query<{ erp_table: string; coda_rows: number | null; quarantined: number; seconds: number | null }>(
		`SELECT c.erp_table, s.last_row_count_coda AS coda_rows,
		   (SELECT count(*)::int FROM erp.quarantine q WHERE q.erp_table = c.erp_table) AS quarantined,
		   (SELECT round(sum(r.duration_ms) / 1000.0, 1)::float8 FROM erp.execution_runs r
		     WHERE r.erp_table = c.erp_table AND r.n8n_workflow_id = $2 AND r.started_at >= $1) AS seconds
		 FROM erp.sync_config c
		 LEFT JOIN erp.sync_state s ON s.erp_table = c.erp_table AND s.coda_doc_id = (SELECT value FROM erp.sync_settings WHERE key = 'coda_doc_id')
		 ORDER BY c.erp_table`,
		[since, backfillWorkflowId],
	);
	const out: TableRow[] = [];
	for (const t of tables) {
		// Names come from erp.sync_config, whose CHECK allows only the erp table names.
		const { rows } = await pool.query<{ n: number }>(`SELECT count(*)::int AS n FROM erp."${t.erp_table}" WHERE deleted_at IS NULL`);
		out.push({ ...t, rows: rows[0].n });
	}
	return out;
}

export function formatSummary(rows: TableRow[], elapsedSeconds: number): string {
	const width = Math.max(10, ...rows.map((r) => r.erp_table.length));
	const head = `  ${'erp table'.padEnd(width)}  ${'rows'.padStart(7)}  ${'in Coda'.padStart(7)}  ${'quarant.'.padStart(8)}  ${'time (s)'.padStart(8)}`;
	const lines = rows.map(
		(r) =>
			`  ${r.erp_table.padEnd(width)}  ${String(r.rows).padStart(7)}  ${String(r.coda_rows ?? '–').padStart(7)}  ${String(r.quarantined).padStart(8)}  ${String(r.seconds ?? '–').padStart(8)}`,
	);
	const total = rows.reduce((n, r) => n + r.rows, 0);
	const quarantined = rows.reduce((n, r) => n + r.quarantined, 0);
	return [head, ...lines, `  ${'total'.padEnd(width)}  ${String(total).padStart(7)}  ${''.padStart(7)}  ${String(quarantined).padStart(8)}  ${String(Math.round(elapsedSeconds)).padStart(8)}`].join('\n');
}
