// Copies what tsc does not: node icons and the SQL migrations (with their down scripts) that erp-db applies.
const { src, dest, parallel } = require('gulp');

function buildIcons() {
	return src(['nodes/**/*.{png,svg}', 'credentials/**/*.{png,svg}'], { base: '.', encoding: false }).pipe(dest('dist'));
}

function copyMigrations() {
	return src(['drizzle/migrations/**/*'], { base: '.', encoding: false }).pipe(dest('dist'));
}

exports.build = parallel(buildIcons, copyMigrations);
exports['build:icons'] = buildIcons;
