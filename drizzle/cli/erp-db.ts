#!/usr/bin/env node
// erp-db: migrations and service roles for the `erp` database. This file only parses the
// command line and prints; the work is done (and tested) in the modules beside it.
import { parseArgs, type ParseArgsConfig } from 'node:util';
import { configureTable, describeTable, setColumnOverride, setOptionMeaning, setSetting, showConfig } from './config';
import { applyCommand, planCommand } from './docCommands';
import { CliError, ExitCode, UsageError, explainDbError, oneLine } from './errors';
import { bundledMigrationsDir } from './journal';
import { migrate, status, type CommandOptions, type ProgressEvent } from './migrator';
import { SERVICES, createServiceRole } from './roles';
import { rollback, type RollbackScope } from './rollback';
import { parseDatabaseUrl, type DbTarget } from './target';

const USAGE = `Usage: erp-db <command> [options]

Commands:
  migrate                              create the database if missing, then apply pending migrations
  status                               list the migrations as applied or pending
  rollback [--to <tag> | --all]        run down scripts: of the last migration, of those after <tag>,
                                       or of all of them (--all also drops the erp_meta tracking schema)
  create-role <service> [--password-stdin] [--name <role>]   (password: stdin, or $ERP_ROLE_PASSWORD)
                                       a login role for a service, in its group role
                                       (services: ${Object.keys(SERVICES).join(', ')})
  plan                                 your Coda doc against the erp tables: which Coda table and column
                                       feeds which erp table and column, what apply would add
  apply                                add the plan's new columns (a migration drizzle-kit generates,
                                       with a down script), select options and table matches
  config show                          the sync configuration the workflows read
  config set <key> <value>             a setting: coda_doc_id, planner_api_url, memory_gateway_url,
                                       doc_changes (manual | auto: the sync applies doc changes itself),
                                       crashed_after_minutes (a run still running after this long is
                                       marked crashed; 1 to 10080, default 60)
  config table <erp_table> [--delivery realtime|batch|off] [--cadence 5|15|60]
                [--coda-table <id or name>] [--enable | --disable]
                                       how one table is synced
  config option <erp_table> <column> <option> --meaning <meaning|none>
                                       what a select option of your doc means
  config column <erp_table> <coda column id or name> --erp-column <column> | --none | --remove
                                       which erp column a Coda column feeds (an override)

Options:
  --url <url>         postgres://user:password@host:5432/erp (default: $DATABASE_URL)
  --migrations <dir>  migrations folder (default: the one shipped with erp-db)
  --doc-dir <dir>     the doc folder: a readable copy of the columns apply added (schema.ts, columns.json,
                      migrations/ with down scripts), read and rewritten by migrate, apply and rollback
                      (default: $ERP_DOC_DIR; without either the database keeps the only copy)
  -h, --help          show this help

Coda (plan, apply): CODA_API_TOKEN, CODA_DOC_ID (default: the configured coda_doc_id),
CODA_BASE_URL (default https://coda.io/apis/v1).

Exit codes: 0 done, 1 unexpected error, 2 usage, 3 connection, login, missing database or privilege
(of PostgreSQL or of Coda), 4 migration failed or the database disagrees with the migrations (or doc) folder.`;

type Options = NonNullable<ParseArgsConfig['options']>;
type Values = Record<string, string | boolean | undefined>;

interface Command {
	usage: string;
	options: Options;
	/** How many arguments the command takes; undefined when it checks them itself. */
	positionals: number | undefined;
	run(values: Values, positionals: string[], out: (line: string) => void): Promise<number>;
}

const commonOptions: Options = {
	url: { type: 'string' },
	migrations: { type: 'string' },
	'doc-dir': { type: 'string' },
	help: { type: 'boolean', short: 'h' },
};

function docDirFrom(values: Values): string | undefined {
	const dir = (values['doc-dir'] as string | undefined) ?? process.env.ERP_DOC_DIR;
	return dir?.trim() ? dir.trim() : undefined;
}

