// The whole `erp` schema, for drizzle-kit (drizzle.config.ts) and for code (the catalogue).
export { erp } from './columns';
export * from './pattern';
export * from './operations';
export * from './people';
export * from './clients';
export * from './finance';
export * from './knowledge';
export * from './strategy';
export * from './sync';
export * from './docModel';
export * from './views';
export { groupRoles, type GroupRole } from './roles';
export * from './syncConfig';
