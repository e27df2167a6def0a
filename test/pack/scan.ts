// n8n's community package scanner (`npx @n8n/scan-community-package <name>`) on this package
// before it is published. The CLI takes only a registry name: it checks the npm provenance, then
// lints the attested source (package.json, nodes/, credentials/) and the published tarball's
// .js files with its own ESLint config. This runs the same `analyzePackage` on both legs here,
// from the scanner's own code (installed once into the test cache), and sums up the findings by
// rule and by part of the package. A report, not a test: DEVELOPERS.md "n8n tooling" says why
// what remains is inherent to a package that needs a database driver.
//
//   npm run build && npx tsx test/pack/scan.ts [packageDir] [--details]
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative, resolve } from 'node:path';
import { REPO_ROOT, packPackage } from '../harness/n8nPackage';
import { cacheRoot } from '../harness/n8nRuntime';

export const SCANNER_VERSION = '0.32.0';

function scannerDir(): string {
	const dir = join(cacheRoot(), `scan-community-package-${SCANNER_VERSION}`);
	const entry = join(dir, 'node_modules', '@n8n', 'scan-community-package', 'scanner', 'scanner.mjs');
	if (!existsSync(entry)) {
		mkdirSync(dir, { recursive: true });
		writeFileSync(join(dir, 'package.json'), '{ "private": true }\n');
		// Scripts off: a dependency's install script insists on pnpm; the scanner needs none.
		execFileSync('npm', ['install', `@n8n/scan-community-package@${SCANNER_VERSION}`, '--ignore-scripts', '--no-audit', '--no-fund', '--loglevel=error'], {
			cwd: dir,
			stdio: 'inherit',
		});
	}
	return entry;
}

interface Leg {
	passed: boolean;
	message?: string;
	details?: string;
}

/** Both legs of analyzePackageByName, as it calls them, in a Node process of its own (the scanner is ESM). */
function runScanner(entry: string, sourceDir: string, packageDir: string): { source: Leg; tarball: Leg } {
	const script = `
		const { analyzePackage, SOURCE_FILE_PATTERNS } = await import(${JSON.stringify(`file://${entry}`)});
		const source = await analyzePackage(${JSON.stringify(sourceDir)}, SOURCE_FILE_PATTERNS);
		const tarball = await analyzePackage(${JSON.stringify(packageDir)}, ['**/*.js', 'package.json']);
		process.stdout.write(JSON.stringify({ source, tarball }));`;
	const out = execFileSync(process.execPath, ['--input-type=module', '-e', script], { encoding: 'utf8', maxBuffer: 256 * 2 ** 20 });
	return JSON.parse(out) as { source: Leg; tarball: Leg };
}

interface Finding {
	file: string;
	line: string;
	rule: string;
	message: string;
}

/** ESLint's "stylish" text (what analyzePackage returns) back into findings. */
function findingsOf(leg: Leg, root: string): Finding[] {
	const findings: Finding[] = [];
	let file = '';
	for (const raw of (leg.details ?? '').replace(/\u001b\[[0-9;]*m/g, '').split('\n')) {
		if (raw.startsWith('/')) file = relative(root, raw.trim());
		const m = /^\s+(\d+:\d+)\s+(error|warning)\s+(.*?)\s{2,}(\S+)\s*$/.exec(raw);
		if (m) findings.push({ file, line: m[1], message: m[3], rule: m[4] });
	}
	return findings;
}

/** Which part of the package a file is: the nodes, the credentials, erp-db, the vendored drizzle-kit… */
function partOf(file: string): string {
	const parts = file.split('/');
	if (parts[0] === 'dist' && parts[1] === 'vendor') return parts.slice(0, 3).join('/');
	if (parts[0] === 'dist') return parts.slice(0, parts[1] === 'drizzle' ? 3 : 2).join('/');
	return parts.length > 1 ? parts[0] : file;
}

function summarise(title: string, leg: Leg, root: string, details: boolean): void {
	const findings = findingsOf(leg, root);
	console.log(`\n${title}: ${leg.passed ? 'passed' : `failed (${leg.message})`}, ${findings.length} findings`);
	const byPartAndRule = new Map<string, number>();
	for (const f of findings) {
		const key = `${partOf(f.file)}  ${f.rule}`;
		byPartAndRule.set(key, (byPartAndRule.get(key) ?? 0) + 1);
	}
	for (const [key, count] of [...byPartAndRule].sort()) console.log(`  ${String(count).padStart(5)}  ${key}`);
	const shown = details ? findings : findings.filter((f) => /^(dist\/)?(nodes|credentials)\//.test(f.file) || f.file === 'package.json');
	if (shown.length > 0) console.log(`  ${details ? 'all' : 'in the nodes, credentials and package.json'}:`);
	for (const f of shown) console.log(`    ${f.file}:${f.line}  ${f.rule}  ${f.message}`);
}

async function main(): Promise<void> {
	const args = process.argv.slice(2);
	const sourceDir = resolve(args.find((a) => !a.startsWith('--')) ?? REPO_ROOT);
	const entry = scannerDir();
	const tarball = await packPackage(sourceDir);
	const work = mkdtempSync(join(tmpdir(), 'erp-scan-'));
	try {
		execFileSync('tar', ['-xzf', tarball, '-C', work, '--strip-components=1']);
		console.log(`@n8n/scan-community-package ${SCANNER_VERSION} on ${sourceDir} and ${tarball}`);
		console.log('(not run here: the provenance check; .github/workflows/publish.yml publishes with provenance)');
		const { source, tarball: packed } = runScanner(entry, sourceDir, work);
		summarise('source leg (package.json, nodes/, credentials/)', source, sourceDir, args.includes('--details'));
		summarise('tarball leg (every .js file and package.json)', packed, work, args.includes('--details'));
	} finally {
		rmSync(work, { recursive: true, force: true });
	}
}

main().catch((error: unknown) => {
	console.error(error);
	process.exitCode = 1;
});
