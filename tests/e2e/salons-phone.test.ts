/**
 * The design system on a phone (ADR 0041), in Chromium against the demo alliance: the header fits
 * (sections on one line, the person's links behind 我的), the salon list shows cards with the open
 * one first, a salon page keeps its actions apart, and no page is wider than the screen.
 * Screenshots: docs/screenshots/salons-phone.png, salon-phone.png, header-menu-phone.png.
 */
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { type Browser, chromium, type Page } from 'playwright-core';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { DOCS_SHOTS, demoServer, describeInBrowser, PHONE, phoneLoggedIn } from './phone.ts';
import { CHROMIUM, CHROMIUM_ARGS } from './process.ts';

/** How far the page is wider than the screen (0: it fits), and the header's shape. */
async function measure(page: Page) {
  return page.evaluate(() => {
    const links = [...document.querySelectorAll<HTMLElement>('.site-nav a')];
    return {
      overflow: document.documentElement.scrollWidth - window.innerWidth,
      navLines: new Set(links.map((a) => a.offsetTop)).size,
      headerHeight: document.querySelector('.site-header')?.getBoundingClientRect().height ?? 0,
    };
  });
}

describeInBrowser('salons and the header on a phone', () => {
  let browser: Browser;
  let base = '';

  beforeAll(async () => {
    mkdirSync(DOCS_SHOTS, { recursive: true });
    browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS });
    base = demoServer().url;
  }, 120_000);

  afterAll(async () => {
    await browser?.close();
  });

  it('shows salon cards, the open one first, and a salon page, all within the screen', async () => {
    const page = await (await browser.newContext(PHONE)).newPage();
    const errors: string[] = [];
    page.on('console', (m) => {
      if (m.type() === 'error') errors.push(m.text());
    });
    for (const url of ['/', '/salons', '/wall', '/learn', '/verify']) {
      await page.goto(`${base}${url}`);
      // Two rows at most (brand + account, then the sections), the sections on one line.
      expect({ url, ...(await measure(page)) }).toMatchObject({ url, overflow: 0, navLines: 1 });
      expect((await measure(page)).headerHeight).toBeLessThanOrEqual(2 * 44 + 2);
    }
    await page.goto(`${base}/salons`);
    const first = page.locator('[data-testid="salons-upcoming"] > li').first();
    expect(await first.getAttribute('data-status')).toBe('registration_open');
    expect(await first.locator('.ui-card-highlight').count()).toBe(1);
    await page.screenshot({ path: path.join(DOCS_SHOTS, 'salons-phone.png') });

    await first.locator('a').tap();
    await page.waitForURL(/\/salons\/[0-9a-f-]{36}$/);
    expect(await measure(page)).toMatchObject({ overflow: 0 });
    expect(await page.locator('[data-testid="register-link"]').isVisible()).toBe(true);
    expect(await page.locator('[data-testid="add-to-calendar"]').isVisible()).toBe(true);
    expect(await page.locator('main').textContent()).toContain('北京时间');
    expect(await page.locator('main').textContent()).not.toContain('Asia/Shanghai');
    await page.screenshot({ path: path.join(DOCS_SHOTS, 'salon-phone.png') });
    expect(errors).toEqual([]);
  });

  it('opens the 我的 menu with the person’s links and 退出', async () => {
    const page = await phoneLoggedIn(browser, base, 'prof.wang@donghu-univ.example.edu.cn');
    await page.goto(`${base}/salons`);
    expect(await measure(page)).toMatchObject({ overflow: 0, navLines: 1 });
    expect(await page.locator('[data-testid="logout"]').isVisible()).toBe(false);
    await page.locator('.account-menu summary').tap();
    expect(await page.locator('[data-testid="logout"]').isVisible()).toBe(true);
    expect(await page.locator('.account-menu-panel a[href="/profile"]').isVisible()).toBe(true);
    expect(await measure(page)).toMatchObject({ overflow: 0 });
    await page.screenshot({ path: path.join(DOCS_SHOTS, 'header-menu-phone.png') });
  });
});
