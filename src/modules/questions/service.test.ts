import { asc, eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { auditLog } from '../../platform/schema.ts';
import { makeUser, useTestApp } from '../../testing/harness.ts';
import { questionCategories, questions, questionVersions } from './schema.ts';
import {
  categorySubtree,
  createCategory,
  createQuestion,
  currentVersionIds,
  eligibleVersions,
  ensureCategory,
  importQuestions,
  loadVersions,
  lockVersions,
  updateCategory,
  updateQuestion,
} from './service.ts';
import type { BankQuestion } from './types.ts';

const t = useTestApp();

function choiceQuestion(overrides: Partial<BankQuestion> = {}): BankQuestion {
  return {
    name: '主键',
    text: '哪一项约束保证一列非空且唯一？',
    textFormat: 'markdown',
    generalFeedback: '',
    explanation: '`PRIMARY KEY` 等于 `NOT NULL` 加 `UNIQUE`。',
    defaultMark: 1,
    body: {
      type: 'single_choice',
      shuffle: true,
      choices: [
        { id: 'a', text: 'PRIMARY KEY', fraction: 1, feedback: '' },
        { id: 'b', text: 'CHECK', fraction: 0, feedback: '' },
      ],
    },
    category: ['PostgreSQL', '初级'],
    tags: ['约束'],
    idNumber: null,
    difficulty: 2,
    ...overrides,
  };
}

describe('categories', () => {
  it('creates each level of a path once and reuses it', async () => {
    const leaf = await ensureCategory(t.db, ['PostgreSQL', '初级', 'SQL 基础'], null);
    const again = await ensureCategory(t.db, ['PostgreSQL', '初级', 'SQL 基础'], null);
    expect(again).toBe(leaf);
    const rows = await t.db.select().from(questionCategories).orderBy(asc(questionCategories.path));
    expect(rows.map((r) => r.path)).toEqual([
      'PostgreSQL',
      'PostgreSQL / 初级',
      'PostgreSQL / 初级 / SQL 基础',
    ]);
    expect(rows[2].parentId).toBe(rows[1].id);
    expect(rows[1].parentId).toBe(rows[0].id);
    expect(rows[0].parentId).toBeNull();
  });

  it('refuses an empty path', async () => {
    await expect(ensureCategory(t.db, [], null)).rejects.toMatchObject({ code: 'INVALID_INPUT' });
  });

  it('finds a subtree without matching a sibling whose name merely starts the same, or LIKE wildcards', async () => {
    const root = await ensureCategory(t.db, ['PG_1'], null);
    const child = await ensureCategory(t.db, ['PG_1', 'a'], null);
    await ensureCategory(t.db, ['PG_10'], null);
    await ensureCategory(t.db, ['PGx1', 'a'], null);
    expect((await categorySubtree(t.db, root)).sort()).toEqual([root, child].sort());
  });
});

describe('create and update', () => {
  it('creates a draft question with its first version and an audit entry', async () => {
    const author = await makeUser(t.db, { roles: ['teacher'] });
    const { question, version } = await createQuestion(t.db, choiceQuestion(), { actorId: author.id });
    expect(question).toMatchObject({ type: 'single_choice', status: 'draft', tags: ['约束'], difficulty: 2 });
    expect(question.authorId).toBe(author.id);
    expect(version).toMatchObject({ version: 1, name: '主键', lockedAt: null });
    const [entry] = await t.db.select().from(auditLog).where(eq(auditLog.action, 'questions.created'));
    expect(entry).toMatchObject({ actorId: author.id, targetId: question.id });
  });

  it('edits the version in place until an attempt has used it, then makes a new one', async () => {
    const { question, version: v1 } = await createQuestion(t.db, choiceQuestion(), { actorId: null });
    const edited = await updateQuestion(t.db, question.id, { ...choiceQuestion(), name: '主键约束' }, {});
    expect(edited.id).toBe(v1.id);
    expect(edited.name).toBe('主键约束');

    await lockVersions(t.db, [v1.id]);
    await lockVersions(t.db, [v1.id]); // idempotent: the first lock time stays
    const v2 = await updateQuestion(t.db, question.id, { ...choiceQuestion(), name: '主键（新）' }, {});
    expect(v2.id).not.toBe(v1.id);
    expect(v2.version).toBe(2);

    // The attempt that used version 1 still sees exactly what it saw.
    const loaded = await loadVersions(t.db, [v1.id, v2.id]);
    expect(loaded.get(v1.id)?.name).toBe('主键约束');
    expect(loaded.get(v2.id)).toMatchObject({ name: '主键（新）', type: 'single_choice', tags: ['约束'] });
    expect((await currentVersionIds(t.db, [question.id])).get(question.id)).toBe(v2.id);

    const entries = await t.db
      .select()
      .from(auditLog)
      .where(eq(auditLog.action, 'questions.updated'))
      .orderBy(asc(auditLog.id));
    expect(entries.map((e) => e.data)).toEqual([
      { version: 1, newVersion: false },
      { version: 2, newVersion: true },
    ]);
  });

  it('keeps the type of a question and 404s an unknown one', async () => {
    const { question } = await createQuestion(t.db, choiceQuestion(), {});
    await expect(
      updateQuestion(t.db, question.id, { ...choiceQuestion(), body: { type: 'description' } }, {}),
    ).rejects.toMatchObject({ code: 'INVALID_INPUT', fields: { type: 'questions.type_fixed' } });
    await expect(
      updateQuestion(t.db, '00000000-0000-4000-8000-000000000000', choiceQuestion(), {}),
    ).rejects.toMatchObject({ code: 'NOT_FOUND' });
    expect(await t.db.select().from(questionVersions)).toHaveLength(1);
  });
});

describe('eligibleVersions', () => {
  async function bank() {
    const make = async (o: Partial<BankQuestion>, status: 'draft' | 'reviewed' | 'retired' = 'reviewed') =>
      (await createQuestion(t.db, choiceQuestion(o), {}, status)).question.id;
    const easy = await make({ tags: ['约束', '基础'], difficulty: 1 });
    const hard = await make({ tags: ['约束'], difficulty: 5 });
    const sub = await make({ category: ['PostgreSQL', '初级', '索引'], tags: ['索引'], difficulty: 3 });
    await make({ name: 'draft' }, 'draft');
    await make({ name: 'retired' }, 'retired');
    await make({ body: { type: 'description' } });
    await make({ category: ['MySQL'] });
    const categoryId = await ensureCategory(t.db, ['PostgreSQL', '初级'], null);
    return { easy, hard, sub, categoryId };
  }
  const ids = (rows: { questionId: string }[]) => rows.map((r) => r.questionId).sort();

  it('draws only reviewed, answerable questions of the category, with or without subcategories', async () => {
    const b = await bank();
    const direct = await eligibleVersions(t.db, {
      categoryId: b.categoryId,
      includeSubcategories: false,
      tags: [],
    });
    expect(ids(direct)).toEqual([b.easy, b.hard].sort());
    const all = await eligibleVersions(t.db, {
      categoryId: b.categoryId,
      includeSubcategories: true,
      tags: [],
    });
    expect(ids(all)).toEqual([b.easy, b.hard, b.sub].sort());
    // Ordered by question id, so a seeded shuffle is reproducible.
    expect(all.map((r) => r.questionId)).toEqual(ids(all));
  });

  it('filters by every tag, a difficulty range and exclusions', async () => {
    const b = await bank();
    const base = { categoryId: b.categoryId, includeSubcategories: true };
    expect(ids(await eligibleVersions(t.db, { ...base, tags: ['约束', '基础'] }))).toEqual([b.easy]);
    expect(ids(await eligibleVersions(t.db, { ...base, tags: ['约束'] }))).toEqual([b.easy, b.hard].sort());
    expect(ids(await eligibleVersions(t.db, { ...base, tags: [], difficulty: { min: 3, max: 5 } }))).toEqual(
      [b.hard, b.sub].sort(),
    );
    expect(ids(await eligibleVersions(t.db, { ...base, tags: [], excludeQuestionIds: [b.easy] }))).toEqual(
      [b.hard, b.sub].sort(),
    );
  });

  it('gives the current version after an edit of a locked version', async () => {
    const b = await bank();
    const [before] = await eligibleVersions(t.db, {
      categoryId: b.categoryId,
      includeSubcategories: false,
      tags: ['基础'],
    });
    await lockVersions(t.db, [before.versionId]);
    const v2 = await updateQuestion(t.db, b.easy, { ...choiceQuestion(), name: '新版' }, {});
    const [after] = await eligibleVersions(t.db, {
      categoryId: b.categoryId,
      includeSubcategories: false,
      tags: ['基础'],
    });
    expect(after.versionId).toBe(v2.id);
    const [row] = await t.db.select().from(questions).where(eq(questions.id, b.easy));
    expect(row.currentVersion).toBe(2);
  });
});

describe('category management and import', () => {
  it('renames and moves a category with its subtree, refusing cycles and clashes', async () => {
    const pg = await createCategory(t.db, { parentId: null, name: 'PostgreSQL' }, {});
    const junior = await createCategory(t.db, { parentId: pg.id, name: '初级' }, {});
    const sqlCat = await createCategory(t.db, { parentId: junior.id, name: 'SQL' }, {});
    await expect(createCategory(t.db, { parentId: pg.id, name: '初级' }, {})).rejects.toMatchObject({
      fields: { name: 'questions.category.exists' },
    });
    await expect(
      updateCategory(t.db, pg.id, { parentId: sqlCat.id, name: 'PostgreSQL' }, {}),
    ).rejects.toMatchObject({ fields: { parentId: 'questions.category.cycle' } });
    await updateCategory(t.db, junior.id, { parentId: null, name: '入门' }, {});
    const paths = (await t.db.select().from(questionCategories)).map((c) => c.path).sort();
    expect(paths).toEqual(['PostgreSQL', '入门', '入门 / SQL'].sort());
    const moved = await t.db.select().from(auditLog).where(eq(auditLog.action, 'questions.category_updated'));
    expect(moved[0].data).toEqual({ from: 'PostgreSQL / 初级', to: '入门' });
  });

  it('imports all or nothing: a taken or repeated id number refuses the whole batch', async () => {
    await createQuestion(t.db, choiceQuestion({ idNumber: 'X-1' }), {});
    const translate = (key: string, vars?: Record<string, string | number>) => `${key}:${vars?.id ?? ''}`;
    const failed = await importQuestions(
      t.db,
      [
        { question: choiceQuestion({ idNumber: 'X-2' }), line: 1 },
        { question: choiceQuestion({ idNumber: 'X-1' }), line: 5 },
        { question: choiceQuestion({ idNumber: 'X-2' }), line: 9 },
      ],
      ['导入'],
      {},
      translate,
    );
    expect(failed).toEqual({
      ok: false,
      problems: [
        { line: 5, message: 'questions.import.idNumberTaken:X-1' },
        { line: 9, message: 'questions.import.idNumberTaken:X-2' },
      ],
    });
    expect(await t.db.select().from(questions)).toHaveLength(1);

    const done = await importQuestions(
      t.db,
      [{ question: choiceQuestion({ idNumber: 'X-3' }), line: 1 }],
      ['导入'],
      { status: 'reviewed' },
      translate,
    );
    expect(done).toMatchObject({
      ok: true,
      imported: [{ name: '主键', category: '导入 / PostgreSQL / 初级' }],
    });
    const [row] = await t.db.select().from(questions).where(eq(questions.idNumber, 'X-3'));
    expect(row.status).toBe('reviewed');
  });
});
