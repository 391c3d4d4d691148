/**
 * Contributions to members' open-source database projects: a member registers a repository
 * (GitHub, Gitee, GitCode) with a mentor; activity comes from the host's HTTP API, a local clone's
 * `git log`, or the signed webhook; the platform proposes which logins and emails are a student's
 * (identity merge, as SortingHat does) and the student confirms; monthly activity is scored with
 * OpenDigger's weights (bots excluded); a programme's points count merged PRs only, and the mentor's
 * approval issues the contribution certificate through the credentials service.
 */
import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import { and, eq, gte, inArray, lte, or } from 'drizzle-orm';
import { type Db, transaction } from '../../db/client.ts';
import { audit } from '../../platform/audit.ts';
import { type CredentialContext, issueCredential } from '../credentials/service.ts';
import { certificateIdentity, listMembers, peopleByIds } from '../identity/queries.ts';
import { isBot, monthlyActivity, pointsOf } from './activity.ts';
import { fail } from './fail.ts';
import { readGitLog } from './git-log.ts';
import { DEFAULT_API_BASES, fetchHostEvents, type HostEvent, HostImportError } from './hosts.ts';
import type { Info } from './postings.ts';
import {
  contributionAwards,
  contributionEvents,
  contributionProgrammes,
  contributionProjects,
  contributorIdentities,
  type Host,
  type IdentityKind,
} from './schema.ts';

export type Project = typeof contributionProjects.$inferSelect;

const HOST_NAMES: Readonly<Record<string, Host>> = {
  'github.com': 'github',
  'gitee.com': 'gitee',
  'gitcode.com': 'gitcode',
  'gitcode.net': 'gitcode',
};

/** `https://github.com/owner/repo(.git)` → host, owner, repo; undefined for anything else. */
export function parseRepoUrl(url: string): { host: Host; owner: string; repo: string } | undefined {
  let u: URL;
  try {
    u = new URL(url.trim());
  } catch {
    return undefined;
  }
  const host = HOST_NAMES[u.hostname.toLowerCase().replace(/^www\./, '')];
  const parts = u.pathname.split('/').filter(Boolean);
  if (!host || parts.length !== 2 || !/^https?:$/.test(u.protocol)) return undefined;
  const [owner, repo] = [parts[0], parts[1].replace(/\.git$/, '')];
  if (!/^[\w.-]+$/.test(owner) || !/^[\w.-]+$/.test(repo)) return undefined;
  return { host, owner, repo };
}

export const webUrl = (p: Pick<Project, 'host' | 'owner' | 'repo'>) =>
  `https://${p.host === 'gitcode' ? 'gitcode.com' : `${p.host}.com`}/${p.owner}/${p.repo}`;

/**
 * Registers a member's repository with its mentor (a member of the organisation). Returns the
 * project and its webhook secret (shown once). Writes contribution_projects, audit
 * `internships.project_registered`.
 */
export async function registerProject(
  db: Db,
  input: { orgId: string; url: string; mentorId: string },
  info: Info,
): Promise<{ project: Project; webhookSecret: string }> {
  const repo = parseRepoUrl(input.url);
  if (!repo)
    throw fail('INVALID_INPUT', 'internships.contrib.badUrl', {
      fields: { url: 'internships.contrib.badUrl' },
    });
  const members = await listMembers(db, input.orgId);
  if (!members.some((m) => m.userId === input.mentorId))
    throw fail('INVALID_INPUT', 'internships.error.mentor', {
      fields: { mentor: 'internships.error.mentor' },
    });
  const webhookSecret = randomBytes(24).toString('base64url');
  return transaction(db, async (tx) => {
    const [project] = await tx
      .insert(contributionProjects)
      .values({ orgId: input.orgId, ...repo, mentorId: input.mentorId, webhookSecret })
      .onConflictDoNothing()
      .returning();
    if (!project) throw fail('CONFLICT', 'internships.contrib.projectTaken');
    await audit(tx, {
      actorId: info.actorId,
      action: 'internships.project_registered',
      targetType: 'contribution_project',
      targetId: project.id,
      data: { ...repo },
      ip: info.ip,
    });
    return { project, webhookSecret };
  });
}

