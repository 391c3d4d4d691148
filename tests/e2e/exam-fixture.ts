/**
 * A database ready for exam load: the fixture question bank, one published exam drawing every
 * fixture question, and N candidates with sessions (written in bulk: hashing thousands of
 * passwords would measure nothing). Shared by the exam crash test and bench/exam-load.ts; not a
 * test file itself.
 */
import { randomBytes } from 'node:crypto';
import { rmSync } from 'node:fs';
import path from 'node:path';
import { sql } from 'drizzle-orm';
import pg from 'pg';
import { type Database, openPglite, openPostgres } from '../../src/db/client.ts';
import { migrate } from '../../src/db/migrate.ts';
import { parseBlueprint } from '../../src/modules/exams/blueprint.ts';
import { createFixtureBank, FIXTURE_BLUEPRINT } from '../../src/modules/exams/fixtures.ts';
import { createExam } from '../../src/modules/exams/service.ts';
import { DEFAULT_REVIEW } from '../../src/modules/exams/types.ts';
import type { BankQuestion } from '../../src/modules/questions/types.ts';
import { newCsrfToken } from '../../src/platform/csrf.ts';
import { tempDataDir } from './process.ts';

export type ExamDatabase = {
  /** Environment for `gongjin serve` on this database. */
  env: Record<string, string>;
  examId: string;
  /** Opens the database from this process (only while no server has it, on PGlite). */
  open(): Promise<Database>;
  cleanup(): Promise<void>;
};

async function seed(database: Database, candidates: number, questions?: BankQuestion[]): Promise<string> {
  await migrate(database);
  await createFixtureBank(database.db, null, questions);
  const bp = parseBlueprint(FIXTURE_BLUEPRINT);
  if (!bp.ok) throw new Error('the fixture blueprint does not parse');
  const exam = await createExam(
    database.db,
    {
      title: '压力测试考试',
      description: '',
      status: 'published',
      blueprint: bp.blueprint,
      timeLimitMinutes: 120,
      opensAt: null,
      closesAt: null,
      attemptsAllowed: 0,
      gradingMethod: 'highest',
      passPercent: 60,
      shuffleQuestions: true,
      shuffleOptions: true,
      review: DEFAULT_REVIEW,
      requiredCourseId: null,
      requiredLabs: 0,
      achievementId: null,
      staggerMinutes: 0,
    },
    { actorId: null, ip: null },
  );
  await database.db.execute(sql`
    insert into users (email, password_hash, display_name, email_verified_at)
    select 'cand' || g || '@bench.test', 'x', '考生' || g, now() from generate_series(1, ${candidates}) g`);
  await database.db.execute(sql`
    insert into sessions (id_hash, user_id, expires_at)
    select encode(sha256(convert_to('bench-token-' || u.email, 'UTF8')), 'hex'), u.id, now() + interval '1 day'
      from users u where u.email like '%@bench.test'`);
  return exam.id;
}

/** A fresh PGlite data dir, or a fresh database on the PostgreSQL server at `serverUrl`. */
export async function prepareExamDatabase(
  kind: 'pglite' | 'postgres',
  candidates: number,
  serverUrl?: string,
  /** The bank to seed instead of the fixture questions (same id numbers, so the blueprint draws them). */
  questions?: BankQuestion[],
): Promise<ExamDatabase> {
  if (kind === 'pglite') {
    const dir = tempDataDir('gongjin-exam-');
    const open = () => openPglite(path.join(dir, 'pgdata'));
    const database = await open();
    const examId = await seed(database, candidates, questions);
    await database.close();
    return {
      env: { GONGJIN_DATA_DIR: dir },
      examId,
      open,
      cleanup: async () => rmSync(dir, { recursive: true, force: true }),
    };
  }
  if (!serverUrl) throw new Error('PostgreSQL needs a server URL (TEST_DATABASE_URL or DATABASE_URL)');
  const name = `gongjin_exam_${process.pid}_${randomBytes(3).toString('hex')}`;
  const admin = async (statement: string) => {
    const client = new pg.Client({ connectionString: serverUrl });
    await client.connect();
    try {
      await client.query(statement);
    } finally {
      await client.end();
    }
  };
  await admin(`create database ${name}`);
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  const open = () => openPostgres(url.toString(), 4);
  const database = await open();
  const examId = await seed(database, candidates, questions);
  await database.close();
  return {
    env: { DATABASE_URL: url.toString() },
    examId,
    open,
    cleanup: () => admin(`drop database if exists ${name} with (force)`),
  };
}

/** Cookies and CSRF token of candidate n (1-based), signed with the server's GONGJIN_SECRET. */
export function candidateSession(n: number, secret: string) {
  const session = `bench-token-cand${n}@bench.test`;
  // Tokens are bound to the session cookie they travel with (platform/csrf.ts).
  const csrf = newCsrfToken(secret, session);
  return { cookie: `gj_session=${session}; gj_csrf=${csrf}`, csrf };
}
