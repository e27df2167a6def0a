// JSON for jsonb parameters. jsonb cannot hold U+0000 (often the very reason a value was
// refused), so an escaped NUL becomes the text `\u0000`: the value is kept, readably.

/** An escaped U+0000 in JSON text: `\u0000` after an even run of backslashes. */
const ESCAPED_NUL = /(?<!\\)((?:\\\\)*)\\u0000/g;

/** A value JSON.stringify cannot write; the message names the value's depth or size, the caller adds where it is. */
export class JsonValueError extends Error {
	constructor(message: string) {
		super(message);
		this.name = 'JsonValueError';
	}
}

/** How many levels of objects and arrays a value nests, walked without recursion (so any depth is measured). */
export function jsonDepth(value: unknown): number {
	let deepest = 0;
	const stack: [unknown, number][] = [[value, 1]];
	for (let next = stack.pop(); next; next = stack.pop()) {
		const [v, depth] = next;
		if (typeof v !== 'object' || v === null) continue;
		if (depth > deepest) deepest = depth;
		for (const child of Object.values(v)) stack.push([child, depth + 1]);
	}
	return deepest;
}

/**
 * JSON text of a value, for a jsonb parameter. JSON.stringify recurses: a value nested some
 * thousands of levels deep overflows the stack (a RangeError, as does a text too long for one
 * string); that becomes a JsonValueError, so the caller can refuse that one value or row.
 */
export function toJsonb(value: unknown): string {
	let json: string;
	try {
		json = JSON.stringify(value ?? null);
	} catch (err) {
		if (!(err instanceof RangeError)) throw err;
		throw new JsonValueError(
			/call stack/i.test(err.message) ? `is nested ${jsonDepth(value)} levels deep, too deep to write as JSON` : `is too large to write as JSON (${err.message})`,
		);
	}
	return json.includes('\\u0000') ? json.replace(ESCAPED_NUL, '$1\\\\u0000') : json;
}