export async function findProject(db: Db, id: string): Promise<Project | undefined> {
  const [row] = await db.select().from(contributionProjects).where(eq(contributionProjects.id, id));
  return row;
}

/** Writes events (idempotent by host id) and the audit entry; one transaction with the caller. */
async function storeEvents(tx: Db, project: Project, events: HostEvent[], source: string, info: Info) {
  let added = 0;
  for (let i = 0; i < events.length; i += 500) {
    const rows = await tx
      .insert(contributionEvents)
      .values(events.slice(i, i + 500).map((e) => ({ projectId: project.id, ...e })))
      .onConflictDoNothing()
      .returning({ id: contributionEvents.id });
    added += rows.length;
  }
  await tx
    .update(contributionProjects)
    .set({ lastImportedAt: new Date() })
    .where(eq(contributionProjects.id, project.id));
  await audit(tx, {
    actorId: info.actorId,
    action: 'internships.activity_imported',
    targetType: 'contribution_project',
    targetId: project.id,
    data: { source, seen: events.length, added },
    ip: info.ip,
  });
  return { seen: events.length, added };
}

/**
 * Imports a project's activity from its host's API (`bases` overrides the API roots: a mirror, or a
 * local stand-in in tests). All-or-nothing: any failed page leaves the database as it was and
 * answers INVALID_INPUT naming the page and the problem.
 */
export async function importFromHost(
  db: Db,
  projectId: string,
  info: Info,
  opts: { bases?: Partial<Record<Host, string>>; token?: string } = {},
) {
  const project = await findProject(db, projectId);
  if (!project) throw fail('NOT_FOUND', 'internships.postings.notFound');
  const base = opts.bases?.[project.host] ?? DEFAULT_API_BASES[project.host];
  let events: HostEvent[];
  try {
    events = await fetchHostEvents(base, project.owner, project.repo, { token: opts.token });
  } catch (err) {
    if (err instanceof HostImportError)
      throw fail('INVALID_INPUT', 'internships.contrib.importFailed', { vars: { detail: err.message } });
    throw err;
  }
  return transaction(db, (tx) => storeEvents(tx, project, events, 'api', info));
}

/** Imports commits from a local clone of the project (a path on the server). All-or-nothing. */
export async function importFromClone(db: Db, projectId: string, cloneDir: string, info: Info) {
  const project = await findProject(db, projectId);
  if (!project) throw fail('NOT_FOUND', 'internships.postings.notFound');
  let events: HostEvent[];
  try {
    events = await readGitLog(cloneDir, webUrl(project));
  } catch (err) {
    if (err instanceof HostImportError)
      throw fail('INVALID_INPUT', 'internships.contrib.importFailed', { vars: { detail: err.message } });
    throw err;
  }
  return transaction(db, (tx) => storeEvents(tx, project, events, 'git', info));
}

/** GitHub's `X-Hub-Signature-256` (and Gitee's same-shaped header): `sha256=` + HMAC of the body. */
export function signatureOk(secret: string, body: string, header: string | undefined): boolean {
  if (!header?.startsWith('sha256=')) return false;
  const want = Buffer.from(createHmac('sha256', secret).update(body).digest('hex'));
  const got = Buffer.from(header.slice(7));
  return want.length === got.length && timingSafeEqual(want, got);
}

/**
 * A host's `pull_request` webhook: a merged (closed with merged_at) or opened PR becomes events.
 * The signature is checked against the project's secret before the body is read as JSON.
 */
