import { and, eq, like, sql } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { parseCsv } from '../../platform/csv.ts';
import { auditLog, jobs, mailOutbox } from '../../platform/schema.ts';
import { lastMailTo, linkIn, makeOrg, makeUser, type TestClient, useTestApp } from '../../testing/harness.ts';
import { salonBudgetLines, salonPosters, salonRegistrations, salons } from './schema.ts';

const t = useTestApp();
const VENUE = '西溪会议中心';

/** An org admin who creates a series (as platform admin) and a salon through the forms. */
async function setUp(capacity = 2) {
  const platformAdmin = await makeUser(t.db, { roles: ['platform_admin'] });
  const host = await makeUser(t.db, { name: '主办管理员' });
  const org = await makeOrg(t.db, host.id, { nameZh: '云海数据' });
  const cohost = await makeOrg(t.db, platformAdmin.id, { nameZh: '北辰时序' });
  const sponsor = await makeOrg(t.db, platformAdmin.id, { nameZh: '星河科技' });
  const pa = t.client();
  await pa.logIn(platformAdmin.email);
  const created = await pa.post('/salons/series', {
    slug: 'gonghua',
    titleZh: '共话未来趋势',
    titleEn: 'Database Futures',
    description: '',
  });
  expect(created.status).toBe(303);
  expect(created.headers.get('location')).toBe('/salons/series/gonghua');
  const seriesId =
    (await (await pa.get('/salons/new')).text()).match(/<option value="([0-9a-f-]{36})"/)?.[1] ?? '';

  const hc = t.client();
  await hc.logIn(host.email);
  const form = {
    seriesId,
    title: '分布式数据库实践',
    city: '杭州',
    venue: '西溪会议中心',
    address: '文一西路 1 号',
    mapUrl: 'https://map.example.cn/x',
    timezone: '',
    startsAt: '2030-03-01T14:00',
    endsAt: '2030-03-01T17:30',
    hostOrgId: org.id,
    [`cohost_${cohost.id}`]: 'on',
    [`sponsor_${sponsor.id}`]: 'on',
    capacity: String(capacity),
    registrationDeadline: '',
    questions: '所在单位 *\n想听的话题',
    description: '第一期',
  };
  const bad = await hc.post('/salons', { ...form, endsAt: '2030-03-01T13:00' });
  expect(bad.status).toBe(400);
  expect(await bad.text()).toContain('结束时间须晚于开始时间。');
  const res = await hc.post('/salons', form);
  expect(res.status).toBe(303);
  const salonId = res.headers.get('location')!.split('/')[2];
  const [salon] = await t.db.select().from(salons).where(eq(salons.id, salonId));
  expect(salon).toMatchObject({
    number: 1,
    status: 'draft',
    timezone: 'Asia/Shanghai',
    startsAt: new Date('2030-03-01T06:00:00Z'),
    endsAt: new Date('2030-03-01T09:30:00Z'),
    questions: [
      { id: 'q1', label: '所在单位', required: true },
      { id: 'q2', label: '想听的话题', required: false },
    ],
  });
  return { host, hc, pa, org, salonId };
}

async function attendee(name: string): Promise<{ client: TestClient; email: string }> {
  const u = await makeUser(t.db, { name });
  const client = t.client();
  await client.logIn(u.email);
  return { client, email: u.email };
}

