// Shared setup for the ERP Upsert / Run Log tests: a migrated erp database per test and
// builders for Coda Table Fetch items (DEVELOPERS.md contract).
import type { ICredentialDataDecryptedObject } from 'n8n-workflow';
import { bundledMigrationsDir } from '../../drizzle/cli/journal';
import { migrate } from '../../drizzle/cli/migrator';
import { closeAllPools } from '../../nodes/shared/erp/pool';
import { parseDatabaseUrl } from '../../drizzle/cli/target';
import { createTestDatabase, type TestDatabase, type TestServer } from '../harness/postgres';

export interface ErpTestDatabase extends TestDatabase {
	/** Decrypted `erpPostgres` credential data pointing at this database. */
	credentials: ICredentialDataDecryptedObject;
}

export async function createErpDatabase(server: TestServer): Promise<ErpTestDatabase> {
	const db = await createTestDatabase(server, 'erp');
	await migrate({ target: parseDatabaseUrl(db.url), migrationsDir: bundledMigrationsDir });
	const url = new URL(db.url);
	const credentials = {
		host: url.hostname,
		port: Number(url.port || 5432),
		database: db.name,
		user: decodeURIComponent(url.username),
		password: decodeURIComponent(url.password),
		ssl: 'disable',
		maxConnections: 4,
	};
	return { ...db, credentials };
}

/** Runs `test` on a fresh migrated erp database, then closes the nodes' pools and drops it. */
export async function withErpDatabase(server: TestServer, test: (db: ErpTestDatabase) => Promise<void>): Promise<void> {
	const db = await createErpDatabase(server);
	try {
		await test(db);
	} finally {
		await closeAllPools();
		await db.drop();
	}
}

export const DOC_ID = 'd-test-doc';
export const TASKS_TABLE = 'grid-tasks';

/** Column id for a Coda column name in these tests. */
export const colId = (name: string) => `c-${name.toLowerCase().replace(/[^a-z0-9]+/g, '-')}`;

export interface RowSpec {
	id: string;
	updatedAt: string;
	createdAt?: string;
	tableId?: string;
	/** Values by Coda column name. */
	values: Record<string, unknown>;
}

export function rowItem(spec: RowSpec) {
	const values: Record<string, unknown> = {};
	const columnNames: Record<string, string> = {};
	for (const [name, value] of Object.entries(spec.values)) {
		values[colId(name)] = value;
		columnNames[colId(name)] = name;
	}
	return {
		kind: 'row',
		docId: DOC_ID,
		tableId: spec.tableId ?? TASKS_TABLE,
		tableName: 'Tasks',
		id: spec.id,
		name: String(spec.values.Name ?? spec.id),
		index: 0,
		browserLink: `https://coda.io/d/_d${DOC_ID}#_r${spec.id}`,
		createdAt: spec.createdAt ?? '2026-01-01T00:00:00.000Z',
		updatedAt: spec.updatedAt,
		values,
		columnNames,
	};
}

export function summaryItem(tableId: string, extra: Record<string, unknown> = {}) {
	return {
		kind: 'summary',
		docId: DOC_ID,
		tableId,
		tableName: 'Tasks',
		mode: 'all',
		rowCount: 0,
		requests: 1,
		pages: 1,
		retried429: 0,
		retriedOther: 0,
		nextSyncToken: null,
		complete: false,
		fullFetchFallback: null,
		columnChanges: { added: [], renamed: [], removed: [] },
		continuation: null,
		...extra,
	};
}

export const lookup = (rowId: string, tableId: string, name = rowId) => ({ rowId, tableId, name });
export const person = (email: string, name = email) => ({ email, name });
export const currency = (amount: number, code: string) => ({ amount, currency: code });

/** Rows of a table with their row version (xmin) and position (ctid): both change on any rewrite. */
export async function rowVersions(db: TestDatabase, table: string): Promise<Map<string, string>> {
	const { rows } = await db.pool.query<{ k: string; v: string }>(`SELECT coda_row_id AS k, xmin::text || '/' || ctid::text AS v FROM erp.${table}`);
	return new Map(rows.map((r) => [r.k, r.v]));
}

export const deletedItem = (id: string, tableId = TASKS_TABLE) => ({ kind: 'deleted', docId: DOC_ID, tableId, id });
