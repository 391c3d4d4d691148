/** What the public home page shows of the alliance, composed from identity's reads. */
import type { Db } from '../../db/client.ts';
import {
  type ActiveAllianceMember,
  CACHE_TAGS as IDENTITY_TAGS,
  listActiveAllianceMembers,
  publicCounts,
} from '../identity/queries.ts';

/** Cache tags of the home page's summary: organisations, alliance membership and people. */
export const HOME_CACHE_TAGS = [IDENTITY_TAGS.organizations, IDENTITY_TAGS.people];

export type HomeSummary = {
  organizations: number;
  people: number;
  members: ActiveAllianceMember[];
};

export async function homeSummary(db: Db): Promise<HomeSummary> {
  const [counts, members] = await Promise.all([publicCounts(db), listActiveAllianceMembers(db)]);
  return { ...counts, members };
}
