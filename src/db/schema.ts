/** Every table, gathered for Drizzle's typed client and for drizzle-kit. */
export * from '../modules/credentials/schema.ts';
export * from '../modules/exams/schema.ts';
export * from '../modules/exchange/schema.ts';
export * from '../modules/identity/schema.ts';
export * from '../modules/learning/schema.ts';
export * from '../modules/members/schema.ts';
export * from '../modules/questions/schema.ts';
export * from '../modules/salons/schema.ts';
export * from '../platform/schema.ts';
