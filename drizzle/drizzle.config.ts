// drizzle-kit: generates drizzle/migrations from drizzle/schema (run from the package root:
// `npx drizzle-kit generate --config drizzle/drizzle.config.ts`). Migrations are applied by
// `erp-db migrate`, which tracks them in erp_meta.migrations with its own lock and down
// scripts; the `migrations` entry below only names where `drizzle-kit migrate` would track
// them, should anyone use it, so it never collides with the erp schema.
import { defineConfig } from 'drizzle-kit';

export default defineConfig({
	dialect: 'postgresql',
	schema: './drizzle/schema/index.ts',
	out: './drizzle/migrations',
	schemaFilter: ['erp'],
	migrations: { schema: 'erp_meta', table: '__drizzle_migrations' },
	strict: true,
	verbose: true,
});
