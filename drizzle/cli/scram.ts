// A SCRAM-SHA-256 verifier computed here, so CREATE/ALTER ROLE never carries the clear
// password (it would otherwise show in pg_stat_activity and statement logs), as psql's
// \password does. PostgreSQL stores the verifier as is and authenticates against it.
import { createHash, createHmac, pbkdf2Sync, randomBytes } from 'node:crypto';

const ITERATIONS = 4096;

/**
 * RFC 4013 SASLprep as PostgreSQL applies it: ASCII passwords are used unchanged;
 * otherwise non-ASCII spaces become spaces, "mapped to nothing" characters go, then NFKC.
 */
function saslPrep(password: string): string {
	if (/^[\x00-\x7f]*$/.test(password)) return password;
	return password
		.replace(/[\u00a0\u1680\u2000-\u200a\u202f\u205f\u3000]/g, ' ')
		.replace(/[\u00ad\u034f\u1806\u180b-\u180d\u200b-\u200d\u2060\ufe00-\ufe0f\ufeff]/g, '')
		.normalize('NFKC');
}

export function scramSha256Verifier(password: string, salt: Buffer = randomBytes(16)): string {
	const salted = pbkdf2Sync(saslPrep(password), salt, ITERATIONS, 32, 'sha256');
	const clientKey = createHmac('sha256', salted).update('Client Key').digest();
	const storedKey = createHash('sha256').update(clientKey).digest();
	const serverKey = createHmac('sha256', salted).update('Server Key').digest();
	return `SCRAM-SHA-256$${ITERATIONS}:${salt.toString('base64')}$${storedKey.toString('base64')}:${serverKey.toString('base64')}`;
}
