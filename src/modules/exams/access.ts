/**
 * Who may see what of an exam (ADR 0024): published exams are open to every candidate; drafts,
 * results, grading, event logs and live boards belong to the exam's owning organisation's teachers
 * (and platform admins). To anyone else such an exam or attempt does not exist: 404, not 403, so
 * that another school cannot even learn which exams or attempts there are.
 */

import type { Context } from 'hono';
import type { Db } from '../../db/client.ts';
import type { AppEnv } from '../../platform/context.ts';
import { AppError } from '../../platform/errors.ts';
import { type Actor, can, requireActor } from '../../platform/permissions.ts';
import { isUuid } from '../../platform/request.ts';
import { achievementIssuerId } from '../credentials/queries.ts';
import { type Exam, findAttempt, findExam } from './queries.ts';

type C = Context<AppEnv>;

/** True when the actor owns the exam: a teacher of its organisation, or a platform admin. */
export const ownsExam = (actor: Actor | null | undefined, exam: Pick<Exam, 'orgId'>) =>
  can(actor, 'exams:own', { orgId: exam.orgId ?? undefined });

/** The exam of the `:id` param: published ones for everyone, drafts only for their owners. */
export async function loadExam(c: C): Promise<Exam> {
  const id = c.req.param('id') ?? '';
  const exam = isUuid(id) ? await findExam(c.get('deps').db, id) : undefined;
  if (!exam || (exam.status === 'draft' && !ownsExam(c.get('actor'), exam)))
    throw new AppError('NOT_FOUND', { messageKey: 'exams.notFound' });
  return exam;
}

/** The exam of the `:id` param for its owners only; 404 for everyone else. */
export async function loadOwnedExam(c: C): Promise<Exam> {
  const exam = await loadExam(c);
  if (!ownsExam(c.get('actor'), exam)) throw new AppError('NOT_FOUND', { messageKey: 'exams.notFound' });
  return exam;
}

/**
 * The attempt of the `:aid` param: the caller's own, or (with `owners`) any attempt of an exam the
 * caller owns. Anything else is not found.
 */
export async function loadAttempt(c: C, opts: { owners: boolean }) {
  const actor = requireActor(c);
  const id = c.req.param('aid') ?? '';
  const attempt = isUuid(id) ? await findAttempt(c.get('deps').db, id) : undefined;
  if (!attempt) throw new AppError('NOT_FOUND', { messageKey: 'exams.attemptNotFound' });
  const exam = await findExam(c.get('deps').db, attempt.examId);
  if (!exam) throw new AppError('NOT_FOUND', { messageKey: 'exams.notFound' });
  const own = attempt.userId === actor.userId;
  if (!own && !(opts.owners && ownsExam(actor, exam)))
    throw new AppError('NOT_FOUND', { messageKey: 'exams.attemptNotFound' });
  return { attempt, exam, own, actor };
}

/**
 * Whether the actor may link an exam to this achievement: it must exist, and the actor must hold
 * `credentials:manage` for its issuer. Null when allowed, else the form's message key.
 */
export async function achievementRefusal(
  db: Db,
  actor: Actor | null | undefined,
  achievementId: string,
): Promise<'exams.field.achievementUnknown' | 'exams.field.achievementNotAllowed' | null> {
  const issuerId = await achievementIssuerId(db, achievementId);
  if (!issuerId)
    return can(actor, 'credentials:manage')
      ? 'exams.field.achievementUnknown'
      : 'exams.field.achievementNotAllowed';
  return can(actor, 'credentials:manage', { issuerId }) ? null : 'exams.field.achievementNotAllowed';
}

/** What issuing a credential needs from the request's dependencies. */
export const credentialContext = (c: C) => ({
  db: c.get('deps').db,
  secret: c.get('deps').config.GONGJIN_SECRET,
  publicUrl: c.get('deps').config.PUBLIC_URL,
});
