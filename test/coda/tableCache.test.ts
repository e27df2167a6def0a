import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { TableCache } from '../../nodes/shared/coda/tableCache';
import { FakeClock } from './fakeClock';

describe('TableCache', () => {
	it('remembers tables by id and by name until the TTL passes', () => {
		const clock = FakeClock.instant();
		const cache = new TableCache(1000, clock);
		const table = { id: 'grid-1', name: 'Tasks' };
		cache.remember('doc', table);
		assert.equal(cache.get('doc', 'grid-1'), table);
		assert.equal(cache.get('doc', 'Tasks'), table);
		assert.equal(cache.get('other-doc', 'Tasks'), undefined);
		void clock.sleep(1000);
		assert.equal(cache.get('doc', 'grid-1'), undefined);
	});
});
