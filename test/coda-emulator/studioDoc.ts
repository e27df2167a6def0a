// "The studio doc": the Coda doc a venture studio owner in Berlin keeps their business in, written
// the way such a person builds tables (their own names, emoji labels, lookups into Contacts,
// EUR and GBP, a doc in Europe/Berlin), NOT derived from the erp schema. It covers the same 36
// business areas as the product so end-to-end checks can map it, but every table and column is
// named as a person would name it. Deterministic for a seed; 30-80 rows per table by default.
import { DateTime } from 'luxon';
import type { Cell, ColumnFormat, ColumnSpec, ColumnType, DocSpec, PersonCell, RowRefCell, SelectOption, TableSpec, UrlCell } from './docModel';
import { rowIdFor } from './ids';
import { rngFor, type Rng } from './random';

export const STUDIO_TIME_ZONE = 'Europe/Berlin';
export const STUDIO_DOC_NAME = 'Northlight Studio HQ';

/**
 * The studio doc's tables in page order: `key` (ids derive from it; `rows: { tasks: 500 }` uses it),
 * the Coda table name, its display column, the product's business area (erp table) it covers, and
 * its default row count.
 */
export const STUDIO_TABLES = [
	{ key: 'ventures', name: 'Ventures', display: 'Venture', area: 'ventures', rows: 30 },
	{ key: 'projects', name: 'Projects', display: 'Project title', area: 'projects', rows: 48 },
	{ key: 'tasks', name: 'Tasks', display: 'Task', area: 'tasks', rows: 80 },
	{ key: 'sprints', name: 'Sprints', display: 'Sprint', area: 'sprints', rows: 36 },
	{ key: 'clients', name: 'Clients', display: 'Client', area: 'organizations', rows: 42 },
	{ key: 'contacts', name: 'Contacts', display: 'Full name', area: 'people', rows: 80 },
	{ key: 'pipeline', name: 'Pipeline', display: 'Opportunity', area: 'deals', rows: 60 },
	{ key: 'offers', name: 'Offers', display: 'Offer', area: 'offers', rows: 30 },
	{ key: 'engagements', name: 'Engagements', display: 'Engagement', area: 'engagements', rows: 40 },
	{ key: 'deliverables', name: 'Deliverables', display: 'Deliverable', area: 'deliverables', rows: 56 },
	{ key: 'invoices', name: 'Invoices', display: 'Invoice #', area: 'invoices', rows: 64 },
	{ key: 'payments', name: 'Payments', display: 'Payment ref', area: 'payments', rows: 52 },
	{ key: 'expenses', name: 'Expenses', display: 'Expense', area: 'expenses', rows: 78 },
	{ key: 'monthly-numbers', name: 'Monthly Numbers', display: 'Month', area: 'finance_snapshot', rows: 30 },
	{ key: 'meetings', name: 'Meetings & Calls', display: 'Meeting', area: 'touchpoints', rows: 72 },
	{ key: 'notes', name: 'Notes', display: 'Note', area: 'notebook', rows: 54 },
	{ key: 'topics', name: 'Topics', display: 'Topic', area: 'topics', rows: 30 },
	{ key: 'ideas', name: 'Idea Inbox', display: 'Idea', area: 'ideas_inbox', rows: 66 },
	{ key: 'experiments', name: 'Experiments', display: 'Hypothesis', area: 'experiments', rows: 34 },
	{ key: 'decisions', name: 'Decision Log', display: 'Decision', area: 'decision_journal', rows: 38 },
	{ key: 'okrs', name: 'OKRs', display: 'Objective / KR', area: 'okrs', rows: 44 },
	{ key: 'kpis', name: 'KPIs', display: 'KPI', area: 'kpis', rows: 32 },
	{ key: 'wins', name: 'Client Wins', display: 'Win', area: 'results', rows: 30 },
	{ key: 'outcome-types', name: 'Outcome Types', display: 'Name', area: 'outcome_types', rows: 30 },
	{ key: 'areas', name: 'Areas', display: 'Name', area: 'functional_areas', rows: 30 },
	{ key: 'daily-log', name: 'Daily Log', display: 'Entry', area: 'daily_thread', rows: 75 },
	{ key: 'service-menu', name: 'Service Menu', display: 'Service', area: 'service_blueprints', rows: 30 },
	{ key: 'workflows', name: 'Workflows', display: 'Workflow', area: 'workflows', rows: 36 },
	{ key: 'playbooks', name: 'Playbooks', display: 'Playbook', area: 'process_templates', rows: 34 },
	{ key: 'templates', name: 'Templates & Checklists', display: 'Template', area: 'resource_templates', rows: 46 },
	{ key: 'runs', name: 'Automation Runs', display: 'Run', area: 'execution_runs', rows: 80 },
	{ key: 'playbook-stats', name: 'Playbook Stats', display: 'Period', area: 'template_performance', rows: 40 },
	{ key: 'prompts', name: 'Prompt Library', display: 'Prompt', area: 'prompt_library', rows: 36 },
	{ key: 'assets', name: 'Brand & Assets', display: 'Asset', area: 'assets', rows: 44 },
	{ key: 'segments', name: 'Target Segments', display: 'Segment', area: 'icp_segments', rows: 30 },
	{ key: 'fit-scores', name: 'Fit Scores', display: 'Fit check', area: 'icp_scoring', rows: 50 },
] as const;

export type StudioTableKey = (typeof STUDIO_TABLES)[number]['key'];

export interface StudioDocOptions {
	seed: number;
	docId: string;
	/** Rows per table (all tables), or per table key (the others keep their default). */
	rows?: number | Record<string, number>;
}

/** The studio's own team: the first rows of Contacts (person cells are mostly these people). */
const TEAM: ReadonlyArray<readonly [string, string]> = [
	['Jana Köhler', 'Founder & CEO'], ['Malte Brandt', 'Product lead'], ['Priya Raman', 'Engineering'],
	['Tom Fletcher', 'Growth'], ['Sophie Wagner', 'Design'], ['Lukas Schäfer', 'Operations & finance'],
	['Aisha Bello', 'Automation engineer'], ["Ben O'Connor", 'Studio partner, London'],
];
const STUDIO_DOMAIN = 'northlight.example';
const FIRST = ['Anna', 'Jonas', 'Lea', 'Felix', 'Marie', 'Paul', 'Emma', 'Noah', 'Clara', 'Elias', 'Zoë', 'Mats', 'Hannah', 'Oskar',
	'Chloé', 'Rory', 'Imogen', 'Declan', 'Freya', 'Kwame', 'Mei', 'Tariq', 'Leonie', 'Sven', 'Ines'];
const LAST = ['Becker', 'Hoffmann', 'Schulz', 'Krüger', 'Neumann', 'Weiß', 'Hughes', 'Patel', 'Murphy', 'Clarke', 'de Vries',
	'Jansen', 'Novak', 'Rossi', 'Dubois', 'Lindqvist', 'Mensah', 'Yilmaz', 'Okafor', 'Kovačević'];
const COMPANIES = ['Okapi Mobility GmbH', 'Kaffeerösterei Hansen', 'Brightwater Homes Ltd', 'Fjord & Field', 'Lichtwerk Solar',
	'Pemberton Legal LLP', 'Kiezkantine', 'Halcyon Health', 'Tidewater Logistics', 'Grünschnabel Kita gGmbH', 'Marlow & Finch',
	'Spreewald Organics', 'Atelier Nord', 'Quayside Studios', 'Bergmann Maschinenbau', 'Copperkettle Tea Co.', 'Hafenblick Hotels',
	'Northstar Analytics', 'Velo Verde', 'Thistle Insurance', 'Blaupause Architekten', 'Larkspur Learning', 'Rheinperle Wein',
	'Ironbridge Capital', 'Moosgrün Kosmetik', 'Saltmarsh Seafood', 'Pixelhaus Agentur', 'Wrenfield School Trust', 'Stadtwerk Labs',
	'Orchard & Oak', 'Zugvogel Reisen', 'Kestrel Robotics', 'Elbe Digital', 'Harbourlight Media', 'Tannenhof Bio', 'Meridian Fintech',
	'Sonnenkind Apparel', 'Yardley Foods', 'Feldpost Print', 'Cobalt Coast Energy'];
const VENTURES = ['Fernweh', 'Ledgerly', 'Kiezkiste', 'Moss & Mortar', 'Pflegeplan', 'Tutorly', 'Gleisfrei', 'Bookkeep Buddy',
	'Mietheld', 'Sprout Kitchen', 'Quietroom', 'Lastenrad Hub', 'Carbonote', 'Hofladen Online', 'Shiftswap', 'Klartext AI',
	'Parcelpark', 'Wattwise', 'Dorfladen OS', 'Frameworks for Founders', 'Snackbox B2B', 'Repair Café App', 'Tandemly', 'Brotzeit',
	'Invoice Ninja Lite', 'Harbour Hours', 'Fahrplan Pro', 'Plant Parent', 'Lernlotse', 'Studio Signals'];
const PROJECT_KINDS = ['Website relaunch', 'Pricing study', 'MVP build', 'Onboarding redesign', 'Data pipeline', 'Pitch deck',
	'Go-to-market plan', 'Automation audit', 'Brand sprint', 'CRM clean-up', 'Customer interviews', 'Shopify migration'];
