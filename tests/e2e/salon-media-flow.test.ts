/**
 * A salon's live and after, on phones, with the demo alliance (the Shanghai salon hosted by 清流图谱):
 * the host records stream links and viewers per platform (form and CSV, a bad CSV shows its line) and
 * the attention index → the public page links the streams → at the check-in page the host adds
 * walk-ins (name, optional phone) counted apart from checked-in registrations → the budget's actual
 * cost turns into cost per attendee and per thousand viewers on the salon report with its four charts
 * → the host invites a speaker by email; the invitee opens the link from the outbox mail, signs up,
 * confirms, signs in, claims the talk and edits its title and abstract, which the public agenda shows.
 */
import { mkdirSync, rmSync } from 'node:fs';
import path from 'node:path';
import { type Browser, chromium, type Page } from 'playwright-core';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { describeInBrowser, PHONE, phoneLoggedIn, SHOTS } from './phone.ts';
import { CHROMIUM, CHROMIUM_ARGS, type ServerProcess, startServer, tempDataDir } from './process.ts';

const TITLE = '图数据库与知识图谱实战';
const HOST = 'chen.jing@qingliu.example.cn';
const ADMIN = 'admin@demo.gongjin.dev';

/** The day `n` days after `day` (YYYY-MM-DD), as YYYY-MM-DD. */
const addDays = (day: string, n: number) =>
  new Date(Date.parse(`${day}T00:00:00Z`) + n * 86_400_000).toISOString().slice(0, 10);