describe('salon pages', () => {
  it('hides a draft from the public, then shows the announced salon from the anonymous cache', async () => {
    const { hc, salonId } = await setUp();
    expect((await t.client().get(`/salons/${salonId}`)).status).toBe(404);
    expect((await hc.get(`/salons/${salonId}`)).status).toBe(200);
    expect((await hc.post(`/salons/${salonId}/status`, { status: 'live' })).status).toBe(409);
    expect((await hc.post(`/salons/${salonId}/status`, { status: 'announced' })).status).toBe(303);

    const html = await (await t.client().get(`/salons/${salonId}`)).text();
    expect(html).toContain('<h1>分布式数据库实践</h1>');
    expect(html).toContain('2030年3月1日周五 14:00–17:30 北京时间');
    expect(html).not.toContain('(Asia/Shanghai)');
    expect(html).toContain('北辰时序');
    expect(html).toMatch(
      /<h2>礼品赞助<\/h2><ul class="org-chips" data-testid="sponsors"><li><a href="\/orgs\/[^"]+"><span class="ui-logo ui-logo-sm"><img src="\/monograms\/[^"]+" alt="" loading="lazy"\/><\/span>星河科技<\/a><\/li><\/ul>/,
    );
    expect(html).not.toContain('hx-headers');
    // Not yet open: no registration link.
    expect(html).not.toContain('data-testid="register-link"');
    // Served from memory: a write that bypasses the services is not seen.
    await t.db.update(salons).set({ title: '改过的标题' }).where(eq(salons.id, salonId));
    expect(await (await t.client().get(`/salons/${salonId}`)).text()).toBe(html);
    // A service-backed write (status change) invalidates it.
    await hc.post(`/salons/${salonId}/status`, { status: 'registration_open' });
    const open = await (await t.client().get(`/salons/${salonId}`)).text();
    expect(open).toContain('<h1>改过的标题</h1>');
    expect(open).toContain(`href="/salons/${salonId}/register"`);
    expect(await (await t.client().get('/salons/series/gonghua')).text()).toContain('共话未来趋势 第 1 期');
  });

  it('registers, waitlists, promotes on cancel with an email, and checks tickets in', async () => {
    const { hc, salonId } = await setUp(2);
    await hc.post(`/salons/${salonId}/status`, { status: 'announced' });
    await hc.post(`/salons/${salonId}/status`, { status: 'registration_open' });
    const a = await attendee('甲');
    const b = await attendee('乙');
    const c = await attendee('丙');

    const missing = await a.client.post(`/salons/${salonId}/register`, { q_q2: '' });
    expect(missing.status).toBe(400);
    expect(await missing.text()).toContain('请回答必答问题。');

    const ra = await a.client.post(`/salons/${salonId}/register`, { q_q1: '云海', q_q2: 'HTAP' });
    expect(ra.status).toBe(303);
    const ticketPath = ra.headers.get('location')!;
    const ticketHtml = await (await a.client.get(ticketPath)).text();
    expect(ticketHtml).toContain('data-status="confirmed"');
    expect(ticketHtml).toMatch(/<img src="data:image\/svg\+xml;base64,[A-Za-z0-9+/=]+" width="240"/);
    const mail = await lastMailTo(t.db, a.email);
    expect(mail.subject).toBe('报名成功：分布式数据库实践');
    expect(linkIn(mail.text)).toBe(ticketPath);
    expect(mail.attachments.map((a) => [a.filename, a.contentType])).toEqual([
      ['salon-gonghua-1.ics', 'text/calendar; charset=utf-8; method=PUBLISH'],
      [expect.stringMatching(/^ticket-[A-Z2-9]{6}\.svg$/), 'image/svg+xml'],
    ]);
    expect(mail.attachments[0].content).toContain('DTSTART;TZID=Asia/Shanghai:20300301T140000\r\n');
    expect(mail.attachments[1].content.startsWith('<svg')).toBe(true);
    // One registration per person.
    expect((await a.client.post(`/salons/${salonId}/register`, { q_q1: '云海' })).status).toBe(409);

    await b.client.post(`/salons/${salonId}/register`, { q_q1: '北辰' });
    const rc = await c.client.post(`/salons/${salonId}/register`, { q_q1: '星河' });
    const cTicket = rc.headers.get('location')!;
    const cHtml = await (await t.client().get(cTicket)).text();
    expect(cHtml).toContain('data-status="waitlisted"');
    expect(cHtml).toContain('你在候补名单第 1 位');

    // The cancel link works without signing in (the signed link is the credential).
    const cancel = await t.client().post(`${ticketPath}/cancel`);
    expect(cancel.status).toBe(303);
    expect((await lastMailTo(t.db, b.email)).attachments).toHaveLength(2);
    const promoted = await lastMailTo(t.db, c.email);
    expect(promoted.subject).toBe('候补成功：分布式数据库实践');
    expect(promoted.attachments).toHaveLength(2);
    expect(await (await c.client.get(cTicket)).text()).toContain('data-status="confirmed"');
    // A forged token is refused.
    expect((await t.client().get(`${ticketPath.slice(0, -3)}abc`)).status).toBe(404);

    // Check-in by typed code, then by the QR link's ticket.
    const [regC] = await t.db
      .select()
      .from(salonRegistrations)
      .where(and(eq(salonRegistrations.salonId, salonId), eq(salonRegistrations.status, 'confirmed')))
      .orderBy(salonRegistrations.seq);
    const byCode = await hc.post(`/salons/${salonId}/checkin`, { code: regC.shortCode.toLowerCase() });
    expect(byCode.status).toBe(200);
    expect(await byCode.text()).toContain('签到成功。');
    const qrToken = cTicket.split('/').pop()!;
    const staffPage = await (await hc.get(`/salons/${salonId}/checkin?ticket=${qrToken}`)).text();
    expect(staffPage).toContain(`<input type="hidden" name="ticket" value="${qrToken}"/>`);
    const byTicket = await hc.post(`/salons/${salonId}/checkin`, { ticket: qrToken });
    expect(byTicket.status).toBe(200);
    const counts = (await byTicket.text()).match(/data-count="(\w+)">([^<]+)</g);
    expect(counts).toEqual([
      'data-count="confirmed">2 / 2<',
      'data-count="waitlisted">0<',
      'data-count="checkedIn">2<',
      'data-count="walkIns">0<',
    ]);
    expect((await hc.post(`/salons/${salonId}/checkin`, { code: 'ZZZZZZ' })).status).toBe(404);
    // The audit log names each registration and each check-in, with who did it.
    const trail = await t.db
      .select({ action: auditLog.action, actorId: auditLog.actorId, targetId: auditLog.targetId })
      .from(auditLog)
      .where(and(like(auditLog.action, 'salon.%'), sql`${auditLog.data}->>'salonId' = ${salonId}`));
    const ids = (action: string) =>
      trail
        .filter((e) => e.action === action)
        .map((e) => e.targetId)
        .sort();
    const confirmedIds = (
      await t.db
        .select({ id: salonRegistrations.id })
        .from(salonRegistrations)
        .where(and(eq(salonRegistrations.salonId, salonId), eq(salonRegistrations.status, 'confirmed')))
    )
      .map((r) => r.id)
      .sort();
    expect(ids('salon.checked_in')).toEqual(confirmedIds);
    expect(ids('salon.registered')).toEqual(expect.arrayContaining(confirmedIds));
    expect(trail.find((e) => e.action === 'salon.registered' && e.targetId === regC.id)?.actorId).toBe(
      regC.userId,
    );

    // A walk-in at the door: added by name and phone, counted apart, listed for staff and in the CSV.
    const noName = await hc.post(`/salons/${salonId}/checkin/walk-ins`, { name: ' ', phone: 'abc' });
    expect(noName.status).toBe(400);
    expect(await noName.text()).toContain('请输入有效的手机号。');
    const walkIn = await hc.post(`/salons/${salonId}/checkin/walk-ins`, {
      name: '路人乙',
      phone: '138 0000 1234',
    });
    // Redirected back to the check-in page, so reloading it cannot add the walk-in twice.
    expect(walkIn.status).toBe(303);
    const back = walkIn.headers.get('location') ?? '';
    expect(back).toMatch(new RegExp(`^/salons/${salonId}/checkin\\?walkIn=[0-9a-f-]{36}$`));
    const walkInHtml = await (await hc.get(back)).text();
    expect(walkInHtml).toContain('已添加现场报名：路人乙。');
    expect(walkInHtml).toMatch(/data-testid="walk-ins"><li>路人乙 · 138 0000 1234<\/li>/);
    expect(walkInHtml.match(/data-count="(\w+)">([^<]+)</g)).toEqual([
      'data-count="confirmed">2 / 2<',
      'data-count="waitlisted">0<',
      'data-count="checkedIn">2<',
      'data-count="walkIns">1<',
    ]);
    // Someone who is not staff of the host cannot add walk-ins.
    expect((await a.client.post(`/salons/${salonId}/checkin/walk-ins`, { name: '冒名' })).status).toBe(403);

    const csvBytes = new Uint8Array(await (await hc.get(`/salons/${salonId}/attendees.csv`)).arrayBuffer());
    expect([...csvBytes.slice(0, 3)]).toEqual([0xef, 0xbb, 0xbf]); // a BOM, for Excel
    const parsed = parseCsv(new TextDecoder().decode(csvBytes));
    if (!parsed.ok) throw new Error(`attendees.csv does not parse (line ${parsed.line})`);
    const records = parsed.records.map((r) => r.cells);
    expect(records[0]).toEqual([
      '姓名',
      '邮箱',
      '状态',
      '签到码',
      '报名时间',
      '签到时间',
      '所在单位',
      '想听的话题',
    ]);
    expect(records).toHaveLength(5);
    expect(records[3].slice(0, 3)).toEqual(['甲', expect.any(String), '已取消']);
    expect(records[4].slice(0, 4)).toEqual(['路人乙', '138 0000 1234', '现场报名', '']);

    // A name a spreadsheet would run as a formula goes out as text.
    await hc.post(`/salons/${salonId}/checkin/walk-ins`, {
      name: '=HYPERLINK("http://evil.example","点我")',
      phone: '13800001235',
    });
    const again = parseCsv(await (await hc.get(`/salons/${salonId}/attendees.csv`)).text());
    expect(again.ok && again.records.map((r) => r.cells[0])).toContain(
      '\'=HYPERLINK("http://evil.example","点我")',
    );
  });

  it('registers 25 people at once over HTTP for 8 seats without overselling', async () => {
    const { hc, salonId } = await setUp(8);
    await hc.post(`/salons/${salonId}/status`, { status: 'announced' });
    await hc.post(`/salons/${salonId}/status`, { status: 'registration_open' });
    const crowd = await Promise.all(Array.from({ length: 25 }, (_, i) => attendee(`人${i}`)));
    const responses = await Promise.all(
      crowd.map((p) => p.client.post(`/salons/${salonId}/register`, { q_q1: '某单位' })),
    );
    expect(responses.map((r) => r.status)).toEqual(Array(25).fill(303));
    const regs = await t.db.select().from(salonRegistrations).where(eq(salonRegistrations.salonId, salonId));
    expect(regs.filter((r) => r.status === 'confirmed')).toHaveLength(8);
    expect(regs.filter((r) => r.status === 'waitlisted')).toHaveLength(17);
    const mails = await t.db.select().from(mailOutbox).where(eq(mailOutbox.template, 'salons.confirmed'));
    expect(mails).toHaveLength(8);
  }, 60_000);

  it('builds the agenda with up/down reordering and exports it as .ics and Frab JSON', async () => {
    const { hc, salonId, host } = await setUp();
    await hc.post(`/salons/${salonId}/agenda`, {
      title: '开场公开课',
      kind: 'public_class',
      subKind: '',
      speakerId: host.id,
      durationMinutes: '45',
      abstract: '',
    });
    await hc.post(`/salons/${salonId}/agenda`, {
      title: '产品 PK',
      kind: 'hot_segment',
      subKind: 'pk',
      speakerId: '',
      durationMinutes: '30',
      abstract: '',
    });
    expect(
      (await hc.post(`/salons/${salonId}/agenda`, { title: '', kind: 'mini_talk', durationMinutes: '1' }))
        .status,
    ).toBe(400);
    const edit = await (await hc.get(`/salons/${salonId}/edit`)).text();
    const secondId = [...edit.matchAll(/<li data-id="([0-9a-f-]{36})"/g)][1][1];
    expect((await hc.post(`/salons/${salonId}/agenda/${secondId}/move`, { direction: 'up' })).status).toBe(
      303,
    );

    await hc.post(`/salons/${salonId}/status`, { status: 'announced' });
    const ics = await (await t.client().get(`/salons/${salonId}/calendar.ics`)).text();
    expect(ics.split('\r\n').filter((l) => /^(DTSTART;|DTEND;|TZID|SUMMARY)/.test(l))).toEqual([
      'TZID:Asia/Shanghai',
      'DTSTART;TZID=Asia/Shanghai:20300301T140000',
      'DTEND;TZID=Asia/Shanghai:20300301T173000',
      'SUMMARY:共话未来趋势 #1 分布式数据库实践',
    ]);
    const kit = await (await hc.get(`/salons/${salonId}/press-kit`)).text();
    expect(kit).toContain(
      '&lt;h2 style=&quot;margin:0 0 8px;font-size:20px;font-weight:bold;color:#1d4ed8;&quot;&gt;分布式数据库实践&lt;/h2&gt;',
    );
    expect(kit).toContain('1. 产品 PK（PK）');
    const city = await (
      await t.client().get(`/salons/cities/${encodeURIComponent('杭州')}/calendar.ics`)
    ).text();
    expect(city.split('\r\n').filter((l) => l.startsWith('UID:') || l.startsWith('X-WR-CALNAME:'))).toEqual([
      'X-WR-CALNAME:杭州 的沙龙（日历订阅）',
      `UID:salon-${salonId}@gongjin`,
    ]);
    expect(
      await (await t.client().get(`/salons/cities/${encodeURIComponent('北京')}/calendar.ics`)).text(),
    ).not.toContain('BEGIN:VEVENT');
    const frab = await (await t.client().get(`/salons/${salonId}/schedule.json`)).json();
    const events = frab.schedule.conference.days[0].rooms[VENUE];
    expect(
      events.map((e: { title: string; start: string; duration: string; track: string | null }) => [
        e.title,
        e.start,
        e.duration,
        e.track,
      ]),
    ).toEqual([
      ['产品 PK', '14:00', '00:30', 'PK'],
      ['开场公开课', '14:30', '00:45', null],
    ]);
    expect(events[1].persons).toEqual([
      expect.objectContaining({ name: '主办管理员', public_name: '主办管理员' }),
    ]);
  });

  it('plans a host rotation, explains it, and confirms it into draft salons', async () => {
    const { pa, org } = await setUp();
    const other = await makeOrg(t.db, (await makeUser(t.db)).id, {
      slug: 'beichen-tsdb',
      nameZh: '北辰时序',
    });
    const seriesId =
      (await (await pa.get('/salons/plan')).text()).match(/<option value="([0-9a-f-]{36})"/)?.[1] ?? '';
    const base = {
      seriesId,
      startMonth: '2030-05',
      months: '2',
      perMonth: '1',
      cityRepeatWeeks: '6',
      startTime: '14:00',
      endTime: '17:30',
      capacity: '80',
    };
    const impossible = await pa.post('/salons/plan', {
      ...base,
      hosts: `${org.slug} | 2030-09 | 杭州\nbeichen-tsdb | 2030-10 | 北京`,
    });
    expect(impossible.status).toBe(409);
    const failure = await impossible.text();
    expect(failure).toContain('data-constraint="availability"');
    expect(failure).toContain('2030-05-18 这一场排不出来：轮到的单位在该月都不可主办。');

    const res = await pa.post('/salons/plan', {
      ...base,
      hosts: `${org.slug} | | 杭州\nbeichen-tsdb | 2030-05 | 北京, 天津`,
    });
    expect(res.status).toBe(200);
    const html = await res.text();
    expect([...html.matchAll(/<li class="card stack" data-org="([0-9a-f-]{36})"/g)].map((m) => m[1])).toEqual(
      [other.id, org.id],
    );
    expect(html).toContain('<li>2030-05 可主办</li><li>首次轮值</li><li>北京 是第 1 意向城市</li>');

    const confirm = await pa.post('/salons/plan/confirm', {
      seriesId,
      startTime: '14:00',
      endTime: '17:30',
      capacity: '80',
      rows: '2',
      row_0_date: '2030-05-18',
      row_0_org: other.id,
      row_0_city: '北京',
      row_1_date: '2030-06-15',
      row_1_org: org.id,
      row_1_city: '宁波',
    });
    expect(confirm.status).toBe(303);
    const drafts = await t.db
      .select()
      .from(salons)
      .where(eq(salons.seriesId, seriesId))
      .orderBy(salons.number);
    expect(
      drafts.map((d) => [
        d.number,
        d.status,
        d.title,
        d.city,
        d.hostOrgId,
        d.startsAt.toISOString(),
        d.capacity,
      ]),
    ).toEqual([
      [1, 'draft', '分布式数据库实践', '杭州', org.id, '2030-03-01T06:00:00.000Z', 2],
      [2, 'draft', '北京站', '北京', other.id, '2030-05-18T06:00:00.000Z', 80],
      [3, 'draft', '宁波站', '宁波', org.id, '2030-06-15T06:00:00.000Z', 80],
    ]);
  });

  it('starts each salon with the default budget, records actual costs, and reports cost per attendee', async () => {
    const { hc, pa, salonId, org } = await setUp(5);
    const page = await (await hc.get(`/salons/${salonId}/budget`)).text();
    expect(page).toContain('合计：预算 ¥4,300，实际 ¥0');
    const lineIds = [...page.matchAll(/<li class="card" data-id="([0-9a-f-]{36})"/g)].map((m) => m[1]);
    expect(lineIds).toHaveLength(5);
    const save = await hc.post(`/salons/${salonId}/budget/${lineIds[0]}`, {
      category: 'venue',
      note: '西溪会议中心半天',
      plannedCny: '1500',
      actualCny: '1200',
      payerOrgId: org.id,
    });
    expect(save.status).toBe(303);
    expect(
      (await hc.post(`/salons/${salonId}/budget`, { category: 'other', note: '', plannedCny: '-1' })).status,
    ).toBe(400);
    await hc.post(`/salons/${salonId}/budget`, {
      category: 'other',
      note: '横幅',
      plannedCny: '200',
      actualCny: '300',
      payerOrgId: '',
    });
    expect(await (await hc.get(`/salons/${salonId}/budget`)).text()).toContain(
      '合计：预算 ¥4,500，实际 ¥1,500',
    );

    await hc.post(`/salons/${salonId}/status`, { status: 'announced' });
    await hc.post(`/salons/${salonId}/status`, { status: 'registration_open' });
    for (const name of ['甲', '乙', '丙'])
      await (await attendee(name)).client.post(`/salons/${salonId}/register`, { q_q1: '某单位' });
    const report = await (await pa.get('/salons/series/gonghua/report')).text();
    const cells = [...report.matchAll(/<td>([^<]*)<\/td>/g)].map((m) => m[1]);
    expect(cells).toEqual(['¥4,500', '¥1,500', '3', '0', '¥500', '—']);
  });

  it('lists promotion channels; each owner records its published link; the host sees who has published', async () => {
    const { hc, salonId } = await setUp();
    const mediaAdmin = await makeUser(t.db);
    const media = await makeOrg(t.db, mediaAdmin.id, { nameZh: '技术周刊' });
    const mc = t.client();
    await mc.logIn(mediaAdmin.email);
    // Not a channel owner yet: no access.
    expect((await mc.get(`/salons/${salonId}/promotion`)).status).toBe(403);
    const bad = await hc.post(`/salons/${salonId}/promotion`, {
      name: '公众号',
      ownerOrgId: media.id,
      windowStart: '2030-02-20',
      windowEnd: '2030-02-10',
    });
    expect(bad.status).toBe(400);
    expect(
      (
        await hc.post(`/salons/${salonId}/promotion`, {
          name: '技术周刊公众号',
          ownerOrgId: media.id,
          windowStart: '2030-02-20',
          windowEnd: '2030-02-22',
        })
      ).status,
    ).toBe(303);
    const page = await (await mc.get(`/salons/${salonId}/promotion`)).text();
    expect(page).toContain('已发布 0 / 1 个渠道');
    const channelId = page.match(/data-id="([0-9a-f-]{36})" data-published="no"/)?.[1] ?? '';
    expect(
      (await mc.post(`/salons/${salonId}/promotion/${channelId}/published`, { url: 'not a url' })).status,
    ).toBe(400);
    expect(
      (
        await mc.post(`/salons/${salonId}/promotion/${channelId}/published`, {
          url: 'https://mp.example.cn/s/abc',
        })
      ).status,
    ).toBe(303);
    const hostView = await (await hc.get(`/salons/${salonId}/promotion`)).text();
    expect(hostView).toContain('已发布 1 / 1 个渠道');
    expect(hostView).toContain(
      '<a href="https://mp.example.cn/s/abc" rel="noopener noreferrer">已发布（查看）</a>',
    );
    // The media admin cannot add channels to someone else's salon.
    expect(
      (
        await mc.post(`/salons/${salonId}/promotion`, {
          name: 'x',
          ownerOrgId: media.id,
          windowStart: '2030-02-20',
          windowEnd: '2030-02-22',
        })
      ).status,
    ).toBe(403);
  });
});

