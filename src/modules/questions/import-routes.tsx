/**
 * Import (upload or paste GIFT or Moodle XML into a chosen category, all or nothing, every problem
 * listed by line in the importer's language) and export of a category with its subcategories.
 */
import { type Context, Hono } from 'hono';
import { isMessageKey, type MessageKey } from '../../i18n/index.ts';
import type { AppEnv } from '../../platform/context.ts';
import { AppError } from '../../platform/errors.ts';
import { type FieldErrors, formValues } from '../../platform/forms.ts';
import { chooseOwner, ownedOrgs, requirePermission } from '../../platform/permissions.ts';
import { isUuid, requestInfo } from '../../platform/request.ts';
import { titled } from '../../ui/respond.tsx';
import { ownerChoices } from '../identity/queries.ts';
import { FORMAT_NAMES, FORMATS, isFormatName } from './formats.ts';
import { exportCategory, findCategory, inBank, listCategories } from './queries.ts';
import { CATEGORY_SEPARATOR, importQuestions, validCategoryName } from './service.ts';
import type { ImportProblem } from './types.ts';
import { ImportDonePage, ImportPage } from './views/bank.tsx';

type C = Context<AppEnv>;

/** A parser problem in the reader's language: its message is a catalogue key with vars. */
export function problemText(t: C['var']['t'], p: ImportProblem): string {
  return isMessageKey(p.message) ? t(p.message as MessageKey, p.vars) : p.message;
}

export function importRoutes() {
  const app = new Hono<AppEnv>();

  app.get('/questions/import', async (c) => {
    requirePermission(c, 'questions:manage');
    return c.render(
      <ImportPage
        categories={await listCategories(c.get('deps').db, ownedOrgs(c.get('actor')))}
        formats={FORMAT_NAMES}
        owners={await ownerChoices(c.get('deps').db, c.get('actor'), c.get('locale'))}
      />,
      titled(c, 'questions.import.title'),
    );
  });

  app.post('/questions/import', async (c) => {
    requirePermission(c, 'questions:manage');
    const { db } = c.get('deps');
    const t = c.get('t');
    const body = (await c.req.parseBody({ all: false })) as Record<string, unknown>;
    const values = formValues(body);
    delete values.text; // a pasted file is not echoed back into the page
    const file = body.file instanceof File && body.file.size > 0 ? body.file : null;
    const text = file ? await file.text() : typeof body.text === 'string' ? body.text : '';
    const errors: FieldErrors = {};
    const format = isFormatName(values.format) ? FORMATS[values.format] : undefined;
    if (!format) errors.format = 'validation.invalid';
    if (text.trim() === '') errors.text = 'questions.import.nothing';
    const newRoot = (values.newRoot ?? '').trim();
    let rootPath: string[] = [];
    // What an import creates, categories included, belongs to the bank it is imported into: the
    // chosen category's owner, or for a new root the importer's organisation (ADR 0024).
    let orgId: string | null = null;
    const actor = requirePermission(c, 'questions:manage');
    if (newRoot || !values.categoryId) {
      if (newRoot && !validCategoryName(newRoot)) errors.newRoot = 'questions.category.invalidName';
      rootPath = newRoot ? [newRoot] : [];
      const owner = chooseOwner(actor, values.orgId);
      if (owner.ok) orgId = owner.orgId;
      else
        errors.newRoot =
          owner.problem === 'noOrganisation'
            ? 'exams.owner.noOrganisation'
            : 'exams.owner.chooseOrganisation';
    } else {
      const category = isUuid(values.categoryId) ? await findCategory(db, values.categoryId) : undefined;
      if (!category || !inBank(category.orgId, ownedOrgs(actor)))
        errors.categoryId = 'questions.category_required';
      else {
        rootPath = category.path.split(CATEGORY_SEPARATOR);
        orgId = category.orgId;
      }
    }
    const render = async (state: object, problems?: { line: number; message: string }[]) => {
      c.status(400);
      return c.render(
        <ImportPage
          categories={await listCategories(db, ownedOrgs(c.get('actor')))}
          formats={FORMAT_NAMES}
          owners={await ownerChoices(c.get('deps').db, c.get('actor'), c.get('locale'))}
          state={state}
          problems={problems}
        />,
        titled(c, 'questions.import.title'),
      );
    };
    if (!format || Object.keys(errors).length > 0) return render({ values, errors });

    const parsed = format.parse(text);
    if (parsed.problems.length > 0) {
      return render(
        { values },
        parsed.problems.map((p) => ({ line: p.line, message: problemText(t, p) })),
      );
    }
    if (parsed.questions.length === 0) return render({ values, errors: { text: 'questions.import.empty' } });
    const uncategorised = parsed.questions.find((q) => rootPath.length + q.category.length === 0);
    if (uncategorised) return render({ values, errors: { categoryId: 'questions.import.targetRequired' } });
    const outcome = await importQuestions(
      db,
      parsed.questions.map((q) => ({ question: q, line: format.lineOf(text, q) })),
      rootPath,
      { ...requestInfo(c), orgId },
      t,
    );
    if (!outcome.ok) return render({ values }, outcome.problems);
    return c.render(
      <ImportDonePage imported={outcome.imported} />,
      titled(c, 'questions.import.done', {
        n: outcome.imported.length,
      }),
    );
  });

  app.get('/questions/categories/:categoryId/export', async (c) => {
    requirePermission(c, 'questions:manage');
    const { db } = c.get('deps');
    const id = c.req.param('categoryId');
    const category = isUuid(id) ? await findCategory(db, id) : undefined;
    if (!category || !inBank(category.orgId, ownedOrgs(c.get('actor'))))
      throw new AppError('NOT_FOUND', { messageKey: 'questions.category.notFound' });
    const name = c.req.query('format');
    if (!isFormatName(name)) throw new AppError('INVALID_INPUT');
    const format = FORMATS[name];
    if (!format) throw new AppError('INVALID_INPUT');
    const text = format.write(await exportCategory(db, id));
    const filename = `${category.name}.${format.extension}`;
    return c.body(text, 200, {
      'Content-Type': format.contentType,
      'Content-Disposition': `attachment; filename="questions.${format.extension}"; filename*=UTF-8''${encodeURIComponent(filename)}`,
    });
  });

  return app;
}
