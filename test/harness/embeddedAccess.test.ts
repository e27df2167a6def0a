import assert from 'node:assert/strict';
import { chmodSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { checkEmbeddedPostgresReach, closedAncestor } from './embeddedAccess';

describe('embedded PostgreSQL reach check', () => {
	it('names the directory the postgres user cannot enter, only when run by root', () => {
		const base = mkdtempSync(join(tmpdir(), 'erp-reach-'));
		try {
			const project = join(base, 'home', 'project');
			mkdirSync(project, { recursive: true });
			chmodSync(base, 0o755);
			chmodSync(join(base, 'home'), 0o700);
			assert.equal(closedAncestor(project), join(base, 'home'));
			assert.throws(
				() => checkEmbeddedPostgresReach(project, 'set DATABASE_URL', 0),
				new RegExp(`cannot enter ${join(base, 'home')} \\(mode 700\\).*\\(/opt, /srv\\), run \`chmod o\\+x ${join(base, 'home')}\` or set DATABASE_URL$`),
			);
			assert.throws(() => checkEmbeddedPostgresReach(project, undefined, 0), /\(\/opt, \/srv\) or run `chmod o\+x [^`]+`$/,
			);
			assert.doesNotThrow(() => checkEmbeddedPostgresReach(project, 'set DATABASE_URL', 1000), 'a non-root user runs the server as itself');
			chmodSync(join(base, 'home'), 0o711);
			assert.equal(closedAncestor(project), undefined);
			assert.doesNotThrow(() => checkEmbeddedPostgresReach(project, 'set DATABASE_URL', 0));
		} finally {
			rmSync(base, { recursive: true, force: true });
		}
	});
});
