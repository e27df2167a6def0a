// The emulator's live doc: tables, columns and rows as Coda holds them. Generated rows keep
// only their ids and timestamps; their cells are generated on demand from the spec (so 100k
// rows stay small) and only edited cells are stored.
import { IANAZone } from 'luxon';
import { SELECT_COLORS } from './codaRecorded';
import type { Cell, ColumnFormat, ColumnSpec, DocSpec, SelectOption } from './docModel';
import { DOC_EPOCH, DOC_SPAN_MS } from './fakeData';
import { columnIdFor, newRowIdFor, pageIdFor, rowIdFor, tableIdFor } from './ids';
import { rngFor } from './random';

const isValidZone = (zone: string) => IANAZone.isValidZone(zone);

export interface EmuColumn extends ColumnSpec {
	id: string;
	/** The name in the spec; calculated columns refer to their inputs by it, so renames keep working. */
	specName: string;
}

export interface EmuRow {
	id: string;
	/** Creation order within the table; rows stay sorted by it. */
	seq: number;
	/** Index into the spec's generators, or null for rows added through the API. */
	genIndex: number | null;
	createdAt: number;
	updatedAt: number;
	/** The doc's change counter when the row was last created or edited (0 = generated). */
	version: number;
	edits?: Map<string, Cell | null>;
}

export class NotFound extends Error {}

/** The zone dates render in when a doc names none (the sample doc's). */
export const DEFAULT_TIME_ZONE = 'America/Los_Angeles';

/** A select option as Coda lists it; plain strings get the recorded colours in turn. */
export function selectOption(option: string | SelectOption, position: number): SelectOption {
	if (typeof option !== 'string') {
		if (!option || typeof option.name !== 'string' || option.name === '') throw new Error('A select option needs a name');
		return { ...option };
	}
	return { name: option, ...SELECT_COLORS[position % SELECT_COLORS.length] };
}

/**
 * A column format as Coda's published types have it (PublicApiColumnFormat): `type` and `isArray`
 * always, select options as `{name, foregroundColor, backgroundColor}`, the fields a type requires
 * (checkbox `displayType`, scale `maximum` and `icon`). `table` is added when the column is served.
 */
export function normaliseFormat(format: ColumnFormat): ColumnFormat {
	const { type, isArray, options, ...rest } = format;
	const out: ColumnFormat = { type, isArray: isArray ?? false, ...rest };
	if (type === 'select' && options) out.options = options.map(selectOption);
	if (type === 'checkbox') out.displayType ??= 'check';
	if (type === 'scale') {
		out.maximum ??= 5;
		out.icon ??= 'star';
	}
	return out;
}

export class EmuTable {
	readonly columns: EmuColumn[];
	readonly rows: EmuRow[] = [];
	readonly byId = new Map<string, EmuRow>();
	updatedAt: number;
	private nextSeq = 0;
	private updatedOrder?: { key: string; rows: EmuRow[] };
	private newRows = 0;

	constructor(
		readonly doc: EmuDoc,
		readonly id: string,
		public name: string,
		readonly erpTable: string,
		readonly pageId: string,
		columns: ColumnSpec[],
		generated: number,
	) {
		this.columns = columns.map((c) => ({ ...c, format: normaliseFormat(c.format), id: c.id ?? columnIdFor(doc.seed, erpTable, c.name), specName: c.name }));
		const step = generated > 0 ? DOC_SPAN_MS / generated : 0;
		for (let i = 0; i < generated; i++) {
			const rng = rngFor(doc.seed, erpTable, 'timestamps', i);
			const createdAt = DOC_EPOCH + Math.floor(i * step + rng.next() * step * 0.5);
			const edited = rng.chance(0.4);
			this.insertRow({
				id: rowIdFor(doc.seed, erpTable, i), seq: this.nextSeq++, genIndex: i, createdAt, version: 0,
				updatedAt: edited ? createdAt + rng.int(60_000, 20 * 86_400_000) : createdAt,
			});
		}
		this.updatedAt = this.rows.reduce((m, r) => Math.max(m, r.updatedAt), DOC_EPOCH);
	}

	private insertRow(row: EmuRow): void {
		this.rows.push(row);
		this.byId.set(row.id, row);
	}

	get displayColumn(): EmuColumn {
		return this.columns.find((c) => c.display) ?? this.columns[0];
	}

