/**
 * The demo course: PostgreSQL 初级 "SQL 查询入门" with four lessons (SELECT, WHERE, JOIN,
 * GROUP BY), practice questions from the bank and a SQL lab on an employees/departments schema
 * whose hidden variant (a department with nobody in it) fails an inner join. Loaded through the
 * same services teachers use.
 */
import type { Db } from '../../db/client.ts';
import { createQuestion } from '../questions/service.ts';
import type { BankQuestion, SqlSpec } from '../questions/types.ts';
import { addLab, addLesson, createCourse, enrol, ensureTrack, type Info } from './service.ts';

export const DEMO_COURSE_SLUG = 'pg-sql-basics';

export const DEMO_SETUP_SQL = `CREATE TABLE departments (
  id   integer PRIMARY KEY,
  name text NOT NULL
);
CREATE TABLE employees (
  id      integer PRIMARY KEY,
  name    text NOT NULL,
  dept_id integer REFERENCES departments(id),
  salary  numeric(10,2),
  hired   date NOT NULL
);
INSERT INTO departments VALUES (1, '研发部'), (2, '市场部'), (3, '财务部');
INSERT INTO employees VALUES
  (1, '王芳', 1, 18000, '2021-03-01'),
  (2, '李雷', 1, 15000, '2022-07-15'),
  (3, '韩梅梅', 2, 12000, '2020-11-20'),
  (4, '张伟', 2, 9500, '2023-02-01'),
  (5, '刘洋', 3, 11000, '2019-05-10'),
  (6, '陈静', 1, 21000, '2018-09-03');`;

const LESSONS = [
  {
    title: '第 1 课：用 SELECT 查询数据',
    body: `SQL 用 **SELECT** 从表中取出数据。最简单的查询取出一张表的所有列：

\`\`\`sql
SELECT * FROM employees;
\`\`\`

实际工作中应只取需要的列，这样返回的数据更少，也不会因为表增加了列而改变结果：

\`\`\`sql
SELECT name, salary FROM employees;
\`\`\`

## 别名与表达式

可以用 **AS** 给列起别名，也可以在 SELECT 中计算：

\`\`\`sql
SELECT name AS 姓名, salary * 12 AS 年薪 FROM employees;
\`\`\`

## 排序与限制行数

关系表中的行没有固定顺序。需要顺序时必须写 **ORDER BY**，DESC 表示降序；**LIMIT** 限制返回的行数：

\`\`\`sql
SELECT name, salary FROM employees ORDER BY salary DESC LIMIT 3;
\`\`\`

没有 ORDER BY 时，同一个查询两次返回的顺序可能不同。`,
  },
  {
    title: '第 2 课：用 WHERE 过滤行',
    body: `**WHERE** 子句只保留满足条件的行：

\`\`\`sql
SELECT name, salary FROM employees WHERE salary > 12000;
\`\`\`

条件可以用 **AND**、**OR**、**NOT** 组合，用括号明确优先级。常用的谓词还有 **BETWEEN**、**IN** 和 **LIKE**：

\`\`\`sql
SELECT name FROM employees
WHERE dept_id IN (1, 2) AND hired BETWEEN '2020-01-01' AND '2022-12-31';
SELECT name FROM employees WHERE name LIKE '王%';
\`\`\`

## NULL 的比较

NULL 表示"未知"，它和任何值比较（包括 NULL 本身）的结果都是未知，所以 \`salary = NULL\` 永远不成立。判断空值要用 **IS NULL** 或 **IS NOT NULL**：

\`\`\`sql
SELECT name FROM employees WHERE salary IS NULL;
\`\`\`

注意：空字符串 '' 不是 NULL。`,
  },
  {
    title: '第 3 课：用 JOIN 连接多张表',
    body: `员工表只保存部门编号 dept_id，部门名称在 departments 表中。**JOIN** 按条件把两张表的行连起来：

\`\`\`sql
SELECT e.name, d.name AS 部门
FROM employees e
JOIN departments d ON d.id = e.dept_id;
\`\`\`

## 内连接与外连接

**INNER JOIN**（简写 JOIN）只保留两边都匹配的行：没有员工的部门、没有部门的员工都不会出现。

**LEFT JOIN** 保留左表的所有行，右表没有匹配时对应列为 NULL。统计"每个部门有多少员工"时，如果要包括没有员工的部门，就要从部门表出发做左连接：

\`\`\`sql
SELECT d.name, e.name
FROM departments d
LEFT JOIN employees e ON e.dept_id = d.id;
\`\`\`

连接条件写在 ON 中；过滤条件写在 WHERE 中。对左连接的右表加 WHERE 条件，会把外连接变回内连接。`,
  },
  {
    title: '第 4 课：GROUP BY 分组与聚合',
    body: `聚合函数把多行汇总成一个值：**count**、**sum**、**avg**、**min**、**max**。

\`\`\`sql
SELECT count(*), avg(salary) FROM employees;
\`\`\`

## 分组

**GROUP BY** 把行按列的值分组，每组输出一行。SELECT 中的非聚合列必须出现在 GROUP BY 中：

\`\`\`sql
SELECT dept_id, count(*) AS 人数, avg(salary) AS 平均工资
FROM employees
GROUP BY dept_id;
\`\`\`

## count(*) 与 count(列)

count(*) 统计行数；count(列) 只统计该列不为 NULL 的行。和 LEFT JOIN 一起使用时，要数右表的列，例如 count(e.id)，这样没有员工的部门得到 0 而不是 1。avg、sum 等聚合函数也会忽略 NULL。

## HAVING

WHERE 在分组前过滤行，**HAVING** 在分组后过滤组：

\`\`\`sql
SELECT dept_id, avg(salary) FROM employees
GROUP BY dept_id HAVING avg(salary) > 12000;
\`\`\``,
  },
];

