/**
 * The module's permission rules (registered with the manifest) and the guard routes use. A
 * hackathon is run by its organiser organisation's admins; a sponsor's admins set their own
 * company's problems; platform admins may do everything.
 */
import type { Context } from 'hono';
import type { AppEnv } from '../../platform/context.ts';
import { AppError } from '../../platform/errors.ts';
import type { Actor, Rule, Scope } from '../../platform/permissions.ts';

const isAdmin: Rule = (a) => a.roles.has('platform_admin');
const orgAdmin: Rule = (a, s) => isAdmin(a, s) || (!!s.orgId && a.orgRoles.get(s.orgId) === 'admin');

export const HACKATHON_RULES = {
  /** Organise a hackathon: platform admins and admins of an organisation (as its organiser). */
  'hackathons:create': (a) => isAdmin(a, {}) || [...a.orgRoles.values()].includes('admin'),
  /** Run one hackathon (scope: its organiser organisation). */
  'hackathons:manage': orgAdmin,
  /** Set a problem for a sponsoring company (scope: that company). */
  'hackathons:sponsor': orgAdmin,
} satisfies Record<string, Rule>;

export type HackathonPermission = keyof typeof HACKATHON_RULES;

export function canDo(actor: Actor | null | undefined, p: HackathonPermission, scope: Scope = {}): boolean {
  return !!actor && HACKATHON_RULES[p](actor, scope);
}

/** UNAUTHENTICATED for anonymous visitors, FORBIDDEN for actors the rule refuses. */
export function requireHackathon(c: Context<AppEnv>, p: HackathonPermission, scope: Scope = {}): Actor {
  const actor = c.get('actor');
  if (!actor) throw new AppError('UNAUTHENTICATED');
  if (!canDo(actor, p, scope)) throw new AppError('FORBIDDEN');
  return actor;
}
