// The editor's REST API of a running n8n (startN8n), signed in as the instance owner: what the
// editor sees (e.g. `/types/nodes.json`, the node and credential types n8n registered).
const BROWSER_ID = 'n8n-nodes-coda-erp-tests';

export interface N8nSession {
	/** GET a path (e.g. `/types/nodes.json`, `/rest/workflows`); REST answers are unwrapped from `{ data }`. */
	get<T>(path: string): Promise<T>;
	post<T>(path: string, body: unknown): Promise<T>;
}

export const OWNER = { email: 'owner@example.com', firstName: 'Test', lastName: 'Owner', password: 'Owner-Passw0rd-for-tests' };

/** A kept-alive socket the server closed just as it was reused; a GET may safely go again. */
const isStaleSocket = (err: unknown) => (err as { cause?: { code?: string } })?.cause?.code === 'UND_ERR_SOCKET';

async function call<T>(url: string, init: RequestInit, what: string): Promise<{ body: T; response: Response }> {
	const idempotent = (init.method ?? 'GET') === 'GET';
	const response = await fetch(url, init).catch((err: unknown) => {
		if (idempotent && isStaleSocket(err)) return fetch(url, init);
		throw err;
	});
	const text = await response.text();
	if (!response.ok) throw new Error(`${what} ${url} answered ${response.status}: ${text.slice(0, 500)}`);
	const parsed = JSON.parse(text) as T | { data: T };
	const body = parsed && typeof parsed === 'object' && !Array.isArray(parsed) && 'data' in parsed ? parsed.data : (parsed as T);
	return { body, response };
}

/** Sets up the owner account of a fresh n8n (its first-run form) and returns a signed-in session. */
export async function setupOwner(baseUrl: string): Promise<N8nSession> {
	// n8n binds its auth cookie to the browser id header sent at sign-in.
	const headers = { 'content-type': 'application/json', 'browser-id': BROWSER_ID };
	const { response } = await call(`${baseUrl}/rest/owner/setup`, { method: 'POST', headers, body: JSON.stringify(OWNER) }, 'owner setup');
	const cookie = response.headers
		.getSetCookie()
		.map((c) => c.split(';')[0])
		.join('; ');
	if (!cookie.includes('n8n-auth=')) throw new Error(`owner setup at ${baseUrl} set no n8n-auth cookie`);
	const authed = { ...headers, cookie };
	return {
		get: async <T>(path: string) => (await call<T>(`${baseUrl}${path}`, { headers: authed }, 'GET')).body,
		post: async <T>(path: string, body: unknown) =>
			(await call<T>(`${baseUrl}${path}`, { method: 'POST', headers: authed, body: JSON.stringify(body) }, 'POST')).body,
	};
}
