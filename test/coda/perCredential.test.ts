import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { CodaClient } from '../../nodes/shared/coda/client';
import { credentialKey, sharedCredentialCount, sharedFor } from '../../nodes/shared/coda/perCredential';
import { fetchTable } from '../../nodes/shared/coda/tableFetch';
import { DOC_ID, fakeCoda } from './fakeCoda';
import { FakeClock } from './fakeClock';

describe('state shared per credential', () => {
	it('is one limiter, table cache and set of row reads per credential, keyed without the token, and idle entries are evicted', () => {
		const clock = FakeClock.instant();
		const a = sharedFor('https://coda.example/apis/v1', 'secret-token-a', { clock });
		assert.equal(sharedFor('https://coda.example/apis/v1/', 'secret-token-a', { clock }), a);
		const b = sharedFor('https://coda.example/apis/v1', 'secret-token-b', { clock });
		assert.notEqual(a.limiter, b.limiter);
		assert.notEqual(a.tables, b.tables);
		assert.notEqual(a.rows, b.rows);
		assert.ok(!credentialKey('https://coda.example/apis/v1', 'secret-token-a').includes('secret-token-a'));
		const before = sharedCredentialCount();
		void clock.sleep(11 * 60 * 1000);
		sharedFor('https://other.example', 'token-c', { clock });
		assert.equal(sharedCredentialCount(), before - 2 + 1, 'both idle entries were dropped, the new one kept');
	});

	it('runs with one credential share table metadata; another credential or base URL reads its own', async () => {
		const fake = fakeCoda({ rows: 3 });
		const run = (baseUrl: string, token: string) =>
			fetchTable(new CodaClient({ transport: fake.transport, ...sharedFor(baseUrl, token) }), { docId: DOC_ID, table: 'Tasks', mode: 'oneRow', rowId: 'i-row00001' });
		await run('https://coda.example/apis/v1', 'token-shared-1');
		await run('https://coda.example/apis/v1', 'token-shared-1');
		await run('https://coda.example/apis/v1', 'token-shared-2');
		await run('https://mirror.example/apis/v1', 'token-shared-1');
		assert.deepEqual(fake.requestKinds(), ['table', 'row', 'columns', 'row', 'table', 'row', 'columns', 'table', 'row', 'columns']);
	});
});
