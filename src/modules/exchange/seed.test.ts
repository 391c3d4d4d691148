import { describe, expect, it } from 'vitest';
import { seedDemo } from '../../seed/demo.ts';
import { TEST_PUBLIC_URL, useTestApp } from '../../testing/harness.ts';
import { organizationIdsBySlug, userIdByEmail } from '../identity/queries.ts';
import { orgParty, userParty } from './parties.ts';
import { introductionFunnel } from './queries.ts';
import { DEMO_POSTS, seed } from './seed.ts';
import { suggestionsFor } from './suggest.ts';

const t = useTestApp();

describe('exchange demo seed', () => {
  it("turns the plan's supply–demand table into posts, suggestions and introductions at every step", async () => {
    // The quick demo (its people and organisations) leaves the board empty; the story fills it.
    await seedDemo(t.db, TEST_PUBLIC_URL, t.deps.config.GONGJIN_SECRET, { story: false });
    expect((await introductionFunnel(t.db)).posts.offers).toBe(0);
    await seed({
      db: t.db,
      publicUrl: TEST_PUBLIC_URL,
      secret: t.deps.config.GONGJIN_SECRET,
      story: true,
    });
    const funnel = await introductionFunnel(t.db);
    const posts = DEMO_POSTS.flatMap((d) => d.posts);
    expect(funnel.posts).toEqual({
      offers: posts.filter((p) => p.kind === 'offer').length,
      needs: posts.filter((p) => p.kind === 'need').length,
      parties: DEMO_POSTS.length,
    });
    expect(funnel.byStatus).toEqual({ requested: 1, accepted: 3, declined: 1, expired: 0, withdrawn: 0 });
    expect(funnel.byOutcome).toEqual([0, 0, 0, 1, 1]);
    expect(funnel.unanswered).toBe(1);

    // 邓雨 wants a DBA mentor: the ops and logistics companies are suggested, with reasons.
    const deng = userParty((await userIdByEmail(t.db, 'deng.yu@stu.hdtnu.example.edu.cn'))!);
    const orgs = await organizationIdsBySlug(t.db);
    const suggested = (await suggestionsFor(t.db, deng)).map((s) => s.party);
    expect(suggested).toContain(orgParty(orgs.get('guance-ops')!));
    // The competitor exclusion keeps the two vendors apart.
    const beichen = await suggestionsFor(t.db, orgParty(orgs.get('beichen-tsdb')!));
    expect(beichen.map((s) => s.party)).not.toContain(orgParty(orgs.get('qingliu-graph')!));
    // The demo seed is seconds of work; on a shared, busy machine it can pass the 30 s default.
  }, 120_000);
});
