/**
 * Task `learn` (ADR 0021) on a phone: a candidate answers a missing-word question in the select
 * that sits inside the sentence, the autosave acknowledges it and a reload restores it; a proctor's
 * live view shows the candidate's answered count and updates itself (htmx polling) when the
 * candidate answers another question, without a reload and without any answer key.
 */

import { randomBytes } from 'node:crypto';
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { sql } from 'drizzle-orm';
import { type Browser, chromium, type Page } from 'playwright-core';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { fixtureQuestions, SECRETS } from '../../src/modules/exams/fixtures.ts';
import { type ExamDatabase, prepareExamDatabase } from './exam-fixture.ts';
import { describeInBrowser, PHONE, SHOTS } from './phone.ts';
import { CHROMIUM, CHROMIUM_ARGS, type ServerProcess, startServer } from './process.ts';

const SECRET = randomBytes(32).toString('hex');

describeInBrowser('a missing-word exam question and the live proctoring view', () => {
  let browser: Browser;
  let server: ServerProcess;
  let prepared: ExamDatabase;

  beforeAll(async () => {
    mkdirSync(SHOTS, { recursive: true });
    const questions = fixtureQuestions().map((q) =>
      q.idNumber === 'fx-choice' ? { ...q, text: 'PostgreSQL 默认监听 {{blank}} 端口。' } : q,
    );
    prepared = await prepareExamDatabase('pglite', 1, undefined, questions);
    // A proctor: a teacher with a session, written like the fixture's candidates.
    const database = await prepared.open();
    await database.db.execute(sql`
      insert into users (email, password_hash, display_name, email_verified_at)
      values ('proctor@bench.test', 'x', '监考老师', now())`);
    await database.db.execute(sql`
      insert into user_roles (user_id, role) select id, 'teacher' from users where email = 'proctor@bench.test'`);
    await database.db.execute(sql`
      insert into sessions (id_hash, user_id, expires_at)
      select encode(sha256(convert_to('bench-token-proctor@bench.test', 'UTF8')), 'hex'), id, now() + interval '1 day'
        from users where email = 'proctor@bench.test'`);
    // Exams and banks belong to an organisation (ADR 0024): the proctor's school owns this one.
    await database.db.execute(sql`
      insert into organizations (slug, name_zh, type) values ('proctor-school', '监考学校', 'school')`);
    await database.db.execute(sql`
      insert into memberships (org_id, user_id, role)
      select o.id, u.id, 'member' from organizations o, users u
       where o.slug = 'proctor-school' and u.email = 'proctor@bench.test'`);
    for (const table of ['exams', 'questions', 'question_categories'])
      await database.db.execute(
        sql`update ${sql.identifier(table)} set org_id = (select id from organizations where slug = 'proctor-school')`,
      );
    await database.close();
    server = await startServer({ env: { ...prepared.env, GONGJIN_SECRET: SECRET } });
    browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS });
  });

  afterAll(async () => {
    await browser?.close();
    await server?.stop();
    await prepared?.cleanup();
  });

  async function phone(email: string): Promise<Page> {
    const context = await browser.newContext(PHONE);
    const url = new URL(server.url);
    await context.addCookies([
      { name: 'gj_session', value: `bench-token-${email}`, domain: url.hostname, path: '/' },
    ]);
    return context.newPage();
  }

  it('saves and restores the gap select, and the live view follows the candidate by itself', async () => {
    const page = await phone('cand1@bench.test');
    await page.goto(`${server.url}/exams/${prepared.examId}`);
    await page.locator('main form button[type="submit"]').tap();
    await page.waitForURL(/\/exams\/attempts\/[0-9a-f-]{36}$/);

    const gap = page.locator('fieldset[data-type="single_choice"] [data-gap="inline"] select');
    expect(
      await page.locator('fieldset[data-type="single_choice"] [data-gap="inline"]').textContent(),
    ).toContain('PostgreSQL 默认监听');
    // Option values are per-attempt tokens (ADR 0027): choose by the option's text.
    await gap.selectOption({ label: '5432' });
    await page.waitForSelector('#exam-attempt[data-save-state="msgSaved"]', { timeout: 30_000 });
    await page.screenshot({ path: path.join(SHOTS, 'exam-missing-word.png'), fullPage: true });
    await page.reload();
    expect(await gap.evaluate((s: HTMLSelectElement) => s.selectedOptions[0]?.textContent)).toBe('5432');
    expect(await gap.inputValue()).not.toBe('a');

    const proctor = await phone('proctor@bench.test');
    await proctor.goto(`${server.url}/exams/${prepared.examId}/live`);
    const answered = proctor.locator('[data-testid="live-active"] [data-testid="answered"]');
    expect(await answered.textContent()).toBe('1 / 5');
    expect(await proctor.locator('[data-testid="live-active"]').textContent()).toContain('考生1');

    // The candidate answers another question; the board updates without a reload.
    await page.locator('fieldset[data-type="true_false"] input[value="true"]').check();
    await page.waitForSelector('#exam-attempt[data-save-state="msgSaved"]', { timeout: 30_000 });
    await expect.poll(() => answered.textContent(), { timeout: 30_000, interval: 500 }).toBe('2 / 5');
    await proctor.screenshot({ path: path.join(SHOTS, 'exam-live-view.png'), fullPage: true });
    const html = await proctor.content();
    for (const secret of SECRETS) expect(html).not.toContain(secret);
  });
});
