// The n8n editor in a real browser: headless Chromium (the npm package @sparticuz/chromium, driven
// by playwright-core) against the test stack (the Coda emulator, an `erp` database, n8n 2.41 with
// this package installed as users install it, the owner set up, credentials and workflows
// imported). The journey a user makes: sign in; open the real-time workflow and each of our nodes;
// build Coda Table Fetch → ERP Upsert → Execution Run Log from the node panel, picking the doc,
// the table and the erp table from the lists, running each step. A screenshot is saved at every
// step into test-output/browser/ (kept out of git); each assertion is on what the page shows.
import assert from 'node:assert/strict';
import { readdirSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { INode, INodeTypeDescription } from 'n8n-workflow';
import type { Browser, Page } from 'playwright-core';
import { launchChromium } from '../../harness/browser';
import {
	assertNoProblems,
	assertParametersRendered,
	canvasNode,
	canvasSubtitle,
	closeNdv,
	displayedProperties,
	dropdownOptions,
	executeStep,
	nodeParameters,
	openNode,
	outputJsonEntry,
	outputTable,
	outputPanel,
	pickFromNodePanel,
	screenshotter,
	searchNodePanel,
	signIn,
	UI_TIMEOUT_MS,
	waitForVisibleCount,
	waitUntilStill,
} from '../../harness/n8nEditor';
import { declaredNodeTypes, REPO_ROOT } from '../../harness/n8nPackage';
import { setupOwner } from '../../harness/n8nRest';
import { prepareE2eStack, WORKFLOW_IDS, type E2eStack } from '../support/e2eStack';
import { pollUntil } from '../support/polling';

/** Rows per table of the emulator's sample doc. */
const ROWS = 5;
const SCREENSHOTS = join(REPO_ROOT, 'test-output', 'browser');
const PACKAGE = 'n8n-nodes-coda-erp';

/** Words a subtitle shows when its expression went wrong. */
const BROKEN_SUBTITLE = /undefined|null|NaN|\[object|\{\{|=\s*\{/;

describe('the n8n editor in a real browser, with this package installed', () => {
	let stack: E2eStack;
	let browser: Browser | undefined;
	let page: Page;
	let shots: ReturnType<typeof screenshotter>;
	let baseUrl = '';
	const descriptions = new Map<string, INodeTypeDescription>();
	const description = (type: string) => {
		const found = descriptions.get(type.replace(`${PACKAGE}.`, ''));
		assert.ok(found, `no node type ${type} in the package`);
		return found;
	};

	/** The first step that failed: the journey's later steps build on it, so they fail at once. */
	let brokenAt = '';
	/** Runs a step; on failure saves what the page showed, then fails with the step's error. */
	const step = async (name: string, body: () => Promise<void>) => {
		if (brokenAt) assert.fail(`not run: the journey broke at "${brokenAt}"`);
		try {
			await body();
		} catch (error) {
			brokenAt = name;
			await shots?.shot(`FAILED-${name}`).catch(() => undefined);
			throw error;
		}
	};

	const codaGet = async <T>(path: string): Promise<T> => {
		const response = await fetch(`${stack.coda.baseUrl}${path}`, { headers: { authorization: `Bearer ${stack.coda.token}` } });
		assert.equal(response.status, 200, `GET ${path} from the emulator`);
		return (await response.json()) as T;
	};

	before(async () => {
		for (const nodeType of declaredNodeTypes('dist')) {
			const d = (nodeType as { description: INodeTypeDescription }).description;
			descriptions.set(d.name, d);
		}
		rmSync(SCREENSHOTS, { recursive: true, force: true });
		// The browser first: a machine where none can start fails here, before minutes of stack set-up.
		const launched = await launchChromium();
		browser = launched.browser;
		// Twice the pixels, so the close-ups of the canvas (zoomed out to fit) stay legible.
		const context = await browser.newContext({ viewport: { width: 1600, height: 1000 }, deviceScaleFactor: 2 });
		page = await context.newPage();
		page.setDefaultTimeout(UI_TIMEOUT_MS);
		shots = screenshotter(page, SCREENSHOTS);
		stack = await prepareE2eStack({ mode: 'regular', rows: ROWS });
		baseUrl = (await stack.startN8n()).url;
		await setupOwner(baseUrl);
	});

	after(async () => {
		await browser?.close().catch(() => undefined);
		await stack?.stop();
	});

	it('signs in as the owner and lists the imported workflows', async () => {
		await step('sign-in', async () => {
			await signIn(page, baseUrl);
			const shipped = readdirSync(join(REPO_ROOT, 'workflows'))
				.filter((f) => f.endsWith('.json'))
				.map((f) => (JSON.parse(readFileSync(join(REPO_ROOT, 'workflows', f), 'utf8')) as { name: string }).name)
				.sort();
			// The list renders more than once while it loads (once read empty just after a card had
			// shown): it is read whole, until it holds as many cards as were shipped.
			const cards = page.locator('[data-test-id="workflow-card-name"]');
			const names = await pollUntil('the workflow list to show every shipped workflow', UI_TIMEOUT_MS, async () => {
				const listed = (await cards.allInnerTexts()).map((n) => n.trim()).sort();
				return listed.length >= shipped.length ? listed : undefined;
			});
			assert.deepEqual(names, shipped);
			await shots.shot('signed-in-workflow-list');
		});
	});

	it('opens the real-time workflow: each of our nodes renders every parameter, shows no problem, and has a meaningful subtitle', async () => {
		await step('real-time-workflow', async () => {
			const workflow = JSON.parse(readFileSync(join(REPO_ROOT, 'workflows', 'real-time-sync.json'), 'utf8')) as { nodes: INode[] };
			const onCanvas = workflow.nodes.filter((n) => n.type !== 'n8n-nodes-base.stickyNote');
			const ours = onCanvas.filter((n) => n.type.startsWith(`${PACKAGE}.`));
			assert.equal(ours.length, 5, 'the real-time workflow uses five of our nodes');

			await page.locator('[data-test-id="workflow-card-name"]', { hasText: 'Coda ERP: real-time sync' }).click();
			await page.waitForURL(new RegExp(`/workflow/${WORKFLOW_IDS.realtime}`));
			await canvasNode(page, ours[ours.length - 1].name).waitFor();
			assert.equal(await page.locator('[data-test-id="canvas-node"]').count(), onCanvas.length, 'every node of the workflow is on the canvas');
			// n8n 2.41 pops up a "Production Checklist" over a published workflow: close it when it comes.
			const checklist = page.locator('[data-test-id="suggested-actions-close"]');
			await checklist.waitFor({ timeout: 15_000 }).then(
				() => checklist.click(),
				() => undefined,
			);
			await checklist.waitFor({ state: 'hidden' });

			const subtitles: Record<string, string> = {};
			for (const node of ours) subtitles[node.name] = await canvasSubtitle(page, node.name);
			for (const [name, subtitle] of Object.entries(subtitles)) assert.doesNotMatch(subtitle, BROKEN_SUBTITLE, `subtitle of ${name}: "${subtitle}"`);
			assert.equal(subtitles['Check Request Against Sync Plan'], 'Sync Plan: Webhook');
			assert.equal(subtitles['Fetch Changed Row'], 'One Row');
			assert.equal(subtitles['Log Run Start'], 'Start');
			// Its table is an expression on the request, unknown before a run.
			assert.equal(subtitles['Upsert Row'], 'Upsert');
			await waitUntilStill(page, canvasNode(page, ours[ours.length - 1].name));
			await shots.shot('real-time-workflow-canvas');
			await shots.shotOf(page.locator('[data-test-id="canvas-node"]'), 'real-time-workflow-nodes-and-subtitles');

			for (const node of ours) {
				await openNode(page, node.name);
				const shown = displayedProperties(description(node.type), node.parameters, node.typeVersion);
				assert.ok(shown.length >= 3, `${node.name}: ${shown.length} parameters expected`);
				await assertParametersRendered(page, shown, node.name);
				const credentialNames = Object.values(node.credentials ?? {}).map((c) => c.name);
				const selects = nodeParameters(page).locator('[data-test-id="node-credentials-select"] input');
				const shownCredentials = await Promise.all((await selects.all()).map((s) => s.inputValue()));
				// Each credential slot shows one of the node's credentials (ERP Database is hidden where the node does not use it).
				assert.ok(
					shownCredentials.length > 0 && shownCredentials.every((c) => credentialNames.includes(c)),
					`${node.name}: credentials shown ${JSON.stringify(shownCredentials)}, the workflow names ${JSON.stringify(credentialNames)}`,
				);
				await assertNoProblems(page, node.name);
				await shots.shot(`real-time-node-${node.name.toLowerCase().replace(/[^a-z0-9]+/g, '-')}`);
				await closeNdv(page);
			}
		});
	});

	it('new workflow: Coda Table Fetch from the node panel, credential, doc and table from the lists, Execute step shows the rows', async () => {
		await step('coda-table-fetch', async () => {
			const docs = await codaGet<{ items: { id: string; name: string }[] }>('/docs');
			const doc = docs.items.find((d) => d.id === stack.coda.docId);
			assert.ok(doc, 'the emulator lists its doc');
			const tables = stack.coda.tables();
			const tasks = tables.find((t) => t.erpTable === 'tasks');
			assert.ok(tasks);
			const rows = await codaGet<{ items: { id: string; name: string }[] }>(`/docs/${doc.id}/tables/${tasks.id}/rows?limit=100`);
			assert.equal(rows.items.length, ROWS);

			await page.goto(`${baseUrl}/workflow/new`);
			const item = await searchNodePanel(page, page.locator('[data-test-id="canvas-plus-button"]'), 'Coda Table Fetch');
			assert.match(await item.innerText(), /Read a Coda table/);
			await shots.shot('node-panel-search-coda-table-fetch');
			await pickFromNodePanel(page, item);

			// The credential: pick "Coda API" from the list (the only credential of its type).
			await nodeParameters(page).locator('[data-test-id="node-credentials-select"]').click();
			const credentialOptions = dropdownOptions(page);
			await credentialOptions.first().waitFor();
			assert.deepEqual((await credentialOptions.allInnerTexts()).map((t) => t.split('\n')[0].trim()), ['Coda API']);
			await credentialOptions.filter({ hasText: 'Coda API' }).click();
			assert.equal(await nodeParameters(page).locator('[data-test-id="node-credentials-select"] input').inputValue(), 'Coda API');
			await shots.shot('coda-table-fetch-credential');

			// The doc, from the list the emulator serves.
			await page.locator('[data-test-id="resource-locator-doc"] [data-test-id="rlc-input"]').click();
			const docItems = page.locator('[data-test-id="rlc-item"]');
			await docItems.first().waitFor();
			assert.deepEqual((await docItems.allInnerTexts()).map((t) => t.trim()), docs.items.map((d) => d.name));
			await shots.shot('coda-table-fetch-doc-list');
			await docItems.filter({ hasText: doc.name }).click();

			// The table, from the doc's tables, found by searching the list.
			await page.locator('[data-test-id="resource-locator-table"] [data-test-id="rlc-input"]').click();
			const tableItems = page.locator('[data-test-id="rlc-item"]');
			await tableItems.first().waitFor();
			assert.deepEqual((await tableItems.allInnerTexts()).map((t) => t.trim()).sort(), tables.map((t) => t.name).sort());
			await page.locator('[data-test-id="rlc-search"]').fill('Tasks');
			await waitForVisibleCount(page, '[data-test-id="rlc-item"]', 1);
			await shots.shot('coda-table-fetch-table-list-search');
			await tableItems.filter({ hasText: 'Tasks' }).click();
			assert.equal(await page.locator('[data-test-id="resource-locator-table"] [data-test-id="rlc-input"]').inputValue(), 'Tasks');
			await assertParametersRendered(page, displayedProperties(description('codaTableFetch'), {}), 'Coda Table Fetch');

			await executeStep(page, 'Coda Table Fetch');
			await outputPanel(page).locator('[data-test-id="ndv-items-count"]', { hasText: `${ROWS + 1} items` }).waitFor();
			const items = await outputTable(page);
			// One item per row, with the id and display value Coda has, then the summary.
			assert.deepEqual(
				items.filter((i) => i.kind === 'row').map((i) => `${i.id} ${i.name}`).sort(),
				rows.items.map((r) => `${r.id} ${r.name}`).sort(),
			);
			const summary = items.find((i) => i.kind === 'summary');
			assert.equal(summary?.rowCount, String(ROWS));
			assert.equal(summary?.complete, 'true');
			await assertNoProblems(page, 'Coda Table Fetch after Execute step');
			await shots.shot('coda-table-fetch-output-rows');
			await closeNdv(page);
			assert.equal(await canvasSubtitle(page, 'Coda Table Fetch'), 'All Rows');
		});
	});

	it('ERP Upsert after it: the erp table from the picker, Execute step shows the summary with its column mapping and an empty Rejected output', async () => {
		await step('erp-upsert', async () => {
			const opener = page.locator('[data-test-id="canvas-node-output-handle"][data-node-name="Coda Table Fetch"] [data-test-id="canvas-handle-plus"]');
			const tasksTableId = stack.coda.tables().find((t) => t.erpTable === 'tasks')!.id;
			const item = await searchNodePanel(page, opener, 'ERP Upsert');
			await shots.shot('node-panel-search-erp-upsert');
			await pickFromNodePanel(page, item, 'Upsert rows into an erp table');
			assert.equal(await nodeParameters(page).locator('[data-test-id="node-credentials-select"] input').inputValue(), 'ERP Database');

			// The erp table: a resource locator, From List (with search) or By Name, as n8n's database nodes pick tables.
			const locator = nodeParameters(page).locator('[data-test-id="resource-locator-table"]');
			await locator.locator('[data-test-id="rlc-input"]').click();
			const items = page.locator('[data-test-id="rlc-item"]');
			await items.first().waitFor();
			assert.equal(await items.count(), 36, 'the picker lists the 36 erp tables');
			await page.locator('[data-test-id="rlc-search"]').fill('Tasks');
			await waitForVisibleCount(page, '[data-test-id="rlc-item"]', 1);
			await shots.shot('erp-upsert-table-picker');
			await items.filter({ hasText: 'Tasks' }).click();
			assert.equal(await locator.locator('[data-test-id="rlc-input"]').inputValue(), 'Tasks');
			await assertParametersRendered(page, displayedProperties(description('erpUpsert'), { operation: 'upsert', table: { __rl: true, mode: 'list', value: 'tasks' } }), 'ERP Upsert');

			await executeStep(page, 'ERP Upsert');
			const branches = outputPanel(page).locator('[data-test-id="branches"]');
			await branches.locator('[data-test-id="tab-0"]', { hasText: 'Rows' }).waitFor();
			assert.match(await branches.locator('[data-test-id="tab-0"]').innerText(), /\(1 item\)/);
			const [summary, ...more] = await outputTable(page);
			assert.equal(more.length, 0);
			assert.equal(summary.kind, 'erpUpsertSummary');
			assert.equal(summary.table, 'tasks');
			assert.equal(summary.fetched, String(ROWS));
			assert.equal(summary.rejected, '0');
			// The batch workflow's 5-minute tick may have stored the rows first: then they are unchanged here.
			assert.equal(Number(summary.inserted) + Number(summary.updated) + Number(summary.unchanged), ROWS);
			await assertNoProblems(page, 'ERP Upsert after Execute step');
			await shots.shot('erp-upsert-summary');

			// The column mapping the node wrote by (Coda column → erp column), as the summary lists it:
			// one entry per Coda column, each bound column with the erp column erp.sync_state records.
			const columns = await codaGet<{ items: { id: string; name: string }[] }>(`/docs/${stack.coda.docId}/tables/${tasksTableId}/columns`);
			const { rows: state } = await stack.erp.pool.query<{ column_bindings: Record<string, string> }>(
				'SELECT column_bindings FROM erp.sync_state WHERE coda_table_id = $1',
				[tasksTableId],
			);
			const bound = Object.entries(state[0].column_bindings);
			assert.ok(bound.length >= 3, `the Tasks columns bound: ${JSON.stringify(bound)}`);
			const mapping = await outputJsonEntry(page, 'columnMapping');
			assert.equal(Object.keys(mapping).length, columns.items.length, 'one mapping entry per Coda column');
			for (const [columnId, erpColumn] of bound) {
				const name = columns.items.find((c) => c.id === columnId)?.name;
				assert.ok(name, `Coda column ${columnId}`);
				assert.match(String(mapping[name]), new RegExp(`^${erpColumn}\\b`), `${name} → ${erpColumn}`);
			}
			await shots.shot('erp-upsert-column-mapping');

			await branches.locator('[data-test-id="tab-1"]', { hasText: 'Rejected' }).click();
			await outputPanel(page).getByText('No output data in this branch').waitFor();
			await shots.shot('erp-upsert-rejected-output');

			const { rows } = await stack.erp.pool.query<{ coda_row_id: string }>('SELECT coda_row_id FROM erp.tasks WHERE deleted_at IS NULL ORDER BY coda_row_id');
			assert.equal(rows.length, ROWS);
			await closeNdv(page);
			assert.equal(await canvasSubtitle(page, 'ERP Upsert'), 'Upsert: tasks');
		});
	});

	it('Execution Run Log after it: Execute step shows the run row, and erp.execution_runs holds it', async () => {
		await step('execution-run-log', async () => {
			const opener = page.locator('[data-test-id="canvas-node-output-handle"][data-node-name="ERP Upsert"][data-index="0"] [data-test-id="canvas-handle-plus"]');
			const item = await searchNodePanel(page, opener, 'Execution Run Log');
			await shots.shot('node-panel-search-execution-run-log');
			await pickFromNodePanel(page, item, 'Record a run finish');
			await assertParametersRendered(page, displayedProperties(description('executionRunLog'), { operation: 'finish' }), 'Execution Run Log');

			await executeStep(page, 'Execution Run Log');
			await outputPanel(page).locator('[data-test-id="ndv-items-count"]', { hasText: '1 item' }).waitFor();
			const [run, ...more] = await outputTable(page);
			assert.equal(more.length, 0);
			assert.equal(run.operation, 'finish');
			assert.equal(run.status, 'success');
			assert.match(run.n8n_execution_id, /^\d+$/);
			await assertNoProblems(page, 'Execution Run Log after Execute step');
			await shots.shot('execution-run-log-run-row');

			const { rows } = await stack.erp.pool.query<{ status: string; fetched_count: number; erp_table: string | null }>(
				'SELECT status, fetched_count, erp_table FROM erp.execution_runs WHERE id = $1 AND n8n_execution_id = $2 AND n8n_workflow_id = $3',
				[run.id, run.n8n_execution_id, run.n8n_workflow_id],
			);
			assert.equal(rows.length, 1, 'the run row the page shows is in erp.execution_runs');
			assert.equal(rows[0].status, 'success');
			assert.equal(rows[0].fetched_count, ROWS);

			await closeNdv(page);
			await page.locator('[data-test-id="zoom-to-fit"]').click();
			await waitUntilStill(page, canvasNode(page, 'Execution Run Log'));
			for (const name of ['Coda Table Fetch', 'ERP Upsert', 'Execution Run Log']) {
				const subtitle = await canvasSubtitle(page, name);
				assert.doesNotMatch(subtitle, BROKEN_SUBTITLE, `subtitle of ${name}: "${subtitle}"`);
			}
			await shots.shot('new-workflow-canvas');
			await shots.shotOf(page.locator('[data-test-id="canvas-node"]'), 'new-workflow-nodes-and-subtitles');
		});
	});
});
