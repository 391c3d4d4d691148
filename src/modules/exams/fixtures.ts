/**
 * A small question bank for tests, the load benchmark and the browser test: one question of each
 * kind an exam can hold, whose answer keys carry SECRET markers so that a test can assert that no
 * response an attempt receives contains any of them.
 */
import type { Db } from '../../db/client.ts';
import { createQuestion } from '../questions/service.ts';
import type { BankQuestion } from '../questions/types.ts';

export const FIXTURE_CATEGORY = ['考试测试', '基础'];

/** Strings that only answer keys contain. */
export const SECRETS = [
  'SECRET_CHOICE_FEEDBACK',
  'SECRET_TF_FEEDBACK',
  'SECRET_ACCEPTED',
  'SECRET_SHORT_FEEDBACK',
  'SECRET_REFERENCE_SQL',
  'SECRET_VARIANT_SQL',
  'SECRET_RUBRIC',
  'SECRET_GENERAL_FEEDBACK',
  'SECRET_EXPLANATION',
] as const;

const base = {
  textFormat: 'plain' as const,
  generalFeedback: 'SECRET_GENERAL_FEEDBACK',
  explanation: 'SECRET_EXPLANATION 解析',
  defaultMark: 1,
  category: FIXTURE_CATEGORY,
  tags: ['基础'],
  difficulty: 2,
};

export function fixtureQuestions(): BankQuestion[] {
  return [
    {
      ...base,
      name: '默认端口',
      idNumber: 'fx-choice',
      text: 'PostgreSQL 默认监听哪个端口？',
      body: {
        type: 'single_choice',
        shuffle: true,
        choices: [
          { id: 'a', text: '5432', fraction: 1, feedback: 'SECRET_CHOICE_FEEDBACK 对' },
          { id: 'b', text: '3306', fraction: 0, feedback: 'SECRET_CHOICE_FEEDBACK 错' },
          { id: 'c', text: '1521', fraction: 0, feedback: '' },
        ],
      },
    },
    {
      ...base,
      name: 'MVCC',
      idNumber: 'fx-tf',
      text: 'PostgreSQL 使用 MVCC。',
      body: { type: 'true_false', correct: true, feedbackTrue: 'SECRET_TF_FEEDBACK', feedbackFalse: '' },
    },
    {
      ...base,
      name: '命令行工具',
      idNumber: 'fx-short',
      text: 'PostgreSQL 自带的交互式命令行工具叫什么？',
      body: {
        type: 'short_answer',
        caseSensitive: false,
        answers: [{ text: 'psql', fraction: 1, feedback: 'SECRET_SHORT_FEEDBACK' }],
      },
    },
    {
      ...base,
      name: '查询学生',
      idNumber: 'fx-sql',
      text: '查出所有学生的姓名，按姓名排序。',
      defaultMark: 2,
      body: {
        type: 'sql',
        sql: {
          setupSql: "create table students (id int, name text); insert into students values (1, '张三');",
          referenceSql: 'select name from students order by name -- SECRET_REFERENCE_SQL',
          variants: ['insert into students values (2, null) -- SECRET_VARIANT_SQL'],
          allowedKinds: ['select'],
          checkSql: '',
          compareColumnNames: false,
          tolerance: 0,
        },
      },
    },
    {
      ...base,
      name: '索引的代价',
      idNumber: 'fx-essay',
      text: '简述索引对写入性能的影响。',
      defaultMark: 2,
      body: { type: 'essay', rubric: [{ criterion: 'SECRET_RUBRIC 提到写放大', points: 2 }] },
    },
  ];
}

/** The first line is also kept literally in the accepted-answer list, so it must not be shown. */
export const ACCEPTED_ANSWER = 'psql';

/** The fixture questions, reviewed, in the bank of `orgId` (null: the platform's). */
export async function createFixtureBank(db: Db, orgId: string | null, questions = fixtureQuestions()) {
  const created = [];
  for (const q of questions)
    created.push(await createQuestion(db, q, { actorId: null, ip: null, orgId }, 'reviewed'));
  return created;
}

/** Blueprint text drawing every fixture question (in two sections). */
export const FIXTURE_BLUEPRINT = `## 客观题\n= fx-choice\n= fx-tf\n= fx-short\n## 实操与问答\n= fx-sql\n= fx-essay`;
