/**
 * Match rounds: an organiser opens a round over some postings with a capacity each; students rank
 * the postings they applied to, companies rank their applicants; running the round computes the
 * student-optimal stable matching (`match.ts`) and stores each student's outcome with its reasons.
 * Equal ranks a company gave are ordered by `strictOrder` (a hash of round and student).
 */
import { and, asc, eq, inArray } from 'drizzle-orm';
import { type Db, transaction } from '../../db/client.ts';
import { audit } from '../../platform/audit.ts';
import { fail } from './fail.ts';
import { stableMatch, strictOrder } from './match.ts';
import type { Info } from './postings.ts';
import { matchRanks, matchResults, matchRoundPostings, matchRounds } from './schema.ts';

export type Round = typeof matchRounds.$inferSelect;

/** Opens a round. Writes internship_match_rounds and its postings, audit `internships.round_created`. */
export async function createRound(
  db: Db,
  input: { title: string; postings: { postingId: string; capacity: number }[] },
  info: Info,
): Promise<Round> {
  if (input.postings.some((p) => !Number.isInteger(p.capacity) || p.capacity < 0 || p.capacity > 10_000))
    throw fail('INVALID_INPUT', 'internships.error.slots');
  return transaction(db, async (tx) => {
    const [round] = await tx
      .insert(matchRounds)
      .values({ title: input.title, createdBy: info.actorId })
      .returning();
    if (input.postings.length)
      await tx.insert(matchRoundPostings).values(input.postings.map((p) => ({ roundId: round.id, ...p })));
    await audit(tx, {
      actorId: info.actorId,
      action: 'internships.round_created',
      targetType: 'internship_match_round',
      targetId: round.id,
      data: { postings: input.postings.length },
      ip: info.ip,
    });
    return round;
  });
}

async function openRound(tx: Db, roundId: string): Promise<Round> {
  const [round] = await tx.select().from(matchRounds).where(eq(matchRounds.id, roundId)).for('update');
  if (!round) throw fail('NOT_FOUND', 'internships.postings.notFound');
  if (round.status !== 'ranking') throw fail('CONFLICT', 'internships.round.closed');
  return round;
}

function checkRanks(ranks: readonly { id: string; rank: number }[], allowDuplicates: boolean) {
  const bad = ranks.some((r) => !Number.isInteger(r.rank) || r.rank < 1 || r.rank > 100);
  const dup = !allowDuplicates && new Set(ranks.map((r) => r.rank)).size !== ranks.length;
  const twice = new Set(ranks.map((r) => r.id)).size !== ranks.length;
  if (bad || dup || twice) throw fail('INVALID_INPUT', 'internships.round.badRank');
}

/**
 * Replaces one side's ranking in a round that is still ranking. A student ranks postings (strict:
 * no two at one rank); a company ranks a posting's applicants and may give equal ranks. Every
 * posting must be in the round. Writes internship_match_ranks, audit `internships.ranked`.
 */
export async function saveRanking(
  db: Db,
  roundId: string,
  who: { side: 'student'; studentId: string } | { side: 'company'; postingId: string },
  ranks: { id: string; rank: number }[],
  info: Info,
) {
  checkRanks(ranks, who.side === 'company');
  await transaction(db, async (tx) => {
    await openRound(tx, roundId);
    const inRound = new Set(
      (
        await tx
          .select({ id: matchRoundPostings.postingId })
          .from(matchRoundPostings)
          .where(eq(matchRoundPostings.roundId, roundId))
      ).map((r) => r.id),
    );
    const postings = who.side === 'student' ? ranks.map((r) => r.id) : [who.postingId];
    if (postings.some((p) => !inRound.has(p))) throw fail('INVALID_INPUT', 'internships.round.notInRound');
    const mine =
      who.side === 'student'
        ? and(
            eq(matchRanks.roundId, roundId),
            eq(matchRanks.side, 'student'),
            eq(matchRanks.studentId, who.studentId),
          )
        : and(
            eq(matchRanks.roundId, roundId),
            eq(matchRanks.side, 'company'),
            eq(matchRanks.postingId, who.postingId),
          );
    await tx.delete(matchRanks).where(mine);
    if (ranks.length) {
      await tx.insert(matchRanks).values(
        ranks.map((r) =>
          who.side === 'student'
            ? { roundId, side: 'student' as const, studentId: who.studentId, postingId: r.id, rank: r.rank }
            : {
                roundId,
                side: 'company' as const,
                studentId: r.id,
                postingId: who.postingId,
                rank: r.rank,
              },
        ),
      );
    }
    await audit(tx, {
      actorId: info.actorId,
      action: 'internships.ranked',
      targetType: 'internship_match_round',
      targetId: roundId,
      data: { side: who.side, count: ranks.length },
      ip: info.ip,
    });
  });
}

