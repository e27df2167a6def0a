import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { decideBindings, isBound } from '../../nodes/shared/erp/bindings';
import { namesOnly } from '../../nodes/shared/erp/columnMatching';
import { defaultCatalog, type ColumnInfo } from '../../nodes/shared/erp/catalog';
import { CoercionError, compileCoercer, compileMoneyCoercer, lookupRowId, lookupRowIds, normaliseName, personEmail } from '../../nodes/shared/erp/coerce';

const catalog = defaultCatalog();
const col = (table: string, name: string): ColumnInfo => catalog.table(table).columns.get(name)!;
const fails = (fn: () => unknown, pattern: RegExp) => assert.throws(fn, (e: unknown) => e instanceof CoercionError && pattern.test(e.message));

describe('coercion of Coda values to erp columns', () => {
	it('normalises Coda names', () => {
		assert.equal(normaliseName('Due Date'), 'due_date');
		assert.equal(normaliseName('  Équipe / Owner (%) '), 'equipe_owner');
	});

	it('reads the catalogue: groups, vocabularies, numeric limits', () => {
		const tasks = catalog.table('tasks');
		assert.deepEqual(tasks.groups.get('project'), { kind: 'ref', name: 'project', idColumn: 'project_id', codaIdColumn: 'project_coda_id', target: 'projects' });
		assert.equal(tasks.groups.get('assignee')?.kind, 'person');
		assert.equal(tasks.groups.get('blocked_by')?.kind, 'refMany');
		assert.equal(catalog.table('projects').groups.get('budget')?.kind, 'money');
		assert.deepEqual(col('tasks', 'status').options, { table: 'tasks_status_options', meanings: ['backlog', 'todo', 'in_progress', 'blocked', 'review', 'done', 'cancelled'] });
		assert.deepEqual(col('execution_runs', 'status').vocabulary, ['running', 'success', 'error', 'partial'], 'values our own nodes write keep their CHECK');
		assert.deepEqual([col('tasks', 'estimate_hours').precision, col('tasks', 'estimate_hours').scale], [8, 2]);
		assert.equal(catalog.referencing('projects').some((r) => r.table.name === 'tasks' && r.group.name === 'project'), true);
	});

	it('coerces each column type and names the problem otherwise', () => {
		const status = compileCoercer(col('tasks', 'status'));
		assert.equal(status('In Progress'), 'In Progress', "a select keeps the doc's own label");
		assert.equal(status('🚀 Launched'), '🚀 Launched');
		assert.equal(status(null), null);
		const runStatus = compileCoercer(col('execution_runs', 'status'));
		assert.equal(runStatus('Success'), 'success');
		fails(() => runStatus('Exploded'), /"Exploded" is not one of running, success/);
		const due = compileCoercer(col('tasks', 'due_date'));
		assert.equal(due('2026-03-01'), '2026-03-01');
		assert.equal(due('2026-03-01T23:30:00-05:00'), '2026-03-01', 'a date-time keeps its own calendar day');
		fails(() => due('2026-02-30'), /"2026-02-30"/);
		fails(() => due('soon'), /"soon"/);
		const completed = compileCoercer(col('tasks', 'completed_at'));
		assert.equal(completed('2026-03-01'), '2026-03-01T00:00:00Z');
		assert.equal(completed('2026-03-01T10:00:00.000Z'), '2026-03-01T10:00:00.000Z');
		const hours = compileCoercer(col('tasks', 'estimate_hours'));
		assert.equal(hours(2.5), '2.5');
		assert.equal(hours(' 7 '), '7');
		assert.equal(hours({ amount: '12.5', currency: 'USD' }), '12.5');
		fails(() => hours(1e6), /too large for numeric\(8, 2\)/);
		fails(() => hours('12 hours'), /"12 hours"/);
		const notes = compileCoercer(col('tasks', 'notes'));
		assert.equal(notes(['a', 'b']), 'a, b');
		assert.equal(notes(42), '42');
		assert.equal(notes({ rowId: 'i-x', name: 'Row X' }), 'Row X');
		assert.equal(notes(''), null);
		const employees = compileCoercer(col('organizations', 'employee_count'));
		assert.equal(employees(12), '12');
		fails(() => employees(1.5), /whole number/);
	});

	it('converts Coda durations (ISO 8601) to the unit the column name ends with, keeping plain numbers', () => {
		const expected = compileCoercer(col('workflows', 'expected_duration_minutes'));
		assert.equal(expected('PT1H30M'), '90');
		assert.equal(expected(' PT1.5H '), '90');
		assert.equal(expected('PT20S'), '0.333333333333333', 'numeric(10, 2) rounds it in PostgreSQL');
		assert.equal(expected('P1D'), '1440');
		assert.equal(expected(45), '45');
		assert.equal(expected('45'), '45');
		assert.equal(expected(''), null);
		assert.equal(compileCoercer(col('template_performance', 'avg_duration_minutes'))('PT2M30S'), '2.5');
		assert.equal(compileCoercer(col('tasks', 'estimate_hours'))('PT2H45M'), '2.75');
		assert.equal(compileCoercer(col('execution_runs', 'duration_ms'))('PT1.25S'), '1250');
		assert.equal(compileCoercer(col('service_blueprints', 'target_duration_days'))('P2W'), '14');
		assert.equal(compileCoercer(col('offers', 'duration_weeks'))('P21D'), '3');
		assert.equal(compileCoercer(col('finance_snapshot', 'runway_months'))('P1Y6M'), '18');
		fails(() => expected('PT1X'), /^"PT1X" is not an ISO 8601 duration \(e\.g\. PT1H30M\) or a number of minutes$/);
		fails(() => expected('1h30m'), /"1h30m" is not an ISO 8601 duration/);
		fails(() => expected('PT'), /"PT" is not an ISO 8601 duration/);
		fails(() => expected('P99999D'), /^"P99999D" = 143998560 is too large for numeric\(10, 2\)$/);
		// Integer columns take whole amounts only: a fraction is rejected, never rounded.
		fails(() => compileCoercer(col('service_blueprints', 'target_duration_days'))('PT36H'), /^"PT36H" is 1\.5 days, not a whole number of days$/);
		fails(() => compileCoercer(col('offers', 'duration_weeks'))('P10D'), /"P10D" is 1\.42857142857143 weeks, not a whole number of weeks/);
		// Only number columns named for a unit convert: an ISO duration stays text elsewhere.
		assert.equal(compileCoercer(col('tasks', 'notes'))('PT1H'), 'PT1H');
	});

	it('coerces lookups, people and money', () => {
		assert.equal(lookupRowId({ rowId: 'i-p1', tableId: 'grid-x', name: 'P' }), 'i-p1');
		assert.equal(lookupRowId([{ rowId: 'i-p1' }]), 'i-p1');
		assert.equal(lookupRowId([]), null);
		fails(() => lookupRowId([{ rowId: 'i-a' }, { rowId: 'i-b' }]), /holds 2 rows but the column references one/);
		fails(() => lookupRowId({ name: 'no id' }), /is not a Coda row reference/);
		assert.equal(lookupRowIds([{ rowId: 'i-a' }, { rowId: 'i-b"}' }]), '{"i-a","i-b\\"}"}');
		assert.equal(personEmail({ email: ' Ana@Example.com ', name: 'Ana' }), 'Ana@Example.com');
		fails(() => personEmail({ name: 'No Email' }), /not a person with an email address/);
		const money = compileMoneyCoercer(col('projects', 'budget_amount'));
		assert.deepEqual(money({ amount: '1200.5', currency: 'eur' }), ['1200.5', 'EUR']);
		assert.deepEqual(money(99), ['99', null]);
		fails(() => money({ amount: 5, currency: 'euros' }), /not an ISO 4217 code/);
	});

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
