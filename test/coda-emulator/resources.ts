// JSON shapes of Coda's resources (docs, pages, tables, columns, rows), per API v1's reference.
import { slug } from './fakeData';
import { codaDocUrl, renderCell, rowName, type ValueFormat } from './render';
import type { EmuColumn, EmuDoc, EmuRow, EmuTable } from './store';

export interface Links {
	/** e.g. http://127.0.0.1:PORT/apis/v1 */
	base: string;
}

const pageSlug = (table: EmuTable) => table.name.replace(/[^A-Za-z0-9]+/g, '-');

export function docHref(links: Links, doc: EmuDoc): string {
	return `${links.base}/docs/${doc.id}`;
}

export function tableHref(links: Links, table: EmuTable): string {
	return `${docHref(links, table.doc)}/tables/${table.id}`;
}

export function docResource(links: Links, doc: EmuDoc, createdAt: string) {
	const workspace = { id: `ws-${doc.id.slice(0, 10)}`, type: 'workspace', browserLink: `https://coda.io/docs?workspaceId=ws-${doc.id.slice(0, 10)}` };
	const folder = { id: `fl-${doc.id.slice(0, 10)}`, type: 'folder', browserLink: `https://coda.io/docs?folderId=fl-${doc.id.slice(0, 10)}` };
	return {
		id: doc.id, type: 'doc', href: docHref(links, doc), browserLink: `https://coda.io/d/${slug(doc.name)}_d${doc.id}`,
		name: doc.name, owner: 'emulator@example.com', ownerName: 'Emulator User', createdAt,
		updatedAt: new Date(Math.max(...doc.tables.map((t) => t.updatedAt))).toISOString(),
		workspace, folder, workspaceId: workspace.id, folderId: folder.id,
		docSize: {
			totalRowCount: doc.tables.reduce((n, t) => n + t.rows.length, 0), tableAndViewCount: doc.tables.length,
			pageCount: doc.tables.length, overApiSizeLimit: false,
		},
	};
}

export function pageReference(links: Links, table: EmuTable) {
	return {
		id: table.pageId, type: 'page', href: `${docHref(links, table.doc)}/pages/${table.pageId}`,
		browserLink: `${codaDocUrl(table.doc)}/${pageSlug(table)}_s${table.pageId.slice(-5)}`, name: table.name,
	};
}

export function tableReference(links: Links, table: EmuTable) {
	return {
		id: table.id, type: 'table', tableType: 'table', href: tableHref(links, table),
		browserLink: `${codaDocUrl(table.doc)}/#${pageSlug(table)}_t${table.id.slice(5)}`, name: table.name,
		parent: pageReference(links, table),
	};
}

export function columnReference(links: Links, table: EmuTable, col: EmuColumn) {
	return { id: col.id, type: 'column', href: `${tableHref(links, table)}/columns/${col.id}` };
}

export function tableResource(links: Links, table: EmuTable, createdAt: string) {
	return {
		...tableReference(links, table),
		displayColumn: columnReference(links, table, table.displayColumn),
		rowCount: table.rows.length,
		sorts: [],
		layout: 'default',
		createdAt,
		updatedAt: new Date(table.updatedAt).toISOString(),
	};
}

/** The column's format (PublicApiColumnFormat): person and lookup formats carry `table`, a TableReference. */
export function formatResource(links: Links, table: EmuTable, col: EmuColumn): Record<string, unknown> {
	const format: Record<string, unknown> = { ...col.format };
	if (col.format.options) format.options = col.format.options.map((o) => (typeof o === 'string' ? { name: o } : { ...o }));
	if ((col.format.type === 'lookup' || col.format.type === 'person') && col.lookupTarget) {
		const target = table.doc.tableByErp(col.lookupTarget);
		if (target) format.table = tableReference(links, target);
	}
	return format;
}

export function columnResource(links: Links, table: EmuTable, col: EmuColumn) {
	const format = formatResource(links, table, col);
	return {
		...columnReference(links, table, col),
		name: col.name,
		...(col.display ? { display: true } : {}),
		...(col.calculated ? { calculated: true } : {}),
		...(col.formula ? { formula: col.formula } : {}),
		format,
	};
}

export interface RowRendering {
	valueFormat: ValueFormat;
	useColumnNames: boolean;
	visibleOnly: boolean;
}

export function rowResource(links: Links, table: EmuTable, row: EmuRow, how: RowRendering) {
	const values: Record<string, unknown> = {};
	for (const col of table.columns) {
		if (how.visibleOnly && col.hidden) continue;
		values[how.useColumnNames ? col.name : col.id] = renderCell(table, col, table.cell(row, col), how.valueFormat);
	}
	return {
		id: row.id, type: 'row', href: `${tableHref(links, table)}/rows/${row.id}`, name: rowName(table, row),
		index: table.position(row), browserLink: `${codaDocUrl(table.doc)}#${pageSlug(table)}_t${table.id.slice(5)}/_ru${row.id}`,
		createdAt: new Date(row.createdAt).toISOString(), updatedAt: new Date(row.updatedAt).toISOString(), values,
	};
}
