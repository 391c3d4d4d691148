/**
 * Accounts: sign-up, email confirmation, log-in/out, password reset, profiles, language choice and
 * platform roles. Every function that changes state writes in one transaction, appends to the
 * audit log and queues its mail there too.
 */
import { hash, verify } from '@node-rs/argon2';
import { and, eq, gt, isNull, sql } from 'drizzle-orm';
import { type Db, transaction } from '../../db/client.ts';
import type { Locale } from '../../i18n/index.ts';
import { audit } from '../../platform/audit.ts';
import { invalidateTags } from '../../platform/cache.ts';
import { AppError } from '../../platform/errors.ts';
import { translator } from '../../platform/i18n.ts';
import { queueMail } from '../../platform/mail.ts';
import type { Actor, PlatformRole } from '../../platform/permissions.ts';
import { enforce, hit, LIMITS, peek, reset as resetLimit } from '../../platform/rate-limit.ts';
import { digest, isUniqueViolation, newToken } from '../../platform/tokens.ts';
import { CACHE_TAGS } from './queries.ts';
import {
  memberships,
  type ProfileLink,
  sessions,
  type TokenPurpose,
  userRoles,
  users,
  userTokens,
} from './schema.ts';

export const SESSION_DAYS = 30;
const CONFIRM_HOURS = 48;
const RESET_HOURS = 2;

/** Request facts a service needs: who asks from where, and how to build links. */
export type RequestInfo = { ip?: string | null; publicUrl: string; actorId?: string | null };

/**
 * Argon2id at the library's defaults (19 MiB, 2 passes, 1 lane). Test runs only: with NODE_ENV=test
 * and GONGJIN_TEST_FAST_HASH=1 (set by vitest.config.ts, see docs/decisions/0022-test-suite-speed.md)
 * new hashes cost 1 MiB and 1 pass, so the factories and demo seeds that create hundreds of users
 * stay fast. Logging in still runs the real argon2 verification, which reads the cost from the hash.
 */
function hashOptions() {
  const fast = process.env.NODE_ENV === 'test' && process.env.GONGJIN_TEST_FAST_HASH === '1';
  return fast
    ? { algorithm: 2 /* Argon2id */, memoryCost: 1024, timeCost: 1, parallelism: 1 }
    : { algorithm: 2 /* Argon2id */ };
}

export function hashPassword(password: string): Promise<string> {
  return hash(password, hashOptions());
}

export function normalizeEmail(email: string): string {
  return email.trim().toLowerCase();
}

async function findUserByEmail(db: Db, email: string) {
  const [user] = await db
    .select()
    .from(users)
    .where(sql`lower(${users.email}) = ${normalizeEmail(email)}`);
  return user;
}

async function issueToken(db: Db, userId: string, purpose: TokenPurpose, hours: number): Promise<string> {
  const token = newToken();
  await db.insert(userTokens).values({
    tokenHash: digest(token),
    userId,
    purpose,
    expiresAt: new Date(Date.now() + hours * 3600_000),
  });
  return token;
}

/** Marks a one-time token used and returns its user id; GONE when used, expired or unknown. */
async function consumeToken(db: Db, token: string, purpose: TokenPurpose): Promise<string> {
  const [row] = await db
    .update(userTokens)
    .set({ usedAt: new Date() })
    .where(
      and(
        eq(userTokens.tokenHash, digest(token)),
        eq(userTokens.purpose, purpose),
        isNull(userTokens.usedAt),
        gt(userTokens.expiresAt, new Date()),
      ),
    )
    .returning({ userId: userTokens.userId });
  if (!row) throw new AppError('GONE', { messageKey: 'accounts.token.invalid' });
  return row.userId;
}

/** Whether a one-time token is unused and unexpired (consumeToken still decides, atomically). */
async function isLiveToken(db: Db, token: string, purpose: TokenPurpose): Promise<boolean> {
  const [row] = await db
    .select({ userId: userTokens.userId })
    .from(userTokens)
    .where(
      and(
        eq(userTokens.tokenHash, digest(token)),
        eq(userTokens.purpose, purpose),
        isNull(userTokens.usedAt),
        gt(userTokens.expiresAt, new Date()),
      ),
    );
  return !!row;
}

/** Marks every unused token of a purpose used, so none of the links already mailed works any more. */
async function voidTokens(db: Db, userId: string, purpose: TokenPurpose): Promise<void> {
  await db
    .update(userTokens)
    .set({ usedAt: new Date() })
    .where(and(eq(userTokens.userId, userId), eq(userTokens.purpose, purpose), isNull(userTokens.usedAt)));
}

