/**
 * Postings: a member company's internship (role, skills, city or remote, duration, stipend range,
 * places, a named mentor, the school terms it fits), the public list with its filters and pinyin
 * search, and schools' limits on which companies reach their students.
 */
import { and, desc, eq, inArray } from 'drizzle-orm';
import { type Db, transaction } from '../../db/client.ts';
import { audit } from '../../platform/audit.ts';
import { invalidateTags } from '../../platform/cache.ts';
import { findOrganizationBySlug, listMembers, organizationsByIds } from '../identity/queries.ts';
import { buildSearchText, matchesQuery, normalizeQuery } from '../members/search.ts';
import { fail } from './fail.ts';
import {
  internshipPostings,
  internshipSchoolAllowed,
  internshipSchoolPolicies,
  type PostingStatus,
  TERMS,
  type Term,
} from './schema.ts';

export const POSTINGS_TAG = 'internships:postings';
export type Info = { actorId: string | null; ip: string | null };

export type PostingInput = {
  orgId: string;
  title: string;
  description: string;
  skills: string[];
  city: string;
  remote: boolean;
  durationWeeks: number;
  stipendMin: number;
  stipendMax: number;
  slots: number;
  mentorId: string;
  terms: Term[];
};

export type Posting = typeof internshipPostings.$inferSelect;

async function orgOf(db: Db, orgId: string) {
  const org = (await organizationsByIds(db, [orgId])).get(orgId);
  if (!org) throw fail('NOT_FOUND', 'internships.postings.notFound');
  return org;
}

function checkInput(input: PostingInput) {
  const fields: Record<
    string,
    | 'internships.error.title'
    | 'internships.error.duration'
    | 'internships.error.stipend'
    | 'internships.error.slots'
    | 'internships.error.terms'
  > = {};
  if (!input.title.trim() || input.title.length > 120) fields.title = 'internships.error.title';
  if (!Number.isInteger(input.durationWeeks) || input.durationWeeks < 1 || input.durationWeeks > 52)
    fields.durationWeeks = 'internships.error.duration';
  const okMoney = (n: number) => Number.isInteger(n) && n >= 0 && n <= 100_000;
  if (!okMoney(input.stipendMin) || !okMoney(input.stipendMax) || input.stipendMin > input.stipendMax)
    fields.stipendMax = 'internships.error.stipend';
  if (!Number.isInteger(input.slots) || input.slots < 1 || input.slots > 1000)
    fields.slots = 'internships.error.slots';
  if (input.terms.some((t) => !TERMS.includes(t))) fields.terms = 'internships.error.terms';
  if (Object.keys(fields).length) throw fail('INVALID_INPUT', Object.values(fields)[0], { fields });
}

/**
 * Posts an internship for `orgId`. The mentor must be a member of that organisation; a school
 * cannot post. Writes internship_postings, audit `internships.posting_created`; bumps the list's tag.
 */
export async function createPosting(db: Db, input: PostingInput, info: Info): Promise<Posting> {
  checkInput(input);
  const org = await orgOf(db, input.orgId);
  const full = await findOrganizationBySlug(db, org.slug);
  if (full?.type === 'school') throw fail('INVALID_INPUT', 'internships.error.school');
  const members = await listMembers(db, input.orgId);
  if (!members.some((m) => m.userId === input.mentorId))
    throw fail('INVALID_INPUT', 'internships.error.mentor', {
      fields: { mentor: 'internships.error.mentor' },
    });
  const skills = [...new Set(input.skills.map((s) => s.trim()).filter(Boolean))].slice(0, 20);
  return transaction(db, async (tx) => {
    const [row] = await tx
      .insert(internshipPostings)
      .values({
        ...input,
        title: input.title.trim(),
        skills,
        city: input.city.trim(),
        searchText: buildSearchText(
          [input.title, org.nameZh, org.nameEn, input.city, ...skills],
          [input.description],
        ),
        createdBy: info.actorId,
      })
      .returning();
    await audit(tx, {
      actorId: info.actorId,
      action: 'internships.posting_created',
      targetType: 'internship_posting',
      targetId: row.id,
      data: { orgId: input.orgId, title: row.title },
      ip: info.ip,
    });
    await invalidateTags(tx, POSTINGS_TAG);
    return row;
  });
}

/** Opens or closes a posting. Writes internship_postings.status, audit `internships.posting_status`. */
export async function setPostingStatus(db: Db, postingId: string, status: PostingStatus, info: Info) {
  await transaction(db, async (tx) => {
    const [row] = await tx
      .update(internshipPostings)
      .set({ status, updatedAt: new Date() })
      .where(eq(internshipPostings.id, postingId))
      .returning({ id: internshipPostings.id });
    if (!row) throw fail('NOT_FOUND', 'internships.postings.notFound');
    await audit(tx, {
      actorId: info.actorId,
      action: 'internships.posting_status',
      targetType: 'internship_posting',
      targetId: postingId,
      data: { status },
      ip: info.ip,
    });
    await invalidateTags(tx, POSTINGS_TAG);
  });
}

