/**
 * Question bank pages for teachers, phone first: the list with the category tree and filters (all
 * in the URL), a question with its answer key, its version history, the preview where a teacher
 * answers and sees the score, categories, and import/export. Rich text (question text, feedback,
 * explanations) is rendered on the server through the sanitising renderer, inside `.prose`.
 */
import type { MessageKey } from '../../../i18n/index.ts';
import { renderMarkdown, renderRichText } from '../../../platform/markdown.ts';
import { formatShanghai } from '../../../platform/time.ts';
import { useView } from '../../../ui/context.ts';
import { Field, Form, type FormState, Select, Submit } from '../../../ui/form.tsx';
import type { Category, QuestionFilters, QuestionListItem, QuestionRow, VersionRow } from '../queries.ts';
import type { Score } from '../score.ts';
import {
  QUESTION_STATUSES,
  QUESTION_TYPES,
  type QuestionBody,
  type QuestionResponse,
  type QuestionStatus,
  type QuestionType,
  type TextFormat,
} from '../types.ts';
import { GapText, gapLineHtml, inlineGap } from './gap.tsx';
import { QuestionForm } from './question-form.tsx';

const indent = (c: Category) => `${'— '.repeat(c.depth)}${c.name}`;

function Rich({ source, format }: { source: string; format: TextFormat }) {
  return <div class="prose" dangerouslySetInnerHTML={{ __html: renderRichText(source, format) }} />;
}

function Markdown({ source }: { source: string }) {
  return <div class="prose" dangerouslySetInnerHTML={{ __html: renderMarkdown(source) }} />;
}

function StatusBadge({ status }: { status: QuestionStatus }) {
  const { t } = useView();
  return (
    <span class="badge" data-status={status}>
      {t(`questions.status.${status}`)}
    </span>
  );
}

/** The list URL with some filters changed (empty values dropped). */
export function listUrl(filters: QuestionFilters & { page?: number }, change: Record<string, string> = {}) {
  const params = new URLSearchParams();
  const all: Record<string, string> = {
    category: filters.categoryId ?? '',
    type: filters.type ?? '',
    status: filters.status ?? '',
    tag: filters.tag ?? '',
    difficulty: filters.difficulty ? String(filters.difficulty) : '',
    q: filters.q ?? '',
    page: filters.page && filters.page > 1 ? String(filters.page) : '',
    ...change,
  };
  for (const [k, v] of Object.entries(all)) if (v) params.set(k, v);
  const s = params.toString();
  return s ? `/questions?${s}` : '/questions';
}

function CategoryTree({ categories, filters }: { categories: Category[]; filters: QuestionFilters }) {
  const { t } = useView();
  return (
    <nav aria-label={t('questions.field.category')} class="card">
      <ul class="tree" data-testid="category-tree">
        <li>
          <a
            href={listUrl(filters, { category: '', page: '' })}
            aria-current={!filters.categoryId ? 'page' : undefined}
          >
            {t('questions.index.allCategories')}
          </a>
        </li>
        {categories.map((c) => (
          <li data-depth={Math.min(c.depth, 6)}>
            <a
              href={listUrl(filters, { category: c.id, page: '' })}
              aria-current={filters.categoryId === c.id ? 'page' : undefined}
            >
              {c.name}
            </a>{' '}
            <span class="muted">{t('questions.category.count', { n: c.totalCount })}</span>
          </li>
        ))}
      </ul>
    </nav>
  );
}

