// Realistic-looking values for a small consultancy / venture studio: people, companies,
// titles, prose, money, dates. Everything is drawn from a seeded Rng.
import type { PersonCell, UrlCell } from './docModel';
import { Rng, rngFor } from './random';

const FIRST = ['Ada', 'Ben', 'Chloe', 'Dev', 'Elena', 'Farid', 'Grace', 'Hugo', 'Ines', 'Jonas', 'Kira', 'Liam',
	'Maya', 'Nils', 'Olivia', 'Priya', 'Quentin', 'Rosa', 'Samir', 'Tara', 'Uma', 'Victor', 'Wen', 'Yusuf', 'Zoe'];
const LAST = ['Adler', 'Brooks', 'Castillo', 'Dubois', 'Eriksen', 'Fischer', 'Garcia', 'Haddad', 'Ito', 'Jensen',
	'Kowalski', 'Lopez', 'Moreau', 'Nakamura', 'Okafor', 'Petrov', 'Quinn', 'Rossi', 'Schmidt', 'Tanaka'];
const COMPANY_A = ['Northwind', 'Bluepeak', 'Cedar', 'Lumen', 'Harbor', 'Atlas', 'Brightline', 'Copperleaf', 'Driftwood',
	'Evergreen', 'Foxglove', 'Granite', 'Helix', 'Ironwood', 'Juniper', 'Keystone'];
const COMPANY_B = ['Labs', 'Partners', 'Studio', 'Health', 'Logistics', 'Capital', 'Foods', 'Analytics', 'Energy', 'Media'];
const VERBS = ['Draft', 'Review', 'Launch', 'Refine', 'Map', 'Validate', 'Automate', 'Document', 'Prototype', 'Audit',
	'Plan', 'Ship', 'Interview', 'Benchmark', 'Migrate', 'Price'];
const ADJECTIVES = ['onboarding', 'quarterly', 'pricing', 'customer', 'pipeline', 'partner', 'content', 'hiring',
	'retention', 'analytics', 'billing', 'discovery', 'delivery', 'support'];
const NOUNS = ['checklist', 'playbook', 'dashboard', 'proposal', 'workshop', 'report', 'funnel', 'roadmap', 'survey',
	'template', 'integration', 'campaign', 'offer', 'experiment', 'retro'];
const SENTENCES = ['Follow up with the client after the workshop', 'Numbers look healthy compared to last month',
	'Blocked until legal signs off', 'Reuse the template from the previous engagement',
	'Keep scope small and ship in two weeks', 'Needs a second opinion from finance', 'Good fit for the studio model',
	'Capture learnings in the decision journal', 'Waiting on data from the analytics export'];
const DOMAINS = ['studio.example', 'client-mail.example', 'partners.example'];

export const DOC_EPOCH = Date.UTC(2025, 10, 1); // 2025-11-01, when the sample doc starts
export const DOC_SPAN_MS = 360 * 86_400_000;

/** The k-th member of the doc's people directory: unique name and email for every k. */
export function personAt(seed: number, k: number): PersonCell {
	const shift = rngFor(seed, 'people').int(0, FIRST.length * LAST.length - 1);
	const n = k + shift;
	const first = FIRST[n % FIRST.length];
	const last = LAST[Math.floor(n / FIRST.length) % LAST.length];
	const round = Math.floor(n / (FIRST.length * LAST.length));
	const suffix = round > 0 ? String(round + 1) : '';
	const name = suffix ? `${first} ${last} ${suffix}` : `${first} ${last}`;
	return { kind: 'person', name, email: `${first}.${last}${suffix}@${DOMAINS[0]}`.toLowerCase() };
}

/** Someone outside the doc's people table (a contractor, a client contact). */
export function outsiderPerson(rng: Rng): PersonCell {
	const first = rng.pick(FIRST);
	const last = rng.pick(LAST);
	return { kind: 'person', name: `${first} ${last}`, email: `${first}.${last}@${rng.pick(DOMAINS.slice(1))}`.toLowerCase() };
}

export function companyAt(seed: number, k: number): string {
	const n = k + rngFor(seed, 'companies').int(0, 99);
	const base = `${COMPANY_A[n % COMPANY_A.length]} ${COMPANY_B[Math.floor(n / COMPANY_A.length) % COMPANY_B.length]}`;
	const round = Math.floor(n / (COMPANY_A.length * COMPANY_B.length));
	return round > 0 ? `${base} ${round + 1}` : base;
}