	/** By id first, then by name (Coda accepts both; names are "discouraged"). */
	findColumn(idOrName: string): EmuColumn | undefined {
		return this.columns.find((c) => c.id === idOrName) ?? this.columns.find((c) => c.name === idOrName);
	}

	column(idOrName: string): EmuColumn {
		const col = this.findColumn(idOrName);
		if (!col) throw new NotFound(`Column "${idOrName}" was not found in table ${this.name} (${this.id}).`);
		return col;
	}

	cell(row: EmuRow, col: EmuColumn): Cell | null {
		if (col.compute) {
			return col.compute((specName) => {
				const input = this.columns.find((c) => c.specName === specName);
				return input && !input.compute ? this.cell(row, input) : null;
			});
		}
		if (row.edits?.has(col.id)) return row.edits.get(col.id) ?? null;
		if (row.genIndex === null || !col.generate) return null;
		return col.generate(row.genIndex);
	}

	/** Position of a row in creation order (rows are sorted by seq), -1 when deleted. */
	position(row: EmuRow): number {
		let lo = 0;
		let hi = this.rows.length - 1;
		while (lo <= hi) {
			const mid = (lo + hi) >> 1;
			const s = this.rows[mid].seq;
			if (s === row.seq) return this.rows[mid] === row ? mid : -1;
			if (s < row.seq) lo = mid + 1;
			else hi = mid - 1;
		}
		return -1;
	}

	/** Rows by (updatedAt, seq), cached until the table changes (paging re-reads it per page). */
	byUpdatedAt(): EmuRow[] {
		const key = `${this.doc.version}:${this.updatedAt}:${this.rows.length}`;
		if (this.updatedOrder?.key !== key) {
			this.updatedOrder = { key, rows: [...this.rows].sort((a, b) => a.updatedAt - b.updatedAt || a.seq - b.seq) };
		}
		return this.updatedOrder.rows;
	}

	/** First position whose seq is greater than `seq` (paging cursor). */
	positionAfter(seq: number): number {
		let lo = 0;
		let hi = this.rows.length;
		while (lo < hi) {
			const mid = (lo + hi) >> 1;
			if (this.rows[mid].seq <= seq) lo = mid + 1;
			else hi = mid;
		}
		return lo;
	}

	/** Hands out the id of a row to be inserted, at request time, so the 202 can name it. */
	reserveRowId(): string {
		return newRowIdFor(this.doc.seed, this.erpTable, this.newRows++);
	}

	addRow(id: string, cells: Map<string, Cell | null>): EmuRow {
		const now = this.doc.tick();
		const row: EmuRow = { id, seq: this.nextSeq++, genIndex: null, createdAt: now, updatedAt: now, version: ++this.doc.version, edits: cells };
		this.insertRow(row);
		this.updatedAt = now;
		return row;
	}

	/** `editedAt`: when the edit was made, for one the API shows only later (it still enters the next delta). */
	editRow(row: EmuRow, cells: Map<string, Cell | null>, editedAt?: number): void {
		if (!this.byId.has(row.id)) return; // deleted while the edit was queued
		row.edits ??= new Map();
		for (const [id, value] of cells) row.edits.set(id, value);
		row.updatedAt = Math.max(editedAt ?? this.doc.tick(), row.updatedAt);
		row.version = ++this.doc.version;
		this.updatedAt = row.updatedAt;
	}

	deleteRow(rowId: string): boolean {
		const row = this.byId.get(rowId);
		if (!row) return false;
		this.rows.splice(this.position(row), 1);
		this.byId.delete(rowId);
		this.updatedAt = this.doc.tick();
		return true;
	}

	addColumn(name: string, format: ColumnFormat, extra: Partial<ColumnSpec> = {}): EmuColumn {
		if (!name.trim()) throw new Error('A column name cannot be empty');
		if (this.findColumn(name)) throw new Error(`Table ${this.name} already has a column named "${name}"`);
		const col: EmuColumn = { ...extra, name, format: normaliseFormat(format), id: columnIdFor(this.doc.seed, this.erpTable, `added:${name}:${this.columns.length}`), specName: name };
		this.doc.resolveTarget(this, col);
		this.columns.push(col);
		return col;
	}

