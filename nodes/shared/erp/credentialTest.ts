// The `erpPostgres` credential test, shared by every node that uses the credential (`testedBy` points here):
// a throwaway connection (not the shared pool) that also checks the erp schema is migrated.
import type { ICredentialsDecrypted, ICredentialTestFunctions, INodeCredentialTestResult } from 'n8n-workflow';
import { Client } from 'pg';
import { parseErpCredentials, poolConfig } from './pool';

export async function erpPostgresConnectionTest(
	this: ICredentialTestFunctions,
	credential: ICredentialsDecrypted,
): Promise<INodeCredentialTestResult> {
	let client: Client | undefined;
	try {
		const conn = parseErpCredentials(credential.data);
		const { max: _max, idleTimeoutMillis: _idle, allowExitOnIdle: _exit, ...config } = poolConfig(conn);
		client = new Client({ ...config, connectionTimeoutMillis: 10_000 });
		await client.connect();
		const { rows } = await client.query<{ migrated: boolean }>(`SELECT to_regclass('erp.sync_state') IS NOT NULL AS migrated`);
		if (!rows[0].migrated) {
			return { status: 'Error', message: `Connected to ${conn.database}, but it has no erp schema yet: run \`erp-db migrate\`` };
		}
		return { status: 'OK', message: 'Connection successful' };
	} catch (error) {
		return { status: 'Error', message: (error as Error).message };
	} finally {
		await client?.end().catch(() => undefined);
	}
}
