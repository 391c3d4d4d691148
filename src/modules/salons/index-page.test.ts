/** The salon index and series page as a visitor sees them: cards, order, highlight, logos, feeds. */
import { describe, expect, it } from 'vitest';
import { makeOrg, makeUser, useTestApp } from '../../testing/harness.ts';
import { salonSeries, salons } from './schema.ts';

const t = useTestApp();

async function seedSalons() {
  const admin = await makeUser(t.db, { roles: ['platform_admin'] });
  const host = await makeOrg(t.db, admin.id, { nameZh: '云海数据' });
  const [series] = await t.db
    .insert(salonSeries)
    .values({ slug: 'gonghua', titleZh: '共话未来趋势' })
    .returning();
  const base = { seriesId: series.id, hostOrgId: host.id, capacity: 50 };
  const rows = await t.db
    .insert(salons)
    .values([
      {
        ...base,
        number: 1,
        title: '已经结束的一期',
        city: '北京',
        status: 'recap_published' as const,
        startsAt: new Date('2026-03-01T06:00:00Z'),
        endsAt: new Date('2026-03-01T09:00:00Z'),
      },
      {
        ...base,
        number: 2,
        title: '预告中的一期',
        city: '杭州',
        status: 'announced' as const,
        startsAt: new Date('2030-02-01T06:00:00Z'),
        endsAt: new Date('2030-02-01T09:00:00Z'),
      },
      {
        ...base,
        number: 3,
        title: '正在报名的一期',
        city: '深圳',
        status: 'registration_open' as const,
        startsAt: new Date('2030-05-01T06:00:00Z'),
        endsAt: new Date('2030-05-01T09:30:00Z'),
      },
    ])
    .returning();
  return { rows, host };
}

/** The `data-id`s of one section's cards, in page order. */
const cardIds = (html: string, section: string) => {
  const start = html.indexOf(`data-testid="${section}"`);
  if (start < 0) return [];
  const end = html.indexOf('</ul>', start);
  return [...html.slice(start, end).matchAll(/<li data-id="([^"]+)"/g)].map((m) => m[1]);
};

describe('the salon index', () => {
  it('lists the salon open for registration first and highlighted, then the coming one, then the past', async () => {
    const { rows, host } = await seedSalons();
    const [past, announced, open] = rows;
    const html = await (await t.client().get('/salons')).text();
    expect(cardIds(html, 'salons-upcoming')).toEqual([open.id, announced.id]);
    expect(cardIds(html, 'salons-past')).toEqual([past.id]);
    const openCard = html.slice(
      html.indexOf(`<li data-id="${open.id}"`),
      html.indexOf('</li>', html.indexOf(`<li data-id="${open.id}"`)),
    );
    expect(openCard).toContain(`<a class="ui-card ui-card-highlight salon-card" href="/salons/${open.id}">`);
    expect(openCard).toContain(
      '<span class="ui-date-month">5月</span><span class="ui-date-day">1</span><span class="ui-date-weekday">周三</span>',
    );
    expect(openCard).toContain('<strong class="salon-card-title">正在报名的一期</strong>');
    expect(openCard).toContain('深圳 · 2030年5月1日周三 14:00–17:30 北京时间');
    expect(openCard).toMatch(
      new RegExp(`<img src="/monograms/${host.slug}\\.svg\\?v=[^"]+" alt="" loading="lazy"/></span>云海数据`),
    );
    expect(openCard).toContain('data-status="registration_open">报名中</span>');
    const announcedCard = html.slice(html.indexOf(`<li data-id="${announced.id}"`));
    expect(
      announcedCard.startsWith(
        `<li data-id="${announced.id}" data-status="announced"><a class="ui-card salon-card"`,
      ),
    ).toBe(true);
    expect(html).not.toContain('Asia/Shanghai');
  });

  it('offers calendar subscription as its own action, per series and per city, not as the city name on a card', async () => {
    await seedSalons();
    const html = await (await t.client().get('/salons')).text();
    const feeds = html.slice(html.indexOf('data-testid="calendar-feeds"'), html.indexOf('</details>'));
    expect(feeds).toContain('<summary>订阅沙龙日历</summary>');
    expect([...feeds.matchAll(/href="([^"]+\.ics)"/g)].map((m) => decodeURIComponent(m[1]))).toEqual([
      '/salons/series/gonghua/calendar.ics',
      '/salons/cities/北京/calendar.ics',
      '/salons/cities/杭州/calendar.ics',
      '/salons/cities/深圳/calendar.ics',
    ]);
    const cards = html.slice(
      html.indexOf('data-testid="salon-list"'),
      html.indexOf('data-testid="calendar-feeds"'),
    );
    expect(cards).not.toContain('.ics');
  });

  it('says what to do when nothing is coming up', async () => {
    const admin = await makeUser(t.db, { roles: ['platform_admin'] });
    const host = await makeOrg(t.db, admin.id, { nameZh: '云海数据' });
    const [series] = await t.db.insert(salonSeries).values({ slug: 'past', titleZh: '往期' }).returning();
    await t.db.insert(salons).values({
      seriesId: series.id,
      hostOrgId: host.id,
      number: 1,
      title: '结束了',
      city: '北京',
      status: 'finished',
      startsAt: new Date('2026-03-01T06:00:00Z'),
      endsAt: new Date('2026-03-01T09:00:00Z'),
    });
    const html = await (await t.client().get('/salons/series/past')).text();
    expect(html).toContain(
      '<div class="ui-empty" data-testid="empty-state"><p>暂时没有即将举行的沙龙。订阅日历后，新的一期发布时会自动出现在你的日历里。</p></div>',
    );
    expect(html).toContain(
      'href="/salons/series/past/calendar.ics" data-testid="series-feed">订阅本系列日历</a>',
    );
  });
});