const TASK_VERBS = ['Draft', 'Review', 'Send', 'Fix', 'Prepare', 'Test', 'Design', 'Write', 'Book', 'Update', 'Chase', 'Set up'];
const TASK_OBJECTS = ['kickoff agenda', 'wireframes v2', 'invoice reminder', 'Stripe webhook', 'investor update', 'landing page copy',
	'onboarding emails', 'user interviews', 'sprint retro notes', 'pricing table', 'Zapier → n8n migration', 'brand guidelines',
	'contract for Okapi', 'analytics dashboard', 'workshop room', 'bug: CSV export', 'DNS records', 'Q2 OKR draft'];
const SPRINT_THEMES = ['Foundations', 'Onboarding polish', 'Billing', 'Launch prep', 'Bug bash', 'Growth loops', 'Data & reporting',
	'Mobile', 'Client sprint', 'Cleanup'];
const INDUSTRIES = ['Mobility', 'Food & drink', 'Real estate', 'Health', 'Energy', 'Legal', 'Education', 'Logistics', 'Hospitality',
	'Fintech', 'Retail', 'Manufacturing'];
const CITIES: ReadonlyArray<readonly [string, string, string]> = [
	['Berlin', '10115', '🇩🇪 Germany'], ['Hamburg', '20095', '🇩🇪 Germany'], ['München', '80331', '🇩🇪 Germany'], ['Leipzig', '04109', '🇩🇪 Germany'],
	['London', 'EC1V 9HX', '🇬🇧 UK'], ['Bristol', 'BS1 4DJ', '🇬🇧 UK'], ['Amsterdam', '1012 AB', '🇳🇱 Netherlands'], ['Wien', '1010', '🇦🇹 Austria'],
];
const SENTENCES = ['Client wants to move fast, budget is tight.', 'Follow up after the workshop on Thursday.',
	'Waiting for the signed SOW before we start.', 'Great energy in the call — they loved the prototype.',
	'Needs a decision from Jana before Friday.', 'Invoice went out late, chase politely.', 'Reuse the onboarding checklist from Okapi.',
	'Keep scope small: two weeks, one outcome.', 'Legal review pending (Pemberton).', 'Numbers look good vs. last month.'];
const TOPIC_NAMES = ['Pricing', 'Automation', 'Hiring', 'Fundraising', 'AI tooling', 'Client onboarding', 'Design systems',
	'Sustainability', 'Legal & contracts', 'Community', 'No-code', 'Analytics', 'Retention', 'Partnerships', 'Studio model'];

const START = DateTime.fromISO('2025-11-01', { zone: STUDIO_TIME_ZONE });

type Gen = (rng: Rng, index: number) => Cell | null;

interface ColumnOptions {
	/** Share of cells left empty (drawn per cell). */
	empty?: number;
	/** Fixed values for the first rows (known cells the tests and end-to-end checks rely on). */
	first?: ReadonlyArray<Cell | null>;
	display?: boolean;
	hidden?: boolean;
	lookupTarget?: string;
	calculated?: boolean;
	formula?: string;
	compute?: ColumnSpec['compute'];
}

interface Ctx {
	seed: number;
	docId: string;
	counts: Map<string, number>;
	builders: Map<string, TableBuilder>;
}

class TableBuilder {
	readonly columns: ColumnSpec[] = [];
	private readonly generators = new Map<string, (index: number) => Cell | null>();

	constructor(readonly ctx: Ctx, readonly key: string) {}

	add(name: string, formatIn: ColumnFormat, gen: Gen, options: ColumnOptions = {}): this {
		const { empty = 0, first = [], ...extra } = options;
		const { [TARGET]: target, ...format } = formatIn as ColumnFormat & { [TARGET]?: string };
		if (target) extra.lookupTarget = target;
		if (format.type === 'lookup' && !extra.lookupTarget) throw new Error(`studio doc: lookup ${this.key}.${name} names no table`);
		const generate = (index: number): Cell | null => {
			if (index < first.length) return first[index];
			const rng = rngFor(this.ctx.seed, 'studio', this.key, name, index);
			if (empty > 0 && rng.chance(empty)) return null;
			return gen(rng, index);
		};
		this.generators.set(name, generate);
		this.columns.push({ name, format, ...extra, ...(extra.calculated ? {} : { generate }) });
		return this;
	}

	/** Another column's value in the same row (for values that depend on each other). */
	value(name: string, index: number): Cell | null {
		const gen = this.generators.get(name);
		if (!gen) throw new Error(`studio doc: no column ${name} in ${this.key}`);
		return gen(index);
	}
}

/** Marks the table a lookup format points at (moved to `lookupTarget`; never served). */
const TARGET = Symbol('lookup target');
const fmt = (type: ColumnType, extra: Record<string, unknown> = {}, isArray = false): ColumnFormat => ({ type, isArray, ...extra });
const F = {
	text: () => fmt('text'),
	select: (options: Array<string | SelectOption> | undefined, isArray = false) => fmt('select', options ? { options } : {}, isArray),
	number: (precision = 0) => fmt('number', { precision, useThousandsSeparator: true }),
	percent: () => fmt('percent', { precision: 0, useThousandsSeparator: false }),
	eur: () => fmt('currency', { currencyCode: 'EUR', precision: 2, format: 'currency' }),
	gbp: () => fmt('currency', { currencyCode: 'GBP', precision: 2, format: 'currency' }),
	date: () => fmt('date', { format: 'D MMM YYYY' }),
	dateTime: () => fmt('dateTime', { dateFormat: 'D MMM YYYY', timeFormat: 'HH:mm' }),
	time: () => fmt('time', { format: 'HH:mm' }),
	duration: (maxUnit: 'days' | 'hours' | 'minutes' = 'hours') => fmt('duration', { precision: 2, maxUnit }),
	person: (isArray = false) => fmt('person', {}, isArray),
	lookup: (target: StudioTableKey, isArray = false) => ({ ...fmt('lookup', {}, isArray), [TARGET]: target }) as ColumnFormat,
	checkbox: (displayType: 'toggle' | 'check' = 'check') => fmt('checkbox', { displayType }),
	link: () => fmt('link', { display: 'url' }),
	email: () => fmt('email', { display: 'iconAndEmail', autocomplete: true }),
	image: () => fmt('image'),
	files: () => fmt('attachments', {}, true),
	scale: (icon = 'star') => fmt('scale', { maximum: 5, icon }),
	slider: (maximum = 10) => fmt('slider', { minimum: 0, maximum, step: 1, displayType: 'slider', showValue: true }),
};

/** `list[i]`, numbered once the list runs out ("Fernweh 2"), so display values stay unique. */
function nth(list: readonly string[], i: number): string {
	const round = Math.floor(i / list.length);
	return round === 0 ? list[i % list.length] : `${list[i % list.length]} ${round + 1}`;
}

const ascii = (s: string) =>
	s.toLowerCase().replace(/ä/g, 'ae').replace(/ö/g, 'oe').replace(/ü/g, 'ue').replace(/ß/g, 'ss').replace(/ë/g, 'e').replace(/é/g, 'e')
		.replace(/č/g, 'c').replace(/ć/g, 'c').replace(/[^a-z0-9]+/g, '.').replace(/^\.|\.$/g, '');
const domainOf = (company: string) => `${ascii(company).replace(/\.(gmbh|ltd|llp|co|ggmbh)$/g, '').replace(/\./g, '-')}.example`;
const round2 = (n: number) => Math.round(n * 100) / 100;
const isoDay = (dt: DateTime) => dt.toISODate()!;
const berlin = (iso: string) => DateTime.fromISO(iso, { zone: STUDIO_TIME_ZONE });