export function title(rng: Rng): string {
	return `${rng.pick(VERBS)} ${rng.pick(ADJECTIVES)} ${rng.pick(NOUNS)}`;
}

export function sentence(rng: Rng): string {
	return rng.pick(SENTENCES);
}

/** Formatted text, as Coda's rich format returns it (Markdown). */
export function markdown(rng: Rng): string {
	const variant = rng.int(0, 2);
	if (variant === 0) return `**${rng.pick(ADJECTIVES)}**: ${sentence(rng)}`;
	if (variant === 1) return `${sentence(rng)}\n\n- ${title(rng)}\n- ${title(rng)}`;
	return `See [the ${rng.pick(NOUNS)}](https://docs.example/${rng.pick(NOUNS)}) and _${sentence(rng).toLowerCase()}_`;
}

export function slug(text: string): string {
	return text.toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-|-$/g, '');
}

export function link(rng: Rng): UrlCell {
	const name = title(rng);
	return { kind: 'url', url: `https://www.example.com/${slug(name)}`, name };
}

export function image(rng: Rng): UrlCell {
	const name = `${rng.pick(NOUNS)}-${rng.int(1, 99)}.png`;
	return { kind: 'url', url: `https://images.example.com/${name}`, name, width: rng.pick([64, 128, 512]), height: rng.pick([64, 128, 384]) };
}

export function attachment(rng: Rng, docId: string): UrlCell {
	const name = `${slug(title(rng))}.${rng.pick(['pdf', 'docx', 'xlsx', 'png'])}`;
	return { kind: 'url', url: `https://codahosted.io/docs/${docId}/blobs/bl-${rng.int(100000, 999999)}/${name}`, name };
}

/** A date (YYYY-MM-DD) within the doc's life plus a few months of planning ahead. */
export function isoDate(rng: Rng): string {
	return new Date(DOC_EPOCH + rng.int(0, 420) * 86_400_000).toISOString().slice(0, 10);
}

export function instant(rng: Rng): number {
	return DOC_EPOCH + rng.int(0, 360 * 24 * 4) * 15 * 60_000;
}

const CITIES = ['Berlin', 'Lisbon', 'Toronto', 'Austin', 'Nairobi', 'Singapore', 'Melbourne', 'Oslo'];
const COUNTRIES = ['Germany', 'Portugal', 'Canada', 'United States', 'Kenya', 'Singapore', 'Australia', 'Norway'];
const INDUSTRIES = ['SaaS', 'Healthcare', 'Logistics', 'Fintech', 'Education', 'Retail', 'Energy', 'Media'];
const UNITS = ['%', 'USD', 'hours', 'users', 'leads', 'NPS'];

/** Plain-text values for columns whose name says what they hold (phone, city, version, codes…). */
export function textFor(column: string): ((rng: Rng) => string) | undefined {
	if (/phone/.test(column)) return (rng) => `+1 555 01${String(rng.int(0, 99)).padStart(2, '0')}`;
	if (/(^|_)(location|city)$/.test(column)) return (rng) => rng.pick(CITIES);
	if (/(^|_)country$/.test(column)) return (rng) => rng.pick(COUNTRIES);
	if (/(^|_)industry$/.test(column)) return (rng) => rng.pick(INDUSTRIES);
	if (/(^|_)unit$/.test(column)) return (rng) => rng.pick(UNITS);
	if (/(^|_)version$/.test(column)) return (rng) => `v${rng.int(1, 3)}.${rng.int(0, 9)}`;
	if (/(^|_)(model)$/.test(column)) return (rng) => rng.pick(['gpt-4o', 'claude-sonnet', 'llama-3-70b']);
	if (/_(id|number|reference|code)$/.test(column)) return (rng) => `${column.split('_')[0].slice(0, 3).toUpperCase()}-${rng.int(10000, 99999)}`;
	return undefined;
}

/** A planning quarter like 2026-Q2. */
export function quarter(rng: Rng): string {
	return `${rng.int(2025, 2027)}-Q${rng.int(1, 4)}`;
}

/** A time of day on a quarter hour during working hours. */
export function timeOfDay(rng: Rng): string {
	const minutes = rng.int(8 * 4, 18 * 4) * 15;
	return `${String(Math.floor(minutes / 60)).padStart(2, '0')}:${String(minutes % 60).padStart(2, '0')}:00`;
}

/** Seconds: quarter hours up to two working days. */
export function durationSeconds(rng: Rng): number {
	return rng.int(1, 64) * 15 * 60;
}
