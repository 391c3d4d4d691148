/**
 * Applications: a student applies to a posting; the company moves the application along the
 * pipeline (applied → screening → interview → offer), the student answers an offer (accepted or
 * declined) or withdraws; every move is an event with an optional message, mailed to the student.
 * The company sees its applicants per posting and exports them as CSV; an accepted internship, once
 * completed, earns a certificate through the credentials service.
 */
import { and, asc, desc, eq, inArray } from 'drizzle-orm';
import { type Db, transaction } from '../../db/client.ts';
import { audit } from '../../platform/audit.ts';
import { toCsv } from '../../platform/csv.ts';
import { queueMail } from '../../platform/mail.ts';
import { formatShanghai } from '../../platform/time.ts';
import { type CredentialContext, issueCredential } from '../credentials/service.ts';
import {
  certificateIdentity,
  organizationsByIds,
  organizationsOfPeople,
  peopleByIds,
} from '../identity/queries.ts';
import { fail } from './fail.ts';
import { say } from './messages.ts';
import { findPosting, type Info, schoolsAllow } from './postings.ts';
import {
  type InternshipApplicationStatus,
  internshipApplicationEvents,
  internshipApplications,
  internshipCertificateAchievements,
  internshipPostings,
} from './schema.ts';

export type MailContext = { publicUrl: string; locale: string };
export type Application = typeof internshipApplications.$inferSelect;

/** Who may make each move: the company (screening … offer, rejected) or the student (the rest). */
const COMPANY_MOVES: Readonly<Record<InternshipApplicationStatus, readonly InternshipApplicationStatus[]>> = {
  applied: ['screening', 'interview', 'offer', 'rejected'],
  screening: ['interview', 'offer', 'rejected'],
  interview: ['offer', 'rejected'],
  offer: ['rejected'],
  accepted: [],
  declined: [],
  rejected: [],
  withdrawn: [],
};
const STUDENT_MOVES: Readonly<Record<InternshipApplicationStatus, readonly InternshipApplicationStatus[]>> = {
  applied: ['withdrawn'],
  screening: ['withdrawn'],
  interview: ['withdrawn'],
  offer: ['accepted', 'declined', 'withdrawn'],
  accepted: [],
  declined: [],
  rejected: [],
  withdrawn: [],
};

export function allowedMoves(
  status: InternshipApplicationStatus,
  side: 'company' | 'student',
): readonly InternshipApplicationStatus[] {
  return (side === 'company' ? COMPANY_MOVES : STUDENT_MOVES)[status];
}

/**
 * A student applies. Refused when the posting is closed, when one of the student's schools does
 * not open internships with the company, and a second time. Writes internship_applications and its
 * first event, audit `internships.applied`, a mail to the posting's mentor.
 */
export async function apply(
  db: Db,
  input: { postingId: string; studentId: string; motivation: string },
  mail: MailContext,
  info: Info,
): Promise<Application> {
  const posting = await findPosting(db, input.postingId);
  if (!posting) throw fail('NOT_FOUND', 'internships.postings.notFound');
  if (posting.status !== 'open') throw fail('CONFLICT', 'internships.apply.closed');
  const studentOrgs = (await organizationsOfPeople(db, [input.studentId])).map((m) => m.orgId);
  if (!(await schoolsAllow(db, studentOrgs, posting.orgId)))
    throw fail('FORBIDDEN', 'internships.apply.blocked');
  const people = await peopleByIds(db, [input.studentId, posting.mentorId]);
  return transaction(db, async (tx) => {
    const [row] = await tx
      .insert(internshipApplications)
      .values({
        postingId: posting.id,
        studentId: input.studentId,
        motivation: input.motivation.slice(0, 2000),
      })
      .onConflictDoNothing()
      .returning();
    if (!row) throw fail('CONFLICT', 'internships.apply.twice');
    await tx
      .insert(internshipApplicationEvents)
      .values({ applicationId: row.id, toStatus: 'applied', actorId: input.studentId });
    await audit(tx, {
      actorId: info.actorId,
      action: 'internships.applied',
      targetType: 'internship_application',
      targetId: row.id,
      data: { postingId: posting.id },
      ip: info.ip,
    });
    const mentor = people.get(posting.mentorId);
    if (mentor) {
      const vars = {
        name: people.get(input.studentId)?.displayName ?? '',
        title: posting.title,
        url: `${mail.publicUrl}/internships/postings/${posting.id}/applicants`,
      };
      await queueMail(tx, {
        to: mentor.email,
        subject: say(mail.locale, 'internships.mail.applied.subject', vars),
        text: say(mail.locale, 'internships.mail.applied.body', vars),
        template: 'internships.applied',
      });
    }
    return row;
  });
}

