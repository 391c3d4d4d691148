import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { brotliDecompressSync, gunzipSync } from 'node:zlib';
import { sql } from 'drizzle-orm';
import { afterAll, beforeEach, describe, expect, it } from 'vitest';
import { createApp } from '../../app.tsx';
import { type Db, queryRows } from '../../db/client.ts';
import { makeUser, TestClient, useTestApp } from '../../testing/harness.ts';
import { createGraderPool } from '../grader/pool.ts';
import { createQuestion } from '../questions/service.ts';
import { DEMO_COURSE_SLUG, DEMO_LAB_SPEC, DEMO_SETUP_SQL, seedLearningDemo } from './demo.ts';
import { poolGrader } from './grading.ts';
import { completedLabCount, isEnrolled } from './queries.ts';
import { LAB_CSP, type LearningOptions, PGLITE_URL } from './routes.tsx';

const t = useTestApp();
// The real grader: one worker thread with its own PGlite.
const pool = createGraderPool({ size: 1 });
const grader = poolGrader(pool);
afterAll(() => pool.close());
const HIDDEN_FAILED = '在可见数据上结果正确，但在第 1 组隐藏测试数据（共 1 组）上不对';

const INNER_JOIN = `SELECT d.name, count(*) FROM departments d JOIN employees e ON e.dept_id = d.id
GROUP BY d.id, d.name ORDER BY d.id`;
const LEFT_JOIN = `select d.name, count(e.id) as n from departments d left join employees e on e.dept_id = d.id
group by d.id, d.name order by d.id`;

type Fixture = Awaited<ReturnType<typeof setUp>>;
let examActive = new Set<string>();

async function setUp(learning: Partial<LearningOptions> = {}, config: Record<string, string> = {}) {
  const teacher = await makeUser(t.db, { roles: ['teacher'] });
  const otherTeacher = await makeUser(t.db, { roles: ['teacher'] });
  const student = await makeUser(t.db, { roles: ['student'], name: '刘洋' });
  const outsider = await makeUser(t.db);
  const demo = await seedLearningDemo(t.db, {
    teacherId: teacher.id,
    studentIds: [],
    info: { ip: null, actorId: teacher.id },
  });
  const app = createApp(
    {
      ...t.deps,
      config: { ...t.deps.config, ...config },
    },
    {
      learning: {
        grader,
        activeExamFor: async (_db: Db, userId: string) => examActive.has(userId),
        ...learning,
      },
    },
  );
  const client = async (email?: string) => {
    const c = new TestClient(app, t.deps.config.GONGJIN_SECRET);
    if (email) await c.logIn(email);
    return c;
  };
  return { teacher, otherTeacher, student, outsider, ...demo, client };
}

async function enrolled(f: Fixture) {
  const c = await f.client(f.student.email);
  expect((await c.post(`/learn/courses/${DEMO_COURSE_SLUG}/enrol`)).status).toBe(303);
  return c;
}

beforeEach(() => {
  examActive = new Set();
});

describe('catalogue, courses and enrolment', () => {
  it('lists the course under its track and level, and enrols a student once', async () => {
    const f = await setUp();
    const anon = await f.client();
    const index = await (await anon.get('/learn')).text();
    expect(index).toContain('PostgreSQL');
    expect(index).toContain('初级');
    expect(index).toContain(`href="/learn/courses/${DEMO_COURSE_SLUG}"`);
    const page = await (await anon.get(`/learn/courses/${DEMO_COURSE_SLUG}`)).text();
    expect(page).toContain('第 4 课：GROUP BY 分组与聚合');
    expect(page).toContain('实验：每个部门的人数');
    expect(page).toContain('登录后报名学习');

    const c = await enrolled(f);
    expect((await c.post(`/learn/courses/${DEMO_COURSE_SLUG}/enrol`)).status).toBe(303);
    expect(await isEnrolled(t.db, f.student.id, f.course.id)).toBe(true);
    expect(await isEnrolled(t.db, f.outsider.id, f.course.id)).toBe(false);
    expect(await (await c.get(`/learn/courses/${DEMO_COURSE_SLUG}`)).text()).toContain('你已报名这门课程。');
    expect(await (await c.get('/learn')).text()).toContain('data-testid="my-courses"');
  });

  it('lets a teacher create a course, add a lesson and a lab whose expected rows the grader computes', async () => {
    const f = await setUp();
    const c = await f.client(f.otherTeacher.email);
    const bad = await c.post('/learn/courses', { title: '', slug: 'X', level: 'beginner' });
    expect(bad.status).toBe(400);
    const res = await c.post('/learn/courses', {
      title: 'PostgreSQL 索引',
      slug: 'pg-indexes',
      level: 'intermediate',
      trackId: f.track.id,
      summary: 'B-tree 与 GIN',
    });
    expect(res.status).toBe(303);
    expect(res.headers.get('location')).toBe('/learn/courses/pg-indexes');
    const taken = await c.post('/learn/courses', {
      title: 'x',
      slug: 'pg-indexes',
      level: 'beginner',
      trackId: f.track.id,
    });
    expect(taken.status).toBe(400);
    expect(await taken.text()).toContain('这个地址已被使用。');

    const lesson = await c.post('/learn/courses/pg-indexes/lessons', {
      title: 'B-tree',
      body: '```sql\nCREATE INDEX ON t (a);\n```',
      questionIds: f.questionIds[0],
    });
    expect(lesson.status).toBe(303);
    const lessonPage = await (await c.get(lesson.headers.get('location')!)).text();
    expect(lessonPage).toContain('class="hljs language-sql"');

    const lab = await c.post('/learn/courses/pg-indexes/labs', {
      title: '查询',
      task: '取出 1',
      setupSql: 'create table t (a int); insert into t values (1), (2);',
      referenceSql: 'select a from t where a = 1',
    });
    expect(lab.status).toBe(303);
    const labPage = await (await c.get(lab.headers.get('location')!)).text();
    expect(labPage).toContain('&quot;rows&quot;:[[1]]');
    const broken = await c.post('/learn/courses/pg-indexes/labs', {
      title: '坏的',
      task: 'x',
      setupSql: 'create table t (a int);',
      referenceSql: 'select nope from t',
    });
    expect(broken.status).toBe(400);
    expect(await broken.text()).toContain('参考答案在建表数据上运行失败');
    // The demo course is not theirs.
    const foreign = await c.post(`/learn/courses/${DEMO_COURSE_SLUG}/lessons`, { title: 'x', body: 'y' });
    expect(foreign.status).toBe(403);
    expect((await c.get(`/learn/courses/${DEMO_COURSE_SLUG}/progress`)).status).toBe(403);
  });
});

