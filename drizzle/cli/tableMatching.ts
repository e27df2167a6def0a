// Which Coda table feeds which erp table. erp.sync_config names one per erp table (an id, or a name
// as shown in the doc); when the doc has no table of that id or name, a match is proposed from the
// names (normalised, singular/plural, a few synonyms, the words of a longer name) and, for what is
// left, from the doc's lookups and column names. Pure: the plan shows the result, apply records it.
import { singularPlural } from '../../nodes/shared/erp/columnMatching';

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
	tasks: ['to_dos', 'todos', 'todo', 'to_do', 'action_items', 'actions', 'tickets', 'issues', 'jobs'],
	organizations: ['organisations', 'orgs', 'clients', 'clients_and_partners', 'partners_and_clients', 'companies', 'accounts', 'customers', 'partners'],
	okrs: ['okr', 'key_results', 'objectives', 'objectives_and_key_results', 'goals'],
	people: ['team', 'members', 'team_members', 'contacts', 'staff', 'persons', 'users', 'directory'],
	ventures: ['startups', 'portfolio', 'portfolio_companies', 'businesses'],
	projects: ['initiatives', 'programs', 'programmes'],
	sprints: ['iterations', 'cycles'],
	deals: ['pipeline', 'sales_pipeline', 'opportunities', 'leads'],
	invoices: ['bills', 'billing'],
	payments: ['transactions', 'receipts'],
	expenses: ['costs', 'spending', 'spend'],
	kpis: ['kpi', 'metrics', 'key_metrics', 'indicators'],
	ideas_inbox: ['ideas', 'idea_inbox', 'idea_backlog'],
	decision_journal: ['decisions', 'decision_log'],
	daily_thread: ['daily_log', 'daily_notes', 'journal', 'standups', 'daily'],
	notebook: ['notes'],
	prompt_library: ['prompts'],
	experiments: ['hypotheses', 'tests'],
	deliverables: ['outputs'],
	engagements: ['contracts', 'retainers'],
	offers: ['offerings', 'services'],
	results: ['outcomes', 'wins', 'client_wins', 'case_studies'],
	touchpoints: ['interactions', 'meetings', 'activities'],
	topics: ['themes'],
	functional_areas: ['areas', 'departments', 'functions'],
	icp_segments: ['segments', 'ideal_customer_profiles', 'icps'],
	icp_scoring: ['scoring', 'icp_scores'],
	finance_snapshot: ['finances', 'financial_snapshot', 'finance', 'financials', 'monthly_numbers', 'monthly_financials', 'numbers'],
	execution_runs: ['runs', 'automation_runs'],
	workflows: ['automations', 'processes'],
	process_templates: ['sops', 'playbooks'],
	resource_templates: ['templates', 'resources'],
	service_blueprints: ['blueprints', 'service_menu', 'service_catalog', 'service_catalogue'],
	assets: ['files', 'documents'],
	template_performance: ['template_stats', 'playbook_stats', 'playbook_performance'],
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
	// The words of a longer name ("OKRs — Key results"): the longest run of words that names the table.
	const words = key.split('_').filter((w) => !STOP_WORDS.has(w));
	let best: { score: number; phrase: string } | undefined;
	for (let i = 0; i < words.length; i++) {
		for (let j = i + 1; j <= words.length; j++) {
			if (j - i === words.length) continue; // the whole name was tried above
			const phrase = words.slice(i, j).join('_');
			const hit = singularPlural(phrase).some((p) => p === erpTable || synonyms.includes(p));
			if (hit && (!best || j - i > best.phrase.split('_').length)) best = { score: 60 + 5 * (j - i), phrase };
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

	// 3. What is left: lookups that point where the erp table's references point, and shared column names.
	const erpOf = new Map([...out.values()].filter((m) => m.coda).map((m) => [m.coda!.id, m.erpTable]));
	const byShape: Candidate[] = [];
	for (const t of erp) {
		if (taken.erp.has(t.name)) continue;
		const refs = new Set(t.refTargets);
		const columns = new Set(t.columnNames);
		for (const c of coda) {
			if (taken.coda.has(c.id)) continue;
			const targets = new Set(c.lookupTableIds.map((id) => erpOf.get(id)).filter((x): x is string => x !== undefined));
			const shared = [...targets].filter((x) => refs.has(x));
			const union = new Set([...targets, ...refs]).size;
			const sameNames = c.columnNames.map(tableKey).filter((n) => singularPlural(n).some((f) => columns.has(f)));
			const byLookups = shared.length >= 2 && shared.length / union >= 0.5;
			const byColumns = sameNames.length >= 3 && sameNames.length / Math.max(1, c.columnNames.length) >= 0.5;
			if (!byLookups && !byColumns) continue;
			const why = [
				byLookups ? `its lookups point at ${shared.sort().join(', ')}, as ${t.name}'s references do` : '',
				byColumns ? `${sameNames.length} of its ${c.columnNames.length} column names are ${t.name}'s` : '',
			].filter(Boolean);
			byShape.push({ coda: c, erpTable: t.name, score: (byLookups ? 40 + 10 * shared.length : 0) + (byColumns ? 20 + sameNames.length : 0), how: 'lookups', reason: why.join('; ') });
		}
	}
	assign(byShape, taken, out, config);

	const matches = erp.map(
		(t) => out.get(t.name) ?? { erpTable: t.name, coda: null, how: 'none' as const, reason: `the doc has no table "${config.get(t.name) ?? t.name}" nor one that looks like it`, configured: config.get(t.name) ?? '' },
	);
	return { matches, unmatchedCoda: coda.filter((c) => !taken.coda.has(c.id)).map((c) => ({ id: c.id, name: c.name })) };
}
