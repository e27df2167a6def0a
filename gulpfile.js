// Copies what tsc does not: node icons and codex files (n8n reads X.node.json beside X.node.js for the
// node panel's categories), and the SQL migrations (with their down scripts) that erp-db applies.
const { src, dest, parallel } = require('gulp');

function buildIcons() {
	return src(['nodes/**/*.{png,svg}', 'nodes/**/*.node.json', 'credentials/**/*.{png,svg}'], { base: '.', encoding: false }).pipe(dest('dist'));
}

function copyMigrations() {
	return src(['drizzle/migrations/**/*'], { base: '.', encoding: false }).pipe(dest('dist'));
}

exports.build = parallel(buildIcons, copyMigrations);
exports['build:icons'] = buildIcons;
