// Coda's id shapes, derived deterministically from the seed: `grid-` tables, `c-` columns,
// `i-` rows, `canvas-` pages; doc ids are 10 characters.
import { idChars } from './random';

export const docIdFor = (seed: number) => idChars(10, seed, 'doc');
export const pageIdFor = (seed: number, erpTable: string) => `canvas-${idChars(10, seed, 'page', erpTable)}`;
export const tableIdFor = (seed: number, erpTable: string) => `grid-${idChars(10, seed, 'table', erpTable)}`;
export const columnIdFor = (seed: number, erpTable: string, key: string) => `c-${idChars(10, seed, 'column', erpTable, key)}`;
/** Row `index` of a table's generated rows (0-based, in creation order). */
export const rowIdFor = (seed: number, erpTable: string, index: number) => `i-${idChars(10, seed, 'row', erpTable, index)}`;
/** Rows added later through the API. */
export const newRowIdFor = (seed: number, erpTable: string, counter: number) => `i-${idChars(10, seed, 'new-row', erpTable, counter)}`;
