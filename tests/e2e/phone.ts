/**
 * What every browser test shares: a phone context like the WeChat browser on a small Android
 * phone, where screenshots go, and the rule for a missing Chromium (skipped loudly on a developer
 * machine, a failure under CI).
 */
import { existsSync } from 'node:fs';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { beforeAll, describe, inject } from 'vitest';
import { DEMO_PASSWORD } from '../../src/seed/demo.ts';
import { CHROMIUM, ROOT } from './process.ts';

export const SHOTS = path.join(ROOT, 'test-results/e2e');
export const DOCS_SHOTS = path.join(ROOT, 'docs/screenshots');

export const PHONE = {
  viewport: { width: 360, height: 740 },
  deviceScaleFactor: 2,
  isMobile: true,
  hasTouch: true,
  locale: 'zh-CN',
};

const SKIP_REASON = `${CHROMIUM} is missing: install Debian's chromium and fonts-wqy-microhei (apt-get install -y chromium fonts-wqy-microhei) to run the browser tests`;

/** `describe` for a browser suite. Under CI a missing Chromium must fail, so it is only skipped outside CI. */
export function describeInBrowser(title: string, suite: () => void) {
  const present = existsSync(CHROMIUM);
  const skip = !present && process.env.CI !== 'true';
  if (skip) console.warn(`\n⚠️  SKIPPING browser suite "${title}" — ${SKIP_REASON}\n`);
  describe.skipIf(skip)(skip ? `${title} (SKIPPED: ${SKIP_REASON})` : title, () => {
    beforeAll(() => {
      if (!present) throw new Error(`CI=true and ${SKIP_REASON}`);
    });
    suite();
  });
}

/** A new phone context signed in through the login form. */
export async function phoneLoggedIn(
  browser: Browser,
  baseUrl: string,
  email: string,
  password = DEMO_PASSWORD,
): Promise<Page> {
  const page = await (await browser.newContext(PHONE)).newPage();
  await page.goto(`${baseUrl}/login`);
  await page.locator('#f-email').fill(email);
  await page.locator('#f-password').fill(password);
  await page.locator('form#login button[type="submit"]').tap();
  await page.waitForURL((u) => !u.pathname.startsWith('/login'));
  return page;
}

/**
 * The demo server the e2e project shares (tests/setup/demo-server.ts), for suites that only add
 * their own data to the demo alliance. Call it in hooks or tests, not while collecting.
 */
export function demoServer(): { url: string } {
  const url = inject('demoServerUrl');
  if (!url) throw new Error('no shared demo server: run the e2e project (its globalSetup starts one)');
  return { url };
}
