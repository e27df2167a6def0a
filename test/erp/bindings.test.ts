import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { decideBindings, isBound } from '../../nodes/shared/erp/bindings';
import { defaultCatalog } from '../../nodes/shared/erp/catalog';
import { namesOnly } from '../../nodes/shared/erp/columnMatching';

const catalog = defaultCatalog();

describe('the bindings of a run', () => {
	it('binds Coda columns: mapper, then stored binding, then name; one Coda column per erp column', () => {
		const tasks = catalog.table('tasks');
		const columns = new Map([['c-1', 'Deadline'], ['c-2', 'Due Date'], ['c-3', 'Project'], ['c-4', 'Remarks'], ['c-5', 'Status']]);
		const decisions = decideBindings(tasks, namesOnly(columns), {
			stored: { 'c-1': 'due_date' },
			overrides: [],
			mapper: [{ codaColumn: 'Remarks', erpColumn: 'notes' }, { codaColumn: 'c-5', erpColumn: '' }],
			erpTableOf: () => undefined,
		});
		const byId = Object.fromEntries(decisions.filter(isBound).map((b) => [b.codaColumnId, [b.how, b.target.kind === 'column' ? b.target.column : b.target.group.name]]));
		assert.deepEqual(byId, { 'c-1': ['stored', 'due_date'], 'c-3': ['name', 'project'], 'c-4': ['override', 'notes'] });
	});
});
