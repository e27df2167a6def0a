// Money: what the studio spends (expenses), bills (invoices), receives (payments), hopes to
// win (deals), and a periodic snapshot of the books (finance_snapshot, phase 3).
import { boolean, date, integer, numeric, text } from 'drizzle-orm/pg-core';
import { duration, erp, indexesOn, inOptions, inRange, money, person, ref, selectOptions, syncColumns, vocab } from './columns';
import { engagements, offers } from './clients';
import { projects, ventures } from './operations';
import { organizations } from './people';

export const expenseStatuses = ['submitted', 'approved', 'rejected', 'paid', 'reimbursed'] as const;
export const expenseCategories = [
	'software',
	'contractor',
	'travel',
	'hardware',
	'marketing',
	'office',
	'fees',
	'other',
] as const;

export const expensesStatusOptions = selectOptions('expenses', 'status', expenseStatuses);
export const expensesCategoryOptions = selectOptions('expenses', 'category', expenseCategories);
export const expenses = erp.table(
	'expenses',
	{
		...syncColumns(),
		name: text('name'),
		status: vocab('status', expenseStatuses),
		category: vocab('category', expenseCategories),
		...money('amount'),
		expense_date: date('expense_date'),
		...ref('vendor_organization', () => organizations.id, 'set null'),
		...ref('project', () => projects.id, 'set null'),
		...ref('venture', () => ventures.id, 'set null'),
		...person('paid_by'),
		billable: boolean('billable'),
		receipt_url: text('receipt_url'),
	},
	(t) => [
		...inOptions(t.status, expensesStatusOptions),
		...inOptions(t.category, expensesCategoryOptions),
		...indexesOn(t.vendor_organization_id, t.project_id, t.venture_id, t.paid_by_id, t.expense_date),
	],
);

export const invoiceStatuses = ['draft', 'sent', 'partially_paid', 'paid', 'overdue', 'void'] as const;

export const invoicesStatusOptions = selectOptions('invoices', 'status', invoiceStatuses);
export const invoices = erp.table(
	'invoices',
	{
		...syncColumns(),
		name: text('name'),
		invoice_number: text('invoice_number'),
		status: vocab('status', invoiceStatuses),
		...ref('client_organization', () => organizations.id, 'set null'),
		...ref('engagement', () => engagements.id, 'set null'),
		...person('owner'),
		issue_date: date('issue_date'),
		due_date: date('due_date'),
		paid_on: date('paid_on'),
		...money('total'),
		...money('tax'),
		invoice_url: text('invoice_url'),
	},
	(t) => [
		...inOptions(t.status, invoicesStatusOptions),
		...indexesOn(t.client_organization_id, t.engagement_id, t.owner_id, t.issue_date, t.due_date),
	],
);

export const paymentStatuses = ['pending', 'received', 'failed', 'refunded'] as const;
export const paymentMethods = ['bank_transfer', 'card', 'paypal', 'stripe', 'cash', 'other'] as const;

export const paymentsStatusOptions = selectOptions('payments', 'status', paymentStatuses);
export const paymentsMethodOptions = selectOptions('payments', 'method', paymentMethods);
export const payments = erp.table(
	'payments',
	{
		...syncColumns(),
		name: text('name'),
		status: vocab('status', paymentStatuses),
		method: vocab('method', paymentMethods),
		// restrict: a hard delete must not erase the money trail of an invoice; soft-delete it.
		...ref('invoice', () => invoices.id, 'restrict'),
		...ref('payer_organization', () => organizations.id, 'set null'),
		...money('amount'),
		received_on: date('received_on'),
		transaction_reference: text('transaction_reference'),
	},
	(t) => [
		...inOptions(t.status, paymentsStatusOptions),
		...inOptions(t.method, paymentsMethodOptions),
		...indexesOn(t.invoice_id, t.payer_organization_id, t.received_on),
	],
);

export const dealStages = ['lead', 'qualified', 'proposal', 'negotiation', 'won', 'lost'] as const;
export const leadSources = ['referral', 'inbound', 'outbound', 'partner', 'event', 'other'] as const;

export const dealsStageOptions = selectOptions('deals', 'stage', dealStages);
export const dealsLeadSourceOptions = selectOptions('deals', 'lead_source', leadSources);
export const deals = erp.table(
	'deals',
	{
		...syncColumns(),
		name: text('name'),
		stage: vocab('stage', dealStages),
		lead_source: vocab('lead_source', leadSources),
		...ref('organization', () => organizations.id, 'set null'),
		...ref('offer', () => offers.id, 'set null'),
		...ref('engagement', () => engagements.id, 'set null'),
		...person('owner'),
		...money('value'),
		probability_percent: integer('probability_percent'),
		expected_close_date: date('expected_close_date'),
		closed_on: date('closed_on'),
		lost_reason: text('lost_reason'),
	},
	(t) => [
		...inOptions(t.stage, dealsStageOptions),
		...inOptions(t.lead_source, dealsLeadSourceOptions),
		inRange(t.probability_percent, 0, 100),
		...indexesOn(t.organization_id, t.offer_id, t.engagement_id, t.owner_id, t.expected_close_date),
	],
);

export const snapshotStatuses = ['draft', 'final'] as const;

export const financeSnapshotStatusOptions = selectOptions('finance_snapshot', 'status', snapshotStatuses);
export const financeSnapshot = erp.table(
	'finance_snapshot',
	{
		...syncColumns(),
		name: text('name'),
		status: vocab('status', snapshotStatuses),
		...ref('venture', () => ventures.id, 'set null'),
		period_start: date('period_start'),
		period_end: date('period_end'),
		...money('revenue'),
		...money('expense_total'),
		...money('profit'),
		...money('cash_balance'),
		...money('mrr'),
		...money('outstanding_invoices'),
		runway_months: duration(numeric('runway_months', { precision: 6, scale: 1 }), 'months'),
	},
	(t) => [...inOptions(t.status, financeSnapshotStatusOptions), ...indexesOn(t.venture_id, t.period_start)],
);
