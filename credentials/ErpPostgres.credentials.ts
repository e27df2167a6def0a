import type { ICredentialType, INodeProperties } from 'n8n-workflow';

// Tested by the nodes' `credentialTest` method (erpPostgresConnectionTest): n8n can only
// test database credentials through a node, not through an HTTP request.
export class ErpPostgres implements ICredentialType {
	name = 'erpPostgres';

	displayName = 'ERP PostgreSQL';

	documentationUrl = 'https://github.com/n8n-nodes-coda-erp/n8n-nodes-coda-erp#erp-postgresql-credential';

	icon = { light: 'file:erpPostgres.svg', dark: 'file:erpPostgres.dark.svg' } as const;

	properties: INodeProperties[] = [
		{
			displayName: 'Host',
			name: 'host',
			type: 'string',
			default: 'localhost',
			required: true,
			description: 'Host name of the PostgreSQL server holding the erp database (e.g. the Postgres container name)',
		},
		{
			displayName: 'Port',
			name: 'port',
			type: 'number',
			default: 5432,
			required: true,
		},
		{
			displayName: 'Database',
			name: 'database',
			type: 'string',
			default: 'erp',
			required: true,
		},
		{
			displayName: 'User',
			name: 'user',
			type: 'string',
			default: '',
			required: true,
			description: 'A login role in the erp_sync group (create one with `erp-db create-role n8n`)',
		},
		{
			displayName: 'Password',
			name: 'password',
			type: 'string',
			typeOptions: { password: true },
			default: '',
		},
		{
			displayName: 'SSL',
			name: 'ssl',
			type: 'options',
			options: [
				{ name: 'Disable', value: 'disable', description: 'Plain connection (same Docker network or localhost)' },
				{ name: 'Require', value: 'require', description: 'Encrypted, without checking the server certificate' },
				{ name: 'Verify Full', value: 'verify-full', description: 'Encrypted, certificate and host name checked' },
			],
			default: 'disable',
		},
		{
			displayName: 'CA Certificate',
			name: 'ca',
			type: 'string',
			// A CA certificate is public, so the field is not masked.
			typeOptions: { rows: 4 },
			default: '',
			description: 'PEM certificate of the authority that signed the server certificate; empty uses the system store',
			displayOptions: { show: { ssl: ['verify-full'] } },
		},
		{
			displayName: 'Max Connections',
			name: 'maxConnections',
			type: 'number',
			typeOptions: { minValue: 1, maxValue: 50 },
			default: 4,
			description:
				'Connections each n8n process keeps to this database at most. One pool per credential and process is shared by all executions and closed when idle. On a 4 GB server that also hosts n8n\'s own database, keep (main + queue workers) × this value well under PostgreSQL\'s max_connections (100 by default): 4 suits a main process plus a few workers, since every write of one execution runs in a single transaction on one connection.',
		},
		{
			displayName: 'Connection Timeout',
			name: 'connectionTimeout',
			type: 'number',
			typeOptions: { minValue: 1, maxValue: 600 },
			default: 15,
			description:
				'Seconds a run waits for a connection: for one of its Max Connections to come free, or while the server refuses new sessions (too many clients, restarting). Then it fails saying which.',
		},
		{
			displayName: 'Lock Timeout',
			name: 'lockTimeout',
			type: 'number',
			typeOptions: { minValue: 0, maxValue: 3600 },
			default: 30,
			description:
				'Seconds a write waits for rows another session has locked (a long transaction, a manual edit left open) before the run fails with nothing written. 0 waits without limit.',
		},
		{
			displayName: 'Statement Timeout',
			name: 'statementTimeout',
			type: 'number',
			typeOptions: { minValue: 0, maxValue: 86400 },
			default: 600,
			description: 'Seconds any one statement of a run may take before PostgreSQL cancels it and the run fails with nothing written. 0 means no limit.',
		},
	];
}
