// The benchmark at its tiny size, so it cannot rot: every section runs (a real n8n in regular
// and queue mode, the backfill, the analytics) and produces every figure. Times are not asserted.
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { queueModeOptOut } from '../harness/redis';
import { SECTIONS, SIZES, figures, formatResult, runBench, writeResult, type BenchResult } from './bench';

describe('npm run bench, tiny size', () => {
	it('runs every section and produces every figure, printed and written as JSON', async (t) => {
		// Without Redis on purpose (ERP_TEST_WITHOUT_REDIS), the queue-mode burst is left out and said so.
		const optOut = queueModeOptOut();
		const sections = SECTIONS.filter((s) => !(optOut && s === 'burst'));
		if (optOut) t.diagnostic(`${optOut}: the burst section is not run`);
		const size = SIZES.tiny;
		const result = await runBench('tiny', size, sections, (line) => t.diagnostic(line));

		const all = figures(result);
		const bad = Object.entries(all).filter(([, v]) => !Number.isFinite(v));
		assert.deepEqual(bad, [], 'every figure is a finite number');
		for (const s of sections) assert.ok(Object.keys(all).some((k) => k.startsWith(`${s}.`)), `section ${s} produced figures`);
		// Figures that are counts, not times, are exact at this size.
		assert.equal(result.bulk!.rows, size.bulkRows);
		assert.equal(result.bulk!.codaColumns, 20);
		assert.equal(result.bulk!.resyncUnchanged.erpRowsWritten, 0, 'a re-sync with nothing changed rewrites no row');
		assert.equal(result.bulk!.changed10.erpRowsWritten, Math.ceil(size.bulkRows / 10), 'the 10% changed rows, and only they, are rewritten');
		assert.equal(result.webhooks!.calls, size.webhookCalls);
		assert.deepEqual([result.backfill!.small.rows, result.backfill!.large.rows], size.backfillRows);
		assert.deepEqual([result.backfill!.small.codaPages, result.backfill!.large.codaPages], [1, 5], 'pages of 500 rows, per slice of 2,000');
		assert.ok(result.backfill!.large.peakRssMb > 0);
		if (!optOut) {
			assert.equal(result.burst!.answered, size.burst.calls, 'every burst call answered 200');
			assert.equal(result.burst!.rowsConverged, size.burst.rows, 'every burst row holds its last edit');
		}
		assert.equal(result.analytics!.rows, size.analyticsRows);

		const table = formatResult(result);
		assert.match(table, /^Machine: \d+ cores/);
		const dir = mkdtempSync(join(tmpdir(), 'bench-results-'));
		try {
			const written = JSON.parse(readFileSync(writeResult(result, dir), 'utf8')) as BenchResult;
			assert.deepEqual(figures(written), all, 'the JSON holds the same figures');
		} finally {
			rmSync(dir, { recursive: true, force: true });
		}
	});
});
