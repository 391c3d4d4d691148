/**
 * The members module's reads of organisations and people that identity keeps: the wall's
 * organisations with their descriptions, and the speakers. Composed from identity's queries (a
 * module never reads another module's tables).
 */
import type { Db } from '../../db/client.ts';
import {
  listOrganizations,
  type OrgListItem,
  type OrgProfile,
  organizationDescriptions,
  type PublicProfile,
  peopleWithRole,
} from '../identity/queries.ts';

export type OrgWallItem = OrgListItem & {
  /** Chinese. */
  description: string;
  descriptionEn: string;
  links: OrgProfile['links'];
};

/**
 * Every organisation with its description and active alliance membership, for the wall and
 * exports (the wall filters and searches in memory).
 */
export async function listOrganizationsWithProfiles(db: Db): Promise<OrgWallItem[]> {
  const [list, descriptions] = await Promise.all([listOrganizations(db), organizationDescriptions(db)]);
  return list.map((o) => ({
    ...o,
    description: descriptions.get(o.id)?.description ?? '',
    descriptionEn: descriptions.get(o.id)?.descriptionEn ?? '',
    links: descriptions.get(o.id)?.links ?? [],
  }));
}

/** A speaker's public profile and the organisations they belong to. */
export type SpeakerProfile = PublicProfile;

/** People who hold the speaker role (confirmed, not disabled), with the organisations they belong to. */
export const listSpeakers = (db: Db): Promise<SpeakerProfile[]> => peopleWithRole(db, 'speaker');