describe('salon speakers', () => {
  it('invites a speaker by email, who signs in, claims the talk and edits it; others cannot', async () => {
    const { hc, salonId } = await setUp();
    await hc.post(`/salons/${salonId}/agenda`, {
      title: '待定议题',
      kind: 'mini_talk',
      subKind: '',
      abstract: '',
      speakerId: '',
      durationMinutes: '20',
    });
    const itemId = (await (await hc.get(`/salons/${salonId}/edit`)).text()).match(
      /data-testid="agenda-admin"><li data-id="([0-9a-f-]{36})"/,
    )?.[1];
    expect(itemId).toBeTruthy();
    // A bad address is shown on that item's invitation form (not on the form that adds items).
    const refused = await hc.post(`/salons/${salonId}/agenda/${itemId}/invite`, { email: 'nope' });
    expect(refused.status).toBe(400);
    const refusedHtml = await refused.text();
    const inviteForm = refusedHtml.match(
      new RegExp(`<form[^>]*action="/salons/${salonId}/agenda/${itemId}/invite"[\\s\\S]*?</form>`),
    )?.[0];
    expect(inviteForm).toContain('aria-invalid="true"');
    expect(inviteForm).toContain('value="nope"');
    const addForm = refusedHtml.match(
      new RegExp(`<form[^>]*action="/salons/${salonId}/agenda"[\\s\\S]*?</form>`),
    )?.[0];
    expect(addForm).toBeTruthy();
    expect(addForm).not.toContain('role="alert"');
    const invited = await hc.post(`/salons/${salonId}/agenda/${itemId}/invite`, {
      email: 'Speaker@Example.cn',
    });
    expect(invited.status).toBe(303);
    // The organiser is told the invitation went out.
    expect(invited.headers.get('location')).toBe(`/salons/${salonId}/edit?done=invited#agenda`);
    expect(await (await hc.get(`/salons/${salonId}/edit?done=invited`)).text()).toContain('邀请已发送。');
    const mail = await lastMailTo(t.db, 'speaker@example.cn');
    expect(mail.subject).toBe('讲师邀请：分布式数据库实践');
    const link = linkIn(mail.text);
    expect(link).toMatch(/^\/salons\/speaker-invites\/[\w-]{43}$/);

    // Not signed in: asked to log in and come back.
    const anon = await (await t.client().get(link)).text();
    expect(anon).toContain(`/login?next=${encodeURIComponent(link)}`);
    expect((await t.client().post(`${link}/claim`)).status).toBe(401);

    const speaker = await attendee('讲师丙');
    const claimed = await speaker.client.post(`${link}/claim`);
    expect(claimed.status).toBe(303);
    const talkPath = `/salons/${salonId}/agenda/${itemId}/talk`;
    expect(claimed.headers.get('location')).toBe(talkPath);
    // The link works once: another account cannot take the talk over.
    const other = await attendee('路人丁');
    expect(await (await other.client.get(link)).text()).toContain('这个邀请已被其他账号确认。');
    expect((await other.client.post(`${link}/claim`)).status).toBe(409);
    expect((await other.client.get(talkPath)).status).toBe(403);
    expect((await other.client.post(talkPath, { title: '抢走', abstract: '', slidesUrl: '' })).status).toBe(
      403,
    );

    expect((await speaker.client.post(talkPath, { title: '', slidesUrl: 'ftp://x' })).status).toBe(400);
    const saved = await speaker.client.post(talkPath, {
      title: '向量检索的工程实践',
      abstract: '从索引到查询计划。',
      slidesUrl: 'https://slides.example.cn/vector',
    });
    expect(saved.status).toBe(303);
    await hc.post(`/salons/${salonId}/status`, { status: 'announced' });
    const page = await (await t.client().get(`/salons/${salonId}`)).text();
    expect(page).toContain('<strong>向量检索的工程实践</strong>');
    expect(page).toContain('讲师丙');
    expect(page).toContain('href="https://slides.example.cn/vector"');
  });
});

