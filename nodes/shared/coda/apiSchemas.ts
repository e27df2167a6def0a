// The parts of Coda API v1 responses this package relies on. Unknown fields are tolerated
// (Coda adds fields over time, e.g. `viewId` on tables), missing required ones are errors.
import { z } from 'zod';

const ref = z.object({ id: z.string(), name: z.string().optional() }).passthrough();

export const docSchema = z.object({ id: z.string(), name: z.string() }).passthrough();

export const tableSchema = z
	.object({
		id: z.string(),
		name: z.string(),
		tableType: z.string().optional(),
		browserLink: z.string().optional(),
		rowCount: z.number().optional(),
		parentTable: ref.optional(),
		displayColumn: z.object({ id: z.string() }).passthrough().optional(),
	})
	.passthrough();

export const columnFormatSchema = z
	.object({
		type: z.string(),
		isArray: z.boolean().optional(),
		currencyCode: z.string().optional(),
		table: ref.optional(),
	})
	.passthrough();

export const columnSchema = z
	.object({
		id: z.string(),
		name: z.string(),
		calculated: z.boolean().optional(),
		format: columnFormatSchema,
	})
	.passthrough();

export const rowSchema = z
	.object({
		id: z.string(),
		name: z.string().nullish(),
		index: z.number().nullish(),
		browserLink: z.string().nullish(),
		createdAt: z.string().nullish(),
		updatedAt: z.string().nullish(),
		values: z.record(z.unknown()),
	})
	.passthrough();

/** Row ids only: valueFormat=simple still sends values, but nothing else of a row is needed. */
export const rowIdSchema = z.object({ id: z.string() }).passthrough();

export function listSchema<T extends z.ZodTypeAny>(item: T) {
	return z
		.object({
			items: z.array(item),
			nextPageToken: z.string().nullish(),
			nextSyncToken: z.string().nullish(),
		})
		.passthrough();
}

export type CodaDoc = z.infer<typeof docSchema>;
export type CodaTable = z.infer<typeof tableSchema>;
export type CodaColumnFormat = z.infer<typeof columnFormatSchema>;
export type CodaColumn = z.infer<typeof columnSchema>;
export type CodaRow = z.infer<typeof rowSchema>;
export type CodaList<T> = { items: T[]; nextPageToken?: string | null; nextSyncToken?: string | null };
