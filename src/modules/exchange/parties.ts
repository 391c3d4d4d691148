/**
 * Parties on the board: an organisation or a person, written `org:<uuid>` or `user:<uuid>`. A
 * person acts for themselves and for every organisation they administer; what a party is called
 * comes from identity's queries.
 */
import type { Db } from '../../db/client.ts';
import type { Actor } from '../../platform/permissions.ts';
import { isUuid } from '../../platform/request.ts';
import { listMembers, organizationsByIds, peopleByIds } from '../identity/queries.ts';

export type Party = { type: 'org' | 'user'; id: string };

export const orgParty = (id: string) => `org:${id}`;
export const userParty = (id: string) => `user:${id}`;

export function parseParty(key: string): Party | undefined {
  const [type, id] = key.split(':');
  if ((type !== 'org' && type !== 'user') || !id || !isUuid(id)) return undefined;
  return { type, id };
}

/** The parties this person may act as: themselves, then each organisation they administer. */
export function partiesOf(actor: Actor): string[] {
  const orgs = [...actor.orgRoles].filter(([, role]) => role === 'admin').map(([id]) => orgParty(id));
  return [userParty(actor.userId), ...orgs.sort()];
}

export function actsAs(actor: Actor, party: string): boolean {
  return partiesOf(actor).includes(party);
}

/** Display names of parties: an organisation in the reader's language, a person by display name. */
export async function partyNames(
  db: Db,
  parties: readonly string[],
  locale: string,
): Promise<Map<string, string>> {
  const orgIds: string[] = [];
  const userIds: string[] = [];
  for (const key of new Set(parties)) {
    const p = parseParty(key);
    if (p?.type === 'org') orgIds.push(p.id);
    else if (p?.type === 'user') userIds.push(p.id);
  }
  // One after the other: inside a transaction the connection runs one statement at a time anyway.
  const orgs = await organizationsByIds(db, orgIds);
  const people = await peopleByIds(db, userIds);
  const names = new Map<string, string>();
  for (const [id, o] of orgs) names.set(orgParty(id), locale === 'en' ? o.nameEn || o.nameZh : o.nameZh);
  for (const [id, u] of people) names.set(userParty(id), u.displayName);
  return names;
}

/** Where mail for a party goes: the person, or every admin of the organisation. */
export async function partyContacts(db: Db, party: string): Promise<Array<{ name: string; email: string }>> {
  const p = parseParty(party);
  if (!p) return [];
  if (p.type === 'user') {
    const u = (await peopleByIds(db, [p.id])).get(p.id);
    return u ? [{ name: u.displayName, email: u.email }] : [];
  }
  return (await listMembers(db, p.id))
    .filter((m) => m.role === 'admin')
    .map((m) => ({ name: m.displayName, email: m.email }));
}
