/**
 * The exam owners' routes (ADR 0024): results with statistics and exports, the manual grading
 * queue, grade overrides, regrading, the per-attempt event log and the proctor's live board. Every
 * one answers 404 to anyone but the exam's owning organisation's teachers and platform admins.
 */
import { type Context, Hono } from 'hono';
import type { MessageKey } from '../../i18n/index.ts';
import type { AppEnv } from '../../platform/context.ts';
import { toCsv } from '../../platform/csv.ts';
import { AppError } from '../../platform/errors.ts';
import { parseForm } from '../../platform/forms.ts';
import { can, requireActor, requirePermission } from '../../platform/permissions.ts';
import { requestInfo } from '../../platform/request.ts';
import { xlsxWorkbook } from '../../platform/xlsx.ts';
import { respond, titled } from '../../ui/respond.tsx';
import { peopleByIds } from '../identity/queries.ts';
import { loadVersions, questionVersionsOf } from '../questions/service.ts';
import { credentialContext, loadAttempt, loadOwnedExam, ownsExam } from './access.ts';
import { gradeForm, overrideForm, regradeForm } from './forms.ts';
import {
  attemptEvents,
  attemptSlots,
  type Exam,
  examAttemptsList,
  liveAttempts,
  manualQueue,
  questionStats,
} from './queries.ts';
import { attemptQuestion, correctAnswer } from './review.ts';
import { awardIfPassed, gradeSlot, overrideSlot, regradeQuestion } from './service.ts';
import { statsChart } from './stats.ts';
import { EventsPage, GradingPage, LiveBoard, LivePage, type RegradeChoice, ResultsPage } from './views.tsx';

type C = Context<AppEnv>;

