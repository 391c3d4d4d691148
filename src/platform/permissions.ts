/**
 * The permission machinery. Roles come in two kinds: platform roles held by a person
 * (platform_admin, teacher, student, judge, speaker) and organisation roles held within one
 * organisation (admin, member). A permission is a named rule over the actor and an optional scope;
 * each module declares its rules beside its models, in its manifest (ADR 0034), and route handlers
 * call `requirePermission(c, 'org:manage', { orgId })`.
 */
import type { Context } from 'hono';
import { AppError } from './errors.ts';
import { installedModules, type ModulePermission, onModulesInstalled } from './module.ts';

export const PLATFORM_ROLES = ['platform_admin', 'teacher', 'student', 'judge', 'speaker'] as const;
export type PlatformRole = (typeof PLATFORM_ROLES)[number];

export type Actor = {
  userId: string;
  email: string;
  displayName: string;
  emailVerified: boolean;
  roles: ReadonlySet<PlatformRole>;
  /** orgId → role within that organisation. */
  orgRoles: ReadonlyMap<string, 'admin' | 'member'>;
};

export type Scope = { orgId?: string; userId?: string; issuerId?: string };

export type Rule = (actor: Actor, scope: Scope) => boolean;

/** Building blocks for modules' rules. */
export const isAdmin: Rule = (a) => a.roles.has('platform_admin');
export const orgAdmin: Rule = (a, s) => isAdmin(a, s) || (!!s.orgId && a.orgRoles.get(s.orgId) === 'admin');
export const orgMember: Rule = (a, s) => orgAdmin(a, s) || (!!s.orgId && a.orgRoles.has(s.orgId));
/**
 * Owning one organisation's exams and questions (ADR 0024): its teachers and platform admins. A
 * scope without an org is platform-owned content: platform admins only.
 */
export const orgTeacher: Rule = (a, s) =>
  isAdmin(a, s) || (a.roles.has('teacher') && !!s.orgId && a.orgRoles.has(s.orgId));
/** Teachers and platform admins, whatever the scope. */
export const teacherOrAdmin: Rule = (a) => a.roles.has('teacher') || a.roles.has('platform_admin');

/** Every permission a module declares in its manifest (`permissions`), by name. */
export type Permission = ModulePermission;

let rules: Map<string, Rule> | undefined;
onModulesInstalled(() => {
  rules = undefined;
});

/** The installed modules' rules, gathered on first use (never at import: see module.ts). */
function ruleFor(permission: string): Rule {
  if (!rules) {
    rules = new Map();
    for (const m of installedModules()) {
      for (const [name, rule] of Object.entries<Rule>(m.permissions ?? {})) {
        if (rules.has(name)) throw new Error(`permission ${name} of module ${m.name} is declared twice`);
        rules.set(name, rule);
      }
    }
  }
  const rule = rules.get(permission);
  if (!rule) throw new Error(`no module declares the permission ${permission}`);
  return rule;
}

export function can(actor: Actor | null | undefined, permission: Permission, scope: Scope = {}): boolean {
  if (!actor) return false;
  return ruleFor(permission)(actor, scope);
}

/** Throws UNAUTHENTICATED for anonymous visitors and FORBIDDEN for actors who lack the permission. */
export function requirePermission(c: Context, permission: Permission, scope: Scope = {}): Actor {
  const actor = c.get('actor') as Actor | null;
  if (!actor) throw new AppError('UNAUTHENTICATED');
  if (!can(actor, permission, scope)) throw new AppError('FORBIDDEN');
  return actor;
}

/**
 * The organisations whose exams and questions the actor owns: 'all' for platform admins, a
 * teacher's memberships, nothing for anyone else.
 */
export function ownedOrgs(actor: Actor | null | undefined): 'all' | string[] {
  if (!actor) return [];
  if (actor.roles.has('platform_admin')) return 'all';
  return actor.roles.has('teacher') ? [...actor.orgRoles.keys()] : [];
}

/**
 * The owner of something the actor creates, from the form's `orgId`: a platform admin may leave it
 * empty (platform-owned) or name any organisation; a teacher names one of their own, or has it
 * chosen when they belong to exactly one. A teacher in none cannot author.
 */
export function chooseOwner(
  actor: Actor,
  requested: string | undefined,
): { ok: true; orgId: string | null } | { ok: false; problem: 'noOrganisation' | 'chooseOrganisation' } {
  const wanted = requested?.trim() ?? '';
  if (actor.roles.has('platform_admin')) return { ok: true, orgId: wanted || null };
  const mine = [...actor.orgRoles.keys()];
  if (mine.length === 0) return { ok: false, problem: 'noOrganisation' };
  if (wanted && mine.includes(wanted)) return { ok: true, orgId: wanted };
  if (!wanted && mine.length === 1) return { ok: true, orgId: mine[0] };
  return { ok: false, problem: 'chooseOrganisation' };
}

/** Throws UNAUTHENTICATED unless someone is signed in. */
export function requireActor(c: Context): Actor {
  const actor = c.get('actor') as Actor | null;
  if (!actor) throw new AppError('UNAUTHENTICATED');
  return actor;
}
