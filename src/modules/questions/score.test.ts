import { describe, expect, it } from 'vitest';
import { parseNumber, publicQuestion, scoreResponse, shuffled } from './score.ts';
import type { QuestionBody, QuestionContent } from './types.ts';

const choices = [
  { id: 'a', text: 'PostgreSQL', fraction: 0.5, feedback: '对' },
  { id: 'b', text: 'openGauss', fraction: 0.5, feedback: '' },
  { id: 'c', text: 'Excel', fraction: -1, feedback: '不是数据库' },
];

describe('scoreResponse', () => {
  it('adds multiple-choice weights and clamps the total to 0..1', () => {
    const body: QuestionBody = { type: 'multiple_choice', choices, shuffle: false };
    expect(scoreResponse(body, { type: 'multiple_choice', choices: ['a', 'b'] }).fraction).toBe(1);
    expect(scoreResponse(body, { type: 'multiple_choice', choices: ['a'] })).toEqual({
      fraction: 0.5,
      feedback: ['对'],
    });
    expect(scoreResponse(body, { type: 'multiple_choice', choices: ['a', 'c'] }).fraction).toBe(0);
    expect(scoreResponse(body, { type: 'multiple_choice', choices: ['a', 'b', 'c'] }).fraction).toBe(0);
  });

  it('scores single choice and true/false', () => {
    const single: QuestionBody = {
      type: 'single_choice',
      choices: [
        { id: 'x', text: '1', fraction: 1, feedback: '' },
        { id: 'y', text: '2', fraction: 0, feedback: '再想想' },
      ],
      shuffle: true,
    };
    expect(scoreResponse(single, { type: 'single_choice', choice: 'x' }).fraction).toBe(1);
    expect(scoreResponse(single, { type: 'single_choice', choice: 'y' })).toEqual({
      fraction: 0,
      feedback: ['再想想'],
    });
    expect(scoreResponse(single, { type: 'single_choice', choice: null }).fraction).toBe(0);
    const tf: QuestionBody = { type: 'true_false', correct: false, feedbackTrue: '错了', feedbackFalse: '' };
    expect(scoreResponse(tf, { type: 'true_false', value: false }).fraction).toBe(1);
    expect(scoreResponse(tf, { type: 'true_false', value: true })).toEqual({
      fraction: 0,
      feedback: ['错了'],
    });
  });

  it('matches short answers ignoring case and extra spaces unless told otherwise, with wildcards', () => {
    const body: QuestionBody = {
      type: 'short_answer',
      caseSensitive: false,
      answers: [
        { text: 'VACUUM FULL', fraction: 1, feedback: '' },
        { text: 'vacuum*', fraction: 0.5, feedback: '部分正确' },
      ],
    };
    expect(scoreResponse(body, { type: 'short_answer', text: '  vacuum   full ' }).fraction).toBe(1);
    expect(scoreResponse(body, { type: 'short_answer', text: 'vacuum analyze' })).toEqual({
      fraction: 0.5,
      feedback: ['部分正确'],
    });
    expect(scoreResponse(body, { type: 'short_answer', text: '' }).fraction).toBe(0);
    expect(
      scoreResponse({ ...body, caseSensitive: true }, { type: 'short_answer', text: 'vacuum full' }).fraction,
    ).toBe(0.5);
  });

  it('accepts numbers within tolerance or range and keeps the best partial answer', () => {
    const body: QuestionBody = {
      type: 'numerical',
      answers: [
        { kind: 'value', value: 8192, tolerance: 0, fraction: 1, feedback: '' },
        { kind: 'range', min: 8000, max: 8200, fraction: 0.5, feedback: '接近' },
      ],
    };
    expect(scoreResponse(body, { type: 'numerical', text: '８１９２' }).fraction).toBe(1);
    expect(scoreResponse(body, { type: 'numerical', text: '8100' })).toEqual({
      fraction: 0.5,
      feedback: ['接近'],
    });
    expect(scoreResponse(body, { type: 'numerical', text: '9000' }).fraction).toBe(0);
    expect(scoreResponse(body, { type: 'numerical', text: 'abc' }).fraction).toBe(0);
  });

  it('gives matching credit per correct pair and leaves essays and SQL to others', () => {
    const body: QuestionBody = {
      type: 'matching',
      shuffle: true,
      pairs: [
        { id: 'p1', prompt: 'OLTP', answer: '事务' },
        { id: 'p2', prompt: 'OLAP', answer: '分析' },
      ],
    };
    expect(scoreResponse(body, { type: 'matching', answers: { p1: '事务', p2: '事务' } }).fraction).toBe(0.5);
    expect(scoreResponse({ type: 'essay', rubric: [] }, { type: 'essay', text: 'x' }).fraction).toBeNull();
  });
});

describe('parseNumber', () => {
  it('reads what phones type', () => {
    expect(parseNumber(' 3,5 ')).toBe(3.5);
    expect(parseNumber('1e3')).toBe(1000);
    expect(parseNumber('')).toBeNull();
    expect(parseNumber('1..2')).toBeNull();
  });
});

describe('publicQuestion', () => {
  const content: QuestionContent = {
    name: 'q',
    text: '哪些是数据库？',
    textFormat: 'moodle',
    generalFeedback: '总评',
    explanation: '解析',
    defaultMark: 2,
    body: { type: 'multiple_choice', choices, shuffle: true },
  };

  it('carries no fractions or feedback, and shuffles the same way for the same seed', () => {
    const view = publicQuestion(content, 42);
    const json = JSON.stringify(view);
    expect(json).not.toMatch(/fraction|feedback|解析|总评|不是数据库/);
    expect(view.choices?.map((c) => c.id).sort()).toEqual(['a', 'b', 'c']);
    expect(publicQuestion(content, 42)).toEqual(view);
    expect(shuffled([1, 2, 3, 4, 5, 6, 7, 8], 1)).not.toEqual(shuffled([1, 2, 3, 4, 5, 6, 7, 8], 2));
  });

  it('shows a SQL question its visible data but never the reference or the hidden variants', () => {
    const view = publicQuestion(
      {
        ...content,
        body: {
          type: 'sql',
          sql: {
            setupSql: 'create table t(x int);',
            referenceSql: 'select secret_ref from t',
            variants: ['insert into t values (999)'],
            allowedKinds: ['select'],
            checkSql: '',
            compareColumnNames: false,
            tolerance: 0,
          },
        },
      },
      1,
    );
    expect(view.setupSql).toBe('create table t(x int);');
    expect(JSON.stringify(view)).not.toMatch(/secret_ref|999/);
  });
});
