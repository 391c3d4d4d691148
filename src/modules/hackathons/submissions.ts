/**
 * Submissions: a team's project, versioned until the deadline. The deadline is the server's
 * clock against `submission_deadline`; after it, the late policy decides (refused, or accepted
 * within the grace period and marked late). Team size is enforced here, at submit.
 */
import { and, count, eq } from 'drizzle-orm';
import { type Db, transaction } from '../../db/client.ts';
import { audit } from '../../platform/audit.ts';
import { formatShanghai } from '../../platform/time.ts';
import { problem } from './problems.ts';
import type { Hackathon } from './queries.ts';
import {
  hackathonSubmissions,
  hackathonSubmissionVersions,
  hackathonTeamMembers,
  hackathonTeams,
  hackathonTracks,
} from './schema.ts';
import { pagesChanged, type RequestInfo } from './service.ts';

/** https://github.com/owner/repo, gitee.com or gitcode.com (gitcode.net too), optionally .git or a trailing slash. */
const REPO =
  /^https:\/\/(github\.com|gitee\.com|gitcode\.com|gitcode\.net)\/[A-Za-z0-9_.-]+\/[A-Za-z0-9_.-]+?(\.git)?\/?$/;

export function isRepositoryUrl(url: string): boolean {
  return REPO.test(url.trim());
}

export function isVideoUrl(url: string): boolean {
  if (!url) return true;
  try {
    const u = new URL(url);
    return u.protocol === 'https:' && !!u.hostname;
  } catch {
    return false;
  }
}

export type SubmissionInput = {
  title: string;
  repoUrl: string;
  videoUrl: string;
  description: string;
  trackIds: string[];
};

/** Whether a submission now is on time, late (accepted and marked) or refused. */
export function deadlineVerdict(h: Hackathon, now: Date): 'on_time' | 'late' | 'refused' {
  if (now <= h.submissionDeadline) return 'on_time';
  if (
    h.latePolicy === 'accept_marked' &&
    now.getTime() <= h.submissionDeadline.getTime() + h.lateGraceMinutes * 60_000
  )
    return 'late';
  return 'refused';
}

/**
 * Saves the next version of the team's project (the first creates it). Refused after the deadline
 * unless the late policy takes it (then marked late), and when the team is smaller or larger than
 * allowed. Writes hackathon_submissions, hackathon_submission_versions, audit `hackathons.submitted`.
 */
export async function submitProject(
  db: Db,
  hackathon: Hackathon,
  teamId: string,
  userId: string,
  input: SubmissionInput,
  info: RequestInfo,
  now = new Date(),
) {
  if (!isRepositoryUrl(input.repoUrl))
    throw problem('INVALID_INPUT', 'hackathons.submit.invalidRepo', { field: 'repoUrl' });
  if (!isVideoUrl(input.videoUrl))
    throw problem('INVALID_INPUT', 'hackathons.submit.invalidVideo', { field: 'videoUrl' });
  if (hackathon.status !== 'published') throw problem('CONFLICT', 'hackathons.wrongState');
  const verdict = deadlineVerdict(hackathon, now);
  if (verdict === 'refused')
    throw problem('CONFLICT', 'hackathons.submit.deadlinePassed', {
      vars: { at: formatShanghai(hackathon.submissionDeadline) },
    });
  return transaction(db, async (tx) => {
    // The team row lock serialises two members submitting at once (versions stay a sequence).
    const [team] = await tx.select().from(hackathonTeams).where(eq(hackathonTeams.id, teamId)).for('update');
    if (!team || team.hackathonId !== hackathon.id) throw problem('NOT_FOUND', 'hackathons.notFound');
    const [member] = await tx
      .select({ userId: hackathonTeamMembers.userId })
      .from(hackathonTeamMembers)
      .where(and(eq(hackathonTeamMembers.teamId, teamId), eq(hackathonTeamMembers.userId, userId)));
    if (!member) throw problem('FORBIDDEN', 'hackathons.team.notMember');
    const [{ n }] = await tx
      .select({ n: count() })
      .from(hackathonTeamMembers)
      .where(eq(hackathonTeamMembers.teamId, teamId));
    if (n < hackathon.minTeamSize)
      throw problem('CONFLICT', 'hackathons.submit.teamTooSmall', { vars: { min: hackathon.minTeamSize } });
    if (n > hackathon.maxTeamSize)
      throw problem('CONFLICT', 'hackathons.submit.teamTooLarge', { vars: { max: hackathon.maxTeamSize } });
    const tracks = new Set(
      (
        await tx
          .select({ id: hackathonTracks.id })
          .from(hackathonTracks)
          .where(eq(hackathonTracks.hackathonId, hackathon.id))
      ).map((t) => t.id),
    );
    const trackIds = [...new Set(input.trackIds)];
    if (trackIds.some((id) => !tracks.has(id)))
      throw problem('INVALID_INPUT', 'hackathons.submit.unknownTrack', { field: 'trackIds' });
    const late = verdict === 'late';
    const fields = {
      title: input.title.trim(),
      repoUrl: input.repoUrl.trim(),
      videoUrl: input.videoUrl.trim(),
      description: input.description,
      trackIds,
    };
    const [existing] = await tx
      .select()
      .from(hackathonSubmissions)
      .where(eq(hackathonSubmissions.teamId, teamId));
    const version = (existing?.version ?? 0) + 1;
    const [row] = existing
      ? await tx
          .update(hackathonSubmissions)
          .set({ ...fields, version, late: existing.late || late, submittedAt: now })
          .where(eq(hackathonSubmissions.id, existing.id))
          .returning()
      : await tx
          .insert(hackathonSubmissions)
          .values({ hackathonId: hackathon.id, teamId, ...fields, version, late, submittedAt: now })
          .returning();
    await tx
      .insert(hackathonSubmissionVersions)
      .values({ submissionId: row.id, version, ...fields, late, submittedBy: userId, submittedAt: now });
    await audit(tx, {
      actorId: userId,
      action: 'hackathons.submitted',
      targetType: 'hackathon_submission',
      targetId: row.id,
      data: { version, late },
      ip: info.ip,
    });
    await pagesChanged(tx);
    return row;
  });
}
