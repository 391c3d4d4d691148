import { eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { makeOrg, makeUser, useTestApp } from '../../testing/harness.ts';
import { strictOrder } from './match.ts';
import { createPosting, type PostingInput } from './postings.ts';
import { createRound, roundOutcome, runRound, saveRanking } from './rounds.ts';
import { matchRanks, matchResults } from './schema.ts';

const t = useTestApp();
const info = { actorId: null, ip: null };

async function posting(title: string) {
  const admin = await makeUser(t.db);
  const org = await makeOrg(t.db, admin.id);
  const input: PostingInput = {
    orgId: org.id,
    title,
    description: '',
    skills: [],
    city: '上海',
    remote: false,
    durationWeeks: 8,
    stipendMin: 0,
    stipendMax: 0,
    slots: 1,
    mentorId: admin.id,
    terms: [],
  };
  return createPosting(t.db, input, info);
}

describe('match rounds', () => {
  it('stores each student’s stable outcome with the reason for every better choice missed', async () => {
    const x = await posting('存储引擎');
    const y = await posting('查询优化');
    const a = await makeUser(t.db, { roles: ['student'] });
    const b = await makeUser(t.db, { roles: ['student'] });
    const c = await makeUser(t.db, { roles: ['student'] });
    const round = await createRound(
      t.db,
      {
        title: '2027 暑期匹配',
        postings: [
          { postingId: x.id, capacity: 1 },
          { postingId: y.id, capacity: 1 },
        ],
      },
      info,
    );
    await saveRanking(
      t.db,
      round.id,
      { side: 'student', studentId: a.id },
      [
        { id: x.id, rank: 1 },
        { id: y.id, rank: 2 },
      ],
      info,
    );
    await saveRanking(t.db, round.id, { side: 'student', studentId: b.id }, [{ id: x.id, rank: 1 }], info);
    await saveRanking(t.db, round.id, { side: 'student', studentId: c.id }, [{ id: y.id, rank: 1 }], info);
    await saveRanking(
      t.db,
      round.id,
      { side: 'company', postingId: x.id },
      [
        { id: b.id, rank: 1 },
        { id: a.id, rank: 2 },
      ],
      info,
    );
    // The company left c out of its list: c is unranked there.
    await saveRanking(t.db, round.id, { side: 'company', postingId: y.id }, [{ id: a.id, rank: 1 }], info);
    await runRound(t.db, round.id, info);
    expect(await roundOutcome(t.db, round.id, a.id)).toMatchObject({
      postingId: y.id,
      choice: 2,
      misses: [{ posting: x.id, reason: 'capacity' }],
    });
    expect(await roundOutcome(t.db, round.id, b.id)).toMatchObject({
      postingId: x.id,
      choice: 1,
      misses: [],
    });
    expect(await roundOutcome(t.db, round.id, c.id)).toMatchObject({
      postingId: null,
      choice: null,
      misses: [{ posting: y.id, reason: 'unranked' }],
    });
    await expect(runRound(t.db, round.id, info)).rejects.toMatchObject({
      code: 'CONFLICT',
      messageKey: 'internships.round.closed',
    });
    await expect(
      saveRanking(t.db, round.id, { side: 'student', studentId: c.id }, [{ id: x.id, rank: 1 }], info),
    ).rejects.toMatchObject({ messageKey: 'internships.round.closed' });
    expect(await t.db.select().from(matchResults).where(eq(matchResults.roundId, round.id))).toHaveLength(3);
  });

  it('orders a company’s equal ranks by the round’s tie-break key, whoever signed up first', async () => {
    const x = await posting('存储引擎');
    const students = await Promise.all([1, 2, 3, 4].map(() => makeUser(t.db, { roles: ['student'] })));
    const round = await createRound(t.db, { title: 'r', postings: [{ postingId: x.id, capacity: 1 }] }, info);
    for (const s of students)
      await saveRanking(t.db, round.id, { side: 'student', studentId: s.id }, [{ id: x.id, rank: 1 }], info);
    const tied = students.map((s) => ({ id: s.id, rank: 1 }));
    await saveRanking(t.db, round.id, { side: 'company', postingId: x.id }, tied, info);
    const result = await runRound(t.db, round.id, info);
    expect(result.assignments[x.id]).toEqual([strictOrder(round.id, tied)[0]]);
  });

  it('refuses a student ranking with repeated ranks or a posting outside the round, writing nothing', async () => {
    const x = await posting('存储引擎');
    const y = await posting('查询优化');
    const a = await makeUser(t.db, { roles: ['student'] });
    const round = await createRound(t.db, { title: 'r', postings: [{ postingId: x.id, capacity: 0 }] }, info);
    await expect(
      saveRanking(
        t.db,
        round.id,
        { side: 'student', studentId: a.id },
        [
          { id: x.id, rank: 1 },
          { id: y.id, rank: 1 },
        ],
        info,
      ),
    ).rejects.toMatchObject({ messageKey: 'internships.round.badRank' });
    await expect(
      saveRanking(t.db, round.id, { side: 'student', studentId: a.id }, [{ id: y.id, rank: 1 }], info),
    ).rejects.toMatchObject({ messageKey: 'internships.round.notInRound' });
    expect(await t.db.select().from(matchRanks)).toEqual([]);
    // Capacity 0: ranked by both sides, still unmatched, and the reason says why.
    await saveRanking(t.db, round.id, { side: 'student', studentId: a.id }, [{ id: x.id, rank: 1 }], info);
    await saveRanking(t.db, round.id, { side: 'company', postingId: x.id }, [{ id: a.id, rank: 1 }], info);
    await runRound(t.db, round.id, info);
    expect(await roundOutcome(t.db, round.id, a.id)).toMatchObject({
      postingId: null,
      misses: [{ posting: x.id, reason: 'no_capacity' }],
    });
  });
});