async function sendConfirmation(
  db: Db,
  user: { id: string; email: string; displayName: string; locale: Locale | null },
  info: RequestInfo,
  next = '',
) {
  const token = await issueToken(db, user.id, 'confirm_email', CONFIRM_HOURS);
  const t = translator(user.locale ?? 'zh-CN');
  const back = next ? `&next=${encodeURIComponent(next)}` : '';
  const link = `${info.publicUrl}/confirm-email?token=${token}${back}`;
  await queueMail(db, {
    to: user.email,
    template: 'mail.confirm',
    subject: t('mail.confirm.subject'),
    text: t('mail.confirm.body', { name: user.displayName, link, hours: CONFIRM_HOURS }),
  });
}

/**
 * Creates an account and mails a confirmation link (leading back to `next`, when sign-up began
 * at an invitation or another page that needs an account). Writes: users, user_tokens, mail_outbox + jobs, audit `account.signed_up`
 * (for a taken address instead: mail_outbox + jobs, rate_limits, audit `account.signup_existing`).
 *
 * An address that already has an account gets the same answer as a new one (so the form cannot
 * tell anyone who has an account); its owner is mailed instead, with the way to reset the password
 * (notifySignupTaken). Either way the password is hashed once, so the timing is the same too.
 */
export async function signUp(
  db: Db,
  input: { email: string; password: string; displayName: string; locale: Locale; next?: string },
  info: RequestInfo,
): Promise<{ created: boolean }> {
  if (info.ip) await enforce(db, LIMITS.signup, info.ip);
  const passwordHash = await hashPassword(input.password);
  let created: boolean;
  try {
    created = await transaction(db, async (tx) => {
      if (await findUserByEmail(tx, input.email)) return false;
      const [user] = await tx
        .insert(users)
        .values({
          email: input.email.trim(),
          passwordHash,
          displayName: input.displayName.trim(),
          locale: input.locale,
        })
        .returning();
      await sendConfirmation(tx, user, info, input.next);
      await invalidateTags(tx, CACHE_TAGS.people);
      await audit(tx, {
        actorId: user.id,
        action: 'account.signed_up',
        targetType: 'user',
        targetId: user.id,
        ip: info.ip,
      });
      return true;
    });
  } catch (err) {
    // A sign-up for the same address committed between our look-up and insert.
    if (!isUniqueViolation(err)) throw err;
    created = false;
  }
  if (!created) await notifySignupTaken(db, input.email, info);
  return { created };
}

/**
 * Tells the owner of an address that someone tried to sign up with it, with the link to reset the
 * password. At most LIMITS.signupNotice mails per address, so the form cannot flood an inbox.
 * Writes mail_outbox + jobs, audit `account.signup_existing`.
 */
async function notifySignupTaken(db: Db, email: string, info: RequestInfo): Promise<void> {
  const user = await findUserByEmail(db, email);
  if (!user) return;
  const { count } = await hit(db, LIMITS.signupNotice, normalizeEmail(email));
  await transaction(db, async (tx) => {
    if (count <= LIMITS.signupNotice.max && !user.disabledAt) {
      const t = translator(user.locale ?? 'zh-CN');
      await queueMail(tx, {
        to: user.email,
        template: 'mail.signupExisting',
        subject: t('mail.signupExisting.subject'),
        text: t('mail.signupExisting.body', {
          name: user.displayName,
          link: `${info.publicUrl}/forgot-password`,
        }),
      });
    }
    await audit(tx, {
      action: 'account.signup_existing',
      targetType: 'user',
      targetId: user.id,
      data: { mailed: count <= LIMITS.signupNotice.max && !user.disabledAt },
      ip: info.ip,
    });
  });
}

/** Sends a fresh confirmation link to an unconfirmed account. Writes user_tokens, mail, audit. */
export async function resendConfirmation(db: Db, userId: string, info: RequestInfo): Promise<void> {
  await transaction(db, async (tx) => {
    const [user] = await tx.select().from(users).where(eq(users.id, userId));
    if (!user || user.emailVerifiedAt) return;
    await sendConfirmation(tx, user, info);
    await audit(tx, {
      actorId: userId,
      action: 'account.confirmation_resent',
      targetType: 'user',
      targetId: userId,
      ip: info.ip,
    });
  });
}