/**
 * Moves an application one step, as `side`. The move must be one `allowedMoves` lists for the
 * current status (checked under a row lock, so two clicks cannot both move it). Writes the status,
 * an event with the message, audit `internships.application_moved`, and a mail to the student.
 */
export async function moveApplication(
  db: Db,
  applicationId: string,
  to: InternshipApplicationStatus,
  side: 'company' | 'student',
  message: string,
  mail: MailContext,
  info: Info,
): Promise<Application> {
  return transaction(db, async (tx) => {
    const [app] = await tx
      .select()
      .from(internshipApplications)
      .where(eq(internshipApplications.id, applicationId))
      .for('update');
    if (!app) throw fail('NOT_FOUND', 'internships.postings.notFound');
    if (!allowedMoves(app.status, side).includes(to)) {
      throw fail('CONFLICT', 'internships.status.badMove', {
        vars: {
          from: say(mail.locale, `internships.status.${app.status}`),
          to: say(mail.locale, `internships.status.${to}`),
        },
      });
    }
    const [row] = await tx
      .update(internshipApplications)
      .set({ status: to, updatedAt: new Date() })
      .where(eq(internshipApplications.id, applicationId))
      .returning();
    const text = message.trim().slice(0, 2000);
    await tx
      .insert(internshipApplicationEvents)
      .values({ applicationId, fromStatus: app.status, toStatus: to, actorId: info.actorId, message: text });
    await audit(tx, {
      actorId: info.actorId,
      action: 'internships.application_moved',
      targetType: 'internship_application',
      targetId: applicationId,
      data: { from: app.status, to, side },
      ip: info.ip,
    });
    const posting = await findPosting(tx, app.postingId);
    const student = (await peopleByIds(tx, [app.studentId])).get(app.studentId);
    if (posting && student) {
      const org = (await organizationsByIds(tx, [posting.orgId])).get(posting.orgId);
      const vars = {
        name: student.displayName,
        title: posting.title,
        org: org ? (mail.locale === 'en' && org.nameEn ? org.nameEn : org.nameZh) : '',
        status: say(mail.locale, `internships.status.${to}`),
        message: text,
        url: `${mail.publicUrl}/internships/mine`,
      };
      await queueMail(tx, {
        to: student.email,
        subject: say(mail.locale, 'internships.mail.status.subject', vars),
        text: say(mail.locale, 'internships.mail.status.body', vars),
        template: 'internships.status',
      });
    }
    return row;
  });
}

export async function findApplication(db: Db, id: string): Promise<Application | undefined> {
  const [row] = await db.select().from(internshipApplications).where(eq(internshipApplications.id, id));
  return row;
}

export type Applicant = Application & { name: string; email: string };

/** A posting's applicants, earliest first, with name and email (for the company only). */
export async function listApplicants(db: Db, postingId: string): Promise<Applicant[]> {
  const rows = await db
    .select()
    .from(internshipApplications)
    .where(eq(internshipApplications.postingId, postingId))
    .orderBy(asc(internshipApplications.createdAt), asc(internshipApplications.id));
  const people = await peopleByIds(
    db,
    rows.map((r) => r.studentId),
  );
  return rows.map((r) => ({
    ...r,
    name: people.get(r.studentId)?.displayName ?? '',
    email: people.get(r.studentId)?.email ?? '',
  }));
}

/** The applicants as CSV (through the one CSV writer and its formula guard), headings in `locale`. */
export function applicantsCsv(applicants: readonly Applicant[], locale: string): string {
  const head =
    locale === 'en'
      ? ['Name', 'Email', 'Status', 'Applied (Beijing time)', 'Motivation']
      : ['姓名', '邮箱', '状态', '申请时间（北京时间）', '申请说明'];
  return toCsv([
    head,
    ...applicants.map((a) => [
      a.name,
      a.email,
      say(locale, `internships.status.${a.status}`),
      formatShanghai(a.createdAt),
      a.motivation,
    ]),
  ]);
}

export type MyApplication = Application & { title: string; orgName: string; orgNameEn: string };

