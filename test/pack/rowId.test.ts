// The Pack's derivation of Coda's API row id (`i-…`) from a row's link, on the link shapes Coda's
// API publishes (test/pack/fixtures/coda-row-links.json, each with its source).
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { apiRowIdFromLink } from '../../pack/src/rowId';
import { webhookTarget } from '../../pack/src/makePack';

interface LinkFixture {
	link: string;
	rowId: string;
	kind: string;
	source: string;
}

const fixtures = (JSON.parse(readFileSync(join(__dirname, 'fixtures', 'coda-row-links.json'), 'utf8')) as { links: LinkFixture[] }).links;

describe('pack: the API row id in a Coda row link', () => {
	it('finds the id in every published link shape', () => {
		assert.ok(fixtures.length >= 5);
		for (const f of fixtures) assert.equal(apiRowIdFromLink(f.link), f.rowId, `${f.kind}: ${f.link}`);
	});

	it('takes a bare row id as it is, and trims what a formula may add around it', () => {
		assert.equal(apiRowIdFromLink('i-tuVwxYz'), 'i-tuVwxYz');
		assert.equal(apiRowIdFromLink('  i-DvV-oDw-my\n'), 'i-DvV-oDw-my');
		assert.equal(apiRowIdFromLink(' https://coda.io/d/_dAbCDeFGH#Tasks_tpqRst-U/_rui-tuVwxYz '), 'i-tuVwxYz');
	});

	it('stops at the first character an id cannot hold (a query or a second fragment)', () => {
		assert.equal(apiRowIdFromLink('https://coda.io/d/_dAbCDeFGH#Tasks_tpqRst-U/_rui-tuVwxYz?view=modal'), 'i-tuVwxYz');
		assert.equal(apiRowIdFromLink('https://coda.io/d/_dAbCDeFGH#Tasks_tpqRst-U/_rui-tuVwxYz&modal=true'), 'i-tuVwxYz');
	});

	it('is not fooled by `_r` or `_ru` inside the table part or the id itself', () => {
		// "_ru" inside the row id, and a page name holding "_r": only "/_ru" starts the row part.
		assert.equal(apiRowIdFromLink('https://coda.io/d/_dAbCDeFGH#Our_ru-les_tpqRst-U/_rui-ab_ruXY12'), 'i-ab_ruXY12');
		// What splitting on "_r" (the README's former formula) gets wrong on the spec's own example:
		const spec = fixtures.find((f) => f.kind === 'spec example')!;
		assert.equal(spec.link.split('_r').pop(), `u${spec.rowId}`);
		assert.equal(apiRowIdFromLink(spec.link), spec.rowId);
	});

	it('returns nothing when there is no row in the text', () => {
		assert.equal(apiRowIdFromLink('https://coda.io/d/_dYuypr0WRkq#_tugrid-7wlFDEirg4'), undefined, 'a table link');
		assert.equal(apiRowIdFromLink(''), undefined);
		assert.equal(apiRowIdFromLink('Write the launch plan'), undefined, "a row's display value");
		assert.equal(apiRowIdFromLink('i-has a space'), undefined);
	});
});

describe('pack: where it sends', () => {
	it('POSTs to <base URL>/webhook/coda-erp-sync and may call only that host', () => {
		assert.deepEqual(webhookTarget('https://n8n.example.com'), { url: 'https://n8n.example.com/webhook/coda-erp-sync', networkDomain: 'n8n.example.com' });
		assert.deepEqual(webhookTarget('https://example.com/n8n/'), { url: 'https://example.com/n8n/webhook/coda-erp-sync', networkDomain: 'example.com' });
		assert.deepEqual(webhookTarget('http://127.0.0.1:5678'), { url: 'http://127.0.0.1:5678/webhook/coda-erp-sync', networkDomain: '127.0.0.1:5678' });
		assert.throws(() => webhookTarget('ftp://n8n.example.com'), /http\(s\) URL/);
	});
});
