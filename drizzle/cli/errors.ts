// Every failure erp-db reports is one line and an exit code; this module turns pg and
// network errors into such lines, naming the server and never the password.
import type { DbTarget } from './target';

export const ExitCode = {
	/** Anything not foreseen below. */
	failure: 1,
	/** Bad command line, unknown service, malformed URL. */
	usage: 2,
	/** Cannot reach or log in to the server, missing database, missing privilege. */
	connection: 3,
	/** A migration or down script failed, or the database disagrees with the migrations folder. */
	migration: 4,
} as const;

export class CliError extends Error {
	constructor(
		message: string,
		readonly exitCode: number,
	) {
		super(message);
		this.name = 'CliError';
	}
}

export class UsageError extends CliError {
	constructor(message: string) {
		super(message, ExitCode.usage);
	}
}

export class MigrationError extends CliError {
	constructor(message: string) {
		super(message, ExitCode.migration);
	}
}

/** The SQLSTATE of a server error, or undefined for anything else (network, programming). */
export function sqlState(err: unknown): string | undefined {
	const code = (err as { code?: unknown } | null)?.code;
	return typeof code === 'string' && /^[0-9A-Z]{5}$/.test(code) ? code : undefined;
}

export function oneLine(text: string): string {
	return text.replace(/\s*\n\s*/g, ' ').trim();
}

const networkReasons: Record<string, string> = {
	ECONNREFUSED: 'connection refused',
	ENOTFOUND: 'host not found',
	EAI_AGAIN: 'host name lookup failed',
	ETIMEDOUT: 'timed out',
	EHOSTUNREACH: 'host unreachable',
	ENETUNREACH: 'network unreachable',
	ECONNRESET: 'connection reset by the server',
	EPIPE: 'connection closed by the server',
	ENOENT: 'no socket at that path',
	EACCES: 'socket permission denied',
};

/** Node reports a failed dual-stack connect as an AggregateError; its parts carry the code. */
function networkCode(err: unknown): string | undefined {
	const code = (err as { code?: unknown } | null)?.code;
	if (typeof code === 'string' && code in networkReasons) return code;
	if (err instanceof AggregateError) {
		for (const inner of err.errors) {
			const innerCode = networkCode(inner);
			if (innerCode) return innerCode;
		}
	}
	return undefined;
}

function messageOf(err: unknown): string {
	return oneLine(err instanceof Error ? err.message : String(err));
}

/**
 * One line saying what went wrong and where. `doing` names the step for errors that
 * happen after login (e.g. `create database "erp"`).
 */
export function explainDbError(err: unknown, target: DbTarget, doing?: string): CliError {
	if (err instanceof CliError) return err;
	const where = target.hostPort;
	const user = target.user;
	const code = sqlState(err);
	const message = messageOf(err);
	const step = doing ? `cannot ${doing} at ${where}` : `failed at ${where}`;

	const net = networkCode(err);
	if (net) return new CliError(`cannot reach PostgreSQL at ${where} (${networkReasons[net]})`, ExitCode.connection);
	if (/timeout/i.test(message) && !code) {
		return new CliError(
			`cannot reach PostgreSQL at ${where} (no answer within ${target.connectTimeoutMs / 1000}s)`,
			ExitCode.connection,
		);
	}
	if (/does not support SSL/i.test(message)) {
		return new CliError(`cannot reach PostgreSQL at ${where} (the server does not accept SSL; drop sslmode from the URL)`, ExitCode.connection);
	}
	if (/Connection terminated/i.test(message) && !code) {
		return new CliError(`lost the connection to PostgreSQL at ${where} (${message})`, ExitCode.connection);
	}

	switch (code) {
		case '28P01':
			return new CliError(`password authentication failed for user "${user}" at ${where}`, ExitCode.connection);
		case '28000':
			return new CliError(`PostgreSQL at ${where} refused user "${user}": ${message}`, ExitCode.connection);
		case '3D000':
			return new CliError(`database "${target.database}" does not exist at ${where}`, ExitCode.connection);
		case '42501':
			return new CliError(`${step}: user "${user}" lacks the privilege (${message})`, ExitCode.connection);
		case '53300':
			return new CliError(`PostgreSQL at ${where} has no free connections (${message})`, ExitCode.connection);
		case '57P03':
			return new CliError(`PostgreSQL at ${where} is not accepting connections yet (${message})`, ExitCode.connection);
		case undefined:
			return new CliError(doing ? `${step}: ${message}` : message, ExitCode.failure);
		default:
			return new CliError(`${step}: ${message} (SQLSTATE ${code})`, ExitCode.failure);
	}
}
