/**
 * Reading a project's activity from its host's HTTP API: GitHub's REST v3, and Gitee's and
 * GitCode's v5, which answer the same paths with the same fields for what we read (pulls, issues,
 * issue comments, review comments). Everything is fetched and checked before anything is written
 * (imports are all-or-nothing); a page the schema refuses or an HTTP error stops the whole import.
 */
import { z } from 'zod';
import { isBot } from './activity.ts';
import type { EventKind, Host } from './schema.ts';

export const DEFAULT_API_BASES: Readonly<Record<Host, string>> = {
  github: 'https://api.github.com',
  gitee: 'https://gitee.com/api/v5',
  gitcode: 'https://api.gitcode.com/api/v5',
};

export type HostEvent = {
  kind: EventKind;
  externalId: string;
  login: string;
  email: string;
  bot: boolean;
  title: string;
  url: string;
  labels: string[];
  occurredAt: Date;
};

export class HostImportError extends Error {
  constructor(
    readonly url: string,
    readonly detail: string,
  ) {
    super(`${url}: ${detail}`);
  }
}

const user = z.object({ login: z.string().min(1), type: z.string().nullish() }).nullable();
const pull = z.object({
  number: z.number().int(),
  html_url: z.string(),
  title: z.string(),
  user,
  created_at: z.string(),
  merged_at: z.string().nullish(),
  labels: z.array(z.object({ name: z.string() })).default([]),
});
const issue = z.object({
  number: z.number().int(),
  html_url: z.string(),
  title: z.string(),
  user,
  created_at: z.string(),
  pull_request: z.unknown().optional(),
});
const comment = z.object({
  id: z.union([z.number(), z.string()]),
  html_url: z.string(),
  user,
  created_at: z.string(),
});

const PER_PAGE = 100;
const MAX_PAGES = 100;

async function pages<T>(url: string, item: z.ZodType<T>, token?: string): Promise<T[]> {
  const out: T[] = [];
  for (let page = 1; page <= MAX_PAGES; page++) {
    const u = new URL(url);
    u.searchParams.set('per_page', String(PER_PAGE));
    u.searchParams.set('page', String(page));
    let res: Response;
    try {
      res = await fetch(u, {
        headers: {
          accept: 'application/json',
          'user-agent': 'gongjin',
          ...(token ? { authorization: `Bearer ${token}` } : {}),
        },
        signal: AbortSignal.timeout(20_000),
      });
    } catch (err) {
      throw new HostImportError(u.toString(), `unreachable (${(err as Error).message})`);
    }
    if (!res.ok) throw new HostImportError(u.toString(), `HTTP ${res.status}`);
    let body: unknown;
    try {
      body = await res.json();
    } catch {
      throw new HostImportError(u.toString(), 'not JSON');
    }
    const parsed = z.array(item).safeParse(body);
    if (!parsed.success) {
      const i = parsed.error.issues[0];
      throw new HostImportError(u.toString(), `unexpected shape at ${i.path.join('.')}: ${i.message}`);
    }
    out.push(...parsed.data);
    if (parsed.data.length < PER_PAGE) return out;
  }
  throw new HostImportError(url, `more than ${MAX_PAGES * PER_PAGE} items`);
}

function instant(url: string, value: string): Date {
  const d = new Date(value);
  if (Number.isNaN(d.getTime())) throw new HostImportError(url, `bad date ${value}`);
  return d;
}

/** Every activity event of one repository, read over HTTP from `base` (a host's API root). */
export async function fetchHostEvents(
  base: string,
  owner: string,
  repo: string,
  opts: { token?: string } = {},
): Promise<HostEvent[]> {
  const root = `${base.replace(/\/$/, '')}/repos/${encodeURIComponent(owner)}/${encodeURIComponent(repo)}`;
  const [pulls, issues, issueComments, reviewComments] = await Promise.all([
    pages(`${root}/pulls?state=all`, pull, opts.token),
    pages(`${root}/issues?state=all`, issue, opts.token),
    pages(`${root}/issues/comments`, comment, opts.token),
    pages(`${root}/pulls/comments`, comment, opts.token),
  ]);
  const events: HostEvent[] = [];
  const who = (u: z.infer<typeof user>) => ({
    login: (u?.login ?? '').toLowerCase(),
    email: '',
    bot: u ? isBot(u.login, u.type) : false,
  });
  for (const p of pulls) {
    const base = { ...who(p.user), title: p.title, url: p.html_url, labels: p.labels.map((l) => l.name) };
    events.push({
      ...base,
      kind: 'pr_opened',
      externalId: String(p.number),
      occurredAt: instant(root, p.created_at),
    });
    if (p.merged_at) {
      events.push({
        ...base,
        kind: 'pr_merged',
        externalId: String(p.number),
        occurredAt: instant(root, p.merged_at),
      });
    }
  }
  for (const i of issues) {
    if (i.pull_request !== undefined) continue; // GitHub lists PRs among issues too
    events.push({
      ...who(i.user),
      kind: 'issue_opened',
      externalId: String(i.number),
      title: i.title,
      url: i.html_url,
      labels: [],
      occurredAt: instant(root, i.created_at),
    });
  }
  for (const [kind, list] of [
    ['issue_comment', issueComments],
    ['review_comment', reviewComments],
  ] as const) {
    for (const c of list) {
      events.push({
        ...who(c.user),
        kind,
        externalId: String(c.id),
        title: '',
        url: c.html_url,
        labels: [],
        occurredAt: instant(root, c.created_at),
      });
    }
  }
  return events.filter((e) => e.login !== '');
}
