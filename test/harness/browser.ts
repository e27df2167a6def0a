// A real Chromium for editor tests, brought by `npm install` itself: the npm package
// `@sparticuz/chromium` ships a Chromium (headless shell) inside the package, brotli-compressed.
// It is unpacked once per package version into the test cache (~/.cache/n8n-nodes-coda-erp),
// never into the shared /tmp/chromium the package uses by default, and driven with playwright-core.
// Debian's /usr/bin/chromium is the fallback when the packaged one cannot start; when neither can,
// launching fails with both reasons (a browser test must fail, not skip).
import { existsSync, mkdirSync, mkdtempSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { chromium, type Browser } from 'playwright-core';
import { cacheRoot } from './n8nRuntime';

/** The flags every launch gets: headless, no sandbox (tests run as root), nothing phoning home. */
export const CHROMIUM_FLAGS = [
	'--no-sandbox',
	'--disable-gpu',
	'--disable-background-networking',
	'--disable-component-update',
	'--disable-sync',
	'--no-first-run',
	'--no-default-browser-check',
	'--disable-dev-shm-usage',
];

const SYSTEM_CHROMIUM = ['/usr/bin/chromium', '/usr/bin/chromium-browser'];

function packagedVersion(): string {
	const pkgJson = join(dirname(require.resolve('@sparticuz/chromium')), '..', '..', 'package.json');
	return (JSON.parse(readFileSync(pkgJson, 'utf8')) as { version: string }).version;
}

/**
 * Unpacks @sparticuz/chromium's binary (and the SwiftShader libraries and fonts beside it) into
 * `<cache>/chromium-<version>/` and returns the binary's path. The package unpacks into
 * `os.tmpdir()`, so TMPDIR points at a fresh folder while it does; the folder is then renamed into
 * place, so concurrent test processes never see a half-written binary.
 */
export async function packagedChromium(): Promise<string> {
	const version = packagedVersion();
	const target = join(cacheRoot(), `chromium-${version}`);
	const binary = join(target, 'chromium');
	if (existsSync(join(target, 'unpacked.json')) && existsSync(binary)) return binary;
	mkdirSync(cacheRoot(), { recursive: true });
	const staging = mkdtempSync(join(cacheRoot(), `chromium-${version}.unpacking-`));
	const savedTmp = process.env.TMPDIR;
	try {
		process.env.TMPDIR = staging;
		type Packaged = { executablePath(input?: string): Promise<string> };
		// eslint-disable-next-line @typescript-eslint/no-var-requires
		const mod = require('@sparticuz/chromium') as Packaged & { default?: Packaged };
		const unpacked = await (mod.default ?? mod).executablePath();
		if (unpacked !== join(staging, 'chromium')) throw new Error(`@sparticuz/chromium unpacked to ${unpacked}, expected ${join(staging, 'chromium')}`);
	} catch (err) {
		rmSync(staging, { recursive: true, force: true });
		throw err;
	} finally {
		if (savedTmp === undefined) delete process.env.TMPDIR;
		else process.env.TMPDIR = savedTmp;
	}
	writeFileSync(join(staging, 'unpacked.json'), JSON.stringify({ package: '@sparticuz/chromium', version }));
	try {
		renameSync(staging, target);
	} catch (err) {
		// Another process put a complete copy there first: use it.
		rmSync(staging, { recursive: true, force: true });
		if (!existsSync(join(target, 'unpacked.json'))) throw err;
	}
	return binary;
}

export interface LaunchedBrowser {
	browser: Browser;
	/** Which Chromium runs: the packaged one, or Debian's. */
	executablePath: string;
	version: string;
}

/** Launches headless Chromium with a fresh profile (playwright-core makes one per launch). */
export async function launchChromium(): Promise<LaunchedBrowser> {
	const failures: string[] = [];
	const candidates: { what: string; path: () => Promise<string> }[] = [
		{ what: 'the npm package @sparticuz/chromium', path: packagedChromium },
		...SYSTEM_CHROMIUM.filter((p) => existsSync(p)).map((p) => ({ what: p, path: async () => p })),
	];
	for (const candidate of candidates) {
		try {
			const executablePath = await candidate.path();
			const browser = await chromium.launch({ executablePath, headless: true, args: CHROMIUM_FLAGS, timeout: 60_000 });
			return { browser, executablePath, version: browser.version() };
		} catch (err) {
			failures.push(`${candidate.what}: ${err instanceof Error ? err.message.split('\n').slice(0, 6).join('\n') : String(err)}`);
		}
	}
	throw new Error(
		`No Chromium could start for the browser tests.\n${failures.join('\n')}\n` +
			'Run `npm install` (it brings @sparticuz/chromium), or install Debian\'s chromium (`apt-get install -y chromium`).',
	);
}
