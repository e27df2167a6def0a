import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { defaultCatalog } from '../../nodes/shared/erp/catalog';
import { decideColumns, nameCandidates, type DocColumn } from '../../nodes/shared/erp/columnMatching';

const catalog = defaultCatalog();

const doc = (id: string, name: string, type: string, extra: Partial<DocColumn> = {}): DocColumn => ({
	id,
	name,
	type,
	isArray: false,
	display: false,
	calculated: false,
	format: { type },
	lookupTableId: null,
	...extra,
});

const erpTableOf = (id: string) => ({ 'grid-proj': 'projects', 'grid-ppl': 'people', 'grid-orgs': 'organizations', 'grid-tasks': 'tasks' })[id];

describe('column matching from the doc model', () => {
	it('feeds name from the display column and matches natural names by units, synonyms and format', () => {
		const decisions = decideColumns(
			catalog.table('tasks'),
			[
				doc('c-task', 'Task', 'text', { display: true }),
				doc('c-due', 'Due', 'date'),
				doc('c-stage', 'Stage', 'select'),
				doc('c-est', 'Estimate (h)', 'number'),
				doc('c-proj', 'Initiative', 'lookup', { lookupTableId: 'grid-proj' }),
				doc('c-who', 'Assigned to', 'person'),
				doc('c-vibe', 'Vibe', 'select'),
				doc('c-btn', 'Mark done', 'button'),
			],
			{ stored: {}, overrides: [], erpTableOf },
		);
		const by = Object.fromEntries(decisions.map((d) => [d.codaColumnName, [d.how, d.erpColumns.join('+'), d.proposed?.column ?? null]]));
		assert.deepEqual(by, {
			Task: ['display', 'name', null],
			Due: ['fuzzy', 'due_date', null],
			Stage: ['fuzzy', 'status', null],
			'Estimate (h)': ['fuzzy', 'estimate_hours', null],
			Initiative: ['fuzzy', 'project_coda_id', null],
			'Assigned to': ['fuzzy', 'assignee_email', null],
			Vibe: ['new', '', 'vibe'],
			'Mark done': ['none', '', null],
		});
	});

	it('never binds a value to a column of another kind, and proposes a typed column instead', () => {
		const decisions = decideColumns(
			catalog.table('tasks'),
			[doc('c-due', 'Due Date', 'text'), doc('c-pp', 'Assignee', 'person', { isArray: true }), doc('c-pct', 'Progress', 'percent')],
			{ stored: {}, overrides: [], erpTableOf },
		);
		assert.deepEqual(
			decisions.map((d) => [d.codaColumnName, d.how, d.proposed]),
			[
				['Due Date', 'new', { column: 'due_date_2', sqlType: 'text' }],
				['Assignee', 'new', { column: 'assignee_emails', sqlType: 'text[]' }],
				['Progress', 'new', { column: 'progress_percent', sqlType: 'numeric' }],
			],
		);
	});

	it('lets an override and a stored binding win, one Coda column per erp column', () => {
		const decisions = decideColumns(
			catalog.table('tasks'),
			[doc('c-a', 'Deadline', 'date'), doc('c-b', 'Due', 'date'), doc('c-c', 'Remarks', 'text'), doc('c-d', 'Notes', 'text')],
			{ stored: { 'c-b': 'due_date' }, overrides: [{ codaColumn: 'Remarks', erpColumn: 'notes' }, { codaColumn: 'c-d', erpColumn: null }], erpTableOf },
		);
		assert.deepEqual(
			decisions.map((d) => [d.codaColumnName, d.how, d.erpColumns.join('+')]),
			[
				['Deadline', 'new', ''],
				['Due', 'stored', 'due_date'],
				['Remarks', 'override', 'notes'],
				['Notes', 'override', ''],
			],
		);
	});

	it('reads units and plurals out of Coda names', () => {
		const names = nameCandidates('Probability %').map((c) => c.name);
		assert.ok(names.includes('probability_percent'), names.join());
		assert.ok(nameCandidates('Categories').some((c) => c.name === 'category'));
	});
});
