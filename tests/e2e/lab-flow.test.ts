/**
 * A SQL lab on a phone, with the demo course: a student opens the lab, PGlite starts in the
 * browser (no inline script, WebAssembly allowed by the lab page's CSP only), a query runs in the
 * browser and shows its table with feedback against the expected rows (the inner join looks right
 * on the visible data), the student submits it for credit and the server's re-grade fails it on
 * the hidden data; the left join then passes, and the course page shows the lab as passed.
 */
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { type Browser, chromium } from 'playwright-core';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { DEMO_COURSE_SLUG } from '../../src/modules/learning/demo.ts';
import { demoServer, describeInBrowser, phoneLoggedIn, SHOTS } from './phone.ts';
import { CHROMIUM, CHROMIUM_ARGS } from './process.ts';

const STUDENT = 'liu.yang@stu.donghu-univ.example.edu.cn';

describeInBrowser('a SQL lab in the browser on a phone', () => {
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

  const phone = (email: string) => phoneLoggedIn(browser, server.url, email);

  it('runs queries in the browser with instant feedback, then submits for credit', async () => {
    const page = await phone(STUDENT);
    const serverRuns: string[] = [];
    page.on('request', (r) => {
      if (r.method() === 'POST' && r.url().endsWith('/run')) serverRuns.push(r.url());
    });
    const errors: string[] = [];
    page.on('console', (m) => {
      if (m.type() === 'error') errors.push(m.text());
    });

    await page.goto(`${server.url}/learn/courses/${DEMO_COURSE_SLUG}`);
    await page.locator('[data-testid="labs"] a').first().tap();
    await page.waitForURL(/\/learn\/labs\//);
    await expect
      .poll(() => page.locator('#lab-island').getAttribute('data-state'), { timeout: 60_000 })
      .toBe('browser');

    // An inner join: right on the visible data, as the browser's check says.
    await page
      .locator('#lab-sql')
      .fill(
        'SELECT d.name, count(*) FROM departments d JOIN employees e ON e.dept_id = d.id GROUP BY d.id, d.name ORDER BY d.id;',
      );
    await page.locator('#lab-run').tap();
    const table = page.locator('#lab-output [data-testid="result-table"]');
    await table.waitFor();
    expect(await page.locator('#lab-output').getAttribute('data-engine')).toBe('browser');
    expect(await table.locator('tbody tr').count()).toBe(3);
    expect(await table.locator('tbody tr').first().locator('td').allTextContents()).toEqual(['研发部', '3']);
    expect(await page.locator('[data-testid="lab-feedback"]').getAttribute('data-match')).toBe('true');
    await page.screenshot({ path: path.join(SHOTS, 'lab-run-phone.png'), fullPage: true });

    // A wrong column count is told at once.
    await page.locator('#lab-sql').fill('SELECT name FROM departments');
    await page.locator('#lab-run').tap();
    await expect.poll(() => page.locator('[data-testid="lab-feedback"]').textContent()).toContain('列数不对');
    expect(serverRuns).toEqual([]);

    // Submitting the inner join for credit: the server's hidden data fails it.
    await page
      .locator('#lab-sql')
      .fill(
        'SELECT d.name, count(*) FROM departments d JOIN employees e ON e.dept_id = d.id GROUP BY d.id, d.name ORDER BY d.id;',
      );
    await page.locator('#lab-submit').tap();
    await expect
      .poll(() => page.locator('[data-testid="lab-result"]').getAttribute('data-passed'))
      .toBe('false');
    expect(await page.locator('[data-testid="lab-result"]').textContent()).toContain('隐藏测试数据');

    await page
      .locator('#lab-sql')
      .fill(
        'SELECT d.name, count(e.id) AS headcount FROM departments d LEFT JOIN employees e ON e.dept_id = d.id GROUP BY d.id, d.name ORDER BY d.id;',
      );
    await page.locator('#lab-submit').tap();
    await expect
      .poll(() => page.locator('[data-testid="lab-result"]').getAttribute('data-passed'))
      .toBe('true');
    await page.screenshot({ path: path.join(SHOTS, 'lab-credit-phone.png'), fullPage: true });

    await page.goto(`${server.url}/learn/courses/${DEMO_COURSE_SLUG}`);
    expect(await page.locator('[data-testid="labs"]').textContent()).toContain('已通过');
    expect(errors.filter((e) => /Content Security Policy|wasm/i.test(e))).toEqual([]);
  });
});
