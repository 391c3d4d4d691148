import { and, eq, like } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { auditLog, jobs, mailOutbox } from '../../platform/schema.ts';
import { makeOrg, makeUser, TEST_PUBLIC_URL, useTestApp } from '../../testing/harness.ts';
import { organizationLogos } from '../../wiring.ts';
import { users } from '../identity/schema.ts';
import { setOrganizationLogo } from '../members/service.ts';
import { monogramSvg } from '../members/svg.ts';
import { listAgenda, salonCounts } from './queries.ts';
import { salonRegistrations, salons } from './schema.ts';
import {
  addAgendaItem,
  cancelRegistration,
  changeSalonStatus,
  checkIn,
  createSalon,
  createSeries,
  moveAgendaItem,
  register,
  salonPosterData,
  sendReminders,
} from './service.ts';
import { verifyTicket } from './tickets.ts';

const t = useTestApp();
const SECRET = 'test-secret-test-secret-test-secret-00';
const mail = { publicUrl: TEST_PUBLIC_URL, secret: SECRET, locale: 'zh-CN' as const };
const info = { publicUrl: TEST_PUBLIC_URL, ip: null, actorId: null };

async function openSalon(
  capacity: number,
  questions: Array<{ id: string; label: string; required: boolean }> = [],
) {
  const admin = await makeUser(t.db);
  const org = await makeOrg(t.db, admin.id);
  const series = await createSeries(
    t.db,
    { slug: `s-${Date.now()}`, titleZh: '共话未来趋势', titleEn: '', description: '' },
    info,
  );
  const salon = await createSalon(
    t.db,
    {
      seriesId: series.id,
      title: '分布式数据库实践',
      description: '',
      city: '杭州',
      venue: '',
      address: '',
      mapUrl: '',
      startsAt: new Date('2030-03-01T06:00:00Z'),
      endsAt: new Date('2030-03-01T09:00:00Z'),
      timezone: 'Asia/Shanghai',
      hostOrgId: org.id,
      cohostOrgIds: [],
      capacity,
      registrationDeadline: null,
      questions,
    },
    info,
  );
  await changeSalonStatus(t.db, salon.id, 'announced', info);
  await changeSalonStatus(t.db, salon.id, 'registration_open', info);
  return { salon, series, org };
}

/** Many people at once, without hashing a password each (the registration path never reads it). */
async function people(n: number) {
  const rows = await t.db
    .insert(users)
    .values(
      Array.from({ length: n }, (_, i) => ({
        email: `p${i}-${Date.now()}@crowd.test`,
        passwordHash: 'x',
        displayName: `参会者${i}`,
        emailVerifiedAt: new Date(),
      })),
    )
    .returning({ id: users.id, email: users.email });
  return rows;
}

async function seatsTaken(salonId: string) {
  const [row] = await t.db.select({ n: salons.seatsTaken }).from(salons).where(eq(salons.id, salonId));
  return row.n;
}

