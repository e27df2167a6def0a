// Which Coda table feeds which erp table. erp.sync_config names one per erp table (an id, or a name
// as shown in the doc); when the doc has no table of that id or name, a match is proposed from the
// names (normalised, singular/plural, a few synonyms, the words of a longer name) and, for what is
// left, from the doc's lookups and column names. Pure: the plan shows the result, apply records it.
import { nameCandidates, singularPlural } from '../../nodes/shared/erp/columnMatching';

export interface CodaTableInfo {
	id: string;
	name: string;
	columnNames: string[];
	/** Coda table ids the table's lookup (and person) columns point at. */
	lookupTableIds: string[];
}

export interface ErpTableInfo {
	name: string;
	/** Domain column names and column-group names (`project`, `owner`, `budget`). */
	columnNames: string[];
	/** erp tables this table's references point at. */
	refTargets: string[];
}

export interface ConfiguredTable {
	erpTable: string;
	/** sync_config.coda_table: a Coda table id or name. */
	codaTable: string;
}

export type TableMatchHow = 'configured' | 'name' | 'synonym' | 'words' | 'lookups' | 'none';

export interface TableMatch {
	erpTable: string;
	coda: { id: string; name: string } | null;
	how: TableMatchHow;
	reason: string;
	/** What sync_config holds now. */
	configured: string;
}

/** Whether sync_config already names the matched Coda table as Coda knows it (its id, or its exact name). */
export function configuredExactly(m: TableMatch): boolean {
	return m.coda !== null && (m.configured === m.coda.id || m.configured === m.coda.name);
}

/** Names users give our tables, normalised (see `tableKey`). */
export const TABLE_SYNONYMS: Record<string, string[]> = {
	tasks: ['to_dos', 'todos', 'todo', 'to_do', 'action_items', 'actions', 'tickets', 'issues', 'work_items', 'cards', 'backlog_items', 'assignments'],
	organizations: ['organisations', 'orgs', 'clients', 'clients_and_partners', 'partners_and_clients', 'companies', 'accounts', 'customers', 'partners', 'crm'],
	okrs: ['okr', 'key_results', 'objectives', 'objectives_and_key_results', 'goals'],
	people: ['team', 'members', 'team_members', 'contacts', 'staff', 'persons', 'users', 'directory', 'employees', 'roster'],
	ventures: ['startups', 'portfolio', 'portfolio_companies', 'businesses', 'bets', 'spinouts', 'spin_offs', 'incubator'],
	// Agencies, trades and studios call a client project a job.
	projects: ['initiatives', 'programs', 'programmes', 'jobs', 'client_work'],
	sprints: ['iterations', 'cycles'],
	deals: ['pipeline', 'sales_pipeline', 'opportunities', 'opps', 'leads'],
	invoices: ['bills', 'billing', 'invoicing'],
	payments: ['transactions', 'receipts', 'payments_received', 'money_in'],
	expenses: ['costs', 'spending', 'spend', 'outgoings', 'purchases'],
	kpis: ['kpi', 'metrics', 'key_metrics', 'indicators', 'measures'],
	ideas_inbox: ['ideas', 'idea_inbox', 'idea_backlog', 'idea_box', 'suggestions'],
	decision_journal: ['decisions', 'decision_log', 'decision_register'],
	daily_thread: ['daily_log', 'daily_notes', 'journal', 'standups', 'daily', 'check_ins', 'daily_updates'],
	notebook: ['notes', 'wiki', 'knowledge_base', 'kb', 'handbook', 'docs', 'pages'],
	prompt_library: ['prompts'],
	experiments: ['hypotheses', 'tests'],
	deliverables: ['outputs', 'handoffs', 'handovers'],
	engagements: ['contracts', 'retainers', 'sows', 'statements_of_work', 'agreements'],
	offers: ['offerings', 'packages', 'products', 'pricing'],
	results: ['outcomes', 'wins', 'client_wins', 'case_studies', 'impact'],
	touchpoints: ['interactions', 'meetings', 'activities', 'calls', 'conversations'],
	topics: ['themes', 'tags'],
	functional_areas: ['areas', 'departments', 'functions', 'practices'],
	icp_segments: ['segments', 'ideal_customer_profiles', 'icps', 'ideal_customers', 'audiences', 'personas', 'target_customers', 'customer_segments'],
	icp_scoring: ['scoring', 'icp_scores', 'lead_scores', 'fit_scores'],
	finance_snapshot: ['finances', 'financial_snapshot', 'finance', 'financials', 'monthly_numbers', 'monthly_financials', 'numbers', 'p_and_l', 'pnl', 'profit_and_loss', 'cash_flow'],
	execution_runs: ['runs', 'automation_runs', 'run_log', 'automation_log', 'execution_log', 'run_history', 'logs'],
	workflows: ['automations', 'processes', 'zaps', 'scenarios'],
	process_templates: ['sops', 'playbooks', 'procedures', 'standard_operating_procedures'],
	resource_templates: ['templates', 'resources'],
	service_blueprints: ['blueprints', 'service_menu', 'service_catalog', 'service_catalogue', 'services', 'service_lines'],
	assets: ['files', 'documents', 'media', 'brand_assets'],
	outcome_types: ['result_types', 'result_categories', 'outcome_categories', 'impact_types'],
	// "<playbook or template> stats": how the process templates perform.
	template_performance: ['template', 'playbook', 'sop', 'process', 'checklist'].flatMap((what) => ['stats', 'performance', 'usage', 'metrics', 'analytics'].map((how) => `${what}_${how}`)),
};

