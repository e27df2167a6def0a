// Values recorded from the live Coda API, copied here so the emulator and its tests need nothing
// outside the project at run time. Source files (in the team's reference notes, coda-recorded/):
// each constant names the one it was copied from.
import type { SelectOption } from './docModel';

/**
 * A select column's `format` as GET columns/{id} returned it live (2026-09-06).
 * Source: live2026-column-format-select.json (options unchanged after writing an unlisted value:
 * live2026-column-format-select-options-after-unlisted-write.json). The probe printed only `type`
 * and `options`; `isArray` is required by Coda's published types (PublicApiSimpleColumnFormat).
 */
export const RECORDED_SELECT_FORMAT: { type: 'select'; options: SelectOption[] } = {
	type: 'select',
	options: [
		{ name: 'Small', foregroundColor: '#8B6C1D', backgroundColor: '#FDF3D8' },
		{ name: 'Medium', foregroundColor: '#A12B86', backgroundColor: '#F8E7F3' },
		{ name: 'Large', foregroundColor: '#187B34', backgroundColor: '#E2F8E8' },
		{ name: 'X-Large', foregroundColor: '#0F58BD', backgroundColor: '#DDEDFD' },
	],
};

/**
 * The colour pairs of that recording, in order. The emulator gives options written as plain strings
 * these colours in turn (Coda's full palette is not recorded; these four are real).
 */
export const SELECT_COLORS: ReadonlyArray<Pick<SelectOption, 'foregroundColor' | 'backgroundColor'>> =
	RECORDED_SELECT_FORMAT.options.map(({ foregroundColor, backgroundColor }) => ({ foregroundColor, backgroundColor }));

/** A select cell in rich format, wrapped like plain text. Source: live2026-rich-value-select-listed.json. */
export const RECORDED_RICH_SELECT = '```Small```';

/** A date cell in rich format: local midnight with the doc zone's offset. Source: live2026-rich-value-date-from-iso.json. */
export const RECORDED_RICH_DATE = '2026-03-04T00:00:00.000-05:00';
