// The continuation of a sliced read: everything the next run needs to resume where this one
// stopped (Coda's page token is only valid together with the original query parameters).
import { z } from 'zod';
import { CodaInputError } from './errors';

const continuationSchema = z.object({
	v: z.literal(1),
	docId: z.string(),
	tableId: z.string(),
	mode: z.enum(['allRows', 'incremental']),
	pageToken: z.string().min(1),
	syncToken: z.string().nullable(),
	limit: z.number().int().positive(),
	fullFetchFallback: z.string().nullable(),
});

export type Continuation = Omit<z.infer<typeof continuationSchema>, 'v'>;

export function encodeContinuation(continuation: Continuation): string {
	return Buffer.from(JSON.stringify({ v: 1, ...continuation })).toString('base64url');
}

/** Decodes a continuation and checks it belongs to this doc, table and mode. */
export function decodeContinuation(
	text: string,
	expected: { docId: string; tableId: string; tableName: string; mode: string },
): Continuation {
	let decoded: unknown;
	try {
		decoded = JSON.parse(Buffer.from(text.trim(), 'base64url').toString('utf8'));
	} catch {
		decoded = undefined;
	}
	const parsed = continuationSchema.safeParse(decoded);
	if (!parsed.success) {
		throw new CodaInputError(
			`The continuation "${text.slice(0, 40)}${text.length > 40 ? '…' : ''}" is not one this node produced: pass the "continuation" field of a previous summary item unchanged`,
		);
	}
	const { v: _version, ...continuation } = parsed.data;
	if (
		continuation.docId !== expected.docId ||
		continuation.tableId !== expected.tableId ||
		continuation.mode !== expected.mode
	) {
		throw new CodaInputError(
			`The continuation belongs to table ${continuation.tableId} of doc ${continuation.docId} in mode ${continuation.mode}, ` +
				`but this run reads table ${expected.tableName} (${expected.tableId}) of doc ${expected.docId} in mode ${expected.mode}`,
		);
	}
	return continuation;
}
