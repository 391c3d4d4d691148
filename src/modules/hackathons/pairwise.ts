/**
 * Pairwise (CrowdBT) judging sessions, Gavel's flow: a judge sees one project, then another, and
 * says which was better; the next project is chosen by expected information gain (crowdbt.ts).
 * Every action is a row of the append-only decision log; the live beliefs (items' μ, σ², the
 * judge's α, β) are updated in the same transaction, and `recomputeRound` rebuilds them from the
 * log — which is how an undo works, and what the live state must always equal.
 *
 * Concurrency: the judge's session row is locked for the whole action, and the two projects' rows
 * are locked in id order, so two judges updating one project serialise and the log's order is
 * the order the updates were applied in.
 */
import { and, asc, desc, eq, gt, inArray, isNull, ne, sql } from 'drizzle-orm';
import { type Db, transaction } from '../../db/client.ts';
import { audit } from '../../platform/audit.ts';
import { conflictFacts, eligibilityMatrix, pairKey } from './conflicts.ts';
import {
  applyDecision,
  CROWD_BT,
  chooseNext,
  copeland,
  type Item,
  type JudgeBelief,
  type Standing,
} from './crowdbt.ts';
import type { PanelSeat } from './judging.ts';
import { problem } from './problems.ts';
import {
  hackathonDecisions,
  hackathonPairwiseItems,
  hackathonPairwiseSessions,
  hackathonSubmissions,
} from './schema.ts';
import type { RequestInfo } from './service.ts';

type Session = typeof hackathonPairwiseSessions.$inferSelect;

/** Projects of the round this judge may see: visible, in their scope, without an un-overridden conflict. */
async function judgeableIds(db: Db, seat: PanelSeat, round: number): Promise<string[]> {
  const subs = await db
    .select({
      id: hackathonSubmissions.id,
      hidden: hackathonSubmissions.hidden,
      shortlisted: hackathonSubmissions.shortlisted,
    })
    .from(hackathonSubmissions)
    .where(eq(hackathonSubmissions.hackathonId, seat.hackathon.id));
  const matrix = eligibilityMatrix(await conflictFacts(db, seat.hackathon.id));
  return subs
    .filter(
      (s) => !s.hidden && (round === 1 || s.shortlisted) && matrix.get(pairKey(seat.judgeId, s.id))?.eligible,
    )
    .map((s) => s.id);
}

/** Every visible project of the round gets its prior belief the first time anyone judges. */
async function ensureItems(tx: Db, hackathonId: string, round: number) {
  const subs = await tx
    .select({ id: hackathonSubmissions.id, shortlisted: hackathonSubmissions.shortlisted })
    .from(hackathonSubmissions)
    .where(eq(hackathonSubmissions.hackathonId, hackathonId));
  const ids = subs.filter((s) => round === 1 || s.shortlisted).map((s) => s.id);
  if (ids.length)
    await tx
      .insert(hackathonPairwiseItems)
      .values(
        ids.map((submissionId) => ({
          hackathonId,
          round,
          submissionId,
          mu: CROWD_BT.MU_PRIOR,
          sigmaSq: CROWD_BT.SIGMA_SQ_PRIOR,
        })),
      )
      .onConflictDoNothing();
}

async function lockedSession(tx: Db, seat: PanelSeat, round: number): Promise<Session> {
  await tx
    .insert(hackathonPairwiseSessions)
    .values({
      hackathonId: seat.hackathon.id,
      round,
      judgeId: seat.judgeId,
      alpha: CROWD_BT.ALPHA_PRIOR,
      beta: CROWD_BT.BETA_PRIOR,
    })
    .onConflictDoNothing();
  const [s] = await tx
    .select()
    .from(hackathonPairwiseSessions)
    .where(
      and(
        eq(hackathonPairwiseSessions.hackathonId, seat.hackathon.id),
        eq(hackathonPairwiseSessions.round, round),
        eq(hackathonPairwiseSessions.judgeId, seat.judgeId),
      ),
    )
    .for('update');
  return s;
}

