/**
 * The question bank on a phone, with the demo data: the admin finds the Chinese PostgreSQL bank,
 * filters it, writes a single-choice question (adding rows without JavaScript, fixing a validation
 * error), previews it and sees the score, then exports the category as GIFT.
 */
import { mkdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { type Browser, chromium } from 'playwright-core';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { DEMO_ADMIN } from '../../src/seed/demo.ts';
import { demoServer, describeInBrowser, PHONE, SHOTS } from './phone.ts';
import { CHROMIUM, CHROMIUM_ARGS } from './process.ts';

describeInBrowser('question bank on a phone', () => {
  let browser: Browser;
  let server: { url: string };

  beforeAll(async () => {
    mkdirSync(SHOTS, { recursive: true });
    server = demoServer();
    browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS });
  });

  afterAll(async () => {
    await browser?.close();
  });

  it('browses, writes, previews and exports questions', async () => {
    const page = await (await browser.newContext(PHONE)).newPage();
    await page.goto(`${server.url}/login`);
    await page.locator('#f-email').fill(DEMO_ADMIN.email);
    await page.locator('#f-password').fill(DEMO_ADMIN.password);
    await page.locator('form#login button[type="submit"]').tap();
    await page.waitForURL((u) => !u.pathname.startsWith('/login'));

    await page.goto(`${server.url}/questions`);
    expect(await page.locator('[data-testid="category-tree"]').textContent()).toContain('SQL 实操');
    await page.locator('[data-testid="category-tree"] a', { hasText: 'SQL 实操' }).tap();
    await page.waitForURL(/category=/);
    expect(await page.locator('[data-testid="question-list"]').textContent()).toContain('各部门平均工资');
    await page.screenshot({ path: path.join(SHOTS, 'question-bank-list.png'), fullPage: true });
    const noHorizontalScroll = await page.evaluate(
      () => document.documentElement.scrollWidth <= window.innerWidth,
    );
    expect(noHorizontalScroll).toBe(true);

    await page.goto(`${server.url}/questions/new?type=single_choice`);
    await page.locator('#f-name').fill('事务隔离');
    await page.locator('#f-text').fill('PostgreSQL 的默认事务隔离级别是？');
    await page.locator('#f-choice_0_text').fill('读已提交');
    await page.locator('#f-choice_0_weight').fill('90');
    await page.locator('#f-choice_1_text').fill('可串行化');
    await page.locator('button[name="more"]').tap();
    await page.locator('#f-choice_7_text').waitFor();
    expect(await page.locator('#f-choice_0_text').inputValue()).toBe('读已提交');
    await page.locator('#question-form button[type="submit"]:not([name])').tap();
    await page.locator('#f-choices-error').waitFor();
    expect(await page.locator('#f-choices-error').textContent()).toContain('至少需要一个得满分');
    await page.locator('#f-choice_0_weight').fill('100');
    await page.locator('#question-form button[type="submit"]:not([name])').tap();
    await page.waitForURL(/\/questions\/[0-9a-f-]{36}\?saved=1/);
    await page.screenshot({ path: path.join(SHOTS, 'question-bank-question.png'), fullPage: true });

    await page.locator('a', { hasText: '预览作答' }).tap();
    await page.locator('label', { hasText: '读已提交' }).tap();
    await page.locator('main form button[type="submit"]').tap();
    await page.locator('[data-testid="preview-result"]').waitFor();
    expect(await page.locator('[data-testid="preview-result"]').textContent()).toContain('得分：100%');

    await page.goto(`${server.url}/questions`);
    await page.locator('[data-testid="category-tree"] a', { hasText: '初级' }).tap();
    await page.waitForURL(/category=/);
    const download = page.waitForEvent('download');
    await page.locator('[data-testid="export"] a', { hasText: 'GIFT' }).tap();
    const file = await (await download).path();
    expect(readFileSync(file, 'utf8')).toContain('$CATEGORY: $course$/top/初级/入门');
  });
});
