/**
 * Where modules that must not import each other meet. Exams check eligibility against learning
 * (enrolment, labs passed); learning's tutor switches off while an exam attempt is in progress.
 * Salons' posters show the hosts' logos, which members keeps, while members reads salons (talks,
 * hosted salons). Each pair in both directions would be a cycle between the modules, so the
 * composition root passes functions (ADR 0033).
 */
import type { Db } from './db/client.ts';
import { hasActiveAttempt } from './modules/exams/queries.ts';
import type { Eligibility } from './modules/exams/routes.tsx';
import { completedLabCount, isEnrolled } from './modules/learning/queries.ts';
import { logosForOrganizations, logoUrlsForOrganizations } from './modules/members/queries.ts';
import type { OrganizationLogos, OrganizationLogoUrls } from './modules/salons/service.ts';

export const examEligibility: Eligibility = async (db, userId, exam) => {
  if (exam.requiredCourseId) {
    if (!(await isEnrolled(db, userId, exam.requiredCourseId))) {
      return { ok: false, reason: 'exams.eligibility.notEnrolled' };
    }
    if (
      exam.requiredLabs > 0 &&
      (await completedLabCount(db, userId, exam.requiredCourseId)) < exam.requiredLabs
    ) {
      return { ok: false, reason: 'exams.eligibility.labsMissing' };
    }
  }
  return { ok: true };
};

export const tutorBlockedByExam = (db: Db, userId: string) => hasActiveAttempt(db, userId);

/** Salons' posters read the hosts' logos (or monograms) from members. */
export const organizationLogos: OrganizationLogos = logosForOrganizations;

/** Salon cards show the host's logo: its address, from members. */
export const organizationLogoUrls: OrganizationLogoUrls = logoUrlsForOrganizations;
