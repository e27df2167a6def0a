// Knowledge: the daily log, decisions and why, experiments, notes, reusable prompts and assets.
import { date, integer, numeric, text } from 'drizzle-orm/pg-core';
import { erp, indexesOn, inOptions, inRange, money, person, ref, refMany, selectOptions, syncColumns, vocab } from './columns';
import { lifecycleStatuses, processTemplates } from './pattern';
import { projects, ventures } from './operations';

export const dailyEntryTypes = ['standup', 'journal', 'log', 'review'] as const;

export const dailyThreadEntryTypeOptions = selectOptions('daily_thread', 'entry_type', dailyEntryTypes);
export const dailyThread = erp.table(
	'daily_thread',
	{
		...syncColumns(),
		name: text('name'),
		entry_type: vocab('entry_type', dailyEntryTypes),
		entry_date: date('entry_date'),
		...person('author'),
		...ref('venture', () => ventures.id, 'set null'),
		...ref('project', () => projects.id, 'set null'),
		focus: text('focus'),
		wins: text('wins'),
		blockers: text('blockers'),
		notes: text('notes'),
		/** Self-rated energy, 1 (drained) – 5 (great). */
		energy: integer('energy'),
	},
	(t) => [
		...inOptions(t.entry_type, dailyThreadEntryTypeOptions),
		inRange(t.energy, 1, 5),
		...indexesOn(t.author_id, t.venture_id, t.project_id, t.entry_date),
	],
);

export const decisionStatuses = ['proposed', 'decided', 'revisited', 'reversed'] as const;

export const decisionJournalStatusOptions = selectOptions('decision_journal', 'status', decisionStatuses);
export const decisionJournal = erp.table(
	'decision_journal',
	{
		...syncColumns(),
		name: text('name'),
		status: vocab('status', decisionStatuses),
		context: text('context'),
		decision: text('decision'),
		alternatives: text('alternatives'),
		expected_outcome: text('expected_outcome'),
		actual_outcome: text('actual_outcome'),
		...person('decided_by'),
		decided_on: date('decided_on'),
		review_date: date('review_date'),
		/** How sure the decider was, 1 (guess) – 5 (certain). */
		confidence: integer('confidence'),
		...ref('venture', () => ventures.id, 'set null'),
		...ref('project', () => projects.id, 'set null'),
	},
	(t) => [
		...inOptions(t.status, decisionJournalStatusOptions),
		inRange(t.confidence, 1, 5),
		...indexesOn(t.decided_by_id, t.venture_id, t.project_id, t.decided_on, t.review_date),
	],
);

export const experimentStatuses = ['planned', 'running', 'concluded', 'abandoned'] as const;
export const experimentOutcomes = ['validated', 'invalidated', 'inconclusive'] as const;

export const experimentsStatusOptions = selectOptions('experiments', 'status', experimentStatuses);
export const experimentsOutcomeOptions = selectOptions('experiments', 'outcome', experimentOutcomes);
export const experiments = erp.table(
	'experiments',
	{
		...syncColumns(),
		name: text('name'),
		status: vocab('status', experimentStatuses),
		outcome: vocab('outcome', experimentOutcomes),
		hypothesis: text('hypothesis'),
		metric: text('metric'),
		target_value: numeric('target_value'),
		actual_value: numeric('actual_value'),
		...ref('venture', () => ventures.id, 'set null'),
		...person('owner'),
		start_date: date('start_date'),
		end_date: date('end_date'),
		...money('cost'),
		learnings: text('learnings'),
	},
	(t) => [
		...inOptions(t.status, experimentsStatusOptions),
		...inOptions(t.outcome, experimentsOutcomeOptions),
		...indexesOn(t.venture_id, t.owner_id, t.start_date),
	],
);

export const noteTypes = ['note', 'research', 'meeting', 'reference', 'idea'] as const;

export const notebookNoteTypeOptions = selectOptions('notebook', 'note_type', noteTypes);
export const notebook = erp.table(
	'notebook',
	{
		...syncColumns(),
		name: text('name'),
		note_type: vocab('note_type', noteTypes),
		body: text('body'),
		...person('author'),
		note_date: date('note_date'),
		...ref('project', () => projects.id, 'set null'),
		...ref('venture', () => ventures.id, 'set null'),
		// Topics arrive in phase 3 and a note has several: Coda ids, no FK.
		...refMany('topic'),
		source_url: text('source_url'),
	},
	(t) => [
		...inOptions(t.note_type, notebookNoteTypeOptions),
		...indexesOn(t.author_id, t.project_id, t.venture_id, t.note_date),
	],
);

export const promptLibraryStatusOptions = selectOptions('prompt_library', 'status', lifecycleStatuses);
export const promptLibrary = erp.table(
	'prompt_library',
	{
		...syncColumns(),
		name: text('name'),
		status: vocab('status', lifecycleStatuses),
		category: text('category'),
		prompt_text: text('prompt_text'),
		use_case: text('use_case'),
		model: text('model'),
		version: text('version'),
		...person('author'),
		...ref('process_template', () => processTemplates.id, 'set null'),
		/** Usefulness, 1–5. */
		rating: integer('rating'),
		last_used_on: date('last_used_on'),
	},
	(t) => [
		...inOptions(t.status, promptLibraryStatusOptions),
		inRange(t.rating, 1, 5),
		...indexesOn(t.author_id, t.process_template_id),
	],
);

export const assetTypes = ['logo', 'image', 'video', 'document', 'template', 'code', 'brand', 'other'] as const;
export const assetStatuses = ['draft', 'active', 'archived'] as const;

export const assetsAssetTypeOptions = selectOptions('assets', 'asset_type', assetTypes);
export const assetsStatusOptions = selectOptions('assets', 'status', assetStatuses);
export const assets = erp.table(
	'assets',
	{
		...syncColumns(),
		name: text('name'),
		asset_type: vocab('asset_type', assetTypes),
		status: vocab('status', assetStatuses),
		url: text('url'),
		description: text('description'),
		...person('owner'),
		...ref('venture', () => ventures.id, 'set null'),
		...ref('project', () => projects.id, 'set null'),
		license: text('license'),
		created_on: date('created_on'),
	},
	(t) => [
		...inOptions(t.asset_type, assetsAssetTypeOptions),
		...inOptions(t.status, assetsStatusOptions),
		...indexesOn(t.owner_id, t.venture_id, t.project_id),
	],
);