export function QuestionsIndexPage(p: {
  categories: Category[];
  filters: QuestionFilters;
  items: QuestionListItem[];
  total: number;
  page: number;
  pages: number;
}) {
  const { t } = useView();
  const f = p.filters;
  const newHref = f.categoryId ? `/questions/new?category=${f.categoryId}` : '/questions/new';
  return (
    <section class="stack">
      <h1>{t('questions.index.title')}</h1>
      <p class="muted">{t('questions.index.lead')}</p>
      <p class="actions">
        <a class="button button-primary" href={newHref}>
          {t('questions.index.new')}
        </a>{' '}
        <a class="button" href="/questions/import">
          {t('questions.index.import')}
        </a>{' '}
        <a class="button" href="/questions/categories">
          {t('questions.index.categories')}
        </a>
      </p>
      <CategoryTree categories={p.categories} filters={f} />
      {f.categoryId && (
        <p data-testid="export">
          {t('questions.index.export')}{' '}
          <a href={`/questions/categories/${f.categoryId}/export?format=gift`}>
            {t('questions.export.gift')}
          </a>{' '}
          <a href={`/questions/categories/${f.categoryId}/export?format=xml`}>{t('questions.export.xml')}</a>
        </p>
      )}
      <details class="card" open={!!(f.q || f.type || f.status || f.tag || f.difficulty)}>
        <summary>{t('questions.filter.title')}</summary>
        <form action="/questions" method="get" class="form">
          {f.categoryId && <input type="hidden" name="category" value={f.categoryId} />}
          <div class="field">
            <label for="f-q">{t('questions.filter.q')}</label>
            <input id="f-q" name="q" type="search" value={f.q ?? ''} />
          </div>
          <FilterSelect
            name="type"
            label="questions.filter.type"
            value={f.type ?? ''}
            options={QUESTION_TYPES.map((x) => ({ value: x, label: t(`questions.type.${x}`) }))}
          />
          <FilterSelect
            name="status"
            label="questions.filter.status"
            value={f.status ?? ''}
            options={QUESTION_STATUSES.map((x) => ({ value: x, label: t(`questions.status.${x}`) }))}
          />
          <FilterSelect
            name="difficulty"
            label="questions.filter.difficulty"
            value={f.difficulty ? String(f.difficulty) : ''}
            options={['1', '2', '3', '4', '5'].map((x) => ({ value: x, label: x }))}
          />
          <div class="field">
            <label for="f-tag">{t('questions.filter.tag')}</label>
            <input id="f-tag" name="tag" value={f.tag ?? ''} />
          </div>
          <button type="submit" class="button button-primary">
            {t('questions.filter.apply')}
          </button>{' '}
          <a href="/questions">{t('questions.filter.clear')}</a>
        </form>
      </details>
      <p class="muted">{t('questions.index.count', { n: p.total })}</p>
      {p.items.length === 0 ? (
        <p class="muted">{t('questions.index.empty')}</p>
      ) : (
        <ul class="stack list-plain" data-testid="question-list">
          {p.items.map((q) => (
            <li class="card" data-id={q.id}>
              <a href={`/questions/${q.id}`}>
                <strong>{q.name}</strong>
              </a>
              <p class="muted">
                {t(`questions.type.${q.type}`)} · <StatusBadge status={q.status} /> ·{' '}
                {t('questions.difficultyN', { n: q.difficulty })} · {q.categoryPath}
              </p>
              {q.tags.length > 0 && (
                <p>
                  {q.tags.map((tag) => (
                    <a class="badge" href={listUrl(f, { tag, page: '' })}>
                      {tag}
                    </a>
                  ))}
                </p>
              )}
            </li>
          ))}
        </ul>
      )}
      {p.pages > 1 && (
        <nav class="pagination" aria-label={t('questions.page.of', { page: p.page, pages: p.pages })}>
          {p.page > 1 && (
            <a rel="prev" href={listUrl({ ...f, page: p.page - 1 })}>
              {t('questions.page.prev')}
            </a>
          )}{' '}
          <span>{t('questions.page.of', { page: p.page, pages: p.pages })}</span>{' '}
          {p.page < p.pages && (
            <a rel="next" href={listUrl({ ...f, page: p.page + 1 })}>
              {t('questions.page.next')}
            </a>
          )}
        </nav>
      )}
    </section>
  );
}

function FilterSelect(p: {
  name: string;
  label: MessageKey;
  value: string;
  options: { value: string; label: string }[];
}) {
  const { t } = useView();
  return (
    <div class="field">
      <label for={`f-${p.name}`}>{t(p.label)}</label>
      <select id={`f-${p.name}`} name={p.name}>
        <option value="">{t('questions.filter.any')}</option>
        {p.options.map((o) => (
          <option value={o.value} selected={o.value === p.value}>
            {o.label}
          </option>
        ))}
      </select>
    </div>
  );
}

