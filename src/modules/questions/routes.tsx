/**
 * Question bank routes for teachers and platform admins (`questions:manage`): the list with its
 * category tree and URL filters, authoring forms for every type, status, version history, preview
 * with scoring, categories, and GIFT / Moodle XML import and export.
 */
import { type Context, Hono } from 'hono';
import type { AppEnv } from '../../platform/context.ts';
import { AppError } from '../../platform/errors.ts';
import { type FormValues, formValues } from '../../platform/forms.ts';
import { parsePage } from '../../platform/paging.ts';
import { chooseOwner, ownedOrgs, requireActor, requirePermission } from '../../platform/permissions.ts';
import { isUuid, requestInfo } from '../../platform/request.ts';
import { titled } from '../../ui/respond.tsx';
import { ownerChoices } from '../identity/queries.ts';
import { blankValues, groupOf, MORE_ROWS, parseQuestionForm, questionValues, rowCount } from './forms.ts';
import { importRoutes } from './import-routes.tsx';
import {
  type BankOwners,
  findCategory,
  findQuestion,
  inBank,
  listCategories,
  listQuestions,
  listVersions,
  type QuestionFilters,
} from './queries.ts';
import { scoreResponse } from './score.ts';
import {
  createCategory,
  createQuestionIn,
  saveQuestion,
  setQuestionStatus,
  updateCategory,
} from './service.ts';
import {
  QUESTION_STATUSES,
  QUESTION_TYPES,
  type QuestionBody,
  type QuestionResponse,
  type QuestionStatus,
  type QuestionType,
} from './types.ts';
import {
  CategoriesPage,
  CategoryEditPage,
  PreviewPage,
  QuestionFormPage,
  QuestionPage,
  QuestionsIndexPage,
  TypePickerPage,
  VersionsPage,
} from './views/bank.tsx';

type C = Context<AppEnv>;

export const PAGE_SIZE = 20;

const isType = (v: unknown): v is QuestionType => (QUESTION_TYPES as readonly unknown[]).includes(v);
const isStatus = (v: unknown): v is QuestionStatus => (QUESTION_STATUSES as readonly unknown[]).includes(v);

function filtersFrom(c: C): QuestionFilters & { page: number } {
  const q = c.req.query();
  const difficulty = Number(q.difficulty);
  return {
    categoryId: q.category && isUuid(q.category) ? q.category : undefined,
    type: isType(q.type) ? q.type : undefined,
    status: isStatus(q.status) ? q.status : undefined,
    tag: q.tag?.trim() || undefined,
    difficulty: Number.isInteger(difficulty) && difficulty >= 1 && difficulty <= 5 ? difficulty : undefined,
    q: q.q?.trim().slice(0, 200) || undefined,
    page: parsePage(q.page),
  };
}

async function bodyValues(c: C): Promise<FormValues> {
  return formValues((await c.req.parseBody({ all: false })) as Record<string, unknown>);
}

/** What the preview form answered, as the response shape scoring reads. */
export function responseFromForm(body: QuestionBody, v: FormValues): QuestionResponse {
  switch (body.type) {
    case 'single_choice':
      return { type: 'single_choice', choice: v.choice || null };
    case 'multiple_choice':
      return {
        type: 'multiple_choice',
        choices: body.choices.filter((ch) => v[`choice_${ch.id}`] === 'on').map((ch) => ch.id),
      };
    case 'true_false':
      return { type: 'true_false', value: v.value === 'true' ? true : v.value === 'false' ? false : null };
    case 'short_answer':
    case 'numerical':
    case 'essay':
      return { type: body.type, text: v.text ?? '' };
    case 'matching':
      return {
        type: 'matching',
        answers: Object.fromEntries(body.pairs.map((p) => [p.id, v[`match_${p.id}`] ?? ''])),
      };
    case 'sql':
      return { type: 'sql', sql: v.sql ?? '' };
    case 'description':
      return { type: 'description' };
  }
}

