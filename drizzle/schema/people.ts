// People and organizations: everyone the studio works with, and the companies they belong to.
import { sql } from 'drizzle-orm';
import { date, index, integer, text, type AnyPgColumn } from 'drizzle-orm/pg-core';
import { erp, indexesOn, inOptions, money, person, ref, selectOptions, syncColumns, vocab } from './columns';

export const personTypes = ['team', 'contractor', 'client_contact', 'partner', 'advisor', 'investor'] as const;
export const personStatuses = ['active', 'inactive', 'alumni'] as const;

export const peoplePersonTypeOptions = selectOptions('people', 'person_type', personTypes);
export const peopleStatusOptions = selectOptions('people', 'status', personStatuses);
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
		...inOptions(t.person_type, peoplePersonTypeOptions),
		...inOptions(t.status, peopleStatusOptions),
		// person() columns resolve by lower(email).
		index('people_email_lower_idx').on(sql`lower(${t.email})`),
		...indexesOn(t.organization_id),
	],
);

export const organizationTypes = ['client', 'prospect', 'partner', 'vendor', 'investor', 'internal'] as const;
export const organizationStatuses = ['active', 'inactive', 'churned'] as const;

export const organizationsOrganizationTypeOptions = selectOptions('organizations', 'organization_type', organizationTypes);
export const organizationsStatusOptions = selectOptions('organizations', 'status', organizationStatuses);
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
		...inOptions(t.organization_type, organizationsOrganizationTypeOptions),
		...inOptions(t.status, organizationsStatusOptions),
		...indexesOn(t.owner_id),
	],
);