export function TypePickerPage({ categoryId }: { categoryId: string }) {
  const { t } = useView();
  const suffix = categoryId ? `&category=${categoryId}` : '';
  return (
    <section class="stack">
      <h1>{t('questions.new.pickType')}</h1>
      <ul class="grid" data-testid="type-picker">
        {QUESTION_TYPES.map((type) => (
          <li>
            <a class="card" href={`/questions/new?type=${type}${suffix}`}>
              {t(`questions.type.${type}`)}
            </a>
          </li>
        ))}
      </ul>
    </section>
  );
}

export function QuestionFormPage(p: {
  title: MessageKey;
  action: string;
  type: QuestionType;
  state: FormState;
  categories: Category[];
  submit: MessageKey;
  locked?: boolean;
}) {
  const { t } = useView();
  return (
    <section class="stack">
      <h1>{t(p.title)}</h1>
      {p.locked && <p class="alert">{t('questions.edit.lockedNote')}</p>}
      <QuestionForm
        action={p.action}
        type={p.type}
        state={p.state}
        categories={p.categories}
        submit={p.submit}
      />
    </section>
  );
}

const pct = (fraction: number) => String(Math.round(fraction * 1e5) / 1e3);

/** The answer key of a body, as the author sees it. */
function AnswerKey({ body }: { body: QuestionBody }) {
  const { t } = useView();
  switch (body.type) {
    case 'single_choice':
    case 'multiple_choice':
      return (
        <ol class="answer-key">
          {body.choices.map((c) => (
            <li data-fraction={c.fraction}>
              {c.text} <strong>{t('questions.show.weight', { weight: pct(c.fraction) })}</strong>
              {c.feedback && <Markdown source={c.feedback} />}
            </li>
          ))}
        </ol>
      );
    case 'true_false':
      return (
        <div>
          <p>
            <strong>{t(body.correct ? 'questions.field.true' : 'questions.field.false')}</strong>
          </p>
          {body.feedbackTrue && <Markdown source={body.feedbackTrue} />}
          {body.feedbackFalse && <Markdown source={body.feedbackFalse} />}
        </div>
      );
    case 'short_answer':
      return (
        <div>
          <p class="muted">
            {t(body.caseSensitive ? 'questions.show.caseSensitive' : 'questions.show.caseInsensitive')}
          </p>
          <ol class="answer-key">
            {body.answers.map((a) => (
              <li>
                <code>{a.text}</code>{' '}
                <strong>{t('questions.show.weight', { weight: pct(a.fraction) })}</strong>
                {a.feedback && <Markdown source={a.feedback} />}
              </li>
            ))}
          </ol>
        </div>
      );
    case 'numerical':
      return (
        <ol class="answer-key">
          {body.answers.map((a) => (
            <li>
              {a.kind === 'value'
                ? t('questions.show.tolerance', { value: a.value, tolerance: a.tolerance })
                : t('questions.show.range', { min: a.min, max: a.max })}{' '}
              <strong>{t('questions.show.weight', { weight: pct(a.fraction) })}</strong>
              {a.feedback && <Markdown source={a.feedback} />}
            </li>
          ))}
        </ol>
      );
    case 'matching':
      return (
        <table>
          <tbody>
            {body.pairs.map((p) => (
              <tr>
                <td>{p.prompt}</td>
                <td>{p.answer}</td>
              </tr>
            ))}
          </tbody>
        </table>
      );
    case 'essay':
      return (
        <ol class="answer-key">
          {body.rubric.map((r) => (
            <li>
              {r.criterion} <strong>{t('questions.show.points', { points: r.points })}</strong>
            </li>
          ))}
        </ol>
      );
    case 'sql':
      return <SqlSpecView body={body} />;
    case 'description':
      return null;
  }
}

