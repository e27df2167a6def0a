// Reads the stored sync token and column snapshot of a table from erp.sync_state, through the
// ERP credential's shared pool (both written by ERP Upsert in the transaction of the rows).
import { NodeOperationError, type ICredentialDataDecryptedObject, type INode } from 'n8n-workflow';
import { readSyncState } from '../shared/erp/checkpoint';
import { getPool } from '../shared/erp/pool';
import type { StoredSyncState } from '../shared/coda/tableFetch';

export function syncStateReader(
	credentials: ICredentialDataDecryptedObject,
	node: INode,
	itemIndex: number,
): (docId: string, tableId: string) => Promise<StoredSyncState | null> {
	return async (docId, tableId) => {
		const client = await getPool(credentials).connect();
		try {
			const row = await readSyncState(client, docId, tableId);
			return row ? { syncToken: row.sync_token, columns: row.columns } : null;
		} catch (error) {
			throw new NodeOperationError(
				node,
				`Could not read erp.sync_state for doc ${docId}, table ${tableId}: ${(error as Error).message} (is the erp schema migrated?)`,
				{ itemIndex },
			);
		} finally {
			client.release();
		}
	};
}
