// Copies what tsc does not: node icons and codex files (n8n reads X.node.json beside X.node.js for the
// node panel's categories), and the SQL migrations (with their down scripts) that erp-db applies.
const { src, dest, parallel } = require('gulp');

function buildIcons() {
	return src(['nodes/**/*.{png,svg}', 'nodes/**/*.node.json', 'credentials/**/*.{png,svg}'], { base: '.', encoding: false }).pipe(dest('dist'));
}

function copyMigrations() {
	return src(['drizzle/migrations/**/*'], { base: '.', encoding: false }).pipe(dest('dist'));
}

// `erp-db apply` and the automatic doc mode generate their DDL with drizzle-kit's generator. Its
// api.js is one plain CommonJS file needing only drizzle-orm; shipping it (MIT) avoids making
// drizzle-kit a runtime dependency, which would install esbuild's platform binary into n8n.
function vendorDrizzleKit() {
	return src(['node_modules/drizzle-kit/api.js', 'node_modules/drizzle-kit/package.json'], { base: 'node_modules', encoding: false }).pipe(dest('dist/vendor'));
}

exports.build = parallel(buildIcons, copyMigrations, vendorDrizzleKit);
exports['build:icons'] = buildIcons;