describe('salon live and after', () => {
  it('keeps stream links and viewers, imports CSV all-or-nothing, shows the lift and sanitised recaps', async () => {
    const { hc, salonId } = await setUp();
    await hc.post(`/salons/${salonId}/status`, { status: 'announced' });
    expect((await hc.post(`/salons/${salonId}/live/streams`, { platform: '', url: 'x' })).status).toBe(400);
    const saved = await hc.post(`/salons/${salonId}/live/streams`, {
      platform: '微信视频号',
      url: 'https://channels.weixin.qq.com/live/1',
      viewers: '',
    });
    expect(saved.status).toBe(303);
    expect(await (await t.client().get(`/salons/${salonId}`)).text()).toMatch(
      /data-testid="streams"><li><a href="https:\/\/channels.weixin.qq.com\/live\/1" rel="noopener">微信视频号<\/a>/,
    );

    // One bad line rejects the whole paste, and every bad line is named.
    const bad = await hc.post(`/salons/${salonId}/live/viewers`, {
      csv: '平台,人数\n微信视频号,1200\nB站,很多\n抖音',
    });
    expect(bad.status).toBe(400);
    const badHtml = await bad.text();
    expect(badHtml).toContain('第 3 行：数值无效');
    expect(badHtml).toContain('第 4 行：列数不对或缺少名称');
    expect(badHtml).toContain('data-viewers="微信视频号">—<');
    const good = await hc.post(`/salons/${salonId}/live/viewers`, {
      csv: '平台,人数\n微信视频号,1200\nB站,"3,400"',
    });
    expect(good.status).toBe(303);
    const live = await (await hc.get(`/salons/${salonId}/live`)).text();
    expect(live).toContain('data-viewers="微信视频号">1200<');
    expect(live).toContain('data-viewers="B站">3400<');
    expect(live).toContain('data-testid="viewers-total">4600<');

    // The salon is on 2030-03-01 (Asia/Shanghai): 7 days before average 100, 7 days after 150.
    const days = (from: string, n: number) =>
      Array.from({ length: n }, (_, i) =>
        new Date(Date.parse(`${from}T00:00:00Z`) + i * 86_400_000).toISOString().slice(0, 10),
      );
    const csv = [
      'keyword,date,value',
      ...days('2030-02-22', 7).map((d) => `国产数据库,${d},100`),
      '国产数据库,2030-03-01,900',
      ...days('2030-03-02', 7).map((d) => `国产数据库,${d},150`),
    ].join('\n');
    expect((await hc.post(`/salons/${salonId}/live/attention`, { csv: 'k,2030-02-30,1' })).status).toBe(400);
    expect((await hc.post(`/salons/${salonId}/live/attention`, { csv })).status).toBe(303);
    expect(await (await hc.get(`/salons/${salonId}/live`)).text()).toContain(
      'data-lift="国产数据库">+50.0 %<',
    );

    // A recap in Markdown is shown rendered and sanitised, and the talk appears on the home page.
    await hc.post(`/salons/${salonId}/agenda`, {
      title: '回顾议题',
      kind: 'public_class',
      subKind: '',
      abstract: '',
      speakerId: '',
      durationMinutes: '30',
    });
    const itemId = (await (await hc.get(`/salons/${salonId}/edit`)).text()).match(
      /data-testid="agenda-admin"><li data-id="([0-9a-f-]{36})"/,
    )?.[1];
    const talk = await hc.post(`/salons/${salonId}/agenda/${itemId}/talk`, {
      title: '回顾议题',
      abstract: '',
      slidesUrl: '',
      replayUrl: 'https://www.bilibili.com/video/BV1',
      recap: '**要点**：向量索引\n\n<script>alert(1)</script>',
    });
    expect(talk.status).toBe(303);
    const page = await (await t.client().get(`/salons/${salonId}`)).text();
    expect(page).toContain('<strong>要点</strong>');
    expect(page).not.toContain('<script>alert(1)</script>');
    expect(page).toContain('href="https://www.bilibili.com/video/BV1"');
    const home = await (await t.client().get('/')).text();
    expect(home).toContain('最新回顾与回放');
    expect(home).toContain(`href="/salons/${salonId}#agenda-${itemId}">回顾议题</a>`);

    // The report: four server-rendered SVG charts and the costs per attendee and per 1,000 viewers.
    await t.db
      .update(salonBudgetLines)
      .set({ actualCny: 4600 })
      .where(and(eq(salonBudgetLines.salonId, salonId), eq(salonBudgetLines.category, 'venue')));
    await hc.post(`/salons/${salonId}/checkin/walk-ins`, { name: '路人乙', phone: '' });
    const report = await hc.get(`/salons/${salonId}/report`);
    expect(report.status).toBe(200);
    const reportHtml = await report.text();
    const charts = [
      ...reportHtml.matchAll(/data-chart="(\w+)"[\s\S]*?src="data:image\/svg\+xml;base64,([^"]+)"/g),
    ];
    expect(charts.map((m) => m[1])).toEqual(['registrations', 'attendance', 'viewers', 'attention']);
    const viewersSvg = Buffer.from(charts[2][2], 'base64').toString('utf8');
    expect(viewersSvg).toMatch(/^<svg/);
    expect(viewersSvg).toContain('微信视频号');
    expect(viewersSvg).toContain('3400');
    expect(Buffer.from(charts[3][2], 'base64').toString('utf8')).toContain('国产数据库');
    expect(reportHtml).toContain('data-cost="actual">¥4,600<');
    expect(reportHtml).toContain('data-cost="attendees">1<');
    expect(reportHtml).toContain('data-cost="perAttendee">¥4,600<');
    expect(reportHtml).toContain('data-cost="perThousandViewers">¥1,000<');

    // The public JSON API, described in the OpenAPI document.
    const list = (await (await t.client().get('/api/v1/salons')).json()) as { salons: Array<{ id: string }> };
    expect(list.salons.map((s) => s.id)).toEqual([salonId]);
    const one = await t.client().get(`/api/v1/salons/${salonId}`);
    expect(one.status).toBe(200);
    expect(await one.json()).toMatchObject({
      id: salonId,
      number: 1,
      city: '杭州',
      timezone: 'Asia/Shanghai',
      startsAt: '2030-03-01T06:00:00.000Z',
      host: { nameZh: '云海数据' },
      sponsors: [{ nameZh: '星河科技' }],
      agenda: [{ title: '回顾议题', replayUrl: 'https://www.bilibili.com/video/BV1' }],
      streams: [{ platform: '微信视频号', url: 'https://channels.weixin.qq.com/live/1' }],
    });
    expect((await t.client().get('/api/v1/salons/00000000-0000-4000-8000-000000000000')).status).toBe(404);
    expect((await t.client().get('/api/v1/salons/not-a-uuid')).status).toBe(404);
    const doc = (await (await t.client().get('/api/openapi.json')).json()) as {
      paths: Record<string, unknown>;
    };
    expect(Object.keys(doc.paths)).toEqual(expect.arrayContaining(['/api/v1/salons', '/api/v1/salons/{id}']));
  });
});