function SqlSpecView({ body }: { body: Extract<QuestionBody, { type: 'sql' }> }) {
  const { t } = useView();
  const s = body.sql;
  return (
    <div class="stack" data-testid="sql-spec">
      <h3>{t('questions.field.setupSql')}</h3>
      <Markdown source={`\`\`\`sql\n${s.setupSql}\n\`\`\``} />
      <h3>{t('questions.field.referenceSql')}</h3>
      <Markdown source={`\`\`\`sql\n${s.referenceSql}\n\`\`\``} />
      <p>{t('questions.show.variants', { n: s.variants.length })}</p>
      {s.variants.map((v) => (
        <Markdown source={`\`\`\`sql\n${v}\n\`\`\``} />
      ))}
      <p>
        {t('questions.field.allowedKinds')}{' '}
        {s.allowedKinds.map((k) => (
          <span class="badge">{t(`questions.kind.${k}`)}</span>
        ))}
      </p>
      {s.checkSql && <Markdown source={`\`\`\`sql\n${s.checkSql}\n\`\`\``} />}
      {s.compareColumnNames && <p>{t('questions.show.compareNames')}</p>}
      <p>
        {t('questions.field.sqlTolerance')} {String(s.tolerance)}
      </p>
    </div>
  );
}

/** A version's full content: text, answer key, feedback, explanation. */
function VersionContent({ version }: { version: VersionRow }) {
  const { t } = useView();
  return (
    <div class="stack">
      <Rich source={version.text} format={version.textFormat} />
      {version.body.type !== 'description' && (
        <>
          <h3>{t('questions.show.answerKey')}</h3>
          <p class="muted">{t('questions.show.mark', { mark: version.defaultMark })}</p>
          <AnswerKey body={version.body} />
        </>
      )}
      {version.generalFeedback && (
        <>
          <h3>{t('questions.show.generalFeedback')}</h3>
          <Rich source={version.generalFeedback} format={version.textFormat} />
        </>
      )}
      {version.explanation && (
        <>
          <h3>{t('questions.show.explanation')}</h3>
          <Markdown source={version.explanation} />
        </>
      )}
    </div>
  );
}

export function QuestionPage(p: {
  question: QuestionRow;
  version: VersionRow;
  categoryPath: string;
  notice?: MessageKey;
}) {
  const { t } = useView();
  const q = p.question;
  return (
    <article class="stack">
      {p.notice && (
        <p class="alert alert-success" role="status">
          {t(p.notice)}
        </p>
      )}
      <h1>{p.version.name}</h1>
      <p class="muted">
        {t('questions.show.meta', {
          type: t(`questions.type.${q.type}`),
          status: t(`questions.status.${q.status}`),
          difficulty: q.difficulty,
          version: q.currentVersion,
        })}
      </p>
      <p class="muted">{t('questions.show.category', { path: p.categoryPath })}</p>
      {q.tags.length > 0 && (
        <p>
          {t('questions.show.tags')}{' '}
          {q.tags.map((tag) => (
            <a class="badge" href={`/questions?tag=${encodeURIComponent(tag)}`}>
              {tag}
            </a>
          ))}
        </p>
      )}
      <p class="actions">
        <a class="button button-primary" href={`/questions/${q.id}/edit`}>
          {t('questions.show.edit')}
        </a>{' '}
        <a class="button" href={`/questions/${q.id}/preview`}>
          {t('questions.show.preview')}
        </a>{' '}
        <a class="button" href={`/questions/${q.id}/versions`}>
          {t('questions.show.versions')}
        </a>
      </p>
      <VersionContent version={p.version} />
      <Form action={`/questions/${q.id}/status`} class="form card">
        <Select
          name="status"
          label="questions.show.status"
          value={q.status}
          options={QUESTION_STATUSES.map((s) => ({ value: s, label: t(`questions.status.${s}`) }))}
        />
        <Submit label="questions.show.statusSubmit" />
      </Form>
    </article>
  );
}

export function VersionsPage(p: {
  name: string;
  questionId: string;
  current: number;
  versions: VersionRow[];
}) {
  const { t } = useView();
  return (
    <section class="stack">
      <h1>{t('questions.versions.title', { name: p.name })}</h1>
      <p>
        <a href={`/questions/${p.questionId}`}>{p.name}</a>
      </p>
      {p.versions.map((v) => (
        <details class="card" open={v.version === p.current} data-version={v.version}>
          <summary>
            <strong>
              {t('questions.versions.entry', { n: v.version, date: formatShanghai(v.createdAt) })}
            </strong>{' '}
            {v.version === p.current && <span class="badge">{t('questions.versions.current')}</span>}{' '}
            {v.lockedAt && <span class="badge">{t('questions.versions.locked')}</span>}
          </summary>
          <h2>{v.name}</h2>
          <VersionContent version={v} />
        </details>
      ))}
    </section>
  );
}