describe('salons service', () => {
  it('numbers salons in their series and only moves status one step at a time', async () => {
    const { salon, series, org } = await openSalon(10);
    expect(salon.number).toBe(1);
    const second = await createSalon(
      t.db,
      {
        seriesId: series.id,
        title: '第二期',
        description: '',
        city: '北京',
        venue: '',
        address: '',
        mapUrl: '',
        startsAt: new Date('2030-04-01T06:00:00Z'),
        endsAt: new Date('2030-04-01T09:00:00Z'),
        timezone: 'Asia/Shanghai',
        hostOrgId: org.id,
        cohostOrgIds: [],
        capacity: 10,
        registrationDeadline: null,
        questions: [],
      },
      info,
    );
    expect(second.number).toBe(2);
    await expect(changeSalonStatus(t.db, second.id, 'live', info)).rejects.toMatchObject({
      code: 'CONFLICT',
    });
    await changeSalonStatus(t.db, second.id, 'announced', info);
    await changeSalonStatus(t.db, second.id, 'draft', info);
  });

  it('confirms until full, then waitlists; one registration per person; cancel promotes and mails', async () => {
    const { salon } = await openSalon(2, [{ id: 'q1', label: '单位', required: true }]);
    const [a, b, c, d] = await people(4);
    await expect(
      register(t.db, { salonId: salon.id, userId: a.id, answers: {} }, info, mail),
    ).rejects.toMatchObject({
      code: 'INVALID_INPUT',
    });
    const ra = await register(t.db, { salonId: salon.id, userId: a.id, answers: { q1: '云海' } }, info, mail);
    const rb = await register(t.db, { salonId: salon.id, userId: b.id, answers: { q1: '北辰' } }, info, mail);
    const rc = await register(t.db, { salonId: salon.id, userId: c.id, answers: { q1: '星河' } }, info, mail);
    const rd = await register(t.db, { salonId: salon.id, userId: d.id, answers: { q1: '海川' } }, info, mail);
    expect([ra.status, rb.status, rc.status, rd.status]).toEqual([
      'confirmed',
      'confirmed',
      'waitlisted',
      'waitlisted',
    ]);
    expect(verifyTicket(SECRET, ra.token)).toBe(ra.registrationId);
    expect(verifyTicket(SECRET, `${ra.registrationId}.forged`)).toBeUndefined();
    await expect(
      register(t.db, { salonId: salon.id, userId: a.id, answers: { q1: '云海' } }, info, mail),
    ).rejects.toMatchObject({ code: 'CONFLICT' });

    const [confirmation] = await t.db.select().from(mailOutbox).where(eq(mailOutbox.to, a.email));
    expect(confirmation.subject).toBe('报名成功：分布式数据库实践');
    expect(confirmation.text).toContain(`${TEST_PUBLIC_URL}/salons/tickets/${ra.token}`);
    expect(confirmation.text).toContain(`${TEST_PUBLIC_URL}/salons/${salon.id}/calendar.ics`);

    await cancelRegistration(t.db, ra.registrationId, info, mail);
    const regs = await t.db.select().from(salonRegistrations).where(eq(salonRegistrations.salonId, salon.id));
    const status = Object.fromEntries(regs.map((r) => [r.userId, r.status]));
    expect(status).toEqual({
      [a.id]: 'cancelled',
      [b.id]: 'confirmed',
      [c.id]: 'confirmed',
      [d.id]: 'waitlisted',
    });
    const promotedMail = await t.db
      .select({ subject: mailOutbox.subject })
      .from(mailOutbox)
      .where(and(eq(mailOutbox.to, c.email), eq(mailOutbox.template, 'salons.promoted')));
    expect(promotedMail).toEqual([{ subject: '候补成功：分布式数据库实践' }]);
    const promotions = await t.db
      .select()
      .from(auditLog)
      .where(eq(auditLog.action, 'salon.waitlist_promoted'));
    expect(promotions.map((p) => p.targetId)).toEqual([rc.registrationId]);

    // Cancelling twice changes nothing more; registering again goes to the back of the queue.
    await cancelRegistration(t.db, ra.registrationId, info, mail);
    const again = await register(
      t.db,
      { salonId: salon.id, userId: a.id, answers: { q1: '云海' } },
      info,
      mail,
    );
    expect(again).toMatchObject({ registrationId: ra.registrationId, status: 'waitlisted' });
    expect(await seatsTaken(salon.id)).toBe(2);
    // A confirmed person cancelling hands the seat to the head of the queue: d, not a (now last).
    await cancelRegistration(t.db, rb.registrationId, info, mail);
    const [dNow] = await t.db
      .select({ status: salonRegistrations.status })
      .from(salonRegistrations)
      .where(eq(salonRegistrations.id, rd.registrationId));
    expect(dNow.status).toBe('confirmed');
    expect(await seatsTaken(salon.id)).toBe(2);
    await register(t.db, { salonId: salon.id, userId: b.id, answers: { q1: '北辰' } }, info, mail);
    expect(await salonCounts(t.db, salon.id)).toEqual({
      confirmed: 2,
      waitlisted: 2,
      cancelled: 0,
      checkedIn: 0,
      walkIns: 0,
    });
  });

  it('never oversells: 500 simultaneous registrations for 100 seats', async () => {
    const { salon } = await openSalon(100);
    const crowd = await people(500);
    const results = await Promise.all(
      crowd.map((p) => register(t.db, { salonId: salon.id, userId: p.id, answers: {} }, info, mail)),
    );
    expect(results.filter((r) => r.status === 'confirmed')).toHaveLength(100);
    expect(results.filter((r) => r.status === 'waitlisted')).toHaveLength(400);
    expect(await salonCounts(t.db, salon.id)).toEqual({
      confirmed: 100,
      waitlisted: 400,
      cancelled: 0,
      checkedIn: 0,
      walkIns: 0,
    });
    // Ten cancel at once: exactly ten from the head of the waitlist move up.
    const confirmed = results.filter((r) => r.status === 'confirmed').slice(0, 10);
    await Promise.all(confirmed.map((r) => cancelRegistration(t.db, r.registrationId, info, mail)));
    expect(await salonCounts(t.db, salon.id)).toEqual({
      confirmed: 100,
      waitlisted: 390,
      cancelled: 10,
      checkedIn: 0,
      walkIns: 0,
    });
    const codes = await t.db.select({ code: salonRegistrations.shortCode }).from(salonRegistrations);
    expect(new Set(codes.map((c) => c.code)).size).toBe(500);
    // The seat counter the registrations are decided by agrees with the rows.
    expect(await seatsTaken(salon.id)).toBe(100);
    // Cancelling a waitlisted registration frees no seat and promotes nobody.
    const waiting = results.find((r) => r.status === 'waitlisted');
    await cancelRegistration(t.db, waiting?.registrationId ?? '', info, mail);
    expect(await seatsTaken(salon.id)).toBe(100);
    expect((await salonCounts(t.db, salon.id)).waitlisted).toBe(389);
  }, 120_000);

  it('checks a confirmed ticket in once, by code or id; refuses waitlisted and unknown tickets', async () => {
    const { salon } = await openSalon(1);
    const [a, b] = await people(2);
    const ra = await register(t.db, { salonId: salon.id, userId: a.id, answers: {} }, info, mail);
    const rb = await register(t.db, { salonId: salon.id, userId: b.id, answers: {} }, info, mail);
    const [reg] = await t.db
      .select()
      .from(salonRegistrations)
      .where(eq(salonRegistrations.id, ra.registrationId));
    expect(await checkIn(t.db, salon.id, { code: reg.shortCode.toLowerCase() }, info)).toEqual({
      ok: true,
      registrationId: ra.registrationId,
      userId: a.id,
      already: false,
    });
    expect(await checkIn(t.db, salon.id, { registrationId: ra.registrationId }, info)).toMatchObject({
      already: true,
    });
    expect(await checkIn(t.db, salon.id, { registrationId: rb.registrationId }, info)).toEqual({
      ok: false,
      reason: 'not_confirmed',
    });
    expect(await checkIn(t.db, salon.id, { code: 'ZZZZZZ' }, info)).toEqual({ ok: false, reason: 'unknown' });
    await expect(cancelRegistration(t.db, ra.registrationId, info, mail)).rejects.toMatchObject({
      code: 'CONFLICT',
    });
    expect((await salonCounts(t.db, salon.id)).checkedIn).toBe(1);
  });

  it('keeps agenda order and moves items up and down', async () => {
    const { salon } = await openSalon(10);
    const item = (title: string) => ({
      kind: 'mini_talk' as const,
      subKind: null,
      title,
      abstract: '',
      speakerId: null,
      durationMinutes: 20,
    });
    const x = await addAgendaItem(t.db, salon.id, item('甲'), info);
    await addAgendaItem(t.db, salon.id, item('乙'), info);
    const z = await addAgendaItem(
      t.db,
      salon.id,
      { ...item('丙'), kind: 'hot_segment', subKind: 'pk' },
      info,
    );
    await moveAgendaItem(t.db, salon.id, z.id, 'up', info);
    await moveAgendaItem(t.db, salon.id, x.id, 'down', info);
    await moveAgendaItem(t.db, salon.id, z.id, 'up', info);
    await moveAgendaItem(t.db, salon.id, z.id, 'up', info); // already first: no-op
    const agenda = await listAgenda(t.db, salon.id);
    expect(agenda.map((a) => [a.title, a.position, a.subKind])).toEqual([
      ['丙', 1, 'pk'],
      ['甲', 2, null],
      ['乙', 3, null],
    ]);
  });
});