function buildTables(ctx: Ctx): Map<string, TableBuilder> {
	const n = (key: StudioTableKey) => ctx.counts.get(key) ?? 0;
	const table = (key: StudioTableKey) => {
		const b = new TableBuilder(ctx, key);
		ctx.builders.set(key, b);
		return b;
	};
	const refAt = (key: StudioTableKey, index: number): RowRefCell | null => (n(key) > 0 ? { kind: 'row', rowId: rowIdFor(ctx.seed, key, index % n(key)) } : null);
	/** A row of another table, anywhere in it: some were created after the row pointing at them. */
	const ref = (key: StudioTableKey) => (rng: Rng) => refAt(key, rng.int(0, Math.max(0, n(key) - 1)));
	const refs = (key: StudioTableKey, max: number) => (rng: Rng): Cell | null => {
		if (n(key) === 0) return null;
		const picked = Array.from({ length: rng.int(1, Math.min(max, n(key))) }, () => refAt(key, rng.int(0, n(key) - 1))!);
		return picked.filter((r, i) => picked.findIndex((o) => o.rowId === r.rowId) === i);
	};
	const contactName = (k: number) => (k < TEAM.length ? TEAM[k][0] : `${FIRST[(k + ctx.seed) % FIRST.length]} ${LAST[Math.floor((k + ctx.seed) / FIRST.length) % LAST.length]}${k >= TEAM.length + FIRST.length * LAST.length ? ` ${k}` : ''}`);
	const companyOfContact = (k: number) => (k < TEAM.length || n('clients') === 0 ? null : (k - TEAM.length) % n('clients'));
	const contactEmail = (k: number) => {
		const local = ascii(contactName(k)).replace(/\.(\d+)$/, '$1');
		if (k < TEAM.length) return `${local.split('.')[0]}@${STUDIO_DOMAIN}`;
		const company = companyOfContact(k);
		return `${local}@${company === null ? 'gmail.example' : domainOf(nth(COMPANIES, company))}`;
	};
	const person = (k: number): PersonCell => ({ kind: 'person', name: contactName(k), email: contactEmail(k) });
	/** Someone on the studio team (or, rarely, a freelancer who is not in Contacts). */
	const member = (rng: Rng): PersonCell => {
		const team = Math.min(TEAM.length, n('contacts'));
		if (team === 0 || rng.chance(0.06)) return { kind: 'person', name: 'Kai Freelance', email: 'kai@pixelhaus.example' };
		return person(rng.int(0, team - 1));
	};
	const members = (min: number, max: number) => (rng: Rng): Cell => {
		const picked = Array.from({ length: rng.int(min, max) }, () => member(rng));
		return picked.filter((p, i) => picked.findIndex((o) => o.email === p.email) === i);
	};
	const pick = <T extends Cell>(items: readonly T[]) => (rng: Rng) => rng.pick(items);
	const names = (options: ReadonlyArray<string | SelectOption>) => options.map((o) => (typeof o === 'string' ? o : o.name));
	const pickOption = (options: ReadonlyArray<string | SelectOption>) => pick(names(options));
	const pickSome = (options: ReadonlyArray<string | SelectOption>, max: number) => (rng: Rng): Cell => [...new Set(Array.from({ length: rng.int(1, max) }, () => rng.pick(names(options))))];
	/** A date between `from` and `to` (inclusive), as YYYY-MM-DD. */
	const day = (from: string, to: string) => (rng: Rng) => {
		const a = berlin(from);
		return isoDay(a.plus({ days: rng.int(0, Math.round(berlin(to).diff(a, 'days').days)) }));
	};
	/** A moment in Berlin; about a third of them close to midnight (late calls, nightly jobs). */
	const moment = (from: string, to: string, nearMidnight = 0.35) => (rng: Rng): number => {
		const date = day(from, to)(rng);
		const [h, m] = rng.chance(nearMidnight) ? rng.pick([[23, 30], [23, 45], [23, 59], [0, 0], [0, 5], [0, 30], [0, 45]] as const) : [rng.int(8, 19), rng.pick([0, 15, 30, 45])];
		return berlin(date).set({ hour: h, minute: m }).toMillis();
	};
	const at = (iso: string) => berlin(iso).toMillis();
	const money = (min: number, max: number, step = 50) => (rng: Rng) => round2(rng.int(Math.ceil(min / step), Math.floor(max / step)) * step + (rng.chance(0.2) ? rng.int(1, 99) / 100 : 0));
	const hours = (min: number, max: number) => (rng: Rng) => rng.int(min * 4, max * 4) * 900; // quarter hours, in seconds
	const sentence = (rng: Rng) => rng.pick(SENTENCES);
	const markdown = (rng: Rng) => rng.pick([
		`**Context:** ${sentence(rng)}\n\n- ${sentence(rng)}\n- ${sentence(rng)}`,
		`${sentence(rng)} See [the brief](https://docs.${STUDIO_DOMAIN}/brief-${rng.int(1, 40)}).`,
		`_${sentence(rng)}_`,
	]);
	const url = (path: string): UrlCell => ({ kind: 'url', url: `https://${path}`, name: path.split('/').pop() || path });
	const file = (rng: Rng, name: string): UrlCell => ({ kind: 'url', url: `https://codahosted.io/docs/${ctx.docId}/blobs/bl-${rng.int(100000, 999999)}/${name}`, name });
	const image = (rng: Rng, name: string): UrlCell => ({ kind: 'url', url: `https://images.example.com/northlight/${name}`, name, width: rng.pick([256, 512, 1200]), height: rng.pick([256, 630, 800]) });
	const pctOf = (rng: Rng, max = 100) => rng.int(0, max) / 100;

	// ---- Ventures
	const stage: SelectOption[] = [
		{ name: '💡 Idea', foregroundColor: '#8B6C1D', backgroundColor: '#FDF3D8' },
		{ name: '🔬 Validating', foregroundColor: '#A12B86', backgroundColor: '#F8E7F3' },
		{ name: '🛠 Building', foregroundColor: '#0F58BD', backgroundColor: '#DDEDFD' },
		{ name: '🚀 Launched', foregroundColor: '#187B34', backgroundColor: '#E2F8E8' },
		{ name: '⏸ Paused' }, { name: '🪦 Killed' },
	];
	table('ventures')
		.add('Venture', F.text(), (_r, i) => nth(VENTURES, i), { display: true })
		.add('Stage', F.select(stage), pickOption(stage), { first: ['🚀 Launched', '🛠 Building', '💡 Idea'] })
		.add('Type', F.select(['Internal', 'Client venture', 'Joint venture']), pickOption(['Internal', 'Client venture', 'Joint venture']))
		.add('Lead', F.person(), member, { empty: 0.05 })
		.add('Team', F.person(true), members(1, 4), { empty: 0.1 })
		.add('Partner', F.lookup('clients'), ref('clients'), { empty: 0.5 })
		.add('Started', F.date(), day('2024-01-15', '2026-09-30'))
		.add('Budget (EUR)', F.eur(), money(5_000, 250_000, 500), { empty: 0.15 })
		.add('Equity %', F.percent(), (rng) => rng.pick([0.05, 0.1, 0.15, 0.2, 0.25, 0.3, 0.51, 1]), { empty: 0.2, first: [0.15] })
		.add('Confidence', F.slider(), (rng) => rng.int(1, 10))
		.add('Runway (months)', F.number(), (rng) => rng.int(0, 24), { empty: 0.3 })
		.add('Areas', F.lookup('areas', true), refs('areas', 3), { empty: 0.2 })
		.add('Pitch', F.text(), markdown, { empty: 0.2 })
		.add('Website', F.link(), (_r, i) => url(`${ascii(nth(VENTURES, i)).replace(/\./g, '')}.example`), { empty: 0.4 });

	// ---- Projects
	const projectStatus = ['Not started', 'In progress', 'Blocked', 'Waiting on client', 'Done', 'Cancelled'];
	table('projects')
		.add('Project title', F.text(), (_r, i) => `${PROJECT_KINDS[i % PROJECT_KINDS.length]} – ${i % 3 === 2 ? nth(VENTURES, i % VENTURES.length) : nth(COMPANIES, i % COMPANIES.length)}`, { display: true })
		.add('Venture', F.lookup('ventures'), ref('ventures'), { empty: 0.35 })
		.add('Client', F.lookup('clients'), ref('clients'), { empty: 0.3 })
		.add('Status', F.select(projectStatus), pickOption(projectStatus), { first: ['In progress', 'Waiting on client'] })
		.add('Priority', F.select(['P0 🔥', 'P1', 'P2', 'P3']), pickOption(['P0 🔥', 'P1', 'P2', 'P3']), { empty: 0.1 })
		.add('Owner', F.person(), member, { empty: 0.05 })
		.add('Team', F.person(true), members(2, 5), { empty: 0.1, first: [[person(0), person(2), person(4)]] })
		.add('Kickoff', F.date(), day('2025-10-01', '2026-08-31'))
		.add('Due', F.date(), day('2026-01-15', '2026-12-18'), { empty: 0.15 })
		.add('Budget (EUR)', F.eur(), money(2_000, 120_000, 250), { empty: 0.2 })
		.add('Progress', F.percent(), (rng) => pctOf(rng), { empty: 0.1 })
		.add('Engagement', F.lookup('engagements'), ref('engagements'), { empty: 0.4 })
		.add('Risks', F.text(), (rng) => rng.pick(['Scope creep', 'Key person on holiday in August', 'Client data access still missing', 'Depends on Stripe approval', 'None right now']), { empty: 0.4 })
		.add('Brief', fmt('canvas'), markdown, { empty: 0.3 });

	// ---- Tasks
	const taskStatus = ['To Do', 'In Progress', 'In Review', 'Waiting on client', 'Done'];
	const taskTags = ['design', 'dev', 'copy', 'research', 'admin', '💸 billable', 'quick win'];
	table('tasks')
		.add('Task', F.text(), (rng) => `${rng.pick(TASK_VERBS)} ${rng.pick(TASK_OBJECTS)}`, { display: true })
		.add('Project', F.lookup('projects'), ref('projects'), { empty: 0.1 })
		.add('Sprint', F.lookup('sprints'), ref('sprints'), { empty: 0.3 })
		.add('Status', F.select(taskStatus), pickOption(taskStatus), { first: ['To Do', 'In Review', 'Waiting on client'] })
		.add('Owner', F.person(), member, { empty: 0.1 })
		.add('Due', F.date(), day('2025-11-03', '2026-12-18'), { empty: 0.15, first: ['2026-03-04', '2026-04-10', '2026-03-29', '2026-10-25'] })
		.add('Estimate (h)', F.text(), (rng) => rng.pick(['0.5', '1', '1.5', '2', '3', '4', '6', '8', '13', '2,5']), { empty: 0.2, first: ['1.5', '8', '0.5'] })
		.add('Time spent', F.duration(), hours(0.25, 16), { empty: 0.3, first: [5400, 28800] })
		.add('Tags', F.select(taskTags, true), pickSome(taskTags, 3), { empty: 0.25, first: [['design', '💸 billable']] })
		.add('Blocked by', F.lookup('tasks', true), refs('tasks', 2), { empty: 0.8 })
		.add('Deliverable', F.lookup('deliverables'), ref('deliverables'), { empty: 0.6 })
		.add('Done?', F.checkbox(), (rng) => rng.chance(0.35))
		.add('Notes', F.text(), (rng) => (rng.chance(0.5) ? markdown(rng) : sentence(rng)), { empty: 0.5 })
		.add('Label', F.text(), () => null, {
			calculated: true, formula: 'Concatenate(thisRow.Task, " · ", thisRow.Status)',
			compute: (cell) => {
				const task = cell('Task');
				return typeof task === 'string' ? `${task} · ${String(cell('Status') ?? '')}` : null;
			},
		})
		.add('Mark done', fmt('button', { label: 'Mark done', action: 'ModifyRows(thisRow, thisRow.[Done?], true)', disableIf: 'thisRow.[Done?]' }), () => null, { calculated: true, compute: () => 'Mark done' });

	// ---- Sprints (two weeks each, Monday to Friday of the next week)
	table('sprints')
		.add('Sprint', F.text(), (_r, i) => `Sprint ${i + 1} · ${SPRINT_THEMES[i % SPRINT_THEMES.length]}`, { display: true })
		.add('Start', F.date(), (_r, i) => isoDay(berlin('2025-11-03').plus({ weeks: 2 * i })))
		.add('End', F.date(), (_r, i) => isoDay(berlin('2025-11-03').plus({ weeks: 2 * i, days: 11 })))
		.add('Status', F.select(['Planned', 'Active', 'Closed']), (_r, i) => (i < 12 ? 'Closed' : i === 12 ? 'Active' : 'Planned'))
		.add('Venture', F.lookup('ventures'), ref('ventures'), { empty: 0.2 })
		.add('Goal', F.text(), (rng) => rng.pick(['Ship onboarding v2', 'Get invoicing live', 'Close the beta cohort', 'Fix the top 10 bugs', 'Prepare the launch']))
		.add('Velocity (pts)', F.number(), (rng) => rng.int(8, 42), { empty: 0.4 })
		.add('Team', F.person(true), members(2, 4))
		.add('Retro', F.text(), markdown, { empty: 0.5 });

	// ---- Clients
	const clientType = ['Client', 'Prospect', 'Partner', 'Investor', 'Vendor'];
	table('clients')
		.add('Client', F.text(), (_r, i) => nth(COMPANIES, i), { display: true })
		.add('Type', F.select(clientType), pickOption(clientType), { first: ['Client', 'Client', 'Prospect'] })
		.add('Industry', F.select(INDUSTRIES, true), pickSome(INDUSTRIES, 2), { empty: 0.1 })
		.add('Main contact', F.lookup('contacts'), (rng, i) => {
			// A contact who works there (Contacts rows after the team are spread over the clients), else anyone.
			const k = TEAM.length + i;
			return k < n('contacts') ? refAt('contacts', k) : ref('contacts')(rng);
		}, { empty: 0.1 })
		.add('Account lead', F.person(), member, { empty: 0.1 })
		.add('City', F.text(), (_r, i) => CITIES[i % CITIES.length][0])
		.add('Postcode', F.text(), (_r, i) => CITIES[i % CITIES.length][1], { empty: 0.1 })
		.add('Country', F.select([...new Set(CITIES.map((c) => c[2]))]), (_r, i) => CITIES[i % CITIES.length][2])
		.add('VAT ID', F.text(), (rng, i) => (CITIES[i % CITIES.length][2].includes('UK') ? `GB${rng.int(100000000, 999999999)}` : `DE${rng.int(100000000, 999999999)}`), { empty: 0.3 })
		.add('Website', F.link(), (_r, i) => url(`www.${domainOf(nth(COMPANIES, i))}`), { empty: 0.1 })
		.add('Logo', F.image(), (rng, i) => image(rng, `${ascii(nth(COMPANIES, i)).replace(/\./g, '-')}.png`), { empty: 0.4 })
		.add('Client since', F.date(), day('2022-03-01', '2026-10-01'), { empty: 0.3 })
		.add('Lifetime value (EUR)', F.eur(), money(0, 400_000, 100), { empty: 0.3 })
		.add('Internal notes', F.text(), sentence, { empty: 0.4, hidden: true });

	// ---- Contacts (the studio team first, then people at clients)
	const channels = ['WhatsApp', 'Email', 'Signal', 'LinkedIn', 'Phone'];
	table('contacts')
		.add('Full name', F.text(), (_r, i) => contactName(i), { display: true })
		.add('Email', F.email(), (_r, i) => contactEmail(i))
		.add('Company', F.lookup('clients'), (_r, i) => {
			const c = companyOfContact(i);
			return c === null ? null : refAt('clients', c);
		})
		.add('Role', F.text(), (rng, i) => (i < TEAM.length ? TEAM[i][1] : rng.pick(['CEO', 'Head of Marketing', 'CTO', 'Office manager', 'Founder', 'Product owner', 'CFO', 'Procurement'])), { empty: 0.1 })
		.add('Studio team', F.checkbox('toggle'), (_r, i) => i < TEAM.length)
		.add('Preferred channel', F.select(channels), pickOption(channels), { empty: 0.2, first: ['WhatsApp', 'Email'] })
		.add('Phone', F.text(), (rng) => (rng.chance(0.7) ? `+49 1${rng.int(50, 79)} ${rng.int(1000000, 9999999)}` : `+44 7${rng.int(100, 999)} ${rng.int(100000, 999999)}`), { empty: 0.25 })
		.add('Tags', F.select(['Decision maker', 'Champion', 'Finance', 'Tech', 'Friend of the studio'], true), pickSome(['Decision maker', 'Champion', 'Finance', 'Tech', 'Friend of the studio'], 2), { empty: 0.4 })
		.add('LinkedIn', F.link(), (_r, i) => url(`www.linkedin.com/in/${ascii(contactName(i)).replace(/\./g, '-')}`), { empty: 0.3 })
		.add('Birthday', F.date(), day('1970-01-01', '2000-12-31'), { empty: 0.7 })
		.add('Last contact', F.date(), day('2025-11-01', '2026-11-30'), { empty: 0.2 });

	// ---- Pipeline
	const dealStage: Array<[string, number]> = [['🌱 Lead', 0.05], ['Qualified', 0.15], ['Proposal sent', 0.4], ['Negotiation', 0.7], ['Won 🎉', 1], ['Lost', 0]];
	const sources = ['Referral', 'LinkedIn', 'WhatsApp', 'Website', 'Event', 'Cold email'];
	const pipeline = table('pipeline');
	pipeline
		.add('Opportunity', F.text(), (rng, i) => `${nth(COMPANIES, (i * 7) % COMPANIES.length)} – ${rng.pick(PROJECT_KINDS)}`, { display: true })
		.add('Client', F.lookup('clients'), (_r, i) => refAt('clients', (i * 7) % COMPANIES.length), { empty: 0.05 })
		.add('Contact', F.lookup('contacts'), ref('contacts'), { empty: 0.15 })
		.add('Stage', F.select(dealStage.map(([s]) => s)), (rng) => rng.pick(dealStage)[0], { first: ['Qualified', 'Won 🎉', 'Lost'] })
		.add('Probability %', F.percent(), (_r, i) => dealStage.find(([s]) => s === pipeline.value('Stage', i))?.[1] ?? null, { first: [0.15, 1, 0] })
		.add('Value (EUR)', F.eur(), money(1_500, 180_000, 500), { empty: 0.1 })
		.add('Expected close', F.date(), day('2025-12-01', '2026-12-31'), { empty: 0.2 })
		.add('Owner', F.person(), member)
		.add('Source', F.select(sources), pickOption(sources), { empty: 0.15 })
		.add('Offer', F.lookup('offers'), ref('offers'), { empty: 0.3 })
		.add('Next step', F.text(), (rng) => rng.pick(['Send proposal', 'Book discovery call', 'Chase on WhatsApp', 'Wait for budget approval', 'Intro to Ben']), { empty: 0.3 });

	// ---- Offers
	const offerNames = ['Discovery Sprint', 'Automation Audit', 'MVP in 6 Weeks', 'Brand Sprint', 'Fractional CTO', 'Growth Retainer',
		'AI Workflow Bootcamp', 'Pricing Workshop', 'Founder Coaching', 'Data Health Check'];
	const formats = ['Workshop', 'Sprint', 'Retainer', 'Audit', 'Coaching'];
	const offers = table('offers');
	offers
		.add('Offer', F.text(), (_r, i) => nth(offerNames, i), { display: true })
		.add('Format', F.select(formats), pickOption(formats))
		.add('Price (EUR)', F.eur(), money(900, 60_000, 100))
		.add('Price (GBP)', F.gbp(), (_r, i) => {
			const eur = offers.value('Price (EUR)', i);
			return typeof eur === 'number' ? Math.round((eur * 0.86) / 10) * 10 : null; // the UK price list, rounded
		}, { empty: 0.3 })
		.add('Length', F.duration('days'), (rng) => rng.int(1, 30) * 86_400, { empty: 0.1 })
		.add('Service', F.lookup('service-menu'), ref('service-menu'), { empty: 0.2 })
		.add('Live?', F.checkbox('toggle'), (rng) => rng.chance(0.7))
		.add('Pitch', F.text(), markdown, { empty: 0.2 });

	// ---- Engagements
	const billing = ['Fixed fee', 'Time & materials', 'Retainer', 'Equity for work'];
	const engagementStatus = ['Proposal sent', 'Signed', 'Active', 'Wrapped up', 'Lost'];
	const engagements = table('engagements');
	engagements
		.add('Engagement', F.text(), (rng, i) => `${nth(COMPANIES, (i * 5) % COMPANIES.length)} · ${rng.pick(offerNames)}`, { display: true })
		.add('Client', F.lookup('clients'), (_r, i) => refAt('clients', (i * 5) % COMPANIES.length))
		.add('Offer', F.lookup('offers'), ref('offers'), { empty: 0.1 })
		.add('Billing', F.select(billing), pickOption(billing), { first: ['Time & materials', 'Retainer'] })
		.add('Status', F.select(engagementStatus), pickOption(engagementStatus))
		.add('Start', F.date(), day('2025-09-01', '2026-09-30'))
		.add('End', F.date(), (rng, i) => {
			const start = engagements.value('Start', i);
			return typeof start === 'string' ? isoDay(berlin(start).plus({ days: rng.int(14, 240) })) : null;
		}, { empty: 0.25 })
		.add('Contract value (EUR)', F.eur(), money(3_000, 200_000, 500), { empty: 0.15 })
		.add('Day rate (GBP)', F.gbp(), money(650, 1_400, 50), { empty: 0.6 })
		.add('Client contact', F.lookup('contacts'), ref('contacts'), { empty: 0.2 })
		.add('Studio lead', F.person(), member)
		.add('Contract', F.files(), (rng, i) => [file(rng, `SOW-${2025 + (i % 2)}-${String(i + 1).padStart(3, '0')}.pdf`)], { empty: 0.4 });

	// ---- Deliverables
	const deliverableStatus = ['Drafting', 'In Review', 'Sent', 'Accepted ✅', 'Changes requested'];
	table('deliverables')
		.add('Deliverable', F.text(), (rng) => rng.pick(['Research report', 'Clickable prototype', 'Brand guidelines PDF', 'n8n workflow handover', 'Pricing model (xlsx)',
			'Landing page', 'Interview synthesis', 'Roadmap deck', 'Data dashboard', 'Training video']), { display: true })
		.add('Project', F.lookup('projects'), ref('projects'), { empty: 0.1 })
		.add('Engagement', F.lookup('engagements'), ref('engagements'), { empty: 0.3 })
		.add('Due', F.date(), day('2025-11-15', '2026-12-15'))
		.add('Status', F.select(deliverableStatus), pickOption(deliverableStatus))
		.add('Owner', F.person(), member, { empty: 0.1 })
		.add('Link', F.link(), (rng) => url(`drive.example/northlight/d-${rng.int(1000, 9999)}`), { empty: 0.3 })
		.add('Files', F.files(), (rng) => [file(rng, rng.pick(['handover.pdf', 'prototype.fig', 'report.docx', 'model.xlsx']))], { empty: 0.5 })
		.add('Accepted on', F.date(), day('2025-12-01', '2026-12-20'), { empty: 0.6 });

	// ---- Invoices (the number is text: "2026-014")
	const invoiceStatus = ['Draft', 'Sent', 'Paid', 'Overdue', 'Written off'];
	const invoices = table('invoices');
	invoices
		.add('Invoice #', F.text(), (_r, i) => `${i < 12 ? 2025 : 2026}-${String(i + 1).padStart(3, '0')}`, { display: true })
		.add('Client', F.lookup('clients'), ref('clients'))
		.add('Engagement', F.lookup('engagements'), ref('engagements'), { empty: 0.2 })
		.add('Contact', F.lookup('contacts'), ref('contacts'), { empty: 0.3 })
		.add('Issued', F.date(), (rng, i) => isoDay(START.plus({ days: Math.floor((i * 360) / Math.max(1, n('invoices'))) + rng.int(0, 4) })))
		.add('Due', F.date(), (_r, i) => {
			const issued = invoices.value('Issued', i);
			return typeof issued === 'string' ? isoDay(berlin(issued).plus({ days: 14 })) : null;
		})
		.add('Amount (EUR)', F.eur(), money(400, 48_000, 50), { first: [4250, 12_800.5] })
		.add('VAT %', F.percent(), (rng) => rng.pick([0.19, 0.19, 0.19, 0, 0.07]))
		.add('Status', F.select(invoiceStatus), pickOption(invoiceStatus))
		.add('PDF', F.files(), (_r, i) => [file(rngFor(ctx.seed, 'studio-pdf', i), `Invoice-${i < 12 ? 2025 : 2026}-${String(i + 1).padStart(3, '0')}.pdf`)], { empty: 0.15 });

	// ---- Payments (against invoices; the bank reference is digits kept as text)
	const payments = table('payments');
	payments
		.add('Payment ref', F.text(), (_r, i) => `P-${4100 + i}`, { display: true })
		.add('Invoice', F.lookup('invoices'), (rng) => ref('invoices')(rng), { empty: 0.05 })
		.add('Received', F.date(), day('2025-11-10', '2026-12-20'))
		.add('Amount (EUR)', F.eur(), (rng, i) => {
			const inv = payments.value('Invoice', i);
			const invIndex = inv && !Array.isArray(inv) && typeof inv === 'object' && inv.kind === 'row' ? indexOfRow(ctx, 'invoices', inv.rowId) : -1;
			const full = invIndex >= 0 ? invoices.value('Amount (EUR)', invIndex) : null;
			if (typeof full === 'number') return rng.chance(0.8) ? full : round2(full / 2);
			return money(400, 20_000)(rng);
		})
		.add('Method', F.select(['SEPA', 'Stripe', 'PayPal', 'Wise']), pickOption(['SEPA', 'Stripe', 'PayPal', 'Wise']))
		.add('Bank ref', F.text(), (rng) => String(rng.int(1, 999_999_999)).padStart(12, '0'), { empty: 0.3 })
		.add('Reconciled', F.checkbox(), (rng) => rng.chance(0.8));

	// ---- Expenses
	const categories = ['Meals', 'Travel', 'Software', 'Contractors', 'Office', 'Hardware', 'Events'];
	const expenseWhat: Record<string, string[]> = {
		Meals: ['Lunch with Okapi team', 'Team dinner after launch', 'Coffee with investor'], Travel: ['Train Berlin–Hamburg', 'Flight to London (client)', 'Taxi from BER'],
		Software: ['Figma seats', 'Coda Team plan', 'n8n cloud', 'Google Workspace'], Contractors: ['Illustrations (Kai)', 'Copywriting (freelance)'],
		Office: ['Coworking desk', 'Printer paper & toner'], Hardware: ['MacBook charger', 'Webcam for the meeting room'], Events: ['Meetup tickets', 'Booth at Startup Night'],
	};
	const expenses = table('expenses');
	expenses
		.add('Expense', F.text(), (rng, i) => rng.pick(expenseWhat[String(expenses.value('Category', i))] ?? ['Misc']), { display: true })
		.add('Category', F.select(categories), pickOption(categories), { first: ['Meals', 'Travel', 'Software'] })
		.add('When', F.date(), day('2025-11-01', '2026-11-30'))
		.add('Amount (EUR)', F.eur(), money(5, 3_000, 1), { empty: 0.05, first: [48.5] })
		.add('Amount (GBP)', F.gbp(), money(5, 900, 1), { empty: 0.85 })
		.add('Paid by', F.person(), member)
		.add('Vendor', F.text(), (rng) => rng.pick(['Deutsche Bahn', 'Figma', 'Coda', 'n8n GmbH', 'Lieferando', 'Betahaus', 'Amazon', 'British Airways']), { empty: 0.1 })
		.add('Project', F.lookup('projects'), ref('projects'), { empty: 0.5 })
		.add('Venture', F.lookup('ventures'), ref('ventures'), { empty: 0.6 })
		.add('Receipt', F.files(), (rng) => [file(rng, `receipt-${rng.int(1000, 9999)}.jpg`)], { empty: 0.3 })
		.add('Receipt no.', F.text(), (rng) => String(rng.int(1, 99999)).padStart(6, '0'), { empty: 0.4 })
		.add('Reimbursed?', F.checkbox(), (rng) => rng.chance(0.6));

	// ---- Monthly Numbers ("Mar 2026"), from November 2025
	const monthStart = (i: number) => START.plus({ months: i });
	table('monthly-numbers')
		.add('Month', F.text(), (_r, i) => monthStart(i).setLocale('en').toFormat('LLL yyyy'), { display: true })
		.add('Month start', F.date(), (_r, i) => isoDay(monthStart(i)))
		.add('Revenue (EUR)', F.eur(), money(18_000, 140_000, 10))
		.add('Costs (EUR)', F.eur(), money(15_000, 90_000, 10))
		.add('Cash (EUR)', F.eur(), money(40_000, 600_000, 10))
		.add('Gross margin', F.percent(), (rng) => rng.int(20, 68) / 100)
		.add('Runway (months)', F.number(1), (rng) => rng.int(30, 240) / 10)
		.add('Headcount', F.text(), (rng) => String(rng.int(6, 11)))
		.add('Closed?', F.checkbox('toggle'), (_r, i) => i < 12)
		.add('Comment', F.text(), sentence, { empty: 0.5 });

	// ---- Meetings & Calls (date-times near midnight, across both DST changes)
	const meetingChannels = ['WhatsApp', 'Zoom', 'Google Meet', 'Phone', 'In person', 'Email'];
	table('meetings')
		.add('Meeting', F.text(), (rng, i) => `${rng.pick(['Kickoff', 'Weekly check-in', 'Discovery call', 'Demo', 'Retro', 'Pricing chat', 'Late call'])} · ${nth(COMPANIES, (i * 3) % COMPANIES.length)}`, { display: true })
		.add('When', F.dateTime(), moment('2025-11-01', '2026-12-15'), {
			first: [at('2026-03-29T00:30'), at('2026-10-25T00:15'), at('2026-03-28T23:45'), at('2026-07-01T00:00'), at('2025-12-31T23:59')],
		})
		.add('Length', F.duration('hours'), (rng) => rng.pick([15, 30, 45, 60, 90]) * 60, { first: [1800, 3600] })
		.add('Channel', F.select(meetingChannels), pickOption(meetingChannels), { first: ['WhatsApp', 'Zoom'] })
		.add('Client', F.lookup('clients'), (_r, i) => refAt('clients', (i * 3) % COMPANIES.length), { empty: 0.1 })
		.add('Attendees', F.lookup('contacts', true), refs('contacts', 4), { empty: 0.1 })
		.add('Studio side', F.person(true), members(1, 3), { first: [[person(0), person(7)]] })
		.add('Deal', F.lookup('pipeline'), ref('pipeline'), { empty: 0.6 })
		.add('Reminder at', F.time(), (rng) => `${String(rng.int(7, 21)).padStart(2, '0')}:${rng.pick(['00', '15', '30', '45'])}:00`, { empty: 0.6 })
		.add('Follow-up by', F.date(), day('2025-11-05', '2026-12-20'), { empty: 0.4 })
		.add('Recording', F.link(), (rng) => url(`meet.example/rec/${rng.int(100000, 999999)}`), { empty: 0.7 })
		.add('Notes', F.text(), (rng) => (rng.chance(0.5) ? markdown(rng) : sentence(rng)), { empty: 0.3 });

	// ---- Notes (row 0 holds a 50 KB body)
	table('notes')
		.add('Note', F.text(), (rng) => rng.pick(['Call notes', 'Research: competitors', 'Pricing thoughts', 'Reading notes', 'Workshop recap', 'Interview #',
			'Ideas from the offsite', 'Tooling comparison']) + (rng.chance(0.5) ? ` (${rng.pick(COMPANIES)})` : ''), { display: true, first: ['Offsite 2026 – full transcript'] })
		.add('Kind', F.select(['Meeting notes', 'Research', 'Idea', 'Reference']), pickOption(['Meeting notes', 'Research', 'Idea', 'Reference']))
		.add('Topics', F.lookup('topics', true), refs('topics', 3), { empty: 0.2 })
		.add('Body', F.text(), (rng) => (rng.chance(0.6) ? markdown(rng) : sentence(rng)), { empty: 0.1, first: [bigBody(ctx.seed)] })
		.add('Author', F.person(), member)
		.add('Written', F.dateTime(), moment('2025-11-01', '2026-11-30'))
		.add('Meeting', F.lookup('meetings'), ref('meetings'), { empty: 0.6 })
		.add('Source', F.link(), (rng) => url(`www.example.com/article-${rng.int(1, 500)}`), { empty: 0.6 });

	// ---- Topics (nested; a select list without fixed options: Coda lists none)
	table('topics')
		.add('Topic', F.text(), (_r, i) => nth(TOPIC_NAMES, i), { display: true })
		.add('Parent topic', F.lookup('topics'), (rng, i) => (i < 5 ? null : refAt('topics', rng.int(0, 4))), { empty: 0.2 })
		.add('Owner', F.person(), member, { empty: 0.3 })
		.add('Labels', F.select(undefined, true), pickSome(['evergreen', 'hot', 'client-facing', 'internal'], 2), { empty: 0.4 })
		.add('Description', F.text(), sentence, { empty: 0.3 });

	// ---- Idea Inbox
	const ideaStatus = ['New', 'Discussing', 'Parked 🅿️', 'Turned into venture', 'Nope'];
	const themes = ['AI', 'Climate', 'Local business', 'B2B SaaS', 'Marketplace', 'Community'];
	table('ideas')
		.add('Idea', F.text(), (rng) => rng.pick(['WhatsApp bot for bakeries', 'Marketplace for used lab gear', 'Coda template shop', 'Invoice chasing as a service',
			'Kiez newsletter platform', 'AI intake for law firms', 'Shared e-cargo bikes for shops', 'Carbon receipts for SMEs', 'Booking tool for saunas']), { display: true })
		.add('Submitted by', F.person(), member)
		.add('Submitted', F.dateTime(), moment('2025-11-01', '2026-11-30', 0.5))
		.add('Status', F.select(ideaStatus), pickOption(ideaStatus))
		.add('Themes', F.select(themes, true), pickSome(themes, 3), { empty: 0.2 })
		.add('Topics', F.lookup('topics', true), refs('topics', 2), { empty: 0.4 })
		.add('Effort', F.slider(), (rng) => rng.int(1, 10), { empty: 0.3 })
		.add('Impact', F.scale('fire'), (rng) => rng.int(1, 5), { empty: 0.3 })
		.add('Votes', fmt('reaction', {}, true), members(1, 4), { empty: 0.3 })
		.add('Venture', F.lookup('ventures'), ref('ventures'), { empty: 0.85 });

	// ---- Experiments
	const experimentStatus = ['Planned', 'Running', 'Validated ✅', 'Invalidated ❌', 'Inconclusive'];
	const experiments = table('experiments');
	experiments
		.add('Hypothesis', F.text(), (rng) => `If we ${rng.pick(['add a free trial', 'cut the price by 20 %', 'send a WhatsApp reminder', 'show testimonials', 'offer annual billing'])}, ${rng.pick(['sign-ups', 'conversion', 'retention', 'replies'])} will go up`, { display: true })
		.add('Venture', F.lookup('ventures'), ref('ventures'), { empty: 0.1 })
		.add('Metric', F.text(), (rng) => rng.pick(['Trial → paid', 'Reply rate', 'Week-4 retention', 'Landing page CVR']))
		.add('Target', F.percent(), (rng) => rng.int(5, 40) / 100)
		.add('Actual', F.percent(), (rng) => rng.int(0, 45) / 100, { empty: 0.35 })
		.add('Status', F.select(experimentStatus), pickOption(experimentStatus))
		.add('Start', F.date(), day('2025-11-01', '2026-10-31'))
		.add('End', F.date(), (rng, i) => {
			const start = experiments.value('Start', i);
			return typeof start === 'string' ? isoDay(berlin(start).plus({ days: rng.int(7, 42) })) : null;
		}, { empty: 0.3 })
		.add('Owner', F.person(), member)
		.add('Learnings', F.text(), markdown, { empty: 0.4 });

	// ---- Decision Log
	table('decisions')
		.add('Decision', F.text(), (rng) => rng.pick(['Stop hourly billing for small clients', 'Hire a second automation engineer', 'Move invoicing to Coda + n8n',
			'Kill Quietroom', 'Open a London desk', 'Raise day rate to €1,200', 'Say no to agency white-labelling', 'Use EUR for all UK quotes']), { display: true })
		.add('Decided on', F.date(), day('2025-11-01', '2026-11-30'))
		.add('Decided by', F.person(true), members(1, 3))
		.add('Context', F.text(), markdown, { empty: 0.2 })
		.add('Options considered', F.text(), (rng) => `A) ${sentence(rng)}\nB) ${sentence(rng)}`, { empty: 0.4 })
		.add('Risk level', F.select(['Low', 'Medium', 'High 🔥']), pickOption(['Low', 'Medium', 'High 🔥']))
		.add('Outcome', F.select(['Too early to tell', 'Good call', 'Bad call']), pickOption(['Too early to tell', 'Good call', 'Bad call']), { empty: 0.3 })
		.add('Revisit on', F.date(), day('2026-01-01', '2027-03-31'), { empty: 0.5 })
		.add('Venture', F.lookup('ventures'), ref('ventures'), { empty: 0.5 });

	// ---- OKRs (objectives with their key results, nested)
	const quarters = ['Q1 2026', 'Q2 2026', 'Q3 2026', 'Q4 2026'];
	const isObjective = (i: number) => i % 4 === 0;
	table('okrs')
		.add('Objective / KR', F.text(), (rng, i) => (isObjective(i)
			? rng.pick(['Become the go-to automation studio in Berlin', 'Make the studio profitable', 'Launch two ventures', 'Build a team we love'])
			: `KR: ${rng.pick(['10 paying clients', '€50k MRR', '3 case studies published', 'NPS above 60', 'Runway > 12 months'])}`), { display: true })
		.add('Level', F.select(['Objective', 'Key result']), (_r, i) => (isObjective(i) ? 'Objective' : 'Key result'))
		.add('Parent', F.lookup('okrs'), (_r, i) => (isObjective(i) ? null : refAt('okrs', i - (i % 4))))
		.add('Quarter', F.select(quarters), (_r, i) => quarters[Math.floor(i / 4) % quarters.length])
		.add('Owner', F.person(), member)
		.add('Progress', F.percent(), (rng) => pctOf(rng))
		.add('Confidence', F.slider(), (rng) => rng.int(1, 10), { empty: 0.3 })
		.add('Target', F.number(), (rng) => rng.int(3, 60), { empty: 0.3 })
		.add('Current', F.number(), (rng) => rng.int(0, 60), { empty: 0.3 })
		.add('Area', F.lookup('areas'), ref('areas'), { empty: 0.3 });

	// ---- KPIs
	table('kpis')
		.add('KPI', F.text(), (_r, i) => nth(['MRR', 'Billable utilisation', 'Pipeline value', 'Avg. days to pay', 'Active clients', 'Runway', 'Workflow success rate', 'NPS'], i), { display: true })
		.add('Unit', F.select(['€', '%', '#', 'days']), pickOption(['€', '%', '#', 'days']))
		.add('Target', F.number(1), (rng) => rng.int(10, 900) / 10)
		.add('Actual', F.number(1), (rng) => rng.int(0, 900) / 10, { empty: 0.1 })
		.add('Progress', F.percent(), (rng) => pctOf(rng, 130))
		.add('Trend', F.select(['📈 Up', '📉 Down', '➡️ Flat']), pickOption(['📈 Up', '📉 Down', '➡️ Flat']))
		.add('Owner', F.person(), member)
		.add('Area', F.lookup('areas'), ref('areas'), { empty: 0.2 })
		.add('Updated', F.date(), day('2026-01-01', '2026-11-30'));

	// ---- Client Wins
	table('wins')
		.add('Win', F.text(), (rng, i) => `${nth(COMPANIES, (i * 11) % COMPANIES.length)}: ${rng.pick(['invoicing time halved', 'first 100 customers', 'churn down 3 points', 'launched in 6 weeks', 'saved 20 h / week'])}`, { display: true })
		.add('Client', F.lookup('clients'), (_r, i) => refAt('clients', (i * 11) % COMPANIES.length))
		.add('Project', F.lookup('projects'), ref('projects'), { empty: 0.2 })
		.add('Outcome type', F.lookup('outcome-types'), ref('outcome-types'), { empty: 0.1 })
		.add('Before', F.number(1), (rng) => rng.int(10, 500) / 10, { empty: 0.3 })
		.add('After', F.number(1), (rng) => rng.int(10, 900) / 10, { empty: 0.3 })
		.add('Uplift', F.percent(), (rng) => rng.int(5, 250) / 100, { empty: 0.2 })
		.add('Value for client (GBP)', F.gbp(), money(1_000, 90_000, 500), { empty: 0.4 })
		.add('Quote', F.text(), (rng) => rng.pick(['"They just got it."', '"Best money we spent this year."', '"Our team finally trusts the numbers."']), { empty: 0.4 })
		.add('OK to publish?', F.checkbox(), (rng) => rng.chance(0.5));

	// ---- Outcome Types and Areas (small lists the owner keeps tidy; display column "Name")
	table('outcome-types')
		.add('Name', F.text(), (_r, i) => nth(['Revenue', 'Cost saving', 'Time saved', 'Speed to market', 'Quality', 'Risk reduction', 'Learning', 'Reach'], i), { display: true })
		.add('Colour', F.select(['Green', 'Blue', 'Orange', 'Grey']), pickOption(['Green', 'Blue', 'Orange', 'Grey']))
		.add('Description', F.text(), sentence, { empty: 0.4 });
	table('areas')
		.add('Name', F.text(), (_r, i) => nth(['Sales', 'Delivery', 'Finance', 'Ops', 'Marketing', 'Product', 'People', 'Legal', 'Automation', 'Research'], i), { display: true })
		.add('Part of', F.lookup('areas'), (rng, i) => (i < 4 ? null : refAt('areas', rng.int(0, 3))), { empty: 0.3 })
		.add('Lead', F.person(), member, { empty: 0.2 })
		.add('Description', F.text(), sentence, { empty: 0.4 });

	// ---- Daily Log
	const logDay = (i: number) => START.plus({ days: 2 + Math.floor(i * 1.4) });
	const daily = table('daily-log');
	daily
		.add('Entry', F.text(), (_r, i) => `${String(daily.value('Kind', i))} · ${logDay(i).setLocale('en').toFormat('ccc d LLL')}`, { display: true })
		.add('Date', F.date(), (_r, i) => isoDay(logDay(i)))
		.add('Kind', F.select(['Standup', 'Journal', 'Weekly review']), pick(['Standup', 'Standup', 'Journal', 'Weekly review']))
		.add('Who', F.person(), member)
		.add('Mood', F.scale('smiley'), (rng) => rng.int(1, 5), { empty: 0.2 })
		.add('Hours logged', F.duration(), hours(0, 11), { empty: 0.2 })
		.add('Wins', F.text(), sentence, { empty: 0.3 })
		.add('Blockers', F.text(), (rng) => rng.pick(['Waiting on client', 'None', 'Laptop died', 'Unclear scope']), { empty: 0.5 });

	// ---- Service Menu, Workflows, Playbooks, Templates, Runs, Playbook Stats
	const serviceCats = ['Strategy', 'Product', 'Automation', 'Growth'];
	table('service-menu')
		.add('Service', F.text(), (_r, i) => nth(['Discovery & research', 'MVP development', 'Process automation', 'Brand & positioning', 'Growth experiments',
			'Data & dashboards', 'Fractional leadership', 'AI enablement'], i), { display: true })
		.add('Category', F.select(serviceCats), pickOption(serviceCats))
		.add('Owner', F.person(), member)
		.add('Typical length', F.duration('days'), (rng) => rng.int(2, 60) * 86_400, { empty: 0.2 })
		.add('Day rate (EUR)', F.eur(), money(800, 1_600, 50))
		.add('Playbooks', F.lookup('playbooks', true), refs('playbooks', 3), { empty: 0.3 })
		.add('Offered?', F.checkbox('toggle'), (rng) => rng.chance(0.8))
		.add('Description', F.text(), markdown, { empty: 0.3 });
	const health = ['🟢 Healthy', '🟡 Flaky', '🔴 Broken'];
	table('workflows')
		.add('Workflow', F.text(), (_r, i) => nth(['Invoice reminders', 'New lead → Coda', 'Weekly KPI digest', 'Client onboarding', 'Expense receipts OCR', 'Nightly Coda → Postgres sync',
			'WhatsApp intake', 'Contract e-signature'], i), { display: true })
		.add('Service', F.lookup('service-menu'), ref('service-menu'), { empty: 0.3 })
		.add('Trigger', F.select(['Manual', 'Schedule', 'Webhook', 'Form']), pickOption(['Manual', 'Schedule', 'Webhook', 'Form']))
		.add('Automated?', F.checkbox('toggle'), (rng) => rng.chance(0.75))
		.add('n8n link', F.link(), (rng) => url(`n8n.${STUDIO_DOMAIN}/workflow/${rng.int(1, 300)}`), { empty: 0.3 })
		.add('Owner', F.person(), member)
		.add('Area', F.lookup('areas'), ref('areas'), { empty: 0.3 })
		.add('Health', F.select(health), pickOption(health));
	const playbookStatus = ['Draft', 'Live', 'Retired'];
	table('playbooks')
		.add('Playbook', F.text(), (_r, i) => nth(['Client onboarding', 'Discovery sprint', 'Monthly close', 'Offboarding', 'Launch checklist', 'Hiring loop', 'Quarterly planning'], i), { display: true })
		.add('Workflow', F.lookup('workflows'), ref('workflows'), { empty: 0.3 })
		.add('Steps', F.number(), (rng) => rng.int(3, 24))
		.add('Version', F.text(), (rng) => `v${rng.int(1, 4)}.${rng.int(0, 9)}`)
		.add('Owner', F.person(), member)
		.add('Est. time', F.duration(), hours(0.5, 40), { empty: 0.2 })
		.add('Status', F.select(playbookStatus), pickOption(playbookStatus))
		.add('Last reviewed', F.date(), day('2025-06-01', '2026-11-30'), { empty: 0.3 })
		.add('Templates', F.lookup('templates', true), refs('templates', 4), { empty: 0.3 });
	const templateKinds = ['Checklist', 'Doc', 'Prompt', 'Spreadsheet', 'Code snippet'];
	table('templates')
		.add('Template', F.text(), (rng) => rng.pick(['Kickoff agenda', 'SOW template', 'Invoice template', 'Retro board', 'Interview script', 'Handover checklist',
			'Pricing calculator', 'n8n error handler', 'Brand questionnaire']), { display: true })
		.add('Kind', F.select(templateKinds), pickOption(templateKinds))
		.add('Playbook', F.lookup('playbooks'), ref('playbooks'), { empty: 0.2 })
		.add('Link', F.link(), (rng) => url(`drive.example/northlight/t-${rng.int(100, 999)}`), { empty: 0.2 })
		.add('File', F.files(), (rng) => [file(rng, rng.pick(['template.docx', 'checklist.pdf', 'calc.xlsx', 'snippet.js']))], { empty: 0.5 })
		.add('Times used', F.number(), (rng) => rng.int(0, 120))
		.add('Owner', F.person(), member, { empty: 0.2 });
	const runResult = ['✅ Success', 'Failed', '⏳ Running', 'Skipped'];
	table('runs')
		.add('Run', F.text(), (rng, i) => `#${1042 + i} ${rng.pick(['Invoice reminders', 'Nightly sync', 'KPI digest', 'Lead intake', 'Receipt OCR'])}`, { display: true })
		.add('Workflow', F.lookup('workflows'), ref('workflows'), { empty: 0.05 })
		.add('Result', F.select(runResult), (rng) => rng.pick(['✅ Success', '✅ Success', '✅ Success', 'Failed', 'Skipped', '⏳ Running']), { first: ['Failed', '✅ Success'] })
		.add('Started', F.dateTime(), moment('2025-11-01', '2026-11-30', 0.6), { first: [at('2026-03-29T00:05'), at('2026-10-25T00:05')] })
		.add('Took', F.duration('minutes'), (rng) => rng.int(2, 1800), { empty: 0.1 })
		.add('Items processed', F.number(), (rng) => rng.int(0, 5000), { empty: 0.1 })
		.add('Error', F.text(), (rng) => rng.pick(['429 Too Many Requests from Coda', 'ECONNRESET', 'Row edit of size 131 KB exceeds maximum size of 85 KB.', 'Timeout after 300 s']), { empty: 0.8, first: ['429 Too Many Requests from Coda'] })
		.add('Triggered by', F.person(), member, { empty: 0.6 });
	const stats = table('playbook-stats');
	stats
		.add('Period', F.text(), (_r, i) => `${START.plus({ months: Math.floor(i / 4) }).setLocale('en').toFormat('LLL yyyy')} · #${(i % 4) + 1}`, { display: true })
		.add('Playbook', F.lookup('playbooks'), (_r, i) => refAt('playbooks', i % Math.max(1, n('playbooks'))))
		.add('Month', F.date(), (_r, i) => isoDay(START.plus({ months: Math.floor(i / 4) })))
		.add('Runs', F.number(), (rng) => rng.int(0, 40))
		.add('Success rate', F.percent(), (rng) => rng.int(50, 100) / 100)
		.add('Avg. time', F.duration(), hours(0.25, 20), { empty: 0.2 })
		.add('Rating', F.scale(), (rng) => rng.int(1, 5), { empty: 0.3 })
		.add('Revenue (EUR)', F.eur(), money(0, 60_000, 100), { empty: 0.3 });

	// ---- Prompt Library, Brand & Assets
	const useCases = ['Sales', 'Research', 'Copy', 'Code', 'Ops'];
	table('prompts')
		.add('Prompt', F.text(), (rng) => rng.pick(['Summarise a discovery call', 'Draft a polite payment reminder', 'Turn notes into a SOW', 'Critique a landing page',
			'Write n8n function code', 'Extract action items', 'Translate to German (Du)']), { display: true })
		.add('Prompt text', F.text(), (rng) => `You are a helpful studio assistant. ${sentence(rng)}\n\n{{input}}`)
		.add('Model', F.select(['GPT-4o', 'Claude', 'Llama 3', 'Mistral']), pickOption(['GPT-4o', 'Claude', 'Llama 3', 'Mistral']))
		.add('Use case', F.select(useCases, true), pickSome(useCases, 2), { empty: 0.2 })
		.add('Rating', F.scale(), (rng) => rng.int(1, 5), { empty: 0.2 })
		.add('Owner', F.person(), member)
		.add('Last used', F.date(), day('2025-11-01', '2026-11-30'), { empty: 0.3 });
	const assetTypes = ['Logo', 'Photo', 'Deck', 'Contract', 'Code', 'Video'];
	table('assets')
		.add('Asset', F.text(), (rng) => rng.pick(['Northlight logo (dark)', 'Team photo 2026', 'Sales deck v7', 'NDA template', 'Website repo', 'Showreel']), { display: true })
		.add('Type', F.select(assetTypes), pickOption(assetTypes))
		.add('Preview', F.image(), (rng) => image(rng, `asset-${rng.int(1, 300)}.png`), { empty: 0.3 })
		.add('File', F.files(), (rng) => [file(rng, rng.pick(['logo.svg', 'deck.pdf', 'nda.docx', 'photo.jpg']))], { empty: 0.2 })
		.add('Venture', F.lookup('ventures'), ref('ventures'), { empty: 0.5 })
		.add('Owner', F.person(), member)
		.add('License', F.text(), (rng) => rng.pick(['Own work', 'CC BY 4.0', 'Licensed (Unsplash+)', 'Client-owned']), { empty: 0.3 });

	// ---- Target Segments, Fit Scores
	table('segments')
		.add('Segment', F.text(), (_r, i) => nth(['Berlin Mittelstand', 'UK B2B SaaS seed', 'DTC food brands', 'Law firms 10-50', 'Impact startups', 'Hospitality groups'], i), { display: true })
		.add('Industries', F.select(INDUSTRIES, true), pickSome(INDUSTRIES, 3))
		.add('Size (companies)', F.number(), (rng) => rng.int(20, 5000), { empty: 0.2 })
		.add('Priority', F.select(['⭐ Focus', 'Maybe', 'Not now']), pickOption(['⭐ Focus', 'Maybe', 'Not now']))
		.add('Avg deal (EUR)', F.eur(), money(3_000, 80_000, 500), { empty: 0.2 })
		.add('Owner', F.person(), member)
		.add('Description', F.text(), markdown, { empty: 0.3 });
	table('fit-scores')
		.add('Fit check', F.text(), (_r, i) => `${nth(COMPANIES, i % COMPANIES.length)} × ${nth(['Berlin Mittelstand', 'UK B2B SaaS seed', 'DTC food brands', 'Law firms 10-50', 'Impact startups', 'Hospitality groups'], i % 6)}`, { display: true })
		.add('Client', F.lookup('clients'), (_r, i) => refAt('clients', i % COMPANIES.length))
		.add('Segment', F.lookup('segments'), (_r, i) => refAt('segments', i % 6))
		.add('Fit', F.percent(), (rng) => rng.int(10, 100) / 100)
		.add('Score', F.scale(), (rng) => rng.int(1, 5))
		.add('Scored on', F.date(), day('2025-11-01', '2026-11-30'))
		.add('Scored by', F.person(), member, { empty: 0.1 })
		.add('Why', F.text(), sentence, { empty: 0.4 });

	return ctx.builders;
}

