// The lock that lets concurrent test processes share one n8n install (n8nRuntime.ts).
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { withLockFile } from '../harness/n8nRuntime';

describe('withLockFile', () => {
	const dir = mkdtempSync(join(tmpdir(), 'n8n-lock-'));
	after(() => rmSync(dir, { recursive: true, force: true }));

	it('runs holders one after the other and removes the lock', async () => {
		const lock = join(dir, 'serial.lock');
		const events: string[] = [];
		const holder = (name: string) =>
			withLockFile(lock, name, async () => {
				events.push(`${name} in`);
				await new Promise((r) => setTimeout(r, 50));
				events.push(`${name} out`);
				return name;
			});
		assert.deepEqual(await Promise.all([holder('a'), holder('b'), holder('c')]), ['a', 'b', 'c']);
		for (let i = 0; i < events.length; i += 2) {
			assert.equal(events[i].split(' ')[0], events[i + 1].split(' ')[0], `overlapping holders: ${events.join(', ')}`);
		}
		assert.equal(events.length, 6);
		assert.equal(existsSync(lock), false);
	});

	it('takes over a lock whose process is gone (an interrupted install)', async () => {
		const lock = join(dir, 'stale.lock');
		const gone = spawnSync(process.execPath, ['-e', 'process.stdout.write(String(process.pid))'], { encoding: 'utf8' });
		writeFileSync(lock, gone.stdout);
		assert.equal(await withLockFile(lock, 'stale', async () => 'ran'), 'ran');
		assert.equal(existsSync(lock), false);
	});

	it('waits for a live holder and gives up with a clear error', async () => {
		const lock = join(dir, 'held.lock');
		writeFileSync(lock, String(process.pid));
		await assert.rejects(withLockFile(lock, 'installing', async () => 'never', 1500), {
			message: `Timed out waiting for ${lock} (held by pid ${process.pid}) before installing`,
		});
		assert.equal(existsSync(lock), true);
		rmSync(lock);
	});
});
