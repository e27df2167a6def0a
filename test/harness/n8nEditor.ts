// Driving n8n 2.41's editor (its Vue app) with playwright-core, as a person does: selectors are
// the editor's own `data-test-id`s (the ones n8n's Playwright suite uses). Every wait is on a
// condition the page shows; nothing sleeps a fixed time.
import assert from 'node:assert/strict';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { NodeHelpers, type INodeParameters, type INodeProperties, type INodeTypeDescription } from 'n8n-workflow';
import type { Locator, Page } from 'playwright-core';
import { OWNER } from './n8nRest';

/** How long one condition may take to show (n8n's first page load compiles a lot on a loaded machine). */
export const UI_TIMEOUT_MS = 60_000;

/** Screenshots numbered in the order taken, into `dir` (a folder that keeps itself out of git). */
export function screenshotter(page: Page, dir: string) {
	mkdirSync(dir, { recursive: true });
	writeFileSync(join(dir, '.gitignore'), '*\n');
	let n = 0;
	const taken: string[] = [];
	return {
		dir,
		taken,
		async shot(name: string): Promise<string> {
			const file = join(dir, `${String(++n).padStart(2, '0')}-${name}.png`);
			await page.screenshot({ path: file });
			taken.push(file);
			return file;
		},
		/** A close-up: the region holding every element `locator` matches (e.g. canvas nodes with their subtitles), at full size. */
		async shotOf(locator: Locator, name: string, padding = 70): Promise<string> {
			const boxes = (await Promise.all((await locator.all()).map((l) => l.boundingBox()))).filter((b) => b !== null);
			assert.ok(boxes.length, `${name}: nothing to photograph`);
			const x = Math.max(0, Math.min(...boxes.map((b) => b.x)) - padding);
			const y = Math.max(0, Math.min(...boxes.map((b) => b.y)) - padding);
			const right = Math.max(...boxes.map((b) => b.x + b.width)) + padding;
			const bottom = Math.max(...boxes.map((b) => b.y + b.height)) + padding;
			const file = join(dir, `${String(++n).padStart(2, '0')}-${name}.png`);
			await page.screenshot({ path: file, clip: { x, y, width: right - x, height: bottom - y } });
			taken.push(file);
			return file;
		},
	};
}

