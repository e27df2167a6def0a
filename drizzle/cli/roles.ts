// `erp-db create-role`: a login role for one service, put in the group role the
// migrations create for it, allowed to connect to the database. Idempotent.
import { escapeIdentifier, escapeLiteral } from 'pg';
import { closeQuietly, openClient } from './connection';
import { CliError, ExitCode, UsageError, explainDbError } from './errors';
import { scramSha256Verifier } from './scram';
import { inTransaction } from './sqlScript';
import type { DbTarget } from './target';

export interface ServiceAccess {
	/** The group role (created by the migrations) that carries the service's privileges. */
	group: string;
	/** The login role created when no --name is given. */
	login: string;
}

export const SERVICES: Readonly<Record<string, ServiceAccess>> = {
	n8n: { group: 'erp_sync', login: 'erp_n8n' },
	'planner-api': { group: 'erp_reader', login: 'erp_planner_api' },
	// The group already has the plain name, so the login role gets a suffix.
	'memory-gateway': { group: 'erp_memory_gateway', login: 'erp_memory_gateway_login' },
	'coda-mcp': { group: 'erp_reader', login: 'erp_coda_mcp' },
	'open-webui': { group: 'erp_reader', login: 'erp_open_webui' },
};

const GROUPS = new Set(Object.values(SERVICES).map((s) => s.group));
const ROLE_NAME = /^[a-z_][a-z0-9_]{0,62}$/;

export interface CreateRoleOptions {
	target: DbTarget;
	service: string;
	password: string;
	/** Login role name instead of the service's default. */
	name?: string;
}

export interface CreateRoleResult {
	role: string;
	group: string;
	database: string;
	/** False when the role existed and had its password and memberships refreshed. */
	created: boolean;
}

export function serviceAccess(service: string): ServiceAccess {
	if (!Object.hasOwn(SERVICES, service)) {
		throw new UsageError(`unknown service "${service}"; valid services: ${Object.keys(SERVICES).join(', ')}`);
	}
	return SERVICES[service];
}

function checkRoleName(name: string): void {
	if (!ROLE_NAME.test(name) || name.startsWith('pg_')) {
		throw new UsageError(`--name "${name}" is not a usable role name (lowercase letters, digits and "_", at most 63, not starting with a digit or "pg_")`);
	}
	if (GROUPS.has(name)) throw new UsageError(`--name "${name}" is a group role; a service needs a login role of its own`);
}

function checkPassword(password: string): void {
	if (password.length === 0) throw new UsageError('--password must not be empty');
	if (/[\x00-\x1f\x7f-\x9f]/.test(password)) throw new UsageError('--password must not contain control characters');
}

export async function createServiceRole({ target, service, password, name }: CreateRoleOptions): Promise<CreateRoleResult> {
	const { group, login } = serviceAccess(service);
	const role = name ?? login;
	checkRoleName(role);
	checkPassword(password);

	const client = await openClient(target);
	try {
		const { rows: groups } = await client.query('SELECT 1 FROM pg_roles WHERE rolname = $1', [group]);
		if (groups.length === 0) {
			throw new CliError(`group role "${group}" does not exist at ${target.hostPort}; run \`erp-db migrate\` first`, ExitCode.migration);
		}
		const { rows: existing } = await client.query<{ canLogin: boolean }>('SELECT rolcanlogin AS "canLogin" FROM pg_roles WHERE rolname = $1', [role]);
		if (existing.length > 0 && !existing[0].canLogin) {
			throw new UsageError(`role "${role}" exists and cannot log in (a group role?); choose another --name`);
		}
		const created = existing.length === 0;
		const secret = escapeLiteral(scramSha256Verifier(password));
		await inTransaction(client, async () => {
			await client.query(`${created ? 'CREATE' : 'ALTER'} ROLE ${escapeIdentifier(role)} WITH LOGIN PASSWORD ${secret}`);
			await client.query(`GRANT ${escapeIdentifier(group)} TO ${escapeIdentifier(role)}`);
			await client.query(`GRANT CONNECT ON DATABASE ${escapeIdentifier(target.database)} TO ${escapeIdentifier(role)}`);
		}).catch((err: unknown) => {
			throw explainDbError(err, target, `${created ? 'create' : 'update'} role "${role}"`);
		});
		return { role, group, database: target.database, created };
	} finally {
		await closeQuietly(client);
	}
}
