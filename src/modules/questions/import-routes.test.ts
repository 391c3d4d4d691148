import { readFileSync } from 'node:fs';
import { eq, like } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { auditLog } from '../../platform/schema.ts';
import { makeTeacher, makeUser, type TestClient, useTestApp } from '../../testing/harness.ts';
import { exportCategory, listCategories } from './queries.ts';
import { questionCategories, questions, questionVersions } from './schema.ts';
import { DEMO_GIFT, DEMO_SQL_QUESTIONS, seedDemoQuestionBank } from './seed.ts';
import { createQuestion, ensureCategory } from './service.ts';

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

const GOOD = `$CATEGORY: $course$/top/基础

// [id:Q-1] [tag:端口]
::默认端口::PostgreSQL 默认端口是？{=5432 ~3306}

::MVCC::PostgreSQL 使用 MVCC。{T}
`;

/** The third question (line 8) has an unclosed brace. */
const BAD = `::一::一加一等于二。{T}

::二::默认端口？{=5432 ~3306}

::三::缺少右括号 {=a ~b
`;

function importForm(fields: Record<string, string>, file?: { name: string; text: string }) {
  const form = new FormData();
  for (const [k, v] of Object.entries(fields)) form.set(k, v);
  if (file) form.set('file', new File([file.text], file.name, { type: 'text/plain' }));
  return form;
}

