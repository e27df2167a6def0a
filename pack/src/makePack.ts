// The Pack, built for one n8n: its network domain is that n8n's host, its system authentication
// holds the webhook secret (entered once by the Pack's maker, sent as the header the real-time
// workflow checks, never visible in the doc), and its action `SyncRow` POSTs `{table, rowId}` to
// the real-time workflow's webhook. `ApiRowId` shows the id `SyncRow` would send, for checking.
import * as coda from '@codahq/packs-sdk';
import { apiRowIdFromLink } from './rowId';

/** The header the workflow's Header Auth credential ("Coda Webhook Secret") checks. */
export const WEBHOOK_SECRET_HEADER = 'X-Coda-Erp-Secret';
/** The real-time workflow's webhook path (workflows/real-time-sync.json). */
export const WEBHOOK_PATH = 'coda-erp-sync';

export interface ErpSyncPackOptions {
	/** Base URL of the user's n8n, e.g. `https://n8n.example.com`. */
	n8nBaseUrl: string;
}

/** The webhook URL and the Pack's network domain for a base URL. */
export function webhookTarget(n8nBaseUrl: string): { url: string; networkDomain: string } {
	const base = new URL(n8nBaseUrl);
	if (base.protocol !== 'https:' && base.protocol !== 'http:') throw new Error(`N8N_BASE_URL must be an http(s) URL, not ${n8nBaseUrl}`);
	const path = base.pathname.replace(/\/+$/, '');
	// `host` keeps a port when the URL has one: Coda reaches n8n on 443, the SDK's local runs on any port.
	return { url: `${base.origin}${path}/webhook/${WEBHOOK_PATH}`, networkDomain: base.host };
}

/** What n8n said when it did not answer 2xx: its `{error}` reason, else the body as text. */
function n8nReason(body: unknown): string {
	let parsed = body;
	if (typeof body === 'string') {
		try {
			parsed = JSON.parse(body);
		} catch {
			return body.slice(0, 300);
		}
	}
	if (parsed && typeof parsed === 'object') {
		const o = parsed as Record<string, unknown>;
		if (typeof o.error === 'string') return o.error;
		if (typeof o.message === 'string') return o.message;
	}
	return JSON.stringify(parsed ?? '').slice(0, 300);
}

export function makeErpSyncPack(options: ErpSyncPackOptions): coda.PackDefinitionBuilder {
	const target = webhookTarget(options.n8nBaseUrl);
	const pack = coda.newPack();
	pack.addNetworkDomain(target.networkDomain);
	pack.setSystemAuthentication({
		type: coda.AuthenticationType.CustomHeaderToken,
		headerName: WEBHOOK_SECRET_HEADER,
		instructionsUrl: 'https://github.com/n8n-nodes-coda-erp/n8n-nodes-coda-erp#the-coda-side',
	});

	const rowParameter = coda.makeParameter({
		type: coda.ParameterType.String,
		name: 'row',
		description: 'The changed row\'s link, e.g. [Step 1 Result].ObjectLink(), or its API row id (i-…).',
	});

	pack.addFormula({
		name: 'ApiRowId',
		description: 'The API row id (i-…) in a row link: what SyncRow sends for it.',
		parameters: [rowParameter],
		resultType: coda.ValueType.String,
		execute: async ([row]) => {
			const rowId = apiRowIdFromLink(row);
			if (!rowId) throw new coda.UserVisibleError(`No Coda row id in "${row}": pass the row's ObjectLink() (…/_ru<id>) or its id (i-…).`);
			return rowId;
		},
	});

	pack.addFormula({
		name: 'SyncRow',
		description: 'Tell n8n that a row changed: POSTs {table, rowId} to the real-time sync webhook, which reads the row from Coda and writes it into erp.',
		isAction: true,
		parameters: [
			coda.makeParameter({
				type: coda.ParameterType.String,
				name: 'table',
				description: 'The table, as configured in erp.sync_config: its name as shown in the doc (e.g. "Tasks") or its id (grid-…).',
			}),
			rowParameter,
			coda.makeParameter({
				type: coda.ParameterType.String,
				name: 'event',
				description: 'Optional text recorded with the request, e.g. "row.changed".',
				optional: true,
			}),
		],
		resultType: coda.ValueType.String,
		execute: async ([table, row, event], context) => {
			const tableRef = table.trim();
			if (!tableRef) throw new coda.UserVisibleError('SyncRow needs the table (its name or grid-… id).');
			const rowId = apiRowIdFromLink(row);
			if (!rowId) throw new coda.UserVisibleError(`No Coda row id in "${row}": pass the row's ObjectLink() (…/_ru<id>) or its id (i-…).`);
			const body: Record<string, string> = { table: tableRef, rowId };
			if (event && event.trim()) body.event = event.trim();
			let response: coda.FetchResponse;
			try {
				response = await context.fetcher.fetch({
					method: 'POST',
					url: target.url,
					headers: { 'Content-Type': 'application/json' },
					body: JSON.stringify(body),
					cacheTtlSecs: 0,
				});
			} catch (err) {
				// Coda's StatusCodeError carries the parsed body; the SDK's local one only its response.
				const e = err as { name?: string; statusCode?: number; body?: unknown; response?: { body?: unknown } };
				if (e?.name === 'StatusCodeError' && typeof e.statusCode === 'number') {
					throw new coda.UserVisibleError(`n8n answered ${e.statusCode}: ${n8nReason(e.body !== undefined ? e.body : e.response?.body)}`);
				}
				throw err;
			}
			const answer = (typeof response.body === 'string' ? JSON.parse(response.body) : response.body) as Record<string, unknown>;
			const counts = ['inserted', 'updated', 'unchanged', 'deleted', 'restored']
				.filter((k) => typeof answer?.[k] === 'number')
				.map((k) => `${k} ${answer[k] as number}`)
				.join(', ');
			return `${String(answer?.status ?? 'stored')}: ${tableRef} ${rowId}${counts ? ` (${counts})` : ''}`;
		},
	});

	return pack;
}
