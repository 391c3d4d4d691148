/**
 * Registration throughput, service layer (no HTTP): `node bin/run-ts.mjs bench/registration.ts`.
 * Opens a fresh database (in-memory PGlite; also PostgreSQL when BENCH_DATABASE_URL points at an
 * empty database), creates a salon with 100 seats, then fires `register` for 1,000 people with 50
 * in flight at once. Prints registrations/s and checks that exactly 100 are confirmed (no oversell).
 *
 * Options: --people 1000  --seats 100  --concurrency 50
 */
import { parseArgs } from 'node:util';
import { eq } from 'drizzle-orm';
import { type Database, openPglite, openPostgres } from '../src/db/client.ts';
import { migrate } from '../src/db/migrate.ts';
import { createOrganization } from '../src/modules/identity/organizations.ts';
import { users } from '../src/modules/identity/schema.ts';
import { salonRegistrations } from '../src/modules/salons/schema.ts';
import { changeSalonStatus, createSalon, createSeries, register } from '../src/modules/salons/service.ts';

const { values: opts } = parseArgs({
  options: {
    people: { type: 'string', default: '1000' },
    seats: { type: 'string', default: '100' },
    concurrency: { type: 'string', default: '50' },
  },
});
const PEOPLE = Number(opts.people);
const SEATS = Number(opts.seats);
const CONCURRENCY = Number(opts.concurrency);
const info = { publicUrl: 'http://bench.test', ip: null, actorId: null };
const mail = { publicUrl: 'http://bench.test', secret: 'b'.repeat(40), locale: 'zh-CN' as const };

async function run(name: string, database: Database) {
  const db = database.db;
  await migrate(database);
  const [owner] = await db
    .insert(users)
    .values({ email: `owner-${Date.now()}@bench.test`, passwordHash: 'x', displayName: '主办' })
    .returning();
  const org = await createOrganization(
    db,
    owner.id,
    {
      slug: `bench-${Date.now()}`,
      nameZh: '压测单位',
      nameEn: '',
      type: 'vendor',
      city: '杭州',
      website: '',
      description: '',
    },
    info,
  );
  const series = await createSeries(
    db,
    { slug: `bench-${Date.now()}`, titleZh: '压测', titleEn: '', description: '' },
    info,
  );
  const salon = await createSalon(
    db,
    {
      seriesId: series.id,
      title: '压测沙龙',
      description: '',
      city: '杭州',
      venue: '',
      address: '',
      mapUrl: '',
      startsAt: new Date(Date.now() + 30 * 86_400_000),
      endsAt: new Date(Date.now() + 30 * 86_400_000 + 3 * 3600_000),
      timezone: 'Asia/Shanghai',
      hostOrgId: org.id,
      cohostOrgIds: [],
      capacity: SEATS,
      registrationDeadline: null,
      questions: [],
    },
    info,
  );
  await changeSalonStatus(db, salon.id, 'announced', info);
  await changeSalonStatus(db, salon.id, 'registration_open', info);
  const people = await db
    .insert(users)
    .values(
      Array.from({ length: PEOPLE }, (_, i) => ({
        email: `p${i}-${Date.now()}@bench.test`,
        passwordHash: 'x',
        displayName: `参会者${i}`,
      })),
    )
    .returning({ id: users.id });
  let next = 0;
  const started = performance.now();
  await Promise.all(
    Array.from({ length: CONCURRENCY }, async () => {
      while (next < people.length) {
        const p = people[next++];
        await register(db, { salonId: salon.id, userId: p.id, answers: {} }, info, mail);
      }
    }),
  );
  const seconds = (performance.now() - started) / 1000;
  const regs = await db.select().from(salonRegistrations).where(eq(salonRegistrations.salonId, salon.id));
  const confirmed = regs.filter((r) => r.status === 'confirmed').length;
  console.log(
    `${name}: ${PEOPLE} registrations in ${seconds.toFixed(2)} s = ${(PEOPLE / seconds).toFixed(0)}/s; ` +
      `confirmed ${confirmed} of ${SEATS} seats, waitlisted ${regs.length - confirmed} — ${confirmed === SEATS ? 'no oversell' : 'OVERSOLD'}`,
  );
  await database.close();
  if (confirmed !== SEATS) process.exitCode = 1;
}

await run('PGlite', await openPglite(undefined));
if (process.env.BENCH_DATABASE_URL)
  await run('PostgreSQL', await openPostgres(process.env.BENCH_DATABASE_URL, CONCURRENCY));
