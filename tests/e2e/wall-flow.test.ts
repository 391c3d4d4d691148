/**
 * The member wall on a phone, in Chromium against a real server with the demo alliance: open the
 * wall, filter by category (htmx swaps the results and the URL follows), search by pinyin initials,
 * open an item. Screenshots go to test-results/e2e/; the wall on a phone to docs/screenshots/wall-phone.png.
 */
import { existsSync, mkdirSync, rmSync } from 'node:fs';
import path from 'node:path';
import { type Browser, chromium } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CHROMIUM, CHROMIUM_ARGS, ROOT, type ServerProcess, startServer, tempDataDir } from './process.ts';

const SHOTS = path.join(ROOT, 'test-results/e2e');
const DOCS_SHOTS = path.join(ROOT, 'docs/screenshots');
const hasChromium = existsSync(CHROMIUM);
const ci = process.env.CI === 'true';

const PHONE = {
  viewport: { width: 360, height: 740 },
  deviceScaleFactor: 2,
  isMobile: true,
  hasTouch: true,
  locale: 'zh-CN',
};

describe.skipIf(!hasChromium && !ci)('the member wall on a phone', () => {
  let browser: Browser;
  let server: ServerProcess | undefined;
  const dataDir = tempDataDir();

  beforeAll(async () => {
    if (!hasChromium) throw new Error(`CI=true and ${CHROMIUM} is missing`);
    mkdirSync(SHOTS, { recursive: true });
    mkdirSync(DOCS_SHOTS, { recursive: true });
    browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS });
    server = await startServer({ env: { GONGJIN_DATA_DIR: dataDir }, demo: true });
  }, 120_000);

  afterAll(async () => {
    await browser?.close();
    await server?.stop();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('filters by category, searches by pinyin initials and opens an item', async () => {
    const base = server!.url;
    const context = await browser.newContext(PHONE);
    const page = await context.newPage();
    const errors: string[] = [];
    page.on('console', (m) => {
      if (m.type() === 'error') errors.push(m.text());
    });
    try {
      await page.goto(`${base}/wall`);
      expect(await page.locator('h1').textContent()).toBe('联盟 LOGO 墙');
      await page.screenshot({ path: path.join(DOCS_SHOTS, 'wall-phone.png') });
      await page.screenshot({ path: path.join(SHOTS, 'wall-1-open.png'), fullPage: true });

      await page.click('.wall-more-filters summary');
      await page.selectOption('#wf-category', 'time-series');
      await page.waitForURL(/category=time-series/);
      await page.waitForFunction(() => document.querySelectorAll('[data-product]').length === 1);
      expect(await page.locator('[data-product]').getAttribute('data-product')).toBe('bei-chen-tsdb');
      await page.screenshot({ path: path.join(SHOTS, 'wall-2-category.png'), fullPage: true });

      await page.selectOption('#wf-category', '');
      await page.fill('#wf-q', 'yhsj');
      await page.waitForURL(/q=yhsj/);
      await page.waitForFunction(() => document.querySelectorAll('[data-slug]').length === 1);
      expect(await page.locator('[data-slug]').getAttribute('data-slug')).toBe('yunhai-db');
      await page.screenshot({ path: path.join(SHOTS, 'wall-3-pinyin.png'), fullPage: true });

      await page.click('[data-slug="yunhai-db"] a');
      await page.waitForURL(/\/wall\/members\/yunhai-db$/);
      expect(await page.locator('h1').textContent()).toBe('云海数据');
      await page.screenshot({ path: path.join(SHOTS, 'wall-4-item.png'), fullPage: true });
      // The monogram logo loaded as an image (the CSP allows it; nothing was blocked).
      const natural = await page
        .locator('.item-head img')
        .evaluate((img) => (img as HTMLImageElement).naturalWidth);
      expect(natural).toBeGreaterThan(0);
      expect(errors).toEqual([]);
    } finally {
      await context.close();
    }
  }, 120_000);
});
