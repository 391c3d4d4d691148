import { asc, eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { auditLog } from '../../platform/schema.ts';
import { makeTeacher, makeUser, type TestClient, useTestApp } from '../../testing/harness.ts';
import { questionCategories, questions, questionVersions } from './schema.ts';
import { createQuestion, ensureCategory, lockVersions } from './service.ts';
import type { QuestionType } from './types.ts';

const t = useTestApp();

/** The organisation of the latest teacher(): the bank fixtures made through the service go there. */
let school: string;

async function teacher(): Promise<TestClient> {
  const u = await makeTeacher(t.db);
  school = u.orgId;
  const client = t.client();
  await client.logIn(u.email);
  return client;
}

const idFrom = (res: Response) =>
  res.headers.get('location')?.match(/\/questions\/([0-9a-f-]{36})/)?.[1] ?? '';

/** A valid form for each type. */
function validForm(type: QuestionType, categoryId: string): Record<string, string> {
  const common = {
    type,
    categoryId,
    name: `题目-${type}`,
    text: '下列哪条语句可以**创建**表？',
    textFormat: 'markdown',
    defaultMark: '2',
    difficulty: '2',
    tags: 'SQL，DDL',
    explanation: '```sql\nCREATE TABLE t (id int);\n```',
    generalFeedback: '',
    idNumber: '',
  };
  const bodies: Record<QuestionType, Record<string, string>> = {
    single_choice: {
      choice_0_text: 'CREATE TABLE',
      choice_0_weight: '100',
      choice_0_feedback: '对，**正确**',
      choice_1_text: 'DROP TABLE',
      choice_1_weight: '0',
      shuffle: 'on',
    },
    multiple_choice: {
      choice_0_text: 'CREATE TABLE',
      choice_0_weight: '50',
      choice_1_text: 'CREATE TABLE AS',
      choice_1_weight: '50',
      choice_2_text: 'DROP TABLE',
      choice_2_weight: '-100',
    },
    true_false: { correct: 'true', feedbackTrue: '对', feedbackFalse: '错' },
    short_answer: {
      answer_0_text: 'create table',
      answer_0_weight: '100',
      answer_1_text: 'create*',
      answer_1_weight: '50',
    },
    numerical: {
      num_0_kind: 'value',
      num_0_value: '3.14',
      num_0_tolerance: '0.01',
      num_0_weight: '100',
      num_1_kind: 'range',
      num_1_min: '3',
      num_1_max: '3.5',
      num_1_weight: '50',
    },
    matching: {
      pair_0_prompt: 'DDL',
      pair_0_answer: 'CREATE',
      pair_1_prompt: 'DML',
      pair_1_answer: 'INSERT',
      pair_2_answer: 'GRANT',
    },
    essay: { rubric_0_criterion: '说明 MVCC', rubric_0_points: '5' },
    sql: {
      setupSql: 'CREATE TABLE employees (id int, name text);',
      referenceSql: 'SELECT name FROM employees ORDER BY id;',
      variant_0: 'INSERT INTO employees VALUES (3, NULL);',
      kind_select: 'on',
      checkSql: '',
      tolerance: '0',
    },
    description: {},
  };
  return { ...common, ...bodies[type] };
}

describe('access', () => {
  it('is for teachers and platform admins only', async () => {
    expect((await t.client().get('/questions')).status).toBe(401);
    const student = await makeUser(t.db, { roles: ['student'] });
    const sc = t.client();
    await sc.logIn(student.email);
    expect((await sc.get('/questions')).status).toBe(403);
    expect(
      (await sc.post('/questions', validForm('true_false', '00000000-0000-4000-8000-000000000000'))).status,
    ).toBe(403);
    const admin = await makeUser(t.db, { roles: ['platform_admin'] });
    const ac = t.client();
    await ac.logIn(admin.email);
    const page = await ac.get('/questions');
    expect(page.status).toBe(200);
    expect(await page.text()).toContain('href="/questions"');
  });
});

describe('authoring', () => {
  it('creates a question of every type through its form', async () => {
    const tc = await teacher();
    const categoryId = await ensureCategory(t.db, ['PostgreSQL', '初级'], school);
    for (const type of [
      'single_choice',
      'multiple_choice',
      'true_false',
      'short_answer',
      'numerical',
      'matching',
      'essay',
      'sql',
      'description',
    ] as QuestionType[]) {
      const form = await tc.get(`/questions/new?type=${type}&category=${categoryId}`);
      expect(form.status).toBe(200);
      const res = await tc.post('/questions', validForm(type, categoryId));
      expect(res.status, type).toBe(303);
    }
    const rows = await t.db
      .select({ type: questions.type, body: questionVersions.body, tags: questions.tags })
      .from(questions)
      .innerJoin(questionVersions, eq(questionVersions.questionId, questions.id));
    const byType = Object.fromEntries(rows.map((r) => [r.type, r.body]));
    expect(Object.keys(byType).sort()).toHaveLength(9);
    expect(rows[0].tags).toEqual(['SQL', 'DDL']);
    expect(byType.multiple_choice).toMatchObject({
      choices: [
        { id: 'c1', fraction: 0.5 },
        { id: 'c2', fraction: 0.5 },
        { id: 'c3', fraction: -1 },
      ],
    });
    expect(byType.numerical).toEqual({
      type: 'numerical',
      answers: [
        { kind: 'value', value: 3.14, tolerance: 0.01, fraction: 1, feedback: '' },
        { kind: 'range', min: 3, max: 3.5, fraction: 0.5, feedback: '' },
      ],
    });
    expect(byType.sql).toMatchObject({
      sql: { variants: ['INSERT INTO employees VALUES (3, NULL);'], allowedKinds: ['select'] },
    });
    expect(byType.matching).toMatchObject({
      pairs: [
        { id: 'p1', prompt: 'DDL', answer: 'CREATE' },
        { id: 'p2', prompt: 'DML', answer: 'INSERT' },
        // A distractor: an answer with no item to match.
        { id: 'p3', prompt: '', answer: 'GRANT' },
      ],
    });
  });

  it('re-renders the form with field errors and keeps what was typed', async () => {
    const tc = await teacher();
    const categoryId = await ensureCategory(t.db, ['PostgreSQL'], school);
    const noFull = await tc.post('/questions', {
      ...validForm('single_choice', categoryId),
      choice_0_weight: '50',
      choice_1_weight: '150',
    });
    expect(noFull.status).toBe(400);
    const html = await noFull.text();
    expect(html).toContain('分值比例须在 -100 到 100 之间。');
    expect(html).toContain('value="CREATE TABLE"');

    const noFullMark = await tc.post('/questions', {
      ...validForm('single_choice', categoryId),
      choice_0_weight: '50',
    });
    expect(await noFullMark.text()).toContain('至少需要一个得满分（100%）的答案。');

    const tolerance = await tc.post('/questions', {
      ...validForm('numerical', categoryId),
      num_0_tolerance: '-1',
    });
    expect(tolerance.status).toBe(400);
    expect(await tolerance.text()).toContain('误差不能为负数。');

    const multi = await tc.post('/questions', {
      ...validForm('multiple_choice', categoryId),
      choice_1_weight: '20',
    });
    expect(await multi.text()).toContain('多选题正分值的选项比例之和须为 100%。');

    const blank = await tc.post('/questions', {
      ...validForm('sql', categoryId),
      referenceSql: '',
      kind_select: '',
    });
    const blankHtml = await blank.text();
    expect(blankHtml).toContain('此项必填。');
    expect(blankHtml).toContain('请至少允许一种语句类型。');
    expect(await t.db.select().from(questions)).toHaveLength(0);
  });

  it('adds blank rows without JavaScript, keeping the typed values', async () => {
    const tc = await teacher();
    const categoryId = await ensureCategory(t.db, ['PostgreSQL'], school);
    const res = await tc.post('/questions', {
      ...validForm('single_choice', categoryId),
      choice_rows: '5',
      more: 'choice',
    });
    expect(res.status).toBe(200);
    const html = await res.text();
    expect(html).toContain('name="choice_7_text"');
    expect(html).not.toContain('name="choice_8_text"');
    expect(html).toContain('value="DROP TABLE"');
    expect(await t.db.select().from(questions)).toHaveLength(0);
  });

  it('shows a question with its sanitised explanation and answer key', async () => {
    const tc = await teacher();
    const categoryId = await ensureCategory(t.db, ['PostgreSQL'], school);
    const res = await tc.post('/questions', {
      ...validForm('single_choice', categoryId),
      explanation: '见 `CREATE TABLE` <script>alert(1)</script>',
    });
    const page = await tc.get(res.headers.get('location')!);
    const html = await page.text();
    expect(html).toContain('已保存。');
    expect(html).toContain('<strong>创建</strong>');
    expect(html).toContain('<code>CREATE TABLE</code>');
    expect(html).not.toContain('<script>alert(1)');
    expect(html).toContain('class="prose"');
    expect(html).toContain('100%');
  });

  it('edits in place until used, then versions; an attempt keeps its version; history shows both', async () => {
    const tc = await teacher();
    const categoryId = await ensureCategory(t.db, ['PostgreSQL'], school);
    const id = idFrom(await tc.post('/questions', validForm('true_false', categoryId)));
    const edit = await tc.get(`/questions/${id}/edit`);
    expect(await edit.text()).toContain('value="题目-true_false"');
    expect(
      (await tc.post(`/questions/${id}/edit`, { ...validForm('true_false', categoryId), name: '第一版' }))
        .status,
    ).toBe(303);
    const [v1] = await t.db.select().from(questionVersions).where(eq(questionVersions.questionId, id));
    expect(v1.name).toBe('第一版');
    await lockVersions(t.db, [v1.id]);
    expect(await (await tc.get(`/questions/${id}/edit`)).text()).toContain('保存后将生成新版本');
    const res = await tc.post(`/questions/${id}/edit`, {
      ...validForm('true_false', categoryId),
      name: '第二版',
      correct: 'false',
      difficulty: '4',
    });
    expect(res.status).toBe(303);
    const versions = await t.db
      .select()
      .from(questionVersions)
      .where(eq(questionVersions.questionId, id))
      .orderBy(asc(questionVersions.version));
    expect(versions.map((v) => [v.version, v.name, v.body])).toEqual([
      [1, '第一版', { type: 'true_false', correct: true, feedbackTrue: '对', feedbackFalse: '错' }],
      [2, '第二版', { type: 'true_false', correct: false, feedbackTrue: '对', feedbackFalse: '错' }],
    ]);
    const [q] = await t.db.select().from(questions).where(eq(questions.id, id));
    expect(q.difficulty).toBe(4);
    const history = await (await tc.get(`/questions/${id}/versions`)).text();
    expect(history).toContain('第一版');
    expect(history).toContain('第二版');
    expect(history).toContain('已被作答使用（锁定）');
  });

  it('changes the status and filters the list by it', async () => {
    const tc = await teacher();
    const categoryId = await ensureCategory(t.db, ['PostgreSQL'], school);
    const id = idFrom(await tc.post('/questions', validForm('true_false', categoryId)));
    await tc.post('/questions', { ...validForm('essay', categoryId), name: '论述 MVCC' });
    expect((await tc.post(`/questions/${id}/status`, { status: 'bogus' })).status).toBe(400);
    const res = await tc.post(`/questions/${id}/status`, { status: 'reviewed' });
    expect(res.status).toBe(303);
    const reviewed = await (await tc.get('/questions?status=reviewed')).text();
    expect(reviewed).toContain('题目-true_false');
    expect(reviewed).not.toContain('论述 MVCC');
    const [entry] = await t.db.select().from(auditLog).where(eq(auditLog.action, 'questions.status_changed'));
    expect(entry).toMatchObject({ targetId: id, data: { status: 'reviewed' } });
  });
});

describe('list', () => {
  it('filters by category subtree, type, tag, difficulty and text, and pages', async () => {
    const tc = await teacher();
    const base = {
      text: '题干',
      textFormat: 'plain' as const,
      generalFeedback: '',
      explanation: '',
      defaultMark: 1,
      idNumber: null,
      body: { type: 'essay' as const, rubric: [] },
    };
    for (let i = 0; i < 23; i++) {
      await createQuestion(
        t.db,
        { ...base, name: `索引题 ${i}`, category: ['PostgreSQL', '索引'], tags: ['索引'], difficulty: 3 },
        { orgId: school },
      );
    }
    await createQuestion(
      t.db,
      {
        ...base,
        name: '事务隔离级别',
        text: '什么是 MVCC？',
        category: ['PostgreSQL', '事务'],
        tags: ['事务'],
        difficulty: 5,
      },
      { orgId: school },
    );
    await createQuestion(
      t.db,
      { ...base, name: 'MySQL 题', category: ['MySQL'], tags: [], difficulty: 1 },
      { orgId: school },
    );
    const [pg] = await t.db
      .select()
      .from(questionCategories)
      .where(eq(questionCategories.path, 'PostgreSQL'));

    const all = await (await tc.get(`/questions?category=${pg.id}`)).text();
    expect(all).toContain('共 24 道题');
    // The category tree counts what opening a category lists: its own questions and its subcategories'.
    const tree = [
      ...all.matchAll(
        /<li data-depth="(\d)"><a href="[^"]*"[^>]*>([^<]+)<\/a> <span class="muted">(\d+) 道题<\/span>/g,
      ),
    ];
    expect(tree.map((m) => [m[1], m[2], m[3]])).toEqual([
      ['0', 'MySQL', '1'],
      ['0', 'PostgreSQL', '24'],
      ['1', '事务', '1'],
      ['1', '索引', '23'],
    ]);
    expect(all).toContain('第 1 / 2 页');
    expect(all).not.toContain('MySQL 题');
    const page2 = await (await tc.get(`/questions?category=${pg.id}&page=2`)).text();
    expect((page2.match(/data-id="/g) ?? []).length).toBe(4);

    expect(await (await tc.get('/questions?q=mvcc')).text()).toContain('共 1 道题');
    expect(await (await tc.get('/questions?difficulty=5')).text()).toContain('事务隔离级别');
    expect(await (await tc.get(`/questions?tag=${encodeURIComponent('事务')}`)).text()).toContain(
      '共 1 道题',
    );
    expect(await (await tc.get('/questions?type=single_choice')).text()).toContain('没有符合条件的题目。');
    expect(await (await tc.get('/questions?q=%25')).text()).toContain('共 0 道题');
  });
});

describe('preview', () => {
  it('scores an answer and shows the feedback and explanation', async () => {
    const tc = await teacher();
    const categoryId = await ensureCategory(t.db, ['PostgreSQL'], school);
    const id = idFrom(await tc.post('/questions', validForm('single_choice', categoryId)));
    const page = await (await tc.get(`/questions/${id}/preview`)).text();
    expect(page).toContain('name="choice" value="c1"');
    const right = await (await tc.post(`/questions/${id}/preview`, { choice: 'c1' })).text();
    expect(right).toContain('得分：100%（2 分中得 2 分）');
    expect(right).toContain('<strong>正确</strong>');
    const wrong = await (await tc.post(`/questions/${id}/preview`, { choice: 'c2' })).text();
    expect(wrong).toContain('得分：0%');

    const num = idFrom(await tc.post('/questions', validForm('numerical', categoryId)));
    expect(await (await tc.post(`/questions/${num}/preview`, { text: '3.4' })).text()).toContain('得分：50%');
    const match = idFrom(await tc.post('/questions', validForm('matching', categoryId)));
    expect(
      await (await tc.post(`/questions/${match}/preview`, { match_p1: 'CREATE', match_p2: 'CREATE' })).text(),
    ).toContain('得分：50%');
    const matchPage = await (await tc.get(`/questions/${match}/preview`)).text();
    expect(matchPage).toContain('<option value="GRANT">GRANT</option>');
    expect(matchPage).not.toContain('name="match_p3"');
  });

  // Task `learn` (ADR 0021): missing-word questions are previewed with the answer in the gap.
  it('puts the answer control of a missing-word question inside the sentence', async () => {
    const tc = await teacher();
    const categoryId = await ensureCategory(t.db, ['PostgreSQL'], school);
    const choice = idFrom(
      await tc.post('/questions', {
        ...validForm('single_choice', categoryId),
        text: '要**创建**一张表，应使用 {{blank}} 语句。',
      }),
    );
    const page = await (await tc.get(`/questions/${choice}/preview`)).text();
    // The select sits between the two halves of the same paragraph; no marker, no line, no key.
    expect(page).toMatch(
      /<div class="prose" data-gap="inline"><p>要<strong>创建<\/strong>一张表，应使用 <select name="choice" id="f-answer" class="gap-control" aria-label="你的答案"><option value="">请选择<\/option>(<option value="c[12]">(CREATE|DROP) TABLE<\/option>){2}<\/select> 语句。<\/p>/,
    );
    expect(page).not.toContain('{{blank}}');
    expect(page).not.toContain('_____');
    expect(page).not.toContain('type="radio"');
    expect(page).not.toContain('对，');
    const right = await (await tc.post(`/questions/${choice}/preview`, { choice: 'c1' })).text();
    expect(right).toContain('得分：100%（2 分中得 2 分）');
    expect(right).toContain('<option value="c1" selected="">CREATE TABLE</option>');

    const short = idFrom(
      await tc.post('/questions', {
        ...validForm('short_answer', categoryId),
        text: '建表用 {{blank}} 语句',
        textFormat: 'plain',
      }),
    );
    const shortPage = await (await tc.post(`/questions/${short}/preview`, { text: 'CREATE TABLE' })).text();
    expect(shortPage).toContain(
      'data-gap="inline">建表用 <input id="f-answer" name="text" class="gap-control"',
    );
    expect(shortPage).toContain('value="CREATE TABLE"/> 语句</div>');
    expect(shortPage).toContain('得分：100%');

    // Multiple choice keeps its boxes below; the gap is drawn as a line.
    const multi = idFrom(
      await tc.post('/questions', {
        ...validForm('multiple_choice', categoryId),
        text: '{{blank}} 可以建表。',
      }),
    );
    const multiPage = await (await tc.get(`/questions/${multi}/preview`)).text();
    expect(multiPage).toContain('<span class="gap">_____</span> 可以建表。');
    expect(multiPage).toContain('type="checkbox"');
    expect(multiPage).not.toContain('data-gap="inline"');
  });

  it('shows the spec of a SQL question instead of scoring it', async () => {
    const tc = await teacher();
    const categoryId = await ensureCategory(t.db, ['PostgreSQL'], school);
    const id = idFrom(await tc.post('/questions', validForm('sql', categoryId)));
    const page = await (await tc.get(`/questions/${id}/preview`)).text();
    expect(page).toContain('data-testid="sql-spec"');
    expect(page).toContain('隐藏变体：1 个');
  });
});

describe('categories', () => {
  it('creates, renames and moves categories, rewriting paths below', async () => {
    const tc = await teacher();
    expect((await tc.get('/questions/categories')).status).toBe(200);
    const root = await tc.post('/questions/categories', { name: 'PostgreSQL', parentId: '' });
    expect(root.status).toBe(303);
    const [pg] = await t.db.select().from(questionCategories);
    await tc.post('/questions/categories', { name: '初级', parentId: pg.id });
    const [junior] = await t.db.select().from(questionCategories).where(eq(questionCategories.name, '初级'));
    await tc.post('/questions/categories', { name: 'SQL', parentId: junior.id });

    const dup = await tc.post('/questions/categories', { name: '初级', parentId: pg.id });
    expect(dup.status).toBe(400);
    expect(await dup.text()).toContain('同一上级下已有同名分类。');
    const slash = await tc.post('/questions/categories', { name: 'a / b', parentId: '' });
    expect(await slash.text()).toContain('不能包含');

    const editPage = await (await tc.get(`/questions/categories/${junior.id}`)).text();
    expect(editPage).toContain('value="初级"');
    // A category cannot be offered as its own parent or under its own subtree.
    expect(editPage).not.toContain(`<option value="${junior.id}"`);
    expect((await tc.get('/questions/categories/00000000-0000-4000-8000-000000000000')).status).toBe(404);
    const cycle = await tc.post(`/questions/categories/${pg.id}`, {
      name: 'PostgreSQL',
      parentId: junior.id,
    });
    expect(cycle.status).toBe(400);
    expect(await cycle.text()).toContain('不能把分类移到它自己或它的下级分类之下。');

    expect((await tc.post(`/questions/categories/${pg.id}`, { name: 'PG', parentId: '' })).status).toBe(303);
    const other = await tc.post('/questions/categories', { name: '认证', parentId: '' });
    const otherId = other.headers.get('location')!.split('category=')[1];
    expect(
      (await tc.post(`/questions/categories/${junior.id}`, { name: '初级', parentId: otherId })).status,
    ).toBe(303);
    const paths = (await t.db.select().from(questionCategories)).map((c) => c.path).sort();
    expect(paths).toEqual(['PG', '认证', '认证 / 初级', '认证 / 初级 / SQL'].sort());
  });
});