export async function receiveWebhook(db: Db, projectId: string, body: string, signature: string | undefined) {
  const project = await findProject(db, projectId);
  if (!project || !signatureOk(project.webhookSecret, body, signature))
    throw fail('FORBIDDEN', 'internships.contrib.badSignature');
  let payload: {
    action?: string;
    pull_request?: {
      number?: number;
      html_url?: string;
      title?: string;
      created_at?: string;
      merged_at?: string | null;
      user?: { login?: string; type?: string };
      labels?: { name?: string }[];
    };
  };
  try {
    payload = JSON.parse(body);
  } catch {
    throw fail('INVALID_INPUT', 'internships.contrib.importFailed', { vars: { detail: 'not JSON' } });
  }
  const pr = payload.pull_request;
  const login = pr?.user?.login?.toLowerCase();
  if (!pr || typeof pr.number !== 'number' || !login || !pr.created_at) return { seen: 0, added: 0 };
  const common = {
    externalId: String(pr.number),
    login,
    email: '',
    bot: isBot(login, pr.user?.type),
    title: pr.title ?? '',
    url: pr.html_url ?? '',
    labels: (pr.labels ?? []).map((l) => l.name ?? '').filter(Boolean),
  };
  const events: HostEvent[] = [];
  const opened = new Date(pr.created_at);
  if (!Number.isNaN(opened.getTime())) events.push({ ...common, kind: 'pr_opened', occurredAt: opened });
  const merged = pr.merged_at ? new Date(pr.merged_at) : null;
  if (merged && !Number.isNaN(merged.getTime()))
    events.push({ ...common, kind: 'pr_merged', occurredAt: merged });
  return transaction(db, (tx) => storeEvents(tx, project, events, 'webhook', { actorId: null, ip: null }));
}

/**
 * Proposes identities for a student from what the projects recorded (SortingHat's matching by
 * email and name): the account's email when commits carry it, and the host login of commits made
 * under the same author name through a GitHub noreply address. The student then confirms or
 * rejects each. Writes contributor_identities (new proposals only; decisions already made stay).
 */
export async function proposeIdentities(db: Db, userId: string) {
  const person = (await peopleByIds(db, [userId])).get(userId);
  if (!person) return [];
  const email = person.email.toLowerCase();
  const mine = await db
    .select({ name: contributionEvents.title })
    .from(contributionEvents)
    .where(and(eq(contributionEvents.email, email), eq(contributionEvents.kind, 'commit')));
  const proposals: { kind: IdentityKind; handle: string; reason: string }[] = [];
  if (mine.length) proposals.push({ kind: 'email', handle: email, reason: `${mine.length} commits` });
  const names = [...new Set(mine.map((m) => m.name).filter(Boolean))];
  if (names.length) {
    const sameName = await db
      .select({
        login: contributionEvents.login,
        name: contributionEvents.title,
        projectId: contributionEvents.projectId,
      })
      .from(contributionEvents)
      .where(and(eq(contributionEvents.kind, 'commit'), inArray(contributionEvents.title, names)));
    const hostOf = new Map((await db.select().from(contributionProjects)).map((p) => [p.id, p.host]));
    for (const c of sameName) {
      const host = hostOf.get(c.projectId);
      if (c.login && host && !proposals.some((p) => p.kind === host && p.handle === c.login))
        proposals.push({ kind: host, handle: c.login, reason: `author name ${c.name}` });
    }
  }
  if (proposals.length)
    await db
      .insert(contributorIdentities)
      .values(proposals.map((p) => ({ userId, ...p })))
      .onConflictDoNothing();
  return db
    .select()
    .from(contributorIdentities)
    .where(eq(contributorIdentities.userId, userId))
    .orderBy(contributorIdentities.kind, contributorIdentities.handle);
}

/**
 * A student claims a login by hand (it stays `proposed` until confirmed, like the platform's own
 * proposals). Writes contributor_identities.
 */
export async function claimIdentity(db: Db, userId: string, kind: IdentityKind, handle: string) {
  const h = handle.trim().toLowerCase();
  if (!/^[\w.@+-]{1,100}$/.test(h)) throw fail('INVALID_INPUT', 'internships.contrib.badUrl');
  await db
    .insert(contributorIdentities)
    .values({ userId, kind, handle: h, reason: 'claimed' })
    .onConflictDoNothing();
}

