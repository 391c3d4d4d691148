/**
 * The demo's story at phone size (issue 21 item 5): the first salon's report as the demo admin
 * and the associate exam's statistics as the demo teacher, each with its figures and charts, kept
 * as screenshots in docs/screenshots/. Only reads the shared demo server.
 */
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { type Browser, chromium } from 'playwright-core';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { DEMO_ADMIN } from '../../src/seed/demo.ts';
import { DOCS_SHOTS, demoServer, describeInBrowser, phoneLoggedIn } from './phone.ts';
import { CHROMIUM, CHROMIUM_ARGS } from './process.ts';

describeInBrowser('the demo story on a phone', () => {
  let browser: Browser;
  let server: { url: string };

  beforeAll(async () => {
    mkdirSync(DOCS_SHOTS, { recursive: true });
    server = demoServer();
    browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS });
  });

  afterAll(async () => {
    await browser?.close();
  });

  it('shows the first salon report with its figures and charts', async () => {
    const page = await phoneLoggedIn(browser, server.url, DEMO_ADMIN.email, DEMO_ADMIN.password);
    await page.goto(`${server.url}/salons/series/gonghua-weilai/report`);
    const href = await page.locator('a', { hasText: /^1 · / }).first().getAttribute('href');
    const salonId = /\/salons\/([0-9a-f-]{36})/.exec(href ?? '')?.[1];
    expect(salonId).toBeTruthy();
    await page.goto(`${server.url}/salons/${salonId}/report`);
    const attendees = (await page.locator('[data-cost="attendees"]').textContent()) ?? '';
    expect(Number(attendees.replace(/[¥,\s]/g, ''))).toBeGreaterThanOrEqual(40);
    // Every chart image loaded (drawn on the server, so a broken one has no natural width).
    const charts = page.locator('[data-chart] img');
    expect(await charts.count()).toBe(4);
    await page.waitForFunction(() =>
      [...document.querySelectorAll<HTMLImageElement>('[data-chart] img')].every((i) => i.naturalWidth > 0),
    );
    await page.screenshot({ path: path.join(DOCS_SHOTS, 'salon-report-phone.png'), fullPage: true });
  });

  it('shows the exam statistics of the cohort to the teacher', async () => {
    const page = await phoneLoggedIn(browser, server.url, 'prof.wang@donghu-univ.example.edu.cn');
    await page.goto(`${server.url}/exams`);
    const href = await page
      .locator('a[href^="/exams/"]', { hasText: 'PostgreSQL 初级工程师认证考试' })
      .first()
      .getAttribute('href');
    const id = /\/exams\/([0-9a-f-]{36})/.exec(href ?? '')?.[1];
    expect(id).toBeTruthy();
    await page.goto(`${server.url}/exams/${id}/results`);
    const rows = page.locator('[data-testid="stats"] tbody tr');
    expect(await rows.count()).toBeGreaterThanOrEqual(6);
    const chart = page.locator(`img[src="/exams/${id}/stats.svg"]`);
    await chart.scrollIntoViewIfNeeded();
    await page.waitForFunction(
      (src) => (document.querySelector<HTMLImageElement>(`img[src="${src}"]`)?.naturalWidth ?? 0) > 0,
      `/exams/${id}/stats.svg`,
    );
    // The statistics (the results list above and the regrade forms below make the page long).
    await page.locator('h2', { hasText: '题目统计' }).evaluate((h) => h.scrollIntoView());
    await page.screenshot({ path: path.join(DOCS_SHOTS, 'exam-stats-phone.png') });
  });
});
