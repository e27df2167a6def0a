// Which Coda table feeds which erp table (drizzle/cli/tableMatching.ts): configured, then names,
// then the doc's lookups. Pure, no database.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { configuredExactly, matchTables, tableKey, type CodaTableInfo, type ErpTableInfo } from '../../drizzle/cli/tableMatching';

const erp: ErpTableInfo[] = [
	{ name: 'tasks', columnNames: ['name', 'status', 'due_date', 'project'], refTargets: ['projects', 'sprints', 'people'] },
	{ name: 'projects', columnNames: ['name', 'status', 'venture'], refTargets: ['ventures'] },
	{ name: 'organizations', columnNames: ['name', 'industry', 'website_url'], refTargets: ['people'] },
	{ name: 'okrs', columnNames: ['name', 'objective', 'key_result'], refTargets: ['okrs', 'ventures'] },
	{ name: 'results', columnNames: ['name', 'outcome'], refTargets: ['projects'] },
	{ name: 'sprints', columnNames: ['name', 'starts_on'], refTargets: ['projects'] },
	{ name: 'people', columnNames: ['name', 'email'], refTargets: [] },
	{ name: 'ventures', columnNames: ['name'], refTargets: [] },
	{ name: 'kpis', columnNames: ['name'], refTargets: [] },
];
const configured = erp.map((t) => ({ erpTable: t.name, codaTable: t.name.replace(/(^|_)([a-z])/g, (_, s: string, c: string) => `${s ? ' ' : ''}${c.toUpperCase()}`) }));
const table = (id: string, name: string, lookupTableIds: string[] = [], columnNames: string[] = ['Name']): CodaTableInfo => ({ id, name, columnNames, lookupTableIds });

