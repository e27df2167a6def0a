import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { markdownToPlainText } from '../../nodes/shared/coda/markdown';

describe('markdownToPlainText', () => {
	const cases: Array<[string, string]> = [
		['```This is plain text```', 'This is plain text'],
		['```\nline one\nline two\n```', 'line one\nline two'],
		['**bold**, __bold__, *it*, _it_, ~~gone~~', 'bold, bold, it, it, gone'],
		['snake_case_name and 2 * 3 * 4 stay', 'snake_case_name and 2 * 3 * 4 stay'],
		['see [the docs](https://coda.io/developers) or ![logo](https://img/l.png)', 'see the docs or logo'],
		['## Heading ##\n> quoted', 'Heading\nquoted'],
		['inline `code` here', 'inline code here'],
		['text\n```js\nconst a = **1**;\n```\nmore', 'text\nconst a = **1**;\nmore'],
		['\\*not emphasis\\* 1\\. item', '*not emphasis* 1. item'],
		['- bullet one\n- bullet two', '- bullet one\n- bullet two'],
	];
	for (const [markdown, plain] of cases) {
		it(JSON.stringify(markdown), () => assert.equal(markdownToPlainText(markdown), plain));
	}
});