describe('lessons and practice quizzes', () => {
  it('shows the lesson as sanitised Markdown with highlighted SQL and the quiz without its answer key', async () => {
    const f = await setUp();
    const c = await enrolled(f);
    const html = await (await c.get(`/learn/lessons/${f.lessons[1].id}`)).text();
    expect(html).toContain('<div class="prose">');
    expect(html).toContain('class="hljs language-sql"');
    expect(html).toContain('要查出工资为空的员工');
    expect(html).toContain('name="q_');
    // Feedback and explanation only come after answering.
    expect(html).not.toContain('与 NULL 用 = 比较的结果是未知');
    expect(html).not.toContain('判断空值要用 `IS NULL`');
    expect(html).not.toContain('fraction');
  });

  it('scores an answer at once with feedback and explanation, and keeps the best score', async () => {
    const f = await setUp();
    const c = await enrolled(f);
    const lessonId = f.lessons[1].id;
    const field = `q_${f.questionIds[0]}`;
    const wrong = await c.post(`/learn/lessons/${lessonId}/quiz`, { [field]: 'a' }, { 'hx-request': 'true' });
    expect(wrong.status).toBe(200);
    const wrongHtml = await wrong.text();
    expect(wrongHtml).toContain('本次得分 0%');
    expect(wrongHtml).toContain('与 NULL 用 = 比较的结果是未知');
    expect(wrongHtml).toContain('<code>IS NULL</code>');
    const right = await (
      await c.post(`/learn/lessons/${lessonId}/quiz`, { [field]: 'b' }, { 'hx-request': 'true' })
    ).text();
    expect(right).toContain('本次得分 100%');
    expect(right).toContain('回答正确');
    const again = await (
      await c.post(`/learn/lessons/${lessonId}/quiz`, { [field]: 'c' }, { 'hx-request': 'true' })
    ).text();
    expect(again).toContain('最好成绩 100%');

    // A true/false question.
    const tf = await (
      await c.post(
        `/learn/lessons/${f.lessons[3].id}/quiz`,
        { [`q_${f.questionIds[2]}`]: 'false' },
        { 'hx-request': 'true' },
      )
    ).text();
    expect(tf).toContain('本次得分 100%');
  });

  it('lets the course’s teacher edit a lesson, and nobody else', async () => {
    const f = await setUp();
    const lessonPath = `/learn/lessons/${f.lessons[0].id}`;
    const teacher = await f.client(f.teacher.email);
    expect(await (await teacher.get(lessonPath)).text()).toContain(`href="${lessonPath}/edit"`);
    const form = await (await teacher.get(`${lessonPath}/edit`)).text();
    expect(form).toContain('第 1 课：用 SELECT 查询数据');
    expect((await teacher.post(`${lessonPath}/edit`, { title: '', body: 'x' })).status).toBe(400);
    const saved = await teacher.post(`${lessonPath}/edit`, {
      title: '第 1 课：SELECT',
      body: '## 新内容\n\n<script>alert(1)</script>',
      questionIds: f.questionIds[0],
    });
    expect(saved.status).toBe(303);
    const page = await (await teacher.get(lessonPath)).text();
    expect(page).toContain('<h1>第 1 课：SELECT</h1>');
    expect(page).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
    expect(page).toContain('name="q_');
    const other = await f.client(f.otherTeacher.email);
    expect((await other.get(`${lessonPath}/edit`)).status).toBe(403);
    expect((await other.post(`${lessonPath}/edit`, { title: 'x', body: 'y' })).status).toBe(403);
    expect(await (await other.get(lessonPath)).text()).not.toContain(`${lessonPath}/edit`);
  });

  it('refuses quizzes and completion to students who are not enrolled', async () => {
    const f = await setUp();
    const c = await f.client(f.outsider.email);
    expect((await c.post(`/learn/lessons/${f.lessons[1].id}/quiz`, {})).status).toBe(403);
    expect((await c.post(`/learn/lessons/${f.lessons[1].id}/complete`)).status).toBe(403);
  });

  it('records completion, and the teacher sees it in the progress table', async () => {
    const f = await setUp();
    const c = await enrolled(f);
    expect((await c.post(`/learn/lessons/${f.lessons[0].id}/complete`)).status).toBe(303);
    expect(await (await c.get(`/learn/lessons/${f.lessons[0].id}`)).text()).toContain('已学完');
    await c.post(`/learn/lessons/${f.lessons[1].id}/quiz`, { [`q_${f.questionIds[0]}`]: 'b' });
    const teacher = await f.client(f.teacher.email);
    const table = await (await teacher.get(`/learn/courses/${DEMO_COURSE_SLUG}/progress`)).text();
    expect(table).toContain('data-testid="progress-table"');
    expect(table).toMatch(/刘洋[\s\S]*?<td>1<\/td><td>100%<\/td><td>0<\/td>/);
  });
});

