/**
 * Learning pages, phone first: the catalogue, a course (outline, enrolment, own progress), the
 * teacher's progress table and authoring forms, a lesson (Markdown, practice quiz, tutor), a SQL
 * lab (the PGlite island with a server fallback) and the fragments htmx swaps in. Rich text comes
 * from renderMarkdown/renderRichText, which sanitise it; every string is in messages/learning.ts.
 */
import { isMessageKey, type MessageKey } from '../../../i18n/index.ts';
import { renderMarkdown, renderRichText } from '../../../platform/markdown.ts';
import { useView } from '../../../ui/context.ts';
import { ActionButton, Field, Form, type FormState, Select, Submit } from '../../../ui/form.tsx';
import type { PublicQuestion } from '../../questions/score.ts';
import { GapText, gapLineHtml, inlineGap } from '../../questions/views/gap.tsx';
import type { Comparison } from '../compare.ts';
import type { LabDiagnostic, RunResult } from '../grading.ts';
import type {
  CatalogueTrack,
  Course,
  Lab,
  LabAttempt,
  Lesson,
  ProgressRow,
  StudentProgress,
  Track,
} from '../queries.ts';
import { COURSE_LEVELS, type CourseLevel, type ExpectedResult } from '../schema.ts';
import type { Citation, Passage } from '../tutor/passages.ts';

const levelKey = (level: CourseLevel) => `learning.level.${level}` as MessageKey;
const percent = (n: number) => `${Math.round(n * 100)}%`;

function Prose({ html, id }: { html: string; id?: string }) {
  return <div class="prose" id={id} dangerouslySetInnerHTML={{ __html: html }} />;
}

export function CataloguePage(props: { tracks: CatalogueTrack[]; mine: Course[]; canTeach: boolean }) {
  const { t } = useView();
  return (
    <section class="stack">
      <h1>{t('learning.catalogue.title')}</h1>
      <p class="muted">{t('learning.catalogue.lead')}</p>
      {props.canTeach && (
        <p class="actions">
          <a class="button button-primary" href="/learn/courses/new">
            {t('learning.course.create')}
          </a>
        </p>
      )}
      {props.mine.length > 0 && (
        <>
          <h2>{t('learning.catalogue.mine')}</h2>
          <ul class="grid" data-testid="my-courses">
            {props.mine.map((c) => (
              <li class="card">
                <a href={`/learn/courses/${c.slug}`}>{c.title}</a>
              </li>
            ))}
          </ul>
        </>
      )}
      {props.tracks.length === 0 && <p class="muted">{t('learning.catalogue.empty')}</p>}
      {props.tracks.map((track) => (
        <section class="stack">
          <h2>{track.title}</h2>
          {track.description && <p class="muted">{track.description}</p>}
          <ul class="grid">
            {track.courses.map((c) => (
              <li class="card stack">
                <span class="badge">{t(levelKey(c.level))}</span>
                <a href={`/learn/courses/${c.slug}`}>
                  <strong>{c.title}</strong>
                </a>
                <span class="muted">{c.summary}</span>
              </li>
            ))}
          </ul>
        </section>
      ))}
    </section>
  );
}

export function CourseFormPage(props: { tracks: Track[]; state?: FormState }) {
  const { t } = useView();
  return (
    <section class="stack narrow">
      <h1>{t('learning.course.create')}</h1>
      <Form action="/learn/courses" state={props.state}>
        <Field name="title" label="learning.field.title" required state={props.state} maxlength={120} />
        <Field
          name="slug"
          label="learning.field.slug"
          required
          state={props.state}
          hint="learning.field.slugHint"
        />
        <Select
          name="trackId"
          label="learning.field.track"
          state={props.state}
          options={props.tracks.map((tr) => ({ value: tr.id, label: tr.title }))}
        />
        <Field name="newTrack" label="learning.field.newTrack" state={props.state} />
        <Select
          name="level"
          label="learning.field.level"
          state={props.state}
          options={COURSE_LEVELS.map((l) => ({ value: l, label: t(levelKey(l)) }))}
        />
        <Field name="summary" label="learning.field.summary" multiline state={props.state} />
        <Submit label="learning.course.create" />
      </Form>
    </section>
  );
}