describe('reminders', () => {
  it('are scheduled when registration opens, go to confirmed attendees once each, never to cancelled ones', async () => {
    const startsAt = new Date(Date.now() + 30 * 3600_000);
    const admin = await makeUser(t.db);
    const org = await makeOrg(t.db, admin.id);
    const series = await createSeries(
      t.db,
      { slug: 'remind', titleZh: '提醒系列', titleEn: '', description: '' },
      info,
    );
    const salon = await createSalon(
      t.db,
      {
        seriesId: series.id,
        title: '提醒测试',
        description: '',
        city: '杭州',
        venue: '',
        address: '',
        mapUrl: '',
        startsAt,
        endsAt: new Date(startsAt.getTime() + 3 * 3600_000),
        timezone: 'Asia/Shanghai',
        hostOrgId: org.id,
        cohostOrgIds: [],
        capacity: 1,
        registrationDeadline: null,
        questions: [],
      },
      info,
    );
    await changeSalonStatus(t.db, salon.id, 'announced', info);
    await changeSalonStatus(t.db, salon.id, 'registration_open', info);
    const scheduled = await t.db.select().from(jobs).where(eq(jobs.kind, 'salon.reminder'));
    expect(scheduled.map((j) => [j.payload, j.runAt.getTime()])).toEqual([
      [{ salonId: salon.id, kind: 'day' }, startsAt.getTime() - 24 * 3600_000],
      [{ salonId: salon.id, kind: 'hours' }, startsAt.getTime() - 2 * 3600_000],
    ]);

    const [a, b, c] = await people(3);
    const ra = await register(t.db, { salonId: salon.id, userId: a.id, answers: {} }, info, mail);
    await register(t.db, { salonId: salon.id, userId: b.id, answers: {} }, info, mail); // waitlisted
    const rc = await register(t.db, { salonId: salon.id, userId: c.id, answers: {} }, info, mail); // waitlisted
    await cancelRegistration(t.db, rc.registrationId, info, mail);

    // Too early: nothing sent, the job waits for its time.
    expect(await sendReminders(t.db, salon.id, 'day', mail, new Date())).toBe(0);
    const dayTime = new Date(startsAt.getTime() - 24 * 3600_000);
    expect(await sendReminders(t.db, salon.id, 'day', mail, dayTime)).toBe(1);
    expect(await sendReminders(t.db, salon.id, 'day', mail, dayTime)).toBe(0);
    await cancelRegistration(t.db, ra.registrationId, info, mail); // b moves up
    const hoursTime = new Date(startsAt.getTime() - 2 * 3600_000);
    expect(await sendReminders(t.db, salon.id, 'hours', mail, hoursTime)).toBe(1);
    const reminders = await t.db
      .select({ to: mailOutbox.to, template: mailOutbox.template })
      .from(mailOutbox)
      .where(like(mailOutbox.template, 'salons.reminder.%'));
    expect(reminders).toEqual([
      { to: a.email, template: 'salons.reminder.day' },
      { to: b.email, template: 'salons.reminder.hours' },
    ]);
    // After the start, nothing.
    expect(await sendReminders(t.db, salon.id, 'day', mail, new Date(startsAt.getTime() + 60_000))).toBe(0);
  });
});