const STOP_WORDS = new Set(['and', 'the', 'of', 'my', 'our', 'a', 'an', 'for']);

/** A table name as words joined by `_`: accents, emoji and punctuation dropped, `&` read as "and". */
export function tableKey(name: string): string {
	return name
		.normalize('NFKD')
		.replace(/[\u0300-\u036f]/g, '')
		.replace(/&/g, ' and ')
		.toLowerCase()
		.replace(/[^a-z0-9]+/g, '_')
		.replace(/^_+|_+$/g, '');
}

/** How well a Coda table name fits an erp table by name alone (0: not at all), and why. */
function nameScore(codaName: string, erpTable: string): { score: number; how: TableMatchHow; reason: string } | undefined {
	const key = tableKey(codaName);
	if (!key) return undefined;
	const forms = singularPlural(key);
	if (key === erpTable) return { score: 100, how: 'name', reason: 'same name' };
	if (forms.includes(erpTable) || singularPlural(erpTable).includes(key)) return { score: 95, how: 'name', reason: 'same name, singular/plural' };
	const synonyms = TABLE_SYNONYMS[erpTable] ?? [];
	if (forms.some((f) => synonyms.includes(f))) return { score: 85, how: 'synonym', reason: `"${codaName}" is a usual name for ${erpTable}` };
	// The words of a longer name ("OKRs — Key results"): the longest run of words that names the
	// table (inner stop words kept: "P and L"), a run that ends the name first, since in English
	// the last word names the thing ("Creative Assets", but "Automation Log" is a log).
	const words = key.split('_');
	let best: { score: number; phrase: string } | undefined;
	for (let i = 0; i < words.length; i++) {
		for (let j = i + 1; j <= words.length; j++) {
			if (j - i === words.length) continue; // the whole name was tried above
			if (STOP_WORDS.has(words[i]) || STOP_WORDS.has(words[j - 1])) continue;
			const phrase = words.slice(i, j).join('_');
			const hit = singularPlural(phrase).some((p) => p === erpTable || synonyms.includes(p));
			const score = 60 + 5 * words.slice(i, j).filter((w) => !STOP_WORDS.has(w)).length + (j === words.length ? 3 : 0);
			if (hit && (!best || score > best.score)) best = { score, phrase };
		}
	}
	if (best) return { score: best.score, how: 'words', reason: `"${codaName}" contains "${best.phrase.replace(/_/g, ' ')}"` };
	return undefined;
}

interface Candidate {
	coda: CodaTableInfo;
	erpTable: string;
	score: number;
	how: TableMatchHow;
	reason: string;
}

/** Takes candidates best first; each Coda table and each erp table is matched at most once. */
function assign(candidates: Candidate[], taken: { coda: Set<string>; erp: Set<string> }, out: Map<string, TableMatch>, configured: Map<string, string>) {
	candidates.sort((a, b) => b.score - a.score || a.erpTable.localeCompare(b.erpTable) || a.coda.id.localeCompare(b.coda.id));
	for (const c of candidates) {
		if (taken.coda.has(c.coda.id) || taken.erp.has(c.erpTable)) continue;
		taken.coda.add(c.coda.id);
		taken.erp.add(c.erpTable);
		out.set(c.erpTable, { erpTable: c.erpTable, coda: { id: c.coda.id, name: c.coda.name }, how: c.how, reason: c.reason, configured: configured.get(c.erpTable) ?? '' });
	}
}

export interface TableMatching {
	/** One per erp table, in `erp` order. */
	matches: TableMatch[];
	/** Coda tables no erp table mirrors. */
	unmatchedCoda: Array<{ id: string; name: string }>;
}

