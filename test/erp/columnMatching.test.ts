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

	it('reads currency codes and symbols, abbreviations, rates per hour and qualifiers in brackets', () => {
		const has = (coda: string, erp: string) => assert.ok(nameCandidates(coda).some((c) => c.name === erp), `${coda} → ${erp}: ${nameCandidates(coda).map((c) => c.name).join()}`);
		has('Budget (AUD)', 'budget_amount');
		has('Budget (₹)', 'budget_amount');
		has('Price (A$)', 'price_amount');
		has('Amt (INR)', 'amount');
		has('Amt (INR)', 'value_amount');
		has('Amt received', 'amount');
		has('Qty', 'quantity');
		has('Rate / hr', 'hourly_rate');
		has('Cost per day', 'daily_cost');
		has('Hours (est.)', 'estimate_hours');
		has('Kick-off', 'start_date');
		has('Win chance', 'probability_percent');
		assert.ok(!nameCandidates('Notes (internal)').some((c) => c.name === 'notes_amount'), 'a bracketed word is no currency');
	});

	it('binds "Type" or "Kind" to the table\'s one type column, and gives a display column a name column where there is none', () => {
		const assets = decideColumns(catalog.table('assets'), [doc('c-file', 'File name', 'text', { display: true }), doc('c-kind', 'Kind', 'select')], { stored: {}, overrides: [], erpTableOf });
		assert.deepEqual(assets.map((d) => [d.codaColumnName, d.how, d.erpColumns.join('+')]), [['File name', 'display', 'name'], ['Kind', 'fuzzy', 'asset_type']]);
		const runs = decideColumns(catalog.table('execution_runs'), [doc('c-run', 'Run ID', 'text', { display: true })], { stored: {}, overrides: [], erpTableOf });
		assert.deepEqual(runs.map((d) => [d.how, d.proposed]), [['new', { column: 'name', sqlType: 'text' }]]);
	});

	it('names a new column after the thing: "Owner(s)" as owners, an emoji-only name after its type', () => {
		const decisions = decideColumns(
			catalog.table('projects'),
			[doc('c-o', 'Owner(s)', 'person', { isArray: true }), doc('c-r', '👍', 'reaction', { isArray: true })],
			{ stored: {}, overrides: [], erpTableOf },
		);
		assert.deepEqual(decisions.map((d) => d.proposed), [{ column: 'owners_emails', sqlType: 'text[]' }, { column: 'reaction', sqlType: 'text[]' }]);
	});
});

