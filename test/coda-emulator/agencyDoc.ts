// The agency doc: the Coda doc a 12-person product & marketing agency in Sydney ("Saffron & Co
// OS") runs on, written from the agency's point of view and never from the erp schema, to check
// that the mirror follows a doc the project has not been designed or tuned against. It covers the
// product's 36 business areas (one table each, so end-to-end checks know where rows belong) plus
// two tables that belong to no area; names, units, labels and value shapes are the agency's own.
import { DateTime } from 'luxon';
import type { Cell, ColumnFormat, ColumnSpec, DocSpec, PersonCell, RowRefCell, TableSpec } from './docModel';
import { attachment, companyAt, image, link, markdown, sentence, title } from './fakeData';
import { rowIdFor } from './ids';
import { Rng, rngFor } from './random';

export const AGENCY_TIME_ZONE = 'Australia/Sydney';

/**
 * The doc's tables in order: key (ids derive from it), Coda name, display column, the product's
 * business area (erp table) the table covers, or null for a table that belongs to none, and rows.
 */
export const AGENCY_TABLES = [
	{ key: 'bets', name: 'Studio Bets', display: 'Bet', area: 'ventures', rows: 20 },
	{ key: 'jobs', name: 'Jobs', display: 'Job', area: 'projects', rows: 40 },
	{ key: 'work', name: 'Work Items', display: 'Work item', area: 'tasks', rows: 60 },
	{ key: 'cycles', name: 'Cycles', display: 'Cycle', area: 'sprints', rows: 24 },
	{ key: 'accounts', name: 'Accounts', display: 'Account name', area: 'organizations', rows: 36 },
	{ key: 'team', name: 'Team Directory', display: 'Person', area: 'people', rows: 48 },
	{ key: 'opps', name: 'Opportunities', display: 'Opportunity name', area: 'deals', rows: 44 },
	{ key: 'packages', name: 'Packages', display: 'Package', area: 'offers', rows: 20 },
	{ key: 'sows', name: 'SOWs', display: 'SOW title', area: 'engagements', rows: 30 },
	{ key: 'handoffs', name: 'Client Deliverables', display: 'What', area: 'deliverables', rows: 42 },
	{ key: 'bills', name: 'Bills', display: 'Bill #', area: 'invoices', rows: 50 },
	{ key: 'money-in', name: 'Payments Received', display: 'Ref', area: 'payments', rows: 40 },
	{ key: 'spend', name: 'Spend', display: 'Item', area: 'expenses', rows: 60 },
	{ key: 'pnl', name: 'Monthly P&L', display: 'Period', area: 'finance_snapshot', rows: 24 },
	{ key: 'calls', name: 'Client Calls', display: 'Call', area: 'touchpoints', rows: 50 },
	{ key: 'wiki', name: 'Wiki', display: 'Page title', area: 'notebook', rows: 30 },
	{ key: 'tags', name: 'Topics & Tags', display: 'Tag', area: 'topics', rows: 20 },
	{ key: 'idea-backlog', name: 'Idea Backlog', display: 'Idea', area: 'ideas_inbox', rows: 36 },
	{ key: 'tests', name: 'A/B Tests', display: 'Test name', area: 'experiments', rows: 24 },
	{ key: 'decisions', name: 'Decisions', display: 'What we decided', area: 'decision_journal', rows: 28 },
	{ key: 'goals', name: 'Goals', display: 'Goal', area: 'okrs', rows: 30 },
	{ key: 'metrics', name: 'Metrics', display: 'Metric', area: 'kpis', rows: 24 },
	{ key: 'case-studies', name: 'Case Studies', display: 'Headline', area: 'results', rows: 20 },
	{ key: 'result-cats', name: 'Result Categories', display: 'Category', area: 'outcome_types', rows: 20 },
	{ key: 'depts', name: 'Departments', display: 'Dept', area: 'functional_areas', rows: 20 },
	{ key: 'standups', name: 'Standups', display: 'Update', area: 'daily_thread', rows: 60 },
	{ key: 'services', name: 'Services', display: 'Service line', area: 'service_blueprints', rows: 20 },
	{ key: 'automations', name: 'Zaps & Automations', display: 'Automation', area: 'workflows', rows: 24 },
	{ key: 'sops', name: 'SOPs', display: 'SOP', area: 'process_templates', rows: 26 },
	{ key: 'template-lib', name: 'Template Library', display: 'Template name', area: 'resource_templates', rows: 30 },
	{ key: 'automation-log', name: 'Automation Log', display: 'Run ID', area: 'execution_runs', rows: 60 },
	{ key: 'sop-stats', name: 'SOP Stats', display: 'Period', area: 'template_performance', rows: 30 },
	{ key: 'prompts', name: 'AI Prompts', display: 'Prompt name', area: 'prompt_library', rows: 24 },
	{ key: 'creative', name: 'Creative Assets', display: 'File name', area: 'assets', rows: 36 },
	{ key: 'audiences', name: 'Ideal Customers', display: 'Audience', area: 'icp_segments', rows: 20 },
	{ key: 'lead-scoring', name: 'Lead Scoring', display: 'Check', area: 'icp_scoring', rows: 36 },
	{ key: 'holidays', name: 'Public Holidays', display: 'Holiday', area: null, rows: 20 },
	{ key: 'scratch', name: 'Scratchpad', display: 'Note', area: null, rows: 20 },
] as const satisfies ReadonlyArray<{ key: string; name: string; display: string; area: string | null; rows: number }>;

type TableKey = (typeof AGENCY_TABLES)[number]['key'];

/** The team (rows 0-11 of Team Directory); the rest of the directory is client contacts. */
const TEAM = [
	['Aarav Shah', 'aarav'], ['Mia Nguyen', 'mia'], ["Liam O'Brien", 'liam'], ['Priya Nair', 'priya'],
	['Jack Wilson', 'jack'], ['Zara Ahmed', 'zara'], ['Noah Kelly', 'noah'], ['Ananya Iyer', 'ananya'],
	['Chloe Martin', 'chloe'], ['Rohan Mehta', 'rohan'], ['Isla Thompson', 'isla'], ['Kenji Watanabe', 'kenji'],
] as const;
const TEAM_DOMAIN = 'saffron.example';
const CONTACT_FIRST = ['Olivia', 'Arjun', 'Sophie', 'Vikram', 'Emily', 'Hamish', 'Meera', 'Lachlan', 'Grace', 'Sanjay', 'Ruby', 'Tom'];
const CONTACT_LAST = ['Patel', 'Smith', 'Brown', 'Reddy', 'Taylor', 'Kapoor', 'Walker', 'Singh', 'Harris', 'Das'];
/** A freelancer who works in many cells but is not in Team Directory. */
const FREELANCER: PersonCell = { kind: 'person', name: 'Sam Rivera', email: 'sam@rivera-freelance.example' };