/**
 * The student confirms or rejects a proposed identity of theirs. A handle another student
 * confirmed cannot be confirmed again (CONFLICT). Writes the status, audit `internships.identity_*`.
 */
export async function decideIdentity(
  db: Db,
  userId: string,
  identityId: string,
  confirm: boolean,
  info: Info,
) {
  await transaction(db, async (tx) => {
    const [row] = await tx
      .select()
      .from(contributorIdentities)
      .where(and(eq(contributorIdentities.id, identityId), eq(contributorIdentities.userId, userId)))
      .for('update');
    if (!row) throw fail('NOT_FOUND', 'internships.postings.notFound');
    if (confirm) {
      const [taken] = await tx
        .select({ id: contributorIdentities.id })
        .from(contributorIdentities)
        .where(
          and(
            eq(contributorIdentities.kind, row.kind),
            eq(contributorIdentities.handle, row.handle),
            eq(contributorIdentities.status, 'confirmed'),
          ),
        );
      if (taken && taken.id !== row.id) throw fail('CONFLICT', 'internships.contrib.identityTaken');
    }
    await tx
      .update(contributorIdentities)
      .set({ status: confirm ? 'confirmed' : 'rejected', decidedAt: new Date() })
      .where(eq(contributorIdentities.id, identityId));
    await audit(tx, {
      actorId: info.actorId,
      action: confirm ? 'internships.identity_confirmed' : 'internships.identity_rejected',
      targetType: 'contributor_identity',
      targetId: identityId,
      data: { kind: row.kind, handle: row.handle },
      ip: info.ip,
    });
  });
}

/** The events of a student's confirmed identities (bots never), optionally of some kinds. */
async function eventsOf(db: Db, userId: string, where: { kinds?: string[]; from?: Date; to?: Date } = {}) {
  const ids = await db
    .select()
    .from(contributorIdentities)
    .where(and(eq(contributorIdentities.userId, userId), eq(contributorIdentities.status, 'confirmed')));
  if (ids.length === 0) return [];
  const projects = await db.select().from(contributionProjects);
  const byHost = new Map<string, string[]>();
  for (const p of projects) byHost.set(p.host, [...(byHost.get(p.host) ?? []), p.id]);
  const who = ids.flatMap((i) => {
    if (i.kind === 'email') return [eq(contributionEvents.email, i.handle)];
    const projectIds = byHost.get(i.kind) ?? [];
    return projectIds.length
      ? [and(eq(contributionEvents.login, i.handle), inArray(contributionEvents.projectId, projectIds))]
      : [];
  });
  if (who.length === 0) return [];
  return db
    .select()
    .from(contributionEvents)
    .where(
      and(
        or(...who),
        eq(contributionEvents.bot, false),
        where.kinds ? inArray(contributionEvents.kind, where.kinds as never[]) : undefined,
        where.from ? gte(contributionEvents.occurredAt, where.from) : undefined,
        where.to ? lte(contributionEvents.occurredAt, where.to) : undefined,
      ),
    );
}

/** A student's monthly OpenDigger activity per project, over their confirmed identities. */
export async function studentActivity(db: Db, userId: string) {
  const events = await eventsOf(db, userId);
  const byProject = new Map<string, typeof events>();
  for (const e of events) byProject.set(e.projectId, [...(byProject.get(e.projectId) ?? []), e]);
  return [...byProject].flatMap(([projectId, list]) =>
    // One student may hold several logins: count them as one developer.
    monthlyActivity(
      list.map((e) => ({ login: userId, kind: e.kind, occurredAt: e.occurredAt, bot: e.bot })),
    ).map((m) => ({ projectId, month: m.month, activity: m.activity, counts: m.counts })),
  );
}

export type Programme = typeof contributionProgrammes.$inferSelect;

