// Shared by the emulator's contract tests: a small HTTP client and a hand-built doc that has
// a column of every Coda type (independent of the erp schema).
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import type { Cell, ColumnFormat, DocSpec } from '../coda-emulator';
import type { CodaEmulator } from '../coda-emulator';
import { rowIdFor } from '../coda-emulator/ids';

export interface Reply<T = any> {
	status: number;
	headers: Headers;
	body: T;
}

export async function call<T = any>(emu: CodaEmulator, method: string, path: string, options: { query?: Record<string, string | number | boolean>; body?: unknown; token?: string | null } = {}): Promise<Reply<T>> {
	const url = new URL(`${emu.baseUrl}${path}`);
	for (const [k, v] of Object.entries(options.query ?? {})) url.searchParams.set(k, String(v));
	const headers: Record<string, string> = {};
	const token = options.token === undefined ? emu.token : options.token;
	if (token !== null) headers.authorization = `Bearer ${token}`;
	if (options.body !== undefined) headers['content-type'] = 'application/json';
	const res = await fetch(url, { method, headers, body: options.body === undefined ? undefined : JSON.stringify(options.body) });
	const text = await res.text();
	return { status: res.status, headers: res.headers, body: text ? JSON.parse(text) : undefined };
}

export const get = <T = any>(emu: CodaEmulator, path: string, query?: Record<string, string | number | boolean>) => call<T>(emu, 'GET', path, { query });

/** Follows nextPageToken (sending it with the original parameters) and returns every page. */
export async function allPages(emu: CodaEmulator, path: string, query: Record<string, string | number | boolean> = {}) {
	const pages: any[] = [];
	let pageToken: string | undefined;
	do {
		const res = await get(emu, path, pageToken ? { ...query, pageToken } : query);
		if (res.status !== 200) throw new Error(`${path} answered ${res.status}: ${JSON.stringify(res.body)}`);
		pages.push(res.body);
		pageToken = res.body.nextPageToken;
	} while (pageToken);
	return pages;
}

export async function waitForMutation(emu: CodaEmulator, requestId: string) {
	for (let i = 0; i < 200; i++) {
		const res = await get(emu, `/mutationStatus/${encodeURIComponent(requestId)}`);
		if (res.body?.completed) return res.body;
		await new Promise((r) => setTimeout(r, 5));
	}
	throw new Error(`mutation ${requestId} never completed`);
}

const fmt = (type: ColumnFormat['type'], extra: Record<string, unknown> = {}, isArray = false): ColumnFormat => ({ type, isArray, ...extra });

