// Helpers for the `erp-db plan` / `apply` tests: a small Coda doc whose tables and columns are
// named otherwise than the erp schema (with extra columns and other select labels), the CODA_*
// environment for the CLI, and a doc folder inside the repository (so its schema.ts resolves
// drizzle-orm like any schema of the project).
import { mkdtempSync, mkdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import type { CodaEmulator, ColumnFormat, DocSpec } from '../coda-emulator';
import { rowIdFor } from '../coda-emulator/ids';

const fmt = (type: ColumnFormat['type'], extra: Record<string, unknown> = {}, isArray = false): ColumnFormat => ({ type, isArray, ...extra });

export const TODO_STATES = ['To Do', 'In Progress', '✅ Erledigt', 'Dropped', 'Someday'];

/**
 * "To-dos", "Clients & Partners", "OKRs — Key results", "Projects" and an unrelated "Reading List".
 * The To-dos have columns the erp schema lacks (Effort Points, Kickoff, Billable, Labels) and a
 * State select with labels of their own; Clients & Partners a VAT ID; the key results a Confidence.
 */
export function otherNamesDoc() {
	return ({ seed }: { seed: number; docId: string }): DocSpec => ({
		name: 'Other names',
		tables: [
			{
				name: 'Clients & Partners', erpTable: 'clients', rowCount: 3,
				columns: [
					{ name: 'Company', display: true, format: fmt('text'), generate: (i) => `Company ${i}` },
					{ name: 'Website', format: fmt('link'), generate: (i) => ({ kind: 'url', url: `https://c${i}.example.com` }) },
					{ name: 'VAT ID', format: fmt('text'), generate: (i) => `DE${100000 + i}` },
				],
			},
			{
				name: 'Projects', erpTable: 'projects', rowCount: 3,
				columns: [
					{ name: 'Name', display: true, format: fmt('text'), generate: (i) => `Project ${i}` },
					{ name: 'Client', format: fmt('lookup'), lookupTarget: 'clients', generate: (i) => ({ kind: 'row', rowId: rowIdFor(seed, 'clients', i % 3) }) },
				],
			},
			{
				name: 'To-dos', erpTable: 'todos', rowCount: 5,
				columns: [
					{ name: 'Title', display: true, format: fmt('text'), generate: (i) => `To-do ${i}` },
					{ name: 'State', format: fmt('select', { options: TODO_STATES }), generate: (i) => TODO_STATES[i % TODO_STATES.length] },
					{ name: 'Project', format: fmt('lookup'), lookupTarget: 'projects', generate: (i) => ({ kind: 'row', rowId: rowIdFor(seed, 'projects', i % 3) }) },
					{ name: 'Due Date', format: fmt('date'), generate: () => '2026-03-31' },
					{ name: 'Effort Points', format: fmt('number'), generate: (i) => i + 1 },
					{ name: 'Kickoff', format: fmt('dateTime'), generate: () => Date.UTC(2026, 2, 1, 9) },
					{ name: 'Billable', format: fmt('checkbox'), generate: (i) => i % 2 === 0 },
					{ name: 'Labels', format: fmt('select', { options: ['red', 'green'] }, true), generate: () => ['red'] },
					{ name: 'Go', format: fmt('button', { label: 'Go' }), calculated: true, compute: () => 'Go' },
				],
			},
			{
				name: 'OKRs — Key results', erpTable: 'krs', rowCount: 2,
				columns: [
					{ name: 'Key result', display: true, format: fmt('text'), generate: (i) => `KR ${i}` },
					{ name: 'Confidence', format: fmt('percent'), generate: () => 0.7 },
				],
			},
			{
				name: 'Reading List', erpTable: 'reading', rowCount: 1,
				columns: [{ name: 'Book', display: true, format: fmt('text'), generate: () => 'SICP' }],
			},
		],
	});
}

/** The columns apply adds for otherNamesDoc, as `table.column type`. */
export const OTHER_NAMES_NEW_COLUMNS = [
	'okrs.confidence_percent numeric',
	'organizations.vat_id text',
	'tasks.billable boolean',
	'tasks.effort_points numeric',
	'tasks.kickoff timestamp with time zone',
	'tasks.labels text[]',
];

export function codaEnv(coda: CodaEmulator): NodeJS.ProcessEnv {
	return { CODA_API_TOKEN: coda.token, CODA_DOC_ID: coda.docId, CODA_BASE_URL: coda.baseUrl };
}

const root = join(__dirname, '..', '..');

/** An empty folder under .cache/ (git-ignored) for a doc folder; `remove()` deletes it. */
export function docFolder(): { dir: string; remove(): void } {
	const base = join(root, '.cache', 'test-doc-dirs');
	mkdirSync(base, { recursive: true });
	const dir = mkdtempSync(join(base, 'doc-'));
	return { dir, remove: () => rmSync(dir, { recursive: true, force: true }) };
}