export function matchTables(coda: CodaTableInfo[], erp: ErpTableInfo[], configured: ConfiguredTable[]): TableMatching {
	const config = new Map(configured.map((c) => [c.erpTable, c.codaTable]));
	const out = new Map<string, TableMatch>();
	const taken = { coda: new Set<string>(), erp: new Set<string>() };

	// 1. What sync_config names, when the doc has it: by id, then by name (exact, then ignoring case).
	for (const t of erp) {
		const wanted = config.get(t.name)?.trim();
		if (!wanted) continue;
		const found =
			coda.find((c) => c.id === wanted) ??
			coda.find((c) => c.name === wanted) ??
			coda.find((c) => c.name.toLowerCase() === wanted.toLowerCase());
		if (!found || taken.coda.has(found.id)) continue;
		taken.coda.add(found.id);
		taken.erp.add(t.name);
		// Coda finds a table by its exact name only: "Kpis" does not fetch "KPIs".
		const exact = found.id === wanted || found.name === wanted;
		const reason = exact ? `erp.sync_config names "${wanted}"` : `erp.sync_config names "${wanted}", which Coda spells "${found.name}"`;
		out.set(t.name, { erpTable: t.name, coda: { id: found.id, name: found.name }, how: 'configured', reason, configured: wanted });
	}

	// 2. Names: same, singular/plural, synonyms, the words of a longer name.
	const byName: Candidate[] = [];
	for (const t of erp) {
		if (taken.erp.has(t.name)) continue;
		for (const c of coda) {
			if (taken.coda.has(c.id)) continue;
			const s = nameScore(c.name, t.name);
			if (s) byName.push({ coda: c, erpTable: t.name, ...s });
		}
	}
	assign(byName, taken, out, config);

	// 3. What is left, one table at a time (each match resolves more lookups for the next): lookups
	// that point where the erp table's references point, and column names that are the erp table's.
	// A reference most tables have (people) says little: each counts by its rarity among erp tables.
	const rarity = (target: string) => Math.log((erp.length + 1) / (1 + erp.filter((t) => t.refTargets.includes(target)).length));
	const weight = (targets: Iterable<string>) => [...targets].reduce((sum, x) => sum + rarity(x), 0);
	for (;;) {
		const erpOf = new Map([...out.values()].filter((m) => m.coda).map((m) => [m.coda!.id, m.erpTable]));
		const byShape: Candidate[] = [];
		for (const t of erp) {
			if (taken.erp.has(t.name)) continue;
			const refs = new Set(t.refTargets);
			const columns = new Set(t.columnNames);
			for (const c of coda) {
				if (taken.coda.has(c.id)) continue;
				// A lookup into the table itself (parent task, blocked by) points at the erp table it would be.
				const targets = new Set(c.lookupTableIds.map((id) => (id === c.id ? t.name : erpOf.get(id))).filter((x): x is string => x !== undefined));
				const shared = [...targets].filter((x) => refs.has(x));
				const lookupFit = shared.length ? weight(shared) / weight(new Set([...targets, ...refs])) : 0;
				// Column names read as the column matching reads them (units, synonyms, abbreviations).
				const sameNames = c.columnNames.filter((n) => nameCandidates(n).some((f) => columns.has(f.name)));
				const columnFit = sameNames.length / Math.max(1, c.columnNames.length);
				const byLookups = shared.length >= 2;
				const byColumns = sameNames.length >= 3;
				// Both kinds of evidence add up: together they must explain a good part of both tables.
				const score = 50 * lookupFit + 50 * columnFit;
				if (!(byLookups || byColumns) || score < 30) continue;
				const why = [
					byLookups ? `its lookups point at ${shared.sort().join(', ')}, as ${t.name}'s references do` : '',
					byColumns ? `${sameNames.length} of its ${c.columnNames.length} column names are ${t.name}'s` : '',
				].filter(Boolean);
				byShape.push({ coda: c, erpTable: t.name, score, how: 'lookups', reason: why.join('; ') });
			}
		}
		if (byShape.length === 0) break;
		byShape.sort((a, b) => b.score - a.score || a.erpTable.localeCompare(b.erpTable) || a.coda.id.localeCompare(b.coda.id));
		assign(byShape.slice(0, 1), taken, out, config);
	}

	const matches = erp.map(
		(t) => out.get(t.name) ?? { erpTable: t.name, coda: null, how: 'none' as const, reason: `the doc has no table "${config.get(t.name) ?? t.name}" nor one that looks like it`, configured: config.get(t.name) ?? '' },
	);
	return { matches, unmatchedCoda: coda.filter((c) => !taken.coda.has(c.id)).map((c) => ({ id: c.id, name: c.name })) };
}