/** Confirms the address behind a link. Writes users.email_verified_at, audit `account.email_confirmed`. */
export async function confirmEmail(db: Db, token: string, info: RequestInfo): Promise<string> {
  return transaction(db, async (tx) => {
    const userId = await consumeToken(tx, token, 'confirm_email');
    await tx
      .update(users)
      .set({ emailVerifiedAt: new Date(), updatedAt: new Date() })
      .where(eq(users.id, userId));
    await invalidateTags(tx, CACHE_TAGS.people);
    await audit(tx, {
      actorId: userId,
      action: 'account.email_confirmed',
      targetType: 'user',
      targetId: userId,
      ip: info.ip,
    });
    return userId;
  });
}

/**
 * How long a log-in on an account waits, given its failed attempts (from any address) in the
 * current window: nothing for the first LIMITS.loginFailures.max, then 200 ms doubling to 10 s.
 * A slow-down, not a lock: the owner still gets in, from any address that has not failed itself.
 */
export function loginDelayMs(failures: number): number {
  const over = failures - LIMITS.loginFailures.max;
  return over <= 0 ? 0 : Math.min(10_000, 100 * 2 ** over);
}

/**
 * Checks the password and opens a new session (a fresh id, so a planted cookie is never promoted).
 * Every limit is checked before argon2 runs, so hashing is no lever for overloading the server:
 * 30 attempts per IP and 8 per (account, IP) per 15 minutes, and an account's failures from any
 * address slow its next attempts down (loginDelayMs) instead of locking its owner out.
 * Writes sessions, audit `account.logged_in` (or `account.login_failed`), rate_limits.
 */
export async function logIn(
  db: Db,
  input: { email: string; password: string; userAgent?: string },
  info: RequestInfo,
): Promise<{ token: string; userId: string; locale: Locale | null }> {
  const emailKey = normalizeEmail(input.email);
  const pairKey = `${emailKey}|${info.ip ?? ''}`;
  if (info.ip) await enforce(db, LIMITS.loginByIp, info.ip);
  await enforce(db, LIMITS.loginByAccountIp, pairKey);
  const delay = loginDelayMs(await peek(db, LIMITS.loginFailures, emailKey));
  if (delay > 0) await new Promise((resolve) => setTimeout(resolve, delay));
  const user = await findUserByEmail(db, input.email);
  // Verify against a dummy hash for unknown emails so timing does not reveal which exist.
  const ok = await verify(user?.passwordHash ?? DUMMY_HASH, input.password).catch(() => false);
  if (!user || !ok || user.disabledAt) {
    await hit(db, LIMITS.loginFailures, emailKey);
    await audit(db, { action: 'account.login_failed', targetType: 'email', targetId: emailKey, ip: info.ip });
    throw new AppError('INVALID_INPUT', { messageKey: 'accounts.login.failed' });
  }
  await resetLimit(db, LIMITS.loginByAccountIp, pairKey);
  await resetLimit(db, LIMITS.loginFailures, emailKey);
  const token = newToken();
  await transaction(db, async (tx) => {
    await tx.insert(sessions).values({
      idHash: digest(token),
      userId: user.id,
      expiresAt: new Date(Date.now() + SESSION_DAYS * 86400_000),
      ip: info.ip ?? null,
      userAgent: input.userAgent?.slice(0, 300) ?? null,
    });
    await audit(tx, {
      actorId: user.id,
      action: 'account.logged_in',
      targetType: 'user',
      targetId: user.id,
      ip: info.ip,
    });
  });
  return { token, userId: user.id, locale: user.locale };
}

const DUMMY_HASH =
  '$argon2id$v=19$m=19456,t=2,p=1$ndtcyGf9Dcq/EhpvxmzxYQ$EUui4k2hAzW7Q9jw9WcWKurYlCkjqcp+wTgu61pcF04';

/** Ends the session server-side. Writes: deletes the sessions row, audit `account.logged_out`. */
export async function logOut(db: Db, token: string, info: RequestInfo): Promise<void> {
  await transaction(db, async (tx) => {
    const [row] = await tx
      .delete(sessions)
      .where(eq(sessions.idHash, digest(token)))
      .returning();
    if (row)
      await audit(tx, {
        actorId: row.userId,
        action: 'account.logged_out',
        targetType: 'user',
        targetId: row.userId,
        ip: info.ip,
      });
  });
}

/**
 * Mails a reset link when the address has an account; answers the same either way so the form
 * cannot be used to find out who has an account. Rate-limited per email and per IP. A new link
 * voids the older ones. Writes user_tokens, mail_outbox + jobs, audit `account.password_reset_requested`.
 */
