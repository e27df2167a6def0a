import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { credentialKey, sharedCredentialCount, sharedFor } from '../../nodes/shared/coda/perCredential';
import { FakeClock } from './fakeClock';

describe('state shared per credential', () => {
	it('is one limiter and table cache per credential, keyed without the token, and idle entries are evicted', () => {
		const clock = FakeClock.instant();
		const a = sharedFor('https://coda.example/apis/v1', 'secret-token-a', { clock });
		assert.equal(sharedFor('https://coda.example/apis/v1/', 'secret-token-a', { clock }), a);
		const b = sharedFor('https://coda.example/apis/v1', 'secret-token-b', { clock });
		assert.notEqual(a.limiter, b.limiter);
		assert.notEqual(a.tables, b.tables);
		assert.ok(!credentialKey('https://coda.example/apis/v1', 'secret-token-a').includes('secret-token-a'));
		const before = sharedCredentialCount();
		void clock.sleep(11 * 60 * 1000);
		sharedFor('https://other.example', 'token-c', { clock });
		assert.equal(sharedCredentialCount(), before - 2 + 1, 'both idle entries were dropped, the new one kept');
	});
});
