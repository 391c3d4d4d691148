/**
 * Exam pages, phone first: the exam list and page, the teacher's exam form, the attempt page (the
 * client script exam.js keeps answers locally and autosaves), the review page (only what the
 * review options allow), results with statistics, the grading queue and the proctor's event log.
 * Questions reach these views only as PublicQuestion (no answer key).
 */
import { raw } from 'hono/html';
import { renderMarkdown, renderRichText } from '../../platform/markdown.ts';
import { formatShanghai } from '../../platform/time.ts';
import { ASSETS } from '../../ui/assets.ts';
import { useView } from '../../ui/context.ts';
import { ActionButton, Field, Form, type FormState, Select, Submit } from '../../ui/form.tsx';
import type { PublicQuestion } from '../questions/score.ts';
import type { QuestionResponse } from '../questions/types.ts';
import { GapText, gapLineHtml, inlineGap } from '../questions/views/gap.tsx';
import { reviewField } from './forms.ts';
import type { Attempt, AttemptEvent, Exam, LiveAttempt, QuestionStat, Slot } from './queries.ts';
import type { CorrectAnswer, ReviewSlot } from './review.ts';
import { EXAM_STATUSES, GRADING_METHODS, REVIEW_ITEMS, REVIEW_TIMES, type ReviewTime } from './types.ts';

const time = (d: Date | null) => (d ? `${formatShanghai(d)} (UTC+8)` : '—');
const pct = (n: number | null) => (n === null ? '—' : `${Math.round(n * 10) / 10}%`);

