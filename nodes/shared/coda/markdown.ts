// Coda's rich text is Markdown, and plain text arrives wrapped in triple backticks. These turn
// both into the plain text a PostgreSQL column should hold.

/** "```text```" (Coda's plain-text wrapping, also multi-line fences) → "text"; anything else unchanged. */
export function unwrapBackticks(text: string): string {
	const match = /^```(?:[^\S\n]*\n)?([\s\S]*?)\n?```$/.exec(text);
	return match ? match[1] : text;
}

/** Markdown → plain text: emphasis, code, links, images, headings, quotes and escapes removed. */
export function markdownToPlainText(markdown: string): string {
	const unwrapped = unwrapBackticks(markdown);
	if (unwrapped !== markdown) return unwrapped;
	const kept: string[] = [];
	const keep = (literal: string) => {
		kept.push(literal);
		return `\u0000${kept.length - 1}\u0000`;
	};
	// Fenced code and backslash escapes are literal text: protect them from the inline rules below.
	const text = markdown
		.replace(/```[^\n]*\n([\s\S]*?)\n?```/g, (_m, code: string) => keep(code))
		.replace(/\\([\\`*_{}[\]()#+\-.!~|>])/g, (_m, char: string) => keep(char));
	const plain = text
		.replace(/!\[([^\]]*)\]\([^)]*\)/g, '$1')
		.replace(/\[([^\]]*)\]\(([^)]*)\)/g, (_m, label: string, url: string) => label || url)
		.replace(/`([^`\n]+)`/g, '$1')
		.replace(/(\*\*|__)(?=\S)([\s\S]*?\S)\1/g, '$2')
		.replace(/~~(?=\S)([\s\S]*?\S)~~/g, '$1')
		.replace(/(^|[^\w*])\*(?=\S)([^*\n]*?\S)\*(?![\w*])/g, '$1$2')
		.replace(/(^|[^\w])_(?=\S)([^_\n]*?\S)_(?!\w)/g, '$1$2')
		.replace(/^ {0,3}#{1,6}[ \t]+(.*?)[ \t]*#*[ \t]*$/gm, '$1')
		.replace(/^ {0,3}>[ \t]?/gm, '');
	// The control character is meant: U+0000 delimits the placeholders keep() inserted above.
	// eslint-disable-next-line no-control-regex
	return plain.replace(/\u0000(\d+)\u0000/g, (_m, index: string) => kept[Number(index)]);
}
