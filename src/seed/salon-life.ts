/**
 * The demo salons' whole life, through the services organisers use: promotion channels of several
 * members (some published late), registrations over the weeks before with the waitlist promoting
 * people as others cancel, check-ins and walk-ins at the door, live streams with viewer counts, the
 * attention series around the day, budget actuals and a sponsor's line, replays and recaps.
 *
 * Every number comes from a fixed random seed, and dates are relative to the seeding day, so every
 * machine shows the same story and "upcoming" stays upcoming. Services stamp rows with the time
 * they run; `backdate` then moves those stamps to when they would have happened (the registration
 * curve needs its weeks), touching timestamps only.
 */
import { and, asc, eq } from 'drizzle-orm';
import { type Db, transaction } from '../db/client.ts';
import { createConfirmedUser, hashPassword } from '../modules/identity/accounts.ts';
import type { SalonStatus } from '../modules/salons/schema.ts';
import {
  salonAgendaItems,
  salonBudgetLines,
  salonChannels,
  salonRegistrations,
  salonWalkIns,
} from '../modules/salons/schema.ts';
import {
  addPromotionChannel,
  addWalkIn,
  cancelRegistration,
  checkIn,
  importAttention,
  recordPublication,
  register,
  saveBudgetLine,
  saveStream,
  updateTalk,
} from '../modules/salons/service.ts';

const DAY = 86_400_000;

/** What happened around one salon. Counts are of the generated attendees (the named ones come first). */
export type SalonLife = {
  registrations: number;
  cancellations: number;
  /** Of the confirmed, how many came (the rest did not show up). */
  checkIns: number;
  walkIns: number;
  /** Days before the salon that registration opened. */
  openedDaysBefore: number;
  /** Actual spend per default budget line; a category left out keeps no actual amount. */
  actuals?: Partial<Record<'venue' | 'tea' | 'poster' | 'dinner' | 'gifts', number>>;
  /** An extra line another member pays for. */
  sponsored?: { category: 'gifts' | 'other'; note: string; cny: number; payer: string };
  /** Synchronized promotion: days late past the window, or `null` when not published (yet). */
  channels: Array<{ name: string; owner: string; lateDays: number | null }>;
  streams?: Array<{ platform: string; url: string; viewers: number }>;
  /** The attention index for 7 days before and after: its daily mean on each side. */
  attention?: { keyword: string; before: number; after: number };
  /** Replays and recaps on the talk pages (past salons whose recap is published). */
  replays?: boolean;
};

/** The demo's generator is the bank's (mulberry32): the same seed, the same demo on every machine. */
export { seededRandom } from '../modules/questions/score.ts';

const SURNAMES =
  '王李张刘陈杨黄赵吴周徐孙马朱胡郭何林罗高郑梁谢宋唐许韩冯邓曹彭曾萧田董潘袁蔡蒋余于杜叶程魏苏吕丁任沈姚卢';
const GIVEN = [
  '伟',
  '芳',
  '娜',
  '敏',
  '静',
  '磊',
  '洋',
  '勇',
  '艳',
  '杰',
  '军',
  '涛',
  '明',
  '超',
  '霞',
  '平',
  '俊杰',
  '晓东',
  '雨萱',
  '子涵',
  '浩然',
  '思远',
  '佳怡',
  '一鸣',
  '欣怡',
  '宇航',
  '梓萌',
  '嘉豪',
  '诗涵',
  '志强',
  '文博',
  '海燕',
  '建华',
  '丽娟',
  '振宇',
  '晨曦',
];
const AFFILIATIONS = [
  '云海数据',
  '恒通银行科技',
  '东湖大学',
  '华东师范技术大学',
  '嘉亿物流',
  '北辰时序',
  '观澜运维',
  '数据库开发者社区',
  '某证券公司',
  '某省大数据局',
  '自由职业',
  '某互联网公司',
  '某制造企业',
  '新桥迁移',
];

export type Crowd = Array<{ id: string; affiliation: string }>;

/**
 * The people who come to salons: accounts (so their tickets and mails are real) sharing one
 * password hash, which keeps seeding fast.
 */
export async function seedCrowd(
  db: Db,
  size: number,
  password: string,
  random: () => number,
): Promise<Crowd> {
  const hash = await hashPassword(password);
  const crowd: Crowd = [];
  for (let i = 1; i <= size; i++) {
    const name =
      SURNAMES[Math.floor(random() * SURNAMES.length)] + GIVEN[Math.floor(random() * GIVEN.length)];
    const affiliation = AFFILIATIONS[Math.floor(random() * AFFILIATIONS.length)];
    const id = await createConfirmedUser(db, {
      email: `guest${String(i).padStart(3, '0')}@attendee.demo.gongjin.dev`,
      password: { hash },
      displayName: name,
      roles: [],
      locale: 'zh-CN',
      affiliation,
    });
    crowd.push({ id, affiliation });
  }
  return crowd;
}

