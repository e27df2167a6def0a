// What n8n loads with our nodes: the built node files (as package.json declares them) and the
// column catalogue they use at run time, in a fresh Node process. drizzle-orm (about 17 MB) is
// for the erp-db CLI and the build; the nodes read the catalogue as generated data.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { readPackageJson, REPO_ROOT } from '../harness/n8nPackage';

const pkg = readPackageJson();

/** The modules a fresh process holds after requiring the nodes and using the catalogue and a converter. */
function loadedByNodes(): string[] {
	const nodes = (pkg.n8n?.nodes ?? []).map((file) => join(REPO_ROOT, file));
	for (const file of nodes) assert.ok(existsSync(file), `${file} is missing: run \`npm run build\` first`);
	const script = `
		for (const file of ${JSON.stringify(nodes)}) require(file);
		const { defaultCatalog } = require(${JSON.stringify(join(REPO_ROOT, 'dist/nodes/shared/erp/catalog.js'))});
		const { converterFor } = require(${JSON.stringify(join(REPO_ROOT, 'dist/nodes/shared/erp/codaValueToSql.js'))});
		const hours = defaultCatalog().table('tasks').columns.get('estimate_hours');
		if (converterFor(hours)('PT1H30M') !== '1.5') throw new Error('the built catalogue lost the unit of tasks.estimate_hours');
		process.stdout.write(JSON.stringify(Object.keys(require.cache)));
	`;
	return JSON.parse(execFileSync(process.execPath, ['-e', script], { cwd: REPO_ROOT, encoding: 'utf8' })) as string[];
}

describe('runtime weight of the built nodes', () => {
	it('requiring the three nodes and using the column catalogue loads no drizzle-orm', () => {
		const loaded = loadedByNodes();
		assert.ok(loaded.some((path) => path.endsWith('catalogData.generated.js')), 'the catalogue was read from its generated data');
		assert.deepEqual(loaded.filter((path) => /[\\/]node_modules[\\/]drizzle-(orm|kit)[\\/]/.test(path)), []);
		assert.deepEqual(loaded.filter((path) => /[\\/]dist[\\/]drizzle[\\/]schema[\\/](?!syncConfigValues\.js$)/.test(path)), [], 'Drizzle schema modules');
	});
});
