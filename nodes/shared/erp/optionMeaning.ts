// A Coda select option's meaning: which of the package's shipped values (the meanings the views
// rely on, e.g. a task counted as done) a label the user chose stands for. A best guess, shown
// by `erp-db plan` and changed with `erp-db config`; NULL when nothing fits.
import { normaliseName } from './names';

/** Words users write for the shipped meanings (normalised label → meaning). */
const SYNONYMS: Record<string, string[]> = {
	todo: ['to_do', 'open', 'backlog', 'not_started', 'new', 'planned', 'queued', 'offen', 'zu_erledigen'],
	in_progress: ['doing', 'in_work', 'wip', 'started', 'working', 'ongoing', 'active', 'in_arbeit'],
	in_review: ['review', 'reviewing', 'qa', 'testing', 'awaiting_review'],
	blocked: ['on_hold', 'waiting', 'stuck', 'waiting_on_client', 'paused'],
	done: ['complete', 'completed', 'finished', 'closed', 'shipped', 'resolved', 'erledigt', 'fertig', 'delivered', 'accepted'],
	cancelled: ['canceled', 'dropped', 'abandoned', 'wont_do', 'won_t_do', 'killed', 'abgebrochen', 'rejected'],
	completed: ['complete', 'done', 'finished', 'closed'],
	active: ['in_progress', 'running', 'live', 'ongoing'],
	won: ['closed_won', 'signed', 'gewonnen'],
	lost: ['closed_lost', 'verloren'],
	paid: ['settled', 'bezahlt'],
	overdue: ['late', 'past_due'],
	success: ['succeeded', 'ok', 'passed'],
	error: ['failed', 'failure', 'crashed'],
};

/** The label's words without emoji, punctuation or case ("✅ Erledigt" → `erledigt`). */
function key(label: string): string {
	return normaliseName(label.replace(/\p{Extended_Pictographic}|\uFE0F|\u200D/gu, ' '));
}

/**
 * The shipped meaning a label stands for: the meaning itself (by normalised label), else a
 * synonym of one; undefined when the label fits none of `meanings`.
 */
export function guessMeaning(label: string, meanings: readonly string[]): string | undefined {
	const k = key(label);
	if (!k) return undefined;
	const compact = k.replace(/_/g, '');
	const direct = meanings.find((m) => m === k || m.replace(/_/g, '') === compact);
	if (direct) return direct;
	return meanings.find((m) => (SYNONYMS[m] ?? []).some((s) => s === k || s.replace(/_/g, '') === compact));
}