/** The answer inputs of a question in the preview, named as `responseFromForm` reads them. */
function AnswerInputs({ body, response }: { body: QuestionBody; response?: QuestionResponse }) {
  const { t } = useView();
  switch (body.type) {
    case 'single_choice':
      return (
        <fieldset>
          <legend>{t('questions.preview.yourAnswer')}</legend>
          {body.choices.map((c) => (
            <label class="choice-line">
              <input
                type="radio"
                name="choice"
                value={c.id}
                checked={response?.type === 'single_choice' && response.choice === c.id}
              />{' '}
              {c.text}
            </label>
          ))}
        </fieldset>
      );
    case 'multiple_choice':
      return (
        <fieldset>
          <legend>{t('questions.preview.yourAnswer')}</legend>
          {body.choices.map((c) => (
            <label class="choice-line">
              <input
                type="checkbox"
                name={`choice_${c.id}`}
                checked={response?.type === 'multiple_choice' && response.choices.includes(c.id)}
              />{' '}
              {c.text}
            </label>
          ))}
        </fieldset>
      );
    case 'true_false':
      return (
        <fieldset>
          <legend>{t('questions.preview.yourAnswer')}</legend>
          {(['true', 'false'] as const).map((v) => (
            <label class="choice-line">
              <input
                type="radio"
                name="value"
                value={v}
                checked={response?.type === 'true_false' && String(response.value) === v}
              />{' '}
              {t(`questions.field.${v}`)}
            </label>
          ))}
        </fieldset>
      );
    case 'short_answer':
    case 'numerical':
    case 'essay':
      return (
        <div class="field">
          <label for="f-answer">{t('questions.preview.yourAnswer')}</label>
          {body.type === 'essay' ? (
            <textarea id="f-answer" name="text" rows={6}>
              {response?.type === 'essay' ? response.text : ''}
            </textarea>
          ) : (
            <input
              id="f-answer"
              name="text"
              inputmode={body.type === 'numerical' ? 'decimal' : undefined}
              value={response?.type === body.type ? (response as { text: string }).text : ''}
            />
          )}
        </div>
      );
    case 'matching': {
      const options = [...new Set(body.pairs.map((p) => p.answer))].sort();
      return (
        <fieldset>
          <legend>{t('questions.preview.yourAnswer')}</legend>
          {body.pairs
            .filter((p) => p.prompt !== '')
            .map((p) => (
              <div class="field">
                <label for={`f-match-${p.id}`}>{p.prompt}</label>
                <select id={`f-match-${p.id}`} name={`match_${p.id}`}>
                  <option value="">{t('questions.preview.choose')}</option>
                  {options.map((o) => (
                    <option
                      value={o}
                      selected={response?.type === 'matching' && response.answers[p.id] === o}
                    >
                      {o}
                    </option>
                  ))}
                </select>
              </div>
            ))}
        </fieldset>
      );
    }
    default:
      return null;
  }
}

/** The preview's control inside a missing-word gap, with the same field names as below-text ones. */
function PreviewGapControl(p: { kind: 'select' | 'input'; body: QuestionBody; response?: QuestionResponse }) {
  const { t } = useView();
  const { body, response } = p;
  if (p.kind === 'select' && body.type === 'single_choice')
    return (
      <select name="choice" id="f-answer" class="gap-control" aria-label={t('questions.preview.yourAnswer')}>
        <option value="">{t('questions.preview.choose')}</option>
        {body.choices.map((c) => (
          <option value={c.id} selected={response?.type === 'single_choice' && response.choice === c.id}>
            {c.text}
          </option>
        ))}
      </select>
    );
  return (
    <input
      id="f-answer"
      name="text"
      class="gap-control"
      size={12}
      aria-label={t('questions.preview.yourAnswer')}
      inputmode={body.type === 'numerical' ? 'decimal' : undefined}
      value={response?.type === 'short_answer' || response?.type === 'numerical' ? response.text : ''}
    />
  );
}