const START = DateTime.fromISO('2025-11-03', { zone: AGENCY_TIME_ZONE });

type Gen = (rng: Rng, i: number) => Cell | null;
interface ColumnOptions {
	empty?: number;
	hidden?: boolean;
	display?: boolean;
	formula?: string;
	compute?: ColumnSpec['compute'];
}

const F = {
	text: (): ColumnFormat => ({ type: 'text', isArray: false }),
	select: (options: string[], isArray = false): ColumnFormat => ({ type: 'select', isArray, options }),
	person: (isArray = false): ColumnFormat => ({ type: 'person', isArray }),
	lookup: (isArray = false): ColumnFormat => ({ type: 'lookup', isArray }),
	number: (precision = 0): ColumnFormat => ({ type: 'number', isArray: false, precision }),
	percent: (): ColumnFormat => ({ type: 'percent', isArray: false, precision: 0 }),
	money: (currencyCode: 'AUD' | 'USD' | 'INR'): ColumnFormat => ({ type: 'currency', isArray: false, currencyCode, precision: 2 }),
	date: (): ColumnFormat => ({ type: 'date', isArray: false, format: 'D MMM YYYY' }),
	dateTime: (): ColumnFormat => ({ type: 'dateTime', isArray: false, dateFormat: 'D MMM YYYY', timeFormat: 'h:mm A' }),
	time: (): ColumnFormat => ({ type: 'time', isArray: false, format: 'h:mm A' }),
	duration: (): ColumnFormat => ({ type: 'duration', isArray: false, precision: 2, maxUnit: 'hours' }),
	checkbox: (): ColumnFormat => ({ type: 'checkbox', isArray: false, displayType: 'toggle' }),
	slider: (maximum = 10): ColumnFormat => ({ type: 'slider', isArray: false, minimum: 0, maximum, step: 1 }),
	scale: (maximum = 5): ColumnFormat => ({ type: 'scale', isArray: false, maximum, icon: 'star' }),
	email: (): ColumnFormat => ({ type: 'email', isArray: false }),
	link: (): ColumnFormat => ({ type: 'link', isArray: false }),
	image: (): ColumnFormat => ({ type: 'image', isArray: false }),
	files: (): ColumnFormat => ({ type: 'attachments', isArray: true }),
	canvas: (): ColumnFormat => ({ type: 'canvas', isArray: false }),
	button: (): ColumnFormat => ({ type: 'button', isArray: false }),
	reaction: (): ColumnFormat => ({ type: 'reaction', isArray: true }),
};