describeInBrowser('salon live data, walk-ins, report and speaker invitation on a phone', () => {
  let browser: Browser;
  let server: ServerProcess;
  let dataDir: string;
  let host: Page;
  let admin: Page;
  let salonPath: string;

  beforeAll(async () => {
    mkdirSync(SHOTS, { recursive: true });
    dataDir = tempDataDir();
    server = await startServer({ env: { GONGJIN_DATA_DIR: dataDir }, demo: true });
    browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS });
    host = await phoneLoggedIn(browser, server.url, HOST);
    admin = await phoneLoggedIn(browser, server.url, ADMIN);
    await host.goto(`${server.url}/salons`);
    salonPath = (await host
      .locator('a.salon-card')
      .filter({ hasText: TITLE })
      .first()
      .getAttribute('href')) as string;
    expect(salonPath).toMatch(/^\/salons\/[0-9a-f-]{36}$/);
  });

  afterAll(async () => {
    await browser?.close();
    await server?.stop();
    if (dataDir) rmSync(dataDir, { recursive: true, force: true });
  });

  /** A screenshot, after checking the page fits the phone's width (nothing scrolls sideways). */
  async function shot(page: Page, name: string) {
    const widths = await page.evaluate(() => ({
      page: document.documentElement.scrollWidth,
      screen: window.innerWidth,
    }));
    expect(widths.page, `${name}: the page is wider than the phone`).toBeLessThanOrEqual(widths.screen);
    await page.screenshot({ path: path.join(SHOTS, `${name}.png`), fullPage: true });
  }
  const submit = (page: Page, action: string) =>
    page.locator(`main form[action="${action}"] button[type="submit"]`).tap();
  const text = async (page: Page, selector: string) =>
    ((await page.locator(selector).textContent()) ?? '').trim();

  /** The text of the newest outbox mail to `to` whose subject starts with `subject`. */
  async function mailText(to: string, subject: string): Promise<string> {
    await admin.goto(`${server.url}/admin/outbox?to=${encodeURIComponent(to)}`);
    const link = admin
      .locator('tr')
      .filter({ hasText: to })
      .filter({ hasText: subject })
      .locator('a[href^="/admin/outbox/"]');
    await admin.goto(`${server.url}${await link.first().getAttribute('href')}`);
    return (await admin.locator('pre').allTextContents()).join('\n');
  }

  it('records stream links and viewers per platform by form and CSV, and the attention index', async () => {
    await host.goto(`${server.url}${salonPath}/edit`);
    await host.locator(`main a[href="${salonPath}/live"]`).tap();
    await host.waitForURL(`${server.url}${salonPath}/live`);
    const streams = `${salonPath}/live/streams`;

    // One platform with a link before the salon (viewers unknown yet), another with viewers too.
    await host.locator('#f-platform').fill('视频号');
    await host.locator('#f-url').fill('https://channels.weixin.qq.com/live/gongjin-3');
    await submit(host, streams);
    await host.waitForURL(/done=saved/);
    expect(await text(host, 'main [role="status"]')).toBe('已保存。');
    expect(await text(host, 'td[data-viewers="视频号"]')).toBe('—');
    await host.locator('#f-platform').fill('哔哩哔哩');
    await host.locator('#f-url').fill('https://live.bilibili.com/20240');
    await host.locator('#f-viewers').fill('800');
    await submit(host, streams);
    await host.waitForURL(/done=saved/);
    expect(await text(host, 'td[data-viewers="哔哩哔哩"]')).toBe('800');
    expect(await text(host, '[data-testid="viewers-total"]')).toBe('800');

    // A CSV with a bad line is refused as a whole: the line is named and the text stays for fixing.
    const viewers = host.locator(`main form[action="${salonPath}/live/viewers"] textarea[name="csv"]`);
    const badCsv = '平台,人数\n视频号,一千二\n抖音,300';
    await viewers.fill(badCsv);
    await submit(host, `${salonPath}/live/viewers`);
    await host.locator('[data-testid="viewers-errors"]').waitFor();
    expect(await text(host, '[data-testid="viewers-errors"] li')).toContain('第 2 行');
    expect(await viewers.inputValue()).toBe(badCsv);
    expect(await text(host, 'td[data-viewers="视频号"]')).toBe('—');
    expect(await host.locator('td[data-viewers="抖音"]').count()).toBe(0);

    // Fixed: the counts per platform are set, a platform not listed yet is added without a link.
    await viewers.fill('平台,人数\n视频号,1200\n抖音,300');
    await submit(host, `${salonPath}/live/viewers`);
    await host.waitForURL(/done=imported/);
    expect(await text(host, 'main [role="status"]')).toBe('已导入。');
    expect(await text(host, 'td[data-viewers="视频号"]')).toBe('1200');
    expect(await text(host, 'td[data-viewers="哔哩哔哩"]')).toBe('800');
    expect(await text(host, 'td[data-viewers="抖音"]')).toBe('300');
    expect(await text(host, '[data-testid="viewers-total"]')).toBe('2300');
    // Platforms are listed by name (code point order); only those with a link are links.
    expect(
      await host.locator('td[data-viewers]').evaluateAll((tds) => tds.map((td) => td.dataset.viewers)),
    ).toEqual(['哔哩哔哩', '抖音', '视频号']);
    expect(
      await host
        .locator('[data-testid="streams-table"] a')
        .evaluateAll((as) => as.map((a) => a.getAttribute('href'))),
    ).toEqual(['https://live.bilibili.com/20240', 'https://channels.weixin.qq.com/live/gongjin-3']);

    // The attention index around the salon's day (the day itself counts for neither side).
    await host.goto(`${server.url}${salonPath}/edit?details=1`);
    const day = (await host.locator('#f-startsAt').inputValue()).slice(0, 10);
    expect(day).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    const attention = ['关键词,日期,指数'];
    for (let i = 1; i <= 7; i++) attention.push(`图数据库,${addDays(day, -i)},100`);
    attention.push(`图数据库,${day},900`);
    for (let i = 1; i <= 7; i++) attention.push(`图数据库,${addDays(day, i)},150`);
    await host.goto(`${server.url}${salonPath}/live`);
    await host
      .locator(`main form[action="${salonPath}/live/attention"] textarea[name="csv"]`)
      .fill(attention.join('\n'));
    await submit(host, `${salonPath}/live/attention`);
    await host.waitForURL(/done=imported/);
    expect(await text(host, 'td[data-lift="图数据库"]')).toBe('+50.0 %');
    await shot(host, 'salon-live');

    // The public salon page links the streams that have a link, for anyone.
    const visitor = await (await browser.newContext(PHONE)).newPage();
    await visitor.goto(`${server.url}${salonPath}`);
    const watch = visitor.locator('[data-testid="streams"] a');
    expect(await watch.allTextContents()).toEqual(['哔哩哔哩', '视频号']);
    expect(await watch.last().getAttribute('href')).toBe('https://channels.weixin.qq.com/live/gongjin-3');
    await shot(visitor, 'salon-live-public');
    await visitor.context().close();
  });

  it('adds walk-ins at the check-in page, counted apart from checked-in registrations', async () => {
    // A registrant to check in by code, next to the walk-ins.
    const attendee = await phoneLoggedIn(browser, server.url, 'gao.fei@jiayi.example.cn');
    await attendee.goto(`${server.url}${salonPath}`);
    await attendee.locator('[data-testid="register-link"]').tap();
    await attendee.locator('#f-q_q1').fill('佳易物流');
    await attendee.locator('main form.form button[type="submit"]').tap();
    await attendee.waitForURL(/\/salons\/tickets\//);
    expect(await attendee.locator('[data-testid="ticket"]').getAttribute('data-status')).toBe('confirmed');
    const code = await text(attendee, '[data-testid="short-code"]');
    await attendee.context().close();

    await host.goto(`${server.url}${salonPath}/edit`);
    await host.locator(`main a[href="${salonPath}/checkin"]`).tap();
    await host.waitForURL(`${server.url}${salonPath}/checkin`);
    const count = (key: string) => text(host, `[data-count="${key}"]`);
    const confirmed = await count('confirmed');
    expect(await count('checkedIn')).toBe('0');
    expect(await count('walkIns')).toBe('0');
    const walkIns = `${salonPath}/checkin/walk-ins`;

    // A phone number that is not one is refused next to the field; the name stays filled in.
    await host.locator('#f-name').fill('周先生');
    await host.locator('#f-phone').fill('call me');
    await submit(host, walkIns);
    await expect.poll(() => host.locator('#f-phone').getAttribute('aria-invalid')).toBe('true');
    expect(
      await host
        .locator('main form')
        .filter({ has: host.locator('#f-phone') })
        .textContent(),
    ).toContain('请输入有效的手机号。');
    expect(await host.locator('#f-name').inputValue()).toBe('周先生');
    expect(await count('walkIns')).toBe('0');

    await host.locator('#f-phone').fill('138 0013 8000');
    await submit(host, walkIns);
    await expect.poll(() => text(host, '[data-testid="checkin-notice"]')).toBe('已添加现场报名：周先生。');
    expect(await count('walkIns')).toBe('1');
    await host.locator('#f-name').fill('吴女士');
    await submit(host, walkIns);
    await expect.poll(() => text(host, '[data-testid="checkin-notice"]')).toBe('已添加现场报名：吴女士。');
    expect(await host.locator('[data-testid="walk-ins"] li').allTextContents()).toEqual(
      expect.arrayContaining(['周先生 · 138 0013 8000', '吴女士']),
    );
    expect(await count('walkIns')).toBe('2');
    // Reloading the page after adding (staff do, on a phone) does not add anyone again.
    await host.reload();
    expect(await text(host, '[data-testid="checkin-notice"]')).toBe('已添加现场报名：吴女士。');
    expect(await count('walkIns')).toBe('2');
    // Walk-ins are not registrations: neither the confirmed seats nor the check-ins move.
    expect(await count('confirmed')).toBe(confirmed);
    expect(await count('checkedIn')).toBe('0');

    await host.locator('#f-code').fill(code);
    await submit(host, `${salonPath}/checkin`);
    await expect.poll(() => text(host, '[data-testid="checkin-notice"]')).toBe('高飞 签到成功。');
    expect(await count('checkedIn')).toBe('1');
    expect(await count('walkIns')).toBe('2');
    await shot(host, 'salon-walk-ins');
  });

  it('turns the actual budget into cost per attendee and per thousand viewers, with four charts', async () => {
    await host.goto(`${server.url}${salonPath}/budget`);
    const add = host.locator(`main form[action="${salonPath}/budget"]`);
    const addLine = async (category: string, planned: string, actual: string) => {
      await add.locator('select[name="category"]').selectOption(category);
      await add.locator('input[name="plannedCny"]').fill(planned);
      await add.locator('input[name="actualCny"]').fill(actual);
      await add.locator('button[type="submit"]').tap();
      await host.waitForLoadState('load');
    };
    await addLine('venue', '2000', '1800');
    await addLine('tea', '500', '600');
    await expect.poll(() => text(host, '[data-testid="budget-total"]')).toContain('2,400');

    await host.goto(`${server.url}${salonPath}/edit`);
    await host.locator(`main a[href="${salonPath}/report"]`).tap();
    await host.waitForURL(`${server.url}${salonPath}/report`);
    const cost = (key: string) => text(host, `[data-cost="${key}"]`);
    expect(await cost('actual')).toBe('¥2,400');
    // One checked-in registrant and two walk-ins were there; 2,300 watched online.
    expect(await cost('attendees')).toBe('3');
    expect(await cost('perAttendee')).toBe('¥800');
    expect(await cost('viewers')).toBe('2300');
    expect(await cost('perThousandViewers')).toBe('¥1,043');

    const charts = host.locator('[data-chart]');
    expect(await charts.evaluateAll((fs) => fs.map((f) => f.getAttribute('data-chart')))).toEqual([
      'registrations',
      'attendance',
      'viewers',
      'attention',
    ]);
    // Every chart is an image the phone decoded and lays out within the screen's width.
    for (const img of await host.locator('[data-chart] img').all()) {
      await img.scrollIntoViewIfNeeded();
      await expect.poll(() => img.evaluate((i: HTMLImageElement) => i.complete && i.naturalWidth)).toBe(640);
      const box = await img.boundingBox();
      expect(box?.width).toBeGreaterThan(250);
      expect(box?.width).toBeLessThanOrEqual(PHONE.viewport.width);
      // Scaled down in proportion (640×320), not squeezed into a box with the chart lost inside.
      expect(Math.abs((box?.height ?? 0) * 2 - (box?.width ?? 0))).toBeLessThan(4);
    }
    const chartSvg = async (key: string) => {
      const src = (await host.locator(`[data-chart="${key}"] img`).getAttribute('src')) ?? '';
      expect(src).toMatch(/^data:image\/svg\+xml;base64,/);
      return Buffer.from(src.split(',')[1], 'base64').toString('utf8');
    };
    const viewersChart = await chartSvg('viewers');
    for (const label of ['视频号', '哔哩哔哩', '抖音', '1200', '800', '300'])
      expect(viewersChart).toContain(label);
    const attendance = await chartSvg('attendance');
    for (const label of ['已签到', '现场报名']) expect(attendance).toContain(label);
    expect(await chartSvg('attention')).toContain('图数据库');
    await shot(host, 'salon-report');
  });

  it('invites a speaker by email, who signs up, claims the talk and edits it', async () => {
    const talk = '比赛：现场图查询挑战';
    const email = 'guest.speaker@example.test';
    await host.goto(`${server.url}${salonPath}/edit`);
    const item = host.locator('[data-testid="agenda-admin"] > li').filter({ hasText: talk });
    const invite = () => item.locator('button[type="submit"]').filter({ hasText: '邀请讲师' }).tap();
    // A mistyped address is refused on this item's own form, with what was typed kept.
    await item.locator('input[name="email"]').fill('guest.speaker@example');
    await invite();
    await expect.poll(() => item.locator('input[name="email"]').getAttribute('aria-invalid')).toBe('true');
    expect(await item.locator('input[name="email"]').inputValue()).toBe('guest.speaker@example');
    expect(await item.locator('.field-error .error').textContent()).toBeTruthy();
    await item.locator('input[name="email"]').fill(email);
    await invite();
    await host.waitForURL(/done=invited/);
    expect(await text(host, 'main [role="status"]')).toBe('邀请已发送。');
    await shot(host, 'salon-speaker-invited');

    const mail = await mailText(email, '讲师邀请');
    expect(mail).toContain(talk);
    const escaped = server.url.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
    const link = mail.match(new RegExp(`${escaped}/salons/speaker-invites/[\\w-]+`))?.[0] ?? '';
    expect(link).not.toBe('');

    // The invitee has no account yet: the link asks to sign in or sign up first.
    const invitee = await (await browser.newContext(PHONE)).newPage();
    await invitee.goto(link);
    expect(await text(invitee, '[data-testid="speaker-invite"]')).toContain(`主讲「${talk}」`);
    await shot(invitee, 'salon-speaker-invite');
    await invitee.locator('[data-testid="speaker-invite"] a[href^="/signup"]').tap();
    await invitee.waitForURL(/\/signup/);
    await invitee.locator('#f-email').fill(email);
    await invitee.locator('#f-displayName').fill('客座讲师');
    const password = 'a good long password';
    await invitee.locator('#f-password').fill(password);
    await invitee.locator('form#signup button[type="submit"]').tap();
    await invitee.getByRole('heading', { name: '请查收确认邮件' }).waitFor();
    // The confirmation link leads back to the invitation: confirm, continue, log in, claim.
    const confirm = (await mailText(email, '请确认你的共进账号邮箱')).match(
      new RegExp(`${escaped}/confirm-email\\?token=[\\w-]+&next=[^\\s]+`),
    );
    expect(confirm).not.toBeNull();
    await invitee.goto(confirm?.[0] ?? '');
    await invitee.getByRole('link', { name: '继续' }).tap();
    await invitee.waitForURL(/\/login\?next=/);
    await invitee.locator('#f-email').fill(email);
    await invitee.locator('#f-password').fill(password);
    await invitee.locator('form#login button[type="submit"]').tap();
    await invitee.waitForURL(link);
    await invitee.locator('[data-testid="speaker-invite"] form button').tap();
    await invitee.waitForURL(/\/agenda\/[0-9a-f-]{36}\/talk$/);
    expect(await invitee.locator('#f-title').inputValue()).toBe(talk);

    const newTitle = '比赛：十分钟图查询挑战（含评分规则）';
    const abstract = '现场给出一张社交关系图，参赛者用 GQL 或 Cypher 在十分钟内回答五个问题。';
    await invitee.locator('#f-title').fill(newTitle);
    await invitee.locator('#f-abstract').fill(abstract);
    await invitee.locator('main form button[type="submit"]').tap();
    await invitee.waitForURL(/saved=1/);
    expect(await text(invitee, 'main [role="status"]')).toBe('议题已保存。');
    expect(await invitee.locator('#f-title').inputValue()).toBe(newTitle);
    expect(await invitee.locator('#f-abstract').inputValue()).toBe(abstract);
    await shot(invitee, 'salon-speaker-talk');

    // The public agenda shows the new title and abstract under the speaker's name.
    const visitor = await (await browser.newContext(PHONE)).newPage();
    await visitor.goto(`${server.url}${salonPath}`);
    const agendaItem = visitor.locator('[data-testid="agenda"] > li').filter({ hasText: newTitle });
    expect(await agendaItem.textContent()).toContain('客座讲师');
    expect(await agendaItem.textContent()).toContain(abstract);
    expect(await visitor.locator('[data-testid="agenda"]').textContent()).not.toContain(talk);
    await visitor.context().close();

    // The host's agenda shows the speaker too; the link cannot be claimed by another account.
    await host.goto(`${server.url}${salonPath}/edit`);
    expect(
      await host.locator('[data-testid="agenda-admin"] > li').filter({ hasText: newTitle }).textContent(),
    ).toContain('客座讲师');
    const other = await phoneLoggedIn(browser, server.url, 'gao.fei@jiayi.example.cn');
    await other.goto(link);
    expect(await text(other, '[data-testid="speaker-invite"] [role="alert"]')).toBe(
      '这个邀请已被其他账号确认。',
    );
    await other.context().close();
    await invitee.context().close();
  });
});