export function PreviewPage(p: {
  questionId: string;
  version: VersionRow;
  response?: QuestionResponse;
  score?: Score;
}) {
  const { t } = useView();
  const v = p.version;
  const body = v.body;
  const gradable = body.type !== 'sql' && body.type !== 'essay' && body.type !== 'description';
  // A missing-word question is previewed with its answer inside the sentence (gap.tsx).
  const gap = inlineGap({
    type: body.type,
    text: v.text,
    textFormat: v.textFormat,
    choices: body.type === 'single_choice' ? body.choices : undefined,
  });
  return (
    <article class="stack">
      <h1>{t('questions.preview.title', { name: v.name })}</h1>
      <p>
        <a href={`/questions/${p.questionId}`}>{v.name}</a>
      </p>
      {gap ? (
        <Form action={`/questions/${p.questionId}/preview`} class="form card">
          <GapText
            text={v.text}
            format={v.textFormat}
            control={<PreviewGapControl kind={gap} body={body} response={p.response} />}
          />
          <Submit label="questions.preview.submit" />
        </Form>
      ) : (
        <div class="prose" dangerouslySetInnerHTML={{ __html: gapLineHtml(v.text, v.textFormat) }} />
      )}
      {gap ? null : body.type === 'sql' ? (
        <>
          <p class="muted">{t('questions.preview.sqlSpec')}</p>
          <SqlSpecView body={body} />
        </>
      ) : (
        body.type !== 'description' && (
          <Form action={`/questions/${p.questionId}/preview`} class="form card">
            <AnswerInputs body={body} response={p.response} />
            <Submit label="questions.preview.submit" />
          </Form>
        )
      )}
      {p.score && (
        <div class="card stack" data-testid="preview-result" role="status">
          {gradable && p.score.fraction !== null ? (
            <p>
              <strong>
                {t('questions.preview.score', {
                  percent: pct(p.score.fraction),
                  points: Math.round(p.score.fraction * v.defaultMark * 100) / 100,
                  mark: v.defaultMark,
                })}
              </strong>
            </p>
          ) : (
            <p>{t('questions.preview.manual')}</p>
          )}
          {p.score.feedback.length > 0 && (
            <>
              <h3>{t('questions.preview.feedback')}</h3>
              {p.score.feedback.map((f) => (
                <Markdown source={f} />
              ))}
            </>
          )}
          {v.generalFeedback && <Rich source={v.generalFeedback} format={v.textFormat} />}
          {v.explanation && (
            <>
              <h3>{t('questions.show.explanation')}</h3>
              <Markdown source={v.explanation} />
            </>
          )}
          <p>
            <a href={`/questions/${p.questionId}/preview`}>{t('questions.preview.again')}</a>
          </p>
        </div>
      )}
    </article>
  );
}

function ParentSelect({
  categories,
  state,
  value,
  exclude,
}: {
  categories: Category[];
  state?: FormState;
  value?: string;
  exclude?: Category;
}) {
  const { t } = useView();
  const below = exclude ? `${exclude.path} / ` : null;
  return (
    <Select
      name="parentId"
      label="questions.category.parent"
      state={state}
      value={value ?? ''}
      options={[
        { value: '', label: t('questions.category.root') },
        ...categories
          .filter((c) => !exclude || (c.id !== exclude.id && !c.path.startsWith(below ?? '')))
          .map((c) => ({ value: c.id, label: indent(c) })),
      ]}
    />
  );
}

/** Who may own a new root category or import (ADR 0024). */
export type OwnerChoices = { platform: boolean; orgs: { id: string; name: string }[] };

/** The owner field, shown only when there is a choice (a platform admin, or several organisations). */
function OwnerSelect(p: { owners?: OwnerChoices; state?: FormState }) {
  const { t } = useView();
  if (!p.owners || (!p.owners.platform && p.owners.orgs.length < 2)) return null;
  return (
    <Select
      name="orgId"
      label="questions.field.owner"
      state={p.state}
      options={[
        ...(p.owners.platform ? [{ value: '', label: t('exams.field.ownerPlatform') }] : []),
        ...p.owners.orgs.map((o) => ({ value: o.id, label: o.name })),
      ]}
    />
  );
}

