// One hundred webhook calls the real-time workflow must reject with a 4xx: wrong or missing
// secret, bodies that are not JSON, not objects, missing or mistyped fields, unknown or
// non-real-time tables, unexpected fields, and oversized bodies.
export interface MalformedCall {
	what: string;
	body: string;
	/** The secret header's value; null leaves the header out. */
	secret: string | null;
	contentType?: string;
	/** The workflow itself answers (not n8n's auth or body parser): a JSON `error` reason is expected. */
	reasonExpected: boolean;
}

const ROW = 'i-AbCdEf123';

export function malformedWebhookCalls(secret: string, batchTableName: string): MalformedCall[] {
	const calls: MalformedCall[] = [];
	const valid = JSON.stringify({ table: 'Tasks', rowId: ROW });
	const add = (what: string, body: unknown, extra: Partial<MalformedCall> = {}) =>
		calls.push({ what, body: typeof body === 'string' ? body : JSON.stringify(body), secret, reasonExpected: true, ...extra });

	// Authentication: the shared secret header (n8n's Header Auth answers these).
	for (const [what, s] of [
		['no secret header', null],
		['empty secret', ''],
		['wrong secret', 'not-the-secret'],
		['secret with a suffix', `${secret}x`],
		['secret truncated', secret.slice(0, -1)],
		['secret upper-cased', secret.toUpperCase()],
		['secret with a space inside', `${secret.slice(0, 4)} ${secret.slice(4)}`],
		['secret of another instance', 'e2e-secret-other'],
		['secret as a Bearer token', `Bearer ${secret}`],
		['secret reversed', [...secret].reverse().join('')],
	] as const) {
		calls.push({ what, body: valid, secret: s, reasonExpected: false });
	}

	// Not JSON, sent as JSON.
	for (const text of ['{', '{"table": "Tasks", "rowId": }', 'table=Tasks&rowId=i-1', '{"table": "Tasks" "rowId": "i-1"}', "{'table': 'Tasks'}", '{"table": "Tasks", "rowId": "i-1",}', 'undefined', '{"table": NaN}', '{{}}', ']']) {
		add(`bad JSON ${text}`, text, { reasonExpected: false });
	}

	// JSON, but not an object.
	for (const body of ['[]', '[{"table": "Tasks", "rowId": "i-1"}]', '"Tasks"', '42', 'true', 'null', '[null]', '0', '"i-AbCdEf123"', '[1, 2, 3]']) {
		// n8n's body parser may refuse some of these before the workflow sees them: any 4xx will do.
		add(`not an object: ${body}`, body, { reasonExpected: false });
	}

	// Missing fields.
	for (const body of [{}, { table: 'Tasks' }, { rowId: ROW }, { event: 'row.changed' }, { table: 'Tasks', event: 'row.changed' }, { rowId: ROW, event: 'row.changed' }, { table: '', rowId: ROW }, { table: '   ', rowId: ROW }, { table: 'Tasks', rowId: '' }, { table: 'Tasks', rowId: '   ' }]) {
		add(`missing field ${JSON.stringify(body)}`, body);
	}

	// Wrong types.
	for (const [table, rowId] of [
		[1, ROW],
		[true, ROW],
		[null, ROW],
		[['Tasks'], ROW],
		[{ name: 'Tasks' }, ROW],
		['Tasks', 123],
		['Tasks', null],
		['Tasks', [ROW]],
		['Tasks', { id: ROW }],
		['Tasks', false],
	] as const) {
		add(`wrong type table=${JSON.stringify(table)} rowId=${JSON.stringify(rowId)}`, { table, rowId });
	}
	for (const event of [5, true, ['row.changed'], { kind: 'changed' }, null]) add(`wrong type event=${JSON.stringify(event)}`, { table: 'Tasks', rowId: ROW, event });

	// Row ids that are not Coda row ids.
	for (const rowId of ['AbCdEf123', 'r-AbCdEf123', 'i-', 'i-has space', 'i-semi;colon', 'i-quote"', `i-${'x'.repeat(101)}`, "i-1' OR '1'='1", 'I-AbCdEf123', 'i-AbC/def']) {
		add(`bad row id ${rowId.slice(0, 20)}`, { table: 'Tasks', rowId });
	}

	// Unknown tables, and a table that is synced in batches, not in real time.
	for (const table of ['Nope', 'grid-doesNotExist', 'Tasks2', 'erp.tasks', 'Task', 'tasks; DROP TABLE erp.tasks', 'sync_config', 'Ideas Inbox Archive', '*', '../tasks']) {
		add(`unknown table ${table}`, { table, rowId: ROW });
	}
	for (const table of [batchTableName, batchTableName.toUpperCase(), 'Organizations', 'Invoices', 'Ideas Inbox']) {
		add(`batch table ${table}`, { table, rowId: ROW });
	}

	// Unexpected fields.
	for (const extra of [{ rowIds: [ROW] }, { doc: 'abc' }, { values: { Name: 'x' } }, { table2: 'Tasks' }, { admin: true }]) {
		add(`unexpected field ${Object.keys(extra)[0]}`, { table: 'Tasks', rowId: ROW, ...extra });
	}

	// Oversized.
	for (const [what, body] of [
		['10 KB table name', { table: 'T'.repeat(10_000), rowId: ROW }],
		['10 KB event', { table: 'Tasks', rowId: ROW, event: 'e'.repeat(10_000) }],
		['10 KB padding field', { table: 'Tasks', rowId: ROW, padding: 'p'.repeat(10_000) }],
		['table name of 201 characters', { table: 'T'.repeat(201), rowId: ROW }],
		['event of 101 characters', { table: 'Tasks', rowId: ROW, event: 'e'.repeat(101) }],
		['50 KB row id', { table: 'Tasks', rowId: `i-${'a'.repeat(50_000)}` }],
	] as const) {
		add(`oversized: ${what}`, body);
	}
	// Other content types.
	for (const [contentType, body] of [
		['text/plain', 'hello'],
		['text/plain', '{}'],
		['text/plain', '{"table": "Nope", "rowId": "i-AbCdEf123"}'],
		['text/plain', '{"table": "Tasks"}'],
		['application/x-www-form-urlencoded', 'table=Nope&rowId=i-AbCdEf123'],
		['application/x-www-form-urlencoded', 'rowId=i-AbCdEf123'],
		['application/x-www-form-urlencoded', 'table=Tasks&rowId=not-a-row'],
		['application/x-www-form-urlencoded', 'table=Tasks&rowId=i-AbCdEf123&admin=1'],
		['application/xml', '<row table="Tasks" rowId="i-AbCdEf123"/>'],
	] as const) {
		add(`${contentType} ${body.slice(0, 30)}`, body, { contentType, reasonExpected: false });
	}
	return calls;
}
