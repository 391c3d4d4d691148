/**
 * The one permission module. Roles come in two kinds: platform roles held by a person
 * (platform_admin, teacher, student, judge, speaker) and organisation roles held within one
 * organisation (admin, member). A permission is a named rule over the actor and an optional scope;
 * route handlers call `requirePermission(c, 'org:manage', { orgId })`.
 */
import type { Context } from 'hono';
import { AppError } from './errors.ts';

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

const isAdmin: Rule = (a) => a.roles.has('platform_admin');
const orgAdmin: Rule = (a, s) => isAdmin(a, s) || (!!s.orgId && a.orgRoles.get(s.orgId) === 'admin');
const orgMember: Rule = (a, s) => orgAdmin(a, s) || (!!s.orgId && a.orgRoles.has(s.orgId));
/**
 * Owning one organisation's exams and questions (ADR 0024): its teachers and platform admins. A
 * scope without an org is platform-owned content: platform admins only.
 */
const orgTeacher: Rule = (a, s) =>
  isAdmin(a, s) || (a.roles.has('teacher') && !!s.orgId && a.orgRoles.has(s.orgId));

const rules = {
  /** Any signed-in person: edit own profile, change language. */
  'profile:edit': () => true,
  /** Create an organisation (the creator becomes its admin). Needs a confirmed email. */
  'org:create': (a) => a.emailVerified,
  'org:view_members': orgMember,
  'org:manage': orgAdmin,
  'org:invite': orgAdmin,
  'alliance:manage_membership': isAdmin,
  /** Import a whole landscape data.yml (products of any organisation). */
  'landscape:import': isAdmin,
  /** Approve or reject applications to join the alliance. */
  'alliance:review_applications': isAdmin,
  'admin:audit_log': isAdmin,
  'admin:outbox': isAdmin,
  'admin:users': isAdmin,
  /**
   * Issue credentials by hand, revoke or suspend them, rotate issuer keys, and link an exam to an
   * achievement (scope: its issuer). Platform admins, for every issuer.
   */
  'credentials:manage': isAdmin,
  /** Create salons: platform admins, and admins of an organisation (as its host). */
  'salon:create': (a) => a.roles.has('platform_admin') || [...a.orgRoles.values()].includes('admin'),
  /** Run one salon (edit, agenda, status, check-in, attendees): its host organisation's admins. */
  'salon:manage': orgAdmin,
  'salon:series': isAdmin,
  /** Author courses, lessons and labs: teachers and platform admins. */
  'learning:teach': (a) => a.roles.has('teacher') || a.roles.has('platform_admin'),
  /** Edit one course and see its students' progress: its author (a teacher) or a platform admin. */
  'learning:manage_course': (a, s) =>
    a.roles.has('platform_admin') || (a.roles.has('teacher') && !!s.userId && s.userId === a.userId),
  /** Use the question bank at all (each question is then checked with `questions:own`). */
  'questions:manage': (a) => a.roles.has('platform_admin') || a.roles.has('teacher'),
  /** Author, review, import and export one organisation's questions and categories (scope: orgId). */
  'questions:own': orgTeacher,
  /** Author exams at all (each exam is then checked with `exams:own`). */
  'exams:manage': (a) => a.roles.has('teacher') || a.roles.has('platform_admin'),
  /** See the grading pages at all (each exam is then checked with `exams:own`). */
  'exams:grade': (a) => a.roles.has('teacher') || a.roles.has('platform_admin'),
  /**
   * Edit one exam, see its results, event logs and live board, grade and override it (scope: the
   * exam's owning orgId): its organisation's teachers and platform admins.
   */
  'exams:own': orgTeacher,
  /** See the supply–demand board's funnel and every introduction (hand-wired until the module manifest). */
  'exchange:organise': isAdmin,
} satisfies Record<string, Rule>;

export type Permission = keyof typeof rules;

export function can(actor: Actor | null | undefined, permission: Permission, scope: Scope = {}): boolean {
  if (!actor) return false;
  return (rules[permission] as Rule)(actor, scope);
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
