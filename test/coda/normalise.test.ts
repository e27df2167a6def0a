import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { normaliseValue } from '../../nodes/shared/coda/normalise';

const CTX = 'http://schema.org';
const f = (type: string, extra: Record<string, unknown> = {}) => ({ type, isArray: false, ...extra });
const list = (type: string, extra: Record<string, unknown> = {}) => ({ type, isArray: true, ...extra });

describe('normaliseValue', () => {
	const cases: Array<[string, { type: string }, unknown, unknown]> = [
		['plain text in backticks', f('text'), '```Quarterly review```', 'Quarterly review'],
		['markdown text', f('text'), '**Launch** the [site](https://x.io) _now_', 'Launch the site now'],
		['canvas', f('canvas'), '# Notes\n- one\n- two', 'Notes\n- one\n- two'],
		['number', f('number'), 42.5, 42.5],
		['number as text', f('number'), '1,234.5', 1234.5],
		['percent', f('percent'), 0.35, 0.35],
		['slider', f('slider'), 7, 7],
		['scale', f('scale'), 4, 4],
		['currency', f('currency', { currencyCode: 'USD' }), { '@context': CTX, '@type': 'MonetaryAmount', currency: 'USD', amount: 42.42 }, { amount: 42.42, currency: 'USD' }],
		['currency amount as string', f('currency'), { '@context': CTX, '@type': 'MonetaryAmount', currency: 'EUR', amount: '12.50' }, { amount: 12.5, currency: 'EUR' }],
		['currency as a bare number', f('currency', { currencyCode: 'GBP' }), 9, { amount: 9, currency: 'GBP' }],
		['person', f('person'), { '@context': CTX, '@type': 'Person', name: 'Ada Lovelace', email: 'ada@example.com' }, { email: 'ada@example.com', name: 'Ada Lovelace' }],
		['lookup', f('lookup'), { '@context': CTX, '@type': 'StructuredValue', additionalType: 'row', name: 'Website', rowId: 'i-abc', tableId: 'grid-xyz', tableUrl: 'https://coda.io/d/_d1/grid-xyz', url: 'https://coda.io/d/_d1/grid-xyz#_r1' }, { rowId: 'i-abc', tableId: 'grid-xyz', name: 'Website' }],
		['link', f('link'), { '@context': CTX, '@type': 'WebPage', name: 'Coda', url: 'https://coda.io' }, 'https://coda.io'],
		['link as text', f('link'), 'https://example.com/a_b', 'https://example.com/a_b'],
		['image', f('image'), { '@context': CTX, '@type': 'ImageObject', name: 'logo', url: 'https://img/x.png', width: 640, height: 480, status: 'live' }, 'https://img/x.png'],
		['attachment', f('attachments'), { '@context': CTX, '@type': 'ImageObject', name: 'spec.pdf', url: 'https://files/spec.pdf' }, 'https://files/spec.pdf'],
		['checkbox', f('checkbox'), true, true],
		['checkbox false', f('checkbox'), false, false],
		['select', f('select'), 'In Progress', 'In Progress'],
		['email keeps underscores', f('email'), 'first_last@example.com', 'first_last@example.com'],
		['date in the doc time zone', f('date'), '2026-01-31T00:00:00.000-08:00', '2026-01-31'],
		['date only', f('date'), '2026-01-31', '2026-01-31'],
		['date as US text', f('date'), '1/31/2026', '2026-01-31'],
		["dateTime keeps the doc's offset", f('dateTime'), '2026-01-31T14:30:00.000-08:00', '2026-01-31T14:30:00.000-08:00'],
		['dateTime near midnight keeps its calendar day', f('dateTime'), '2026-03-29T00:30:00.000+01:00', '2026-03-29T00:30:00.000+01:00'],
		['percent as a fraction', f('percent'), 0.15, 0.15],
		['percent written as text', f('percent'), '15%', 0.15],
		['a number with a sign before it stays text', f('number'), '~3', '~3'],
		['time', f('time'), '14:30:00', '14:30:00'],
		['time with meridiem', f('time'), '2:30 PM', '14:30:00'],
		['time as timestamp', f('time'), '1899-12-30T09:15:00.000-08:00', '09:15:00'],
		['duration in words', f('duration'), '1 hr 30 mins', 'PT1H30M'],
		['duration in days', f('duration'), '2 days 3 hrs', 'P2DT3H'],
		['duration in seconds', f('duration'), '45 secs', 'PT45S'],
		['duration as clock', f('duration'), '1:05:00', 'PT1H5M'],
		['duration ISO', f('duration'), 'PT90M', 'PT1H30M'],
		['duration unreadable stays raw', f('duration'), 'about an hour', 'about an hour'],
		['duration negative', f('duration'), '-1 hr', 'PT-1H'],
		['duration zero', f('duration'), '0 secs', 'PT0S'],
		['duration as a number of days', f('duration'), 1.5, 'P1DT12H'],
		['duration in weeks', f('duration'), 'P1W', 'P7D'],
		['time at midnight, 12-hour clock', f('time'), '12:15 am', '00:15:00'],
		['time out of range stays raw', f('time'), '25:00', '25:00'],
		['dateTime in RFC 2822', f('dateTime'), 'Sat, 31 Jan 2026 14:30:00 -0800', '2026-01-31T14:30:00.000-08:00'],
		['dateTime without offset is read as UTC', f('dateTime'), '2026-01-31T14:30:00', '2026-01-31T14:30:00.000Z'],
		['unknown type passes through', f('packObject'), { some: 'object' }, { some: 'object' }],
		['button passes through', f('button'), 'Click', 'Click'],
		['unknown format string passes through', f('somethingNew'), '```x```', '```x```'],
		['a format named like an Object property passes through', f('constructor'), 'x', 'x'],
	];
	for (const [name, format, raw, expected] of cases) {
		it(name, () => assert.deepEqual(normaliseValue(raw, format), expected));
	}

	it('empty cells become null for every known type', () => {
		for (const type of ['text', 'number', 'currency', 'person', 'lookup', 'date', 'dateTime', 'time', 'duration', 'checkbox', 'select', 'link']) {
			assert.equal(normaliseValue('', f(type)), null, type);
			assert.equal(normaliseValue(null, f(type)), null, type);
			assert.equal(normaliseValue([], list(type)), null, type);
		}
	});

	it('lists become arrays of normalised values', () => {
		assert.deepEqual(
			normaliseValue(
				[
					{ '@context': CTX, '@type': 'StructuredValue', additionalType: 'row', name: 'A', rowId: 'i-a', tableId: 'grid-t' },
					{ '@context': CTX, '@type': 'StructuredValue', additionalType: 'row', name: 'B', rowId: 'i-b', tableId: 'grid-t' },
				],
				list('lookup'),
			),
			[
				{ rowId: 'i-a', tableId: 'grid-t', name: 'A' },
				{ rowId: 'i-b', tableId: 'grid-t', name: 'B' },
			],
		);
		assert.deepEqual(
			normaliseValue([{ '@type': 'Person', name: 'A', email: 'a@x.io' }, { '@type': 'Person', name: 'B' }], list('person')),
			[{ email: 'a@x.io', name: 'A' }, { email: null, name: 'B' }],
		);
		assert.deepEqual(normaliseValue(['```a```', '**b**'], list('text')), ['a', 'b']);
		assert.deepEqual(normaliseValue(['2026-01-01T00:00:00.000-08:00'], list('date')), ['2026-01-01']);
	});

	it('nested lists keep their nesting', () => {
		assert.deepEqual(normaliseValue([[1, '2'], [3]], list('number')), [[1, 2], [3]]);
	});

	it('lists nested deeper than 100 levels are passed on as Coda sent them: 100,000 deep is no stack overflow', () => {
		const nest = (depth: number, leaf: unknown) => {
			let value = leaf;
			for (let i = 0; i < depth; i++) value = [value];
			return value;
		};
		assert.deepEqual(normaliseValue(nest(100, '2'), list('number')), nest(100, 2));
		assert.deepEqual(normaliseValue(nest(101, '2'), list('number')), nest(101, '2'));
		// 100,000 deep: the first 100 levels are copied, the rest is Coda's own list.
		let sent = nest(100_000, '2') as unknown[];
		let normalised = normaliseValue(sent, list('number')) as unknown[];
		for (let i = 0; i < 100; i++) [sent, normalised] = [sent[0] as unknown[], normalised[0] as unknown[]];
		assert.equal(normalised, sent);
	});

	it('JSON-LD values are recognised whatever the column says (formula columns)', () => {
		assert.deepEqual(normaliseValue({ '@type': 'MonetaryAmount', currency: 'USD', amount: 3 }, f('text')), { amount: 3, currency: 'USD' });
	});
});
