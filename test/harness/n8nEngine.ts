// Runs our node classes through n8n's real execution engine (n8n-core's WorkflowExecute and
// n8n-workflow's Workflow) inside the test process: parameters, expressions, credentials,
// `this.helpers.httpRequestWithAuthentication`, errors and `continueOnFail` all behave as in n8n.
// Credentials are given decrypted; our credential types' `authenticate` is applied as n8n does.
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ExecutionLifecycleHooks, ExternalSecretsProxy, LoadOptionsContext, WorkflowExecute } from 'n8n-core';
import {
	createRunExecutionData,
	ICredentialsHelper,
	isExpression,
	NodeHelpers,
	setSafeRegexEngine,
	Workflow,
	type ExecutionError,
	type ICredentialDataDecryptedObject,
	type ICredentials,
	type ICredentialType,
	type IConnections,
	type IHttpRequestOptions,
	type INode,
	type INodeCredentialsDetails,
	type INodeExecutionData,
	type INodeListSearchResult,
	type INodeParameters,
	type INodePropertyOptions,
	type INodeType,
	type INodeTypes,
	type IRun,
	type IRequestOptionsSimplified,
	type IWorkflowBase,
	type IWorkflowExecuteAdditionalData,
} from 'n8n-workflow';
import { declaredCredentialTypes, declaredNodeTypes, readPackageJson, type AnyNodeType } from './n8nPackage';

// n8n-workflow checks resource-locator ids with regexes run in a vm under a 250 ms watchdog, meant
// for user-supplied patterns. Ours are fixed, and on a loaded 2-core CI machine the watchdog fired
// before any node ran; the same patterns run unsandboxed here.
setSafeRegexEngine({
	exec: (pattern, input, flags) => new RegExp(pattern, flags).exec(input),
	test: (pattern, input, flags) => new RegExp(pattern, flags).test(input),
	replace: (pattern, input, flags, replacement) => input.replace(new RegExp(pattern, flags), replacement),
	matchAll: (pattern, input, flags) => Array.from(input.matchAll(new RegExp(pattern, flags))),
	split: (pattern, input, flags) => input.split(new RegExp(pattern, flags)),
});

// n8n-core creates instance settings (a config file with an encryption key) in N8N_USER_FOLDER
// when it first needs them; keep that in a folder of this process instead of ~/.n8n.
if (!process.env.N8N_USER_FOLDER) {
	const folder = mkdtempSync(join(tmpdir(), 'n8n-engine-'));
	process.env.N8N_USER_FOLDER = folder;
	process.on('exit', () => rmSync(folder, { recursive: true, force: true }));
}

/** Decrypted credential data by credential type name, e.g. `{ codaErpApi: { apiToken: '…' } }`. */
export type CredentialsByType = Record<string, ICredentialDataDecryptedObject>;

/** The package name that prefixes our node types (`n8n-nodes-coda-erp.<name>`), as in real n8n. */
export const PACKAGE_NAME = readPackageJson().name;

export function nodeTypeName(node: AnyNodeType): string {
	return `${PACKAGE_NAME}.${node.description.name}`;
}

/** Stand-in for n8n's Manual Trigger (nodes-base is not loaded here): starts a workflow with its input. */
class ManualTriggerStandIn implements INodeType {
	description: INodeType['description'] = {
		displayName: 'When clicking ‘Execute workflow’',
		name: 'manualTrigger',
		group: ['trigger'],
		version: 1,
		description: 'Starts the workflow (engine-harness stand-in)',
		defaults: { name: 'When clicking ‘Execute workflow’' },
		inputs: [],
		outputs: ['main'],
		properties: [],
	};

	async execute(this: import('n8n-workflow').IExecuteFunctions): Promise<INodeExecutionData[][]> {
		return [this.getInputData()];
	}
}

class TestNodeTypes implements INodeTypes {
	private readonly byName = new Map<string, AnyNodeType>();

	constructor(types: Record<string, AnyNodeType>) {
		for (const [name, type] of Object.entries(types)) this.byName.set(name, type);
	}

	getByName(type: string): AnyNodeType {
		const found = this.byName.get(type);
		if (!found) throw new Error(`Engine harness: unknown node type "${type}" (known: ${[...this.byName.keys()].join(', ')})`);
		return found;
	}

	getByNameAndVersion(type: string, version?: number): INodeType {
		return NodeHelpers.getVersionedNodeType(this.getByName(type), version);
	}