export function CategoriesPage(p: {
  categories: Category[];
  createState?: FormState;
  owners?: OwnerChoices;
}) {
  const { t } = useView();
  return (
    <section class="stack">
      <h1>{t('questions.category.title')}</h1>
      <Form action="/questions/categories" state={p.createState} id="create-category" class="form card">
        <h2>{t('questions.category.create')}</h2>
        <Field name="name" label="questions.category.name" state={p.createState} required maxlength={200} />
        <ParentSelect categories={p.categories} state={p.createState} />
        <OwnerSelect owners={p.owners} state={p.createState} />
        <Submit label="questions.category.createSubmit" />
      </Form>
      {p.categories.length === 0 && <p class="muted">{t('questions.category.empty')}</p>}
      <ul class="stack list-plain" data-testid="categories">
        {p.categories.map((c) => (
          <li class="card tree-item" data-depth={Math.min(c.depth, 6)} data-id={c.id}>
            <a href={`/questions?category=${c.id}`}>
              <strong>{c.name}</strong>
            </a>{' '}
            <span class="muted">{t('questions.category.count', { n: c.totalCount })}</span>{' '}
            <a href={`/questions/categories/${c.id}`}>{t('questions.category.update')}</a>
          </li>
        ))}
      </ul>
    </section>
  );
}

/** Rename a category or move it under another parent (its own page: one form, unique field ids). */
export function CategoryEditPage(p: { category: Category; categories: Category[]; state?: FormState }) {
  const { t } = useView();
  const c = p.category;
  return (
    <section class="stack">
      <h1>{t('questions.category.update')}</h1>
      <p>
        <a href="/questions/categories">{t('questions.category.title')}</a>
      </p>
      <Form action={`/questions/categories/${c.id}`} state={p.state} id="category-form">
        <Field
          name="name"
          label="questions.category.name"
          state={p.state}
          value={c.name}
          required
          maxlength={200}
        />
        <ParentSelect categories={p.categories} state={p.state} value={c.parentId ?? ''} exclude={c} />
        <Submit label="questions.category.updateSubmit" />
      </Form>
    </section>
  );
}

export function ImportPage(p: {
  categories: Category[];
  formats: ('gift' | 'xml')[];
  owners?: OwnerChoices;
  state?: FormState;
  problems?: { line: number; message: string }[];
}) {
  const { t } = useView();
  return (
    <section class="stack">
      <h1>{t('questions.import.title')}</h1>
      <p class="muted">{t('questions.import.lead')}</p>
      {p.problems && p.problems.length > 0 && (
        <div class="alert alert-error" role="alert" data-testid="import-problems">
          <p>{t('questions.import.failed', { n: p.problems.length })}</p>
          <ul>
            {p.problems.map((x) => (
              <li data-line={x.line}>
                {t('questions.import.problem', { line: x.line, message: x.message })}
              </li>
            ))}
          </ul>
        </div>
      )}
      <Form action="/questions/import" multipart state={p.state} id="import-form">
        <Select
          name="format"
          label="questions.import.format"
          state={p.state}
          options={p.formats.map((f) => ({ value: f, label: t(`questions.import.${f}`) }))}
        />
        <Select
          name="categoryId"
          label="questions.import.target"
          state={p.state}
          options={[
            { value: '', label: t('questions.import.fileCategories') },
            ...p.categories.map((c) => ({ value: c.id, label: indent(c) })),
          ]}
        />
        <Field name="newRoot" label="questions.import.newRoot" state={p.state} maxlength={200} />
        <OwnerSelect owners={p.owners} state={p.state} />
        <Field
          name="file"
          label="questions.import.file"
          type="file"
          state={p.state}
          accept=".gift,.txt,.xml"
        />
        <Field name="text" label="questions.import.text" state={p.state} multiline />
        <Submit label="questions.import.submit" />
      </Form>
    </section>
  );
}

export function ImportDonePage({ imported }: { imported: { id: string; name: string; category: string }[] }) {
  const { t } = useView();
  return (
    <section class="stack">
      <h1>{t('questions.import.done', { n: imported.length })}</h1>
      <p class="muted">{t('questions.import.doneLead')}</p>
      <ul class="stack list-plain" data-testid="imported">
        {imported.map((q) => (
          <li class="card">
            <a href={`/questions/${q.id}`}>{q.name}</a> <span class="muted">{q.category}</span>
          </li>
        ))}
      </ul>
    </section>
  );
}
