// Client work: what the studio sells (offers), the engagements that buy it, what gets
// delivered, and the results clients got.
import { boolean, date, integer, numeric, text } from 'drizzle-orm/pg-core';
import { duration, erp, indexesOn, inOptions, money, person, ref, selectOptions, syncColumns, vocab } from './columns';
import { lifecycleStatuses, serviceBlueprints } from './pattern';
import { organizations } from './people';
import { projects, ventures } from './operations';

export const offerTypes = ['fixed_scope', 'retainer', 'time_and_materials', 'workshop', 'product'] as const;

export const offersStatusOptions = selectOptions('offers', 'status', lifecycleStatuses);
export const offersOfferTypeOptions = selectOptions('offers', 'offer_type', offerTypes);
export const offers = erp.table(
	'offers',
	{
		...syncColumns(),
		name: text('name'),
		status: vocab('status', lifecycleStatuses),
		offer_type: vocab('offer_type', offerTypes),
		...ref('service_blueprint', () => serviceBlueprints.id, 'set null'),
		...ref('venture', () => ventures.id, 'set null'),
		...person('owner'),
		...money('price'),
		duration_weeks: duration(integer('duration_weeks'), 'weeks'),
		target_segment: text('target_segment'),
		sales_page_url: text('sales_page_url'),
		description: text('description'),
	},
	(t) => [
		...inOptions(t.status, offersStatusOptions),
		...inOptions(t.offer_type, offersOfferTypeOptions),
		...indexesOn(t.service_blueprint_id, t.venture_id, t.owner_id),
	],
);

export const engagementStatuses = ['proposed', 'active', 'paused', 'completed', 'cancelled'] as const;
export const billingModels = ['fixed', 'retainer', 'hourly', 'milestone'] as const;

export const engagementsStatusOptions = selectOptions('engagements', 'status', engagementStatuses);
export const engagementsBillingModelOptions = selectOptions('engagements', 'billing_model', billingModels);
export const engagements = erp.table(
	'engagements',
	{
		...syncColumns(),
		name: text('name'),
		status: vocab('status', engagementStatuses),
		billing_model: vocab('billing_model', billingModels),
		...ref('client_organization', () => organizations.id, 'set null'),
		...ref('offer', () => offers.id, 'set null'),
		...person('owner'),
		...person('client_contact'),
		start_date: date('start_date'),
		end_date: date('end_date'),
		...money('contract_value'),
		contract_url: text('contract_url'),
	},
	(t) => [
		...inOptions(t.status, engagementsStatusOptions),
		...inOptions(t.billing_model, engagementsBillingModelOptions),
		...indexesOn(t.client_organization_id, t.offer_id, t.owner_id, t.client_contact_id, t.start_date),
	],
);

export const deliverableStatuses = [
	'not_started',
	'in_progress',
	'in_review',
	'delivered',
	'accepted',
	'rejected',
	'cancelled',
] as const;
/** Deliverable statuses that no longer need work (project_progress counts the others as open). */
export const closedDeliverableStatuses = ['delivered', 'accepted', 'cancelled'] as const;

export const deliverablesStatusOptions = selectOptions('deliverables', 'status', deliverableStatuses);
export const deliverables = erp.table(
	'deliverables',
	{
		...syncColumns(),
		name: text('name'),
		status: vocab('status', deliverableStatuses),
		...ref('engagement', () => engagements.id, 'set null'),
		...ref('project', () => projects.id, 'set null'),
		...person('owner'),
		due_date: date('due_date'),
		delivered_on: date('delivered_on'),
		acceptance_criteria: text('acceptance_criteria'),
		document_url: text('document_url'),
	},
	(t) => [
		...inOptions(t.status, deliverablesStatusOptions),
		...indexesOn(t.engagement_id, t.project_id, t.owner_id, t.due_date),
	],
);

export const resultStatuses = ['claimed', 'verified', 'published'] as const;
export const resultTypes = ['revenue', 'cost_saving', 'time_saving', 'growth', 'quality', 'other'] as const;

export const resultsStatusOptions = selectOptions('results', 'status', resultStatuses);
export const resultsResultTypeOptions = selectOptions('results', 'result_type', resultTypes);
export const results = erp.table(
	'results',
	{
		...syncColumns(),
		name: text('name'),
		status: vocab('status', resultStatuses),
		result_type: vocab('result_type', resultTypes),
		...ref('engagement', () => engagements.id, 'set null'),
		...ref('deliverable', () => deliverables.id, 'set null'),
		metric_name: text('metric_name'),
		baseline_value: numeric('baseline_value'),
		achieved_value: numeric('achieved_value'),
		unit: text('unit'),
		...money('financial_impact'),
		measured_on: date('measured_on'),
		verified: boolean('verified'),
		testimonial: text('testimonial'),
	},
	(t) => [
		...inOptions(t.status, resultsStatusOptions),
		...inOptions(t.result_type, resultsResultTypeOptions),
		...indexesOn(t.engagement_id, t.deliverable_id, t.measured_on),
	],
);