export async function signIn(page: Page, baseUrl: string): Promise<void> {
	await page.goto(`${baseUrl}/signin`);
	await page.locator('input[name="emailOrLdapLoginId"]').fill(OWNER.email);
	await page.locator('input[name="password"]').fill(OWNER.password);
	await page.getByRole('button', { name: 'Sign in' }).click();
	await page.waitForURL(/\/home\//, { timeout: UI_TIMEOUT_MS });
}

export const canvasNode = (page: Page, name: string) => page.locator(`[data-test-id="canvas-node"][data-node-name="${name}"]`);

/** The subtitle under a node on the canvas ('' when the node shows none). */
export async function canvasSubtitle(page: Page, name: string): Promise<string> {
	const subtitle = canvasNode(page, name).locator('[class*="_subtitle_"]');
	return (await subtitle.count()) ? (await subtitle.first().innerText()).trim() : '';
}

export const ndv = (page: Page) => page.locator('[data-test-id="ndv"]');
export const nodeParameters = (page: Page) => page.locator('[data-test-id="node-parameters"]');
export const outputPanel = (page: Page) => page.locator('[data-test-id="output-panel"]');

export async function openNode(page: Page, name: string): Promise<void> {
	await canvasNode(page, name).dblclick();
	await nodeParameters(page).waitFor({ timeout: UI_TIMEOUT_MS });
	await page.locator('[data-test-id="node-title-container"]', { hasText: name }).waitFor({ timeout: UI_TIMEOUT_MS });
}

export async function closeNdv(page: Page): Promise<void> {
	await page.locator('[data-test-id="ndv-close-button"]').click();
	await ndv(page).waitFor({ state: 'hidden', timeout: UI_TIMEOUT_MS });
}

/** What the editor shows as a problem: node and parameter issues, list errors, error messages, error toasts. */
const PROBLEM_SELECTORS = [
	'[data-test-id="node-issues"]',
	'[data-test-id="parameter-issues"]',
	'[data-test-id="rlc-error-container"]',
	'[data-test-id="node-error-message"]',
	'[data-test-id="node-error-description"]',
	'.el-notification:has(.el-notification__icon--error)',
	'.el-notification:has([data-icon="triangle-alert"])',
];

export async function visibleProblems(page: Page): Promise<string[]> {
	const found: string[] = [];
	for (const selector of PROBLEM_SELECTORS) {
		for (const el of await page.locator(selector).all()) {
			if (await el.isVisible()) found.push(`${selector}: ${(await el.innerText()).trim().slice(0, 300)}`);
		}
	}
	return found;
}

export async function assertNoProblems(page: Page, where: string): Promise<void> {
	assert.deepEqual(await visibleProblems(page), [], `${where}: the editor shows a problem`);
}

/** The node's own parameters the editor must show for these values (displayOptions applied as n8n applies them). */
export function displayedProperties(description: INodeTypeDescription, parameters: INodeParameters, typeVersion = 1): INodeProperties[] {
	const node = { typeVersion };
	const values = NodeHelpers.getNodeParameters(description.properties, parameters, true, false, node, description) ?? {};
	return description.properties.filter((p) => p.type !== 'hidden' && NodeHelpers.displayParameter(values, p, node, description));
}

/**
 * Asserts that the open NDV renders each of these parameters: its label, and its input (a
 * collection shows its label and its "No properties"/fields block instead of one input).
 */
export async function assertParametersRendered(page: Page, properties: INodeProperties[], where: string): Promise<string[]> {
	const panel = nodeParameters(page);
	const missing: string[] = [];
	for (const p of properties) {
		if (p.type === 'notice') {
			if (!(await panel.getByText(p.displayName).first().isVisible())) missing.push(`notice "${p.displayName}"`);
			continue;
		}
		const label = panel.locator('[data-test-id="parameter-item"]').getByText(p.displayName, { exact: true }).first();
		if (!(await label.isVisible())) missing.push(`label "${p.displayName}" (${p.name})`);
		if (p.type === 'collection' || p.type === 'fixedCollection') continue;
		const input = panel.locator(`[data-test-id="parameter-input-${p.name}"]`).first();
		if (!(await input.isVisible())) missing.push(`input of ${p.name} (${p.type})`);
	}
	assert.deepEqual(missing, [], `${where}: parameters not rendered`);
	return properties.map((p) => p.displayName);
}

/** Opens the node panel from `opener` and searches it; returns the first item the search lists for `search`. */
export async function searchNodePanel(page: Page, opener: Locator, search: string): Promise<Locator> {
	await opener.click();
	const searchBar = page.locator('[data-test-id="node-creator-search-bar"]');
	await searchBar.waitFor({ timeout: UI_TIMEOUT_MS });
	await searchBar.fill(search);
	const item = page.locator('[data-test-id="item-iterator-item"]', { hasText: search }).first();
	await item.waitFor({ timeout: UI_TIMEOUT_MS });
	return item;
}

/** Picks a searched node: its action (nodes with operations list them), else "Add to workflow"; waits for its NDV. */
export async function pickFromNodePanel(page: Page, item: Locator, action?: string): Promise<void> {
	await item.click();
	if (action) {
		await page.locator('[data-test-id="item-iterator-item"]', { hasText: action }).first().click({ timeout: UI_TIMEOUT_MS });
	} else {
		await page.getByRole('button', { name: 'Add to workflow' }).click({ timeout: UI_TIMEOUT_MS });
	}
	await nodeParameters(page).waitFor({ timeout: UI_TIMEOUT_MS });
}

/** Waits until exactly `count` elements matching the CSS `selector` are visible (a filtered list settled). */
export async function waitForVisibleCount(page: Page, selector: string, count: number): Promise<void> {
	await page.waitForFunction(
		`[...document.querySelectorAll(${JSON.stringify(selector)})].filter((e) => e.offsetParent !== null).length === ${count}`,
		undefined,
		{ timeout: UI_TIMEOUT_MS },
	);
}

/** Waits until `locator` stops moving (the canvas animates zoom and pan): the same box over two animation frames. */
export async function waitUntilStill(page: Page, locator: Locator): Promise<void> {
	const deadline = Date.now() + UI_TIMEOUT_MS;
	let before = JSON.stringify(await locator.boundingBox());
	for (;;) {
		await page.evaluate('new Promise((resolve) => requestAnimationFrame(() => requestAnimationFrame(resolve)))');
		const now = JSON.stringify(await locator.boundingBox());
		if (now === before) return;
		if (Date.now() > deadline) throw new Error(`${locator} kept moving for ${UI_TIMEOUT_MS / 1000} s`);
		before = now;
	}
}

/** The open dropdown's options (Element Plus selects, as n8n's options and credential parameters use). */
export const dropdownOptions = (page: Page) => page.locator('.el-select-dropdown__item:visible');

/** Clicks Execute step in the open NDV and waits for the run's outcome; fails with n8n's error if the step failed. */
export async function executeStep(page: Page, where: string): Promise<void> {
	await page.locator('[data-test-id="node-execute-button"]').click();
	const success = outputPanel(page).locator('[data-test-id="node-run-status-success"]');
	const failure = page.locator('[data-test-id="node-error-message"]');
	await success.or(failure).first().waitFor({ timeout: UI_TIMEOUT_MS * 2 });
	if (await failure.isVisible()) {
		const description = page.locator('[data-test-id="node-error-description"]');
		const detail = (await description.count()) ? await description.first().innerText() : '';
		assert.fail(`${where}: Execute step failed: ${await failure.innerText()} ${detail}`);
	}
}

/**
 * The items the output panel's Table view shows for the selected branch, one record per row of
 * the table: column header → the cell's text as shown (nested values flattened as n8n prints them).
 */
export async function outputTable(page: Page): Promise<Record<string, string>[]> {
	await outputPanel(page).locator('[data-test-id="radio-button-table"]').click();
	const table = outputPanel(page).locator('[data-test-id="ndv-data-container"] table').first();
	await table.waitFor({ timeout: UI_TIMEOUT_MS });
	// (The test build has no DOM types: the few the page function uses are spelled out.)
	type El = { innerText: string; children: ArrayLike<El>; querySelectorAll(selector: string): ArrayLike<El> };
	const { headers, rows } = await table.evaluate((t) => {
		const el = t as unknown as El;
		return {
			headers: Array.from(el.querySelectorAll('thead th'), (th) => th.innerText.trim()),
			rows: Array.from(el.querySelectorAll('tbody > tr'), (tr) => Array.from(tr.children, (td) => td.innerText.trim())),
		};
	});
	return rows.map((cells) => Object.fromEntries(headers.map((h, i) => [h, cells[i]] as const).filter(([h]) => h !== '')));
}

/**
 * An object field of the first item the output panel shows, read from its JSON view as printed
 * there: one line `"key":` then one line `value,` per entry (n8n's JSON view puts them on separate
 * lines, indented with no-break spaces). The field is scrolled into view for a screenshot.
 */
export async function outputJsonEntry(page: Page, key: string): Promise<Record<string, unknown>> {
	await outputPanel(page).locator('[data-test-id="radio-button-json"]').click();
	const container = outputPanel(page).locator('[data-test-id="ndv-data-container"]');
	const keyLine = container.getByText(`"${key}"`, { exact: false }).first();
	await keyLine.waitFor({ timeout: UI_TIMEOUT_MS });
	await keyLine.scrollIntoViewIfNeeded();
	const text = await container.innerText();
	const lines = text
		.split('\n')
		.map((l) => l.replace(/\u00a0/g, ' ').trim())
		.filter((l) => l !== '');
	const at = lines.indexOf(`"${key}":`);
	assert.ok(at >= 0 && lines[at + 1] === '{', `the JSON view shows no object "${key}": ${text.slice(0, 2000)}`);
	const entries: Record<string, unknown> = {};
	for (let i = at + 2; ; i += 2) {
		assert.ok(i < lines.length, `the JSON view ends inside "${key}": ${lines.slice(at).join(' ')}`);
		if (/^\}/.test(lines[i])) return entries;
		const [name, value] = [lines[i].replace(/:$/, ''), (lines[i + 1] ?? '').replace(/,$/, '')];
		entries[JSON.parse(name) as string] = JSON.parse(value) as unknown;
	}
}
