/**
 * An exam on a phone: a candidate starts the exam, answers the choice question and the SQL
 * question, waits for the autosave, reloads mid-exam and finds both answers, opens the attempt on
 * a second device (no local copy) and finds them too, submits, and the review shows exactly what
 * the review options allow right after submitting (responses and marks; no correct answers,
 * feedback or explanation).
 */

import { randomBytes } from 'node:crypto';
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { type Browser, chromium, type Page } from 'playwright-core';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { type ExamDatabase, prepareExamDatabase } from './exam-fixture.ts';
import { describeInBrowser, PHONE, SHOTS } from './phone.ts';
import { CHROMIUM, CHROMIUM_ARGS, type ServerProcess, startServer } from './process.ts';

const SECRET = randomBytes(32).toString('hex');
const SQL = 'select name from students order by name';

describeInBrowser('taking an exam on a phone', () => {
  let browser: Browser;
  let server: ServerProcess;
  let prepared: ExamDatabase;

  beforeAll(async () => {
    mkdirSync(SHOTS, { recursive: true });
    prepared = await prepareExamDatabase('pglite', 1);
    server = await startServer({ env: { ...prepared.env, GONGJIN_SECRET: SECRET } });
    browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS });
  });

  afterAll(async () => {
    await browser?.close();
    await server?.stop();
    await prepared?.cleanup();
  });

  /** A phone signed in as the fixture's candidate 1 (the session is seeded with the database). */
  async function phone(): Promise<Page> {
    const context = await browser.newContext(PHONE);
    const url = new URL(server.url);
    await context.addCookies([
      { name: 'gj_session', value: 'bench-token-cand1@bench.test', domain: url.hostname, path: '/' },
    ]);
    return context.newPage();
  }

  it('answers, reloads, resumes elsewhere, submits and reviews', async () => {
    const page = await phone();
    await page.goto(`${server.url}/exams/${prepared.examId}`);
    await page.locator('main form button[type="submit"]').tap();
    await page.waitForURL(/\/exams\/attempts\/[0-9a-f-]{36}$/);
    const attemptUrl = page.url();

    const choice = page.locator('fieldset[data-type="single_choice"]');
    await choice.getByText('5432', { exact: true }).tap();
    const sqlBox = page.locator('fieldset[data-type="sql"] textarea');
    await sqlBox.fill(SQL);
    // The autosave acknowledges both answers.
    await page.waitForSelector('#exam-attempt[data-save-state="msgSaved"]', { timeout: 30_000 });
    await page.screenshot({ path: path.join(SHOTS, 'exam-attempt.png'), fullPage: true });

    await page.reload();
    await expect.poll(() => page.locator('fieldset[data-type="sql"] textarea').inputValue()).toBe(SQL);
    // Option values are per-attempt tokens (ADR 0027): find the choice by its text.
    const right = (scope: Page) =>
      scope.locator('fieldset[data-type="single_choice"] label', { hasText: '5432' }).locator('input');
    expect(await right(page).isChecked()).toBe(true);
    expect(await right(page).getAttribute('value')).not.toBe('a');

    // Another device has no local copy: the answers come from the server.
    const other = await phone();
    await other.goto(attemptUrl);
    expect(await other.locator('fieldset[data-type="sql"] textarea').inputValue()).toBe(SQL);
    expect(await right(other).isChecked()).toBe(true);
    await other.context().close();

    await page.locator('[data-testid="submit-attempt"]').tap();
    await page.waitForURL(/\/review$/);
    const review = page.locator('[data-testid="review"]');
    expect(await review.getAttribute('data-review-time')).toBe('immediately');
    expect(await page.locator('[data-testid="mark"]').count()).toBeGreaterThan(0);
    expect(await page.locator('[data-testid="response"]').count()).toBeGreaterThan(0);
    expect(await page.locator('[data-testid="correct"]').count()).toBe(0);
    expect(await page.locator('[data-testid="feedback"]').count()).toBe(0);
    expect(await page.locator('[data-testid="explanation"]').count()).toBe(0);
    const html = await page.content();
    expect(html).not.toContain('SECRET_');
    await page.screenshot({ path: path.join(SHOTS, 'exam-review.png'), fullPage: true });
  });
});