/** A course's current values for its edit form. */
export function courseValues(course: Course): Record<string, string> {
  return {
    title: course.title,
    trackId: course.trackId,
    level: course.level,
    summary: course.summary,
    ...(course.published ? { published: 'on' } : {}),
  };
}

/** A labelled checkbox that keeps its state across a re-render with errors. */
function Checkbox(p: { name: string; label: MessageKey; hint?: MessageKey; state?: FormState }) {
  const { t } = useView();
  return (
    <div class="field">
      <label class="choice">
        <input
          type="checkbox"
          name={p.name}
          id={`f-${p.name}`}
          checked={p.state?.values?.[p.name] === 'on'}
          aria-describedby={p.hint ? `f-${p.name}-hint` : undefined}
        />{' '}
        {t(p.label)}
      </label>
      {p.hint && (
        <p class="hint" id={`f-${p.name}-hint`}>
          {t(p.hint)}
        </p>
      )}
    </div>
  );
}

/** Editing a course: its address (slug) is fixed, everything else can change. */
export function CourseEditPage(props: { course: Course; tracks: Track[]; state: FormState }) {
  const { t } = useView();
  const { course, state } = props;
  return (
    <section class="stack narrow">
      <p>
        <a href={`/learn/courses/${course.slug}`}>{course.title}</a>
      </p>
      <h1>{t('learning.course.edit')}</h1>
      <Form action={`/learn/courses/${course.slug}/edit`} state={state} id="course-edit">
        <Field name="title" label="learning.field.title" required state={state} maxlength={120} />
        <Select
          name="trackId"
          label="learning.field.track"
          state={state}
          options={props.tracks.map((tr) => ({ value: tr.id, label: tr.title }))}
        />
        <Field name="newTrack" label="learning.field.newTrack" state={state} />
        <Select
          name="level"
          label="learning.field.level"
          state={state}
          options={COURSE_LEVELS.map((l) => ({ value: l, label: t(levelKey(l)) }))}
        />
        <Field name="summary" label="learning.field.summary" multiline state={state} />
        <Checkbox
          name="published"
          label="learning.field.published"
          hint="learning.field.publishedHint"
          state={state}
        />
        <Submit label="learning.course.save" />
      </Form>
    </section>
  );
}

/** Up and down buttons (plain forms, no script) for a lesson or lab in the course outline. */
function MoveButtons(p: { kind: 'lessons' | 'labs'; id: string; first: boolean; last: boolean }) {
  return (
    <span class="actions" data-testid="move">
      {!p.first && (
        <ActionButton
          action={`/learn/${p.kind}/${p.id}/move`}
          fields={{ direction: 'up' }}
          label="learning.author.moveUp"
        />
      )}
      {!p.last && (
        <ActionButton
          action={`/learn/${p.kind}/${p.id}/move`}
          fields={{ direction: 'down' }}
          label="learning.author.moveDown"
        />
      )}
    </span>
  );
}

export type CourseView = {
  course: Course;
  track: Track | undefined;
  lessons: Lesson[];
  labs: Lab[];
  enrolled: boolean;
  progress: StudentProgress | null;
  canManage: boolean;
};

