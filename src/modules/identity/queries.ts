/** Reads of identity data used by views and the API. */
import { asc, eq, sql } from 'drizzle-orm';
import type { Db } from '../../db/client.ts';
import { allianceMemberships, allianceTiers, type OrgType, organizations, users } from './schema.ts';

/** Cache tags of pages that show organisations or alliance membership. */
export const CACHE_TAGS = { organizations: 'organizations', people: 'people' } as const;
export const HOME_CACHE_TAGS = [CACHE_TAGS.organizations, CACHE_TAGS.people];

export type HomeSummary = {
  organizations: number;
  people: number;
  members: Array<{
    slug: string;
    nameZh: string;
    nameEn: string;
    type: OrgType;
    tierZh: string;
    tierEn: string;
  }>;
};

export async function homeSummary(db: Db): Promise<HomeSummary> {
  const [[orgCount], [peopleCount], members] = await Promise.all([
    db.select({ n: sql<number>`count(*)::int` }).from(organizations),
    db.select({ n: sql<number>`count(*)::int` }).from(users).where(sql`${users.emailVerifiedAt} is not null`),
    db
      .select({
        slug: organizations.slug,
        nameZh: organizations.nameZh,
        nameEn: organizations.nameEn,
        type: organizations.type,
        tierZh: allianceTiers.nameZh,
        tierEn: allianceTiers.nameEn,
      })
      .from(allianceMemberships)
      .innerJoin(organizations, eq(organizations.id, allianceMemberships.orgId))
      .innerJoin(allianceTiers, eq(allianceTiers.slug, allianceMemberships.tierSlug))
      .where(eq(allianceMemberships.status, 'active'))
      .orderBy(asc(allianceTiers.rank), asc(allianceMemberships.joinedOn), asc(organizations.slug)),
  ]);
  return { organizations: Number(orgCount.n), people: Number(peopleCount.n), members };
}