export async function findPosting(db: Db, id: string): Promise<Posting | undefined> {
  const [row] = await db.select().from(internshipPostings).where(eq(internshipPostings.id, id));
  return row;
}

/** The list's filters, as they appear in the URL (`?q=&city=&remote=1&term=summer&minStipend=`). */
export type PostingFilter = {
  q?: string;
  city?: string;
  remote?: boolean;
  term?: Term;
  minStipend?: number;
  orgId?: string;
};

/** Reads a filter from URL query parameters; anything unreadable is left out, never an error. */
export function filterFromQuery(query: Record<string, string | undefined>): PostingFilter {
  const f: PostingFilter = {};
  if (query.q?.trim()) f.q = query.q.trim().slice(0, 100);
  if (query.city?.trim()) f.city = query.city.trim().slice(0, 40);
  if (query.remote === '1') f.remote = true;
  if (query.term && (TERMS as readonly string[]).includes(query.term)) f.term = query.term as Term;
  const min = Number(query.minStipend);
  if (query.minStipend && Number.isInteger(min) && min > 0 && min <= 100_000) f.minStipend = min;
  return f;
}

export type PostingListItem = Posting & { org: { id: string; slug: string; nameZh: string; nameEn: string } };

/**
 * Open postings matching `filter`, newest first. City, remote, term and stipend are SQL; the text
 * query (Chinese, English, full pinyin or initials) runs over the stored search text.
 */
export async function listPostings(db: Db, filter: PostingFilter = {}): Promise<PostingListItem[]> {
  const where = [eq(internshipPostings.status, 'open')];
  if (filter.orgId) where.push(eq(internshipPostings.orgId, filter.orgId));
  const rows = await db
    .select()
    .from(internshipPostings)
    .where(and(...where))
    .orderBy(desc(internshipPostings.createdAt), internshipPostings.id);
  const q = normalizeQuery(filter.q ?? '');
  const picked = rows.filter(
    (p) =>
      (!filter.city || p.city === filter.city) &&
      (!filter.remote || p.remote) &&
      (!filter.term || p.terms.includes(filter.term)) &&
      (!filter.minStipend || p.stipendMax >= filter.minStipend) &&
      matchesQuery(q, p.searchText, [p.title, ...p.skills]),
  );
  const orgs = await organizationsByIds(
    db,
    picked.map((p) => p.orgId),
  );
  return picked.flatMap((p) => {
    const org = orgs.get(p.orgId);
    return org ? [{ ...p, org }] : [];
  });
}

/**
 * A school limits its students to the companies in `allowed` (restricted), or opens them to all.
 * Writes internship_school_policies and internship_school_allowed, audit `internships.school_policy`.
 */
export async function setSchoolPolicy(
  db: Db,
  schoolOrgId: string,
  policy: { restricted: boolean; allowed: string[] },
  info: Info,
) {
  await transaction(db, async (tx) => {
    await tx
      .insert(internshipSchoolPolicies)
      .values({ schoolOrgId, restricted: policy.restricted })
      .onConflictDoUpdate({
        target: internshipSchoolPolicies.schoolOrgId,
        set: { restricted: policy.restricted, updatedAt: new Date() },
      });
    await tx.delete(internshipSchoolAllowed).where(eq(internshipSchoolAllowed.schoolOrgId, schoolOrgId));
    const allowed = [...new Set(policy.allowed)];
    if (allowed.length)
      await tx
        .insert(internshipSchoolAllowed)
        .values(allowed.map((companyOrgId) => ({ schoolOrgId, companyOrgId })));
    await audit(tx, {
      actorId: info.actorId,
      action: 'internships.school_policy',
      targetType: 'organization',
      targetId: schoolOrgId,
      data: { restricted: policy.restricted, allowed },
      ip: info.ip,
    });
  });
}

/**
 * Whether a student may reach `companyOrgId`: every restricting school among the student's
 * organisations must list the company (a student of two schools keeps both schools' limits).
 */
export async function schoolsAllow(
  db: Db,
  studentOrgIds: readonly string[],
  companyOrgId: string,
): Promise<boolean> {
  if (studentOrgIds.length === 0) return true;
  const restricting = await db
    .select({ id: internshipSchoolPolicies.schoolOrgId })
    .from(internshipSchoolPolicies)
    .where(
      and(
        inArray(internshipSchoolPolicies.schoolOrgId, [...studentOrgIds]),
        eq(internshipSchoolPolicies.restricted, true),
      ),
    );
  if (restricting.length === 0) return true;
  const allowed = await db
    .select({ id: internshipSchoolAllowed.schoolOrgId })
    .from(internshipSchoolAllowed)
    .where(
      and(
        inArray(
          internshipSchoolAllowed.schoolOrgId,
          restricting.map((r) => r.id),
        ),
        eq(internshipSchoolAllowed.companyOrgId, companyOrgId),
      ),
    );
  return allowed.length === restricting.length;
}
