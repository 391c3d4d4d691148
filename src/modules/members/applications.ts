/**
 * Applications to join the alliance: an organisation's admin applies for a tier; a platform admin
 * approves (the alliance membership is recorded through identity's service, in the same
 * transaction) or rejects with a reason; the applicant is emailed either way, in their language.
 */
import { and, asc, desc, eq } from 'drizzle-orm';
import { type Db, transaction } from '../../db/client.ts';
import type { Locale } from '../../i18n/index.ts';
import { isLocale } from '../../i18n/index.ts';
import { audit } from '../../platform/audit.ts';
import { AppError } from '../../platform/errors.ts';
import { translator } from '../../platform/i18n.ts';
import { queueMail } from '../../platform/mail.ts';
import { recordAllianceMembership, setOrganizationDescriptions } from '../identity/organizations.ts';
import { findOrganizationBySlug, listOrganizations, peopleByIds } from '../identity/queries.ts';
import { allianceApplications } from './schema.ts';

type Info = { ip: string | null; actorId: string | null; publicUrl: string };

export type Application = typeof allianceApplications.$inferSelect;

/**
 * Files an application for `orgId`, with the description (zh/en) the organisation wants on the
 * wall (both empty: keep the current one). Refused (CONFLICT) when the organisation is already an active
 * member or has a pending application. Writes alliance_applications, audit `alliance.application_submitted`.
 */
export async function submitApplication(
  db: Db,
  input: {
    orgSlug: string;
    applicantId: string;
    tierSlug: string;
    message: string;
    locale: Locale;
    descriptionZh?: string;
    descriptionEn?: string;
  },
  info: Info,
): Promise<Application> {
  const org = await findOrganizationBySlug(db, input.orgSlug);
  if (!org) throw new AppError('NOT_FOUND', { messageKey: 'org.notFound' });
  if (org.alliance?.status === 'active')
    throw new AppError('CONFLICT', {
      messageKey: 'members.apply.alreadyMember',
      fields: { orgSlug: 'members.apply.alreadyMember' },
    });
  return transaction(db, async (tx) => {
    const [pending] = await tx
      .select({ id: allianceApplications.id })
      .from(allianceApplications)
      .where(and(eq(allianceApplications.orgId, org.id), eq(allianceApplications.status, 'pending')));
    if (pending)
      throw new AppError('CONFLICT', {
        messageKey: 'members.apply.pending',
        fields: { orgSlug: 'members.apply.pending' },
      });
    const [row] = await tx
      .insert(allianceApplications)
      .values({
        orgId: org.id,
        applicantId: input.applicantId,
        tierSlug: input.tierSlug,
        message: input.message,
        descriptionZh: input.descriptionZh ?? '',
        descriptionEn: input.descriptionEn ?? '',
        locale: input.locale,
      })
      .returning();
    await audit(tx, {
      actorId: info.actorId,
      action: 'alliance.application_submitted',
      targetType: 'organization',
      targetId: org.id,
      data: { applicationId: row.id, tierSlug: input.tierSlug },
      ip: info.ip,
    });
    return row;
  });
}

async function decide(
  db: Db,
  id: string,
  decision: { status: 'approved' | 'rejected'; reason: string; tierSlug?: string },
  info: Info,
) {
  return transaction(db, async (tx) => {
    const [app] = await tx
      .select()
      .from(allianceApplications)
      .where(and(eq(allianceApplications.id, id), eq(allianceApplications.status, 'pending')))
      .for('update');
    if (!app) throw new AppError('NOT_FOUND', { messageKey: 'members.apply.notFound' });
    const tierSlug = decision.tierSlug ?? app.tierSlug;
    if (decision.status === 'approved') {
      await recordAllianceMembership(
        tx,
        app.orgId,
        { tierSlug, joinedOn: new Date().toISOString().slice(0, 10), status: 'active' },
        info,
      );
      if (app.descriptionZh || app.descriptionEn)
        await setOrganizationDescriptions(
          tx,
          app.orgId,
          { zh: app.descriptionZh, en: app.descriptionEn },
          { ...info, via: 'alliance.application_approved' },
        );
    }
    await tx
      .update(allianceApplications)
      .set({
        status: decision.status,
        reason: decision.reason,
        tierSlug,
        decidedBy: info.actorId,
        decidedAt: new Date(),
      })
      .where(eq(allianceApplications.id, id));
    await audit(tx, {
      actorId: info.actorId,
      action:
        decision.status === 'approved' ? 'alliance.application_approved' : 'alliance.application_rejected',
      targetType: 'organization',
      targetId: app.orgId,
      data: { applicationId: id, tierSlug, reason: decision.reason },
      ip: info.ip,
    });
    const applicant = (await peopleByIds(tx, [app.applicantId])).get(app.applicantId);
    const org = (await listOrganizations(tx)).find((o) => o.id === app.orgId);
    if (applicant && org) {
      const t = translator(isLocale(app.locale) ? app.locale : 'zh-CN');
      const name = app.locale === 'en' && org.nameEn ? org.nameEn : org.nameZh;
      const approved = decision.status === 'approved';
      await queueMail(tx, {
        to: applicant.email,
        subject: t(approved ? 'members.apply.mail.approvedSubject' : 'members.apply.mail.rejectedSubject', {
          org: name,
        }),
        text: t(approved ? 'members.apply.mail.approvedText' : 'members.apply.mail.rejectedText', {
          name: applicant.displayName,
          org: name,
          reason: decision.reason || '—',
          url: `${info.publicUrl}/wall/members/${org.slug}`,
        }),
        template: approved ? 'alliance.application_approved' : 'alliance.application_rejected',
      });
    }
  });
}

/**
 * Approves a pending application (optionally at another tier). Writes alliance_memberships and,
 * when the application carries a description, the organisation's descriptions (both through
 * identity), alliance_applications, audit, mail to the applicant.
 */
export function approveApplication(
  db: Db,
  id: string,
  input: { tierSlug?: string; reason: string },
  info: Info,
) {
  return decide(db, id, { status: 'approved', ...input }, info);
}

/** Rejects a pending application with a reason. Writes alliance_applications, audit `alliance.application_rejected`, mail to the applicant. */
export function rejectApplication(db: Db, id: string, reason: string, info: Info) {
  return decide(db, id, { status: 'rejected', reason }, info);
}

export type ApplicationRow = Application & { orgSlug: string; orgName: string; applicant: string };

/** Pending applications for the review page, oldest first. */
export async function listApplications(db: Db): Promise<ApplicationRow[]> {
  const [rows, orgs] = await Promise.all([
    db
      .select()
      .from(allianceApplications)
      .where(eq(allianceApplications.status, 'pending'))
      .orderBy(asc(allianceApplications.createdAt)),
    listOrganizations(db),
  ]);
  const people = await peopleByIds(
    db,
    rows.map((r) => r.applicantId),
  );
  const orgBy = new Map(orgs.map((o) => [o.id, o]));
  return rows.map((r) => ({
    ...r,
    orgSlug: orgBy.get(r.orgId)?.slug ?? '',
    orgName: orgBy.get(r.orgId)?.nameZh ?? '',
    applicant: people.get(r.applicantId)?.email ?? '',
  }));
}

/** The applicant's own applications (newest first). */
export async function applicationsOf(db: Db, applicantId: string): Promise<Application[]> {
  return db
    .select()
    .from(allianceApplications)
    .where(eq(allianceApplications.applicantId, applicantId))
    .orderBy(desc(allianceApplications.createdAt));
}
