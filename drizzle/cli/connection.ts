// One dedicated pg connection per command (the advisory lock is held by a session, so
// erp-db never uses a pool), and creating the target database when it is missing.
import { Client, escapeIdentifier } from 'pg';
import { explainDbError, sqlState } from './errors';
import { onDatabase, type DbTarget } from './target';

const DATABASE_MISSING = '3D000';
const DATABASE_EXISTS = '42P04';
const UNIQUE_VIOLATION = '23505';

/** Connects, leaving pg's error untouched so callers can react to its SQLSTATE. */
async function connectRaw(target: DbTarget): Promise<Client> {
	const client = new Client({
		connectionString: target.url,
		connectionTimeoutMillis: target.connectTimeoutMs,
		application_name: 'erp-db',
	});
	// A server that goes away between queries emits 'error' on the client; the query in
	// flight rejects with it anyway, so the event itself must not crash the process.
	client.on('error', () => undefined);
	await client.connect();
	return client;
}

export async function openClient(target: DbTarget): Promise<Client> {
	try {
		return await connectRaw(target);
	} catch (err) {
		throw explainDbError(err, target);
	}
}

/** Opens the target database, or undefined when it does not exist (for `status`). */
export async function openIfExists(target: DbTarget): Promise<Client | undefined> {
	try {
		return await connectRaw(target);
	} catch (err) {
		if (sqlState(err) === DATABASE_MISSING) return undefined;
		throw explainDbError(err, target);
	}
}

export async function closeQuietly(client: Client): Promise<void> {
	await client.end().catch(() => undefined);
}

/** The maintenance database to issue CREATE DATABASE from: `postgres`, else `template1`. */
async function openMaintenance(target: DbTarget): Promise<Client> {
	const postgres = onDatabase(target, 'postgres');
	try {
		return await connectRaw(postgres);
	} catch (err) {
		if (sqlState(err) !== DATABASE_MISSING) throw explainDbError(err, postgres);
	}
	return openClient(onDatabase(target, 'template1'));
}

/**
 * Opens the target database, creating it first when it is missing. Several erp-db
 * processes may race to create it; the losers see 42P04 (or, when both inserted into
 * pg_database at once, 23505) and simply connect.
 */
export async function openCreatingDatabase(target: DbTarget): Promise<{ client: Client; created: boolean }> {
	const existing = await openIfExists(target);
	if (existing) return { client: existing, created: false };

	let created = false;
	const admin = await openMaintenance(target);
	try {
		await admin.query(`CREATE DATABASE ${escapeIdentifier(target.database)}`);
		created = true;
	} catch (err) {
		const state = sqlState(err);
		if (state !== DATABASE_EXISTS && state !== UNIQUE_VIOLATION) {
			throw explainDbError(err, target, `create database "${target.database}"`);
		}
	} finally {
		await closeQuietly(admin);
	}
	return { client: await openClient(target), created };
}