	/** Appends an option to a select column's format (as a person adds one in the column's settings). */
	addSelectOption(idOrName: string, option: string | SelectOption): SelectOption {
		const col = this.column(idOrName);
		if (col.format.type !== 'select') throw new Error(`Column ${this.name}.${col.name} is a ${col.format.type} column, not a select`);
		const options = (col.format.options ?? []) as SelectOption[];
		const added = selectOption(option, options.length);
		if (options.some((o) => o.name === added.name)) throw new Error(`Column ${this.name}.${col.name} already has the option "${added.name}"`);
		col.format = { ...col.format, options: [...options, added] };
		return { ...added };
	}

	removeColumn(idOrName: string): void {
		const col = this.column(idOrName);
		this.columns.splice(this.columns.indexOf(col), 1);
		for (const row of this.rows) row.edits?.delete(col.id);
	}
}

export class EmuDoc {
	readonly name: string;
	readonly tables: EmuTable[];
	/** IANA zone of the doc: dates render as local midnight with its offset, date-times with it. */
	readonly timeZone: string;
	/** Key of the table person columns refer to and people are looked up in by email. */
	readonly peopleTableKey: string;
	/** Change counter: every applied row insert or edit takes the next value (sync tokens compare against it). */
	version = 0;
	private clock = 0;

	constructor(readonly seed: number, readonly id: string, spec: DocSpec, timeZone?: string) {
		this.name = spec.name;
		this.timeZone = timeZone ?? spec.timeZone ?? DEFAULT_TIME_ZONE;
		if (!isValidZone(this.timeZone)) throw new Error(`Unknown time zone "${this.timeZone}" (an IANA name such as Europe/Berlin)`);
		this.peopleTableKey = spec.peopleTable ?? 'people';
		const keys = new Set<string>();
		for (const t of spec.tables) {
			if (keys.has(t.erpTable)) throw new Error(`Two tables have the key ${t.erpTable}`);
			keys.add(t.erpTable);
		}
		this.tables = spec.tables.map((t) => new EmuTable(this, tableIdFor(seed, t.erpTable), t.name, t.erpTable, pageIdFor(seed, t.erpTable), t.columns, t.rowCount));
		this.clock = Math.max(...this.tables.map((t) => t.updatedAt), DOC_EPOCH);
		for (const table of this.tables) for (const col of table.columns) this.resolveTarget(table, col);
	}

	/** Checks a lookup's target table; gives a person column the doc's people table unless it names one. */
	resolveTarget(table: EmuTable, col: EmuColumn): void {
		const { type } = col.format;
		if (type === 'person' && !col.lookupTarget) {
			if (!this.tableByErp(this.peopleTableKey)) throw new Error(`Person column ${table.name}.${col.name} needs a table: the doc has no people table "${this.peopleTableKey}" (DocSpec.peopleTable)`);
			col.lookupTarget = this.peopleTableKey;
		}
		if (type === 'lookup' && !col.lookupTarget) throw new Error(`Lookup column ${table.name}.${col.name} names no table (lookupTarget)`);
		if (col.lookupTarget && !this.tableByErp(col.lookupTarget)) throw new Error(`Column ${table.name}.${col.name} looks up missing table ${col.lookupTarget}`);
	}

	get peopleTable(): EmuTable | undefined {
		return this.tableByErp(this.peopleTableKey);
	}

	renameTable(idOrName: string, newName: string): EmuTable {
		const table = this.table(idOrName);
		if (!newName.trim()) throw new Error('A table name cannot be empty');
		if (this.tables.some((t) => t !== table && t.name === newName)) throw new Error(`The doc already has a table named "${newName}"`);
		table.name = newName;
		return table;
	}

	/** Now, but strictly after every timestamp the doc has handed out (edits always move forward). */
	tick(): number {
		this.clock = Math.max(Date.now(), this.clock + 1);
		return this.clock;
	}

	findTable(idOrName: string): EmuTable | undefined {
		return this.tables.find((t) => t.id === idOrName) ?? this.tables.find((t) => t.name === idOrName);
	}

	table(idOrName: string): EmuTable {
		const table = this.findTable(idOrName);
		if (!table) throw new NotFound(`Table "${idOrName}" was not found in doc ${this.id}.`);
		return table;
	}

	tableByErp(erpTable: string): EmuTable | undefined {
		return this.tables.find((t) => t.erpTable === erpTable);
	}
}
