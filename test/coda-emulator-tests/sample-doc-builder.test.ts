// The sample-doc builder against the erp schema's CHECK constraints: every generated value of a
// one-to-one column satisfies its vocabulary, range, format and column order.
import assert from 'node:assert/strict';
import { getTableConfig } from 'drizzle-orm/pg-core';
import { describe, it } from 'node:test';
import { checkRules } from '../coda-emulator/checkRules';
import { buildSampleDoc, loadErpTables } from '../coda-emulator/sampleDoc';

describe('Coda emulator: sample-doc builder', () => {
	const tables = loadErpTables();
	const doc = buildSampleDoc(tables, { seed: 7, docId: 'DocId12345', rows: 200 });

	it('generates values that pass the erp CHECK constraints', () => {
		let checked = 0;
		for (const table of tables) {
			const name = getTableConfig(table).name;
			const spec = doc.tables.find((t) => t.erpTable === name)!;
			const byErp = new Map(spec.columns.filter((c) => c.erpColumns?.length === 1).map((c) => [c.erpColumns![0], c]));
			for (const [column, rule] of checkRules(table)) {
				const col = byErp.get(column);
				assert.ok(col, `${name}.${column} has a CHECK and a Coda column`);
				const later = rule.notBefore ? byErp.get(rule.notBefore) : undefined;
				for (let i = 0; i < spec.rowCount; i++) {
					const value = col.generate!(i);
					if (value === null) continue;
					const values = Array.isArray(value) ? value : [value];
					for (const v of values) {
						if (rule.options) assert.ok(rule.options.includes(v as string), `${name}.${column}: ${String(v)} not in vocabulary`);
						if (rule.min !== undefined) assert.ok((v as number) >= rule.min, `${name}.${column}: ${String(v)} < ${rule.min}`);
						if (rule.max !== undefined) assert.ok((v as number) <= rule.max, `${name}.${column}: ${String(v)} > ${rule.max}`);
						if (rule.pattern) assert.match(String(v), new RegExp(rule.pattern), `${name}.${column}`);
					}
					const start = later?.generate!(i);
					if (later && start !== null && start !== undefined) assert.ok(value >= start, `${name}.${column} before ${rule.notBefore} in row ${i}`);
					checked++;
				}
			}
		}
		assert.ok(checked > 5000, `${checked} values checked`);
	});

	it('puts end dates on or after start dates', () => {
		const sprints = doc.tables.find((t) => t.erpTable === 'sprints')!;
		const start = sprints.columns.find((c) => c.name === 'Start Date')!;
		const end = sprints.columns.find((c) => c.name === 'End Date')!;
		for (let i = 0; i < sprints.rowCount; i++) {
			const [s, e] = [start.generate!(i), end.generate!(i)];
			if (s !== null && e !== null) assert.ok(e >= s, `row ${i}: ${String(e)} < ${String(s)}`);
		}
	});

	it('refuses row counts for tables the schema does not have', () => {
		assert.throws(() => buildSampleDoc(tables, { seed: 1, docId: 'x', rows: { taskz: 5 } }), /does not have: taskz/);
		assert.throws(() => buildSampleDoc(tables, { seed: 1, docId: 'x', rows: -1 }), /integer 0\.\.1000000/);
	});
});
