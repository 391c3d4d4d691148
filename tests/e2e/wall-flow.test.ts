/**
 * The member wall on a phone, in Chromium against a real server with the demo alliance: open the
 * wall, filter by category (htmx swaps the results and the URL follows), search by pinyin initials,
 * open an item. Screenshots go to test-results/e2e/; the wall on a phone to docs/screenshots/wall-phone.png.
 */
import { mkdirSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { type Browser, chromium } from 'playwright-core';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { DOCS_SHOTS, demoServer, describeInBrowser, PHONE, SHOTS } from './phone.ts';
import { CHROMIUM, CHROMIUM_ARGS } from './process.ts';

describeInBrowser('the member wall on a phone', () => {
  let browser: Browser;
  let server: { url: string } | undefined;

  beforeAll(async () => {
    mkdirSync(SHOTS, { recursive: true });
    mkdirSync(DOCS_SHOTS, { recursive: true });
    browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS });
    server = demoServer();
  }, 120_000);

  afterAll(async () => {
    await browser?.close();
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

  it('embedded in another page, opens an item in a dialog inside the frame and posts its height', async () => {
    const base = server!.url;
    let host: Server | undefined;
    const context = await browser.newContext(PHONE);
    const page = await context.newPage();
    const errors: string[] = [];
    page.on('console', (m) => {
      if (m.type() === 'error') errors.push(m.text());
    });
    try {
      // A page on another origin that only pastes the iframe and listens for heights (no other
      // help), served from the loopback address (Chromium keeps public pages from framing local ones).
      const hostPage = `<p>host</p><iframe id="gongjin-wall" src="${base}/embed/wall?category=graph" style="width:100%;border:0"></iframe>
<script>window.heights = []; addEventListener('message', (e) => { if (!e.data || e.data.type !== 'gongjin:height') return; window.heights.push(e.data.height); document.getElementById('gongjin-wall').style.height = e.data.height + 'px'; });</script>`;
      host = createServer((_, res) => res.writeHead(200, { 'Content-Type': 'text/html' }).end(hostPage));
      await new Promise<void>((r) => host!.listen(0, '127.0.0.1', () => r()));
      await page.goto(`http://127.0.0.1:${(host.address() as AddressInfo).port}/`);
      const frame = page.frameLocator('#gongjin-wall');
      await frame.locator('[data-product] a').first().click();
      const dialog = frame.locator('dialog#wall-item');
      await dialog.locator('[data-testid="product-detail"] h1').waitFor();
      expect(await dialog.evaluate((d) => (d as HTMLDialogElement).open)).toBe(true);
      expect(await dialog.locator('h1').textContent()).toBe('青流图数据库');
      // No navigation: the frame still shows the wall, under the dialog.
      const embedded = page.frames().find((f) => f.url().startsWith(base))!;
      expect(embedded.url()).toBe(`${base}/embed/wall?category=graph`);
      await page.waitForFunction(() => (window as unknown as { heights: number[] }).heights.length > 0);
      // The frame grows to show the whole dialog (its height is posted after the item loads).
      const bottom = await dialog.evaluate((d) => d.getBoundingClientRect().bottom);
      await page.waitForFunction(
        (b) => (document.getElementById('gongjin-wall') as HTMLIFrameElement).clientHeight >= b,
        bottom,
      );
      await page.screenshot({ path: path.join(SHOTS, 'wall-5-embed-dialog.png'), fullPage: true });
      // The organisation's link inside the dialog opens it in the same dialog.
      await dialog.locator('[data-testid="product-detail"] a[href^="/wall/members/"]').click();
      await dialog.locator('[data-testid="member-detail"] h1').waitFor();
      expect(embedded.url()).toBe(`${base}/embed/wall?category=graph`);
      await dialog.locator('.embed-item-close button').click();
      expect(await dialog.evaluate((d) => (d as HTMLDialogElement).open)).toBe(false);

      // Partners and speakers (task wall, ADR 0020): the sections are in the frame, inside the height it posts.
      const speakers = frame.locator('[data-testid="wall-speakers"]');
      await speakers.waitFor();
      const sectionsBottom = await speakers.evaluate((el) =>
        Math.ceil(el.getBoundingClientRect().bottom + window.scrollY),
      );
      await page.waitForFunction(
        (b) => (document.getElementById('gongjin-wall') as HTMLIFrameElement).clientHeight >= b,
        sectionsBottom,
      );
      const posted = await page.evaluate(() => (window as unknown as { heights: number[] }).heights.at(-1)!);
      expect(posted).toBeGreaterThanOrEqual(sectionsBottom);
      // A partner opens in the dialog, inside the frame.
      await frame.locator('[data-testid="wall-partners"] a[href^="/embed/wall/members/"]').first().click();
      await dialog.locator('[data-testid="member-detail"] h1').waitFor();
      expect(embedded.url()).toBe(`${base}/embed/wall?category=graph`);
      await dialog.locator('.embed-item-close button').click();
      // A speaker too.
      await speakers.locator('a[href^="/embed/wall/speakers/"]').first().click();
      await dialog.locator('[data-testid="speaker-detail"] h1').waitFor();
      expect(embedded.url()).toBe(`${base}/embed/wall?category=graph`);
      await page.screenshot({ path: path.join(SHOTS, 'wall-6-embed-speaker.png'), fullPage: true });
      // In the dialog, links that are not items (salons, the list of speakers) open in a new tab.
      const other = await dialog
        .locator('[data-testid="speaker-detail"] a')
        .evaluateAll((as) =>
          as.map((a) => [a.getAttribute('href'), (a as HTMLAnchorElement).target] as const),
        );
      expect(other.length).toBeGreaterThan(1);
      for (const [href, target] of other)
        expect([href, target]).toEqual([href, /^\/wall\/members\//.test(href ?? '') ? '' : '_blank']);
      await dialog.locator('.embed-item-close button').click();
      // "More" opens the full list in a new tab, not in the frame.
      const [tab] = await Promise.all([
        context.waitForEvent('page'),
        speakers.locator('a[href="/wall/speakers"]').click(),
      ]);
      await tab.waitForLoadState();
      expect(tab.url()).toBe(`${base}/wall/speakers`);
      expect(embedded.url()).toBe(`${base}/embed/wall?category=graph`);
      expect(errors).toEqual([]);
    } finally {
      await context.close();
      host?.close();
    }
  }, 120_000);
});