/** The generated row index of a row id of a studio table (-1 when none). */
function indexOfRow(ctx: Ctx, key: string, rowId: string): number {
	const count = ctx.counts.get(key) ?? 0;
	let cache = rowIndexCache.get(`${ctx.seed}:${key}:${count}`);
	if (!cache) {
		cache = new Map(Array.from({ length: count }, (_, i) => [rowIdFor(ctx.seed, key, i), i]));
		rowIndexCache.set(`${ctx.seed}:${key}:${count}`, cache);
	}
	return cache.get(rowId) ?? -1;
}
const rowIndexCache = new Map<string, Map<string, number>>();

/** About 50 KB of Markdown meeting transcript (UTF-8 bytes: at least 51,200), the doc's one huge cell. */
export function bigBody(seed: number): string {
	const rng = rngFor(seed, 'studio', 'big-body');
	const lines = ['# Offsite 2026 – full transcript', ''];
	let bytes = 0;
	for (let k = 1; bytes < 51_300; k++) {
		const speaker = TEAM[rng.int(0, TEAM.length - 1)][0];
		const line = `**${speaker}** (${String(9 + Math.floor(k / 60)).padStart(2, '0')}:${String(k % 60).padStart(2, '0')}): ${rng.pick(SENTENCES)} ${rng.pick(SENTENCES)} Größe, Qualität, Übergabe – alles klar.`;
		lines.push(line, '');
		bytes += Buffer.byteLength(line) + 2;
	}
	return lines.join('\n');
}

