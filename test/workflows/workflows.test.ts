// The shipped workflows (workflows/*.json) as files: importable shape, our nodes used with
// parameters and options they really have, credentials by name only, no machine URLs or
// secrets, every node named for what it does, connections that hold, the error workflow linked.
// They are run in a real n8n by the end-to-end tests.
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import type { INodeProperties, INodeType } from 'n8n-workflow';
import { declaredCredentialTypes, declaredNodeTypes, readPackageJson, REPO_ROOT } from '../harness/n8nPackage';

interface WorkflowNode {
	id: string;
	name: string;
	type: string;
	typeVersion: number;
	position: [number, number];
	parameters: Record<string, unknown>;
	credentials?: Record<string, { id: unknown; name: string }>;
}

interface WorkflowFile {
	file: string;
	id: string;
	name: string;
	nodes: WorkflowNode[];
	connections: Record<string, { main: { node: string; type: string; index: number }[][] }>;
	settings: Record<string, unknown>;
}

const dir = join(REPO_ROOT, 'workflows');
const workflows: WorkflowFile[] = readdirSync(dir)
	.filter((f) => f.endsWith('.json'))
	.sort()
	.map((file) => ({ file, ...(JSON.parse(readFileSync(join(dir, file), 'utf8')) as Omit<WorkflowFile, 'file'>) }));

const PACKAGE = readPackageJson().name;
const ourNodes = new Map((declaredNodeTypes('source') as INodeType[]).map((n) => [`${PACKAGE}.${n.description.name}`, n]));
const CREDENTIAL_NAMES: Record<string, string> = { codaErpApi: 'Coda API', erpPostgres: 'ERP Database', httpHeaderAuth: 'Coda Webhook Secret' };
const ERROR_WORKFLOW = 'codaErpErrorFlow';
/** Names n8n gives new nodes: a node still called so says nothing about what it does. */
const DEFAULT_NAMES = new Set(['Webhook', 'If', 'HTTP Request', 'Execute Workflow', 'Respond to Webhook', 'Schedule Trigger', 'Error Trigger', 'Loop Over Items', 'Edit Fields', 'No Operation, do nothing', 'When clicking ‘Execute workflow’', 'When Executed by Another Workflow', ...[...ourNodes.values()].map((n) => n.description.defaults.name as string)]);
const STICKY = 'n8n-nodes-base.stickyNote';

/** The property a parameter sets, visible for the node's operation (displayOptions.show.operation). */
function propertyFor(node: INodeType, name: string, operation: unknown): INodeProperties | undefined {
	return node.description.properties.find((p) => {
		if (p.name !== name) return false;
		const ops = p.displayOptions?.show?.operation;
		const hidden = p.displayOptions?.hide?.operation;
		return (!ops || ops.includes(operation as string)) && !(hidden && hidden.includes(operation as string));
	});
}