describe('import', () => {
  it('imports pasted GIFT under a new top-level category and lists what it imported', async () => {
    const tc = await teacher();
    expect((await tc.get('/questions/import')).status).toBe(200);
    const res = await tc.postMultipart(
      '/questions/import',
      importForm({ format: 'gift', newRoot: '题库', text: GOOD }),
    );
    expect(res.status).toBe(200);
    const html = await res.text();
    expect(html).toContain('已导入 2 道题');
    expect(html).toContain('默认端口');
    expect(html).toContain('题库 / 基础');
    const rows = await t.db.select().from(questions);
    expect(rows.map((r) => r.status)).toEqual(['draft', 'draft']);
    expect(rows.find((r) => r.idNumber === 'Q-1')?.tags).toEqual(['端口']);
    const [entry] = await t.db.select().from(auditLog).where(eq(auditLog.action, 'questions.imported'));
    expect(entry.data).toEqual({ count: 2 });
  });

  it('imports an uploaded file into an existing category', async () => {
    const tc = await teacher();
    const target = await ensureCategory(t.db, ['PostgreSQL', '初级'], school);
    const res = await tc.postMultipart(
      '/questions/import',
      importForm(
        { format: 'gift', categoryId: target },
        { name: 'q.gift', text: GOOD.replace(/\n/g, '\r\n') },
      ),
    );
    expect(res.status).toBe(200);
    const paths = (await listCategories(t.db, 'all')).map((c) => c.path);
    expect(paths).toContain('PostgreSQL / 初级 / 基础');
  });

  it('lists every problem with its line and imports nothing when one question is bad', async () => {
    const tc = await teacher();
    const res = await tc.postMultipart(
      '/questions/import',
      importForm({ format: 'gift', newRoot: '题库', text: BAD }),
    );
    expect(res.status).toBe(400);
    const html = await res.text();
    expect(html).toMatch(/第 5 行：[^<]*“\{”/);
    expect(html).toContain('未导入任何题目');
    expect(await t.db.select().from(questions)).toHaveLength(0);
    expect(await t.db.select().from(questionCategories)).toHaveLength(0);
  });

  it('words the problems in the importer’s language', async () => {
    const tc = await teacher();
    expect((await tc.post('/lang', { locale: 'en', next: '/questions/import' })).status).toBe(303);
    const res = await tc.postMultipart(
      '/questions/import',
      importForm({ format: 'gift', newRoot: 'Bank', text: BAD }),
    );
    expect(res.status).toBe(400);
    const html = await res.text();
    expect(html).toContain('Problems found: 1. Nothing was imported:');
    expect(html).toMatch(/Line 5: [^<]*\{/);
  });

  it('refuses the whole file when an id number is already in the bank', async () => {
    const tc = await teacher();
    await createQuestion(
      t.db,
      {
        name: '已有',
        text: '已有',
        textFormat: 'plain',
        generalFeedback: '',
        explanation: '',
        defaultMark: 1,
        body: { type: 'essay', rubric: [] },
        category: ['旧'],
        tags: [],
        idNumber: 'Q-1',
        difficulty: 3,
      },
      { orgId: school },
    );
    const res = await tc.postMultipart(
      '/questions/import',
      importForm({ format: 'gift', newRoot: '新', text: GOOD }),
    );
    expect(res.status).toBe(400);
    expect(await res.text()).toContain('第 3 行：编号 Q-1 已在题库或本文件中使用。');
    expect(await t.db.select().from(questions)).toHaveLength(1);
  });

  it('asks for content, a target for uncategorised questions, and a known format', async () => {
    const tc = await teacher();
    const empty = await tc.postMultipart(
      '/questions/import',
      importForm({ format: 'gift', newRoot: 'x', text: '' }),
    );
    expect(empty.status).toBe(400);
    expect(await empty.text()).toContain('请上传文件或粘贴内容。');
    const noTarget = await tc.postMultipart(
      '/questions/import',
      importForm({ format: 'gift', text: '::一::一加一等于二。{T}' }),
    );
    expect(await noTarget.text()).toContain('请选择目标分类或填写新分类名称。');
    const bogus = await tc.postMultipart(
      '/questions/import',
      importForm({ format: 'docx', newRoot: 'x', text: GOOD }),
    );
    expect(bogus.status).toBe(400);
    expect(await t.db.select().from(questions)).toHaveLength(0);
  });

  it('is forbidden to students and anonymous visitors', async () => {
    const form = () => importForm({ format: 'gift', newRoot: '题库', text: GOOD });
    expect((await t.client().postMultipart('/questions/import', form())).status).toBe(401);
    const student = await makeUser(t.db, { roles: ['student'] });
    const sc = t.client();
    await sc.logIn(student.email);
    expect((await sc.postMultipart('/questions/import', form())).status).toBe(403);
    expect((await sc.get('/questions/import')).status).toBe(403);
    expect(await t.db.select().from(questions)).toHaveLength(0);
  });
});

describe('export', () => {
  it('downloads a category with its subcategories as GIFT that imports back to the same questions', async () => {
    const tc = await teacher();
    await seedDemoQuestionBank(t.db, null, school);
    const [junior] = await t.db
      .select()
      .from(questionCategories)
      .where(eq(questionCategories.path, 'PostgreSQL / 初级'));
    const res = await tc.get(`/questions/categories/${junior.id}/export?format=gift`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-disposition')).toContain('attachment');
    const gift = await res.text();
    expect(gift).toContain('$CATEGORY: $course$/top/初级/SQL 实操');
    const before = await exportCategory(t.db, junior.id);

    // Ids must be unique in the bank: import the copy after renaming them.
    const copy = gift.replace(/\[id:/g, '[id:copy-');
    const imported = await tc.postMultipart(
      '/questions/import',
      importForm({ format: 'gift', newRoot: '副本', text: copy }),
    );
    expect(imported.status).toBe(200);
    const [root] = await t.db.select().from(questionCategories).where(eq(questionCategories.path, '副本'));
    const after = await exportCategory(t.db, root.id);
    // The copy sits one level deeper, under 副本.
    const strip = (qs: typeof before, drop: number) =>
      qs
        .map((q) => ({
          ...q,
          idNumber: q.idNumber?.replace(/^copy-/, '') ?? null,
          category: q.category.slice(drop),
        }))
        // Questions imported in one transaction share a creation time: compare them as a set.
        .sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    expect(strip(after, 1)).toEqual(strip(before, 0));

    expect((await tc.get(`/questions/categories/${junior.id}/export?format=pdf`)).status).toBe(400);
    expect(
      (await tc.get('/questions/categories/00000000-0000-4000-8000-000000000000/export?format=gift')).status,
    ).toBe(404);
    const sc = t.client();
    expect((await sc.get(`/questions/categories/${junior.id}/export?format=gift`)).status).toBe(401);
  });
});

describe('Moodle XML', () => {
  it('exports a category as Moodle XML that an upload imports back to the same questions', async () => {
    const tc = await teacher();
    await seedDemoQuestionBank(t.db, null, school);
    const [pg] = await t.db
      .select()
      .from(questionCategories)
      .where(eq(questionCategories.path, 'PostgreSQL'));
    const res = await tc.get(`/questions/categories/${pg.id}/export?format=xml`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toContain('xml');
    const xml = await res.text();
    expect(xml).toContain('<quiz>');
    const before = await exportCategory(t.db, pg.id);
    const copy = xml.replace(/<idnumber>(?=[^<])/g, '<idnumber>copy-');
    const imported = await tc.postMultipart(
      '/questions/import',
      importForm({ format: 'xml', newRoot: '副本' }, { name: 'bank.xml', text: copy }),
    );
    expect(imported.status).toBe(200);
    expect(await imported.text()).toContain(`已导入 ${before.length} 道题`);
    const [root] = await t.db.select().from(questionCategories).where(eq(questionCategories.path, '副本'));
    const byName = (qs: typeof before, drop: number) =>
      qs
        .map((q) => ({
          ...q,
          idNumber: q.idNumber?.replace(/^copy-/, '') ?? null,
          category: q.category.slice(drop),
        }))
        .sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    expect(byName(await exportCategory(t.db, root.id), 1)).toEqual(byName(before, 0));
  });

  it('reports XML problems and taken id numbers by line, importing nothing', async () => {
    const tc = await teacher();
    await seedDemoQuestionBank(t.db, null, school);
    const count = (await t.db.select().from(questions)).length;
    const [pg] = await t.db
      .select()
      .from(questionCategories)
      .where(eq(questionCategories.path, 'PostgreSQL'));
    const xml = await (await tc.get(`/questions/categories/${pg.id}/export?format=xml`)).text();
    // As exported, every id number is already in the bank.
    const taken = await tc.postMultipart(
      '/questions/import',
      importForm({ format: 'xml', newRoot: '副本', text: xml }),
    );
    expect(taken.status).toBe(400);
    const firstId = xml.match(/<idnumber>([^<]+)<\/idnumber>/)![1];
    const idAt = xml.slice(0, xml.indexOf(`<idnumber>${firstId}<`)).split('\n');
    const questionLine = idAt
      .map((l, i) => [l, i + 1] as const)
      .filter(([l]) => l.includes('<question'))
      .at(-1)![1];
    expect(await taken.text()).toContain(`第 ${questionLine} 行：编号 ${firstId} 已在题库或本文件中使用。`);

    const broken = xml.replace('fraction="100"', 'fraction="abc"');
    const brokenLine = broken.slice(0, broken.indexOf('fraction="abc"')).split('\n').length;
    const bad = await tc.postMultipart(
      '/questions/import',
      importForm({ format: 'xml', newRoot: '副本', text: broken }),
    );
    expect(bad.status).toBe(400);
    expect(await bad.text()).toContain(`第 ${brokenLine} 行：`);
    expect(await t.db.select().from(questions)).toHaveLength(count);
  });
});

describe('demo question bank', () => {
  it('imports the PostgreSQL GIFT file and the SQL questions, all reviewed, shown in Chinese', async () => {
    const tc = await teacher();
    const n = await seedDemoQuestionBank(t.db, null, school);
    const rows = await t.db.select().from(questions);
    expect(rows).toHaveLength(n);
    expect(n).toBeGreaterThan(DEMO_SQL_QUESTIONS.length + 5);
    expect(new Set(rows.map((r) => r.status))).toEqual(new Set(['reviewed']));
    const sqlRows = await t.db
      .select({ body: questionVersions.body })
      .from(questionVersions)
      .innerJoin(questions, eq(questions.id, questionVersions.questionId))
      .where(like(questions.idNumber, 'PG-LAB-%'));
    expect(sqlRows).toHaveLength(2);
    for (const r of sqlRows) expect(r.body.type === 'sql' && r.body.sql.variants.length).toBe(2);
    expect(readFileSync(DEMO_GIFT, 'utf8')).toContain('$CATEGORY');

    const html = await (await tc.get('/questions')).text();
    expect(html).toContain('默认端口');
    expect(html).toContain('SQL 实操');
  });
});
