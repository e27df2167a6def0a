// The committed migrations must match the Drizzle schema: `drizzle-kit check` passes and
// `drizzle-kit generate` finds nothing to generate (run against a copy of the folder, so a
// schema change without its migration fails here without touching the committed files).
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { cpSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative, resolve } from 'node:path';
import { promisify } from 'node:util';
import { after, describe, it } from 'node:test';
import config from '../../drizzle/drizzle.config';

const root = resolve(__dirname, '..', '..');
const run = promisify(execFile);

async function drizzleKit(...args: string[]) {
	try {
		const { stdout, stderr } = await run('npx', ['drizzle-kit', ...args], { cwd: root });
		return { code: 0, output: stdout + stderr };
	} catch (err) {
		const { code, stdout, stderr } = err as { code: number; stdout: string; stderr: string };
		return { code, output: stdout + stderr };
	}
}

describe('drizzle-kit on the committed migrations', () => {
	const dir = mkdtempSync(join(tmpdir(), 'erp-drizzle-kit-'));
	after(() => rmSync(dir, { recursive: true, force: true }));

	it('check passes', async () => {
		const { code, output } = await drizzleKit('check', '--config', 'drizzle/drizzle.config.ts');
		assert.equal(code, 0, output);
		assert.match(output, /Everything's fine/);
	});

	it('generate finds no schema change', async () => {
		const out = join(dir, 'migrations');
		cpSync(join(root, 'drizzle', 'migrations'), out, { recursive: true });
		const before = readdirSync(out).sort();
		// The committed config with only `out` moved (drizzle-kit wants it relative to the cwd).
		const copy = join(dir, 'drizzle.config.js');
		writeFileSync(copy, `module.exports = ${JSON.stringify({ ...config, out: relative(root, out) })};`);
		const { code, output } = await drizzleKit('generate', '--config', copy);
		assert.equal(code, 0, output);
		assert.match(output, /No schema changes, nothing to migrate/);
		assert.deepEqual(readdirSync(out).sort(), before);
	});
});