export function examOwnerRoutes() {
  const app = new Hono<AppEnv>();

  app.get('/exams/attempts/:aid/events', async (c) => {
    const { attempt, exam } = await loadAttempt(c, { owners: true });
    requirePermission(c, 'exams:grade');
    const db = c.get('deps').db;
    const t = c.get('t');
    const [events, people, slots] = await Promise.all([
      attemptEvents(db, attempt.id),
      peopleByIds(db, [attempt.userId]),
      attemptSlots(db, attempt.id),
    ]);
    return c.render(
      <EventsPage
        exam={exam}
        attempt={attempt}
        person={people.get(attempt.userId)?.displayName ?? ''}
        events={events}
        notice={
          c.req.query('overridden')
            ? t('exams.override.done', { slot: c.req.query('overridden') ?? '' })
            : undefined
        }
        canOverride={ownsExam(c.get('actor'), exam)}
        slots={slots}
      />,
      { title: exam.title },
    );
  });

  // The proctor's live view: every attempt of the exam with progress and notable events, for
  // those who may read the per-attempt event log. htmx polls it for the board fragment.
  app.get('/exams/:id/live', async (c) => {
    const actor = requireActor(c);
    if (!can(actor, 'exams:grade') && !can(actor, 'exams:manage')) throw new AppError('FORBIDDEN');
    const exam = await loadOwnedExam(c);
    const db = c.get('deps').db;
    const attempts = await liveAttempts(db, exam.id);
    const people = await peopleByIds(
      db,
      attempts.map((a) => a.userId),
    );
    const rows = attempts.map((a) => ({
      ...a,
      name: people.get(a.userId)?.displayName ?? '',
      email: people.get(a.userId)?.email ?? '',
    }));
    const now = new Date();
    c.header('Cache-Control', 'no-store');
    return respond(c, {
      page: <LivePage exam={exam} rows={rows} now={now} />,
      fragment: <LiveBoard exam={exam} rows={rows} now={now} />,
      title: `${exam.title} · ${c.get('t')('exams.live.title')}`,
    });
  });

  const resultRows = async (c: C, exam: Exam) => {
    const db = c.get('deps').db;
    const attempts = await examAttemptsList(db, exam.id);
    const people = await peopleByIds(
      db,
      attempts.map((a) => a.userId),
    );
    return attempts.map((a) => ({
      attempt: a,
      name: people.get(a.userId)?.displayName ?? '',
      email: people.get(a.userId)?.email ?? '',
    }));
  };

  const statsWithNames = async (c: C, exam: Exam) => {
    const db = c.get('deps').db;
    const stats = await questionStats(db, exam.id);
    const versions = await loadVersions(
      db,
      stats.flatMap((s) => s.versions),
    );
    return stats.map((s) => ({ ...s, name: versions.get(s.versions[0])?.name ?? s.questionId }));
  };

  app.get('/exams/:id/results', async (c) => {
    requirePermission(c, 'exams:grade');
    const exam = await loadOwnedExam(c);
    const db = c.get('deps').db;
    const [rows, stats] = await Promise.all([resultRows(c, exam), statsWithNames(c, exam)]);
    // Regrading offers every version of each question the exam has used, newest first.
    const used = await questionVersionsOf(
      db,
      stats.map((s) => s.questionId),
    );
    const regrade: RegradeChoice[] = stats.map((s) => ({
      questionId: s.questionId,
      name: s.name,
      versions: used.get(s.questionId) ?? [],
    }));
    const notice = c.req.query('regraded');
    return c.render(
      <ResultsPage
        exam={exam}
        rows={rows}
        stats={stats}
        chartUrl={stats.length > 0 ? `/exams/${exam.id}/stats.svg` : undefined}
        regrade={regrade}
        canManage={can(c.get('actor'), 'exams:manage')}
        notice={notice ? c.get('t')('exams.regrade.done', { count: Number(notice) || 0 }) : undefined}
      />,
      titled(c, 'exams.results.title'),
    );
  });

  app.get('/exams/:id/stats.svg', async (c) => {
    requirePermission(c, 'exams:grade');
    const exam = await loadOwnedExam(c);
    const stats = await statsWithNames(c, exam);
    const t = c.get('t');
    const names = { facility: t('exams.stats.facility'), discrimination: t('exams.stats.discrimination') };
    return c.body(
      statsChart(
        stats.map((s) => ({ label: s.name, ...s })),
        names,
      ),
      200,
      {
        'Content-Type': 'image/svg+xml',
        'Cache-Control': 'private, no-store',
        'Content-Security-Policy': "default-src 'none'; style-src 'unsafe-inline'; sandbox",
      },
    );
  });

  const exportRows = async (c: C, exam: Exam) => {
    const t = c.get('t');
    const rows = await resultRows(c, exam);
    return [
      [
        t('exams.results.candidate'),
        t('exams.results.email'),
        t('exams.results.attempt'),
        t('exams.results.status'),
        t('exams.results.score'),
        t('exams.results.max'),
        t('exams.results.started'),
        t('exams.results.submitted'),
      ],
      ...rows.map((r) => [
        r.name,
        r.email,
        String(r.attempt.number),
        t(`exams.attemptStatus.${r.attempt.status}`),
        r.attempt.score === null ? '' : String(Math.round(r.attempt.score * 100) / 100),
        String(r.attempt.maxScore),
        r.attempt.startedAt.toISOString(),
        r.attempt.submittedAt?.toISOString() ?? '',
      ]),
    ];
  };

  app.get('/exams/:id/results.csv', async (c) => {
    requirePermission(c, 'exams:grade');
    const exam = await loadOwnedExam(c);
    return c.body(toCsv(await exportRows(c, exam)), 200, {
      'Content-Type': 'text/csv; charset=utf-8',
      'Content-Disposition': 'attachment; filename="exam-results.csv"',
    });
  });

  app.get('/exams/:id/results.xlsx', async (c) => {
    requirePermission(c, 'exams:grade');
    const exam = await loadOwnedExam(c);
    // Attempt, score and maximum as numbers, start and submission as date-times (the CSV's rows).
    const columns = ['text', 'text', 'number', 'text', 'number', 'number', 'date', 'date'] as const;
    const book = xlsxWorkbook('results', await exportRows(c, exam), { columns: [...columns] });
    return c.body(new Uint8Array(book), 200, {
      'Content-Type': 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
      'Content-Disposition': 'attachment; filename="exam-results.xlsx"',
    });
  });

  // Per-question statistics for teachers' own analysis: raw ratios (not percentages) so a
  // spreadsheet can compute with them; blank where too few attempts give no figure.
  app.get('/exams/:id/stats.csv', async (c) => {
    requirePermission(c, 'exams:grade');
    const exam = await loadOwnedExam(c);
    const t = c.get('t');
    const stats = await statsWithNames(c, exam);
    const ratio = (n: number | null) => (n === null ? '' : String(Math.round(n * 1000) / 1000));
    const rows = [
      [
        t('exams.stats.question'),
        t('exams.stats.answered'),
        t('exams.stats.facility'),
        t('exams.stats.discrimination'),
      ],
      ...stats.map((s) => [s.name, String(s.answered), ratio(s.facility), ratio(s.discrimination)]),
    ];
    return c.body(toCsv(rows), 200, {
      'Content-Type': 'text/csv; charset=utf-8',
      'Content-Disposition': 'attachment; filename="exam-question-stats.csv"',
    });
  });

  app.get('/exams/:id/grading', async (c) => {
    requirePermission(c, 'exams:grade');
    const exam = await loadOwnedExam(c);
    const db = c.get('deps').db;
    const queue = await manualQueue(db, exam.id);
    const [versions, people, attempts] = await Promise.all([
      loadVersions(
        db,
        queue.map((q) => q.versionId),
      ),
      peopleByIds(
        db,
        queue.map((q) => q.userId),
      ),
      examAttemptsList(db, exam.id),
    ]);
    const byId = new Map(attempts.map((a) => [a.id, a]));
    const items = [];
    for (const q of queue) {
      const v = versions.get(q.versionId);
      const attempt = byId.get(q.attemptId);
      if (!v || !attempt) continue;
      const slot = (await attemptSlots(db, q.attemptId)).find((s) => s.slot === q.slot);
      const key = correctAnswer(v.body);
      items.push({
        attemptId: q.attemptId,
        slot: q.slot,
        person: people.get(q.userId)?.displayName ?? '',
        question: attemptQuestion(v, attempt.seed, q.slot, exam.shuffleOptions),
        response: slot?.response ?? null,
        rubric: key.kind === 'rubric' ? key.criteria : [],
      });
    }
    return c.render(<GradingPage exam={exam} items={items} />, titled(c, 'exams.gradingQueue.title'));
  });

  /**
   * The submitted attempt's slot that a grade or an override is for. Only the exam's owners reach
   * it: a candidate never grades their own attempt, even when they teach at the owning school.
   */
  const submittedSlot = async (c: C) => {
    const { attempt, exam } = await loadAttempt(c, { owners: true });
    if (!ownsExam(c.get('actor'), exam))
      throw new AppError('NOT_FOUND', { messageKey: 'exams.attemptNotFound' });
    const slot = Number(c.req.param('slot'));
    if (!Number.isInteger(slot) || attempt.status !== 'submitted') throw new AppError('NOT_FOUND');
    return { attempt, exam, slot };
  };

  app.post('/exams/attempts/:aid/slots/:slot/grade', async (c) => {
    requirePermission(c, 'exams:grade');
    const form = await parseForm(c, gradeForm);
    if (!form.ok) throw new AppError('INVALID_INPUT', { fields: form.errors as Record<string, MessageKey> });
    const { attempt, exam, slot } = await submittedSlot(c);
    await gradeSlot(
      c.get('deps').db,
      attempt.id,
      slot,
      { fraction: form.data.percent / 100, comment: form.data.comment },
      requestInfo(c),
    );
    await awardIfPassed(credentialContext(c), exam.id, attempt.userId);
    return c.redirect(`/exams/${exam.id}/grading`, 303);
  });

  // Correcting an automatic grade: the exam's owners only, with a reason, in the attempt's history.
  app.post('/exams/attempts/:aid/slots/:slot/override', async (c) => {
    requirePermission(c, 'exams:grade');
    const form = await parseForm(c, overrideForm);
    if (!form.ok) throw new AppError('INVALID_INPUT', { fields: form.errors as Record<string, MessageKey> });
    const { attempt, exam, slot } = await submittedSlot(c);
    await overrideSlot(
      c.get('deps').db,
      attempt.id,
      slot,
      { fraction: form.data.percent / 100, reason: form.data.reason },
      requestInfo(c),
    );
    await awardIfPassed(credentialContext(c), exam.id, attempt.userId);
    return c.redirect(`/exams/attempts/${attempt.id}/events?overridden=${slot}`, 303);
  });

  app.post('/exams/:id/regrade', async (c) => {
    requirePermission(c, 'exams:manage');
    const exam = await loadOwnedExam(c);
    const form = await parseForm(c, regradeForm);
    if (!form.ok) throw new AppError('INVALID_INPUT', { fields: form.errors as Record<string, MessageKey> });
    const count = await regradeQuestion(
      c.get('deps').db,
      exam.id,
      form.data.questionId,
      form.data.versionId,
      requestInfo(c),
    );
    return c.redirect(`/exams/${exam.id}/results?regraded=${count}`, 303);
  });

  return app;
}