export function CoursePage(v: CourseView) {
  const { t, actor } = useView();
  const { course } = v;
  return (
    <section class="stack" data-testid="course">
      <p class="muted">
        {v.track?.title} · <span class="badge">{t(levelKey(course.level))}</span>
      </p>
      <h1>{course.title}</h1>
      {course.summary && <p>{course.summary}</p>}
      {actor && !v.enrolled && (
        <ActionButton
          action={`/learn/courses/${course.slug}/enrol`}
          label="learning.course.enrol"
          variant="primary"
        />
      )}
      {!actor && (
        <p>
          <a href={`/login?next=/learn/courses/${course.slug}`}>{t('learning.course.loginToEnrol')}</a>
        </p>
      )}
      {v.enrolled && <p class="alert alert-success">{t('learning.course.enrolled')}</p>}
      {!course.published && <p class="alert alert-info">{t('learning.course.unpublished')}</p>}
      {v.canManage && (
        <p class="actions">
          <a class="button" href={`/learn/courses/${course.slug}/progress`}>
            {t('learning.progress.title')}
          </a>
          <a class="button" href={`/learn/courses/${course.slug}/edit`}>
            {t('learning.course.edit')}
          </a>
        </p>
      )}
      <h2 id="lessons">{t('learning.course.lessons')}</h2>
      <ol class="stack" data-testid="lessons">
        {v.lessons.map((l, i) => {
          const p = v.progress?.lessons.get(l.id);
          return (
            <li>
              <a href={`/learn/lessons/${l.id}`}>{l.title}</a>
              {p?.completed && <span class="badge"> {t('learning.lesson.done')}</span>}
              {p?.quizBest != null && (
                <span class="muted"> · {t('learning.quiz.best', { score: percent(p.quizBest) })}</span>
              )}
              {v.canManage && (
                <MoveButtons kind="lessons" id={l.id} first={i === 0} last={i === v.lessons.length - 1} />
              )}
            </li>
          );
        })}
      </ol>
      {v.labs.length > 0 && (
        <>
          <h2 id="labs">{t('learning.course.labs')}</h2>
          <ol class="stack" data-testid="labs">
            {v.labs.map((lab, i) => (
              <li>
                <a href={`/learn/labs/${lab.id}`}>{lab.title}</a>
                {v.progress?.passedLabs.has(lab.id) && <span class="badge"> {t('learning.lab.passed')}</span>}
                {v.canManage && (
                  <>
                    {' '}
                    <a href={`/learn/labs/${lab.id}/edit`}>{t('learning.author.editLab')}</a>
                    <MoveButtons kind="labs" id={lab.id} first={i === 0} last={i === v.labs.length - 1} />
                  </>
                )}
              </li>
            ))}
          </ol>
        </>
      )}
      {v.canManage && <AuthoringForms course={course} />}
    </section>
  );
}

function AuthoringForms({ course, state }: { course: Course; state?: FormState }) {
  const { t } = useView();
  return (
    <details class="card stack">
      <summary>{t('learning.author.title')}</summary>
      <h3>{t('learning.author.addLesson')}</h3>
      <Form action={`/learn/courses/${course.slug}/lessons`} state={state} id="lesson-form">
        <Field name="title" label="learning.field.title" required state={state} />
        <Field
          name="body"
          label="learning.field.body"
          multiline
          required
          state={state}
          hint="learning.field.bodyHint"
        />
        <Field
          name="questionIds"
          label="learning.field.questionIds"
          state={state}
          hint="learning.field.questionIdsHint"
        />
        <Submit label="learning.author.addLesson" />
      </Form>
      <h3>{t('learning.author.addLab')}</h3>
      <Form action={`/learn/courses/${course.slug}/labs`} state={state} id="lab-form-author">
        <LabFields state={state} />
        <Submit label="learning.author.addLab" />
      </Form>
    </details>
  );
}

/** Deleting a lesson or lab: allowed only while nobody has progress on it (the server checks). */
function DeleteItem({ action }: { action: string }) {
  const { t } = useView();
  return (
    <div class="card stack" data-testid="delete-item">
      <p class="muted">{t('learning.author.deleteHint')}</p>
      <ActionButton action={action} label="learning.author.delete" variant="danger" />
    </div>
  );
}

/** A lab's fields, the same for adding and editing (one schema: labForm). */
function LabFields({ state }: { state?: FormState }) {
  return (
    <>
      <Field name="title" label="learning.field.title" required state={state} />
      <Field name="task" label="learning.field.task" multiline required state={state} />
      <Field name="setupSql" label="learning.field.setupSql" multiline required state={state} />
      <Field name="referenceSql" label="learning.field.referenceSql" multiline required state={state} />
      <Field
        name="variants"
        label="learning.field.variants"
        multiline
        state={state}
        hint="learning.field.variantsHint"
      />
      <Field name="tolerance" label="learning.field.tolerance" state={state} inputmode="numeric" />
      <Checkbox name="compareColumnNames" label="learning.field.compareColumnNames" state={state} />
    </>
  );
}

