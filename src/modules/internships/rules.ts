/**
 * The internships module's permission rules (they move into the module manifest's `permissions`
 * as they are). Scopes: `orgId` is the company (or school) the action is for.
 */
import type { Context } from 'hono';
import type { AppEnv } from '../../platform/context.ts';
import { AppError } from '../../platform/errors.ts';
import type { Actor, Rule, Scope } from '../../platform/permissions.ts';

const isAdmin: Rule = (a) => a.roles.has('platform_admin');
const orgMember: Rule = (a, s) => isAdmin(a, s) || (!!s.orgId && a.orgRoles.has(s.orgId));
const orgAdmin: Rule = (a, s) => isAdmin(a, s) || (!!s.orgId && a.orgRoles.get(s.orgId) === 'admin');

export const INTERNSHIP_RULES = {
  /** Post internships and run their applications (scope: the company): its members. */
  'internships:manage': orgMember,
  /** Post at all: someone in at least one organisation, or a platform admin. */
  'internships:post': (a) => a.roles.has('platform_admin') || a.orgRoles.size > 0,
  /** Apply, rank in rounds, confirm identities: students with a confirmed email. */
  'internships:apply': (a) => a.emailVerified && a.roles.has('student'),
  /** Limit which companies reach a school's students (scope: the school): its admins. */
  'internships:school': orgAdmin,
  /** Open and run match rounds, link certificate achievements: platform admins. */
  'internships:rounds': isAdmin,
} satisfies Record<string, Rule>;

export type InternshipPermission = keyof typeof INTERNSHIP_RULES;

export function allowed(
  actor: Actor | null | undefined,
  p: InternshipPermission,
  scope: Scope = {},
): boolean {
  return !!actor && INTERNSHIP_RULES[p](actor, scope);
}

/** UNAUTHENTICATED for anonymous visitors, FORBIDDEN for those the rule refuses. */
export function requireRule(c: Context<AppEnv>, p: InternshipPermission, scope: Scope = {}): Actor {
  const actor = c.get('actor');
  if (!actor) throw new AppError('UNAUTHENTICATED');
  if (!INTERNSHIP_RULES[p](actor, scope)) throw new AppError('FORBIDDEN');
  return actor;
}
