// Proves the execution-engine harness with small node classes defined here: parameters and
// expressions, credentials applied through `authenticate`, errors and continue-on-fail,
// loadOptions, and a chain of nodes.
import assert from 'node:assert/strict';
import { createServer, type IncomingHttpHeaders } from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, before, describe, it } from 'node:test';
import {
	NodeOperationError,
	type ICredentialType,
	type IExecuteFunctions,
	type ILoadOptionsFunctions,
	type INodeExecutionData,
	type INodeType,
	type INodeTypeDescription,
} from 'n8n-workflow';
import { callListSearch, callLoadOptions, nodeTypeName, PACKAGE_NAME, runNode, runWorkflow } from '../harness/n8nEngine';

class EchoApi implements ICredentialType {
	name = 'echoApi';
	displayName = 'Echo API';
	properties: ICredentialType['properties'] = [
		{ displayName: 'Token', name: 'token', type: 'string', typeOptions: { password: true }, default: '' },
		{ displayName: 'Base URL', name: 'baseUrl', type: 'string', default: 'http://127.0.0.1:1' },
	];
	authenticate: ICredentialType['authenticate'] = {
		type: 'generic',
		properties: { headers: { Authorization: '=Bearer {{$credentials.token}}' } },
	};
}

function description(name: string, extra: Partial<INodeTypeDescription> = {}): INodeTypeDescription {
	return {
		displayName: name,
		name,
		group: ['transform'],
		version: [1, 2],
		description: `${name} (engine harness test)`,
		defaults: { name },
		inputs: ['main'],
		outputs: ['main'],
		properties: [],
		...extra,
	};
}

/** Multiplies `json.n` by its `factor` parameter; fails on negative numbers. */
class Multiply implements INodeType {
	description = description('multiply', {
		properties: [{ displayName: 'Factor', name: 'factor', type: 'number', default: 2 }],
	});

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		const out: INodeExecutionData[] = [];
		for (const [i, item] of this.getInputData().entries()) {
			try {
				const n = item.json.n as number;
				if (n < 0) throw new NodeOperationError(this.getNode(), `n must not be negative, got ${n}`, { itemIndex: i });
				out.push({ json: { n: n * (this.getNodeParameter('factor', i) as number), version: this.getNode().typeVersion }, pairedItem: { item: i } });
			} catch (err) {
				if (!this.continueOnFail()) throw err;
				out.push({ json: { error: (err as Error).message }, pairedItem: { item: i } });
			}
		}
		return [out];
	}
}

/** Calls the echo server with the credential's authentication applied by n8n. */
class CallEcho implements INodeType {
	description = description('callEcho', {
		credentials: [{ name: 'echoApi', required: true }],
		properties: [{ displayName: 'Path', name: 'path', type: 'string', default: '/' }],
	});

	methods = {
		loadOptions: {
			async paths(this: ILoadOptionsFunctions) {
				const { baseUrl } = await this.getCredentials<{ baseUrl: string }>('echoApi');
				const body = (await this.helpers.httpRequestWithAuthentication.call(this, 'echoApi', { url: `${baseUrl}/paths`, json: true })) as { paths: string[] };
				return body.paths.map((p) => ({ name: p, value: p }));
			},
		},
		listSearch: {
			async searchPaths(this: ILoadOptionsFunctions, filter?: string) {
				const paths = ['/a', '/b', '/ab'].filter((p) => !filter || p.includes(filter));
				return { results: paths.map((p) => ({ name: p, value: p })) };
			},
		},
	};

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		const { baseUrl } = await this.getCredentials<{ baseUrl: string }>('echoApi');
		const out: INodeExecutionData[] = [];
		for (let i = 0; i < this.getInputData().length; i++) {
			const body = await this.helpers.httpRequestWithAuthentication.call(this, 'echoApi', {
				url: `${baseUrl}${this.getNodeParameter('path', i) as string}`,
				json: true,
			});
			out.push({ json: body as INodeExecutionData['json'] });
		}
		return [out];
	}
}