describe('salon posters over HTTP', () => {
  it('serves both posters, drawn by the job when the salon changes, and links them from the press kit', async () => {
    const { hc, salonId } = await setUp();
    // A draft's posters are for its managers only.
    expect((await t.client().get(`/salons/${salonId}/posters/square.png`)).status).toBe(404);
    await hc.post(`/salons/${salonId}/status`, { status: 'announced' });
    const before = await t.db.select().from(salonPosters).where(eq(salonPosters.salonId, salonId));
    expect(before).toHaveLength(0);
    // Drawn on demand until the job has run.
    const square = await t.client().get(`/salons/${salonId}/posters/square.png`);
    expect(square.status).toBe(200);
    expect(square.headers.get('content-type')).toBe('image/png');
    const bytes = Buffer.from(await square.arrayBuffer());
    expect([bytes.readUInt32BE(16), bytes.readUInt32BE(20)]).toEqual([1080, 1080]);
    expect((await t.client().get(`/salons/${salonId}/posters/other.png`)).status).toBe(404);

    await t.runJobs();
    const stored = await t.db.select().from(salonPosters).where(eq(salonPosters.salonId, salonId));
    expect(stored.map((p) => p.format).sort()).toEqual(['square', 'story']);
    const story = Buffer.from(
      await (await t.client().get(`/salons/${salonId}/posters/story.png`)).arrayBuffer(),
    );
    expect(story.equals(Buffer.from(stored.find((p) => p.format === 'story')!.png))).toBe(true);
    expect([story.readUInt32BE(16), story.readUInt32BE(20)]).toEqual([1080, 1920]);

    // Changing the agenda redraws them.
    const drawnAt = stored[0].renderedAt;
    await hc.post(`/salons/${salonId}/agenda`, {
      title: '新议题',
      kind: 'mini_talk',
      subKind: '',
      abstract: '',
      speakerId: '',
      durationMinutes: '20',
    });
    await t.runJobs();
    const redrawn = await t.db.select().from(salonPosters).where(eq(salonPosters.salonId, salonId));
    expect(redrawn.every((p) => p.renderedAt > drawnAt)).toBe(true);

    const kit = await (await hc.get(`/salons/${salonId}/press-kit`)).text();
    expect(kit).toContain(`href="/salons/${salonId}/posters/story.png"`);
    expect(kit).toContain(`href="/salons/${salonId}/posters/square.png"`);
  }, 60_000);

  it('shows the poster the job drew on the cached salon page at once, and the next one after a change', async () => {
    const { hc, salonId } = await setUp();
    await hc.post(`/salons/${salonId}/status`, { status: 'announced' });
    const page = async () => (await t.client().get(`/salons/${salonId}`)).text();
    const posterUrl = (html: string) =>
      html.match(/<img data-testid="poster" src="([^"]+)"/)?.[1] ?? 'no poster';
    // Not drawn yet: no poster, and the page is now kept for anonymous visitors.
    expect(await page()).not.toContain('data-testid="poster"');

    // Created, then announced: two changes that share one waiting redraw.
    const waiting = await t.db
      .select({ payload: jobs.payload })
      .from(jobs)
      .where(and(eq(jobs.kind, 'salon.posters'), eq(jobs.status, 'queued')));
    expect(waiting).toEqual([{ payload: { salonId } }]);
    // The job writes outside any request: its own invalidation is what makes the cached page change.
    expect(await t.runJobs()).toBeGreaterThan(0);
    const [drawn] = await t.db
      .select()
      .from(salonPosters)
      .where(and(eq(salonPosters.salonId, salonId), eq(salonPosters.format, 'square')));
    expect(posterUrl(await page())).toBe(
      `/salons/${salonId}/posters/square.png?v=${drawn.renderedAt.getTime()}`,
    );

    // A route's write shows on the cached page at once; its redraw shows once the job has run.
    await hc.post(`/salons/${salonId}/agenda`, {
      title: '向量检索专题',
      kind: 'mini_talk',
      subKind: '',
      abstract: '',
      speakerId: '',
      durationMinutes: '20',
    });
    const edited = await page();
    expect(edited).toContain('向量检索专题');
    expect(posterUrl(edited)).toBe(`/salons/${salonId}/posters/square.png?v=${drawn.renderedAt.getTime()}`);
    await t.runJobs();
    const [redrawn] = await t.db
      .select()
      .from(salonPosters)
      .where(and(eq(salonPosters.salonId, salonId), eq(salonPosters.format, 'square')));
    expect(redrawn.renderedAt.getTime()).toBeGreaterThan(drawn.renderedAt.getTime());
    expect(posterUrl(await page())).toBe(
      `/salons/${salonId}/posters/square.png?v=${redrawn.renderedAt.getTime()}`,
    );
  }, 60_000);
});