describe('shipped workflows', () => {
	it('are the six, with fixed unique ids and names, v1 execution order, linked to the error handler', () => {
		assert.deepEqual(workflows.map((w) => w.file), ['backfill.json', 'batch-sync.json', 'error-handler.json', 'real-time-sync.json', 'reconcile.json', 'sync-table.json']);
		assert.equal(new Set(workflows.map((w) => w.id)).size, 6);
		assert.equal(new Set(workflows.map((w) => w.name)).size, 6);
		assert.ok(workflows.some((w) => w.id === ERROR_WORKFLOW && w.nodes.some((n) => n.type === 'n8n-nodes-base.errorTrigger')));
		for (const w of workflows) {
			assert.match(w.id, /^[A-Za-z0-9]{16}$/, w.file);
			assert.equal(w.settings.executionOrder, 'v1', w.file);
			assert.equal(w.settings.errorWorkflow, w.id === ERROR_WORKFLOW ? undefined : ERROR_WORKFLOW, w.file);
		}
	});

	it('name every node for what it does, uniquely, and explain the set-up in a sticky note', () => {
		for (const w of workflows) {
			const names = w.nodes.map((n) => n.name);
			assert.equal(new Set(names).size, names.length, `${w.file}: duplicate node names`);
			assert.equal(new Set(w.nodes.map((n) => n.id)).size, names.length, `${w.file}: duplicate node ids`);
			for (const n of w.nodes.filter((x) => x.type !== STICKY)) assert.ok(!DEFAULT_NAMES.has(n.name), `${w.file}: node "${n.name}" keeps its default name`);
			const notes = w.nodes.filter((n) => n.type === STICKY).map((n) => String(n.parameters.content));
			assert.ok(notes.some((c) => /^## /.test(c) && /Credentials|credential/i.test(c)), `${w.file}: no set-up sticky note`);
		}
	});

	it('use our nodes with parameters, operations and options their descriptions have', () => {
		let checked = 0;
		for (const w of workflows) {
			for (const n of w.nodes.filter((x) => x.type.startsWith(`${PACKAGE}.`))) {
				const node = ourNodes.get(n.type);
				assert.ok(node, `${w.file}: unknown node type ${n.type}`);
				assert.ok(([] as number[]).concat(node.description.version).includes(n.typeVersion), `${w.file}: ${n.name} typeVersion ${n.typeVersion}`);
				const operation = n.parameters.operation;
				for (const [name, value] of Object.entries(n.parameters)) {
					const prop = propertyFor(node, name, operation);
					assert.ok(prop, `${w.file}: "${n.name}" sets ${name}, which ${n.type} has not (operation ${String(operation)})`);
					if (prop.type === 'options' && typeof value === 'string' && !value.startsWith('=')) {
						assert.ok(prop.options?.some((o) => 'value' in o && o.value === value), `${w.file}: "${n.name}" ${name}=${value} is not an option`);
					}
					if (prop.type === 'collection' && value && typeof value === 'object') {
						for (const key of Object.keys(value)) assert.ok(prop.options?.some((o) => o.name === key), `${w.file}: "${n.name}" ${name}.${key} is not an option`);
					}
					checked++;
				}
			}
		}
		assert.ok(checked > 40, `only ${checked} parameters checked`);
	});

	it('reference credentials by name only (no ids, no secrets), and our credential types exist', () => {
		const ourCredentials = new Set(declaredCredentialTypes('source').map((c) => c.name));
		for (const w of workflows) {
			for (const n of w.nodes) {
				for (const [type, ref] of Object.entries(n.credentials ?? {})) {
					assert.equal(ref.id, null, `${w.file}: "${n.name}" holds a credential id`);
					assert.equal(ref.name, CREDENTIAL_NAMES[type], `${w.file}: "${n.name}" credential ${type}`);
					assert.ok(type === 'httpHeaderAuth' || ourCredentials.has(type), `${w.file}: unknown credential type ${type}`);
				}
			}
		}
	});

	it('hold no machine URLs, hosts or secrets in node parameters', () => {
		for (const w of workflows) {
			for (const n of w.nodes.filter((x) => x.type !== STICKY)) {
				const text = JSON.stringify(n.parameters);
				assert.doesNotMatch(text, /https?:\/\/|localhost|127\.0\.0\.1|password|token/i, `${w.file}: "${n.name}"`);
			}
		}
	});

	it('connect only existing nodes, and reach every node from a trigger', () => {
		for (const w of workflows) {
			const names = new Set(w.nodes.map((n) => n.name));
			const reached = new Set<string>();
			const next = (name: string) => (w.connections[name]?.main ?? []).flat().map((c) => c.node);
			for (const [from, outs] of Object.entries(w.connections)) {
				assert.ok(names.has(from), `${w.file}: connection from unknown node ${from}`);
				for (const c of outs.main.flat()) assert.ok(names.has(c.node), `${w.file}: connection to unknown node ${c.node}`);
			}
			const triggers = w.nodes.filter((n) => /[Tt]rigger$|webhook$/.test(n.type)).map((n) => n.name);
			const queue = [...triggers];
			while (queue.length) {
				const name = queue.shift()!;
				if (reached.has(name)) continue;
				reached.add(name);
				queue.push(...next(name));
			}
			for (const n of w.nodes.filter((x) => x.type !== STICKY)) assert.ok(reached.has(n.name), `${w.file}: "${n.name}" is never reached`);
		}
	});

	it('can run a scheduled workflow at once, by hand or headless (`n8n execute` starts only from a Manual Trigger)', () => {
		const scheduled = workflows.filter((w) => w.nodes.some((n) => n.type === 'n8n-nodes-base.scheduleTrigger'));
		assert.deepEqual(scheduled.map((w) => w.file), ['batch-sync.json', 'reconcile.json']);
		for (const w of scheduled) {
			const [schedule, manual] = ['n8n-nodes-base.scheduleTrigger', 'n8n-nodes-base.manualTrigger'].map((type) => w.nodes.find((n) => n.type === type)?.name);
			assert.ok(manual, `${w.file} has no Manual Trigger`);
			assert.deepEqual(w.connections[manual].main, w.connections[schedule!].main, `${w.file}: the Manual Trigger starts what the schedule starts`);
		}
	});

	it('run the per-table steps in one sub-workflow that batch, reconcile and backfill call with its declared inputs', () => {
		const sub = workflows.find((w) => w.file === 'sync-table.json')!;
		const trigger = sub.nodes.find((n) => n.type === 'n8n-nodes-base.executeWorkflowTrigger');
		assert.ok(trigger, 'sync-table.json has no Execute Workflow Trigger');
		assert.equal(trigger.parameters.inputSource, 'workflowInputs');
		const declared = (trigger.parameters.workflowInputs as { values: { name: string }[] }).values.map((v) => v.name);
		// The jobs the sub-workflow routes (Which Job?), each to its own Coda read.
		const jobs = ((sub.nodes.find((n) => n.type === 'n8n-nodes-base.switch')?.parameters.rules as { values: { outputKey: string }[] }).values ?? []).map((r) => r.outputKey);
		assert.deepEqual(jobs, ['sync', 'backfill', 'reconcile']);

		const calls: Record<string, string> = {};
		for (const w of workflows) {
			assert.equal(w.nodes.filter((n) => n.type === 'n8n-nodes-base.executeWorkflowTrigger').length, w === sub ? 1 : 0, `${w.file}: only the sub-workflow is called`);
			for (const n of w.nodes.filter((x) => x.type === 'n8n-nodes-base.executeWorkflow')) {
				const ref = n.parameters.workflowId as { __rl: boolean; mode: string; value: string; cachedResultName?: string };
				assert.deepEqual([ref.__rl, ref.mode, ref.value, ref.cachedResultName], [true, 'list', sub.id, sub.name], `${w.file}: "${n.name}" calls ${JSON.stringify(ref)}`);
				const inputs = n.parameters.workflowInputs as { mappingMode: string; value: Record<string, string>; schema: { id: string; removed: boolean }[] };
				assert.equal(inputs.mappingMode, 'defineBelow');
				assert.deepEqual(Object.keys(inputs.value), declared, `${w.file}: "${n.name}" maps other inputs than the sub-workflow declares`);
				assert.deepEqual(inputs.schema.map((f) => [f.id, f.removed]), declared.map((name) => [name, false]), `${w.file}: "${n.name}" schema`);
				assert.equal(inputs.value.callerWorkflowId, '={{ $workflow.id }}', `${w.file}: runs are logged under the caller`);
				assert.equal(n.parameters.mode, 'each', `${w.file}: one execution per table`);
				assert.equal((n as { onError?: string }).onError, 'continueRegularOutput', `${w.file}: one failing table stops the others`);
				calls[w.file] = inputs.value.job;
			}
		}
		assert.deepEqual(calls, { 'backfill.json': 'backfill', 'batch-sync.json': 'sync', 'reconcile.json': 'reconcile' });
	});
});
