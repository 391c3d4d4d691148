/**
 * A synchronised start (issue 15, ADR 0038): many candidates start the same fresh exam at once,
 * each clicking twice, on PGlite and on PostgreSQL. Every start must succeed, with exactly one
 * attempt per candidate and a complete draw whose versions are locked. Not timed.
 */
import { sql } from 'drizzle-orm';
import { Hono } from 'hono';
import { describe, expect, it } from 'vitest';
import { queryRows } from '../../db/client.ts';
import type { AppEnv } from '../../platform/context.ts';
import { newCsrfToken } from '../../platform/csrf.ts';
import { translator } from '../../platform/i18n.ts';
import { digest } from '../../platform/tokens.ts';
import { TEST_PUBLIC_URL, useTestApp } from '../../testing/harness.ts';
import { sessions, users } from '../identity/schema.ts';
import { parseBlueprint } from './blueprint.ts';
import { EntryQueue, EntryQueueFull } from './entry-queue.ts';
import { createFixtureBank, FIXTURE_BLUEPRINT, fixtureQuestions } from './fixtures.ts';
import { examEntryQueue } from './routes.tsx';
import { createExam, startAttempt } from './service.ts';
import { DEFAULT_REVIEW } from './types.ts';

const t = useTestApp();

/** A published exam over a fresh bank: no version is locked until the first start. */
async function freshExam() {
  await createFixtureBank(t.db, null);
  const bp = parseBlueprint(FIXTURE_BLUEPRINT);
  if (!bp.ok) throw new Error('fixture blueprint');
  return createExam(
    t.db,
    {
      title: '同时开考',
      description: '',
      status: 'published',
      blueprint: bp.blueprint,
      timeLimitMinutes: 60,
      opensAt: null,
      closesAt: null,
      attemptsAllowed: 1,
      gradingMethod: 'highest',
      passPercent: 60,
      shuffleQuestions: true,
      shuffleOptions: true,
      review: DEFAULT_REVIEW,
      requiredCourseId: null,
      requiredLabs: 0,
      achievementId: null,
      staggerMinutes: 0,
    },
    { actorId: null, ip: null, orgId: null },
  );
}

/** `n` candidates with sessions, written in bulk (signing up thousands would test nothing here). */
async function candidates(n: number) {
  const rows = await t.db
    .insert(users)
    .values(
      Array.from({ length: n }, (_, i) => ({
        email: `cand${i}@start.test`,
        passwordHash: 'x',
        displayName: `考生${i}`,
        emailVerifiedAt: new Date(),
      })),
    )
    .returning({ id: users.id, email: users.email });
  await t.db.insert(sessions).values(
    rows.map((u) => ({
      idHash: digest(`start-${u.email}`),
      userId: u.id,
      expiresAt: new Date(Date.now() + 86400_000),
    })),
  );
  return rows.map((u) => {
    const token = `start-${u.email}`;
    const csrf = newCsrfToken(t.deps.config.GONGJIN_SECRET, token);
    return { id: u.id, cookie: `gj_session=${token}; gj_csrf=${csrf}`, csrf };
  });
}

/** What every attempt of the exam holds: its slots, their questions and versions' locks. */
async function attemptsOfExam(examId: string) {
  return queryRows<{
    user_id: string;
    attempts: number;
    slots: number;
    questions: number;
    unlocked: number;
    numbers: string;
    max_score: number;
    starts: number;
    jobs: number;
    audits: number;
  }>(
    t.db,
    sql`select a.user_id, count(distinct a.id)::int as attempts,
               (select count(*)::int from exam_attempt_slots s where s.attempt_id = min(a.id::text)::uuid) as slots,
               (select count(distinct s.question_id)::int from exam_attempt_slots s where s.attempt_id = min(a.id::text)::uuid) as questions,
               (select count(*)::int from exam_attempt_slots s join question_versions v on v.id = s.version_id
                 where s.attempt_id = min(a.id::text)::uuid and v.locked_at is null) as unlocked,
               (select string_agg(s.slot::text, ',' order by s.slot) from exam_attempt_slots s where s.attempt_id = min(a.id::text)::uuid) as numbers,
               max(a.max_score)::real as max_score,
               (select count(*)::int from exam_attempt_events e where e.attempt_id = min(a.id::text)::uuid and e.kind = 'start') as starts,
               (select count(*)::int from jobs j where j.kind = 'exam.deadline' and j.payload->>'attemptId' = min(a.id::text)) as jobs,
               (select count(*)::int from audit_log l where l.action = 'exams.attempt_started' and l.target_id = min(a.id::text)) as audits
          from exam_attempts a where a.exam_id = ${examId} group by a.user_id`,
  );
}

const FIXTURE_MAX = fixtureQuestions().reduce((s, q) => s + q.defaultMark, 0);
const complete = {
  attempts: 1,
  slots: 5,
  questions: 5,
  unlocked: 0,
  numbers: '1,2,3,4,5',
  max_score: FIXTURE_MAX,
  starts: 1,
  jobs: 1,
  audits: 1,
};

