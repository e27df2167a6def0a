// The database erp-db works on, parsed and checked up front so that a malformed URL is
// reported as such (pg's own parser accepts almost anything and fails later, obscurely).
import { UsageError } from './errors';

export interface DbTarget {
	/** The URL as given; holds the password, so it is never printed. */
	url: string;
	host: string;
	port: number;
	/** `host:port` (or the socket directory) for messages. */
	hostPort: string;
	database: string;
	user: string;
	connectTimeoutMs: number;
}

const DEFAULT_CONNECT_TIMEOUT_S = 10;
const URL_SHAPE = 'postgres://user:password@host:5432/database';

export function parseDatabaseUrl(raw: string): DbTarget {
	let url: URL;
	try {
		url = new URL(raw);
	} catch {
		throw new UsageError(`invalid database URL: expected ${URL_SHAPE}`);
	}
	if (url.protocol !== 'postgres:' && url.protocol !== 'postgresql:') {
		throw new UsageError(`invalid database URL: scheme must be postgres:// or postgresql://, not ${url.protocol}//`);
	}
	// libpq style: postgres:///erp?host=/var/run/postgresql for a Unix socket.
	const host = url.hostname || url.searchParams.get('host') || 'localhost';
	const portText = url.port || url.searchParams.get('port') || '5432';
	const port = Number(portText);
	if (!Number.isInteger(port) || port < 1 || port > 65535) {
		throw new UsageError(`invalid database URL: port "${portText}" is not a number from 1 to 65535`);
	}
	const database = decodeURIComponent(url.pathname.replace(/^\//, ''));
	if (!database) throw new UsageError(`invalid database URL: it names no database (expected ${URL_SHAPE})`);
	if (database.includes('/')) throw new UsageError(`invalid database URL: database name "${database}" contains "/"`);
	const user = decodeURIComponent(url.username) || url.searchParams.get('user') || process.env.PGUSER || process.env.USER || 'postgres';
	const timeoutText = url.searchParams.get('connect_timeout');
	const timeoutS = timeoutText === null ? DEFAULT_CONNECT_TIMEOUT_S : Number(timeoutText);
	if (!Number.isFinite(timeoutS) || timeoutS <= 0) {
		throw new UsageError(`invalid database URL: connect_timeout "${timeoutText}" must be a positive number of seconds`);
	}
	return {
		url: url.toString(),
		host,
		port,
		hostPort: host.startsWith('/') ? `${host} (port ${port})` : `${host}:${port}`,
		database,
		user,
		connectTimeoutMs: timeoutS * 1000,
	};
}

/** The same server and credentials, another database (to create the target database from). */
export function onDatabase(target: DbTarget, database: string): DbTarget {
	const url = new URL(target.url);
	url.pathname = `/${encodeURIComponent(database)}`;
	return { ...target, url: url.toString(), database };
}
