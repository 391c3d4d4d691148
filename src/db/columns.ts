/** Column shapes every schema uses alike. */
import { timestamp } from 'drizzle-orm/pg-core';

/** `timestamp with time zone`, read as a JS Date. */
export const timestamptz = () => timestamp({ withTimezone: true, mode: 'date' });

/** `timestamp with time zone not null default now()`: created/updated columns. */
export const now = () => timestamptz().notNull().defaultNow();