/** Chooses and stores the judge's next project (null when none is left). */
async function advance(
  tx: Db,
  seat: PanelSeat,
  round: number,
  session: Session,
  prevId: string | null,
  now: Date,
  random: () => number,
) {
  const allowed = new Set(await judgeableIds(tx, seat, round));
  const items = await tx
    .select()
    .from(hackathonPairwiseItems)
    .where(
      and(eq(hackathonPairwiseItems.hackathonId, seat.hackathon.id), eq(hackathonPairwiseItems.round, round)),
    );
  const mine = await tx
    .select({ kind: hackathonDecisions.kind, submissionId: hackathonDecisions.submissionId })
    .from(hackathonDecisions)
    .where(
      and(
        eq(hackathonDecisions.hackathonId, seat.hackathon.id),
        eq(hackathonDecisions.round, round),
        eq(hackathonDecisions.judgeId, seat.judgeId),
        isNull(hackathonDecisions.undoneAt),
        inArray(hackathonDecisions.kind, ['view', 'skip', 'absent']),
      ),
    );
  const ignored = new Set(mine.map((d) => d.submissionId as string));
  if (prevId) ignored.add(prevId);
  const others = await tx
    .select({ nextId: hackathonPairwiseSessions.nextId })
    .from(hackathonPairwiseSessions)
    .where(
      and(
        eq(hackathonPairwiseSessions.hackathonId, seat.hackathon.id),
        eq(hackathonPairwiseSessions.round, round),
        ne(hackathonPairwiseSessions.judgeId, seat.judgeId),
        gt(hackathonPairwiseSessions.nextShownAt, new Date(now.getTime() - CROWD_BT.BUSY_TIMEOUT_MS)),
      ),
    );
  const busy = new Set(others.flatMap((o) => (o.nextId ? [o.nextId] : [])));
  const pool: Item[] = items.map((i) => ({
    id: i.submissionId,
    mu: i.mu,
    sigmaSq: i.sigmaSq,
    views: i.views,
    active: allowed.has(i.submissionId),
  }));
  const prev = prevId ? (pool.find((i) => i.id === prevId) ?? null) : null;
  const next = chooseNext({ alpha: session.alpha, beta: session.beta }, prev, pool, ignored, busy, random);
  await tx
    .update(hackathonPairwiseSessions)
    .set({ prevId, nextId: next?.id ?? null, nextShownAt: next ? now : null })
    .where(
      and(
        eq(hackathonPairwiseSessions.hackathonId, seat.hackathon.id),
        eq(hackathonPairwiseSessions.round, round),
        eq(hackathonPairwiseSessions.judgeId, seat.judgeId),
      ),
    );
  return next?.id ?? null;
}

export type PairwiseState = { prevId: string | null; nextId: string | null; started: boolean };

/** The judge's session, opened (with a first project chosen) if new. Writes sessions and items. */
export async function openSession(
  db: Db,
  seat: PanelSeat,
  round: number,
  now = new Date(),
  random = Math.random,
): Promise<PairwiseState> {
  return transaction(db, async (tx) => {
    await ensureItems(tx, seat.hackathon.id, round);
    const s = await lockedSession(tx, seat, round);
    if (!s.prevId && !s.nextId) {
      const nextId = await advance(tx, seat, round, s, null, now, random);
      return { prevId: null, nextId, started: false };
    }
    return { prevId: s.prevId, nextId: s.nextId, started: !!s.prevId };
  });
}

async function logView(tx: Db, seat: PanelSeat, round: number, submissionId: string) {
  await tx
    .insert(hackathonDecisions)
    .values({ hackathonId: seat.hackathon.id, round, judgeId: seat.judgeId, kind: 'view', submissionId });
  await tx
    .update(hackathonPairwiseItems)
    .set({ views: sql`${hackathonPairwiseItems.views} + 1` })
    .where(
      and(
        eq(hackathonPairwiseItems.hackathonId, seat.hackathon.id),
        eq(hackathonPairwiseItems.round, round),
        eq(hackathonPairwiseItems.submissionId, submissionId),
      ),
    );
}

function judgingOpen(seat: PanelSeat) {
  if (seat.hackathon.status === 'results_published') throw problem('CONFLICT', 'hackathons.wrongState');
}

/**
 * The judge has seen their first project (nothing to compare yet). Writes a `view` decision,
 * the project's view count, the session (that project becomes the previous one).
 */
export async function markFirstSeen(
  db: Db,
  seat: PanelSeat,
  round: number,
  nextId: string,
  now = new Date(),
  random = Math.random,
) {
  judgingOpen(seat);
  return transaction(db, async (tx) => {
    const s = await lockedSession(tx, seat, round);
    if (s.prevId || s.nextId !== nextId) throw problem('CONFLICT', 'hackathons.pairwise.stale');
    await logView(tx, seat, round, nextId);
    return advance(tx, seat, round, s, nextId, now, random);
  });
}