/** A lab's current values for its edit form (variants joined with the `---` separator lines). */
export function labValues(lab: Lab): Record<string, string> {
  return {
    title: lab.title,
    task: lab.task,
    setupSql: lab.spec.setupSql,
    referenceSql: lab.spec.referenceSql,
    variants: lab.spec.variants.join('\n---\n'),
    tolerance: lab.spec.tolerance ? String(lab.spec.tolerance) : '',
    ...(lab.spec.compareColumnNames ? { compareColumnNames: 'on' } : {}),
  };
}

/** Editing a SQL lab: saving re-checks the reference on the setup, as adding does. */
export function LabEditPage(props: { course: Course; lab: Lab; state: FormState }) {
  const { t } = useView();
  return (
    <section class="stack narrow">
      <p>
        <a href={`/learn/courses/${props.course.slug}`}>{props.course.title}</a> ·{' '}
        <a href={`/learn/labs/${props.lab.id}`}>{props.lab.title}</a>
      </p>
      <h1>{t('learning.author.editLab')}</h1>
      <p class="muted">{t('learning.author.editLabNote')}</p>
      <Form action={`/learn/labs/${props.lab.id}/edit`} state={props.state} id="lab-edit">
        <LabFields state={props.state} />
        <Submit label="learning.author.saveLab" />
      </Form>
      <DeleteItem action={`/learn/labs/${props.lab.id}/delete`} />
    </section>
  );
}

export function AuthoringErrorPage({ course, state }: { course: Course; state: FormState }) {
  const { t } = useView();
  return (
    <section class="stack">
      <h1>{course.title}</h1>
      <p>
        <a href={`/learn/courses/${course.slug}`}>{t('learning.backToCourse')}</a>
      </p>
      <AuthoringForms course={course} state={state} />
    </section>
  );
}

export function LessonEditPage(props: { course: Course; lesson: Lesson; state?: FormState }) {
  const { t } = useView();
  const { lesson, state } = props;
  return (
    <section class="stack narrow">
      <p>
        <a href={`/learn/courses/${props.course.slug}`}>{props.course.title}</a>
      </p>
      <h1>{t('learning.author.editLesson')}</h1>
      <Form action={`/learn/lessons/${lesson.id}/edit`} state={state} id="lesson-edit">
        <Field name="title" label="learning.field.title" required state={state} value={lesson.title} />
        <Field
          name="body"
          label="learning.field.body"
          multiline
          required
          state={state}
          value={lesson.body}
          hint="learning.field.bodyHint"
        />
        <Field
          name="questionIds"
          label="learning.field.questionIds"
          state={state}
          value={lesson.questionIds.join(' ')}
          hint="learning.field.questionIdsHint"
        />
        <Submit label="learning.author.saveLesson" />
      </Form>
      <DeleteItem action={`/learn/lessons/${lesson.id}/delete`} />
    </section>
  );
}

