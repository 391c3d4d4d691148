/**
 * The demo question bank: the PostgreSQL 初级 GIFT file imported through the same path a teacher's
 * upload takes, plus two SQL questions on a small employees/departments schema with hidden variants
 * (NULLs, ties, an empty department) — all reviewed, so that exams can draw them at once.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { Db } from '../../db/client.ts';
import { translator } from '../../platform/i18n.ts';
import { FORMATS } from './formats.ts';
import { createQuestion, importQuestions } from './service.ts';
import type { BankQuestion } from './types.ts';

export const DEMO_GIFT = path.join(import.meta.dirname, 'fixtures', 'postgresql-basics.gift');

const SCHEMA = `CREATE TABLE departments (id int PRIMARY KEY, name text NOT NULL);
CREATE TABLE employees (
  id int PRIMARY KEY,
  name text NOT NULL,
  department_id int REFERENCES departments(id),
  salary numeric(10, 2)
);
INSERT INTO departments VALUES (1, '研发部'), (2, '市场部'), (3, '财务部');
INSERT INTO employees VALUES
  (1, '张伟', 1, 18000), (2, '王芳', 1, 22000), (3, '李娜', 2, 15000),
  (4, '刘强', 2, 12000), (5, '陈静', 3, 16000);`;

const sqlQuestion = (q: Omit<BankQuestion, 'textFormat' | 'generalFeedback' | 'defaultMark' | 'category'>) =>
  ({
    textFormat: 'markdown',
    generalFeedback: '',
    defaultMark: 2,
    category: ['PostgreSQL', '初级', 'SQL 实操'],
    ...q,
  }) as BankQuestion;

export const DEMO_SQL_QUESTIONS: BankQuestion[] = [
  sqlQuestion({
    name: '各部门平均工资',
    text: '查询每个部门的名称和平均工资（列名 `name`、`avg_salary`），没有员工的部门不显示，按平均工资从高到低排序。',
    explanation: '用 `JOIN` 连接两表后 `GROUP BY` 部门，再 `ORDER BY avg(salary) DESC`。',
    idNumber: 'PG-LAB-001',
    tags: ['SQL', '聚合'],
    difficulty: 2,
    body: {
      type: 'sql',
      sql: {
        setupSql: SCHEMA,
        referenceSql: `SELECT d.name, avg(e.salary) AS avg_salary
FROM departments d JOIN employees e ON e.department_id = d.id
GROUP BY d.name
ORDER BY avg_salary DESC;`,
        variants: [
          // An empty department and a NULL salary: avg ignores NULLs, inner join drops the empty one.
          "INSERT INTO departments VALUES (4, '法务部');\nINSERT INTO employees VALUES (6, '周杰', 3, NULL);",
          // Ties in the ordering.
          'UPDATE employees SET salary = 20000;',
        ],
        allowedKinds: ['select'],
        checkSql: '',
        compareColumnNames: true,
        tolerance: 0.01,
      },
    },
  }),
  sqlQuestion({
    name: '没有部门的员工',
    text: '查询没有分配部门的员工姓名（列 `name`），按员工编号排序。',
    explanation: '`department_id IS NULL`；注意不能写成 `= NULL`。',
    idNumber: 'PG-LAB-002',
    tags: ['SQL', 'NULL'],
    difficulty: 1,
    body: {
      type: 'sql',
      sql: {
        setupSql: `${SCHEMA}\nINSERT INTO employees VALUES (7, '赵敏', NULL, 9000);`,
        referenceSql: 'SELECT name FROM employees WHERE department_id IS NULL ORDER BY id;',
        variants: [
          "INSERT INTO employees VALUES (8, '孙丽', NULL, NULL), (9, '钱进', NULL, 8000);",
          'UPDATE employees SET department_id = 1 WHERE department_id IS NULL;',
        ],
        allowedKinds: ['select'],
        checkSql: '',
        compareColumnNames: false,
        tolerance: 0,
      },
    },
  }),
];

/**
 * Imports the demo PostgreSQL question bank, reviewed, authored by `authorId`, into the bank of
 * `orgId` (null: the platform's). Returns how many.
 */
export async function seedDemoQuestionBank(
  db: Db,
  authorId: string | null,
  orgId: string | null,
): Promise<number> {
  const gift = FORMATS.gift;
  if (!gift) throw new Error('GIFT format missing');
  const text = readFileSync(DEMO_GIFT, 'utf8');
  const parsed = gift.parse(text);
  if (parsed.problems.length > 0)
    throw new Error(`demo GIFT file has problems: ${JSON.stringify(parsed.problems)}`);
  const outcome = await importQuestions(
    db,
    parsed.questions.map((q) => ({ question: q, line: gift.lineOf(text, q) })),
    [],
    { actorId: authorId, ip: null, orgId, status: 'reviewed' },
    translator('zh-CN'),
  );
  if (!outcome.ok) throw new Error(`demo import failed: ${JSON.stringify(outcome.problems)}`);
  for (const q of DEMO_SQL_QUESTIONS)
    await createQuestion(db, q, { actorId: authorId, ip: null, orgId }, 'reviewed');
  return outcome.imported.length + DEMO_SQL_QUESTIONS.length;
}