/**
 * A vote: of the previous and the current project, `winner` was better. The pair must be the
 * session's current pair (a repeated or stale vote is refused, nothing written). Writes a `vote`
 * and a `view` decision, both projects' beliefs, the judge's reliability, the session; audit
 * `hackathons.pairwise_vote`.
 */
export async function vote(
  db: Db,
  seat: PanelSeat,
  round: number,
  pair: { prevId: string; nextId: string; winner: 'prev' | 'next' },
  info: RequestInfo,
  now = new Date(),
  random = Math.random,
) {
  judgingOpen(seat);
  return transaction(db, async (tx) => {
    const s = await lockedSession(tx, seat, round);
    if (!s.prevId || s.prevId !== pair.prevId || s.nextId !== pair.nextId)
      throw problem('CONFLICT', 'hackathons.pairwise.stale');
    const [winnerId, loserId] =
      pair.winner === 'next' ? [pair.nextId, pair.prevId] : [pair.prevId, pair.nextId];
    const rows = await tx
      .select()
      .from(hackathonPairwiseItems)
      .where(
        and(
          eq(hackathonPairwiseItems.hackathonId, seat.hackathon.id),
          eq(hackathonPairwiseItems.round, round),
          inArray(hackathonPairwiseItems.submissionId, [winnerId, loserId]),
        ),
      )
      .orderBy(asc(hackathonPairwiseItems.submissionId))
      .for('update');
    const items = new Map<string, Standing>(
      rows.map((r) => [r.submissionId, { mu: r.mu, sigmaSq: r.sigmaSq }]),
    );
    const judges = new Map<string, JudgeBelief>([[seat.judgeId, { alpha: s.alpha, beta: s.beta }]]);
    applyDecision(items, judges, { judgeId: seat.judgeId, winnerId, loserId });
    for (const id of [winnerId, loserId]) {
      const b = items.get(id) as Standing;
      await tx
        .update(hackathonPairwiseItems)
        .set({ mu: b.mu, sigmaSq: b.sigmaSq })
        .where(
          and(
            eq(hackathonPairwiseItems.hackathonId, seat.hackathon.id),
            eq(hackathonPairwiseItems.round, round),
            eq(hackathonPairwiseItems.submissionId, id),
          ),
        );
    }
    const j = judges.get(seat.judgeId) as JudgeBelief;
    await tx
      .update(hackathonPairwiseSessions)
      .set({ alpha: j.alpha, beta: j.beta })
      .where(
        and(
          eq(hackathonPairwiseSessions.hackathonId, seat.hackathon.id),
          eq(hackathonPairwiseSessions.round, round),
          eq(hackathonPairwiseSessions.judgeId, seat.judgeId),
        ),
      );
    // `submissionId` of a vote is the project that was "current": undo puts the judge back on it.
    await tx.insert(hackathonDecisions).values({
      hackathonId: seat.hackathon.id,
      round,
      judgeId: seat.judgeId,
      kind: 'vote',
      winnerId,
      loserId,
      submissionId: pair.nextId,
    });
    await logView(tx, seat, round, pair.nextId);
    await audit(tx, {
      actorId: seat.userId,
      action: 'hackathons.pairwise_vote',
      targetType: 'hackathon',
      targetId: seat.hackathon.id,
      data: { judgeId: seat.judgeId, round, winnerId, loserId },
      ip: info.ip,
    });
    return advance(tx, seat, round, { ...s, alpha: j.alpha, beta: j.beta }, pair.nextId, now, random);
  });
}

/**
 * Passes on the current project: `skip` (the judge will not see it again) or `absent` (the team
 * was not there; at ABSENT_LIMIT marks the project is hidden from judging). Writes a decision,
 * the session (and hackathon_submissions for absent); audit `hackathons.pairwise_pass`.
 */
