/**
 * Where each table would live in a Citus cluster (ADR 0042): distributed by a column, replicated to
 * every node as a reference table, or kept on the coordinator only (local). Modules declare their
 * tables' plan in their manifest (`distribution`); these are the platform's own. Nothing reads the
 * plan at run time: tests/integration/citus-readiness.test.ts replays the committed migrations
 * with PostgreSQL's own parser and reports every key and foreign key the plan would make Citus
 * refuse.
 */
export type Distribution = { by: string } | 'reference' | 'local';

export const PLATFORM_DISTRIBUTION: Readonly<Record<string, Distribution>> = {
  // The audit log grows forever, one row per change.
  audit_log: { by: 'id' },
  // The queue, the limits and the cache versions are claimed with FOR UPDATE (SKIP LOCKED) across
  // rows, which Citus allows on one shard only; the outbox is the queue's payload.
  jobs: 'local',
  rate_limits: 'local',
  cache_versions: 'local',
  mail_outbox: 'local',
  files: 'reference',
};