export function ProgressPage(props: {
  course: Course;
  rows: ProgressRow[];
  lessonCount: number;
  labCount: number;
}) {
  const { t } = useView();
  return (
    <section class="stack">
      <h1>{t('learning.progress.title')}</h1>
      <p>
        <a href={`/learn/courses/${props.course.slug}`}>{props.course.title}</a>
      </p>
      {props.rows.length === 0 ? (
        <p class="muted">{t('learning.progress.empty')}</p>
      ) : (
        <div class="table-scroll">
          <table data-testid="progress-table">
            <thead>
              <tr>
                <th>{t('learning.progress.student')}</th>
                <th>{t('learning.progress.lessons', { total: props.lessonCount })}</th>
                <th>{t('learning.progress.quiz')}</th>
                <th>{t('learning.progress.labs', { total: props.labCount })}</th>
              </tr>
            </thead>
            <tbody>
              {props.rows.map((r) => (
                <tr>
                  <td>
                    {r.displayName}
                    <br />
                    <span class="muted">{r.email}</span>
                  </td>
                  <td>{r.lessonsCompleted}</td>
                  <td>{r.quizAverage === null ? '–' : percent(r.quizAverage)}</td>
                  <td>{r.labsPassed}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}

export type QuizItem = { questionId: string; question: PublicQuestion };

function QuizQuestion({ item, index }: { item: QuizItem; index: number }) {
  const { t } = useView();
  const q = item.question;
  const name = `q_${item.questionId}`;
  // A missing-word question takes its answer inside the sentence (questions/views/gap.tsx).
  const gap = inlineGap(q);
  if (gap)
    return (
      <fieldset class="card stack" data-question={item.questionId}>
        <legend>{t('learning.quiz.number', { n: index + 1 })}</legend>
        <GapText
          text={q.text}
          format={q.textFormat}
          control={
            gap === 'select' ? (
              <select name={name} class="gap-control" aria-label={t('learning.quiz.answer')}>
                <option value="">{t('learning.quiz.choose')}</option>
                {q.choices?.map((c) => (
                  <option value={c.id}>{c.text}</option>
                ))}
              </select>
            ) : (
              <input
                type="text"
                name={name}
                class="gap-control"
                size={12}
                aria-label={t('learning.quiz.answer')}
                inputmode={q.type === 'numerical' ? 'decimal' : undefined}
              />
            )
          }
        />
      </fieldset>
    );
  return (
    <fieldset class="card stack" data-question={item.questionId}>
      <legend>{t('learning.quiz.number', { n: index + 1 })}</legend>
      <Prose html={gapLineHtml(q.text, q.textFormat)} />
      {(q.type === 'single_choice' || q.type === 'multiple_choice') &&
        q.choices?.map((choice) => (
          <label class="choice">
            <input type={q.type === 'single_choice' ? 'radio' : 'checkbox'} name={name} value={choice.id} />{' '}
            <span dangerouslySetInnerHTML={{ __html: renderRichText(choice.text, q.textFormat) }} />
          </label>
        ))}
      {q.type === 'true_false' && (
        <>
          <label class="choice">
            <input type="radio" name={name} value="true" /> {t('learning.quiz.true')}
          </label>
          <label class="choice">
            <input type="radio" name={name} value="false" /> {t('learning.quiz.false')}
          </label>
        </>
      )}
      {(q.type === 'short_answer' || q.type === 'numerical') && (
        <label>
          <span class="visually-hidden">{t('learning.quiz.answer')}</span>
          <input type="text" name={name} inputmode={q.type === 'numerical' ? 'decimal' : undefined} />
        </label>
      )}
    </fieldset>
  );
}

export type QuizOutcome = {
  questionId: string;
  fraction: number;
  feedback: string[];
  generalFeedback: string;
  explanation: string;
  textFormat: PublicQuestion['textFormat'];
};

export function QuizResult(props: { outcomes: QuizOutcome[]; score: number; best: number }) {
  const { t } = useView();
  return (
    <div class="stack" id="quiz-result" data-testid="quiz-result" aria-live="polite">
      <p class="alert alert-info">
        {t('learning.quiz.score', { score: percent(props.score) })} ·{' '}
        {t('learning.quiz.best', { score: percent(props.best) })}
      </p>
      {props.outcomes.map((o, i) => (
        <div class="card stack" data-question={o.questionId} data-fraction={String(o.fraction)}>
          <strong>
            {t('learning.quiz.number', { n: i + 1 })} ·{' '}
            {o.fraction >= 1
              ? t('learning.quiz.right')
              : o.fraction > 0
                ? t('learning.quiz.partly', { score: percent(o.fraction) })
                : t('learning.quiz.wrong')}
          </strong>
          {o.feedback.map((f) => (
            <Prose html={renderRichText(f, o.textFormat)} />
          ))}
          {o.generalFeedback && <Prose html={renderRichText(o.generalFeedback, o.textFormat)} />}
          {o.explanation && (
            <div>
              <h4>{t('learning.quiz.explanation')}</h4>
              <Prose html={renderMarkdown(o.explanation)} />
            </div>
          )}
        </div>
      ))}
    </div>
  );
}

function TutorPanel(props: { course: Course; lessonId?: string; labId?: string }) {
  const { t, csrfToken } = useView();
  return (
    <aside class="card stack" id="tutor" data-testid="tutor">
      <h2>{t('learning.tutor.title')}</h2>
      <p class="muted">{t('learning.tutor.lead')}</p>
      <form
        action={`/learn/courses/${props.course.slug}/tutor`}
        method="post"
        class="form"
        hx-post={`/learn/courses/${props.course.slug}/tutor`}
        hx-target="#tutor-answer"
        hx-swap="innerHTML"
      >
        <input type="hidden" name="_csrf" value={csrfToken} />
        {props.lessonId && <input type="hidden" name="lessonId" value={props.lessonId} />}
        {props.labId && <input type="hidden" name="labId" value={props.labId} />}
        <div class="field">
          <label for="tutor-question">{t('learning.tutor.question')}</label>
          <textarea id="tutor-question" name="question" rows={2} maxlength={500} required />
        </div>
        <button type="submit" class="button button-primary">
          {t('learning.tutor.ask')}
        </button>
      </form>
      <div id="tutor-answer" aria-live="polite" />
    </aside>
  );
}

export type TutorView = {
  question: string;
  llmText: string | null;
  passages: Passage[];
  citations: Citation[];
  hints: LabDiagnostic[] | null;
};

export function TutorAnswer(v: TutorView) {
  const { t } = useView();
  return (
    <div class="stack" data-testid="tutor-answer">
      {v.hints && (
        <div class="stack" data-testid="tutor-hints">
          <h3>{t('learning.tutor.hints')}</h3>
          {v.hints.length === 0 ? (
            <p class="muted">{t('learning.tutor.noAttempt')}</p>
          ) : (
            <Diagnostics items={v.hints} />
          )}
        </div>
      )}
      {v.passages.length === 0 ? (
        <p class="muted">{t('learning.tutor.nothing')}</p>
      ) : (
        <>
          {v.llmText ? (
            <div data-testid="tutor-llm">
              <p class="muted">{t('learning.tutor.phrased')}</p>
              <p class="pre-wrap">{v.llmText}</p>
            </div>
          ) : (
            <p class="muted">{t('learning.tutor.quoted')}</p>
          )}
          {v.passages.map((p, i) => (
            <blockquote class="stack" data-lesson={p.lessonId}>
              <span class="muted">
                [{i + 1}] {p.lessonTitle}
              </span>
              <Prose html={renderMarkdown(p.text)} />
            </blockquote>
          ))}
        </>
      )}
      {v.citations.length > 0 && (
        <div>
          <h3>{t('learning.tutor.sources')}</h3>
          <ul data-testid="tutor-citations">
            {v.citations.map((c) => (
              <li>
                <a href={`/learn/lessons/${c.lessonId}`}>{c.lessonTitle}</a>
              </li>
            ))}
          </ul>
        </div>
      )}
    </div>
  );
}

export type LessonView = {
  canEdit: boolean;
  course: Course;
  lesson: Lesson;
  previous: Lesson | undefined;
  next: Lesson | undefined;
  quiz: QuizItem[];
  enrolled: boolean;
  completed: boolean;
  tutor: boolean;
};

export function LessonPage(v: LessonView) {
  const { t, csrfToken } = useView();
  const base = `/learn/lessons/${v.lesson.id}`;
  return (
    <article class="stack" data-testid="lesson">
      <p>
        <a href={`/learn/courses/${v.course.slug}`}>{v.course.title}</a>
      </p>
      <h1>{v.lesson.title}</h1>
      {v.canEdit && (
        <p class="actions">
          <a class="button" href={`${base}/edit`}>
            {t('learning.author.editLesson')}
          </a>
        </p>
      )}
      <Prose html={renderMarkdown(v.lesson.body)} />
      {v.quiz.length > 0 && (
        <section class="stack">
          <h2>{t('learning.quiz.title')}</h2>
          {v.enrolled ? (
            <form
              action={`${base}/quiz`}
              method="post"
              class="form stack"
              hx-post={`${base}/quiz`}
              hx-target="#quiz-result"
              hx-swap="outerHTML"
            >
              <input type="hidden" name="_csrf" value={csrfToken} />
              {v.quiz.map((item, i) => (
                <QuizQuestion item={item} index={i} />
              ))}
              <button type="submit" class="button button-primary">
                {t('learning.quiz.check')}
              </button>
            </form>
          ) : (
            <p class="muted">{t('learning.enrolFirst')}</p>
          )}
          <div id="quiz-result" />
        </section>
      )}
      {v.enrolled &&
        (v.completed ? (
          <p class="badge">{t('learning.lesson.done')}</p>
        ) : (
          <ActionButton action={`${base}/complete`} label="learning.lesson.complete" variant="primary" />
        ))}
      <nav class="actions">
        {v.previous && <a href={`/learn/lessons/${v.previous.id}`}>← {v.previous.title}</a>}
        {v.next && <a href={`/learn/lessons/${v.next.id}`}>{v.next.title} →</a>}
      </nav>
      {v.tutor && <TutorPanel course={v.course} lessonId={v.lesson.id} />}
    </article>
  );
}

export function ResultTable({ result }: { result: { columns: string[]; rows: unknown[][] } }) {
  const { t } = useView();
  return (
    <div class="table-scroll">
      <table class="result-table" data-testid="result-table">
        <thead>
          <tr>
            {result.columns.map((c) => (
              <th>{c}</th>
            ))}
          </tr>
        </thead>
        <tbody>
          {result.rows.map((row) => (
            <tr>
              {row.map((v) => (
                <td>{v === null ? <em class="muted">{t('learning.lab.null')}</em> : String(v)}</td>
              ))}
            </tr>
          ))}
        </tbody>
      </table>
      <p class="muted">{t('learning.lab.rowCount', { n: result.rows.length })}</p>
    </div>
  );
}

export function ComparisonNote({ comparison }: { comparison: Comparison }) {
  const { t } = useView();
  return (
    <div class="stack">
      <div
        class={comparison.match ? 'alert alert-success' : 'alert alert-error'}
        data-testid="lab-feedback"
        data-match={String(comparison.match)}
      >
        {comparison.match ? t('learning.compare.match') : <Diagnostics items={comparison.diagnostics} />}
      </div>
      {comparison.sample && <SampleRows sample={comparison.sample} />}
    </div>
  );
}

export function RunOutput(props: { result: RunResult; comparison: Comparison | null }) {
  return (
    <div id="lab-output" aria-live="polite" class="stack">
      {props.result.ok ? (
        <>
          {props.comparison && <ComparisonNote comparison={props.comparison} />}
          <ResultTable result={props.result} />
        </>
      ) : (
        <div class="alert alert-error" data-testid="lab-error">
          <Diagnostics items={[props.result.error]} />
        </div>
      )}
    </div>
  );
}

/** Grader diagnostics in the reader's language; a code the catalogue lacks is shown as is. */
function Diagnostics({ items }: { items: LabDiagnostic[] }) {
  const { t } = useView();
  if (items.length === 0) return null;
  return (
    <ul data-testid="diagnostics">
      {items.map((d) => (
        <li>{isMessageKey(d.code) ? t(d.code as MessageKey, d.vars) : d.code}</li>
      ))}
    </ul>
  );
}

/** Missing and extra rows on the visible data: what is wrong, never the hidden data. */
function SampleRows({ sample }: { sample: NonNullable<LabAttempt['diagnostics']['sample']> }) {
  const { t } = useView();
  return (
    <div class="stack" data-testid="lab-sample">
      {sample.missing.length > 0 && (
        <>
          <p>{t('learning.lab.missingRows')}</p>
          <ResultTable result={{ columns: sample.columns, rows: sample.missing }} />
        </>
      )}
      {sample.extra.length > 0 && (
        <>
          <p>{t('learning.lab.extraRows')}</p>
          <ResultTable result={{ columns: sample.columns, rows: sample.extra }} />
        </>
      )}
    </div>
  );
}

export function SubmitResult(props: { attempt: LabAttempt }) {
  const { t } = useView();
  const a = props.attempt;
  return (
    <div
      id="lab-result"
      class="stack"
      aria-live="polite"
      data-testid="lab-result"
      data-passed={String(a.passed)}
    >
      <p class={a.passed ? 'alert alert-success' : 'alert alert-error'}>
        {a.passed ? t('learning.lab.creditPassed') : t('learning.lab.creditFailed')}
      </p>
      {!a.passed && <Diagnostics items={a.diagnostics.items} />}
      {a.diagnostics.sample && <SampleRows sample={a.diagnostics.sample} />}
    </div>
  );
}

export type LabView = {
  course: Course;
  lab: Lab;
  enrolled: boolean;
  passed: boolean;
  /** The lab's grading changed after the student's last pass (the credit stays). */
  changedSincePassed: boolean;
  canEdit: boolean;
  lastAttempt: LabAttempt | undefined;
  tutor: boolean;
  pgliteUrl: string;
  islandUrl: string;
  /** Filled when the page answers a no-JavaScript run or submit. */
  sql?: string;
  output?: { result: RunResult; comparison: Comparison | null };
};

/** What the island needs: the visible setup, the expected rows and its messages. Never the reference. */
export type IslandData = {
  setupSql: string;
  expected: ExpectedResult | null;
  tolerance: number;
  messages: Record<string, string>;
};

export function LabPage(v: LabView & { island: IslandData }) {
  const { t, csrfToken } = useView();
  const base = `/learn/labs/${v.lab.id}`;
  return (
    <article class="stack" data-testid="lab">
      <p>
        <a href={`/learn/courses/${v.course.slug}`}>{v.course.title}</a>
      </p>
      <h1>{v.lab.title}</h1>
      {v.canEdit && (
        <p class="actions">
          <a class="button" href={`${base}/edit`}>
            {t('learning.author.editLab')}
          </a>
        </p>
      )}
      {v.passed && <p class="badge">{t('learning.lab.passed')}</p>}
      {v.changedSincePassed && (
        <p class="alert alert-info" data-testid="lab-changed">
          {t('learning.lab.changedSincePassed')}
        </p>
      )}
      <Prose html={renderMarkdown(v.lab.task)} />
      <details>
        <summary>{t('learning.lab.schema')}</summary>
        <pre>
          <code>{v.lab.spec.setupSql}</code>
        </pre>
      </details>
      <section
        id="lab-island"
        class="stack"
        data-pglite={v.pgliteUrl}
        data-lab={JSON.stringify(v.island)}
        data-state="server"
      >
        <p class="muted" id="lab-engine" data-testid="lab-engine">
          {t('learning.lab.engineServer')}
        </p>
        {v.enrolled ? (
          <form action={`${base}/run`} method="post" class="form stack" id="lab-form">
            <input type="hidden" name="_csrf" value={csrfToken} />
            <div class="field">
              <label for="lab-sql">{t('learning.lab.query')}</label>
              <textarea id="lab-sql" name="sql" rows={6} spellcheck={false} class="code-input">
                {v.sql ?? v.lastAttempt?.sql ?? ''}
              </textarea>
            </div>
            <p class="actions">
              <button
                type="submit"
                class="button"
                id="lab-run"
                hx-post={`${base}/run`}
                hx-target="#lab-output"
                hx-swap="outerHTML"
              >
                {t('learning.lab.run')}
              </button>
              <button
                type="submit"
                class="button button-primary"
                id="lab-submit"
                formaction={`${base}/submit`}
                hx-post={`${base}/submit`}
                hx-target="#lab-result"
                hx-swap="outerHTML"
              >
                {t('learning.lab.submit')}
              </button>
            </p>
          </form>
        ) : (
          <p class="muted">{t('learning.enrolFirst')}</p>
        )}
        {v.output ? (
          <RunOutput result={v.output.result} comparison={v.output.comparison} />
        ) : (
          <div id="lab-output" aria-live="polite" class="stack" />
        )}
        {v.lastAttempt ? (
          <SubmitResult attempt={v.lastAttempt} />
        ) : (
          <div id="lab-result" aria-live="polite" />
        )}
      </section>
      {v.tutor && <TutorPanel course={v.course} labId={v.lab.id} />}
      {v.enrolled && <script type="module" src={v.islandUrl} />}
    </article>
  );
}