function targetFrom(values: Values): DbTarget {
	const url = (values.url as string | undefined) ?? process.env.DATABASE_URL;
	if (!url) throw new UsageError('no database URL: pass --url postgres://user:password@host:5432/erp or set DATABASE_URL');
	return parseDatabaseUrl(url);
}

const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;

function describeProgress(event: ProgressEvent): string {
	switch (event.kind) {
		case 'created':
			return `created database "${event.database}"`;
		case 'waiting':
			return `waiting for another erp-db run on database "${event.database}" to finish…`;
		case 'applied':
			return `applied ${event.tag} (${plural(event.statements, 'statement')})`;
		case 'rolledBack':
			return `rolled back ${event.tag} (${plural(event.statements, 'statement')})`;
	}
}

function commandOptions(values: Values, out: (line: string) => void): CommandOptions {
	return {
		target: targetFrom(values),
		migrationsDir: (values.migrations as string | undefined) ?? bundledMigrationsDir,
		docDir: docDirFrom(values),
		onProgress: (event) => out(describeProgress(event)),
	};
}

/**
 * The new login's password: piped on standard input (--password-stdin) or ERP_ROLE_PASSWORD, so it
 * shows neither in `ps` nor in shell history. --password still works, with a warning saying so.
 */
async function rolePassword(values: Record<string, unknown>): Promise<string> {
	if (values['password-stdin']) {
		if (process.stdin.isTTY) throw new UsageError('--password-stdin reads the password from a pipe: printf %s "$PW" | erp-db create-role …');
		const chunks: Buffer[] = [];
		for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
		return Buffer.concat(chunks).toString('utf8').replace(/\r?\n$/, '');
	}
	const fromEnv = process.env.ERP_ROLE_PASSWORD;
	if (fromEnv !== undefined && fromEnv !== '') return fromEnv;
	if (typeof values.password === 'string') {
		process.stderr.write('erp-db: warning: --password is visible in `ps` and shell history; prefer ERP_ROLE_PASSWORD or --password-stdin\n');
		return values.password;
	}
	throw new UsageError('no password: pipe it with --password-stdin, or set ERP_ROLE_PASSWORD');
}