export async function pass(
  db: Db,
  seat: PanelSeat,
  round: number,
  nextId: string,
  kind: 'skip' | 'absent',
  info: RequestInfo,
  now = new Date(),
  random = Math.random,
) {
  judgingOpen(seat);
  return transaction(db, async (tx) => {
    const s = await lockedSession(tx, seat, round);
    if (s.nextId !== nextId) throw problem('CONFLICT', 'hackathons.pairwise.stale');
    await tx
      .insert(hackathonDecisions)
      .values({ hackathonId: seat.hackathon.id, round, judgeId: seat.judgeId, kind, submissionId: nextId });
    if (kind === 'absent')
      await tx
        .update(hackathonSubmissions)
        .set({
          absentCount: sql`${hackathonSubmissions.absentCount} + 1`,
          hidden: sql`${hackathonSubmissions.absentCount} + 1 >= ${CROWD_BT.ABSENT_LIMIT}`,
        })
        .where(eq(hackathonSubmissions.id, nextId));
    await audit(tx, {
      actorId: seat.userId,
      action: 'hackathons.pairwise_pass',
      targetType: 'hackathon_submission',
      targetId: nextId,
      data: { judgeId: seat.judgeId, round, kind },
      ip: info.ip,
    });
    return advance(tx, seat, round, s, s.prevId, now, random);
  });
}

/**
 * Undoes the judge's last vote while they have not voted since: the vote (and the view it logged)
 * are marked undone, the judge is put back on that pair, and the round's beliefs are recomputed
 * from the log. Writes hackathon_decisions, items, sessions; audit `hackathons.pairwise_undo`.
 */
export async function undoLastVote(
  db: Db,
  seat: PanelSeat,
  round: number,
  info: RequestInfo,
  now = new Date(),
) {
  judgingOpen(seat);
  return transaction(db, async (tx) => {
    const s = await lockedSession(tx, seat, round);
    const [last] = await tx
      .select()
      .from(hackathonDecisions)
      .where(
        and(
          eq(hackathonDecisions.hackathonId, seat.hackathon.id),
          eq(hackathonDecisions.round, round),
          eq(hackathonDecisions.judgeId, seat.judgeId),
          eq(hackathonDecisions.kind, 'vote'),
          isNull(hackathonDecisions.undoneAt),
        ),
      )
      .orderBy(desc(hackathonDecisions.id))
      .limit(1);
    if (!last || s.prevId !== last.submissionId)
      throw problem('CONFLICT', 'hackathons.pairwise.nothingToUndo');
    const current = last.submissionId as string;
    const earlier = last.winnerId === current ? (last.loserId as string) : (last.winnerId as string);
    const [view] = await tx
      .select({ id: hackathonDecisions.id })
      .from(hackathonDecisions)
      .where(
        and(
          eq(hackathonDecisions.hackathonId, seat.hackathon.id),
          eq(hackathonDecisions.round, round),
          eq(hackathonDecisions.judgeId, seat.judgeId),
          eq(hackathonDecisions.kind, 'view'),
          eq(hackathonDecisions.submissionId, current),
          isNull(hackathonDecisions.undoneAt),
          gt(hackathonDecisions.id, last.id),
        ),
      )
      .orderBy(asc(hackathonDecisions.id))
      .limit(1);
    await tx
      .update(hackathonDecisions)
      .set({ undoneAt: now })
      .where(inArray(hackathonDecisions.id, [last.id, ...(view ? [view.id] : [])]));
    await tx
      .update(hackathonPairwiseSessions)
      .set({ prevId: earlier, nextId: current, nextShownAt: now })
      .where(
        and(
          eq(hackathonPairwiseSessions.hackathonId, seat.hackathon.id),
          eq(hackathonPairwiseSessions.round, round),
          eq(hackathonPairwiseSessions.judgeId, seat.judgeId),
        ),
      );
    await recomputeRound(tx, seat.hackathon.id, round);
    await audit(tx, {
      actorId: seat.userId,
      action: 'hackathons.pairwise_undo',
      targetType: 'hackathon',
      targetId: seat.hackathon.id,
      data: { judgeId: seat.judgeId, round, decisionId: last.id },
      ip: info.ip,
    });
  });
}

/** The round's active decisions in log order. */
export async function activeDecisions(db: Db, hackathonId: string, round: number) {
  return db
    .select()
    .from(hackathonDecisions)
    .where(
      and(
        eq(hackathonDecisions.hackathonId, hackathonId),
        eq(hackathonDecisions.round, round),
        isNull(hackathonDecisions.undoneAt),
      ),
    )
    .orderBy(asc(hackathonDecisions.id));
}

