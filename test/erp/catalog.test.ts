import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import { sql } from 'drizzle-orm';
import { check, integer, numeric, text } from 'drizzle-orm/pg-core';
import { GENERATED_CATALOG, renderCatalogModule, schemaCatalogData } from '../../drizzle/schemaCatalog';
import * as schema from '../../drizzle/schema';
import { duration, erp, inRange, inVocabulary, syncColumns } from '../../drizzle/schema/columns';
import { catalogFromData, defaultCatalog, type ColumnInfo } from '../../nodes/shared/erp/catalog';

const catalog = defaultCatalog();
const col = (table: string, name: string): ColumnInfo => catalog.table(table).columns.get(name)!;

describe('the catalogue of the erp tables', () => {
	it('is generated from the Drizzle schema: catalogData.generated.ts is what the schema gives now', () => {
		const data = schemaCatalogData(schema as Record<string, unknown>);
		assert.equal(readFileSync(GENERATED_CATALOG, 'utf8'), renderCatalogModule(data), 'the schema changed: run `npm run catalog:generate`');
		assert.deepEqual(catalog.tables, catalogFromData(data).tables);
	});

	it('reads the catalogue: groups, vocabularies, numeric limits', () => {
		const tasks = catalog.table('tasks');
		assert.deepEqual(tasks.groups.get('project'), { kind: 'ref', name: 'project', idColumn: 'project_id', codaIdColumn: 'project_coda_id', target: 'projects' });
		assert.equal(tasks.groups.get('assignee')?.kind, 'person');
		assert.equal(tasks.groups.get('blocked_by')?.kind, 'refMany');
		assert.equal(catalog.table('projects').groups.get('budget')?.kind, 'money');
		assert.deepEqual(col('tasks', 'status').options, { table: 'tasks_status_options', meanings: ['backlog', 'todo', 'in_progress', 'blocked', 'review', 'done', 'cancelled'] });
		assert.deepEqual(col('execution_runs', 'status').vocabulary, ['running', 'success', 'error', 'partial', 'crashed'], 'values our own nodes write keep their CHECK');
		assert.deepEqual([col('tasks', 'estimate_hours').precision, col('tasks', 'estimate_hours').scale], [8, 2]);
		assert.equal(catalog.referencing('projects').some((r) => r.table.name === 'tasks' && r.group.name === 'project'), true);
	});


	it('reads vocabularies, ranges and duration units from what the column helpers declared', () => {
		assert.deepEqual(col('ventures', 'equity_percent').range, { min: 0, max: 100 });
		assert.deepEqual(col('tasks_status_options', 'meaning').vocabulary, ['backlog', 'todo', 'in_progress', 'blocked', 'review', 'done', 'cancelled']);
		assert.deepEqual(col('sync_config', 'delivery').vocabulary, ['realtime', 'batch', 'off']);
		assert.equal(col('tasks', 'estimate_hours').unit, 'hours');
		assert.equal(col('execution_runs', 'duration_ms').unit, 'milliseconds');
		assert.equal(col('sync_config', 'cadence_minutes').unit, undefined, 'a name ending in _minutes declares no Coda duration');
		// A table of its own: the helpers' facts are found, a hand-written CHECK of the same shape is not read.
		const probe = erp.table(
			'catalog_probe',
			{
				...syncColumns(),
				kind: text('kind'),
				mood: text('mood'),
				score: integer('score'),
				wait: duration(numeric('wait', { precision: 6, scale: 1 }), 'days'),
				wait_minutes: numeric('wait_minutes'),
			},
			(t) => [inVocabulary(t.kind, ['a', 'b']), check('catalog_probe_mood_check', sql`${t.mood} IN ('x', 'y')`), inRange(t.score, 1, 3)],
		);
		const columns = catalogFromData(schemaCatalogData({ probe })).table('catalog_probe').columns;
		assert.deepEqual(columns.get('kind')!.vocabulary, ['a', 'b']);
		assert.equal(columns.get('mood')!.vocabulary, undefined);
		assert.deepEqual(columns.get('score')!.range, { min: 1, max: 3 });
		assert.equal(columns.get('wait')!.unit, 'days');
		assert.equal(columns.get('wait_minutes')!.unit, undefined);
	});
});