	getKnownTypes() {
		return {};
	}
}

/** Supplies decrypted credentials and applies credential types' `authenticate` the way n8n's CredentialsHelper does. */
class TestCredentialsHelper extends ICredentialsHelper {
	constructor(
		private readonly types: Map<string, ICredentialType>,
		private readonly data: CredentialsByType,
	) {
		super();
	}

	private type(name: string): ICredentialType {
		const found = this.types.get(name);
		if (!found) throw new Error(`Engine harness: unknown credential type "${name}" (known: ${[...this.types.keys()].join(', ')})`);
		return found;
	}

	getParentTypes(name: string): string[] {
		const parents = this.type(name).extends ?? [];
		return parents.flatMap((parent) => [parent, ...this.getParentTypes(parent)]);
	}

	isCredentialUsableByNode(): boolean {
		return true;
	}

	getCredentialsProperties(type: string) {
		return this.type(type).properties;
	}

	async getDecrypted(_additionalData: IWorkflowExecuteAdditionalData, _details: INodeCredentialsDetails, type: string): Promise<ICredentialDataDecryptedObject> {
		const data = this.data[type];
		if (!data) throw new Error(`Engine harness: no credentials of type "${type}" were given to the run`);
		// n8n fills in the defaults of properties the stored credential lacks.
		return NodeHelpers.getNodeParameters(this.type(type).properties, data as INodeParameters, true, false, null, null) as ICredentialDataDecryptedObject;
	}

	async authenticate(
		credentials: ICredentialDataDecryptedObject,
		typeName: string,
		requestOptions: IHttpRequestOptions | IRequestOptionsSimplified,
		workflow?: Workflow,
		node?: INode,
	): Promise<IHttpRequestOptions> {
		const { authenticate } = this.type(typeName);
		if (typeof authenticate === 'function') return await authenticate(credentials, requestOptions as IHttpRequestOptions);
		if (!authenticate || authenticate.type !== 'generic') return requestOptions as IHttpRequestOptions;
		if (!workflow || !node) throw new Error('Engine harness: generic authentication needs the workflow and node');
		const resolve = (value: unknown) =>
			isExpression(value)
				? String(workflow.expression.getSimpleParameterValue(node, value as string, 'internal', { $credentials: credentials }, undefined, '') ?? '')
				: value;
		const options = requestOptions as unknown as Record<string, Record<string, unknown>>;
		options.headers ??= {};
		for (const [target, entries] of Object.entries(authenticate.properties)) {
			options[target] ??= {};
			for (const [key, value] of Object.entries(entries as Record<string, unknown>)) {
				options[target][String(resolve(key))] = resolve(value);
			}
		}
		return requestOptions as IHttpRequestOptions;
	}

	async preAuthentication() {
		return undefined;
	}

	async runPreAuthentication() {
		return undefined;
	}

	async getCredentials(): Promise<ICredentials> {
		throw new Error('Engine harness: stored (encrypted) credentials are not available; nodes get decrypted ones');
	}

	async updateCredentials() {}

	async updateCredentialsOauthTokenData() {}
}

export interface EngineOptions {
	/** Decrypted credential data by credential type name. */
	credentials?: CredentialsByType;
	/** Node types by full type name (default: the package's nodes); a Manual Trigger stand-in is always there. */
	nodeTypes?: Record<string, AnyNodeType>;
	/** Credential types; defaults to the package's (loaded only when a run needs credentials). */
	credentialTypes?: ICredentialType[];
}

function unsupported(what: string) {
	return () => {
		throw new Error(`Engine harness: ${what} is not supported`);
	};
}

function additionalDataFor(credentialsHelper: ICredentialsHelper, hooks: ExecutionLifecycleHooks, executionId: string): IWorkflowExecuteAdditionalData {
	const base = 'http://127.0.0.1:5678';
	const data: IWorkflowExecuteAdditionalData = {
		credentialsHelper,
		hooks,
		executionId,
		currentNodeExecutionIndex: 0,
		restApiUrl: `${base}/rest`,
		instanceBaseUrl: base,
		formBaseUrl: `${base}/form`,
		formWaitingBaseUrl: `${base}/form-waiting`,
		formTestBaseUrl: `${base}/form-test`,
		webhookBaseUrl: `${base}/webhook`,
		webhookWaitingBaseUrl: `${base}/webhook-waiting`,
		webhookTestBaseUrl: `${base}/webhook-test`,
		mcpBaseUrl: `${base}/mcp`,
		mcpTestBaseUrl: `${base}/mcp-test`,
		variables: {},
		externalSecretsProxy: new ExternalSecretsProxy(),
		executeWorkflow: unsupported('executing sub-workflows'),
		getRunExecutionData: unsupported('loading other executions'),
		getRuntimeCredential: unsupported('runtime credentials'),
		startRunnerTask: unsupported('task runners (Code node)'),
		logAiEvent: () => undefined,
	};
	return data;
}