/** Defines a programme's points rules and its achievement. Writes contribution_programmes, audit. */
export async function createProgramme(
  db: Db,
  input: Omit<typeof contributionProgrammes.$inferInsert, 'id' | 'createdAt' | 'createdBy'>,
  info: Info,
): Promise<Programme> {
  return transaction(db, async (tx) => {
    const [row] = await tx
      .insert(contributionProgrammes)
      .values({ ...input, createdBy: info.actorId })
      .returning();
    await audit(tx, {
      actorId: info.actorId,
      action: 'internships.programme_created',
      targetType: 'contribution_programme',
      targetId: row.id,
      data: { slug: row.slug },
      ip: info.ip,
    });
    return row;
  });
}

/**
 * What a student's merged work earns in a programme now: merged PRs of confirmed identities, on
 * registered projects, merged within the window before `now` and by the programme's deadline.
 */
export async function programmePoints(db: Db, programme: Programme, userId: string, now = new Date()) {
  const from = new Date(now);
  from.setMonth(from.getMonth() - programme.windowMonths);
  const to = programme.mergedBy && programme.mergedBy < now ? programme.mergedBy : now;
  const merged = await eventsOf(db, userId, { kinds: ['pr_merged'], from, to });
  const prs = merged.map((e) => ({ ...e, points: pointsOf(e.labels, programme.defaultPoints) }));
  return { points: prs.reduce((n, p) => n + p.points, 0), prs };
}

/**
 * The project's mentor approves a student's certificate in a programme: the points must reach the
 * threshold; the credential (through `issueCredential`) lists each merged PR as evidence with its
 * link. Writes contribution_awards, audit `internships.contribution_awarded`.
 */
export async function approveContributionCertificate(
  ctx: CredentialContext,
  input: { programmeId: string; userId: string; mentorId: string },
  info: Info,
  now = new Date(),
) {
  const [programme] = await ctx.db
    .select()
    .from(contributionProgrammes)
    .where(eq(contributionProgrammes.id, input.programmeId));
  if (!programme) throw fail('NOT_FOUND', 'internships.postings.notFound');
  const { points, prs } = await programmePoints(ctx.db, programme, input.userId, now);
  const projects = await ctx.db
    .select()
    .from(contributionProjects)
    .where(
      inArray(contributionProjects.id, [
        ...new Set(prs.map((p) => p.projectId)),
        '00000000-0000-0000-0000-000000000000',
      ]),
    );
  if (!projects.some((p) => p.mentorId === input.mentorId))
    throw fail('FORBIDDEN', 'internships.contrib.notMentor');
  if (points < programme.threshold)
    throw fail('CONFLICT', 'internships.contrib.notEnough', {
      vars: { points, threshold: programme.threshold },
    });
  const holder = await certificateIdentity(ctx.db, input.userId);
  if (!holder?.emailVerified || !holder.name) throw fail('CONFLICT', 'internships.contrib.noName');
  return transaction(ctx.db, async (tx) => {
    const [existing] = await tx
      .select({ id: contributionAwards.id })
      .from(contributionAwards)
      .where(
        and(eq(contributionAwards.programmeId, programme.id), eq(contributionAwards.userId, input.userId)),
      );
    if (existing) throw fail('CONFLICT', 'internships.contrib.awarded');
    const credential = await issueCredential(
      { ...ctx, db: tx },
      programme.achievementId,
      { name: holder.name as string, userId: input.userId },
      prs.map((p) => ({
        name: p.title || `#${p.externalId}`,
        description: `${p.points} points`,
        url: p.url,
      })),
      { actorId: info.actorId, ip: info.ip },
    );
    await tx.insert(contributionAwards).values({
      programmeId: programme.id,
      userId: input.userId,
      points,
      eventIds: prs.map((p) => p.id),
      approvedBy: input.mentorId,
      credentialId: credential.id,
    });
    await audit(tx, {
      actorId: info.actorId,
      action: 'internships.contribution_awarded',
      targetType: 'contribution_programme',
      targetId: programme.id,
      data: { userId: input.userId, points, credentialId: credential.id },
      ip: info.ip,
    });
    return credential;
  });
}