type Ctx = {
  db: Db;
  salonId: string;
  startsAt: Date;
  life: SalonLife;
  crowd: Crowd;
  /** Named attendees (demo people) registered first. */
  named: string[];
  orgIds: Map<string, string>;
  info: { publicUrl: string; ip: null; actorId: string };
  mail: { publicUrl: string; secret: string; locale: 'zh-CN' };
  random: () => number;
};

const isoDay = (d: Date) => new Date(d.getTime() + 8 * 3_600_000).toISOString().slice(0, 10);

/** Runs what the organisers do once the salon has reached `status`. */
export async function liveStage(ctx: Ctx, status: SalonStatus): Promise<void> {
  const { db, salonId, life, info } = ctx;
  if (status === 'announced') {
    // Everyone posts in the same window, two weeks before the day.
    const windowStart = isoDay(new Date(ctx.startsAt.getTime() - 16 * DAY));
    const windowEnd = isoDay(new Date(ctx.startsAt.getTime() - 13 * DAY));
    for (const ch of life.channels)
      await addPromotionChannel(
        db,
        salonId,
        { name: ch.name, ownerOrgId: ctx.orgIds.get(ch.owner)!, windowStart, windowEnd },
        info,
      );
  }
  if (status === 'registration_open') {
    const channels = await db.select().from(salonChannels).where(eq(salonChannels.salonId, salonId));
    for (const [i, ch] of channels.entries())
      if (life.channels[i]?.lateDays !== null)
        await recordPublication(
          db,
          salonId,
          ch.id,
          `https://mp.weixin.qq.com/s/demo-${salonId.slice(0, 8)}-${i + 1}`,
          info,
        );
    const people = [
      ...ctx.named.map((id) => ({ id, affiliation: '东湖大学' })),
      ...ctx.crowd.slice(0, life.registrations),
    ];
    for (const p of people)
      await register(db, { salonId, userId: p.id, answers: { q1: p.affiliation } }, info, ctx.mail);
    // Some confirmed people cancel in the last week; the waitlist moves up behind them.
    const confirmed = await registrations(db, salonId, 'confirmed');
    for (const r of confirmed.slice(ctx.named.length, ctx.named.length + life.cancellations))
      await cancelRegistration(db, r.id, { ...info, actorId: r.userId }, ctx.mail);
  }
  if (status === 'live') {
    const confirmed = await registrations(db, salonId, 'confirmed');
    // No-shows are spread through the list, not all at its end.
    const order = confirmed.map((r) => ({ r, k: ctx.random() })).sort((a, b) => a.k - b.k);
    for (const { r } of order.slice(0, life.checkIns))
      await checkIn(db, salonId, { registrationId: r.id }, info);
    for (let i = 0; i < life.walkIns; i++)
      await addWalkIn(
        db,
        salonId,
        {
          name: `现场来宾${i + 1}`,
          phone: `139${String(10_000_000 + Math.floor(ctx.random() * 89_999_999))}`,
        },
        info,
      );
  }
  if (status === 'finished') {
    for (const s of life.streams ?? []) await saveStream(db, salonId, s, info);
    if (life.attention) await importAttention(db, salonId, attentionSeries(ctx), info);
    await spend(ctx);
    if (life.replays) await publishReplays(ctx);
  }
}

async function registrations(db: Db, salonId: string, status: 'confirmed' | 'waitlisted') {
  return db
    .select({ id: salonRegistrations.id, userId: salonRegistrations.userId })
    .from(salonRegistrations)
    .where(and(eq(salonRegistrations.salonId, salonId), eq(salonRegistrations.status, status)))
    .orderBy(asc(salonRegistrations.seq));
}

/** 7 days before and after the salon's day, around each side's mean, with the day itself spiking. */
function attentionSeries(ctx: Ctx) {
  const a = ctx.life.attention!;
  const rows: Array<{ keyword: string; day: string; value: number }> = [];
  for (let d = -7; d <= 7; d++) {
    const mean = d < 0 ? a.before : d > 0 ? a.after : a.after * 2.2;
    const value = Math.round(mean * (0.85 + ctx.random() * 0.3));
    rows.push({ keyword: a.keyword, day: isoDay(new Date(ctx.startsAt.getTime() + d * DAY)), value });
  }
  return rows;
}