function credentialTypesFor(options: EngineOptions): Map<string, ICredentialType> {
	const needed = Object.keys(options.credentials ?? {}).length > 0;
	const types = options.credentialTypes ?? (needed ? declaredCredentialTypes() : []);
	return new Map(types.map((t) => [t.name, t]));
}

function nodeTypesFor(options: EngineOptions): TestNodeTypes {
	const given = options.nodeTypes ?? Object.fromEntries(declaredNodeTypes().map((node) => [nodeTypeName(node), node]));
	return new TestNodeTypes({ 'n8n-nodes-base.manualTrigger': new ManualTriggerStandIn(), ...given });
}

function buildWorkflow(workflowJson: Pick<IWorkflowBase, 'nodes' | 'connections'> & Partial<IWorkflowBase>, nodeTypes: INodeTypes): Workflow {
	return new Workflow({
		id: workflowJson.id ?? 'engine-harness',
		name: workflowJson.name ?? 'engine harness',
		nodes: workflowJson.nodes,
		connections: workflowJson.connections,
		active: false,
		nodeTypes,
		staticData: workflowJson.staticData,
		settings: workflowJson.settings,
	});
}

export interface WorkflowRunResult {
	/** Output items of each node that ran (last run, main outputs), by node name. */
	outputs: Record<string, INodeExecutionData[][]>;
	/** The execution's error, if a node failed (and did not continue on fail). */
	error?: ExecutionError;
	/** n8n's full run record. */
	run: IRun;
}

/**
 * Runs a workflow (n8n's exported JSON shape) through WorkflowExecute, starting at `startNode`
 * (default: the node no main connection leads to) with `input` as its incoming items.
 */
export async function runWorkflow(
	workflowJson: Pick<IWorkflowBase, 'nodes' | 'connections'> & Partial<IWorkflowBase>,
	options: EngineOptions & { input?: INodeExecutionData[]; startNode?: string } = {},
): Promise<WorkflowRunResult> {
	const workflow = buildWorkflow(workflowJson, nodeTypesFor(options));
	const start = options.startNode ? workflow.getNode(options.startNode) : startNodeOf(workflowJson.nodes, workflowJson.connections);
	if (!start) throw new Error(`Engine harness: start node "${options.startNode}" is not in the workflow`);

	const executionId = randomUUID();
	const hooks = new ExecutionLifecycleHooks('manual', executionId, {
		id: workflow.id,
		name: workflow.name ?? 'engine harness',
		active: false,
		isArchived: false,
		nodes: workflowJson.nodes,
		connections: workflowJson.connections,
		createdAt: new Date(),
		updatedAt: new Date(),
		activeVersionId: null,
	} as IWorkflowBase);
	const credentialsHelper = new TestCredentialsHelper(credentialTypesFor(options), options.credentials ?? {});
	const additionalData = additionalDataFor(credentialsHelper, hooks, executionId);
	const runData = createRunExecutionData({
		executionData: {
			nodeExecutionStack: [{ node: start, data: { main: [options.input ?? [{ json: {} }]] }, source: null }],
		},
	});
	const run = await new WorkflowExecute(additionalData, 'manual', runData).processRunExecutionData(workflow);
	const outputs: Record<string, INodeExecutionData[][]> = {};
	for (const [name, tasks] of Object.entries(run.data.resultData.runData)) {
		const last = tasks[tasks.length - 1];
		outputs[name] = (last?.data?.main ?? []).map((items) => items ?? []);
	}
	return { outputs, error: run.data.resultData.error, run };
}

function startNodeOf(nodes: INode[], connections: IConnections): INode {
	const targets = new Set(
		Object.values(connections).flatMap((byType) => (byType.main ?? []).flat().flatMap((c) => (c ? [c.node] : []))),
	);
	const starts = nodes.filter((n) => !n.disabled && !targets.has(n.name));
	if (starts.length !== 1) {
		throw new Error(`Engine harness: expected one start node, found ${starts.length} (${starts.map((n) => n.name).join(', ')}); pass startNode`);
	}
	return starts[0];
}

