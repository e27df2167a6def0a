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
			table('grid-w', 'Work Items', ['grid-p', 'grid-s', 'grid-pp'], ['Title', 'State']),
		];
		const { matches } = matchTables(coda, erp, configured);
		const tasks = matches.find((m) => m.erpTable === 'tasks')!;
		assert.equal(tasks.coda?.name, 'Work Items');
		assert.equal(tasks.how, 'lookups');
		assert.equal(tasks.reason, "its lookups point at people, projects, sprints, as tasks's references do");
	});
});