/**
 * Runs the round: loads every ranking, matches, stores each ranked student's outcome and closes
 * the round (rankings can no longer change). Writes internship_match_results, the round's status,
 * audit `internships.round_matched`. Run twice, it refuses (the round is closed).
 */
export async function runRound(db: Db, roundId: string, info: Info) {
  return transaction(db, async (tx) => {
    await openRound(tx, roundId);
    const seats = await tx.select().from(matchRoundPostings).where(eq(matchRoundPostings.roundId, roundId));
    const ranks = await tx
      .select()
      .from(matchRanks)
      .where(eq(matchRanks.roundId, roundId))
      .orderBy(asc(matchRanks.rank), asc(matchRanks.studentId), asc(matchRanks.postingId));
    const students: Record<string, string[]> = {};
    const companyEntries = new Map<string, { id: string; rank: number }[]>();
    for (const r of ranks) {
      if (r.side === 'student') {
        const list = students[r.studentId] ?? [];
        list.push(r.postingId);
        students[r.studentId] = list;
      } else {
        const list = companyEntries.get(r.postingId) ?? [];
        list.push({ id: r.studentId, rank: r.rank });
        companyEntries.set(r.postingId, list);
      }
    }
    const postings: Record<string, string[]> = {};
    const capacity: Record<string, number> = {};
    for (const s of seats) {
      postings[s.postingId] = strictOrder(roundId, companyEntries.get(s.postingId) ?? []);
      capacity[s.postingId] = s.capacity;
    }
    const result = stableMatch({ students, postings, capacity });
    const outcomes = Object.values(result.outcomes);
    // Inserted in slices: one statement per 1,000 students keeps a big round under parameter limits.
    for (let i = 0; i < outcomes.length; i += 1000) {
      await tx.insert(matchResults).values(
        outcomes.slice(i, i + 1000).map((o) => ({
          roundId,
          studentId: o.student,
          postingId: o.posting,
          choice: o.choice,
          misses: o.misses,
        })),
      );
    }
    await tx
      .update(matchRounds)
      .set({ status: 'matched', matchedAt: new Date() })
      .where(eq(matchRounds.id, roundId));
    await audit(tx, {
      actorId: info.actorId,
      action: 'internships.round_matched',
      targetType: 'internship_match_round',
      targetId: roundId,
      data: { students: outcomes.length, matched: outcomes.filter((o) => o.posting).length },
      ip: info.ip,
    });
    return result;
  });
}

/** A student's outcome in a matched round, or undefined. */
export async function roundOutcome(db: Db, roundId: string, studentId: string) {
  const [row] = await db
    .select()
    .from(matchResults)
    .where(and(eq(matchResults.roundId, roundId), eq(matchResults.studentId, studentId)));
  return row;
}

/** Every matched student of some postings in a round (for the companies' view). */
export async function roundMatches(db: Db, roundId: string, postingIds: string[]) {
  if (postingIds.length === 0) return [];
  return db
    .select()
    .from(matchResults)
    .where(and(eq(matchResults.roundId, roundId), inArray(matchResults.postingId, postingIds)));
}