export function ExamsIndexPage(p: { exams: Exam[]; canManage: boolean }) {
  const { t } = useView();
  return (
    <section class="stack">
      <h1>{t('exams.index.title')}</h1>
      {p.canManage && (
        <p>
          <a class="button button-primary" href="/exams/new">
            {t('exams.index.new')}
          </a>
        </p>
      )}
      {p.exams.length === 0 ? (
        <p class="muted">{t('exams.index.empty')}</p>
      ) : (
        <ul class="grid" data-testid="exam-list">
          {p.exams.map((e) => (
            <li class="card stack">
              <a href={`/exams/${e.id}`}>
                <strong>{e.title}</strong>
              </a>
              <span class="muted">
                {t('exams.timeLimit', { minutes: e.timeLimitMinutes })} · {t(`exams.status.${e.status}`)}
              </span>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}

function Check(p: { name: string; label: string; values: Record<string, string> }) {
  return (
    <label class="choice">
      <input type="checkbox" name={p.name} checked={p.values[p.name] === 'on'} /> {p.label}
    </label>
  );
}

/** Who may own a new exam: the author's organisations, and the platform for platform admins. */
export type OwnerChoices = { platform: boolean; orgs: { id: string; name: string }[] };

export function ExamFormPage(p: { state?: FormState; examId?: string; owners?: OwnerChoices }) {
  const { t } = useView();
  const values = p.state?.values ?? {};
  const action = p.examId ? `/exams/${p.examId}/edit` : '/exams';
  return (
    <section class="stack">
      <h1>{t(p.examId ? 'exams.form.editTitle' : 'exams.form.createTitle')}</h1>
      <Form action={action} state={p.state} id="exam-form">
        <Field name="title" label="exams.field.title" state={p.state} required maxlength={200} />
        {p.owners && (
          <Select
            name="orgId"
            label="exams.field.owner"
            state={p.state}
            options={[
              ...(p.owners.platform ? [{ value: '', label: t('exams.field.ownerPlatform') }] : []),
              ...p.owners.orgs.map((o) => ({ value: o.id, label: o.name })),
            ]}
          />
        )}
        <Field name="description" label="exams.field.description" state={p.state} multiline />
        <Select
          name="status"
          label="exams.field.status"
          state={p.state}
          options={EXAM_STATUSES.map((s) => ({ value: s, label: t(`exams.status.${s}`) }))}
        />
        <Field
          name="blueprint"
          label="exams.field.blueprint"
          hint="exams.field.blueprintHint"
          state={p.state}
          multiline
          required
        />
        <Field
          name="timeLimitMinutes"
          label="exams.field.timeLimit"
          state={p.state}
          inputmode="numeric"
          required
        />
        <Field name="opensAt" label="exams.field.opensAt" type="datetime-local" state={p.state} />
        <Field name="closesAt" label="exams.field.closesAt" type="datetime-local" state={p.state} />
        <Field
          name="staggerMinutes"
          label="exams.field.stagger"
          hint="exams.field.staggerHint"
          state={p.state}
          inputmode="numeric"
          value="0"
        />
        <Field
          name="attemptsAllowed"
          label="exams.field.attempts"
          hint="exams.field.attemptsHint"
          state={p.state}
          inputmode="numeric"
          value="1"
        />
        <Select
          name="gradingMethod"
          label="exams.field.gradingMethod"
          state={p.state}
          options={GRADING_METHODS.map((m) => ({ value: m, label: t(`exams.grading.${m}`) }))}
        />
        <Field
          name="passPercent"
          label="exams.field.passPercent"
          state={p.state}
          inputmode="numeric"
          value="60"
        />
        <Check name="shuffleQuestions" label={t('exams.field.shuffleQuestions')} values={values} />
        <Check name="shuffleOptions" label={t('exams.field.shuffleOptions')} values={values} />
        <fieldset class="stack">
          <legend>{t('exams.field.review')}</legend>
          <table class="table">
            <thead>
              <tr>
                <th />
                {REVIEW_ITEMS.map((item) => (
                  <th scope="col">{t(`exams.reviewItem.${item}`)}</th>
                ))}
              </tr>
            </thead>
            <tbody>
              {REVIEW_TIMES.map((when) => (
                <tr>
                  <th scope="row">{t(`exams.reviewTime.${when}`)}</th>
                  {REVIEW_ITEMS.map((item) => (
                    <td>
                      <input
                        type="checkbox"
                        name={reviewField(when, item)}
                        aria-label={`${t(`exams.reviewTime.${when}`)} · ${t(`exams.reviewItem.${item}`)}`}
                        checked={values[reviewField(when, item)] === 'on'}
                      />
                    </td>
                  ))}
                </tr>
              ))}
            </tbody>
          </table>
        </fieldset>
        <Field name="requiredCourseId" label="exams.field.requiredCourse" state={p.state} />
        <Field
          name="requiredLabs"
          label="exams.field.requiredLabs"
          state={p.state}
          inputmode="numeric"
          value="0"
        />
        <Field
          name="achievementId"
          label="exams.field.achievement"
          hint="exams.field.achievementHint"
          state={p.state}
        />
        <Submit />
      </Form>
    </section>
  );
}

export function ExamPage(p: {
  exam: Exam;
  attempts: Attempt[];
  grade: number | null;
  passed: boolean;
  refusal?: string;
  activeId?: string;
  canManage: boolean;
  canGrade: boolean;
}) {
  const { t } = useView();
  const e = p.exam;
  return (
    <section class="stack" data-testid="exam-page">
      <h1>{e.title}</h1>
      {e.description && <div class="prose">{raw(renderMarkdown(e.description))}</div>}
      <dl class="facts">
        <dt>{t('exams.field.timeLimit')}</dt>
        <dd>{t('exams.timeLimit', { minutes: e.timeLimitMinutes })}</dd>
        <dt>{t('exams.field.opensAt')}</dt>
        <dd>{time(e.opensAt)}</dd>
        <dt>{t('exams.field.closesAt')}</dt>
        <dd>{time(e.closesAt)}</dd>
        <dt>{t('exams.field.attempts')}</dt>
        <dd>{e.attemptsAllowed === 0 ? t('exams.unlimited') : e.attemptsAllowed}</dd>
        <dt>{t('exams.field.passPercent')}</dt>
        <dd>{pct(e.passPercent)}</dd>
      </dl>
      {p.canManage && (
        <p>
          <a href={`/exams/${e.id}/edit`}>{t('exams.edit')}</a>
        </p>
      )}
      {p.canGrade && (
        <p>
          <a href={`/exams/${e.id}/results`}>{t('exams.results.title')}</a> ·{' '}
          <a href={`/exams/${e.id}/grading`}>{t('exams.gradingQueue.title')}</a> ·{' '}
          <a href={`/exams/${e.id}/live`}>{t('exams.live.title')}</a>
        </p>
      )}
      {p.attempts.length > 0 && (
        <div class="stack">
          <h2>{t('exams.yourAttempts')}</h2>
          <ul data-testid="attempts">
            {p.attempts.map((a) => (
              <li>
                <a
                  href={
                    a.status === 'in_progress' ? `/exams/attempts/${a.id}` : `/exams/attempts/${a.id}/review`
                  }
                >
                  {t('exams.attemptNumber', { number: a.number })}
                </a>{' '}
                · {t(`exams.attemptStatus.${a.status}`)}
              </li>
            ))}
          </ul>
          <p data-testid="grade">
            {t('exams.grade')}: {pct(p.grade)}{' '}
            {p.grade !== null && (p.passed ? t('exams.passed') : t('exams.failed'))}
          </p>
        </div>
      )}
      {p.activeId ? (
        <a class="button button-primary" href={`/exams/attempts/${p.activeId}`}>
          {t('exams.continue')}
        </a>
      ) : p.refusal ? (
        <p class="alert" role="status">
          {p.refusal}
        </p>
      ) : (
        <ActionButton action={`/exams/${e.id}/start`} label="exams.startButton" variant="primary" />
      )}
    </section>
  );
}

/** The question text; a missing-word gap is drawn as a line where no control sits in it. */
function QuestionText({ q }: { q: PublicQuestion }) {
  return <div class="prose">{raw(gapLineHtml(q.text, q.textFormat))}</div>;
}

/** The answer control that sits inside a missing-word gap (see questions/views/gap.tsx). */
function GapControl(p: {
  kind: 'select' | 'input';
  slot: number;
  q: PublicQuestion;
  response: QuestionResponse | null;
  disabled?: boolean;
}) {
  const { t } = useView();
  const name = `q${p.slot}`;
  const r = p.response;
  if (p.kind === 'select') {
    const chosen = r?.type === 'single_choice' ? r.choice : null;
    return (
      <select name={name} class="gap-control" aria-label={t('exams.yourAnswer')} disabled={p.disabled}>
        <option value="">{t('exams.choose')}</option>
        {(p.q.choices ?? []).map((c) => (
          <option value={c.id} selected={chosen === c.id}>
            {c.text}
          </option>
        ))}
      </select>
    );
  }
  const v = r?.type === 'short_answer' || r?.type === 'numerical' ? r.text : '';
  return (
    <input
      type="text"
      name={name}
      value={v}
      class="gap-control"
      size={12}
      aria-label={t('exams.yourAnswer')}
      inputmode={p.q.type === 'numerical' ? 'decimal' : undefined}
      disabled={p.disabled}
    />
  );
}

/** Text and answer: inside the gap of a missing-word question, otherwise below the text. */
function QuestionWithAnswer(p: {
  slot: number;
  q: PublicQuestion;
  response: QuestionResponse | null;
  disabled?: boolean;
}) {
  const gap = inlineGap(p.q);
  if (gap)
    return <GapText text={p.q.text} format={p.q.textFormat} control={<GapControl kind={gap} {...p} />} />;
  return (
    <>
      <QuestionText q={p.q} />
      <AnswerInputs slot={p.slot} q={p.q} response={p.response} disabled={p.disabled} />
    </>
  );
}

function AnswerInputs(p: {
  slot: number;
  q: PublicQuestion;
  response: QuestionResponse | null;
  disabled?: boolean;
}) {
  const { t } = useView();
  const name = `q${p.slot}`;
  const r = p.response;
  switch (p.q.type) {
    case 'single_choice':
    case 'multiple_choice': {
      const chosen = new Set(
        r?.type === 'single_choice' ? [r.choice] : r?.type === 'multiple_choice' ? r.choices : [],
      );
      return (
        <div class="stack">
          {(p.q.choices ?? []).map((c) => (
            <label class="choice">
              <input
                type={p.q.type === 'single_choice' ? 'radio' : 'checkbox'}
                name={name}
                value={c.id}
                checked={chosen.has(c.id)}
                disabled={p.disabled}
              />{' '}
              {raw(renderRichText(c.text, p.q.textFormat))}
            </label>
          ))}
        </div>
      );
    }
    case 'true_false': {
      const v = r?.type === 'true_false' ? r.value : null;
      return (
        <div class="stack">
          <label class="choice">
            <input type="radio" name={name} value="true" checked={v === true} disabled={p.disabled} />{' '}
            {t('exams.true')}
          </label>
          <label class="choice">
            <input type="radio" name={name} value="false" checked={v === false} disabled={p.disabled} />{' '}
            {t('exams.false')}
          </label>
        </div>
      );
    }
    case 'short_answer':
    case 'numerical': {
      const v = r?.type === 'short_answer' || r?.type === 'numerical' ? r.text : '';
      return (
        <input
          type="text"
          name={name}
          value={v}
          aria-label={t('exams.yourAnswer')}
          inputmode={p.q.type === 'numerical' ? 'decimal' : undefined}
          disabled={p.disabled}
        />
      );
    }
    case 'matching': {
      const answers = r?.type === 'matching' ? r.answers : {};
      return (
        <div class="stack">
          {(p.q.prompts ?? []).map((pr) => (
            <label>
              {pr.text}
              <select name={`${name}.${pr.id}`} data-pair={pr.id} disabled={p.disabled}>
                <option value="">{t('exams.choose')}</option>
                {(p.q.options ?? []).map((o) => (
                  <option value={o} selected={answers[pr.id] === o}>
                    {o}
                  </option>
                ))}
              </select>
            </label>
          ))}
        </div>
      );
    }
    case 'essay':
    case 'sql': {
      const v = r?.type === 'essay' ? r.text : r?.type === 'sql' ? r.sql : '';
      return (
        <div class="stack">
          {p.q.type === 'sql' && p.q.setupSql && (
            <details>
              <summary>{t('exams.sqlSchema')}</summary>
              <pre>
                <code>{p.q.setupSql}</code>
              </pre>
            </details>
          )}
          <textarea
            name={name}
            rows={p.q.type === 'sql' ? 6 : 8}
            class={p.q.type === 'sql' ? 'code' : undefined}
            spellcheck={p.q.type === 'sql' ? false : undefined}
            aria-label={t('exams.yourAnswer')}
            disabled={p.disabled}
          >
            {v}
          </textarea>
        </div>
      );
    }
    default:
      return null;
  }
}

export type AttemptQuestion = {
  slot: number;
  question: PublicQuestion;
  response: QuestionResponse | null;
  seq: number;
};

export function AttemptPage(p: { exam: Exam; attempt: Attempt; questions: AttemptQuestion[] }) {
  const { t } = useView();
  return (
    <section
      class="stack exam-attempt"
      id="exam-attempt"
      data-attempt={p.attempt.id}
      data-deadline={p.attempt.deadlineAt.toISOString()}
      data-msg-saved={t('exams.save.saved')}
      data-msg-saving={t('exams.save.saving')}
      data-msg-offline={t('exams.save.offline')}
      data-msg-over={t('exams.save.over')}
    >
      <h1>{p.exam.title}</h1>
      <p class="exam-bar">
        <span>
          {t('exams.timeLeft')}: <strong id="exam-timer">—</strong>
        </span>{' '}
        <span id="exam-status" role="status" aria-live="polite" />
      </p>
      <form id="exam-form" action={`/exams/attempts/${p.attempt.id}/submit`} method="post" class="stack">
        {p.questions.map((q, i) => (
          <fieldset class="card stack exam-q" data-slot={q.slot} data-type={q.question.type} data-seq={q.seq}>
            <legend>
              {t('exams.questionNumber', { number: i + 1 })} ·{' '}
              {t('exams.marks', { marks: q.question.defaultMark })}
            </legend>
            <QuestionWithAnswer slot={q.slot} q={q.question} response={q.response} />
          </fieldset>
        ))}
        <SubmitButton />
      </form>
      <script src={ASSETS.exam} defer />
    </section>
  );
}

function SubmitButton() {
  const { t, csrfToken } = useView();
  return (
    <>
      <input type="hidden" name="_csrf" value={csrfToken} />
      <button type="submit" class="button button-primary" data-testid="submit-attempt">
        {t('exams.submit')}
      </button>
    </>
  );
}

function Correct({ c }: { c: CorrectAnswer }) {
  const { t } = useView();
  switch (c.kind) {
    case 'choices':
    case 'texts':
      return <span>{c.texts.join(' / ')}</span>;
    case 'boolean':
      return <span>{t(c.value ? 'exams.true' : 'exams.false')}</span>;
    case 'pairs':
      return (
        <ul>
          {c.pairs.map((x) => (
            <li>
              {x.prompt} → {x.answer}
            </li>
          ))}
        </ul>
      );
    case 'rubric':
      return (
        <ul>
          {c.criteria.map((x) => (
            <li>
              {x.criterion} ({x.points})
            </li>
          ))}
        </ul>
      );
    case 'sql':
      return (
        <pre>
          <code>{c.sql}</code>
        </pre>
      );
    default:
      return null;
  }
}

export function ReviewPage(p: {
  exam: Exam;
  attempt: Attempt;
  slots: ReviewSlot[];
  when: ReviewTime;
  totals?: { score: number | null; max: number; pending: boolean };
}) {
  const { t } = useView();
  return (
    <section class="stack" data-testid="review" data-review-time={p.when}>
      <h1>
        {p.exam.title} · {t('exams.attemptNumber', { number: p.attempt.number })}
      </h1>
      <p>{t(`exams.attemptStatus.${p.attempt.status}`)}</p>
      {p.totals && (
        <p data-testid="total">
          {p.totals.pending
            ? t('exams.review.pending')
            : t('exams.review.total', {
                score: Math.round((p.totals.score ?? 0) * 100) / 100,
                max: p.totals.max,
              })}
        </p>
      )}
      {p.slots.map((s, i) => (
        <article class="card stack" data-slot={s.slot}>
          <h2>{t('exams.questionNumber', { number: i + 1 })}</h2>
          {s.response !== undefined && inlineGap(s.question) ? (
            <div data-testid="response">
              <QuestionWithAnswer slot={s.slot} q={s.question} response={s.response ?? null} disabled />
            </div>
          ) : (
            <>
              <QuestionText q={s.question} />
              {s.response !== undefined && (
                <div data-testid="response">
                  <strong>{t('exams.yourAnswer')}</strong>
                  <AnswerInputs slot={s.slot} q={s.question} response={s.response ?? null} disabled />
                </div>
              )}
            </>
          )}
          {s.mark && (
            <p data-testid="mark">
              {s.mark.pending
                ? t('exams.review.pendingOne')
                : t('exams.review.mark', { got: Math.round((s.mark.got ?? 0) * 100) / 100, max: s.mark.max })}
            </p>
          )}
          {s.correct && s.correct.kind !== 'none' && (
            <div data-testid="correct">
              <strong>{t('exams.review.correct')}</strong> <Correct c={s.correct} />
            </div>
          )}
          {s.feedback && s.feedback.length > 0 && (
            <div data-testid="feedback">
              <strong>{t('exams.review.feedback')}</strong>
              {s.feedback.map((f) => (
                <p>{f}</p>
              ))}
            </div>
          )}
          {s.explanation && (
            <div data-testid="explanation" class="prose">
              <strong>{t('exams.review.explanation')}</strong>
              {raw(renderMarkdown(s.explanation))}
            </div>
          )}
        </article>
      ))}
      <p>
        <a href={`/exams/${p.exam.id}`}>{t('exams.backToExam')}</a>
      </p>
    </section>
  );
}

export type ResultRow = { attempt: Attempt; name: string; email: string };
export type RegradeChoice = { questionId: string; name: string; versions: { id: string; version: number }[] };

export function ResultsPage(p: {
  exam: Exam;
  rows: ResultRow[];
  stats: (QuestionStat & { name: string })[];
  chartUrl?: string;
  regrade: RegradeChoice[];
  canManage: boolean;
  notice?: string;
}) {
  const { t } = useView();
  return (
    <section class="stack" data-testid="results">
      <h1>
        {p.exam.title} · {t('exams.results.title')}
      </h1>
      {p.notice && (
        <p class="alert" role="status">
          {p.notice}
        </p>
      )}
      <p>
        <a href={`/exams/${p.exam.id}/live`}>{t('exams.live.title')}</a> ·{' '}
        <a href={`/exams/${p.exam.id}/results.csv`}>{t('exams.results.csv')}</a> ·{' '}
        <a href={`/exams/${p.exam.id}/results.xlsx`}>{t('exams.results.xlsx')}</a>
      </p>
      <div class="table-scroll">
        <table class="table">
          <thead>
            <tr>
              <th>{t('exams.results.candidate')}</th>
              <th>{t('exams.results.attempt')}</th>
              <th>{t('exams.results.status')}</th>
              <th>{t('exams.results.score')}</th>
              <th>{t('exams.results.events')}</th>
            </tr>
          </thead>
          <tbody>
            {p.rows.map((r) => (
              <tr>
                <td>{r.name}</td>
                <td>
                  <a href={`/exams/attempts/${r.attempt.id}/review`}>{r.attempt.number}</a>
                </td>
                <td>{t(`exams.attemptStatus.${r.attempt.status}`)}</td>
                <td>
                  {r.attempt.score === null
                    ? '—'
                    : `${Math.round(r.attempt.score * 100) / 100} / ${r.attempt.maxScore}`}
                </td>
                <td>
                  <a href={`/exams/attempts/${r.attempt.id}/events`}>{t('exams.results.eventsLink')}</a>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <h2>{t('exams.stats.title')}</h2>
      <p>
        <a href={`/exams/${p.exam.id}/stats.csv`}>{t('exams.stats.csv')}</a>
      </p>
      {p.chartUrl && (
        <figure class="chart">
          <img src={p.chartUrl} alt={t('exams.stats.chartAlt')} width="640" height="320" />
        </figure>
      )}
      <div class="table-scroll">
        <table class="table" data-testid="stats">
          <thead>
            <tr>
              <th>{t('exams.stats.question')}</th>
              <th>{t('exams.stats.answered')}</th>
              <th>{t('exams.stats.facility')}</th>
              <th>{t('exams.stats.discrimination')}</th>
            </tr>
          </thead>
          <tbody>
            {p.stats.map((s) => (
              <tr>
                <td>{s.name}</td>
                <td>{s.answered}</td>
                <td>{s.facility === null ? '—' : `${Math.round(s.facility * 100)}%`}</td>
                <td>{s.discrimination === null ? '—' : s.discrimination.toFixed(2)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      {p.canManage && p.regrade.length > 0 && (
        <div class="stack">
          <h2>{t('exams.regrade.title')}</h2>
          <p class="muted">{t('exams.regrade.hint')}</p>
          {p.regrade.map((q) => (
            <Form action={`/exams/${p.exam.id}/regrade`}>
              <input type="hidden" name="questionId" value={q.questionId} />
              <Select
                name="versionId"
                label="exams.regrade.version"
                options={q.versions.map((v) => ({ value: v.id, label: `${q.name} · v${v.version}` }))}
              />
              <Submit label="exams.regrade.submit" />
            </Form>
          ))}
        </div>
      )}
    </section>
  );
}

export type GradingItem = {
  attemptId: string;
  slot: number;
  person: string;
  question: PublicQuestion;
  response: QuestionResponse | null;
  rubric: { criterion: string; points: number }[];
};

export function GradingPage(p: { exam: Exam; items: GradingItem[] }) {
  const { t } = useView();
  return (
    <section class="stack" data-testid="grading">
      <h1>
        {p.exam.title} · {t('exams.gradingQueue.title')}
      </h1>
      {p.items.length === 0 && <p class="muted">{t('exams.gradingQueue.empty')}</p>}
      {p.items.map((it) => (
        <article class="card stack">
          <p class="muted">{it.person}</p>
          <QuestionWithAnswer slot={it.slot} q={it.question} response={it.response} disabled />
          {it.rubric.length > 0 && (
            <ul>
              {it.rubric.map((r) => (
                <li>
                  {r.criterion} ({r.points})
                </li>
              ))}
            </ul>
          )}
          <Form action={`/exams/attempts/${it.attemptId}/slots/${it.slot}/grade`}>
            <Field name="percent" label="exams.gradingQueue.percent" inputmode="numeric" required />
            <Field name="comment" label="exams.gradingQueue.comment" multiline />
            <Submit label="exams.gradingQueue.save" />
          </Form>
        </article>
      ))}
    </section>
  );
}

export function EventsPage(p: {
  exam: Exam;
  attempt: Attempt;
  person: string;
  events: AttemptEvent[];
  notice?: string;
  canOverride?: boolean;
  slots?: Slot[];
}) {
  const { t } = useView();
  const pct = (f: unknown) => (typeof f === 'number' ? `${Math.round(f * 1000) / 10}%` : '—');
  return (
    <section class="stack" data-testid="events">
      <h1>
        {p.exam.title} · {p.person} · {t('exams.attemptNumber', { number: p.attempt.number })}
      </h1>
      {p.notice && (
        <p class="notice" role="status">
          {p.notice}
        </p>
      )}
      <ol>
        {p.events.map((e) => (
          <li data-kind={e.kind}>
            {time(e.at)} · {t(`exams.event.${e.kind}` as 'exams.event.start')}
            {Array.isArray(e.data.slots) ? ` · ${(e.data.slots as number[]).join(', ')}` : ''}
            {e.kind === 'override' &&
              ` · ${pct(e.data.from)} → ${pct(e.data.to)} · ${String(e.data.reason ?? '')}`}
          </li>
        ))}
      </ol>
      {p.canOverride && p.attempt.status === 'submitted' && (
        <details>
          <summary>{t('exams.override.title')}</summary>
          <p class="hint">{t('exams.override.hint')}</p>
          <OverrideForms attemptId={p.attempt.id} slots={p.slots ?? []} />
        </details>
      )}
    </section>
  );
}

/** One override form per automatically graded answer (essays take the normal manual grade). */
function OverrideForms(p: { attemptId: string; slots: Slot[] }) {
  const { t } = useView();
  const pct = (f: number | null) => (f === null ? '—' : `${Math.round(f * 1000) / 10}%`);
  return (
    <>
      {p.slots
        .filter((s) => s.type !== 'essay' && s.grading !== 'none')
        .map((s) => (
          <Form action={`/exams/attempts/${p.attemptId}/slots/${s.slot}/override`}>
            <p>
              {t('exams.override.slot')} {s.slot} · {pct(s.fraction)}
            </p>
            <Field name="percent" label="exams.override.percent" inputmode="numeric" required />
            <Field name="reason" label="exams.override.reason" multiline required />
            <Submit label="exams.override.submit" />
          </Form>
        ))}
    </>
  );
}

/** Time left until a server deadline, as H:MM:SS or M:SS. */
function remaining(deadline: Date, now: Date): string {
  const total = Math.max(0, Math.floor((deadline.getTime() - now.getTime()) / 1000));
  const h = Math.floor(total / 3600);
  const m = Math.floor((total % 3600) / 60);
  const sec = String(total % 60).padStart(2, '0');
  return h > 0 ? `${h}:${String(m).padStart(2, '0')}:${sec}` : `${m}:${sec}`;
}

export type LiveRow = LiveAttempt & { name: string; email: string };

/** Focus losses, resumes and refused late saves: what a proctor looks at twice. */
function NotableEvents({ r }: { r: LiveRow }) {
  const { t } = useView();
  const items = [
    r.focusLost > 0 && t('exams.live.focusLost', { count: r.focusLost }),
    r.resumes > 0 && t('exams.live.resumes', { count: r.resumes }),
    r.lateSaves > 0 && t('exams.live.lateSaves', { count: r.lateSaves }),
  ].filter((x): x is string => !!x);
  const away = r.status === 'in_progress' && r.lastEventKind === 'focus_lost';
  return (
    <>
      {away && (
        <strong class="badge" data-testid="away">
          {t('exams.live.away')}
        </strong>
      )}{' '}
      {items.length === 0 ? <span class="muted">—</span> : items.join(' · ')}
    </>
  );
}

/** One attempt on the live board: a card, so a phone shows it without sideways scrolling. */
function LiveCard({ r, now }: { r: LiveRow; now: Date }) {
  const { t } = useView();
  const active = r.status === 'in_progress';
  return (
    <li class="card stack" data-attempt={r.id}>
      <p>
        <strong>{r.name}</strong> <span class="muted">{r.email}</span> ·{' '}
        {t('exams.attemptNumber', { number: r.number })}
      </p>
      <dl class="facts">
        <dt>{t('exams.results.started')}</dt>
        <dd>{time(r.startedAt)}</dd>
        {active ? (
          <>
            <dt>{t('exams.live.lastSave')}</dt>
            <dd>{time(r.lastSaveAt)}</dd>
          </>
        ) : (
          <>
            <dt>{t('exams.results.submitted')}</dt>
            <dd>
              {time(r.submittedAt)}
              {r.submittedBy === 'deadline' && (
                <>
                  {' '}
                  <span class="muted">{t('exams.event.deadline_submit')}</span>
                </>
              )}
            </dd>
          </>
        )}
        <dt>{t('exams.live.answered')}</dt>
        <dd data-testid="answered">
          {t('exams.live.answeredCount', { answered: r.answered, total: r.slots })}
        </dd>
        {active && (
          <>
            <dt>{t('exams.timeLeft')}</dt>
            <dd data-testid="time-left">
              {r.deadlineAt > now ? remaining(r.deadlineAt, now) : t('exams.live.overdue')}
            </dd>
          </>
        )}
        <dt>{t('exams.live.events')}</dt>
        <dd>
          <NotableEvents r={r} />
        </dd>
      </dl>
      <p>
        <a href={`/exams/attempts/${r.id}/events`}>{t('exams.results.events')}</a>
      </p>
    </li>
  );
}

/**
 * The part of the live view htmx replaces every few seconds (the server answers an htmx request
 * with this fragment only). Candidates, times and counts; never a response, a question or an
 * answer key.
 */
export function LiveBoard(p: { exam: Exam; rows: LiveRow[]; now: Date }) {
  const { t } = useView();
  const url = `/exams/${p.exam.id}/live`;
  const active = p.rows.filter((r) => r.status === 'in_progress');
  const finished = p.rows.filter((r) => r.status !== 'in_progress');
  return (
    <div
      id="live-board"
      class="stack"
      data-testid="live-board"
      hx-get={url}
      hx-trigger="every 5s"
      hx-swap="outerHTML"
      aria-live="polite"
    >
      <p class="muted">{t('exams.live.updated', { time: time(p.now) })}</p>
      <h2>{t('exams.live.inProgress', { count: active.length })}</h2>
      {active.length === 0 ? (
        <p class="muted">{t('exams.live.none')}</p>
      ) : (
        <ul class="stack list-plain" data-testid="live-active">
          {active.map((r) => (
            <LiveCard r={r} now={p.now} />
          ))}
        </ul>
      )}
      <h2>{t('exams.live.finished', { count: finished.length })}</h2>
      {finished.length === 0 ? (
        <p class="muted">{t('exams.live.none')}</p>
      ) : (
        <ul class="stack list-plain" data-testid="live-finished">
          {finished.map((r) => (
            <LiveCard r={r} now={p.now} />
          ))}
        </ul>
      )}
    </div>
  );
}

/** The proctor's live view of one exam: the board polls itself; the reload link needs no script. */
export function LivePage(p: { exam: Exam; rows: LiveRow[]; now: Date }) {
  const { t } = useView();
  const url = `/exams/${p.exam.id}/live`;
  return (
    <section class="stack" data-testid="live">
      <h1>
        {p.exam.title} · {t('exams.live.title')}
      </h1>
      <p>
        <a href={`/exams/${p.exam.id}`}>{p.exam.title}</a> ·{' '}
        <a href={`/exams/${p.exam.id}/results`}>{t('exams.results.title')}</a>
      </p>
      <p class="muted">
        {t('exams.live.lead')}{' '}
        <a class="button" href={url} data-testid="live-reload">
          {t('exams.live.reload')}
        </a>
      </p>
      <LiveBoard exam={p.exam} rows={p.rows} now={p.now} />
    </section>
  );
}