/** A student's applications, newest first, with the posting's title and company. */
export async function myApplications(db: Db, studentId: string): Promise<MyApplication[]> {
  const rows = await db
    .select({ app: internshipApplications, title: internshipPostings.title, orgId: internshipPostings.orgId })
    .from(internshipApplications)
    .innerJoin(internshipPostings, eq(internshipPostings.id, internshipApplications.postingId))
    .where(eq(internshipApplications.studentId, studentId))
    .orderBy(desc(internshipApplications.createdAt));
  const orgs = await organizationsByIds(
    db,
    rows.map((r) => r.orgId),
  );
  return rows.map((r) => ({
    ...r.app,
    title: r.title,
    orgName: orgs.get(r.orgId)?.nameZh ?? '',
    orgNameEn: orgs.get(r.orgId)?.nameEn ?? '',
  }));
}

/** The pipeline of one application, oldest first. */
export async function applicationEvents(db: Db, applicationId: string) {
  return db
    .select()
    .from(internshipApplicationEvents)
    .where(eq(internshipApplicationEvents.applicationId, applicationId))
    .orderBy(asc(internshipApplicationEvents.id));
}

/**
 * Links the achievement a company's internship certificates are for. Platform admins only (the
 * route checks `credentials:manage`). Writes internship_certificate_achievements, audit.
 */
export async function linkInternshipAchievement(db: Db, orgId: string, achievementId: string, info: Info) {
  await transaction(db, async (tx) => {
    await tx
      .insert(internshipCertificateAchievements)
      .values({ orgId, achievementId, linkedBy: info.actorId })
      .onConflictDoUpdate({
        target: internshipCertificateAchievements.orgId,
        set: { achievementId, linkedBy: info.actorId },
      });
    await audit(tx, {
      actorId: info.actorId,
      action: 'internships.certificate_linked',
      targetType: 'organization',
      targetId: orgId,
      data: { achievementId },
      ip: info.ip,
    });
  });
}

/**
 * The company confirms an accepted internship was completed: the student receives the internship
 * certificate (an Open Badges credential through `issueCredential`, evidence: the posting). Needs
 * the organisation's linked achievement and the student's confirmed certificate name. Writes
 * internship_applications.completed_at/credential_id, audit `internships.completed` (and the
 * credentials service's own rows and audit).
 */
export async function completeInternship(ctx: CredentialContext, applicationId: string, info: Info) {
  const app = await findApplication(ctx.db, applicationId);
  if (!app) throw fail('NOT_FOUND', 'internships.postings.notFound');
  if (app.status !== 'accepted') throw fail('CONFLICT', 'internships.certificate.notAccepted');
  if (app.credentialId) throw fail('CONFLICT', 'internships.certificate.done');
  const posting = await findPosting(ctx.db, app.postingId);
  if (!posting) throw fail('NOT_FOUND', 'internships.postings.notFound');
  const [link] = await ctx.db
    .select()
    .from(internshipCertificateAchievements)
    .where(eq(internshipCertificateAchievements.orgId, posting.orgId));
  if (!link) throw fail('CONFLICT', 'internships.certificate.noAchievement');
  const holder = await certificateIdentity(ctx.db, app.studentId);
  if (!holder?.emailVerified || !holder.name) throw fail('CONFLICT', 'internships.certificate.noName');
  return transaction(ctx.db, async (tx) => {
    // Claim the application first (a second click finds credential_id being set and waits here).
    const [locked] = await tx
      .select()
      .from(internshipApplications)
      .where(
        and(
          eq(internshipApplications.id, applicationId),
          inArray(internshipApplications.status, ['accepted']),
        ),
      )
      .for('update');
    if (!locked || locked.credentialId) throw fail('CONFLICT', 'internships.certificate.done');
    const credential = await issueCredential(
      { ...ctx, db: tx },
      link.achievementId,
      { name: holder.name as string, userId: app.studentId },
      [
        {
          name: posting.title,
          description: `${posting.durationWeeks} weeks`,
          url: `${ctx.publicUrl}/internships/postings/${posting.id}`,
        },
      ],
      { actorId: info.actorId, ip: info.ip },
    );
    await tx
      .update(internshipApplications)
      .set({ completedAt: new Date(), credentialId: credential.id, updatedAt: new Date() })
      .where(eq(internshipApplications.id, applicationId));
    await audit(tx, {
      actorId: info.actorId,
      action: 'internships.completed',
      targetType: 'internship_application',
      targetId: applicationId,
      data: { credentialId: credential.id },
      ip: info.ip,
    });
    return credential;
  });
}
