// Redis for n8n's queue mode. It is part of the test environment: a queue-mode test fails when it
// cannot reach Redis, unless ERP_TEST_WITHOUT_REDIS=1 says to skip queue mode on purpose.
import { connect } from 'node:net';

/** Set to 1 to skip the queue-mode tests (test/e2e/queue, the queue part of test/n8n/runtime). */
export const WITHOUT_REDIS_ENV = 'ERP_TEST_WITHOUT_REDIS';

/** REDIS_URL (default redis://127.0.0.1:6379) as host and port. */
export function redisTarget(): { host: string; port: string } {
	const url = new URL(process.env.REDIS_URL || 'redis://127.0.0.1:6379');
	return { host: url.hostname, port: url.port || '6379' };
}

/** The reason queue mode is not tested here (the opt-out is set), else undefined. */
export function queueModeOptOut(): string | undefined {
	const value = process.env[WITHOUT_REDIS_ENV];
	return value && value !== '0' ? `queue mode not tested: ${WITHOUT_REDIS_ENV}=${value}` : undefined;
}

/** Why Redis cannot be used, or undefined when it answers PING. */
export function redisUnavailable(timeoutMs = 3000): Promise<string | undefined> {
	const { host, port } = redisTarget();
	const where = `${host}:${port}`;
	return new Promise((resolve) => {
		const socket = connect({ host, port: Number(port) });
		const done = (reason: string | undefined) => {
			socket.destroy();
			resolve(reason);
		};
		socket.setTimeout(timeoutMs, () => done(`Redis at ${where} did not answer within ${timeoutMs / 1000} s`));
		socket.on('error', (err) => done(`Redis at ${where} is not reachable (${err.message})`));
		socket.on('connect', () => socket.write('PING\r\n'));
		socket.on('data', (d) => {
			const answer = d.toString().trim();
			done(answer === '+PONG' ? undefined : `Redis at ${where} answered PING with ${answer}`);
		});
	});
}

/** Throws, saying what to do, unless Redis answers PING. */
export async function requireRedis(): Promise<void> {
	const reason = await redisUnavailable();
	if (reason) {
		throw new Error(
			`${reason}. Queue-mode tests need Redis: start it, point REDIS_URL at it, or set ${WITHOUT_REDIS_ENV}=1 to skip queue mode.`,
		);
	}
}
