/**
 * Awards and results. An organiser sets awards (per track or overall); publishing issues, in one
 * transaction, an Open Badges credential to every member of every winning team through the
 * credentials service (an achievement per award, signed by the hackathon's issuer and co-signed
 * by the named issuing body when there is one). Members without a confirmed certificate name
 * (ADR 0024) get no credential; the result says how many were issued.
 */
import { and, eq, isNull } from 'drizzle-orm';
import { type Db, transaction } from '../../db/client.ts';
import { audit } from '../../platform/audit.ts';
import { type CredentialContext, createAchievement, issueCredential } from '../credentials/service.ts';
import { certificateIdentity } from '../identity/queries.ts';
import { problem } from './problems.ts';
import { findHackathon, teamMemberIds } from './queries.ts';
import {
  hackathonAwardCredentials,
  hackathonAwards,
  hackathonSubmissions,
  hackathons,
  hackathonTracks,
} from './schema.ts';
import { pagesChanged, type RequestInfo } from './service.ts';

export type AwardInput = {
  trackId: string | null;
  submissionId: string;
  title: string;
  rank: number;
  prizeCny: number;
  creditHours: number;
};

/** Adds an award. Writes hackathon_awards, audit `hackathons.award_added`. */
export async function addAward(db: Db, hackathonId: string, input: AwardInput, info: RequestInfo) {
  const [sub] = await db
    .select()
    .from(hackathonSubmissions)
    .where(
      and(eq(hackathonSubmissions.id, input.submissionId), eq(hackathonSubmissions.hackathonId, hackathonId)),
    );
  if (!sub) throw problem('INVALID_INPUT', 'hackathons.notFound', { field: 'submissionId' });
  if (input.trackId && !sub.trackIds.includes(input.trackId))
    throw problem('INVALID_INPUT', 'hackathons.submit.unknownTrack', { field: 'trackId' });
  const h = await findHackathon(db, hackathonId);
  if (h?.status === 'results_published') throw problem('CONFLICT', 'hackathons.award.alreadyPublished');
  return transaction(db, async (tx) => {
    const [row] = await tx
      .insert(hackathonAwards)
      .values({ hackathonId, ...input, title: input.title.trim() })
      .returning();
    await audit(tx, {
      actorId: info.actorId,
      action: 'hackathons.award_added',
      targetType: 'hackathon_award',
      targetId: row.id,
      data: { ...input },
      ip: info.ip,
    });
    return row;
  });
}

/**
 * Publishes every award in one action: for each, an achievement and one credential per team
 * member with a confirmed certificate name; the hackathon becomes `results_published`. All or
 * nothing. Writes credential_achievements, credentials (through the credentials service),
 * hackathon_awards, hackathon_award_credentials, hackathons; audit `hackathons.results_published`.
 */
export async function publishResults(ctx: CredentialContext, hackathonId: string, info: RequestInfo) {
  return transaction(ctx.db, async (tx) => {
    const [h] = await tx.select().from(hackathons).where(eq(hackathons.id, hackathonId)).for('update');
    if (!h) throw problem('NOT_FOUND', 'hackathons.notFound');
    if (h.status === 'results_published') throw problem('CONFLICT', 'hackathons.award.alreadyPublished');
    if (!h.issuerId) throw problem('CONFLICT', 'hackathons.award.noIssuer');
    const awards = await tx
      .select()
      .from(hackathonAwards)
      .where(and(eq(hackathonAwards.hackathonId, hackathonId), isNull(hackathonAwards.publishedAt)));
    if (awards.length === 0) throw problem('CONFLICT', 'hackathons.award.none');
    const tracks = new Map(
      (await tx.select().from(hackathonTracks).where(eq(hackathonTracks.hackathonId, hackathonId))).map(
        (t) => [t.id, t],
      ),
    );
    const inTx = { ...ctx, db: tx };
    let issued = 0;
    for (const award of awards) {
      const [sub] = await tx
        .select()
        .from(hackathonSubmissions)
        .where(eq(hackathonSubmissions.id, award.submissionId));
      const track = award.trackId ? tracks.get(award.trackId) : undefined;
      const awardName = track ? `${track.title} · ${award.title}` : award.title;
      const achievement = await createAchievement(
        inTx,
        {
          slug: `hackathon-${h.slug}-${award.id.slice(0, 8)}`,
          nameZh: `${h.title} ${awardName}`,
          nameEn: `${h.title} ${awardName}`,
          descriptionZh: `在「${h.title}」中以作品「${sub.title}」获得「${awardName}」。`,
          descriptionEn: `Won "${awardName}" at "${h.title}" with the project "${sub.title}".`,
          criteriaZh: `「${h.title}」评审团评定的${awardName}。`,
          criteriaEn: `${awardName} as decided by the judges of "${h.title}".`,
          creditsAvailable: award.creditHours || null,
          issuerId: h.issuerId,
          coIssuerId: h.coIssuerId,
        },
        info,
      );
      for (const userId of await teamMemberIds(tx, sub.teamId)) {
        const holder = await certificateIdentity(tx, userId);
        if (!holder?.name || !holder.emailVerified) continue;
        const credential = await issueCredential(
          inTx,
          achievement.id,
          { name: holder.name, userId },
          [{ name: sub.title, url: sub.repoUrl, description: awardName }],
          info,
        );
        await tx
          .insert(hackathonAwardCredentials)
          .values({ awardId: award.id, userId, credentialId: credential.id });
        issued += 1;
      }
      await tx
        .update(hackathonAwards)
        .set({ achievementId: achievement.id, publishedAt: new Date() })
        .where(eq(hackathonAwards.id, award.id));
    }
    await tx
      .update(hackathons)
      .set({ status: 'results_published', resultsPublishedAt: new Date(), updatedAt: new Date() })
      .where(eq(hackathons.id, hackathonId));
    await audit(tx, {
      actorId: info.actorId,
      action: 'hackathons.results_published',
      targetType: 'hackathon',
      targetId: hackathonId,
      data: { awards: awards.length, credentials: issued },
      ip: info.ip,
    });
    await pagesChanged(tx);
    return { awards: awards.length, credentials: issued };
  });
}

/** The credentials issued for a hackathon's awards, per member. */
export async function awardCredentials(db: Db, hackathonId: string) {
  return db
    .select({
      awardId: hackathonAwardCredentials.awardId,
      userId: hackathonAwardCredentials.userId,
      credentialId: hackathonAwardCredentials.credentialId,
    })
    .from(hackathonAwardCredentials)
    .innerJoin(hackathonAwards, eq(hackathonAwards.id, hackathonAwardCredentials.awardId))
    .where(eq(hackathonAwards.hackathonId, hackathonId));
}