async function spend(ctx: Ctx) {
  const { db, salonId, life, info } = ctx;
  const lines = await db.select().from(salonBudgetLines).where(eq(salonBudgetLines.salonId, salonId));
  for (const line of lines) {
    const actual = life.actuals?.[line.category as keyof NonNullable<SalonLife['actuals']>];
    if (actual === undefined) continue;
    await saveBudgetLine(
      db,
      salonId,
      line.id,
      {
        category: line.category,
        note: line.note,
        plannedCny: line.plannedCny,
        actualCny: actual,
        payerOrgId: line.payerOrgId,
      },
      info,
    );
  }
  if (life.sponsored) {
    const s = life.sponsored;
    await saveBudgetLine(
      db,
      salonId,
      null,
      {
        category: s.category,
        note: s.note,
        plannedCny: s.cny,
        actualCny: s.cny,
        payerOrgId: ctx.orgIds.get(s.payer)!,
      },
      info,
    );
  }
}

async function publishReplays(ctx: Ctx) {
  const items = await ctx.db
    .select()
    .from(salonAgendaItems)
    .where(eq(salonAgendaItems.salonId, ctx.salonId))
    .orderBy(asc(salonAgendaItems.position));
  for (const [i, item] of items.entries())
    await updateTalk(
      ctx.db,
      ctx.salonId,
      item.id,
      {
        title: item.title,
        abstract: item.abstract,
        slidesUrl: item.slidesUrl ?? '',
        replayUrl: `https://www.bilibili.com/video/BV1demo${ctx.salonId.slice(0, 4)}${i + 1}`,
        recap: `本环节回顾：${item.title}。现场问答集中在落地成本与迁移风险，讲者分享了可复用的检查清单，幻灯片与回放见本页。`,
      },
      ctx.info,
    );
}

/**
 * Moves the services' "now" stamps to when things happened: registrations over the weeks before
 * (more just after opening and in the last days), cancellations a few days later, check-ins in the
 * half hour before the start, walk-ins after it, publications in the window (late ones after it).
 */
export async function backdate(ctx: Ctx): Promise<void> {
  const { db, salonId, startsAt, life, random } = ctx;
  const start = startsAt.getTime();
  const now = Date.now();
  const opened = start - life.openedDaysBefore * DAY;
  // An upcoming salon's registrations happened between opening and now.
  const until = Math.min(now - 3_600_000, start - DAY);
  await transaction(db, async (tx) => {
    const regs = await tx
      .select()
      .from(salonRegistrations)
      .where(eq(salonRegistrations.salonId, salonId))
      .orderBy(asc(salonRegistrations.seq));
    // A U-shaped spread: a rush when registration opens, another in the last days.
    const stamps = regs
      .map(() => {
        const u = random();
        const f = u < 0.5 ? (u * 2) ** 2 * 0.5 : 1 - ((1 - u) * 2) ** 2 * 0.5;
        return opened + f * (until - opened);
      })
      .sort((a, b) => a - b);
    for (const [i, r] of regs.entries()) {
      const createdAt = new Date(stamps[i]);
      const cancelledAt = r.cancelledAt
        ? new Date(Math.min(until, stamps[i] + (2 + random() * 5) * DAY))
        : null;
      const checkedInAt = r.checkedInAt ? new Date(start - (35 - random() * 45) * 60_000) : null;
      await tx
        .update(salonRegistrations)
        .set({ createdAt, updatedAt: cancelledAt ?? checkedInAt ?? createdAt, cancelledAt, checkedInAt })
        .where(eq(salonRegistrations.id, r.id));
    }
    const walkIns = await tx
      .select({ id: salonWalkIns.id })
      .from(salonWalkIns)
      .where(eq(salonWalkIns.salonId, salonId));
    for (const w of walkIns)
      await tx
        .update(salonWalkIns)
        .set({ createdAt: new Date(start + random() * 40 * 60_000) })
        .where(eq(salonWalkIns.id, w.id));
    const channels = await tx
      .select()
      .from(salonChannels)
      .where(eq(salonChannels.salonId, salonId))
      .orderBy(asc(salonChannels.createdAt));
    for (const [i, ch] of channels.entries()) {
      const late = life.channels[i]?.lateDays;
      if (!ch.publishedAt || late == null) continue;
      const windowStart = Date.parse(`${ch.windowStart}T09:00:00+08:00`);
      const windowEnd = Date.parse(`${ch.windowEnd}T20:00:00+08:00`);
      const publishedAt =
        late > 0 ? windowEnd + late * DAY : windowStart + random() * (windowEnd - windowStart);
      await tx
        .update(salonChannels)
        .set({ publishedAt: new Date(Math.min(publishedAt, now)), createdAt: new Date(opened - 3 * DAY) })
        .where(eq(salonChannels.id, ch.id));
    }
  });
}
