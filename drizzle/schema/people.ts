// People and organizations: everyone the studio works with, and the companies they belong to.
import { sql } from 'drizzle-orm';
import { date, index, integer, text, type AnyPgColumn } from 'drizzle-orm/pg-core';
import { erp, indexesOn, inVocabulary, money, person, ref, syncColumns, vocab } from './columns';

export const personTypes = ['team', 'contractor', 'client_contact', 'partner', 'advisor', 'investor'] as const;
export const personStatuses = ['active', 'inactive', 'alumni'] as const;

export const people = erp.table(
	'people',
	{
		...syncColumns(),
		name: text('name'),
		email: text('email'),
		person_type: vocab('person_type', personTypes),
		status: vocab('status', personStatuses),
		title: text('title'),
		...ref('organization', (): AnyPgColumn => organizations.id, 'set null'),
		phone: text('phone'),
		location: text('location'),
		linkedin_url: text('linkedin_url'),
		...money('hourly_rate'),
		start_date: date('start_date'),
		end_date: date('end_date'),
	},
	(t) => [
		inVocabulary(t.person_type, personTypes),
		inVocabulary(t.status, personStatuses),
		// person() columns resolve by lower(email).
		index('people_email_lower_idx').on(sql`lower(${t.email})`),
		...indexesOn(t.organization_id, t.status, t.person_type),
	],
);

export const organizationTypes = ['client', 'prospect', 'partner', 'vendor', 'investor', 'internal'] as const;
export const organizationStatuses = ['active', 'inactive', 'churned'] as const;

export const organizations = erp.table(
	'organizations',
	{
		...syncColumns(),
		name: text('name'),
		organization_type: vocab('organization_type', organizationTypes),
		status: vocab('status', organizationStatuses),
		industry: text('industry'),
		website_url: text('website_url'),
		country: text('country'),
		employee_count: integer('employee_count'),
		...money('annual_revenue'),
		...person('owner'),
		first_contact_date: date('first_contact_date'),
	},
	(t) => [
		inVocabulary(t.organization_type, organizationTypes),
		inVocabulary(t.status, organizationStatuses),
		...indexesOn(t.owner_id, t.status, t.organization_type),
	],
);
