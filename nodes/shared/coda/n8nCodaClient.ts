// Builds a CodaClient from n8n's context (Coda Table Fetch, and ERP Upsert's Apply Doc Changes):
// requests go through n8n's authenticated request helper (the credential's Bearer header), paced by the credential's limiter
// and helped by its table metadata cache and shared row reads.
import type { IExecuteFunctions, IHttpRequestOptions, ILoadOptionsFunctions } from 'n8n-workflow';
import { CodaClient, type CodaTransport } from './client';
import { sharedFor } from './perCredential';
import { DEFAULT_RETRY_POLICY, type RetryPolicy } from './retry';
import { SharedRateLimiter } from './sharedRateLimiter';

export const CODA_CREDENTIAL = 'codaErpApi';
const DEFAULT_BASE_URL = 'https://coda.io/apis/v1';
const REQUEST_TIMEOUT_MS = 60_000;

export async function codaClientFor(
	context: IExecuteFunctions | ILoadOptionsFunctions,
	itemIndex?: number,
	retry: RetryPolicy = DEFAULT_RETRY_POLICY,
): Promise<CodaClient> {
	const credentials =
		itemIndex === undefined
			? await (context as ILoadOptionsFunctions).getCredentials(CODA_CREDENTIAL)
			: await (context as IExecuteFunctions).getCredentials(CODA_CREDENTIAL, itemIndex);
	const baseUrl = String(credentials.baseUrl || DEFAULT_BASE_URL).replace(/\/+$/, '');
	const transport: CodaTransport = async ({ path, query }) => {
		const options: IHttpRequestOptions = {
			method: 'GET',
			url: `${baseUrl}${path}`,
			qs: query,
			json: true,
			timeout: REQUEST_TIMEOUT_MS,
			returnFullResponse: true,
			ignoreHttpStatusErrors: true,
		};
		const response = (await context.helpers.httpRequestWithAuthentication.call(context, CODA_CREDENTIAL, options)) as {
			statusCode: number;
			body: unknown;
		};
		return { statusCode: response.statusCode, body: response.body };
	};
	const { limiter, tables, rows } = sharedFor(baseUrl, String(credentials.apiToken ?? ''));
	if (limiter instanceof SharedRateLimiter && limiter.problem) {
		context.logger.warn(`Coda reads are paced by this process alone, not shared with the other n8n processes, while queue mode's Redis fails: ${limiter.problem}`);
	}
	return new CodaClient({ transport, limiter, tables, rows, retry });
}
