/**
 * A newcomer on a phone: home → sign up → confirmation link from the mail outbox (read by a platform
 * admin in /admin/outbox) → confirm → log in → switch to English → log out. Runs a real server
 * process and Debian's Chromium through playwright-core. Screenshots of every step go to
 * test-results/e2e/; the demo home page on a phone goes to docs/screenshots/home-phone.png.
 */
import { mkdirSync, rmSync } from 'node:fs';
import path from 'node:path';
import { type Browser, type BrowserContext, chromium, type Page } from 'playwright-core';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { DOCS_SHOTS, demoServer, describeInBrowser, PHONE, SHOTS } from './phone.ts';
import { CHROMIUM, CHROMIUM_ARGS, runCli, type ServerProcess, startServer, tempDataDir } from './process.ts';

const ADMIN = { email: 'e2e-admin@example.test', password: 'e2e-admin-password' };

describeInBrowser('sign-up flow on a phone', () => {
  let browser: Browser;
  const servers: ServerProcess[] = [];
  const dirs: string[] = [];

  beforeAll(async () => {
    mkdirSync(SHOTS, { recursive: true });
    mkdirSync(DOCS_SHOTS, { recursive: true });
    browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS });
  });

  afterAll(async () => {
    await browser?.close();
    for (const s of servers) await s.stop();
    for (const d of dirs) rmSync(d, { recursive: true, force: true });
  });

  async function shot(page: Page, name: string) {
    await page.screenshot({ path: path.join(SHOTS, `${name}.png`), fullPage: true });
  }

  /** The confirmation link, read as a platform admin from /admin/outbox and /admin/outbox/:id. */
  async function confirmationLinkFromOutbox(admin: Page, baseUrl: string, to: string): Promise<string> {
    const deadline = Date.now() + 20_000;
    for (;;) {
      const res = await admin.goto(`${baseUrl}/admin/outbox`);
      expect(res?.status(), 'GET /admin/outbox as a platform admin').toBe(200);
      expect(admin.url(), 'the admin must reach the outbox, not a login or error page').toBe(
        `${baseUrl}/admin/outbox`,
      );
      // Prefer the row that names the recipient; otherwise look through every message.
      const rowLinks = admin
        .locator('tr, li, article')
        .filter({ hasText: to })
        .locator('a[href^="/admin/outbox/"]');
      const candidates = (await rowLinks.count()) > 0 ? rowLinks : admin.locator('a[href^="/admin/outbox/"]');
      const hrefs = [
        ...new Set(
          (await candidates.evaluateAll((els) => els.map((e) => e.getAttribute('href') ?? ''))).filter((h) =>
            /^\/admin\/outbox\/[0-9a-f-]{36}$/i.test(h),
          ),
        ),
      ];
      for (const href of hrefs) {
        await admin.goto(`${baseUrl}${href}`);
        const body = (await admin.locator('body').textContent()) ?? '';
        if (!body.includes(to)) continue;
        const text = (await admin.locator('pre').allTextContents()).join('\n');
        const escaped = baseUrl.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
        const m = text.match(new RegExp(`${escaped}/confirm-email\\?token=[\\w-]+`));
        if (m) return m[0];
      }
      if (Date.now() > deadline) {
        throw new Error(
          `no confirmation mail to ${to} in /admin/outbox (looked at ${hrefs.length} messages)`,
        );
      }
      await new Promise((r) => setTimeout(r, 500));
    }
  }

  it('signs up, confirms the email, logs in, switches to English and logs out', async () => {
    const dataDir = tempDataDir();
    dirs.push(dataDir);
    const env = { GONGJIN_DATA_DIR: dataDir };
    // The admin exists before the server starts: PGlite's data dir belongs to one process at a time.
    await runCli(['create-admin', '--email', ADMIN.email, '--password', ADMIN.password], env);
    const server = await startServer({ env });
    servers.push(server);
    const base = server.url;

    const phone: BrowserContext = await browser.newContext(PHONE);
    const adminContext = await browser.newContext({ locale: 'zh-CN' });
    try {
      const page = await phone.newPage();

      // 1. Home.
      await page.goto(`${base}/`);
      await expect.poll(() => page.locator('html').getAttribute('lang')).toBe('zh-CN');
      await page.locator('header a[href="/signup"]').waitFor();
      await shot(page, '01-home');

      // 2. Sign up through the form.
      await page.locator('header a[href="/signup"]').tap();
      await page.waitForURL(`${base}/signup`);
      await shot(page, '02-signup-form');
      const email = `newcomer-${Date.now()}@example.test`;
      const password = 'a good long password';
      await page.locator('#f-email').fill(email);
      await page.locator('#f-displayName').fill('新成员小王');
      await page.locator('#f-password').fill(password);
      await page.locator('form#signup button[type="submit"]').tap();
      await page.getByRole('heading', { name: '请查收确认邮件' }).waitFor();
      expect(await page.locator('main').textContent()).toContain(email);
      await shot(page, '03-signup-check-email');

      // 3. The confirmation link, from the outbox as the platform admin sees it.
      const admin = await adminContext.newPage();
      await admin.goto(`${base}/login`);
      await admin.locator('#f-email').fill(ADMIN.email);
      await admin.locator('#f-password').fill(ADMIN.password);
      await admin.locator('form#login button[type="submit"]').click();
      await admin.waitForURL(`${base}/profile`);
      const link = await confirmationLinkFromOutbox(admin, base, email);
      await shot(admin, '04-admin-outbox-message');

      // 4. Confirm.
      await page.goto(link);
      await page.getByRole('heading', { name: '邮箱已确认' }).waitFor();
      await shot(page, '05-email-confirmed');

      // 5. Log in.
      await page.locator('main a[href="/login"]').tap();
      await page.waitForURL(`${base}/login`);
      await page.locator('#f-email').fill(email);
      await page.locator('#f-password').fill(password);
      await page.locator('form#login button[type="submit"]').tap();
      await page.waitForURL(`${base}/profile`);
      // The person's own links and 退出 sit behind the header's 我的 menu.
      await page.locator('[data-testid="logout"]').waitFor({ state: 'attached' });
      await shot(page, '06-logged-in-profile');

      // 6. Switch to English with the footer language form.
      await page.locator('select#lang-select').selectOption('en');
      await Promise.all([
        page.waitForURL(`${base}/profile`, { waitUntil: 'load' }),
        page.locator('form.lang-switch button[type="submit"]').tap(),
      ]);
      await expect.poll(() => page.locator('html').getAttribute('lang')).toBe('en');
      await page.getByRole('heading', { name: 'Profile' }).waitFor();
      expect((await page.locator('[data-testid="logout"]').textContent())?.trim()).toBe('Log out');
      expect(await page.locator('footer').textContent()).toContain('the open, self-hostable platform');
      await shot(page, '07-english');

      // 7. Log out: the log-in link is back (still in English: the language cookie stays).
      await page.locator('.account-menu summary').tap();
      await Promise.all([page.waitForURL(`${base}/`), page.locator('[data-testid="logout"]').tap()]);
      await page.locator('header a[href="/login"]').waitFor();
      expect((await page.locator('header a[href="/login"]').textContent())?.trim()).toBe('Log in');
      expect(await page.locator('[data-testid="logout"]').count()).toBe(0);
      await shot(page, '08-logged-out');
    } finally {
      await phone.close();
      await adminContext.close();
    }
  });

  it('shows the demo alliance on the home page of a phone (docs/screenshots/home-phone.png)', async () => {
    const server = demoServer();
    const phone = await browser.newContext(PHONE);
    try {
      const page = await phone.newPage();
      await page.goto(`${server.url}/`, { waitUntil: 'networkidle' });
      await expect.poll(() => page.locator('html').getAttribute('lang')).toBe('zh-CN');
      // The demo alliance is there: the home page shows member organisations.
      expect(await page.locator('main').textContent()).toContain('云海数据');
      await page.screenshot({ path: path.join(DOCS_SHOTS, 'home-phone.png'), fullPage: true });
      await shot(page, '09-demo-home');
    } finally {
      await phone.close();
    }
  });
});
