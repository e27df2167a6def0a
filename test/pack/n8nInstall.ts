// The other way users install the package: from n8n's Settings → Community Nodes. n8n 2.41
// (CommunityPackagesService.downloadPackage) `npm pack`s it, unpacks the tarball into
// `<N8N_USER_FOLDER>/.n8n/nodes/node_modules/<name>`, drops dev, peer and optional dependencies from
// its package.json and runs `npm install` inside it with the flags below: the dependencies land in
// the package's own node_modules and, with --bin-links=false, no `.bin/erp-db` is linked.
// (test/harness/n8nPackage.ts's installPackageInto is the manual `npm install` in `.n8n/nodes`.)
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

export const N8N_SETTINGS_INSTALL_FLAGS = [
	'--audit=false',
	'--fund=false',
	'--bin-links=false',
	'--install-strategy=shallow',
	'--ignore-scripts=true',
	'--package-lock=false',
];

/** Installs `tarball` into `nodesDir` (a `.n8n/nodes` folder) as the settings page does; returns the package folder. */
export function installLikeN8nSettings(tarball: string, nodesDir: string): string {
	const staging = join(nodesDir, '.unpack');
	mkdirSync(staging, { recursive: true });
	execFileSync('tar', ['-xzf', tarball, '-C', staging, '--strip-components=1']);
	const { name, version } = JSON.parse(readFileSync(join(staging, 'package.json'), 'utf8')) as { name: string; version: string };
	const installed = join(nodesDir, 'node_modules', name);
	mkdirSync(join(nodesDir, 'node_modules'), { recursive: true });
	renameSync(staging, installed);
	const manifest = join(installed, 'package.json');
	const { devDependencies: _dev, peerDependencies: _peer, optionalDependencies: _optional, ...kept } = JSON.parse(
		readFileSync(manifest, 'utf8'),
	) as Record<string, unknown>;
	writeFileSync(manifest, JSON.stringify(kept, null, 2));
	execFileSync('npm', ['install', ...N8N_SETTINGS_INSTALL_FLAGS], { cwd: installed, stdio: ['ignore', 'pipe', 'pipe'] });
	// n8n then lists the package in the folder's package.json, which is what it loads at start-up.
	const list = join(nodesDir, 'package.json');
	const nodes: { dependencies?: Record<string, string> } = existsSync(list) ? JSON.parse(readFileSync(list, 'utf8')) : { name: 'installed-nodes', private: true };
	writeFileSync(list, JSON.stringify({ ...nodes, dependencies: { ...nodes.dependencies, [name]: version } }, null, 2));
	return installed;
}