const QUESTIONS: BankQuestion[] = [
  {
    name: 'NULL 的判断',
    text: '要查出工资为空的员工，应该使用哪个条件？',
    textFormat: 'markdown',
    generalFeedback: '',
    explanation: 'NULL 和任何值比较的结果都是未知，所以 `salary = NULL` 永远不成立；判断空值要用 `IS NULL`。',
    defaultMark: 1,
    body: {
      type: 'single_choice',
      shuffle: false,
      choices: [
        {
          id: 'a',
          text: '`salary = NULL`',
          fraction: 0,
          feedback: '与 NULL 用 = 比较的结果是未知，不会返回任何行。',
        },
        { id: 'b', text: '`salary IS NULL`', fraction: 1, feedback: '' },
        { id: 'c', text: "`salary = ''`", fraction: 0, feedback: "空字符串 '' 不是 NULL。" },
      ],
    },
    category: ['PostgreSQL', '初级', 'SQL 查询'],
    tags: ['where', 'null'],
    idNumber: 'demo-learn-null',
    difficulty: 1,
  },
  {
    name: '左连接',
    text: '统计每个部门的员工人数并且包括没有员工的部门，应使用哪种连接？',
    textFormat: 'markdown',
    generalFeedback: '',
    explanation: '从部门表出发做 LEFT JOIN 可以保留没有员工的部门；再用 count(e.id) 计数，这些部门得到 0。',
    defaultMark: 1,
    body: {
      type: 'single_choice',
      shuffle: false,
      choices: [
        { id: 'a', text: 'INNER JOIN', fraction: 0, feedback: '内连接会丢掉没有员工的部门。' },
        { id: 'b', text: 'departments LEFT JOIN employees', fraction: 1, feedback: '' },
        { id: 'c', text: 'CROSS JOIN', fraction: 0, feedback: '交叉连接产生所有组合，不按部门匹配。' },
      ],
    },
    category: ['PostgreSQL', '初级', 'SQL 查询'],
    tags: ['join'],
    idNumber: 'demo-learn-left-join',
    difficulty: 2,
  },
  {
    name: 'count 与 NULL',
    text: 'count(salary) 会把 salary 为 NULL 的行也计算在内。',
    textFormat: 'markdown',
    generalFeedback: '',
    explanation: 'count(列) 只统计该列不为 NULL 的行；count(*) 才统计所有行。',
    defaultMark: 1,
    body: { type: 'true_false', correct: false, feedbackTrue: '', feedbackFalse: '' },
    category: ['PostgreSQL', '初级', 'SQL 查询'],
    tags: ['group-by', 'null'],
    idNumber: 'demo-learn-count-null',
    difficulty: 2,
  },
];

export const DEMO_LAB_SPEC: SqlSpec = {
  setupSql: DEMO_SETUP_SQL,
  referenceSql: `SELECT d.name, count(e.id) AS headcount
FROM departments d
LEFT JOIN employees e ON e.dept_id = d.id
GROUP BY d.id, d.name
ORDER BY d.id;`,
  // A department nobody works in yet, and an employee whose salary is unknown.
  variants: [
    "INSERT INTO departments VALUES (4, '法务部');\nINSERT INTO employees VALUES (7, '赵磊', 3, NULL, '2024-01-02');",
  ],
  allowedKinds: ['select'],
  checkSql: '',
  compareColumnNames: false,
  tolerance: 0,
};

/** Loads the demo course; `studentIds` are enrolled. Returns the course and its parts. */
export async function seedLearningDemo(
  db: Db,
  opts: { teacherId: string; studentIds: string[]; info: Info },
) {
  const { info } = opts;
  const track = await ensureTrack(
    db,
    { slug: 'postgresql', title: 'PostgreSQL', description: '从 SQL 入门到运维与调优：初级、中级、高级。' },
    info,
  );
  const course = await createCourse(
    db,
    {
      slug: DEMO_COURSE_SLUG,
      trackId: track.id,
      level: 'beginner',
      title: 'SQL 查询入门',
      summary: 'SELECT、WHERE、JOIN 和 GROUP BY：在浏览器里直接练习 PostgreSQL 查询。',
    },
    opts.teacherId,
    info,
  );
  const questionIds: string[] = [];
  for (const q of QUESTIONS) {
    const { question } = await createQuestion(db, q, { ...info, actorId: opts.teacherId }, 'reviewed');
    questionIds.push(question.id);
  }
  const practice: Record<number, string[]> = {
    1: [questionIds[0]],
    2: [questionIds[1]],
    3: [questionIds[2]],
  };
  const lessons = [];
  for (const [i, l] of LESSONS.entries())
    lessons.push(await addLesson(db, course.id, { ...l, questionIds: practice[i] ?? [] }, info));
  const lab = await addLab(
    db,
    course.id,
    {
      title: '实验：每个部门的人数',
      task: `列出**每个部门**的名称和员工人数（列名 headcount），**包括还没有员工的部门**（人数为 0），按部门编号排序。

表结构：departments(id, name)，employees(id, name, dept_id, salary, hired)。先点"运行"在浏览器里试，满意后"提交评分"。`,
      spec: DEMO_LAB_SPEC,
    },
    // The expected rows are computed by the grader the first time the lab is opened.
    null,
    info,
  );
  for (const id of opts.studentIds) await enrol(db, course.id, id, info);
  return { track, course, lessons, lab, questionIds };
}