const commands: Record<string, Command> = {
	migrate: {
		usage: 'erp-db migrate [--url <url>]',
		options: {},
		positionals: 0,
		async run(values, _positionals, out) {
			const result = await migrate(commandOptions(values, out));
			out(
				result.applied.length === 0
					? `database "${result.database}" is up to date (${plural(result.total, 'migration')} applied)`
					: `applied ${plural(result.applied.length, 'migration')}; database "${result.database}" is up to date (${result.total} of ${result.total})`,
			);
			return 0;
		},
	},
	status: {
		usage: 'erp-db status [--url <url>]',
		options: {},
		positionals: 0,
		async run(values, _positionals, out) {
			const options = commandOptions(values, out);
			const result = await status(options);
			out(`database "${result.database}" at ${options.target.hostPort}`);
			const width = Math.max(0, ...result.entries.map((e) => e.tag.length));
			for (const entry of result.entries) {
				const when = entry.appliedAt ? `  ${entry.appliedAt.toISOString()}` : '';
				out(`  ${entry.state.padEnd(8)} ${entry.tag.padEnd(width)}${when}`.trimEnd());
			}
			const applied = result.entries.filter((e) => e.state !== 'pending').length;
			out(`${plural(result.entries.length, 'migration')}: ${applied} applied, ${result.entries.length - applied} pending`);
			if (!result.databaseExists) {
				throw new CliError(
					`database "${result.database}" does not exist at ${options.target.hostPort} (all migrations pending; \`erp-db migrate\` creates it)`,
					ExitCode.connection,
				);
			}
			if (result.problems.length > 0) throw new CliError(result.problems.join('; '), ExitCode.migration);
			return 0;
		},
	},
	rollback: {
		usage: 'erp-db rollback [--to <tag> | --all] [--url <url>]',
		options: { to: { type: 'string' }, all: { type: 'boolean' } },
		positionals: 0,
		async run(values, _positionals, out) {
			if (values.to !== undefined && values.all) throw new UsageError('--to and --all exclude each other');
			const scope: RollbackScope = values.all ? { kind: 'all' } : values.to !== undefined ? { kind: 'to', tag: values.to as string } : { kind: 'last' };
			const result = await rollback(commandOptions(values, out), scope);
			if (result.droppedTracking) out('dropped schema erp_meta');
			out(
				result.rolledBack.length === 0
					? `nothing to roll back in database "${result.database}" (${plural(result.stillApplied, 'migration')} applied)`
					: `rolled back ${plural(result.rolledBack.length, 'migration')}; ${result.stillApplied} still applied`,
			);
			return 0;
		},
	},
	'create-role': {
		usage: `erp-db create-role <${Object.keys(SERVICES).join('|')}> [--password-stdin] [--name <role>] [--url <url>]  (or ERP_ROLE_PASSWORD)`,
		options: { password: { type: 'string' }, 'password-stdin': { type: 'boolean' }, name: { type: 'string' } },
		positionals: 1,
		async run(values, positionals, out) {
			const password = await rolePassword(values);
			const target = targetFrom(values);
			const result = await createServiceRole({
				target,
				service: positionals[0],
				password,
				name: values.name as string | undefined,
			});
			out(`${result.created ? 'created' : 'updated'} login role "${result.role}" (member of ${result.group}, may connect to "${result.database}")`);
			return 0;
		},
	},
	plan: {
		usage: 'erp-db plan [--url <url>] [--doc-dir <dir>]  (Coda: CODA_API_TOKEN, CODA_DOC_ID, CODA_BASE_URL)',
		options: {},
		positionals: 0,
		async run(values, _positionals, out) {
			for (const line of await planCommand(targetFrom(values), process.env, docDirFrom(values))) out(line);
			return 0;
		},
	},
	apply: {
		usage: 'erp-db apply [--url <url>] [--doc-dir <dir>]  (Coda: CODA_API_TOKEN, CODA_DOC_ID, CODA_BASE_URL)',
		options: {},
		positionals: 0,
		async run(values, _positionals, out) {
			// What apply applied is described after the plan; only waiting for the lock is told as it happens.
			await applyCommand(targetFrom(values), process.env, { docDir: docDirFrom(values), migrationsDir: values.migrations as string | undefined }, out, (event) => {
				if (event.kind === 'waiting') out(describeProgress(event));
			});
			return 0;
		},
	},
	config: {
		usage:
			'erp-db config show | set <key> <value> | table <erp_table> [--delivery <mode>] [--cadence <minutes>] [--coda-table <id or name>] [--enable | --disable] | option <erp_table> <column> <option> --meaning <meaning|none> | column <erp_table> <coda column> --erp-column <column> | --none | --remove [--url <url>]',
		options: {
			delivery: { type: 'string' },
			cadence: { type: 'string' },
			'coda-table': { type: 'string' },
			enable: { type: 'boolean' },
			disable: { type: 'boolean' },
			meaning: { type: 'string' },
			'erp-column': { type: 'string' },
			none: { type: 'boolean' },
			remove: { type: 'boolean' },
		},
		positionals: undefined,
		async run(values, positionals, out) {
			const [action, ...args] = positionals;
			const expect = (n: number) => {
				if (args.length !== n) throw new UsageError(`config ${action} takes ${n} argument(s), got ${args.length}`);
			};
			if (action === 'show') {
				expect(0);
				const config = await showConfig(targetFrom(values));
				for (const s of config.settings) out(`${s.key} = ${s.value === '' ? '(not set)' : s.value}`);
				const width = Math.max(...config.tables.map((t) => t.erp_table.length));
				for (const t of config.tables) out(describeTable(t, width));
				return 0;
			}
			if (action === 'set') {
				expect(2);
				const setting = await setSetting(targetFrom(values), args[0], args[1]);
				out(`${setting.key} = ${setting.value === '' ? '(not set)' : setting.value}`);
				return 0;
			}
			if (action === 'table') {
				expect(1);
				if (values.enable && values.disable) throw new UsageError('--enable and --disable exclude each other');
				const enabled = values.enable ? true : values.disable ? false : undefined;
				const change = { delivery: values.delivery as string | undefined, cadence: values.cadence as string | undefined, codaTable: values['coda-table'] as string | undefined, enabled };
				out(describeTable(await configureTable(targetFrom(values), args[0], change)));
				return 0;
			}
			if (action === 'option') {
				expect(3);
				if (values.meaning === undefined) throw new UsageError('config option needs --meaning <meaning> (or --meaning none)');
				const r = await setOptionMeaning(targetFrom(values), args[0], args[1], args[2], values.meaning as string);
				out(`${r.erpTable}.${r.column} option ${JSON.stringify(r.value)} means ${r.meaning ?? '(nothing)'}${r.created ? ` (added to erp.${r.optionTable})` : ''}`);
				return 0;
			}
			if (action === 'column') {
				expect(2);
				const r = await setColumnOverride(targetFrom(values), args[0], args[1], {
					erpColumn: values['erp-column'] as string | undefined,
					none: values.none as boolean | undefined,
					remove: values.remove as boolean | undefined,
				});
				const what = r.removed ? 'override removed (automatic mapping again)' : r.erpColumn === null ? 'feeds no typed column (kept in coda_row)' : `feeds ${r.erpColumn}`;
				out(`${r.erpTable}: Coda column ${JSON.stringify(r.codaColumn)} ${what}`);
				return 0;
			}
			throw new UsageError(action === undefined ? 'config needs show, set, table, option or column' : `unknown config action "${action}" (show, set, table); for the doc's choices: option, column`);
		},
	},
};

