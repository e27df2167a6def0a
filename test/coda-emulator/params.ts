// Query-parameter parsing with Coda-style 400s that name the parameter and the bad value.
import { BadRequest } from './cellEdits';

export function boolParam(query: URLSearchParams, name: string): boolean | undefined {
	const raw = query.get(name);
	if (raw === null || raw === '') return undefined;
	if (raw === 'true' || raw === 'false') return raw === 'true';
	throw new BadRequest(`Invalid query parameter ${name}: expected true or false, got "${raw}".`);
}

export function enumParam<T extends string>(query: URLSearchParams, name: string, allowed: readonly T[]): T | undefined {
	const raw = query.get(name);
	if (raw === null || raw === '') return undefined;
	if (!(allowed as readonly string[]).includes(raw)) {
		throw new BadRequest(`Invalid query parameter ${name}: "${raw}" is not one of ${allowed.join(', ')}.`);
	}
	return raw as T;
}

/** `limit` (≥ 1, default 25), silently clamped to `max` like Coda does. */
export function limitParam(raw: string | null | undefined, max: number): number {
	if (raw === null || raw === undefined || raw === '') return Math.min(25, max);
	const n = Number(raw);
	if (!Number.isInteger(n) || n < 1) throw new BadRequest(`Invalid query parameter limit: expected an integer >= 1, got "${raw}".`);
	return Math.min(n, max);
}
