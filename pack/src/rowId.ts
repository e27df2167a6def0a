// The webhook needs Coda's API row id (`i-…`); an automation has the changed row, whose link
// (`ObjectLink()`, the API's `browserLink`) ends with it. Coda's row links end in `/_ru<rowId>`:
// `https://coda.io/d/_d<docId>#_tu<tableId>/_ru<rowId>` (recorded in 2020) and
// `https://coda.io/d/_d<docId>#<Page-Name>_t<tableId>/_ru<rowId>` (Coda's API reference), the row
// id being `[A-Za-z0-9_-]+`. So the id is what follows the last `/_ru`, up to the first character
// an id cannot hold (a `?` or `&` a link might carry). A bare `i-…` id is taken as it is.
// (Splitting on `_r` alone, as the README once did, leaves the `u` of `_ru` in front: `ui-…`.)

const ROW_ID = /^[A-Za-z0-9_-]+$/;
const AFTER_ROW_MARK = /\/_ru([A-Za-z0-9_-]+)/g;

/** The API row id in a Coda row link (or a bare row id); `undefined` when there is none. */
export function apiRowIdFromLink(linkOrId: string): string | undefined {
	const text = linkOrId.trim();
	if (text.startsWith('i-') && ROW_ID.test(text)) return text;
	let found: string | undefined;
	for (const match of text.matchAll(AFTER_ROW_MARK)) found = match[1];
	return found;
}