describe('poster data', () => {
  it("carries the host's uploaded logo and a co-host's monogram, host first", async () => {
    const admin = await makeUser(t.db);
    const host = await makeOrg(t.db, admin.id);
    const cohost = await makeOrg(t.db, admin.id);
    const logo =
      '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 10 10"><rect width="10" height="10" fill="#f00"/></svg>';
    await setOrganizationLogo(t.db, host.id, new TextEncoder().encode(logo), info);
    const series = await createSeries(
      t.db,
      { slug: `p-${Date.now()}`, titleZh: '共话未来趋势', titleEn: '', description: '' },
      info,
    );
    const salon = await createSalon(
      t.db,
      {
        seriesId: series.id,
        title: '分布式数据库实践',
        description: '',
        city: '杭州',
        venue: '',
        address: '',
        mapUrl: '',
        startsAt: new Date('2030-03-01T06:00:00Z'),
        endsAt: new Date('2030-03-01T09:00:00Z'),
        timezone: 'Asia/Shanghai',
        hostOrgId: host.id,
        cohostOrgIds: [cohost.id],
        capacity: 10,
        registrationDeadline: null,
        questions: [],
      },
      info,
    );
    const data = await salonPosterData(t.db, salon.id, TEST_PUBLIC_URL, organizationLogos);
    const text = (b?: Uint8Array) => Buffer.from(b ?? []).toString('utf8');
    expect(data?.hosts.map((h) => h.name)).toEqual([host.nameZh, cohost.nameZh]);
    expect(data?.hosts[0].logo?.mime).toBe('image/svg+xml');
    expect(text(data?.hosts[0].logo?.bytes)).toContain('fill="#f00"');
    expect(text(data?.hosts[1].logo?.bytes)).toBe(monogramSvg(cohost.slug, cohost.nameZh));
  });
});
