import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { guessMeaning } from '../../nodes/shared/erp/optionMeaning';

describe('guessMeaning', () => {
	it("guesses an option's meaning from the user's label", () => {
		const meanings = ['backlog', 'todo', 'in_progress', 'blocked', 'review', 'done', 'cancelled'];
		assert.deepEqual(
			['To Do', '✅ Erledigt', 'In Progress', 'Canceled', 'Waiting on client', '🚀 Launched'].map((l) => guessMeaning(l, meanings) ?? null),
			['todo', 'done', 'in_progress', 'cancelled', 'blocked', null],
		);
	});

	it('matches a meaning whatever its case, spacing and punctuation, and guesses nothing for a label of emoji only', () => {
		const meanings = ['todo', 'in_progress', 'done'];
		assert.deepEqual(['IN-PROGRESS', 'inprogress', ' Done! ', 'WIP', '🚀', ''].map((l) => guessMeaning(l, meanings) ?? null), ['in_progress', 'in_progress', 'done', 'in_progress', null, null]);
		assert.equal(guessMeaning('Done', ['todo']), undefined, 'only the meanings given count');
	});
});
