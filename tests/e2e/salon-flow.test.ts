/**
 * A salon on phones, with the demo alliance: the host trims the seats → an attendee registers
 * (ticket with QR; confirmation mail in the outbox carries the .ics and the QR) → a second one is
 * waitlisted → the first cancels and the second is promoted (mail with .ics and QR) → the host opens
 * the QR's check-in URL and checks the ticket in; typing the code again says it was already used.
 */
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { type Browser, chromium, type Page } from 'playwright-core';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { demoServer, describeInBrowser, phoneLoggedIn, SHOTS } from './phone.ts';
import { CHROMIUM, CHROMIUM_ARGS } from './process.ts';

const TITLE = '图数据库与知识图谱实战';

describeInBrowser('salon registration and check-in on a phone', () => {
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

  async function register(page: Page, salonPath: string): Promise<string> {
    await page.goto(`${server.url}${salonPath}`);
    await page.locator('[data-testid="register-link"]').tap();
    await page.locator('#f-q_q1').fill('佳易物流');
    await page.locator('main form.form button[type="submit"]').tap();
    await page.waitForURL(/\/salons\/tickets\//);
    return new URL(page.url()).pathname;
  }

  /** Attachment names of the newest outbox mail to `to` whose subject starts with `subject`. */
  async function attachments(admin: Page, to: string, subject: string): Promise<string[]> {
    await admin.goto(`${server.url}/admin/outbox`);
    const link = admin
      .locator('tr')
      .filter({ hasText: to })
      .filter({ hasText: subject })
      .locator('a[href^="/admin/outbox/"]');
    await admin.goto(`${server.url}${await link.first().getAttribute('href')}`);
    return admin.locator('#mail-attachments li').allTextContents();
  }

  it('registers, waitlists, promotes and checks in', async () => {
    const host = await phone('chen.jing@qingliu.example.cn');
    await host.goto(`${server.url}/salons`);
    const salonPath = (await host
      .locator('a.salon-card')
      .filter({ hasText: TITLE })
      .first()
      .getAttribute('href')) as string;
    // The demo's attendees hold 29 seats already (three named students and the crowd, two of
    // whom cancelled; src/seed/demo.ts): thirty seats leave one.
    await host.goto(`${server.url}${salonPath}/edit?details=1`);
    await host.locator('#f-capacity').fill('30');
    await host.locator('main form.form button[type="submit"]').tap();
    await host.waitForURL(`${server.url}${salonPath}/edit`);

    const first = await phone('gao.fei@jiayi.example.cn');
    const firstTicket = await register(first, salonPath);
    await expect
      .poll(() => first.locator('[data-testid="ticket"]').getAttribute('data-status'))
      .toBe('confirmed');
    expect(await first.locator('[data-testid="ticket-qr"]').isVisible()).toBe(true);
    await first.screenshot({ path: path.join(SHOTS, 'salon-ticket.png'), fullPage: true });

    const second = await phone('xu.tao@techweekly.example.cn');
    const secondTicket = await register(second, salonPath);
    expect(await second.locator('[data-testid="ticket"]').getAttribute('data-status')).toBe('waitlisted');

    const admin = await phone('admin@demo.gongjin.dev');
    const files = await attachments(admin, 'gao.fei@jiayi.example.cn', '报名成功');
    expect(files).toHaveLength(2);
    expect(files[0]).toMatch(/^salon-gonghua-weilai-3\.ics$/);
    expect(files[1]).toMatch(/^ticket-[A-Z2-9]{6}\.svg$/);

    // The first attendee gives the seat back; the waitlist moves up and the promoted person is mailed.
    await first.goto(`${server.url}${firstTicket}`);
    await first.locator('main form.inline-form button').tap();
    await first.waitForURL(/cancelled=1/);
    expect(await first.locator('[data-testid="ticket"]').getAttribute('data-status')).toBe('cancelled');
    await second.goto(`${server.url}${secondTicket}`);
    expect(await second.locator('[data-testid="ticket"]').getAttribute('data-status')).toBe('confirmed');
    expect(await attachments(admin, 'xu.tao@techweekly.example.cn', '候补成功')).toHaveLength(2);
    const code = (await second.locator('[data-testid="short-code"]').textContent())?.trim() ?? '';

    // The QR opens the check-in page for signed-in staff, with the ticket ready to confirm.
    const token = secondTicket.split('/').pop() as string;
    await host.goto(`${server.url}${salonPath}/checkin?ticket=${token}`);
    await host
      .locator('main form.form')
      .filter({ has: host.locator('input[name="ticket"]') })
      .locator('button')
      .tap();
    await expect
      .poll(() => host.locator('[data-testid="checkin-notice"]').textContent())
      .toBe('许涛 签到成功。');
    expect(await host.locator('[data-count="checkedIn"]').textContent()).toBe('1');
    await host.locator('#f-code').fill(code);
    await host
      .locator('main form.form')
      .filter({ has: host.locator('#f-code') })
      .locator('button')
      .tap();
    await expect
      .poll(() => host.locator('[data-testid="checkin-notice"]').textContent())
      .toBe('许涛 已经签到过了。');
    await host.screenshot({ path: path.join(SHOTS, 'salon-checkin.png'), fullPage: true });
  });
});
