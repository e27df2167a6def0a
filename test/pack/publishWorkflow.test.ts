// The publishing workflow follows n8n's rule for community nodes published after 1 May 2026: published
// from GitHub Actions with an npm provenance statement, after lint and build (.github/workflows/publish.yml).
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { REPO_ROOT, readPackageJson } from '../harness/n8nPackage';

type Yaml = string | Yaml[] | { [key: string]: Yaml };

/**
 * The block-style YAML a workflow file is written in: mappings, sequences, plain or quoted
 * scalars, `|` blocks and comments. Anything else (flow collections, anchors, tags) is refused
 * rather than misread, so the checks below never pass on a file they did not understand.
 */
function parseBlockYaml(text: string, source = 'yaml'): Yaml {
	const lines = text.split('\n');
	let pos = 0;
	const fail = (why: string): never => {
		throw new Error(`${source}:${pos + 1}: ${why}: ${JSON.stringify(lines[pos] ?? '')}`);
	};
	const indentOf = (line: string) => line.length - line.trimStart().length;
	const skipBlank = () => {
		while (pos < lines.length && /^\s*(#.*)?$/.test(lines[pos])) pos++;
	};
	const scalar = (raw: string): string => {
		const s = raw.replace(/\s+#.*$/, '').trim();
		if (/^'.*'$/.test(s)) return s.slice(1, -1).replace(/''/g, "'");
		if (/^".*"$/.test(s)) return JSON.parse(s) as string;
		if (/^[[{&*!|>'"]/.test(s)) fail('unsupported YAML');
		return s;
	};
	const literalBlock = (indent: number): string => {
		const body: string[] = [];
		while (pos < lines.length && (lines[pos].trim() === '' || indentOf(lines[pos]) > indent)) body.push(lines[pos++]);
		while (body.length > 0 && body[body.length - 1].trim() === '') body.pop();
		const strip = Math.min(...body.filter((l) => l.trim() !== '').map(indentOf));
		return body.map((l) => l.slice(strip)).join('\n') + '\n';
	};
	const value = (rest: string | undefined, indent: number): Yaml => {
		if (rest === undefined || rest.startsWith('#')) {
			skipBlank();
			if (pos >= lines.length) return '';
			const next = indentOf(lines[pos]);
			if (next > indent || (next === indent && lines[pos].trimStart().startsWith('- '))) return block(next);
			return '';
		}
		if (rest === '|') return literalBlock(indent);
		return scalar(rest);
	};
	const mapping = (indent: number): Record<string, Yaml> => {
		const out: Record<string, Yaml> = {};
		for (skipBlank(); pos < lines.length && indentOf(lines[pos]) >= indent; skipBlank()) {
			if (indentOf(lines[pos]) > indent) fail('unexpected indentation');
			const m = /^([\w.-]+):(?:\s+(.*))?$/.exec(lines[pos].trim()) ?? fail('expected "key: value"');
			if (m[1] in out) fail(`duplicate key ${m[1]}`);
			pos++;
			out[m[1]] = value(m[2], indent);
		}
		return out;
	};
	const sequence = (indent: number): Yaml[] => {
		const out: Yaml[] = [];
		for (skipBlank(); pos < lines.length && indentOf(lines[pos]) === indent && lines[pos].trimStart().startsWith('- '); skipBlank()) {
			const content = lines[pos].slice(indent + 2);
			if (/^[\w.-]+:(\s|$)/.test(content)) {
				// "- key: value" opens a mapping indented past the dash.
				lines[pos] = ' '.repeat(indent + 2) + content;
				out.push(mapping(indent + 2));
			} else {
				pos++;
				out.push(scalar(content));
			}
		}
		return out;
	};
	const block = (indent: number): Yaml => (lines[pos].trimStart().startsWith('- ') ? sequence(indent) : mapping(indent));
	skipBlank();
	const doc = block(0);
	skipBlank();
	if (pos < lines.length) fail('unparsed content');
	return doc;
}

function field(node: Yaml | undefined, ...path: string[]): Yaml | undefined {
	return path.reduce<Yaml | undefined>(
		(at, key) => (at !== undefined && typeof at === 'object' && !Array.isArray(at) ? at[key] : undefined),
		node,
	);
}

const WORKFLOW = join(REPO_ROOT, '.github', 'workflows', 'publish.yml');

test('parseBlockYaml reads the shapes workflow files use and refuses the ones it does not know', () => {
	const doc = parseBlockYaml(
		["on:", "  push:", "    tags:", "      - '*.*.*'", "jobs: # comment", "  a:", "    steps:", "      - uses: x@v1", "        with:", "          k: \"v\"", "      - run: |", "          one", "          two", ""].join('\n'),
	);
	assert.deepEqual(doc, { on: { push: { tags: ['*.*.*'] } }, jobs: { a: { steps: [{ uses: 'x@v1', with: { k: 'v' } }, { run: 'one\ntwo\n' }] } } });
	assert.throws(() => parseBlockYaml('a: {b: 1}\n'), /unsupported YAML/);
	assert.throws(() => parseBlockYaml('a: 1\n  b: 2\n'), /unexpected indentation/);
});

test('publish.yml publishes from a tag push, with lint, build and an npm provenance statement', () => {
	const doc = parseBlockYaml(readFileSync(WORKFLOW, 'utf8'), WORKFLOW);
	const tags = field(doc, 'on', 'push', 'tags');
	assert.ok(Array.isArray(tags) && tags.length > 0, 'the workflow runs on version tag pushes');

	const jobs = field(doc, 'jobs');
	assert.ok(jobs && typeof jobs === 'object' && !Array.isArray(jobs));
	const publishing = Object.values(jobs).filter((job) =>
		(field(job, 'steps') as Yaml[] | undefined)?.some((step) => /\bnpm publish\b/.test(String(field(step, 'run') ?? ''))),
	);
	assert.equal(publishing.length, 1, 'one job runs npm publish');
	const [job] = publishing;

	// npm signs provenance only on GitHub-hosted runners, with the job's OIDC token.
	assert.match(String(field(job, 'runs-on')), /^ubuntu-/);
	assert.equal(field(job, 'permissions', 'id-token'), 'write');

	const runs = (field(job, 'steps') as Yaml[]).map((step) => String(field(step, 'run') ?? ''));
	const at = (pattern: RegExp) => runs.findIndex((run) => pattern.test(run));
	const publish = at(/\bnpm publish\b/);
	const publishLine = runs[publish].split('\n').find((line) => /\bnpm publish\b/.test(line))!;
	assert.match(publishLine, /\s--provenance\b/);
	assert.match(publishLine, /\s--access public\b/);
	assert.ok(at(/\bnpm run lint\b/) >= 0 && at(/\bnpm run lint\b/) < publish, 'lint runs before publishing');
	assert.ok(at(/\bnpm run build\b/) >= 0 && at(/\bnpm run build\b/) < publish, 'build runs before publishing');
});

test('package.json names the public GitHub repository the provenance statement will point at', () => {
	// npm refuses a provenance statement whose repository differs from package.json's, and n8n's
	// scanner fetches the attested source from GitHub only.
	const pkg = readPackageJson() as ReturnType<typeof readPackageJson> & { repository?: { url?: string } };
	assert.match(pkg.repository?.url ?? '', /^(git\+)?https:\/\/github\.com\/[\w.-]+\/[\w.-]+?(\.git)?$/);
});
