import type {
	IAuthenticateGeneric,
	ICredentialTestRequest,
	ICredentialType,
	INodeProperties,
} from 'n8n-workflow';

// Named codaErpApi so it never clashes with n8n's built-in `codaApi` credential.
export class CodaApi implements ICredentialType {
	name = 'codaErpApi';

	displayName = 'Coda (ERP Sync) API';

	documentationUrl = 'https://github.com/n8n-nodes-coda-erp/n8n-nodes-coda-erp#coda-erp-sync-api-credential';

	icon = { light: 'file:codaErpApi.svg', dark: 'file:codaErpApi.dark.svg' } as const;

	properties: INodeProperties[] = [
		{
			displayName: 'API Token',
			name: 'apiToken',
			type: 'string',
			typeOptions: { password: true },
			default: '',
			required: true,
			description: 'A Coda API token from your account settings (Coda → Account settings → API settings)',
		},
		{
			displayName: 'Base URL',
			name: 'baseUrl',
			type: 'string',
			default: 'https://coda.io/apis/v1',
			description: 'Coda API v1 base URL; change it only to point at a proxy or the Coda emulator',
		},
	];

	authenticate: IAuthenticateGeneric = {
		type: 'generic',
		properties: {
			headers: {
				Authorization: '=Bearer {{$credentials.apiToken}}',
			},
		},
	};

	test: ICredentialTestRequest = {
		request: {
			// axios joins the two, so a trailing slash in the base URL does no harm.
			baseURL: '={{$credentials.baseUrl}}',
			url: '/whoami',
		},
	};
}