export function buildAgencyDoc({ seed, docId, rows }: { seed: number; docId: string; rows?: number | Record<string, number> }): DocSpec {
	const rowCount = (key: TableKey) => {
		const spec = AGENCY_TABLES.find((t) => t.key === key)!;
		if (typeof rows === 'number') return rows;
		return rows?.[key] ?? spec.rows;
	};

	// Value makers, all of a seeded Rng.
	const rowRef = (key: TableKey, index: number): RowRefCell => ({ kind: 'row', rowId: rowIdFor(seed, key, index) });
	const ref = (key: TableKey): Gen => (rng) => (rowCount(key) ? rowRef(key, rng.int(0, rowCount(key) - 1)) : null);
	const refs = (key: TableKey, max: number): Gen => (rng) => {
		const n = rowCount(key);
		if (!n) return null;
		const picked = new Set<number>();
		for (let k = rng.int(1, max); k > 0; k--) picked.add(rng.int(0, n - 1));
		return [...picked].map((i) => rowRef(key, i));
	};
	const teamAt = (k: number): PersonCell => ({ kind: 'person', name: TEAM[k][0], email: `${TEAM[k][1]}@${TEAM_DOMAIN}` });
	/** Someone from the team, now and then the freelancer who is not in Team Directory. */
	const someone: Gen = (rng) => (rng.chance(0.07) ? FREELANCER : teamAt(rng.int(0, TEAM.length - 1)));
	const several = (max: number): Gen => (rng) => {
		const out: PersonCell[] = [];
		for (let k = rng.int(1, max); k > 0; k--) {
			const p = someone(rng, 0) as PersonCell;
			if (!out.some((o) => o.email === p.email)) out.push(p);
		}
		return out;
	};
	const teamRef: Gen = (rng) => rowRef('team', rng.int(0, Math.min(TEAM.length, rowCount('team')) - 1));
	const pick = (items: readonly string[]): Gen => (rng) => rng.pick(items);
	const pickSome = (items: readonly string[], max: number): Gen => (rng) => [...new Set(Array.from({ length: rng.int(1, max) }, () => rng.pick(items)))];
	const amount = (min: number, max: number, step = 1): Gen => (rng) => Math.round(rng.int(min / step, max / step) * step * 100) / 100;
	const int = (min: number, max: number): Gen => (rng) => rng.int(min, max);
	const fraction = (max = 1): Gen => (rng) => Math.round(rng.next() * max * 100) / 100;
	const day = (from = 0, span = 400): Gen => (rng) => START.plus({ days: from + rng.int(0, span) }).toISODate();
	/** A local date-time; a third of them within half an hour of local midnight. */
	const when: Gen = (rng) => {
		const d = START.plus({ days: rng.int(0, 400) });
		const late = rng.chance(0.33);
		const at = late ? d.set({ hour: rng.pick([23, 0]), minute: rng.pick([0, 15, 30, 45, 59]) }) : d.set({ hour: rng.int(8, 18), minute: rng.pick([0, 30]) });
		return at.toMillis();
	};
	const secs = (minMinutes: number, maxMinutes: number, step = 15): Gen => (rng) => rng.int(minMinutes / step, maxMinutes / step) * step * 60;
	/** Numbers as people type them in text columns. */
	const numberText = (min: number, max: number): Gen => (rng) => {
		const n = rng.int(min, max);
		const style = rng.int(0, 5);
		if (style === 0 && n >= 1000) return n.toLocaleString('en-AU');
		if (style === 1) return `~${n}`;
		if (style === 2) return `${n}.5`;
		return String(n);
	};
	const words: Gen = (rng) => title(rng);
	const line: Gen = (rng) => sentence(rng);
	const md: Gen = (rng) => markdown(rng);
	const url: Gen = (rng) => link(rng);
	const picture: Gen = (rng) => image(rng);
	const files: Gen = (rng) => Array.from({ length: rng.int(1, 2) }, () => attachment(rng, docId));
	const flag = (p = 0.5): Gen => (rng) => rng.chance(p);

	const tables: TableSpec[] = [];
	/** A table: its display column (made by `display`) first, then the columns added. */
	function table(key: TableKey, display: Gen) {
		const spec = AGENCY_TABLES.find((t) => t.key === key)!;
		const columns: ColumnSpec[] = [];
		const add = (name: string, format: ColumnFormat, gen: Gen | null, options: ColumnOptions & { target?: TableKey } = {}) => {
			const empty = options.empty ?? 0.08;
			const col: ColumnSpec = { name, format };
			if (options.target) col.lookupTarget = options.target;
			if (options.hidden) col.hidden = true;
			if (options.display) col.display = true;
			if (options.formula !== undefined) Object.assign(col, { calculated: true, formula: options.formula, compute: options.compute });
			if (gen) {
				col.generate = (i) => {
					const rng = rngFor(seed, key, name, i);
					return rng.chance(empty) ? null : gen(rng, i);
				};
			}
			columns.push(col);
			return builder;
		};
		const builder = {
			add,
			/** A lookup to another table (several rows when `max` > 1). */
			link: (name: string, target: TableKey, max = 1, options: ColumnOptions = {}) =>
				add(name, F.lookup(max > 1), max > 1 ? refs(target, max) : ref(target), { empty: 0.15, ...options, target }),
		};
		add(spec.display, F.text(), display, { display: true, empty: 0 });
		tables.push({ name: spec.name, erpTable: key, columns, rowCount: rowCount(key) });
		return builder;
	}
	const numbered = (prefix: string, width = 3): Gen => (_rng, i) => `${prefix}${String(i + 1).padStart(width, '0')}`;
	const named = (make: Gen): Gen => (rng, i) => `${String(make(rng, i))} ${i + 1}`;
	const monthOf = (i: number) => START.startOf('month').plus({ months: i });

	// --- People and accounts first: most tables look them up.
	table('team', (_rng, i) => (i < TEAM.length ? TEAM[i][0] : `${CONTACT_FIRST[i % CONTACT_FIRST.length]} ${CONTACT_LAST[Math.floor(i / CONTACT_FIRST.length) % CONTACT_LAST.length]}`))
		.add('Work email', F.email(), (_rng, i) => (i < TEAM.length ? `${TEAM[i][1]}@${TEAM_DOMAIN}` : `${CONTACT_FIRST[i % CONTACT_FIRST.length]}.${CONTACT_LAST[Math.floor(i / CONTACT_FIRST.length) % CONTACT_LAST.length]}@client${i % 7}.example`.toLowerCase()), { empty: 0 })
		.add('Title', F.text(), pick(['Designer', 'Strategist', 'Account Director', 'Dev', 'Copywriter', 'Head of Growth', 'CMO', 'Founder', 'Ops']))
		.add('In-house?', F.checkbox(), (_rng, i) => i < TEAM.length, { empty: 0 })
		.link('Acct', 'accounts', 1, { empty: 0.3 })
		.add('Mobile', F.text(), (rng) => `+61 4${rng.int(10, 99)} ${rng.int(100, 999)} ${rng.int(100, 999)}`)
		.add('Timezone', F.select(['AEST/AEDT', 'IST', 'PST', 'GMT']), pick(['AEST/AEDT', 'IST', 'PST', 'GMT']))
		.add('Skills', F.select(['UX', 'Brand', 'SEO', 'Paid social', 'Webflow', 'React', 'Copy', 'Analytics'], true), pickSome(['UX', 'Brand', 'SEO', 'Paid social', 'Webflow', 'React', 'Copy', 'Analytics'], 3), { empty: 0.3 })
		.add('Start date', F.date(), day(-900, 880), { empty: 0.3 })
		.add('Rate / hr', F.money('AUD'), amount(90, 260, 5), { empty: 0.4 })
		.add('linkedin', F.link(), url, { empty: 0.4 })
		.add('Photo', F.image(), picture, { empty: 0.5 });

	const sectors = ['🛒 E-commerce', 'Health & wellness', 'FINTECH', 'Education', 'Hospitality', 'B2B SaaS', 'Not-for-profit'];
	table('accounts', (_rng, i) => companyAt(seed, i))
		.add('Relationship', F.select(['Client', 'Prospect', 'Ex-client', 'Partner 🤝', 'Supplier']), pick(['Client', 'Client', 'Prospect', 'Ex-client', 'Partner 🤝', 'Supplier']), { empty: 0 })
		.add('Sector', F.select(sectors, true), pickSome(sectors, 2))
		.link('Primary contact', 'team', 1, { empty: 0.2 })
		.add('ACCT MGR', F.person(), someone)
		.add('HQ', F.select(['Sydney', 'Melbourne', 'Bengaluru', 'Mumbai', 'San Francisco', 'Auckland']), pick(['Sydney', 'Melbourne', 'Bengaluru', 'Mumbai', 'San Francisco', 'Auckland']))
		.add('ABN / GSTIN', F.text(), (rng) => (rng.chance(0.5) ? `${rng.int(10, 99)} ${rng.int(100, 999)} ${rng.int(100, 999)} ${rng.int(100, 999)}` : `29ABCDE${rng.int(1000, 9999)}F1Z5`))
		.add('Website', F.link(), url)
		.add('Logo', F.image(), picture, { empty: 0.3 })
		.add('Lifetime billings (AUD)', F.money('AUD'), amount(0, 480_000, 50))
		.add('Client since', F.date(), day(-1200, 1200), { empty: 0.3 })
		.add('Payment terms (days)', F.number(), (rng) => rng.pick([7, 14, 30, 45]))
		.add('internal notes', F.text(), line, { hidden: true, empty: 0.5 });

	// --- Delivery.
	const phases = ['Discovery', 'Design', 'Build', 'QA', 'Live 🚀', 'On hold', 'Closed'];
	table('bets', named(pick(['Podcast kit', 'Shopify theme', 'Brand audit tool', 'Webflow starter', 'AI copy assistant', 'Newsletter'])))
		.add('Phase', F.select(['💭 Thinking', 'Prototyping', 'Selling', 'Parked', 'Dead ☠️']), pick(['💭 Thinking', 'Prototyping', 'Selling', 'Parked', 'Dead ☠️']))
		.add('Champion', F.person(), someone)
		.add('Squad', F.person(true), several(3))
		.add('Launched', F.date(), day(), { empty: 0.4 })
		.add('Investment (AUD)', F.money('AUD'), amount(2_000, 80_000, 500))
		.add('Our share %', F.percent(), fraction())
		.add('Gut feel', F.slider(10), int(1, 10))
		.link('Dept', 'depts')
		.add('One-liner', F.text(), line)
		.add('Landing page', F.link(), url, { empty: 0.4 });

	table('jobs', named(words))
		.link('Client', 'accounts', 1, { empty: 0.05 })
		.link('Bet', 'bets', 1, { empty: 0.6 })
		.add('Phase', F.select(phases), pick(phases), { empty: 0 })
		.add('Priority', F.select(['🔴 Urgent', '🟠 High', '🟡 Normal', '⚪ Low']), pick(['🔴 Urgent', '🟠 High', '🟡 Normal', '⚪ Low']))
		.add('Account lead', F.person(), someone)
		.add('Owner(s)', F.person(true), several(3))
		.add('Kick-off', F.date(), day(-60, 300))
		.add('📅 Deadline', F.date(), day(30, 360))
		.add('Budget (USD)', F.money('USD'), amount(5_000, 150_000, 250), { empty: 0.3 })
		.add('Budget (AUD)', F.money('AUD'), amount(5_000, 200_000, 250), { empty: 0.3 })
		.add('% Complete', F.percent(), fraction())
		.add('Hours (est.)', F.number(1), amount(10, 600, 0.5))
		.link('SOW', 'sows')
		.add('Brief', F.canvas(), md, { empty: 0.3 })
		.add('Health', F.text(), null, { formula: 'If(thisRow.[% Complete] > 0.8, "🟢", "🟡")', compute: (c) => (Number(c('% Complete') ?? 0) > 0.8 ? '🟢' : '🟡') });

	const statuses = ['📥 Backlog', 'todo', 'Doing', 'Needs review 👀', 'Blocked ⛔', 'DONE ✅', "Won't do"];
	table('work', named(words))
		.link('Job', 'jobs', 1, { empty: 0.05 })
		.link('Cycle', 'cycles', 1, { empty: 0.2 })
		.add('status', F.select(statuses), pick(statuses), { empty: 0 })
		.add('Assignee', F.person(), someone)
		.add('Reviewers', F.person(true), several(2), { empty: 0.4 })
		.add('Deadline', F.date(), day(0, 360))
		.add('Hours (est.)', F.text(), numberText(1, 40))
		.add('Time logged', F.duration(), secs(15, 900))
		.add('Labels', F.select(['bug', 'copy', 'design', 'dev', '💰 billable', 'internal'], true), pickSome(['bug', 'copy', 'design', 'dev', '💰 billable', 'internal'], 3), { empty: 0.2 })
		.link('Depends on', 'work', 2, { empty: 0.7 })
		.link('Deliverable', 'handoffs', 1, { empty: 0.5 })
		.add('Done', F.checkbox(), flag(0.3), { empty: 0 })
		.add('Details', F.text(), md, { empty: 0.3 })
		.add('Ping owner', F.button(), null)
		.add('👍', F.reaction(), several(3), { empty: 0.6 });

	table('cycles', (_rng, i) => `Cycle ${i + 1}`)
		.add('From', F.date(), (_rng, i) => START.plus({ weeks: 2 * i }).toISODate(), { empty: 0 })
		.add('To', F.date(), (_rng, i) => START.plus({ weeks: 2 * i, days: 13 }).toISODate(), { empty: 0 })
		.add('State', F.select(['Planned', 'Active', 'Wrapped']), pick(['Planned', 'Active', 'Wrapped']))
		.link('Bet', 'bets', 1, { empty: 0.5 })
		.add('Focus', F.text(), line)
		.add('Points', F.number(), int(8, 60))
		.add('Crew', F.person(true), several(4))
		.add('Retro notes', F.text(), md, { empty: 0.4 });

	const oppStages = ['New lead', 'Discovery call', 'Proposal out', 'Verbal yes', 'Closed won 🏆', 'Closed lost'];
	table('opps', named(words))
		.link('Customer', 'accounts', 1, { empty: 0.05 })
		.link('Their contact', 'team', 1, { empty: 0.2 })
		.add('Stage', F.select(oppStages), pick(oppStages), { empty: 0 })
		.add('Win chance', F.percent(), (rng) => rng.pick([0.1, 0.25, 0.5, 0.75, 0.9, 1, 0]))
		.add('Amt (AUD)', F.money('AUD'), amount(3_000, 250_000, 500))
		.add('Amt (INR)', F.money('INR'), amount(150_000, 9_000_000, 5_000), { empty: 0.6 })
		.add('Close by', F.date(), day(0, 300))
		.add('Owner', F.lookup(), teamRef, { target: 'team', empty: 0.05 })
		.add('Lead source', F.select(['Referral', 'LinkedIn', 'Website form', 'Cold email', 'Event', 'Upwork']), pick(['Referral', 'LinkedIn', 'Website form', 'Cold email', 'Event', 'Upwork']))
		.link('Package', 'packages', 1, { empty: 0.4 })
		.add('Next action', F.text(), line, { empty: 0.3 });

	table('packages', named(pick(['Brand sprint', 'Growth retainer', 'Website in a box', 'SEO audit', 'Launch campaign'])))
		.add('Type', F.select(['Fixed scope', 'Retainer', 'Workshop', 'Audit']), pick(['Fixed scope', 'Retainer', 'Workshop', 'Audit']))
		.add('Price (AUD)', F.money('AUD'), amount(2_500, 60_000, 500))
		.add('Price (USD)', F.money('USD'), amount(2_000, 40_000, 500), { empty: 0.4 })
		.add('Typical duration', F.duration(), (rng) => rng.int(1, 12) * 5 * 8 * 3600)
		.link('Service', 'services')
		.add('Available', F.checkbox(), flag(0.8), { empty: 0 })
		.add('Blurb', F.text(), md);

	table('sows', (_rng, i) => `SOW-${2025 + Math.floor(i / 20)}-${String((i % 20) + 1).padStart(2, '0')}`)
		.link('Account', 'accounts', 1, { empty: 0.05 })
		.link('Package', 'packages')
		.add('Billing model', F.select(['Fixed price', 'T&M', 'Monthly retainer', 'Success fee']), pick(['Fixed price', 'T&M', 'Monthly retainer', 'Success fee']))
		.add('Status', F.select(['Drafting', 'Signed ✍️', 'Active', 'Complete', 'Terminated']), pick(['Drafting', 'Signed ✍️', 'Active', 'Complete', 'Terminated']), { empty: 0 })
		.add('Starts', F.date(), day(-30, 200))
		.add('Ends', F.date(), day(100, 300), { empty: 0.3 })
		.add('Total value (AUD)', F.money('AUD'), amount(8_000, 300_000, 500))
		.add('Day rate (INR)', F.money('INR'), amount(20_000, 90_000, 1_000), { empty: 0.6 })
		.link('Client signatory', 'team', 1, { empty: 0.2 })
		.add('Delivery lead', F.person(), someone)
		.add('Signed PDF', F.files(), files, { empty: 0.4 });

	table('handoffs', named(pick(['Logo pack', 'Homepage design', 'Campaign report', 'Brand guidelines', 'Ad set', 'Content calendar'])))
		.link('Job', 'jobs', 1, { empty: 0.05 })
		.link('SOW', 'sows', 1, { empty: 0.3 })
		.add('Due', F.date(), day(0, 360))
		.add('Stage', F.select(['Not started', 'WIP', 'With client 👀', 'Approved ✅', 'Changes requested']), pick(['Not started', 'WIP', 'With client 👀', 'Approved ✅', 'Changes requested']), { empty: 0 })
		.add('Owner(s)', F.person(true), several(2))
		.add('Link', F.link(), url, { empty: 0.3 })
		.add('Files', F.files(), files, { empty: 0.5 })
		.add('Signed off', F.date(), day(30, 360), { empty: 0.6 })
		.add('Revision rounds', F.number(), int(0, 5));

	// --- Money.
	const billStatuses = ['Draft', 'Sent 📤', 'Part paid', 'PAID', 'Overdue ⚠️', 'Written off'];
	table('bills', (_rng, i) => `INV-${String(1040 + i)}`)
		.link('Customer', 'accounts', 1, { empty: 0.02 })
		.link('SOW', 'sows', 1, { empty: 0.3 })
		.link('Bill to', 'team', 1, { empty: 0.3 })
		.add('Issue date', F.date(), day(0, 360), { empty: 0 })
		.add('Payment due', F.date(), day(14, 380))
		.add('Amt', F.money('AUD'), amount(800, 95_000, 0.5), { empty: 0 })
		.add('GST %', F.percent(), (rng) => rng.pick([0.1, 0, 0.18]))
		.add('Status', F.select(billStatuses), pick(billStatuses), { empty: 0 })
		.add('Currency', F.select(['AUD', 'USD', 'INR']), pick(['AUD', 'AUD', 'USD', 'INR']))
		.add('PDF', F.files(), files, { empty: 0.3 })
		.add('Days overdue', F.number(), null, { formula: 'Max(0, Today() - thisRow.[Payment due])', compute: (c) => (c('Status') === 'Overdue ⚠️' ? 12 : 0) });

	table('money-in', (rng) => `RCPT-${rng.int(10000, 99999)}`)
		.link('Bill', 'bills', 1, { empty: 0.05 })
		.add('Received on', F.date(), day(0, 380), { empty: 0 })
		.add('Amt received', F.money('AUD'), amount(500, 95_000, 0.5), { empty: 0 })
		.add('Via', F.select(['Bank transfer (EFT)', 'Stripe', 'PayPal', 'UPI', 'Cheque']), pick(['Bank transfer (EFT)', 'Stripe', 'PayPal', 'UPI', 'Cheque']))
		.add('Bank ref', F.text(), (rng) => `${rng.int(1000, 9999)}${rng.int(100000, 999999)}`)
		.add('Reconciled?', F.checkbox(), flag(0.7), { empty: 0 })
		.add('FX rate', F.number(4), (rng) => Math.round((0.6 + rng.next() * 0.1) * 10000) / 10000, { empty: 0.5 });

	const spendCats = ['Ads (Meta)', 'Ads (Google)', 'Freelancers', 'SaaS & tools', 'Travel ✈️', 'Team lunch 🍕', 'Hardware', 'Stock media'];
	table('spend', named(words))
		.add('Category', F.select(spendCats), pick(spendCats), { empty: 0 })
		.add('Date', F.date(), day(0, 380), { empty: 0 })
		.add('Cost ($)', F.money('AUD'), amount(5, 12_000, 0.05), { empty: 0 })
		.add('Cost (USD)', F.money('USD'), amount(5, 5_000, 0.05), { empty: 0.6 })
		.add('Qty', F.text(), numberText(1, 1500))
		.add('Paid by', F.person(), someone)
		.add('Supplier', F.text(), pick(['Meta', 'Google', 'Canva', 'Figma', 'Qantas', 'Officeworks', 'Upwork', 'Adobe']))
		.link('Job', 'jobs', 1, { empty: 0.4 })
		.link('Bet', 'bets', 1, { empty: 0.7 })
		.add('Receipt', F.files(), files, { empty: 0.4 })
		.add('Billable?', F.checkbox(), flag(0.4), { empty: 0 })
		.add('Reimbursed', F.checkbox(), flag(0.5), { empty: 0 });

	table('pnl', (_rng, i) => monthOf(i).toFormat('MMM yyyy'))
		.add('Month starting', F.date(), (_rng, i) => monthOf(i).toISODate(), { empty: 0 })
		.add('Revenue (AUD)', F.money('AUD'), amount(80_000, 260_000, 10), { empty: 0 })
		.add('Costs (AUD)', F.money('AUD'), amount(60_000, 200_000, 10), { empty: 0 })
		.add('Cash in bank', F.money('AUD'), amount(40_000, 600_000, 10))
		.add('Margin %', F.percent(), fraction(0.5))
		.add('Runway (mo)', F.number(1), amount(2, 24, 0.5))
		.add('FTEs', F.text(), pick(['11', '12', '12.5', '~13']))
		.add('Locked', F.checkbox(), flag(0.6), { empty: 0 })
		.add('Commentary', F.text(), md, { empty: 0.3 });

	// --- Conversations and knowledge.
	table('calls', named(pick(['Kick-off', 'Weekly sync', 'QBR', 'Pitch', 'Check-in', 'Workshop'])))
		.add('Start time', F.dateTime(), when, { empty: 0 })
		.add('Length', F.duration(), secs(15, 180))
		.add('Medium', F.select(['Zoom', 'Google Meet', 'Phone ☎️', 'In person', 'WhatsApp']), pick(['Zoom', 'Google Meet', 'Phone ☎️', 'In person', 'WhatsApp']))
		.link('Account', 'accounts', 1, { empty: 0.05 })
		.link('Attendees', 'team', 3, { empty: 0.2 })
		.add('From our side', F.person(true), several(3))
		.link('Opportunity', 'opps', 1, { empty: 0.5 })
		.add('Reminder', F.time(), (rng) => `${String(rng.int(7, 20)).padStart(2, '0')}:${rng.pick(['00', '15', '30', '45'])}:00`, { empty: 0.5 })
		.add('Follow up by', F.date(), day(0, 380), { empty: 0.4 })
		.add('Recording', F.link(), url, { empty: 0.5 })
		.add('Notes', F.text(), md, { empty: 0.2 });

	const longPage = Array.from({ length: 240 }, (_, k) => `## Section ${k + 1}\n\nHow we run ${['discovery', 'design reviews', 'QA', 'handover'][k % 4]} at Saffron & Co — step ${k + 1}: write it down, share it, *then* ship it.`).join('\n\n');
	table('wiki', named(pick(['How we onboard', 'Brand voice', 'Pricing guide', 'Tool stack', 'Leave policy', 'QA checklist'])))
		.add('Section', F.select(['Handbook', 'How-to', 'Client FAQ', 'Meeting notes']), pick(['Handbook', 'How-to', 'Client FAQ', 'Meeting notes']))
		.link('Tags', 'tags', 3, { empty: 0.3 })
		.add('Content', F.text(), (rng, i) => (i === 0 ? longPage : markdown(rng)), { empty: 0.1 })
		.add('Written by', F.person(), someone)
		.add('Last edited', F.dateTime(), when)
		.link('From call', 'calls', 1, { empty: 0.6 })
		.add('Source', F.link(), url, { empty: 0.6 });

	table('tags', (_rng, i) => ['seo', 'paid-social', 'branding', 'webflow', 'pricing', 'hiring', 'ai', 'retention', 'analytics', 'ux', 'content', 'email', 'events', 'ops', 'legal', 'finance', 'sales', 'culture', 'tools', 'clients'][i % 20] + (i >= 20 ? `-${i}` : ''))
		.link('Parent', 'tags', 1, { empty: 0.6 })
		.add('Curator', F.person(), someone)
		.add('Synonyms', { type: 'select', isArray: true }, pickSome(['growth', 'marketing', 'design', 'tech', 'money'], 2), { empty: 0.5 })
		.add('About', F.text(), line, { empty: 0.3 });

	table('idea-backlog', named(words))
		.add('Pitched by', F.person(), someone)
		.add('Pitched on', F.date(), day(0, 380))
		.add('Triage', F.select(['🆕 New', 'Maybe later', 'Doing it!', 'Nope']), pick(['🆕 New', 'Maybe later', 'Doing it!', 'Nope']), { empty: 0 })
		.add('Themes', F.select(['AI', 'Productised', 'Content', 'Community', 'Tools'], true), pickSome(['AI', 'Productised', 'Content', 'Community', 'Tools'], 2))
		.link('Tags', 'tags', 2, { empty: 0.4 })
		.add('Effort (1-10)', F.slider(10), int(1, 10))
		.add('Impact', F.scale(5), int(1, 5))
		.add('Upvotes', F.reaction(), several(4), { empty: 0.4 })
		.link('Bet', 'bets', 1, { empty: 0.7 });

	table('tests', named(pick(['Shorter hero copy converts better', 'Red CTA beats blue', 'Case study ads lift CTR', 'Free audit offer fills pipeline'])))
		.link('Bet', 'bets', 1, { empty: 0.4 })
		.add('KPI', F.text(), pick(['CTR', 'Conversion rate', 'CPL', 'Reply rate']))
		.add('Goal', F.text(), pick(['+10%', '2x', '< $40', '5% lift']))
		.add('Result %', F.percent(), fraction(0.4), { empty: 0.3 })
		.add('Outcome', F.select(['Running ⏳', 'Winner 🏆', 'Loser', 'Inconclusive']), pick(['Running ⏳', 'Winner 🏆', 'Loser', 'Inconclusive']))
		.add('Start', F.date(), day(0, 300))
		.add('Stop', F.date(), day(20, 340), { empty: 0.4 })
		.add('Run by', F.person(), someone)
		.add('What we learned', F.text(), md, { empty: 0.4 });

	table('decisions', named(pick(['Move to 4-day week', 'Drop Upwork', 'Raise day rate', 'Hire a PM', 'Switch to Linear'])))
		.add('Date decided', F.date(), day(0, 380), { empty: 0 })
		.add('Decided by', F.person(true), several(3))
		.add('Why', F.text(), md)
		.add('Alternatives', F.text(), line, { empty: 0.4 })
		.add('Risk', F.select(['low', 'MEDIUM', 'High 🔥']), pick(['low', 'MEDIUM', 'High 🔥']))
		.add('Review date', F.date(), day(60, 380), { empty: 0.5 })
		.link('Bet', 'bets', 1, { empty: 0.6 });

	table('goals', named(pick(['Grow retainers', 'Ship 3 case studies', 'Hit 40% margin', 'Win 2 Indian clients', 'NPS above 60'])))
		.add('Kind', F.select(['Objective', 'KR']), (_rng, i) => (i % 3 === 0 ? 'Objective' : 'KR'), { empty: 0 })
		.link('Rolls up to', 'goals', 1, { empty: 0.4 })
		.add('Qtr', F.select(['Q1 FY26', 'Q2 FY26', 'Q3 FY26', 'Q4 FY26']), pick(['Q1 FY26', 'Q2 FY26', 'Q3 FY26', 'Q4 FY26']))
		.add('Owner', F.lookup(), teamRef, { target: 'team', empty: 0.1 })
		.add('% done', F.percent(), fraction())
		.add('Confidence', F.slider(10), int(1, 10))
		.add('Target', F.number(), int(1, 100))
		.add('Actual', F.number(), int(0, 100))
		.link('Dept', 'depts', 1, { empty: 0.3 });

	table('metrics', named(pick(['MRR', 'Utilisation', 'Pipeline value', 'Avg deal size', 'Churn', 'NPS'])))
		.add('Unit', F.select(['$', '%', '#', 'hrs']), pick(['$', '%', '#', 'hrs']))
		.add('Target', F.number(2), amount(1, 100_000, 0.5))
		.add('Current', F.number(2), amount(0, 100_000, 0.5))
		.add('% of target', F.percent(), fraction(1.5))
		.add('Trend', F.select(['⬆️ Up', '➡️ Flat', '⬇️ Down']), pick(['⬆️ Up', '➡️ Flat', '⬇️ Down']))
		.add('Owner', F.lookup(), teamRef, { target: 'team', empty: 0.1 })
		.link('Dept', 'depts', 1, { empty: 0.3 })
		.add('As of', F.date(), day(0, 380));

	table('case-studies', named(pick(['Doubled leads for', 'Rebrand for', 'Launch for', 'SEO turnaround for'])))
		.link('Account', 'accounts', 1, { empty: 0.05 })
		.link('Job', 'jobs', 1, { empty: 0.3 })
		.link('Category', 'result-cats', 1, { empty: 0.2 })
		.add('Baseline', F.number(), int(10, 500))
		.add('After', F.number(), int(20, 1500))
		.add('Lift %', F.percent(), fraction(3))
		.add('Value to client (USD)', F.money('USD'), amount(5_000, 500_000, 100), { empty: 0.4 })
		.add('Testimonial', F.text(), line, { empty: 0.3 })
		.add('Publish?', F.checkbox(), flag(0.5), { empty: 0 });

	table('result-cats', named(pick(['Revenue', 'Leads', 'Brand', 'Efficiency', 'Retention'])))
		.add('Colour', F.select(['🟥', '🟧', '🟨', '🟩', '🟦']), pick(['🟥', '🟧', '🟨', '🟩', '🟦']))
		.add('Explainer', F.text(), line, { empty: 0.3 });

	table('depts', (_rng, i) => ['Strategy', 'Design', 'Engineering', 'Growth', 'Content', 'Ops', 'Finance', 'People'][i % 8] + (i >= 8 ? ` ${Math.floor(i / 8) + 1}` : ''))
		.link('Under', 'depts', 1, { empty: 0.6 })
		.add('Head', F.person(), someone)
		.add('Remit', F.text(), line, { empty: 0.3 });

	table('standups', (rng, i) => `${START.plus({ days: i }).toFormat('ccc d LLL')} — ${rng.pick(['all good', 'blocked on client', 'heads down', 'OOO pm'])}`)
		.add('Day', F.date(), (_rng, i) => START.plus({ days: i }).toISODate(), { empty: 0 })
		.add('Type', F.select(['Daily', 'Blocker', 'Win 🎉', 'FYI']), pick(['Daily', 'Blocker', 'Win 🎉', 'FYI']))
		.add('Posted by', F.person(), someone, { empty: 0 })
		.add('Energy', F.scale(5), int(1, 5))
		.add('Hrs logged', F.duration(), secs(60, 600, 30))
		.add('Yesterday', F.text(), line)
		.add('Today', F.text(), line)
		.add('Blockers', F.text(), line, { empty: 0.6 });

	// --- How the agency works.
	table('services', named(pick(['Brand strategy', 'Web design', 'Performance marketing', 'SEO', 'Content'])))
		.add('Practice', F.select(['Strategy', 'Creative', 'Tech', 'Growth']), pick(['Strategy', 'Creative', 'Tech', 'Growth']))
		.add('Practice lead', F.person(), someone)
		.add('Usual length', F.duration(), (rng) => rng.int(1, 20) * 8 * 3600)
		.add('Day rate (AUD)', F.money('AUD'), amount(900, 2_400, 50))
		.link('SOPs', 'sops', 3, { empty: 0.3 })
		.add('Sold now?', F.checkbox(), flag(0.8), { empty: 0 })
		.add('Scope', F.text(), md);

	table('automations', named(pick(['New lead → Slack', 'Invoice paid → Xero', 'Form → CRM', 'Weekly report', 'Standup reminder'])))
		.link('Service', 'services', 1, { empty: 0.5 })
		.add('Trigger', F.select(['Schedule', 'Webhook', 'Form submit', 'Manual']), pick(['Schedule', 'Webhook', 'Form submit', 'Manual']))
		.add('Tool', F.select(['Zapier', 'Make', 'n8n', 'Coda automation']), pick(['Zapier', 'Make', 'n8n', 'Coda automation']))
		.add('URL', F.link(), url)
		.add('Maintainer', F.person(), someone)
		.link('Dept', 'depts', 1, { empty: 0.3 })
		.add('Health', F.select(['✅ OK', '⚠️ Flaky', '❌ Broken']), pick(['✅ OK', '⚠️ Flaky', '❌ Broken']));

	table('sops', named(pick(['Client onboarding', 'Campaign launch', 'Month-end close', 'Design QA', 'Offboarding'])))
		.link('Automation', 'automations', 1, { empty: 0.5 })
		.add('Steps', F.text(), md)
		.add('v', F.text(), (rng) => `v${rng.int(1, 4)}.${rng.int(0, 9)}`)
		.add('Owner', F.lookup(), teamRef, { target: 'team', empty: 0.1 })
		.add('Takes about', F.duration(), secs(30, 480, 30))
		.add('State', F.select(['Draft', 'Live', 'Retired']), pick(['Draft', 'Live', 'Retired']))
		.add('Reviewed', F.date(), day(-200, 500), { empty: 0.3 })
		.link('Templates', 'template-lib', 3, { empty: 0.4 });

	table('template-lib', named(pick(['Proposal deck', 'SOW template', 'Brief form', 'Report template', 'Checklist'])))
		.add('Format', F.select(['Google Doc', 'Figma', 'Notion', 'Sheet', 'Deck']), pick(['Google Doc', 'Figma', 'Notion', 'Sheet', 'Deck']))
		.link('SOP', 'sops', 1, { empty: 0.3 })
		.add('Link', F.link(), url)
		.add('Attachment', F.files(), files, { empty: 0.5 })
		.add('Uses', F.number(), int(0, 120))
		.add('Maintainer', F.person(), someone);

	table('automation-log', numbered('run-', 5))
		.link('Automation', 'automations', 1, { empty: 0.05 })
		.add('Outcome', F.select(['✅ OK', 'FAILED', '⏳ In progress', 'Skipped']), (rng, i) => (i === 0 ? 'FAILED' : rng.pick(['✅ OK', '✅ OK', 'FAILED', '⏳ In progress', 'Skipped'])), { empty: 0 })
		.add('Ran at', F.dateTime(), (rng) => START.plus({ days: rng.int(0, 380) }).set({ hour: rng.pick([23, 0, 0, 1]), minute: rng.int(0, 59) }).toMillis(), { empty: 0 })
		.add('Run time', F.duration(), (rng) => rng.int(2, 900))
		.add('Records', F.number(), int(0, 5000))
		.add('Error msg', F.text(), pick(['HTTP 429: rate limited', 'Timeout after 30s', 'Auth expired']), { empty: 0.7 })
		.add('Kicked off by', F.select(['cron', 'webhook', 'manual']), pick(['cron', 'webhook', 'manual']));

	table('sop-stats', (_rng, i) => monthOf(i % 12).toFormat('LLL yy') + ` #${i + 1}`)
		.link('SOP', 'sops', 1, { empty: 0.05 })
		.add('Month', F.date(), (_rng, i) => monthOf(i % 12).toISODate())
		.add('Times run', F.number(), int(0, 60))
		.add('Success rate', F.percent(), fraction())
		.add('Avg duration', F.duration(), secs(30, 600, 30))
		.add('Score', F.scale(5), int(1, 5))
		.add('Revenue (INR)', F.money('INR'), amount(0, 2_000_000, 1000), { empty: 0.5 });

	table('prompts', named(pick(['Blog outline', 'Ad copy variants', 'Meeting summary', 'Persona draft', 'SEO brief'])))
		.add('Prompt', F.text(), md)
		.add('LLM', F.select(['GPT-4o', 'Claude', 'Gemini', 'Llama']), pick(['GPT-4o', 'Claude', 'Gemini', 'Llama']))
		.add('Good for', F.select(['copy', 'research', 'ops', 'sales'], true), pickSome(['copy', 'research', 'ops', 'sales'], 2))
		.add('Stars', F.scale(5), int(1, 5))
		.add('Added by', F.person(), someone)
		.add('Last run', F.dateTime(), when, { empty: 0.3 });

	table('creative', (rng, i) => `${rng.pick(['hero', 'ad', 'logo', 'banner', 'social'])}_${i + 1}.${rng.pick(['png', 'jpg', 'svg', 'mp4'])}`)
		.add('Kind', F.select(['Image', 'Video', 'Logo', 'Font', 'Copy']), pick(['Image', 'Video', 'Logo', 'Font', 'Copy']))
		.add('Thumb', F.image(), picture, { empty: 0.2 })
		.add('Master file', F.files(), files, { empty: 0.3 })
		.link('Client', 'accounts', 1, { empty: 0.3 })
		.link('Bet', 'bets', 1, { empty: 0.7 })
		.add('Creator', F.person(), someone)
		.add('Usage rights', F.select(['Owned', 'Licensed', 'Client-owned', 'CC-BY']), pick(['Owned', 'Licensed', 'Client-owned', 'CC-BY']));

	table('audiences', named(pick(['DTC founders', 'Clinic owners', 'SaaS marketers', 'Edtech heads', 'Cafe groups'])))
		.add('Sectors', F.select(sectors, true), pickSome(sectors, 2))
		.add('Headcount', F.text(), pick(['1-10', '11-50', '51-200', '200+']))
		.add('Priority', F.select(['⭐ Primary', 'Secondary', 'Watch']), pick(['⭐ Primary', 'Secondary', 'Watch']))
		.add('Avg deal (AUD)', F.money('AUD'), amount(5_000, 120_000, 500))
		.add('Owner', F.lookup(), teamRef, { target: 'team', empty: 0.1 })
		.add('Pain points', F.text(), md);

	table('lead-scoring', named(pick(['Fit check', 'Quick score', 'Deep dive'])))
		.link('Account', 'accounts', 1, { empty: 0.05 })
		.link('Audience', 'audiences', 1, { empty: 0.1 })
		.add('Fit', F.percent(), fraction())
		.add('Score (1-5)', F.scale(5), int(1, 5))
		.add('Scored', F.date(), day(0, 380))
		.add('By', F.person(), someone)
		.add('Rationale', F.text(), line, { empty: 0.3 });

	// --- Tables that belong to no business area.
	table('holidays', (_rng, i) => ['New Year', 'Australia Day', 'Good Friday', 'Easter Monday', 'Anzac Day', "King's Birthday", 'Labour Day', 'Christmas', 'Boxing Day', 'Diwali'][i % 10] + ` ${2026 + Math.floor(i / 10)}`)
		.add('Observed', F.date(), day(0, 400), { empty: 0 })
		.add('State', F.select(['NSW', 'VIC', 'National', 'India']), pick(['NSW', 'VIC', 'National', 'India']))
		.add('Office closed', F.checkbox(), flag(0.7), { empty: 0 });

	table('scratch', named(words))
		.add('Jotted', F.dateTime(), when)
		.add('By', F.person(), someone)
		.add('Thoughts', F.canvas(), md, { empty: 0.3 });

	return { name: 'Saffron & Co OS', tables, timeZone: AGENCY_TIME_ZONE, peopleTable: 'team' };
}
