// n8n's community-node lint (@n8n/node-cli), in its variant without n8n Cloud support: the
// package needs a database driver (pg), so it can only be a self-hosted (unverified) community
// package. `npm run lint` runs it on what n8n loads: nodes, credentials and package.json.
import { configWithoutCloudSupport } from '@n8n/node-cli/eslint';

export default [
	...configWithoutCloudSupport,
	{
		files: ['package.json'],
		rules: {
			'n8n-nodes-base/community-package-json-name-still-default': 'error',
			// The nodes talk to PostgreSQL through `pg` (with drizzle-orm, zod and luxon); a database
			// driver cannot be a peer dependency of n8n, so the package ships runtime dependencies.
			'@n8n/community-nodes/no-runtime-dependencies': 'off',
		},
	},
	{
		files: ['nodes/**/*.ts'],
		rules: {
			'n8n-nodes-base/node-execute-block-missing-continue-on-fail': 'error',
			// `const { dropped: _dropped, ...kept } = value` is how the code omits keys.
			'@typescript-eslint/no-unused-vars': ['error', { ignoreRestSiblings: true }],
		},
	},
	{
		// Plain modules that know nothing of n8n (DEVELOPERS.md): they throw their own Error
		// subclasses, which each node turns into NodeApiError/NodeOperationError with the item index
		// (toNodeError), and the rule stays on for the nodes and their operations.
		files: ['nodes/shared/**/*.ts'],
		rules: {
			'@n8n/community-nodes/require-node-api-error': 'off',
		},
	},
];
