// JSON for jsonb parameters. jsonb cannot hold U+0000 (often the very reason a value was
// refused), so an escaped NUL becomes the text `\u0000`: the value is kept, readably.

/** An escaped U+0000 in JSON text: `\u0000` after an even run of backslashes. */
const ESCAPED_NUL = /(?<!\\)((?:\\\\)*)\\u0000/g;

export function toJsonb(value: unknown): string {
	const json = JSON.stringify(value ?? null);
	return json.includes('\\u0000') ? json.replace(ESCAPED_NUL, '$1\\\\u0000') : json;
}