/** Usage mistakes name the command and show its usage line. */
function usageFailure(command: Command, message: string): CliError {
	return new UsageError(`${message} (usage: ${command.usage})`);
}

async function runCommand(name: string, argv: string[], out: (line: string) => void): Promise<number> {
	const command = commands[name];
	let values: Values;
	let positionals: string[];
	try {
		const parsed = parseArgs({ args: argv, options: { ...commonOptions, ...command.options }, allowPositionals: true, strict: true });
		// No option is declared `multiple`, so no value is an array.
		values = parsed.values as Values;
		positionals = parsed.positionals;
	} catch (err) {
		// node's texts read "Unknown option '--x'. To specify a positional argument…"; keep the first sentence.
		throw usageFailure(command, oneLine((err as Error).message).replace(/\.( .*)?$/, ''));
	}
	if (values.help) {
		out(`Usage: ${command.usage}`);
		return 0;
	}
	if (command.positionals !== undefined && positionals.length !== command.positionals) {
		throw usageFailure(command, command.positionals === 0 ? `unexpected argument "${positionals[0]}"` : `expected ${command.positionals} argument(s), got ${positionals.length}`);
	}
	try {
		return await command.run(values, positionals, out);
	} catch (err) {
		if (err instanceof UsageError) throw usageFailure(command, err.message);
		if (err instanceof CliError) throw err;
		// A connection lost mid-command surfaces here as a raw pg or socket error.
		throw explainDbError(err, targetFrom(values));
	}
}

async function main(argv: string[]): Promise<number> {
	const out = (line: string) => process.stdout.write(`${line}\n`);
	const [name, ...rest] = argv;
	if (name === '--help' || name === '-h' || name === 'help') {
		out(USAGE);
		return 0;
	}
	const known = `commands: ${Object.keys(commands).join(', ')} (erp-db --help for more)`;
	if (name === undefined) throw new UsageError(`no command given; ${known}`);
	if (!Object.hasOwn(commands, name)) throw new UsageError(`unknown command "${name}"; ${known}`);
	return runCommand(name, rest, out);
}

main(process.argv.slice(2)).then(
	(code) => {
		process.exitCode = code;
	},
	(err: unknown) => {
		const failure = err instanceof CliError ? err : new CliError(`unexpected error: ${oneLine(err instanceof Error ? err.message : String(err))}`, ExitCode.failure);
		process.stderr.write(`erp-db: ${failure.message}\n`);
		process.exitCode = failure.exitCode;
	},
);