export async function requestPasswordReset(db: Db, email: string, info: RequestInfo): Promise<void> {
  await enforce(db, LIMITS.passwordReset, `email:${normalizeEmail(email)}`);
  if (info.ip) await enforce(db, LIMITS.passwordReset, `ip:${info.ip}`);
  const user = await findUserByEmail(db, email);
  if (!user || user.disabledAt) return;
  await transaction(db, async (tx) => {
    // Only the newest link works: one that was mailed earlier (and perhaps read by someone else) dies now.
    await voidTokens(tx, user.id, 'reset_password');
    const token = await issueToken(tx, user.id, 'reset_password', RESET_HOURS);
    const t = translator(user.locale ?? 'zh-CN');
    await queueMail(tx, {
      to: user.email,
      template: 'mail.reset',
      subject: t('mail.reset.subject'),
      text: t('mail.reset.body', {
        name: user.displayName,
        link: `${info.publicUrl}/reset-password?token=${token}`,
        hours: RESET_HOURS,
      }),
    });
    await audit(tx, {
      actorId: user.id,
      action: 'account.password_reset_requested',
      targetType: 'user',
      targetId: user.id,
      ip: info.ip,
    });
  });
}

/**
 * Sets a new password from a reset link and signs the person out everywhere; every other reset
 * link of the account dies with it. Writes users.password_hash, user_tokens, deletes sessions,
 * audit `account.password_reset`.
 */
export async function resetPassword(
  db: Db,
  token: string,
  password: string,
  info: RequestInfo,
): Promise<void> {
  // Look before hashing: argon2 for every made-up token would be a cheap way to load the server.
  if (!(await isLiveToken(db, token, 'reset_password'))) {
    throw new AppError('GONE', { messageKey: 'accounts.token.invalid' });
  }
  const passwordHash = await hashPassword(password);
  await transaction(db, async (tx) => {
    const userId = await consumeToken(tx, token, 'reset_password');
    await voidTokens(tx, userId, 'reset_password');
    // Following the emailed link also proves the address.
    await tx
      .update(users)
      .set({
        passwordHash,
        updatedAt: new Date(),
        emailVerifiedAt: sql`coalesce(${users.emailVerifiedAt}, now())`,
      })
      .where(eq(users.id, userId));
    await tx.delete(sessions).where(eq(sessions.userId, userId));
    await audit(tx, {
      actorId: userId,
      action: 'account.password_reset',
      targetType: 'user',
      targetId: userId,
      ip: info.ip,
    });
  });
}

export type ProfileInput = {
  displayName: string;
  bio: string;
  affiliation: string;
  title: string;
  links: ProfileLink[];
  avatarSha256?: string;
};

/** Saves the profile. Writes users, audit `account.profile_updated`. */
export async function updateProfile(
  db: Db,
  userId: string,
  input: ProfileInput,
  info: RequestInfo,
): Promise<void> {
  await transaction(db, async (tx) => {
    await tx
      .update(users)
      .set({
        displayName: input.displayName,
        bio: input.bio,
        affiliation: input.affiliation,
        title: input.title,
        links: input.links,
        ...(input.avatarSha256 ? { avatarSha256: input.avatarSha256 } : {}),
        updatedAt: new Date(),
      })
      .where(eq(users.id, userId));
    await invalidateTags(tx, CACHE_TAGS.people);
    await audit(tx, {
      actorId: userId,
      action: 'account.profile_updated',
      targetType: 'user',
      targetId: userId,
      data: { avatarChanged: !!input.avatarSha256 },
      ip: info.ip,
    });
  });
}

/** Remembers the language choice. Writes users.locale, audit `account.locale_changed`. */
export async function setLocale(db: Db, userId: string, locale: Locale, info: RequestInfo): Promise<void> {
  await transaction(db, async (tx) => {
    await tx.update(users).set({ locale, updatedAt: new Date() }).where(eq(users.id, userId));
    await audit(tx, {
      actorId: userId,
      action: 'account.locale_changed',
      targetType: 'user',
      targetId: userId,
      data: { locale },
      ip: info.ip,
    });
  });
}