/** Two related tables with every Coda column type, a 130-column table and a 2-row People table. Values are fixed per row index. */
export function handBuiltDoc(counts: { projects?: number; tasks?: number } = {}) {
	return ({ seed }: { seed: number; docId: string }): DocSpec => {
		const projects = counts.projects ?? 30;
		const tasks = counts.tasks ?? 60;
		const every = <T extends Cell>(n: number, value: (i: number) => T) => (i: number) => (i % n === n - 1 ? null : value(i));
		return {
			name: 'Hand-built',
			tables: [
				{
					name: 'Projects', erpTable: 'projects', rowCount: projects,
					columns: [
						{ name: 'Name', display: true, format: fmt('text'), generate: (i) => `Project ${i}` },
						{ name: 'Status', format: fmt('select', { options: ['planned', 'active'] }), generate: (i) => (i % 2 ? 'active' : 'planned') },
						{ name: 'Hidden Note', hidden: true, format: fmt('text'), generate: (i) => `secret ${i}` },
					],
				},
				{
					name: 'Tasks', erpTable: 'tasks', rowCount: tasks,
					columns: [
						{ name: 'Name', display: true, format: fmt('text'), generate: (i) => `Task ${i}` },
						{ name: 'Notes', format: fmt('text'), generate: every(4, (i) => (i % 2 ? `**Bold** note ${i}` : `plain note ${i}`)) },
						{ name: 'Status', format: fmt('select', { options: ['todo', 'doing', 'done'] }), generate: (i) => ['todo', 'doing', 'done'][i % 3] },
						{ name: 'Tags', format: fmt('select', { options: ['a', 'b', 'c'] }, true), generate: every(5, (i) => (i % 2 ? ['a', 'b'] : ['c'])) },
						{ name: 'Points', format: fmt('number', { precision: 0 }), generate: (i) => i },
						{ name: 'Progress', format: fmt('percent'), generate: () => 0.25 },
						{ name: 'Effort', format: fmt('slider', { minimum: 0, maximum: 10 }), generate: () => 7 },
						{ name: 'Rating', format: fmt('scale', { maximum: 5, icon: 'star' }), generate: () => 4 },
						{ name: 'Budget', format: fmt('currency', { currencyCode: 'USD', precision: 2 }), generate: () => 1234.5 },
						{ name: 'Due', format: fmt('date'), generate: () => '2026-01-31' },
						{ name: 'Done At', format: fmt('dateTime'), generate: () => Date.UTC(2026, 0, 31, 22, 30) },
						{ name: 'Standup', format: fmt('time'), generate: () => '14:30:00' },
						{ name: 'Spent', format: fmt('duration'), generate: () => 5400 },
						{ name: 'Owner', format: fmt('person'), generate: () => ({ kind: 'person', name: 'Ada Adler', email: 'ada.adler@studio.example' }) },
						{ name: 'Contact', format: fmt('email'), generate: () => 'client@client-mail.example' },
						{ name: 'Site', format: fmt('link'), generate: () => ({ kind: 'url', url: 'https://www.example.com/x', name: 'Example' }) },
						{ name: 'Logo', format: fmt('image'), generate: () => ({ kind: 'url', url: 'https://images.example.com/logo.png', name: 'logo.png', width: 64, height: 32 }) },
						{ name: 'Files', format: fmt('attachments', {}, true), generate: () => [{ kind: 'url', url: 'https://codahosted.io/docs/x/blobs/bl-1/spec.pdf', name: 'spec.pdf' }] },
						{ name: 'Urgent', format: fmt('checkbox'), generate: (i) => i % 2 === 0 },
						{ name: 'Project', format: fmt('lookup'), lookupTarget: 'projects', generate: (i) => ({ kind: 'row', rowId: rowIdFor(seed, 'projects', i % projects) }) },
						{ name: 'Related', format: fmt('lookup', {}, true), lookupTarget: 'projects', generate: (i) => [0, 1].map((k) => ({ kind: 'row' as const, rowId: rowIdFor(seed, 'projects', (i + k) % projects) })) },
						{ name: 'Brief', format: fmt('canvas'), generate: () => '# Heading\n\nSome *text*' },
						{ name: 'Votes', format: fmt('reaction', {}, true), generate: () => [{ kind: 'person', name: 'Ada Adler', email: 'ada.adler@studio.example' }] },
						{ name: 'Go', format: fmt('button', { label: 'Go' }), calculated: true, compute: () => 'Go' },
						{ name: 'Shout', format: fmt('text'), calculated: true, formula: 'Upper(thisRow.Name)', compute: (cell) => String(cell('Name')).toUpperCase() },
					],
				},
				{
					name: 'Wide', erpTable: 'wide', rowCount: 2,
					columns: Array.from({ length: 130 }, (_, k) => ({ name: `Col ${k}`, display: k === 0, format: fmt('number'), generate: (i: number) => i * k })),
				},
				{
					// Person columns refer to the doc's people table (format.table) and resolve emails in it.
					name: 'People', erpTable: 'people', rowCount: 2,
					columns: [
						{ name: 'Name', display: true, format: fmt('text'), generate: (i) => ['Ada Adler', 'Ben Brooks'][i] },
						{ name: 'Email', format: fmt('email'), generate: (i) => ['ada.adler@studio.example', 'ben.brooks@studio.example'][i] },
					],
				},
			],
		};
	};
}

export interface RunningEmulatorCli {
	/** What it printed up to its doc id. */
	out: string;
	baseUrl: string;
	token: string;
	docId: string;
}

/** Runs `npm run coda-emulator -- <args>` until it has printed its doc id, hands it to `use`, then stops it with SIGTERM (which must exit 0). */
export async function withEmulatorCli(args: string[], use: (cli: RunningEmulatorCli) => Promise<void>): Promise<void> {
	const root = join(__dirname, '..', '..');
	const child = spawn(process.execPath, ['--import', 'tsx', join(root, 'test', 'coda-emulator', 'cli.ts'), '--port', '0', ...args], { cwd: root });
	try {
		let out = '';
		await new Promise<void>((resolve, reject) => {
			child.stdout.on('data', (chunk: Buffer) => {
				out += chunk.toString();
				if (/Doc id:/.test(out)) resolve();
			});
			child.on('exit', (code) => reject(new Error(`CLI exited with ${code}: ${out}`)));
		});
		const printed = (label: string) => new RegExp(`${label}:\\s+(\\S+)`).exec(out)![1];
		await use({ out, baseUrl: printed('Base URL'), token: printed('API token'), docId: printed('Doc id') });
	} finally {
		const exited = new Promise((resolve) => child.on('exit', resolve));
		child.kill('SIGTERM');
		assert.equal(await exited, 0);
	}
}