describe('SQL labs', () => {
  it('sends the setup and the expected rows to the page, never the reference query or hidden data', async () => {
    const f = await setUp();
    const c = await enrolled(f);
    const res = await c.get(`/learn/labs/${f.lab.id}`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-security-policy')).toBe(LAB_CSP);
    const html = await res.text();
    expect(html).toContain(`data-pglite="${PGLITE_URL}"`);
    expect(html).toContain('研发部');
    expect(html).toContain('&quot;ordered&quot;:true');
    expect(html).not.toContain('count(e.id)');
    expect(html).not.toContain('LEFT JOIN employees e ON e.dept_id = d.id\nGROUP BY');
    expect(html).not.toContain('法务部');
    expect(html).not.toContain('赵磊');
    // Other pages keep the strict policy without WebAssembly.
    const lesson = await c.get(`/learn/lessons/${f.lessons[0].id}`);
    expect(lesson.headers.get('content-security-policy')).not.toContain('wasm-unsafe-eval');
  });

  it('re-grades a submission with the hidden variant: an inner join fails, a left join passes', async () => {
    const f = await setUp();
    const c = await enrolled(f);
    const fail = await c.post(
      `/learn/labs/${f.lab.id}/submit`,
      { sql: INNER_JOIN },
      { 'hx-request': 'true' },
    );
    expect(fail.status).toBe(200);
    const failHtml = await fail.text();
    expect(failHtml).toContain('data-passed="false"');
    expect(failHtml).toContain(HIDDEN_FAILED);
    expect(await completedLabCount(t.db, f.student.id, f.course.id)).toBe(0);

    // Wrong on the visible data: a sample of the missing and extra rows, from the visible data only.
    const wrong = await (
      await c.post(
        `/learn/labs/${f.lab.id}/submit`,
        { sql: 'select d.name, 0 from departments d order by d.id' },
        { 'hx-request': 'true' },
      )
    ).text();
    expect(wrong).toContain('data-testid="lab-sample"');
    expect(wrong).toContain('期望结果中有、你的结果中缺少的行');
    expect(wrong).toMatch(/<td>研发部<\/td><td>3<\/td>/);
    expect(wrong).not.toContain('法务部');

    const pass = await (
      await c.post(`/learn/labs/${f.lab.id}/submit`, { sql: LEFT_JOIN }, { 'hx-request': 'true' })
    ).text();
    expect(pass).toContain('data-passed="true"');
    expect(await completedLabCount(t.db, f.student.id, f.course.id)).toBe(1);
    // Passing twice still counts one lab.
    await c.post(`/learn/labs/${f.lab.id}/submit`, { sql: LEFT_JOIN });
    expect(await completedLabCount(t.db, f.student.id, f.course.id)).toBe(1);
    const course = await (await c.get(`/learn/courses/${DEMO_COURSE_SLUG}`)).text();
    expect(course).toContain('已通过');
    const teacher = await f.client(f.teacher.email);
    expect(await (await teacher.get(`/learn/courses/${DEMO_COURSE_SLUG}/progress`)).text()).toMatch(
      /<td>0<\/td><td>–<\/td><td>1<\/td>/,
    );
  });

  it('runs a query on the server when the browser cannot, with a table and feedback against the expected rows', async () => {
    const f = await setUp();
    const c = await enrolled(f);
    const res = await c.post(`/learn/labs/${f.lab.id}/run`, { sql: INNER_JOIN }, { 'hx-request': 'true' });
    const html = await res.text();
    expect(html).toContain('data-testid="result-table"');
    expect(html).toContain('<td>研发部</td><td>3</td>');
    // On the visible data the inner join looks right: only the hidden data tells.
    expect(html).toContain('data-match="true"');
    const wrong = await (
      await c.post(
        `/learn/labs/${f.lab.id}/run`,
        { sql: 'select name from departments' },
        { 'hx-request': 'true' },
      )
    ).text();
    expect(wrong).toContain('列数不对：应为 2 列，你的结果有 1 列。');
    const error = await (
      await c.post(`/learn/labs/${f.lab.id}/run`, { sql: 'select nope' }, { 'hx-request': 'true' })
    ).text();
    expect(error).toContain('data-testid="lab-error"');
    // Without JavaScript the whole page comes back with the output.
    const page = await (await c.post(`/learn/labs/${f.lab.id}/run`, { sql: INNER_JOIN })).text();
    expect(page).toContain('data-testid="lab"');
    expect(page).toContain('data-testid="result-table"');
  });

  it('rate-limits the server fallback per student', async () => {
    const f = await setUp();
    const c = await enrolled(f);
    const statuses: number[] = [];
    for (let i = 0; i < 31; i++)
      statuses.push(
        (await c.post(`/learn/labs/${f.lab.id}/run`, { sql: 'select 1' }, { 'hx-request': 'true' })).status,
      );
    expect(statuses.slice(0, 30).every((s) => s === 200)).toBe(true);
    expect(statuses[30]).toBe(429);
  });

  it('runs one query per person at a time: a second run or submission is refused at once, not queued', async () => {
    // A stand-in around the real grader that holds the query 'hold' until released.
    let release = () => {};
    const held = new Promise<void>((r) => {
      release = r;
    });
    let entered = () => {};
    const running = new Promise<void>((r) => {
      entered = r;
    });
    const hold = async <T>(sql: string, work: () => Promise<T>) => {
      if (sql === 'hold') {
        entered();
        await held;
      }
      return work();
    };
    const f = await setUp({
      grader: {
        grade: (spec, sql, who) => hold(sql, () => grader.grade(spec, LEFT_JOIN, who)),
        run: (setup, sql, who) => hold(sql, () => grader.run(setup, INNER_JOIN, who)),
      },
    });
    const c = await enrolled(f);
    const first = c.post(`/learn/labs/${f.lab.id}/run`, { sql: 'hold' }, { 'hx-request': 'true' });
    await running;
    const again = await c.post(`/learn/labs/${f.lab.id}/run`, { sql: 'select 1' }, { 'hx-request': 'true' });
    expect(again.status).toBe(429);
    expect(await again.text()).toContain('你的上一条查询还在运行');
    const submit = await c.post(
      `/learn/labs/${f.lab.id}/submit`,
      { sql: LEFT_JOIN },
      { 'hx-request': 'true' },
    );
    expect(submit.status).toBe(429);
    // The refused submission recorded nothing.
    const [attempts] = await queryRows<{ n: number }>(
      t.db,
      sql`select count(*)::int as n from lab_attempts where user_id = ${f.student.id}`,
    );
    expect(attempts.n).toBe(0);
    // Someone else is not held up by it.
    const other = await makeUser(t.db, { roles: ['student'] });
    const o = await f.client(other.email);
    expect((await o.post(`/learn/courses/${DEMO_COURSE_SLUG}/enrol`)).status).toBe(303);
    expect(
      (await o.post(`/learn/labs/${f.lab.id}/run`, { sql: 'select 1' }, { 'hx-request': 'true' })).status,
    ).toBe(200);
    release();
    expect((await first).status).toBe(200);
    // Once the first has finished, the next one runs.
    expect(
      (await c.post(`/learn/labs/${f.lab.id}/submit`, { sql: LEFT_JOIN }, { 'hx-request': 'true' })).status,
    ).toBe(200);
  });

  it('answers 503 for submissions when no grader is configured', async () => {
    const f = await setUp({ grader: undefined });
    const c = await enrolled(f);
    expect((await c.post(`/learn/labs/${f.lab.id}/submit`, { sql: LEFT_JOIN })).status).toBe(503);
    expect((await c.get(`/learn/labs/${f.lab.id}`)).status).toBe(200);
  });

  it('refuses runs and submissions from students not enrolled, and empty queries', async () => {
    const f = await setUp();
    const outsider = await f.client(f.outsider.email);
    expect((await outsider.post(`/learn/labs/${f.lab.id}/submit`, { sql: LEFT_JOIN })).status).toBe(403);
    expect((await outsider.post(`/learn/labs/${f.lab.id}/run`, { sql: LEFT_JOIN })).status).toBe(403);
    const c = await enrolled(f);
    expect((await c.post(`/learn/labs/${f.lab.id}/submit`, { sql: '  ' })).status).toBe(400);
  });

  it('serves the lab island as one bundled module, under its content hash', async () => {
    const f = await setUp();
    const c = await f.client(f.student.email);
    await c.post(`/learn/courses/${DEMO_COURSE_SLUG}/enrol`);
    const page = await (await c.get(`/learn/labs/${f.lab.id}`)).text();
    const src = page.match(/<script type="module" src="(\/learn\/assets\/lab\.[0-9a-f]{12}\.js)"/)?.[1];
    expect(src).toBeDefined();
    const js = await c.get(src as string);
    expect(js.headers.get('content-type')).toContain('text/javascript');
    const body = await js.text();
    // The grader's comparison is inside; nothing is imported at run time but PGlite.
    expect(body).toContain('grader.rows_differ');
    expect(body).not.toMatch(/\bimport\s*[{*\w][^(]*from/);
    expect((await c.get('/learn/assets/lab.000000000000.js')).status).toBe(404);
  });

  it('serves PGlite’s browser build under its version, and nothing else', async () => {
    const f = await setUp();
    const c = await f.client();
    const js = await c.get(PGLITE_URL);
    expect(js.status).toBe(200);
    expect(js.headers.get('content-type')).toContain('text/javascript');
    const wasm = await c.get(PGLITE_URL.replace('index.js', 'pglite.wasm'));
    expect(wasm.headers.get('content-type')).toBe('application/wasm');
    expect((await c.get(PGLITE_URL.replace(/\/[\d.]+\//, '/0.0.1/'))).status).toBe(404);
    expect((await c.get(PGLITE_URL.replace('index.js', '..%2Fpackage.json'))).status).toBe(404);
    expect((await c.get(PGLITE_URL.replace('index.js', 'index.d.ts'))).status).toBe(404);
  });

  it('sends PGlite compressed when the browser asks, brotli first, cached for a year under its version', async () => {
    const f = await setUp();
    const c = await f.client();
    const plainJs = Buffer.from(await (await c.get(PGLITE_URL)).arrayBuffer());
    const br = await c.get(PGLITE_URL, { 'Accept-Encoding': 'gzip, deflate, br' });
    expect(br.headers.get('content-encoding')).toBe('br');
    // The app adds its own Vary entries (Cookie, Accept-Language); the encoding must be among them.
    expect(br.headers.get('vary')?.split(', ')).toContain('Accept-Encoding');
    expect(br.headers.get('cache-control')).toBe('public, max-age=31536000, immutable');
    const brBytes = Buffer.from(await br.arrayBuffer());
    expect(brotliDecompressSync(brBytes).equals(plainJs)).toBe(true);

    const wasmUrl = PGLITE_URL.replace('index.js', 'pglite.wasm');
    const plain = await c.get(wasmUrl);
    expect(plain.headers.get('content-encoding')).toBeNull();
    const plainWasm = Buffer.from(await plain.arrayBuffer());
    const gz = await c.get(wasmUrl, { 'Accept-Encoding': 'gzip' });
    expect(gz.headers.get('content-encoding')).toBe('gzip');
    expect(gz.headers.get('content-type')).toBe('application/wasm');
    const gzBytes = Buffer.from(await gz.arrayBuffer());
    expect(gunzipSync(gzBytes).equals(plainWasm)).toBe(true);
    expect(gzBytes.length).toBeLessThan(plainWasm.length * 0.7);
  });
});

describe('tutor', () => {
  it('answers from the course’s lessons and cites them with links', async () => {
    const f = await setUp();
    const c = await enrolled(f);
    const res = await c.post(
      `/learn/courses/${DEMO_COURSE_SLUG}/tutor`,
      { question: '怎么统计每个部门的平均工资？', lessonId: f.lessons[0].id },
      { 'hx-request': 'true' },
    );
    expect(res.status).toBe(200);
    const html = await res.text();
    expect(html).toContain('以下是课程中最相关的段落');
    expect(html).toContain(`<a href="/learn/lessons/${f.lessons[3].id}">第 4 课：GROUP BY 分组与聚合</a>`);
    expect(html).not.toContain('data-testid="tutor-hints"');
  });

  it('uses question explanations and cites the lesson that asks the question', async () => {
    const f = await setUp();
    const c = await enrolled(f);
    const html = await (
      await c.post(
        `/learn/courses/${DEMO_COURSE_SLUG}/tutor`,
        { question: 'CROSS JOIN 和 INNER JOIN 有什么区别' },
        { 'hx-request': 'true' },
      )
    ).text();
    expect(html).toContain(`href="/learn/lessons/${f.lessons[2].id}"`);
  });

  it('on a lab, adds hints from the grader’s diagnostics of the last submission', async () => {
    const f = await setUp();
    const c = await enrolled(f);
    const before = await (
      await c.post(
        `/learn/courses/${DEMO_COURSE_SLUG}/tutor`,
        { question: '为什么不对', labId: f.lab.id },
        { 'hx-request': 'true' },
      )
    ).text();
    expect(before).toContain('你还没有提交过这个实验');
    await c.post(`/learn/labs/${f.lab.id}/submit`, { sql: INNER_JOIN });
    const after = await (
      await c.post(
        `/learn/courses/${DEMO_COURSE_SLUG}/tutor`,
        { question: '部门人数为什么不对', labId: f.lab.id },
        { 'hx-request': 'true' },
      )
    ).text();
    expect(after).toContain('data-testid="tutor-hints"');
    expect(after).toContain(HIDDEN_FAILED);
  });

  it('is refused and hidden while the student has an active exam attempt', async () => {
    const f = await setUp();
    const c = await enrolled(f);
    expect(await (await c.get(`/learn/lessons/${f.lessons[0].id}`)).text()).toContain('data-testid="tutor"');
    examActive.add(f.student.id);
    const res = await c.post(`/learn/courses/${DEMO_COURSE_SLUG}/tutor`, { question: 'JOIN 是什么' });
    expect(res.status).toBe(403);
    expect(await res.text()).toContain('考试进行中，学习助手不可用。');
    expect(await (await c.get(`/learn/lessons/${f.lessons[0].id}`)).text()).not.toContain(
      'data-testid="tutor"',
    );
    expect(await (await c.get(`/learn/labs/${f.lab.id}`)).text()).not.toContain('data-testid="tutor"');
  });

  it('is only for enrolled students', async () => {
    const f = await setUp();
    const c = await f.client(f.outsider.email);
    expect((await c.post(`/learn/courses/${DEMO_COURSE_SLUG}/tutor`, { question: 'JOIN' })).status).toBe(403);
    expect(await (await c.get(`/learn/lessons/${f.lessons[0].id}`)).text()).not.toContain(
      'data-testid="tutor"',
    );
  });

  it('has a language model phrase the answer when LLM_BASE_URL is set, still listing the sources', async () => {
    const bodies: { messages: { content: string }[] }[] = [];
    const server = createServer(async (req, res) => {
      let data = '';
      for await (const chunk of req) data += chunk;
      bodies.push(JSON.parse(data));
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(
        JSON.stringify({ choices: [{ message: { content: '用 LEFT JOIN 保留没有员工的部门 [1]。' } }] }),
      );
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    try {
      const port = (server.address() as AddressInfo).port;
      const f = await setUp({}, { LLM_BASE_URL: `http://127.0.0.1:${port}/v1`, LLM_MODEL: 'stand-in' });
      const c = await enrolled(f);
      const html = await (
        await c.post(
          `/learn/courses/${DEMO_COURSE_SLUG}/tutor`,
          { question: '左连接有什么用' },
          { 'hx-request': 'true' },
        )
      ).text();
      expect(html).toContain('用 LEFT JOIN 保留没有员工的部门 [1]。');
      expect(html).toContain(`href="/learn/lessons/${f.lessons[2].id}"`);
      expect(bodies).toHaveLength(1);
      expect(bodies[0].messages.at(-1)?.content).toContain('第 3 课：用 JOIN 连接多张表');
    } finally {
      await new Promise<void>((r) => server.close(() => r()));
    }
  });
});

describe('demo lab spec', () => {
  it('has a reference that passes its own grading', async () => {
    expect((await grader.grade(DEMO_LAB_SPEC, DEMO_LAB_SPEC.referenceSql)).passed).toBe(true);
  });
});

// ---- Editing learning content (task `learn`, ADR 0021) ----------------------------------------------

async function auditActions(targetId: string): Promise<string[]> {
  const rows = await queryRows<{ action: string }>(
    t.db,
    sql`select action from audit_log where target_id = ${targetId} order by id`,
  );
  return rows.map((r) => r.action);
}

describe('editing a course', () => {
  it('shows the current values, re-renders with field errors, saves, audits and can unpublish', async () => {
    const f = await setUp();
    const c = await f.client(f.teacher.email);
    const path = `/learn/courses/${DEMO_COURSE_SLUG}/edit`;
    expect(await (await c.get(`/learn/courses/${DEMO_COURSE_SLUG}`)).text()).toContain(`href="${path}"`);
    const form = await (await c.get(path)).text();
    expect(form).toContain('value="SQL 查询入门"');
    expect(form).toMatch(/name="published"[^>]*checked/);
    expect(form).toContain('name="_csrf"');

    const bad = await c.post(path, { title: '', trackId: 'nope', level: 'expert' });
    expect(bad.status).toBe(400);
    const badHtml = await bad.text();
    expect(badHtml).toContain('id="f-title-error"');
    expect(badHtml).toContain('id="f-level-error"');
    const noTrack = await c.post(path, { title: 'x', trackId: '', level: 'beginner' });
    expect(noTrack.status).toBe(400);
    expect(await noTrack.text()).toContain('请选择一个方向，或填写新方向的名称。');

    const saved = await c.post(path, {
      title: 'SQL 查询入门（第二版）',
      trackId: f.track.id,
      level: 'intermediate',
      summary: '新的简介',
    });
    expect(saved.status).toBe(303);
    expect(saved.headers.get('location')).toBe(`/learn/courses/${DEMO_COURSE_SLUG}`);
    const page = await (await c.get(`/learn/courses/${DEMO_COURSE_SLUG}`)).text();
    expect(page).toContain('<h1>SQL 查询入门（第二版）</h1>');
    expect(page).toContain('中级');
    expect(page).toContain('这门课程未发布');
    // Unpublished: out of the catalogue, still reachable for enrolled students.
    expect(await (await c.get('/learn')).text()).not.toContain(`href="/learn/courses/${DEMO_COURSE_SLUG}"`);
    expect(await auditActions(f.course.id)).toContain('learning.course_updated');

    const republished = await c.post(path, {
      title: 'SQL 查询入门',
      trackId: f.track.id,
      level: 'beginner',
      published: 'on',
    });
    expect(republished.status).toBe(303);
    expect(await (await c.get('/learn')).text()).toContain(`href="/learn/courses/${DEMO_COURSE_SLUG}"`);
  });

  it('is forbidden to other teachers and to students', async () => {
    const f = await setUp();
    const path = `/learn/courses/${DEMO_COURSE_SLUG}/edit`;
    const form = { title: 'x', trackId: f.track.id, level: 'beginner', published: 'on' };
    for (const email of [f.otherTeacher.email, f.student.email]) {
      const c = await f.client(email);
      expect((await c.get(path)).status).toBe(403);
      expect((await c.post(path, form)).status).toBe(403);
    }
    expect((await (await f.client()).get(path)).status).toBe(401);
    expect(
      await (await (await f.client(f.student.email)).get(`/learn/courses/${DEMO_COURSE_SLUG}`)).text(),
    ).not.toContain(path);
  });
});

describe('reordering lessons and labs', () => {
  const order = (html: string, ids: string[]) =>
    ids
      .map((id) => html.indexOf(`href="/learn/lessons/${id}"`))
      .every((p, i, a) => p > 0 && (i === 0 || p > a[i - 1]));

  it('moves a lesson up and down with plain forms; the ends do nothing', async () => {
    const f = await setUp();
    const c = await f.client(f.teacher.email);
    const [l1, l2, l3, l4] = f.lessons.map((l) => l.id);
    const outline = async () => (await c.get(`/learn/courses/${DEMO_COURSE_SLUG}`)).text();
    const html = await outline();
    expect(html).toContain(`action="/learn/lessons/${l2}/move"`);
    expect(order(html, [l1, l2, l3, l4])).toBe(true);

    const up = await c.post(`/learn/lessons/${l3}/move`, { direction: 'up' });
    expect(up.status).toBe(303);
    expect(up.headers.get('location')).toBe(`/learn/courses/${DEMO_COURSE_SLUG}#lessons`);
    expect(order(await outline(), [l1, l3, l2, l4])).toBe(true);
    await c.post(`/learn/lessons/${l1}/move`, { direction: 'down' });
    expect(order(await outline(), [l3, l1, l2, l4])).toBe(true);
    // Already first: no change, no audit entry.
    expect((await c.post(`/learn/lessons/${l3}/move`, { direction: 'up' })).status).toBe(303);
    expect(order(await outline(), [l3, l1, l2, l4])).toBe(true);
    expect(await auditActions(l3)).toEqual(['learning.lesson_added', 'learning.lesson_moved']);
    // The lesson page's previous/next follow the new order.
    const lessonPage = await (await c.get(`/learn/lessons/${l1}`)).text();
    expect(lessonPage).toContain(`href="/learn/lessons/${l3}">←`);

    expect((await c.post(`/learn/lessons/${l1}/move`, { direction: 'sideways' })).status).toBe(400);
  });

  it('moves labs too, and refuses other teachers and students', async () => {
    const f = await setUp();
    const c = await f.client(f.teacher.email);
    const second = await c.post(`/learn/courses/${DEMO_COURSE_SLUG}/labs`, {
      title: '实验二',
      task: '取出部门',
      setupSql: 'create table t (a int); insert into t values (1);',
      referenceSql: 'select a from t',
    });
    expect(second.status).toBe(303);
    const secondId = second.headers.get('location')!.split('/').pop()!;
    const labOrder = async () => {
      const html = await (await c.get(`/learn/courses/${DEMO_COURSE_SLUG}`)).text();
      return html.indexOf(`href="/learn/labs/${secondId}"`) < html.indexOf(`href="/learn/labs/${f.lab.id}"`);
    };
    expect(await labOrder()).toBe(false);
    expect((await c.post(`/learn/labs/${secondId}/move`, { direction: 'up' })).status).toBe(303);
    expect(await labOrder()).toBe(true);
    for (const email of [f.otherTeacher.email, f.student.email]) {
      const other = await f.client(email);
      expect((await other.post(`/learn/labs/${secondId}/move`, { direction: 'down' })).status).toBe(403);
      expect((await other.post(`/learn/lessons/${f.lessons[1].id}/move`, { direction: 'up' })).status).toBe(
        403,
      );
    }
    expect(await labOrder()).toBe(true);
  });
});

describe('editing a SQL lab', () => {
  it('shows the spec to its teacher, re-renders field errors, and re-checks the reference like creation', async () => {
    const f = await setUp();
    const c = await f.client(f.teacher.email);
    const path = `/learn/labs/${f.lab.id}/edit`;
    expect(await (await c.get(`/learn/labs/${f.lab.id}`)).text()).toContain(`href="${path}"`);
    const form = await (await c.get(path)).text();
    expect(form).toContain('LEFT JOIN employees');
    expect(form).toContain('name="compareColumnNames"');
    // The variant is there, between separators when there are several.
    expect(form).toContain('法务部');

    const bad = await c.post(path, {
      title: '',
      task: '',
      setupSql: 'x',
      referenceSql: 'y',
      tolerance: '-1',
    });
    expect(bad.status).toBe(400);
    const badHtml = await bad.text();
    expect(badHtml).toContain('id="f-title-error"');
    expect(badHtml).toContain('id="f-tolerance-error"');
    const broken = await c.post(path, {
      title: '坏的',
      task: 'x',
      setupSql: DEMO_SETUP_SQL,
      referenceSql: 'select nope from departments',
    });
    expect(broken.status).toBe(400);
    expect(await broken.text()).toContain('参考答案在建表数据上运行失败');
    // The hidden variant adds department 4: a setup that already has it breaks the variant.
    const clash = await c.post(path, {
      title: '坏的',
      task: 'x',
      setupSql: `${DEMO_SETUP_SQL}\nINSERT INTO departments VALUES (4, '客服部');`,
      referenceSql: DEMO_LAB_SPEC.referenceSql,
      variants: DEMO_LAB_SPEC.variants[0],
    });
    expect(clash.status).toBe(400);
    const clashHtml = await clash.text();
    expect(clashHtml).toContain('id="f-variants-error"');
    expect(clashHtml).toContain('参考答案在隐藏数据变体上没有通过');
    // Nothing was saved.
    expect(await (await c.get(`/learn/labs/${f.lab.id}`)).text()).not.toContain('坏的');
  });

  it('recomputes the expected rows; students keep their pass and see that the lab changed', async () => {
    const f = await setUp();
    const s = await enrolled(f);
    const pass = await (
      await s.post(`/learn/labs/${f.lab.id}/submit`, { sql: LEFT_JOIN }, { 'hx-request': 'true' })
    ).text();
    expect(pass).toContain('data-passed="true"');
    expect(await (await s.get(`/learn/labs/${f.lab.id}`)).text()).not.toContain('data-testid="lab-changed"');

    const c = await f.client(f.teacher.email);
    const path = `/learn/labs/${f.lab.id}/edit`;
    // Title and task only: the grading did not change, so no notice.
    const retitled = await c.post(path, {
      title: '实验：部门人数',
      task: f.lab.task,
      setupSql: DEMO_LAB_SPEC.setupSql,
      referenceSql: DEMO_LAB_SPEC.referenceSql,
      variants: DEMO_LAB_SPEC.variants.join('\n---\n'),
    });
    expect(retitled.status).toBe(303);
    expect(await (await s.get(`/learn/labs/${f.lab.id}`)).text()).not.toContain('data-testid="lab-changed"');

    // A new department on the visible data: the reference now gives four rows.
    const saved = await c.post(path, {
      title: '实验：部门人数',
      task: '统计每个部门的人数',
      setupSql: `${DEMO_SETUP_SQL}\nINSERT INTO departments VALUES (5, '客服部');`,
      referenceSql: DEMO_LAB_SPEC.referenceSql,
      variants: DEMO_LAB_SPEC.variants.join('\n---\n'),
      tolerance: '0.01',
      compareColumnNames: 'on',
    });
    expect(saved.status).toBe(303);
    const page = await (await s.get(`/learn/labs/${f.lab.id}`)).text();
    expect(page).toContain('客服部');
    expect(page).toContain(
      '&quot;rows&quot;:[[&quot;研发部&quot;,&quot;3&quot;],[&quot;市场部&quot;,&quot;2&quot;],[&quot;财务部&quot;,&quot;1&quot;],[&quot;客服部&quot;,&quot;0&quot;]]',
    );
    // The reference itself never reaches the page (the student's own query mentions count(e.id)).
    expect(page).not.toContain('AS headcount');
    expect(page).toContain('data-testid="lab-changed"');
    expect(page).toContain('已通过');
    expect(await completedLabCount(t.db, f.student.id, f.course.id)).toBe(1);
    const [row] = await queryRows<{ spec: { tolerance: number; compareColumnNames: boolean } }>(
      t.db,
      sql`select spec from labs where id = ${f.lab.id}`,
    );
    expect(row.spec).toMatchObject({ tolerance: 0.01, compareColumnNames: true });
    expect(await auditActions(f.lab.id)).toEqual([
      'learning.lab_added',
      'learning.lab_updated',
      'learning.lab_updated',
    ]);
    // Column names now count: the old answer fails, a pass with the right name clears the notice.
    const renamed = await (
      await s.post(`/learn/labs/${f.lab.id}/submit`, { sql: LEFT_JOIN }, { 'hx-request': 'true' })
    ).text();
    expect(renamed).toContain('data-passed="false"');
    expect(await (await s.get(`/learn/labs/${f.lab.id}`)).text()).toContain('data-testid="lab-changed"');
    const again = await (
      await s.post(
        `/learn/labs/${f.lab.id}/submit`,
        { sql: LEFT_JOIN.replace(' as n ', ' as headcount ') },
        { 'hx-request': 'true' },
      )
    ).text();
    expect(again).toContain('data-passed="true"');
    expect(await (await s.get(`/learn/labs/${f.lab.id}`)).text()).not.toContain('data-testid="lab-changed"');
  });

  it('is forbidden to other teachers and students, and hidden from them', async () => {
    const f = await setUp();
    const path = `/learn/labs/${f.lab.id}/edit`;
    for (const email of [f.otherTeacher.email, f.student.email]) {
      const c = await f.client(email);
      expect((await c.get(path)).status).toBe(403);
      expect((await c.post(path, { title: 'x', task: 'y', setupSql: 'z', referenceSql: 'w' })).status).toBe(
        403,
      );
      expect(await (await c.get(`/learn/labs/${f.lab.id}`)).text()).not.toContain(path);
    }
    expect((await (await f.client()).get(path)).status).toBe(401);
  });
});

describe('missing-word practice questions', () => {
  it('take the answer inside the sentence and score it', async () => {
    const f = await setUp();
    const { question } = await createQuestion(
      t.db,
      {
        name: '默认端口',
        text: 'PostgreSQL 默认监听 {{blank}} 端口。',
        textFormat: 'plain',
        generalFeedback: '',
        explanation: 'GAP_EXPLANATION',
        defaultMark: 1,
        body: {
          type: 'single_choice',
          shuffle: false,
          choices: [
            { id: 'a', text: '5432', fraction: 1, feedback: 'GAP_FEEDBACK_RIGHT' },
            { id: 'b', text: '3306', fraction: 0, feedback: '' },
          ],
        },
        category: ['PostgreSQL'],
        tags: [],
        idNumber: null,
        difficulty: 1,
      },
      { actorId: f.teacher.id, ip: null },
      'reviewed',
    );
    const teacher = await f.client(f.teacher.email);
    const lessonPath = `/learn/lessons/${f.lessons[0].id}`;
    expect(
      (
        await teacher.post(`${lessonPath}/edit`, {
          title: f.lessons[0].title,
          body: 'x',
          questionIds: question.id,
        })
      ).status,
    ).toBe(303);
    const c = await enrolled(f);
    const page = await (await c.get(lessonPath)).text();
    expect(page).toContain(
      `<div class="prose" data-gap="inline">PostgreSQL 默认监听 <select name="q_${question.id}" class="gap-control" aria-label="你的答案"><option value="">请选择</option><option value="a">5432</option><option value="b">3306</option></select> 端口。</div>`,
    );
    expect(page).not.toContain('GAP_FEEDBACK_RIGHT');
    expect(page).not.toContain('GAP_EXPLANATION');
    const result = await (
      await c.post(`${lessonPath}/quiz`, { [`q_${question.id}`]: 'a' }, { 'hx-request': 'true' })
    ).text();
    expect(result).toContain('本次得分 100%');
  });
});

describe('deleting lessons and labs', () => {
  it('deletes what nobody has progress on, and refuses (409) once a student has any', async () => {
    const f = await setUp();
    const s = await enrolled(f);
    expect((await s.post(`/learn/lessons/${f.lessons[0].id}/complete`)).status).toBe(303);
    await s.post(`/learn/labs/${f.lab.id}/submit`, { sql: INNER_JOIN });
    const c = await f.client(f.teacher.email);
    expect(await (await c.get(`/learn/lessons/${f.lessons[1].id}/edit`)).text()).toContain(
      `action="/learn/lessons/${f.lessons[1].id}/delete"`,
    );

    const kept = await c.post(`/learn/lessons/${f.lessons[0].id}/delete`);
    expect(kept.status).toBe(409);
    expect(await kept.text()).toContain('已有学生的学习记录或提交，不能删除');
    expect((await c.post(`/learn/labs/${f.lab.id}/delete`)).status).toBe(409);
    expect((await c.get(`/learn/labs/${f.lab.id}`)).status).toBe(200);

    // Nobody has opened lesson 2's quiz or completed it: it goes, and the neighbours link up.
    for (const email of [f.otherTeacher.email, f.student.email])
      expect((await (await f.client(email)).post(`/learn/lessons/${f.lessons[1].id}/delete`)).status).toBe(
        403,
      );
    const gone = await c.post(`/learn/lessons/${f.lessons[1].id}/delete`);
    expect(gone.status).toBe(303);
    expect(gone.headers.get('location')).toBe(`/learn/courses/${DEMO_COURSE_SLUG}#lessons`);
    expect((await c.get(`/learn/lessons/${f.lessons[1].id}`)).status).toBe(404);
    expect(await (await c.get(`/learn/lessons/${f.lessons[0].id}`)).text()).toContain(
      `href="/learn/lessons/${f.lessons[2].id}"`,
    );
    expect(await auditActions(f.lessons[1].id)).toEqual(['learning.lesson_added', 'learning.lesson_deleted']);

    // A new lab without submissions can be deleted.
    const added = await c.post(`/learn/courses/${DEMO_COURSE_SLUG}/labs`, {
      title: '临时实验',
      task: 'x',
      setupSql: 'create table t (a int);',
      referenceSql: 'select a from t',
    });
    const labId = added.headers.get('location')!.split('/').pop()!;
    expect((await c.post(`/learn/labs/${labId}/delete`)).status).toBe(303);
    expect((await c.get(`/learn/labs/${labId}`)).status).toBe(404);
  });
});