/** Grants or revokes a platform role. Writes user_roles, audit `account.role_granted|revoked`. */
export async function setPlatformRole(
  db: Db,
  input: { userId: string; role: PlatformRole; granted: boolean },
  info: RequestInfo,
): Promise<void> {
  await transaction(db, async (tx) => {
    const [user] = await tx.select({ id: users.id }).from(users).where(eq(users.id, input.userId));
    if (!user) throw new AppError('NOT_FOUND');
    if (input.granted) {
      await tx
        .insert(userRoles)
        .values({ userId: input.userId, role: input.role, grantedBy: info.actorId ?? null })
        .onConflictDoNothing();
    } else {
      if (input.role === 'platform_admin' && input.userId === info.actorId) {
        // An admin cannot lock themself out by accident.
        throw new AppError('CONFLICT', { messageKey: 'admin.users.cannotRevokeSelf' });
      }
      await tx
        .delete(userRoles)
        .where(and(eq(userRoles.userId, input.userId), eq(userRoles.role, input.role)));
    }
    await invalidateTags(tx, CACHE_TAGS.people);
    await audit(tx, {
      actorId: info.actorId,
      action: input.granted ? 'account.role_granted' : 'account.role_revoked',
      targetType: 'user',
      targetId: input.userId,
      data: { role: input.role },
      ip: info.ip,
    });
  });
}

/**
 * Creates a confirmed account with the given roles (CLI `create-admin`, demo seed). Returns its id;
 * an existing email gets the roles added and, when given, the new password.
 */
export async function createConfirmedUser(
  db: Db,
  input: {
    email: string;
    /** The password, or its hash when many accounts share one (the demo's attendees). */
    password: string | { hash: string };
    displayName: string;
    roles: PlatformRole[];
    locale?: Locale;
    affiliation?: string;
    bio?: string;
  },
): Promise<string> {
  const passwordHash =
    typeof input.password === 'string' ? await hashPassword(input.password) : input.password.hash;
  return transaction(db, async (tx) => {
    const existing = await findUserByEmail(tx, input.email);
    let id = existing?.id;
    if (existing) {
      await tx
        .update(users)
        .set({ passwordHash, emailVerifiedAt: existing.emailVerifiedAt ?? new Date() })
        .where(eq(users.id, existing.id));
    } else {
      const [row] = await tx
        .insert(users)
        .values({
          email: input.email,
          passwordHash,
          displayName: input.displayName,
          emailVerifiedAt: new Date(),
          locale: input.locale ?? null,
          affiliation: input.affiliation ?? '',
          bio: input.bio ?? '',
        })
        .returning({ id: users.id });
      id = row.id;
    }
    for (const role of input.roles)
      await tx.insert(userRoles).values({ userId: id!, role }).onConflictDoNothing();
    await audit(tx, {
      action: existing ? 'account.updated_by_cli' : 'account.created_by_cli',
      targetType: 'user',
      targetId: id!,
      data: { roles: input.roles },
    });
    return id!;
  });
}

/** Resolves a session cookie to the acting person, or null when absent, expired or disabled. */
export async function loadActor(
  db: Db,
  token: string | undefined,
): Promise<(Actor & { locale: Locale | null; avatarSha256: string | null }) | null> {
  if (!token) return null;
  // One round trip per signed-in request: the person's roles and memberships come along as arrays.
  const [row] = await db
    .select({
      session: sessions,
      user: users,
      roles: sql<string[]>`(select coalesce(array_agg(${userRoles.role}::text), '{}') from ${userRoles}
        where ${userRoles.userId} = ${users.id})`,
      orgs: sql<{ orgId: string; role: string }[]>`(select coalesce(json_agg(json_build_object(
          'orgId', ${memberships.orgId}, 'role', ${memberships.role})), '[]'::json)
        from ${memberships} where ${memberships.userId} = ${users.id})`,
    })
    .from(sessions)
    .innerJoin(users, eq(users.id, sessions.userId))
    .where(
      and(eq(sessions.idHash, digest(token)), gt(sessions.expiresAt, new Date()), isNull(users.disabledAt)),
    );
  if (!row) return null;
  // Sliding expiry: a session in use is extended, but written at most once a day.
  if (Date.now() - row.session.lastSeenAt.getTime() > 86400_000) {
    await db
      .update(sessions)
      .set({ lastSeenAt: new Date(), expiresAt: new Date(Date.now() + SESSION_DAYS * 86400_000) })
      .where(eq(sessions.idHash, row.session.idHash));
  }
  return {
    userId: row.user.id,
    email: row.user.email,
    displayName: row.user.displayName,
    emailVerified: !!row.user.emailVerifiedAt,
    roles: new Set(row.roles as PlatformRole[]),
    orgRoles: new Map(row.orgs.map((o) => [o.orgId, o.role as 'admin' | 'member'])),
    locale: row.user.locale,
    avatarSha256: row.user.avatarSha256,
  };
}