export function questionRoutes() {
  const app = new Hono<AppEnv>();

  const manage = (c: C) => requirePermission(c, 'questions:manage');
  /** The reader's bank: their organisations' questions (every one for platform admins). */
  const owners = (c: C): BankOwners => ownedOrgs(c.get('actor'));
  /** A question outside the reader's bank does not exist for them (404, ADR 0024). */
  const loadQuestion = async (c: C) => {
    manage(c);
    const id = c.req.param('id') ?? '';
    const found = isUuid(id) ? await findQuestion(c.get('deps').db, id) : undefined;
    if (!found || !inBank(found.question.orgId, owners(c)))
      throw new AppError('NOT_FOUND', { messageKey: 'questions.notFound' });
    return found;
  };

  app.get('/questions', async (c) => {
    manage(c);
    const { db } = c.get('deps');
    const filters = filtersFrom(c);
    const [categories, { items, total }] = await Promise.all([
      listCategories(db, owners(c)),
      listQuestions(
        db,
        { ...filters, owners: owners(c) },
        { offset: (filters.page - 1) * PAGE_SIZE, limit: PAGE_SIZE },
      ),
    ]);
    const pages = Math.max(1, Math.ceil(total / PAGE_SIZE));
    return c.render(
      <QuestionsIndexPage
        categories={categories}
        filters={filters}
        items={items}
        total={total}
        page={filters.page}
        pages={pages}
      />,
      titled(c, 'questions.index.title'),
    );
  });

  // ---- Categories ------------------------------------------------------------------------------

  app.get('/questions/categories', async (c) => {
    manage(c);
    return c.render(
      <CategoriesPage
        categories={await listCategories(c.get('deps').db, owners(c))}
        owners={await ownerChoices(c.get('deps').db, c.get('actor'), c.get('locale'))}
      />,
      titled(c, 'questions.category.title'),
    );
  });

  const categoryInput = (v: FormValues) => ({
    name: (v.name ?? '').trim(),
    parentId: v.parentId && isUuid(v.parentId) ? v.parentId : null,
  });

  app.post('/questions/categories', async (c) => {
    manage(c);
    const { db } = c.get('deps');
    const values = await bodyValues(c);
    try {
      const input = categoryInput(values);
      const info = { ...requestInfo(c), ...(await categoryOwner(c, input.parentId, values.orgId)) };
      const row = await createCategory(db, input, info);
      return c.redirect(`/questions?category=${row.id}`, 303);
    } catch (err) {
      if (!(err instanceof AppError && err.fields)) throw err;
      c.status(400);
      return c.render(
        <CategoriesPage
          categories={await listCategories(db, owners(c))}
          createState={{ values, errors: err.fields }}
          owners={await ownerChoices(db, c.get('actor'), c.get('locale'))}
        />,
        titled(c, 'questions.category.title'),
      );
    }
  });

  /**
   * The owner of a new category: its parent's, which must be in the reader's bank, or for a root
   * category the organisation the author chooses (a teacher in none cannot author).
   */
  const categoryOwner = async (c: C, parentId: string | null, requested: string | undefined) => {
    if (parentId) {
      const parent = await findCategory(c.get('deps').db, parentId);
      if (!parent || !inBank(parent.orgId, owners(c)))
        throw new AppError('INVALID_INPUT', { fields: { parentId: 'questions.category.notFound' } });
      return { orgId: parent.orgId };
    }
    const owner = chooseOwner(requireActor(c), requested);
    if (!owner.ok)
      throw new AppError('INVALID_INPUT', {
        fields: {
          name:
            owner.problem === 'noOrganisation'
              ? 'exams.owner.noOrganisation'
              : 'exams.owner.chooseOrganisation',
        },
      });
    return { orgId: owner.orgId };
  };

  const loadCategory = async (c: C) => {
    manage(c);
    const id = c.req.param('categoryId') ?? '';
    const categories = await listCategories(c.get('deps').db, owners(c));
    const category = categories.find((x) => x.id === id);
    if (!category) throw new AppError('NOT_FOUND', { messageKey: 'questions.category.notFound' });
    return { category, categories };
  };

  app.get('/questions/categories/:categoryId', async (c) => {
    const { category, categories } = await loadCategory(c);
    return c.render(
      <CategoryEditPage category={category} categories={categories} />,
      titled(c, 'questions.category.update'),
    );
  });

  app.post('/questions/categories/:categoryId', async (c) => {
    const { category, categories } = await loadCategory(c);
    const values = await bodyValues(c);
    try {
      const input = categoryInput(values);
      // Moving under a category of another bank: that parent does not exist for this reader.
      if (input.parentId && !categories.some((x) => x.id === input.parentId))
        throw new AppError('INVALID_INPUT', { fields: { parentId: 'questions.category.notFound' } });
      await updateCategory(c.get('deps').db, category.id, input, requestInfo(c));
      return c.redirect('/questions/categories', 303);
    } catch (err) {
      if (!(err instanceof AppError && err.fields)) throw err;
      c.status(400);
      return c.render(
        <CategoryEditPage
          category={category}
          categories={categories}
          state={{ values, errors: err.fields }}
        />,
        titled(c, 'questions.category.update'),
      );
    }
  });

  // Static paths before `/questions/:id`: Hono matches in registration order.
  app.route('/', importRoutes());

  // ---- Authoring -------------------------------------------------------------------------------

  app.get('/questions/new', async (c) => {
    manage(c);
    const type = c.req.query('type');
    const category = c.req.query('category') ?? '';
    if (!isType(type))
      return c.render(
        <TypePickerPage categoryId={isUuid(category) ? category : ''} />,
        titled(c, 'questions.new.title'),
      );
    const categories = await listCategories(c.get('deps').db, owners(c));
    const categoryId = isUuid(category) ? category : (categories[0]?.id ?? '');
    return c.render(
      <QuestionFormPage
        title="questions.new.title"
        action="/questions"
        type={type}
        state={{ values: blankValues(type, categoryId) }}
        categories={categories}
        submit="questions.new.submit"
      />,
      titled(c, 'questions.new.title'),
    );
  });

  /** "More rows" re-renders the form with the values typed so far and blank rows added. */
  const withMoreRows = (type: QuestionType, values: FormValues): FormValues | null => {
    const group = groupOf(type);
    if (!values.more || !group || values.more !== group) return null;
    return { ...values, [`${group}_rows`]: String(rowCount(values, group) + MORE_ROWS) };
  };

  app.post('/questions', async (c) => {
    manage(c);
    const { db } = c.get('deps');
    const values = await bodyValues(c);
    const type = values.type;
    if (!isType(type)) throw new AppError('INVALID_INPUT');
    const render = async (state: { values: FormValues; errors?: Record<string, never> | object }) =>
      c.render(
        <QuestionFormPage
          title="questions.new.title"
          action="/questions"
          type={type}
          state={state as never}
          categories={await listCategories(db, owners(c))}
          submit="questions.new.submit"
        />,
        titled(c, 'questions.new.title'),
      );
    const more = withMoreRows(type, values);
    if (more) return render({ values: more });
    const parsed = parseQuestionForm(type, values);
    let errors = parsed.ok ? undefined : parsed.errors;
    if (parsed.ok) {
      try {
        const category = await findCategory(db, parsed.meta.categoryId);
        if (!category || !inBank(category.orgId, owners(c)))
          throw new AppError('INVALID_INPUT', { fields: { categoryId: 'questions.category.notFound' } });
        const { question } = await createQuestionIn(db, parsed.content, parsed.meta, requestInfo(c));
        return c.redirect(`/questions/${question.id}?saved=1`, 303);
      } catch (err) {
        if (!(err instanceof AppError && err.fields)) throw err;
        errors = err.fields;
      }
    }
    c.status(400);
    return render({ values, errors });
  });

  app.get('/questions/:id', async (c) => {
    const found = await loadQuestion(c);
    const notice = c.req.query('saved')
      ? 'questions.show.saved'
      : c.req.query('status')
        ? 'questions.show.statusChanged'
        : undefined;
    return c.render(<QuestionPage {...found} notice={notice} />, { title: found.version.name });
  });

  app.get('/questions/:id/edit', async (c) => {
    const { question, version } = await loadQuestion(c);
    const values = questionValues(version, question);
    return c.render(
      <QuestionFormPage
        title="questions.edit.title"
        action={`/questions/${question.id}/edit`}
        type={question.type}
        state={{ values }}
        categories={await listCategories(c.get('deps').db, owners(c))}
        submit="questions.edit.submit"
        locked={version.lockedAt !== null}
      />,
      titled(c, 'questions.edit.title'),
    );
  });

  app.post('/questions/:id/edit', async (c) => {
    const { question, version } = await loadQuestion(c);
    const { db } = c.get('deps');
    const values = await bodyValues(c);
    const type = question.type;
    const render = async (state: object) =>
      c.render(
        <QuestionFormPage
          title="questions.edit.title"
          action={`/questions/${question.id}/edit`}
          type={type}
          state={state}
          categories={await listCategories(db, owners(c))}
          submit="questions.edit.submit"
          locked={version.lockedAt !== null}
        />,
        titled(c, 'questions.edit.title'),
      );
    const more = withMoreRows(type, values);
    if (more) return render({ values: more });
    const parsed = parseQuestionForm(type, values);
    let errors = parsed.ok ? undefined : parsed.errors;
    if (parsed.ok) {
      try {
        const category = await findCategory(db, parsed.meta.categoryId);
        if (!category || !inBank(category.orgId, owners(c)))
          throw new AppError('INVALID_INPUT', { fields: { categoryId: 'questions.category.notFound' } });
        await saveQuestion(db, question.id, parsed.content, parsed.meta, requestInfo(c));
        return c.redirect(`/questions/${question.id}?saved=1`, 303);
      } catch (err) {
        if (!(err instanceof AppError && err.fields)) throw err;
        errors = err.fields;
      }
    }
    c.status(400);
    return render({ values, errors });
  });

  app.post('/questions/:id/status', async (c) => {
    const { question } = await loadQuestion(c);
    const { status } = await bodyValues(c);
    if (!isStatus(status)) throw new AppError('INVALID_INPUT');
    await setQuestionStatus(c.get('deps').db, question.id, status, requestInfo(c));
    return c.redirect(`/questions/${question.id}?status=1`, 303);
  });

  app.get('/questions/:id/versions', async (c) => {
    const { question, version } = await loadQuestion(c);
    const versions = await listVersions(c.get('deps').db, question.id);
    return c.render(
      <VersionsPage
        name={version.name}
        questionId={question.id}
        current={question.currentVersion}
        versions={versions}
      />,
      titled(c, 'questions.versions.title', { name: version.name }),
    );
  });

  app.get('/questions/:id/preview', async (c) => {
    const { question, version } = await loadQuestion(c);
    return c.render(
      <PreviewPage questionId={question.id} version={version} />,
      titled(c, 'questions.preview.title', { name: version.name }),
    );
  });

  app.post('/questions/:id/preview', async (c) => {
    const { question, version } = await loadQuestion(c);
    const response = responseFromForm(version.body, await bodyValues(c));
    const score = scoreResponse(version.body, response);
    return c.render(
      <PreviewPage questionId={question.id} version={version} response={response} score={score} />,
      titled(c, 'questions.preview.title', { name: version.name }),
    );
  });

  return app;
}