describe('table matching', () => {
	it('normalises names: accents, emoji, punctuation, & as and', () => {
		assert.equal(tableKey('OKRs — Key results'), 'okrs_key_results');
		assert.equal(tableKey('Clients & Partners'), 'clients_and_partners');
		assert.equal(tableKey('✅ To-dos'), 'to_dos');
		assert.equal(tableKey('Réunions'), 'reunions');
	});

	it('takes the configured table (id or name), then proposes by name, synonym and words', () => {
		const coda = [
			table('grid-p', 'Projects'),
			table('grid-t', 'To-dos', ['grid-p']),
			table('grid-c', 'Clients & Partners'),
			table('grid-o', 'OKRs — Key results'),
			table('grid-r', 'Results'),
			table('grid-k', 'KPIs'),
			table('grid-x', 'Reading List'),
		];
		const { matches, unmatchedCoda } = matchTables(coda, erp, configured);
		const by = Object.fromEntries(matches.map((m) => [m.erpTable, `${m.coda?.name ?? '-'} (${m.how})`]));
		assert.deepEqual(by, {
			tasks: 'To-dos (synonym)',
			projects: 'Projects (configured)',
			organizations: 'Clients & Partners (synonym)',
			okrs: 'OKRs — Key results (words)',
			results: 'Results (configured)',
			sprints: '- (none)',
			people: '- (none)',
			ventures: '- (none)',
			kpis: 'KPIs (configured)',
		});
		assert.equal(matches.find((m) => m.erpTable === 'okrs')!.reason, '"OKRs — Key results" contains "key results"');
		assert.deepEqual(unmatchedCoda, [{ id: 'grid-x', name: 'Reading List' }]);
		// Coda looks tables up by exact name: "Kpis" (configured) does not find "KPIs".
		const kpis = matches.find((m) => m.erpTable === 'kpis')!;
		assert.equal(configuredExactly(kpis), false);
		assert.equal(kpis.reason, 'erp.sync_config names "Kpis", which Coda spells "KPIs"');
		assert.equal(configuredExactly(matches.find((m) => m.erpTable === 'projects')!), true);
	});

	it('a configured id wins over names, and each Coda table feeds one erp table', () => {
		const coda = [table('grid-1', 'Tasks'), table('grid-2', 'Todos')];
		const { matches } = matchTables(coda, erp, [{ erpTable: 'tasks', codaTable: 'grid-2' }, { erpTable: 'sprints', codaTable: 'Tasks' }]);
		assert.deepEqual(
			matches.filter((m) => m.coda).map((m) => [m.erpTable, m.coda!.id, m.how]),
			[['tasks', 'grid-2', 'configured'], ['sprints', 'grid-1', 'configured']],
		);
	});

	it('what names leave unmatched is proposed from lookups that point where the erp references point', () => {
		const coda = [
			table('grid-p', 'Projects'),
			table('grid-s', 'Sprints'),
			table('grid-pp', 'People'),
			table('grid-w', 'Board', ['grid-p', 'grid-s', 'grid-pp'], ['Title', 'State']),
		];
		const { matches } = matchTables(coda, erp, configured);
		const tasks = matches.find((m) => m.erpTable === 'tasks')!;
		assert.equal(tasks.coda?.name, 'Board');
		assert.equal(tasks.how, 'lookups');
		assert.equal(tasks.reason, "its lookups point at people, projects, sprints, as tasks's references do");
	});

	it('the words of a longer name: the last word names the thing, and inner stop words stay ("P&L")', () => {
		// Both contain a name of projects; "Client Projects" is projects, "Project Log" a log of them.
		const coda = [table('grid-a', 'Project Log'), table('grid-b', 'Client Projects')];
		const { matches, unmatchedCoda } = matchTables(coda, erp, []);
		const projects = matches.find((m) => m.erpTable === 'projects')!;
		assert.deepEqual([projects.coda?.name, projects.how, projects.reason], ['Client Projects', 'words', '"Client Projects" contains "projects"']);
		assert.deepEqual(unmatchedCoda, [{ id: 'grid-a', name: 'Project Log' }]);
		const finance: ErpTableInfo = { name: 'finance_snapshot', columnNames: ['name'], refTargets: [] };
		const pnl = matchTables([table('grid-f', 'Monthly P&L')], [finance], []).matches[0];
		assert.deepEqual([pnl.coda?.name, pnl.reason], ['Monthly P&L', '"Monthly P&L" contains "p and l"']);
	});

	it('usual names: an agency\'s jobs are projects and its work items tasks; SOP stats are template performance', () => {
		const extra: ErpTableInfo[] = [
			{ name: 'template_performance', columnNames: ['name'], refTargets: [] },
			{ name: 'execution_runs', columnNames: ['name'], refTargets: [] },
			{ name: 'workflows', columnNames: ['name'], refTargets: [] },
		];
		const coda = [table('grid-j', 'Jobs'), table('grid-w', 'Work Items'), table('grid-s', 'SOP Stats'), table('grid-l', 'Automation Log'), table('grid-z', 'Zaps & Automations')];
		const { matches } = matchTables(coda, [...erp, ...extra], []);
		const by = Object.fromEntries(matches.filter((m) => m.coda).map((m) => [m.erpTable, m.coda!.name]));
		assert.deepEqual(by, { projects: 'Jobs', tasks: 'Work Items', template_performance: 'SOP Stats', execution_runs: 'Automation Log', workflows: 'Zaps & Automations' });
	});

	it('by shape, one table at a time: a reference every table has counts little, a lookup into itself is its own table, column names add up', () => {
		const shapeErp: ErpTableInfo[] = [
			{ name: 'people', columnNames: ['name', 'email'], refTargets: [] },
			{ name: 'projects', columnNames: ['name', 'status', 'owner'], refTargets: ['people'] },
			{ name: 'tasks', columnNames: ['name', 'status', 'due_date', 'estimate_hours', 'assignee'], refTargets: ['projects', 'tasks', 'people'] },
			{ name: 'assets', columnNames: ['name', 'license', 'url'], refTargets: ['projects', 'people'] },
			{ name: 'expenses', columnNames: ['name', 'category', 'amount', 'paid_by', 'billable'], refTargets: ['projects', 'people'] },
		];
		const coda = [
			table('grid-pp', 'People'),
			table('grid-p', 'Projects'),
			// Both look up Projects and People, as assets and expenses do: their column names decide.
			table('grid-1', 'Stuff', ['grid-p', 'grid-pp'], ['Item', 'Category', 'Amt', 'Paid by', 'Billable?']),
			table('grid-2', 'Things', ['grid-p', 'grid-pp'], ['File', 'Licence', 'Link']),
			// Parent task: a lookup into itself.
			table('grid-3', 'Board', ['grid-p', 'grid-3', 'grid-pp'], ['Title', 'Deadline', 'Hours (est.)']),
		];
		const { matches } = matchTables(coda, shapeErp, []);
		const by = Object.fromEntries(matches.map((m) => [m.erpTable, m.coda?.name ?? '-']));
		assert.deepEqual(by, { people: 'People', projects: 'Projects', tasks: 'Board', assets: 'Things', expenses: 'Stuff' });
		assert.equal(matches.find((m) => m.erpTable === 'expenses')!.reason, "its lookups point at people, projects, as expenses's references do; 4 of its 5 column names are expenses's");
	});

	it('by shape: a log that only looks up projects and people is no task list, a table that looks up itself may be', () => {
		const small: ErpTableInfo[] = [
			{ name: 'people', columnNames: ['name', 'email'], refTargets: [] },
			{ name: 'projects', columnNames: ['name', 'status'], refTargets: ['people'] },
			{ name: 'tasks', columnNames: ['name', 'status', 'due_date', 'estimate_hours'], refTargets: ['projects', 'tasks', 'people'] },
		];
		const base = [table('grid-pp', 'People'), table('grid-p', 'Projects')];
		const tasksOf = (extra: CodaTableInfo) => matchTables([...base, extra], small, []).matches.find((m) => m.erpTable === 'tasks')!.coda?.name ?? '-';
		assert.equal(tasksOf(table('grid-l', 'Log', ['grid-p', 'grid-pp'], ['Entry', 'When'])), '-');
		assert.equal(tasksOf(table('grid-b', 'Board', ['grid-b', 'grid-pp'], ['Title', 'Deadline', 'Hours (est.)'])), 'Board');
	});
});