export interface RunNodeOptions extends Omit<EngineOptions, 'nodeTypes'> {
	/** An instance of the node class to run. */
	node: AnyNodeType;
	parameters?: INodeParameters;
	/** Incoming items (default: one empty item). */
	input?: INodeExecutionData[];
	/** Node version (default: the latest the node declares). */
	typeVersion?: number;
	/** n8n's per-node settings. */
	continueOnFail?: boolean;
}

export interface NodeRunResult {
	/** The node's main outputs: one array of items per output. */
	outputs: INodeExecutionData[][];
	error?: ExecutionError;
	run: IRun;
}

const NODE_NAME = 'Node under test';

function latestVersion(node: AnyNodeType): number {
	if ('nodeVersions' in node) return node.currentVersion;
	const { version } = node.description;
	return Array.isArray(version) ? Math.max(...version) : version;
}

/** The INode (workflow entry) for a node under test, with a credential reference per given type. */
function nodeEntry(options: Omit<RunNodeOptions, 'input'>): INode {
	const type = nodeTypeName(options.node);
	return {
		id: randomUUID(),
		name: NODE_NAME,
		type,
		typeVersion: options.typeVersion ?? latestVersion(options.node),
		position: [0, 0],
		parameters: options.parameters ?? {},
		credentials: Object.fromEntries(Object.keys(options.credentials ?? {}).map((name) => [name, { id: name, name }])),
		...(options.continueOnFail ? { onError: 'continueRegularOutput' as const } : {}),
	};
}

/** Runs one node with `input` as its incoming items, through n8n's WorkflowExecute. */
export async function runNode(options: RunNodeOptions): Promise<NodeRunResult> {
	const entry = nodeEntry(options);
	const result = await runWorkflow(
		{ nodes: [entry], connections: {} },
		{ ...options, nodeTypes: { [entry.type]: options.node }, startNode: NODE_NAME },
	);
	return { outputs: result.outputs[NODE_NAME] ?? [], error: result.error, run: result.run };
}

export interface MethodCallOptions extends Omit<EngineOptions, 'nodeTypes'> {
	node: AnyNodeType;
	/** The node's current parameters (what the editor would send). */
	parameters?: INodeParameters;
	typeVersion?: number;
}

function methodContext(options: MethodCallOptions): LoadOptionsContext {
	const entry = nodeEntry(options);
	const workflow = buildWorkflow({ nodes: [entry], connections: {} }, new TestNodeTypes({ [entry.type]: options.node }));
	const executionId = randomUUID();
	const hooks = new ExecutionLifecycleHooks('internal', executionId, { id: workflow.id, name: 'engine harness', nodes: [entry], connections: {} } as unknown as IWorkflowBase);
	const additionalData = additionalDataFor(new TestCredentialsHelper(credentialTypesFor(options), options.credentials ?? {}), hooks, executionId);
	additionalData.currentNodeParameters = options.parameters ?? {};
	return new LoadOptionsContext(workflow, entry, additionalData, 'parameters');
}

function method<K extends 'loadOptions' | 'listSearch'>(node: AnyNodeType, kind: K, name: string) {
	const versioned = 'nodeVersions' in node ? NodeHelpers.getVersionedNodeType(node) : node;
	const fn = versioned.methods?.[kind]?.[name];
	if (!fn) throw new Error(`Engine harness: node ${versioned.description.name} has no ${kind} method "${name}"`);
	return fn as NonNullable<NonNullable<INodeType['methods']>[K]>[string];
}

/** Calls a node's `methods.loadOptions[name]` with a real n8n LoadOptionsContext. */
export async function callLoadOptions(options: MethodCallOptions & { method: string }): Promise<INodePropertyOptions[]> {
	const fn = method(options.node, 'loadOptions', options.method) as (this: LoadOptionsContext) => Promise<INodePropertyOptions[]>;
	return await fn.call(methodContext(options));
}

/** Calls a node's `methods.listSearch[name]` with a real n8n LoadOptionsContext. */
export async function callListSearch(
	options: MethodCallOptions & { method: string; filter?: string; paginationToken?: string },
): Promise<INodeListSearchResult> {
	const fn = method(options.node, 'listSearch', options.method) as (
		this: LoadOptionsContext,
		filter?: string,
		paginationToken?: string,
	) => Promise<INodeListSearchResult>;
	return await fn.call(methodContext(options), options.filter, options.paginationToken);
}
