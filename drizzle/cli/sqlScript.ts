// Runs an up or down script: its statements in one transaction, so a failure leaves the
// database as it was before the script, and the error names the script and statement.
import type { ClientBase as Client } from 'pg';
import { MigrationError, oneLine, sqlState } from './errors';

function preview(statement: string): string {
	const flat = oneLine(statement);
	return flat.length > 60 ? `${flat.slice(0, 60)}…` : flat;
}

export async function inTransaction(client: Client, work: () => Promise<void>): Promise<void> {
	await client.query('BEGIN');
	try {
		await work();
		await client.query('COMMIT');
	} catch (err) {
		await client.query('ROLLBACK').catch(() => undefined);
		throw err;
	}
}

/**
 * Executes `statements` in order inside the caller's transaction. A server error becomes
 * a MigrationError; anything else (a lost connection) is left for the connection handling.
 */
export async function runStatements(client: Client, script: string, statements: string[]): Promise<void> {
	for (const [i, statement] of statements.entries()) {
		try {
			await client.query(statement);
		} catch (err) {
			const state = sqlState(err);
			if (!state) throw err;
			throw new MigrationError(
				`${script} failed at statement ${i + 1} of ${statements.length} (${preview(statement)}): ${oneLine((err as Error).message)} (SQLSTATE ${state}); its changes were rolled back`,
			);
		}
	}
}