function rowCount(rows: StudioDocOptions['rows'], key: string, fallback: number): number {
	if (typeof rows === 'number') return rows;
	return rows?.[key] ?? fallback;
}

export function buildStudioDoc(options: StudioDocOptions): DocSpec {
	const counts = new Map<string, number>(STUDIO_TABLES.map((t) => [t.key, rowCount(options.rows, t.key, t.rows)]));
	if (options.rows && typeof options.rows === 'object') {
		const unknown = Object.keys(options.rows).filter((k) => !counts.has(k));
		if (unknown.length) throw new Error(`rows names tables the studio doc does not have: ${unknown.join(', ')} (keys: ${STUDIO_TABLES.map((t) => t.key).join(', ')})`);
	}
	for (const [key, count] of counts) {
		if (!Number.isInteger(count) || count < 0 || count > 1_000_000) throw new Error(`rows for table ${key} must be an integer 0..1000000, got ${count}`);
	}
	const ctx: Ctx = { seed: options.seed, docId: options.docId, counts, builders: new Map() };
	const builders = buildTables(ctx);
	const tables: TableSpec[] = STUDIO_TABLES.map((t) => {
		const builder = builders.get(t.key);
		if (!builder) throw new Error(`studio doc: table ${t.key} has no columns`);
		return { name: t.name, erpTable: t.key, columns: builder.columns, rowCount: counts.get(t.key)! };
	});
	return { name: STUDIO_DOC_NAME, tables, timeZone: STUDIO_TIME_ZONE, peopleTable: 'contacts' };
}

