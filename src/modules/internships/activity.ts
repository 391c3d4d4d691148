/**
 * Contribution activity, scored as OpenDigger does: per developer, per repository, per month,
 * activity = √(0.5252·issue comments + 2.2235·issues opened + 4.0679·PRs opened
 *              + 0.7427·review comments + 2.0339·PRs merged).
 * Bots are left out before anything is counted; commits (from a local clone) are kept as evidence
 * of identity and carry no weight, as in OpenDigger.
 */
import { pad2, SHANGHAI, zonedParts } from '../../platform/time.ts';
import type { EventKind } from './schema.ts';

export const ACTIVITY_WEIGHTS: Readonly<Record<EventKind, number>> = {
  issue_comment: 0.5252,
  issue_opened: 2.2235,
  pr_opened: 4.0679,
  review_comment: 0.7427,
  pr_merged: 2.0339,
  commit: 0,
};

/**
 * True for an automation account: the host says so (GitHub's `type: "Bot"`), or the login has a
 * bot's shape (`dependabot[bot]`, `renovate-bot`, `xxx_bot`), or it is one of the well-known ones
 * that run as ordinary users.
 */
export function isBot(login: string, hostType?: string | null): boolean {
  if (hostType && hostType.toLowerCase() === 'bot') return true;
  const l = login.toLowerCase();
  if (/\[bot\]$/.test(l) || /[-_]bot$/.test(l) || /^bot[-_]/.test(l)) return true;
  return KNOWN_BOTS.has(l);
}

const KNOWN_BOTS = new Set([
  'dependabot',
  'renovate',
  'github-actions',
  'codecov',
  'mergify',
  'gitee-bot',
  'ti-chi-bot',
  'sonarcloud',
  'k8s-ci-robot',
  'coveralls',
]);

export type ScoredEvent = { login: string; kind: EventKind; occurredAt: Date; bot: boolean };

/** `YYYY-MM` of an instant in 北京时间 (a month's activity is the alliance's month, not UTC's). */
export function monthOf(at: Date): string {
  const p = zonedParts(at, SHANGHAI);
  return `${p.y}-${pad2(p.mo)}`;
}

export type MonthlyActivity = {
  login: string;
  month: string;
  activity: number;
  counts: Record<EventKind, number>;
};

/** Monthly activity of every non-bot developer in one repository's events, sorted by month then login. */
export function monthlyActivity(events: readonly ScoredEvent[]): MonthlyActivity[] {
  const byKey = new Map<string, MonthlyActivity>();
  for (const e of events) {
    if (e.bot || !e.login) continue;
    const month = monthOf(e.occurredAt);
    const key = `${month}\u0000${e.login}`;
    let row = byKey.get(key);
    if (!row) {
      row = {
        login: e.login,
        month,
        activity: 0,
        counts: {
          issue_comment: 0,
          issue_opened: 0,
          pr_opened: 0,
          review_comment: 0,
          pr_merged: 0,
          commit: 0,
        },
      };
      byKey.set(key, row);
    }
    row.counts[e.kind] += 1;
  }
  for (const row of byKey.values()) {
    let sum = 0;
    for (const [kind, n] of Object.entries(row.counts)) sum += ACTIVITY_WEIGHTS[kind as EventKind] * n;
    row.activity = Math.sqrt(sum);
  }
  return [...byKey.values()].sort((a, b) => a.month.localeCompare(b.month) || a.login.localeCompare(b.login));
}

/** r2cn's task sizes: a `points:N` label must be one of them to count. */
export const R2CN_POINTS = [2, 5, 10, 20, 30, 40, 50] as const;

/** Points of a merged PR: its `points:N` (or `积分:N`) label when N is an r2cn size, else the default. */
export function pointsOf(labels: readonly string[], defaultPoints: number): number {
  for (const label of labels) {
    const m = label.trim().match(/^(?:points|积分)[:：]\s*(\d+)$/i);
    if (m && (R2CN_POINTS as readonly number[]).includes(Number(m[1]))) return Number(m[1]);
  }
  return defaultPoints;
}