describe('n8n execution-engine harness', () => {
	const seen: IncomingHttpHeaders[] = [];
	const server = createServer((req, res) => {
		seen.push(req.headers);
		res.setHeader('content-type', 'application/json');
		res.end(JSON.stringify(req.url === '/paths' ? { paths: ['/x', '/y'] } : { url: req.url, authorization: req.headers.authorization ?? null }));
	});
	let baseUrl = '';
	before(async () => {
		await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
		baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
	});
	after(() => new Promise<void>((resolve) => server.close(() => resolve())));
	const credentials = () => ({ echoApi: { token: 'secret-token', baseUrl } });

	it('runs a node with parameters and expressions, at its latest version', async () => {
		const { outputs, error } = await runNode({
			node: new Multiply(),
			parameters: { factor: '={{ $json.n + 1 }}' },
			input: [{ json: { n: 2 } }, { json: { n: 5 } }],
		});
		assert.equal(error, undefined);
		assert.deepEqual(outputs[0].map((i) => i.json), [{ n: 6, version: 2 }, { n: 30, version: 2 }]);
	});

	it('runs an older node version when asked', async () => {
		const { outputs } = await runNode({ node: new Multiply(), typeVersion: 1, input: [{ json: { n: 1 } }] });
		assert.deepEqual(outputs[0][0].json, { n: 2, version: 1 });
	});

	it("fails the run with the node's error, or continues with an error item when set to", async () => {
		const failed = await runNode({ node: new Multiply(), input: [{ json: { n: 1 } }, { json: { n: -3 } }] });
		assert.equal(failed.error?.message, 'n must not be negative, got -3');
		assert.equal(failed.error?.name, 'NodeOperationError');
		assert.deepEqual(failed.outputs, []);

		const continued = await runNode({ node: new Multiply(), continueOnFail: true, input: [{ json: { n: 1 } }, { json: { n: -3 } }] });
		assert.equal(continued.error, undefined);
		assert.deepEqual(continued.outputs[0].map((i) => i.json), [{ n: 2, version: 2 }, { error: 'n must not be negative, got -3' }]);
	});

	it("applies the credential type's generic authenticate to httpRequestWithAuthentication", async () => {
		const { outputs, error } = await runNode({
			node: new CallEcho(),
			parameters: { path: '/rows' },
			credentials: credentials(),
			credentialTypes: [new EchoApi()],
		});
		assert.equal(error, undefined);
		assert.deepEqual(outputs[0][0].json, { url: '/rows', authorization: 'Bearer secret-token' });
	});

	it('fails clearly when a node needs credentials the run was not given', async () => {
		const { error } = await runNode({ node: new CallEcho(), credentials: {}, credentialTypes: [new EchoApi()] });
		assert.equal(error?.message, 'Node does not have any credentials set for "echoApi"');
	});

	it('calls loadOptions and listSearch methods with a real LoadOptionsContext', async () => {
		const options = await callLoadOptions({ node: new CallEcho(), method: 'paths', credentials: credentials(), credentialTypes: [new EchoApi()] });
		assert.deepEqual(options, [{ name: '/x', value: '/x' }, { name: '/y', value: '/y' }]);
		assert.equal(seen.at(-1)?.authorization, 'Bearer secret-token');

		const found = await callListSearch({ node: new CallEcho(), method: 'searchPaths', filter: 'a' });
		assert.deepEqual(found.results.map((r) => r.value), ['/a', '/ab']);
	});

	it('runs a workflow chain from a Manual Trigger stand-in, naming types as n8n does', async () => {
		const multiply = new Multiply();
		assert.equal(nodeTypeName(multiply), `${PACKAGE_NAME}.multiply`);
		const { outputs, error } = await runWorkflow(
			{
				nodes: [
					{ id: '1', name: 'Start', type: 'n8n-nodes-base.manualTrigger', typeVersion: 1, position: [0, 0], parameters: {} },
					{ id: '2', name: 'Double', type: nodeTypeName(multiply), typeVersion: 2, position: [200, 0], parameters: {} },
					{ id: '3', name: 'Triple', type: nodeTypeName(multiply), typeVersion: 2, position: [400, 0], parameters: { factor: 3 } },
				],
				connections: {
					Start: { main: [[{ node: 'Double', type: 'main', index: 0 }]] },
					Double: { main: [[{ node: 'Triple', type: 'main', index: 0 }]] },
				},
			},
			{
				nodeTypes: { [nodeTypeName(multiply)]: multiply },
				input: [{ json: { n: 1 } }, { json: { n: 4 } }],
			},
		);
		assert.equal(error, undefined);
		assert.deepEqual(outputs.Triple[0].map((i) => i.json.n), [6, 24]);
		assert.deepEqual(Object.keys(outputs).sort(), ['Double', 'Start', 'Triple']);
	});
});