/** Replays the round's log from the priors (pure, from the rows). */
export function replayRound(decisions: Awaited<ReturnType<typeof activeDecisions>>, itemIds: string[]) {
  const items = new Map<string, Standing>(
    itemIds.map((id) => [id, { mu: CROWD_BT.MU_PRIOR, sigmaSq: CROWD_BT.SIGMA_SQ_PRIOR }]),
  );
  const judges = new Map<string, JudgeBelief>();
  const views = new Map<string, number>(itemIds.map((id) => [id, 0]));
  for (const d of decisions) {
    if (d.kind === 'vote')
      applyDecision(items, judges, {
        judgeId: d.judgeId,
        winnerId: d.winnerId as string,
        loserId: d.loserId as string,
      });
    else if (d.kind === 'view')
      views.set(d.submissionId as string, (views.get(d.submissionId as string) ?? 0) + 1);
  }
  return { items, judges, views };
}

/** Rebuilds every belief of the round from the decision log and stores it. Writes items and sessions. */
export async function recomputeRound(db: Db, hackathonId: string, round: number) {
  const itemRows = await db
    .select({ id: hackathonPairwiseItems.submissionId })
    .from(hackathonPairwiseItems)
    .where(and(eq(hackathonPairwiseItems.hackathonId, hackathonId), eq(hackathonPairwiseItems.round, round)));
  const state = replayRound(
    await activeDecisions(db, hackathonId, round),
    itemRows.map((r) => r.id),
  );
  for (const [id, b] of state.items)
    await db
      .update(hackathonPairwiseItems)
      .set({ mu: b.mu, sigmaSq: b.sigmaSq, views: state.views.get(id) ?? 0 })
      .where(
        and(
          eq(hackathonPairwiseItems.hackathonId, hackathonId),
          eq(hackathonPairwiseItems.round, round),
          eq(hackathonPairwiseItems.submissionId, id),
        ),
      );
  const sessions = await db
    .select({ judgeId: hackathonPairwiseSessions.judgeId })
    .from(hackathonPairwiseSessions)
    .where(
      and(eq(hackathonPairwiseSessions.hackathonId, hackathonId), eq(hackathonPairwiseSessions.round, round)),
    );
  for (const { judgeId } of sessions) {
    const j = state.judges.get(judgeId) ?? { alpha: CROWD_BT.ALPHA_PRIOR, beta: CROWD_BT.BETA_PRIOR };
    await db
      .update(hackathonPairwiseSessions)
      .set({ alpha: j.alpha, beta: j.beta })
      .where(
        and(
          eq(hackathonPairwiseSessions.hackathonId, hackathonId),
          eq(hackathonPairwiseSessions.round, round),
          eq(hackathonPairwiseSessions.judgeId, judgeId),
        ),
      );
  }
  return state;
}

export type RankedItem = {
  submissionId: string;
  title: string;
  mu: number;
  sigmaSq: number;
  views: number;
  copeland: number;
  hidden: boolean;
};

/** The live CrowdBT ranking of a round (optionally one track's entrants), with Copeland alongside. */
export async function pairwiseRanking(
  db: Db,
  hackathonId: string,
  round: number,
  trackId?: string,
): Promise<RankedItem[]> {
  const rows = await db
    .select({
      item: hackathonPairwiseItems,
      title: hackathonSubmissions.title,
      trackIds: hackathonSubmissions.trackIds,
      hidden: hackathonSubmissions.hidden,
    })
    .from(hackathonPairwiseItems)
    .innerJoin(hackathonSubmissions, eq(hackathonSubmissions.id, hackathonPairwiseItems.submissionId))
    .where(and(eq(hackathonPairwiseItems.hackathonId, hackathonId), eq(hackathonPairwiseItems.round, round)));
  const chosen = rows.filter((r) => !trackId || r.trackIds.includes(trackId));
  const ids = chosen.map((r) => r.item.submissionId);
  const votes = (await activeDecisions(db, hackathonId, round))
    .filter(
      (d) => d.kind === 'vote' && ids.includes(d.winnerId as string) && ids.includes(d.loserId as string),
    )
    .map((d) => ({ judgeId: d.judgeId, winnerId: d.winnerId as string, loserId: d.loserId as string }));
  const cope = copeland(votes, ids);
  return chosen
    .map((r) => ({
      submissionId: r.item.submissionId,
      title: r.title,
      mu: r.item.mu,
      sigmaSq: r.item.sigmaSq,
      views: r.item.views,
      copeland: cope.get(r.item.submissionId) ?? 0,
      hidden: r.hidden,
    }))
    .sort((a, b) => b.mu - a.mu || a.submissionId.localeCompare(b.submissionId));
}