describe('a synchronised start', () => {
  it('gives each of many candidates, each clicking twice at once, one attempt with a complete, locked draw', {
    timeout: 300_000,
  }, async () => {
    const exam = await freshExam();
    const people = await candidates(40);
    const results = await Promise.allSettled(
      people.flatMap((p) => [0, 1].map(() => startAttempt(t.db, exam.id, p.id, { ip: null }))),
    );
    const failures = results.filter((r) => r.status === 'rejected').map((r) => String(r.reason));
    expect(failures).toEqual([]);
    const ids = results.map((r) => (r.status === 'fulfilled' ? r.value.id : ''));
    // Both clicks of a candidate answer the same attempt.
    for (let i = 0; i < people.length; i++) expect(ids[2 * i + 1]).toBe(ids[2 * i]);
    expect(new Set(ids).size).toBe(people.length);
    const rows = await attemptsOfExam(exam.id);
    expect(rows.map((r) => r.user_id).sort()).toEqual(people.map((p) => p.id).sort());
    for (const r of rows) expect({ ...r, user_id: undefined }).toEqual({ ...complete, user_id: undefined });
  });

  it('over HTTP: every start is redirected to its attempt and every attempt page opens', {
    timeout: 300_000,
  }, async () => {
    const exam = await freshExam();
    const people = await candidates(30);
    const start = (p: (typeof people)[number]) =>
      t.app.request(`${TEST_PUBLIC_URL}/exams/${exam.id}/start`, {
        method: 'POST',
        headers: { cookie: p.cookie, 'content-type': 'application/x-www-form-urlencoded' },
        body: new URLSearchParams({ _csrf: p.csrf }),
      });
    const answers = await Promise.all(people.flatMap((p) => [start(p), start(p)]));
    expect(answers.map((r) => r.status)).toEqual(answers.map(() => 303));
    const locations = answers.map((r) => r.headers.get('location') ?? '');
    for (let i = 0; i < people.length; i++) {
      expect(locations[2 * i]).toMatch(/^\/exams\/attempts\/[0-9a-f-]{36}$/);
      expect(locations[2 * i + 1]).toBe(locations[2 * i]);
    }
    const pages = await Promise.all(
      people.map((p, i) =>
        t.app.request(`${TEST_PUBLIC_URL}${locations[2 * i]}`, { headers: { cookie: p.cookie } }),
      ),
    );
    expect(pages.map((r) => r.status)).toEqual(pages.map(() => 200));
    const rows = await attemptsOfExam(exam.id);
    expect(rows.length).toBe(people.length);
    for (const r of rows) expect({ ...r, user_id: undefined }).toEqual({ ...complete, user_id: undefined });
  });
});

describe('the entry queue', () => {
  it('admits in arrival order (an attempt page before the starts), as many at a time as allowed, and refuses at once what would wait past its budget', async () => {
    // One at a time, a budget of three service times (10 s each, a guess until one is measured):
    // three may wait, a fourth may not — and is told to come back once the three ahead are through.
    const queue = new EntryQueue(1, 30_000, 10_000);
    const order: string[] = [];
    let open!: () => void;
    const gate = new Promise<void>((r) => {
      open = r;
    });
    const first = queue.run(async () => {
      order.push('first');
      await gate;
    });
    const second = queue.run(async () => order.push('second'));
    const third = queue.run(async () => order.push('third'));
    const page = queue.run(async () => order.push('page'), true);
    expect(queue.queued).toBe(3);
    const refused = await queue.run(async () => 'ran').catch((e: unknown) => e);
    expect(refused).toBeInstanceOf(EntryQueueFull);
    expect((refused as EntryQueueFull).retryAfterSeconds).toBe(40);
    open();
    await Promise.all([first, second, third, page]);
    expect(order).toEqual(['first', 'page', 'second', 'third']);
    expect(queue.queued).toBe(0);
  });
});

describe('a start the entry queue cannot take in its budget', () => {
  it("is answered 503 with Retry-After on a page in the candidate's language, without reaching the route", async () => {
    // The real middleware in front of a start route that holds its place until released.
    const app = new Hono<AppEnv>();
    app.use(async (c, next) => {
      c.set('deps', t.deps);
      c.set('actor', null);
      c.set('locale', 'zh-CN');
      c.set('t', translator('zh-CN'));
      c.set('csrfToken', '');
      await next();
    });
    app.use(examEntryQueue({ concurrency: 1, budgetMs: 20_000, guessMs: 10_000 }));
    let release!: () => void;
    const held = new Promise<void>((r) => {
      release = r;
    });
    let reached = 0;
    app.post('/exams/:id/start', async (c) => {
      reached += 1;
      await held;
      return c.text('started');
    });
    const post = (lang: string) =>
      app.request('/exams/e1/start', { method: 'POST', headers: { 'accept-language': lang } });
    const admitted = [post('zh-CN'), post('zh-CN'), post('zh-CN')];
    const zh = await post('zh-CN,zh;q=0.9');
    const en = await post('en-US,en;q=0.9');
    expect(zh.status).toBe(503);
    expect(zh.headers.get('retry-after')).toBe('30');
    expect(await zh.text()).toContain(translator('zh-CN')('exams.start.busy', { seconds: 30 }));
    expect(en.status).toBe(503);
    expect(await en.text()).toContain(translator('en')('exams.start.busy', { seconds: 30 }));
    expect(reached).toBe(1);
    release();
    const done = await Promise.all(admitted);
    expect(await Promise.all(done.map((r) => r.text()))).toEqual(['started', 'started', 'started']);
    expect(reached).toBe(3);
  });
});
