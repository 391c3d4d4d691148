/**
 * Certification end to end, in Chromium against a real server (demo alliance): the admin issues a
 * co-signed credential → the holder downloads the PDF → the QR code's URL (read from the PDF), opened
 * in a fresh phone context, shows every check passing → the admin revokes it → the same page shows
 * it revoked.
 */
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { type Browser, chromium, type Page } from 'playwright-core';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { DEMO_ADMIN, DEMO_PASSWORD } from '../../src/seed/demo.ts';
import { demoServer, describeInBrowser, PHONE, SHOTS } from './phone.ts';
import { CHROMIUM, CHROMIUM_ARGS } from './process.ts';

const HOLDER = 'zhang.xin@stu.donghu-univ.example.edu.cn';

describeInBrowser('credential flow: issue → PDF → QR → verify → revoke', () => {
  let browser: Browser;
  let server: { url: string };

  beforeAll(async () => {
    mkdirSync(SHOTS, { recursive: true });
    browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS });
    server = demoServer();
  });

  afterAll(async () => {
    await browser?.close();
  });

  async function logIn(page: Page, email: string, password: string) {
    await page.goto(`${server.url}/login`);
    await page.locator('#f-email').fill(email);
    await page.locator('#f-password').fill(password);
    await page.locator('form#login button[type="submit"]').click();
    await page.waitForURL(`${server.url}/profile`);
  }

  const checks = (page: Page) =>
    page
      .locator('li.check')
      .evaluateAll((items) =>
        items.map((i) => `${i.getAttribute('data-check')}:${i.getAttribute('data-ok')}`),
      );

  it('shows every check passing, then the revocation', async () => {
    const base = server.url;
    const admin = await (await browser.newContext()).newPage();
    await logIn(admin, DEMO_ADMIN.email, DEMO_ADMIN.password);
    await admin.goto(`${base}/admin/credentials`);
    await admin.locator('form#issue #f-recipientName').fill('张欣');
    await admin.locator('form#issue #f-recipientEmail').fill(HOLDER);
    await admin.locator('form#issue button[type="submit"]').click();
    await admin.locator('.alert-success').waitFor();
    await admin.screenshot({ path: path.join(SHOTS, 'credentials-01-issued.png'), fullPage: true });

    const holder = await (await browser.newContext(PHONE)).newPage();
    await logIn(holder, HOLDER, DEMO_PASSWORD);
    await holder.goto(`${base}/my/credentials`);
    const pdfHref = await holder
      .locator('li[data-credential] a[href*="certificate.pdf"]')
      .first()
      .getAttribute('href');
    const credentialId = await holder.locator('li[data-credential]').first().getAttribute('data-credential');
    const pdf = await holder.request.get(`${base}${pdfHref}`);
    expect(pdf.status()).toBe(200);
    const bytes = (await pdf.body()).toString('latin1');
    expect(bytes.startsWith('%PDF-')).toBe(true);
    const qrUrl = /\/URI \(([^)]+)\)/.exec(bytes)?.[1] ?? '';
    expect(qrUrl.startsWith(`${base}/verify/${credentialId}?k=`)).toBe(true);

    const stranger = await (await browser.newContext(PHONE)).newPage();
    await stranger.goto(qrUrl);
    expect(await checks(stranger)).toEqual([
      'format:true',
      'proof:true',
      'proof:true',
      'issuers:true',
      'issuers:true',
      'key_validity:true',
      'key_validity:true',
      'status:true',
      'status:true',
      'validity:true',
    ]);
    expect((await stranger.locator('#verdict').textContent())?.trim()).toBe('证书有效：全部检查通过。');
    expect((await stranger.locator('#holder').textContent())?.trim()).toBe('张欣');
    await stranger.screenshot({
      path: path.join(SHOTS, 'credentials-02-verified-phone.png'),
      fullPage: true,
    });

    await admin.goto(`${base}/admin/credentials`);
    await admin.locator(`li[data-credential="${credentialId}"] button.button-danger`).click();
    await admin.waitForURL(`${base}/admin/credentials?done=status`);

    await stranger.goto(qrUrl);
    const after = await checks(stranger);
    expect(after.filter((c) => c.startsWith('status'))).toEqual(['status:false', 'status:true']);
    expect(
      (
        await stranger.locator('li.check[data-check="status"][data-ok="false"] .check-code').textContent()
      )?.trim(),
    ).toBe('已撤销');
    expect((await stranger.locator('#verdict').textContent())?.trim()).toBe('证书未通过查证。');
    await stranger.screenshot({ path: path.join(SHOTS, 'credentials-03-revoked-phone.png'), fullPage: true });
  });
});
