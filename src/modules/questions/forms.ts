/**
 * The authoring form of every question type, as flat form fields: rows of choices, answers, pairs,
 * rubric criteria and SQL variants are numbered fields (`choice_0_text`, `choice_0_weight` …) so
 * that the form works without JavaScript — a "more rows" button re-renders it with blank rows.
 * `parseQuestionForm` turns the fields into question content with catalogue-keyed field errors;
 * `questionValues` turns a stored question back into fields for the edit form.
 */
import type { MessageKey } from '../../i18n/index.ts';
import type { FieldErrors, FormValues } from '../../platform/forms.ts';
import { isUuid } from '../../platform/request.ts';
import type { QuestionMeta } from './service.ts';
import {
  type Choice,
  type MatchingPair,
  type NumericalAnswer,
  type QuestionBody,
  type QuestionContent,
  type QuestionType,
  type RubricCriterion,
  type ShortAnswer,
  SQL_STATEMENT_KINDS,
  type SqlStatementKind,
  TEXT_FORMATS,
  type TextFormat,
} from './types.ts';

/** Row groups per type, with how many blank rows a new form shows. */
export const ROW_GROUPS = {
  choice: 5,
  answer: 3,
  num: 2,
  pair: 4,
  rubric: 3,
  variant: 2,
} as const;
export type RowGroup = keyof typeof ROW_GROUPS;
/** Rows the "more rows" button adds. */
export const MORE_ROWS = 3;
const MAX_ROWS = 50;

export const groupOf = (type: QuestionType): RowGroup | null =>
  ({
    single_choice: 'choice',
    multiple_choice: 'choice',
    short_answer: 'answer',
    numerical: 'num',
    matching: 'pair',
    essay: 'rubric',
    sql: 'variant',
    true_false: null,
    description: null,
  })[type] as RowGroup | null;

/** How many rows of a group the form shows: the `<group>_rows` field, at least the default. */
export function rowCount(values: FormValues, group: RowGroup): number {
  const n = Number.parseInt(values[`${group}_rows`] ?? '', 10);
  return Math.min(MAX_ROWS, Number.isFinite(n) && n > 0 ? n : ROW_GROUPS[group]);
}

type Parsed = { ok: true; content: QuestionContent; meta: QuestionMeta } | { ok: false; errors: FieldErrors };

const str = (v: FormValues, k: string) => (v[k] ?? '').replace(/\r\n/g, '\n');
const trimmed = (v: FormValues, k: string) => str(v, k).trim();
const checked = (v: FormValues, k: string) => v[k] === 'on' || v[k] === '1' || v[k] === 'true';

/** A decimal number as a phone types it (full-width digits, a decimal comma); null if not one. */
function num(text: string): number | null {
  const s = text.normalize('NFKC').trim().replace(/,/, '.');
  if (!/^[-+]?(\d+\.?\d*|\.\d+)(e[-+]?\d+)?$/i.test(s)) return null;
  const n = Number(s);
  return Number.isFinite(n) ? n : null;
}

export function parseTags(text: string): string[] {
  return [
    ...new Set(
      text
        .normalize('NFKC')
        .split(/[,，、;；\s]+/)
        .map((x) => x.trim())
        .filter(Boolean),
    ),
  ];
}

export function parseQuestionForm(type: QuestionType, v: FormValues): Parsed {
  const errors: FieldErrors = {};
  const fail = (field: string, key: MessageKey) => {
    errors[field] ??= key;
  };

  const name = trimmed(v, 'name');
  if (!name) fail('name', 'questions.form.required');
  else if (name.length > 200) fail('name', 'questions.form.tooLong');
  const text = str(v, 'text').trim();
  if (!text) fail('text', 'questions.form.required');
  const textFormat = (TEXT_FORMATS as readonly string[]).includes(v.textFormat ?? '')
    ? (v.textFormat as TextFormat)
    : 'markdown';
  const defaultMark = type === 'description' ? 0 : num(v.defaultMark ?? '1');
  if (defaultMark === null || defaultMark < 0) fail('defaultMark', 'questions.form.markInvalid');
  const difficulty = Number(v.difficulty);
  if (!Number.isInteger(difficulty) || difficulty < 1 || difficulty > 5)
    fail('difficulty', 'questions.form.difficulty');
  const categoryId = v.categoryId ?? '';
  if (!isUuid(categoryId)) fail('categoryId', 'questions.category_required');
  const idNumber = trimmed(v, 'idNumber') || null;
  if (idNumber && idNumber.length > 100) fail('idNumber', 'questions.form.tooLong');

  const weight = (field: string, min = -100): number => {
    const raw = trimmed(v, field);
    if (raw === '') return 0;
    const n = num(raw.replace(/%$/, ''));
    if (n === null) {
      fail(field, 'questions.form.number');
      return 0;
    }
    if (n < min || n > 100)
      fail(field, min < 0 ? 'questions.form.weightRange' : 'questions.form.weightRangePositive');
    return n / 100;
  };
  const rows = (group: RowGroup) => [...Array(rowCount(v, group)).keys()];

  let body: QuestionBody | null = null;
  switch (type) {
    case 'single_choice':
    case 'multiple_choice': {
      const used = new Set<string>();
      const choices: Choice[] = [];
      for (const i of rows('choice')) {
        const choiceText = str(v, `choice_${i}_text`).trim();
        const w = weight(`choice_${i}_weight`);
        if (!choiceText) continue;
        let id = trimmed(v, `choice_${i}_id`);
        if (!id || used.has(id)) id = '';
        if (id) used.add(id);
        choices.push({ id, text: choiceText, fraction: w, feedback: str(v, `choice_${i}_feedback`).trim() });
      }
      let next = 1;
      for (const c of choices) {
        if (c.id) continue;
        while (used.has(`c${next}`)) next++;
        c.id = `c${next}`;
        used.add(c.id);
      }
      if (choices.length < 2) fail('choices', 'questions.form.needChoices');
      else if (type === 'single_choice' && !choices.some((c) => c.fraction === 1))
        fail('choices', 'questions.form.needFullMark');
      else if (type === 'multiple_choice') {
        const positive = choices.filter((c) => c.fraction > 0).reduce((a, c) => a + c.fraction, 0);
        if (Math.abs(positive - 1) > 1e-6) fail('choices', 'questions.form.multiSum');
      }
      body = { type, choices, shuffle: checked(v, 'shuffle') };
      break;
    }
    case 'true_false':
      if (v.correct !== 'true' && v.correct !== 'false') fail('correct', 'questions.form.required');
      body = {
        type,
        correct: v.correct === 'true',
        feedbackTrue: str(v, 'feedbackTrue').trim(),
        feedbackFalse: str(v, 'feedbackFalse').trim(),
      };
      break;
    case 'short_answer': {
      const answers: ShortAnswer[] = [];
      for (const i of rows('answer')) {
        const t = str(v, `answer_${i}_text`).trim();
        const w = weight(`answer_${i}_weight`, 0);
        if (t) answers.push({ text: t, fraction: w, feedback: str(v, `answer_${i}_feedback`).trim() });
      }
      if (!answers.some((a) => a.fraction === 1)) fail('answers', 'questions.form.needFullMark');
      body = { type, answers, caseSensitive: checked(v, 'caseSensitive') };
      break;
    }
    case 'numerical': {
      const answers: NumericalAnswer[] = [];
      for (const i of rows('num')) {
        const kind = v[`num_${i}_kind`] === 'range' ? 'range' : 'value';
        const feedback = str(v, `num_${i}_feedback`).trim();
        const w = weight(`num_${i}_weight`, 0);
        if (kind === 'value') {
          const raw = trimmed(v, `num_${i}_value`);
          if (!raw) continue;
          const value = num(raw);
          const tolRaw = trimmed(v, `num_${i}_tolerance`);
          const tolerance = tolRaw === '' ? 0 : num(tolRaw);
          if (value === null) fail(`num_${i}_value`, 'questions.form.number');
          if (tolerance === null) fail(`num_${i}_tolerance`, 'questions.form.number');
          else if (tolerance < 0) fail(`num_${i}_tolerance`, 'questions.form.toleranceNegative');
          answers.push({ kind, value: value ?? 0, tolerance: tolerance ?? 0, fraction: w, feedback });
        } else {
          const minRaw = trimmed(v, `num_${i}_min`);
          const maxRaw = trimmed(v, `num_${i}_max`);
          if (!minRaw && !maxRaw) continue;
          const min = num(minRaw);
          const max = num(maxRaw);
          if (min === null) fail(`num_${i}_min`, 'questions.form.number');
          if (max === null) fail(`num_${i}_max`, 'questions.form.number');
          if (min !== null && max !== null && min > max) fail(`num_${i}_max`, 'questions.form.rangeOrder');
          answers.push({ kind, min: min ?? 0, max: max ?? 0, fraction: w, feedback });
        }
      }
      if (!answers.some((a) => a.fraction === 1)) fail('answers', 'questions.form.needFullMark');
      body = { type, answers };
      break;
    }
    case 'matching': {
      const pairs: MatchingPair[] = [];
      const used = new Set<string>();
      for (const i of rows('pair')) {
        const prompt = str(v, `pair_${i}_prompt`).trim();
        const answer = str(v, `pair_${i}_answer`).trim();
        if (!prompt && !answer) continue;
        // A pair without a prompt is a distractor (Moodle): an extra wrong answer to choose from.
        if (!answer) fail(`pair_${i}_answer`, 'questions.form.required');
        let id = trimmed(v, `pair_${i}_id`);
        if (!id || used.has(id)) id = '';
        if (id) used.add(id);
        pairs.push({ id, prompt, answer });
      }
      let next = 1;
      for (const p of pairs) {
        if (p.id) continue;
        while (used.has(`p${next}`)) next++;
        p.id = `p${next}`;
        used.add(p.id);
      }
      if (pairs.filter((p) => p.prompt).length < 2) fail('pairs', 'questions.form.needPairs');
      body = { type, pairs, shuffle: checked(v, 'shuffle') };
      break;
    }
    case 'essay': {
      const rubric: RubricCriterion[] = [];
      for (const i of rows('rubric')) {
        const criterion = str(v, `rubric_${i}_criterion`).trim();
        if (!criterion) continue;
        const points = num(trimmed(v, `rubric_${i}_points`));
        if (points === null || points <= 0) fail(`rubric_${i}_points`, 'questions.form.pointsPositive');
        rubric.push({ criterion, points: points ?? 0 });
      }
      body = { type, rubric };
      break;
    }
    case 'sql': {
      const setupSql = str(v, 'setupSql').trim();
      const referenceSql = str(v, 'referenceSql').trim();
      if (!referenceSql) fail('referenceSql', 'questions.form.required');
      const variants = rows('variant')
        .map((i) => str(v, `variant_${i}`).trim())
        .filter(Boolean);
      const allowedKinds = SQL_STATEMENT_KINDS.filter((k) => checked(v, `kind_${k}`)) as SqlStatementKind[];
      if (allowedKinds.length === 0) fail('allowedKinds', 'questions.form.sqlKinds');
      const checkSql = str(v, 'checkSql').trim();
      if (allowedKinds.some((k) => k !== 'select') && !checkSql)
        fail('checkSql', 'questions.form.checkSqlNeeded');
      const tolRaw = trimmed(v, 'tolerance');
      const tolerance = tolRaw === '' ? 0 : num(tolRaw);
      if (tolerance === null) fail('tolerance', 'questions.form.number');
      else if (tolerance < 0) fail('tolerance', 'questions.form.toleranceNegative');
      body = {
        type,
        sql: {
          setupSql,
          referenceSql,
          variants,
          allowedKinds,
          checkSql,
          compareColumnNames: checked(v, 'compareColumnNames'),
          tolerance: tolerance ?? 0,
        },
      };
      break;
    }
    case 'description':
      body = { type };
      break;
  }
  if (Object.keys(errors).length > 0 || !body) return { ok: false, errors };
  return {
    ok: true,
    content: {
      name,
      text,
      textFormat,
      generalFeedback: str(v, 'generalFeedback').trim(),
      explanation: str(v, 'explanation').trim(),
      defaultMark: defaultMark ?? 1,
      body,
    },
    meta: { categoryId, tags: parseTags(v.tags ?? ''), difficulty, idNumber },
  };
}

const pct = (fraction: number) => String(Math.round(fraction * 1e5) / 1e3);

/** A stored question as form fields (the inverse of parseQuestionForm). */
export function questionValues(content: QuestionContent, meta: QuestionMeta): FormValues {
  const v: FormValues = {
    name: content.name,
    text: content.text,
    textFormat: content.textFormat,
    generalFeedback: content.generalFeedback,
    explanation: content.explanation,
    defaultMark: String(content.defaultMark),
    categoryId: meta.categoryId,
    tags: meta.tags.join(', '),
    difficulty: String(meta.difficulty),
    idNumber: meta.idNumber ?? '',
  };
  const body = content.body;
  const setRows = (group: RowGroup, n: number) => {
    v[`${group}_rows`] = String(Math.max(n + 1, ROW_GROUPS[group]));
  };
  switch (body.type) {
    case 'single_choice':
    case 'multiple_choice':
      body.choices.forEach((c, i) => {
        v[`choice_${i}_id`] = c.id;
        v[`choice_${i}_text`] = c.text;
        v[`choice_${i}_weight`] = pct(c.fraction);
        v[`choice_${i}_feedback`] = c.feedback;
      });
      setRows('choice', body.choices.length);
      if (body.shuffle) v.shuffle = 'on';
      break;
    case 'true_false':
      v.correct = String(body.correct);
      v.feedbackTrue = body.feedbackTrue;
      v.feedbackFalse = body.feedbackFalse;
      break;
    case 'short_answer':
      body.answers.forEach((a, i) => {
        v[`answer_${i}_text`] = a.text;
        v[`answer_${i}_weight`] = pct(a.fraction);
        v[`answer_${i}_feedback`] = a.feedback;
      });
      setRows('answer', body.answers.length);
      if (body.caseSensitive) v.caseSensitive = 'on';
      break;
    case 'numerical':
      body.answers.forEach((a, i) => {
        v[`num_${i}_kind`] = a.kind;
        if (a.kind === 'value') {
          v[`num_${i}_value`] = String(a.value);
          v[`num_${i}_tolerance`] = String(a.tolerance);
        } else {
          v[`num_${i}_min`] = String(a.min);
          v[`num_${i}_max`] = String(a.max);
        }
        v[`num_${i}_weight`] = pct(a.fraction);
        v[`num_${i}_feedback`] = a.feedback;
      });
      setRows('num', body.answers.length);
      break;
    case 'matching':
      body.pairs.forEach((p, i) => {
        v[`pair_${i}_id`] = p.id;
        v[`pair_${i}_prompt`] = p.prompt;
        v[`pair_${i}_answer`] = p.answer;
      });
      setRows('pair', body.pairs.length);
      if (body.shuffle) v.shuffle = 'on';
      break;
    case 'essay':
      body.rubric.forEach((r, i) => {
        v[`rubric_${i}_criterion`] = r.criterion;
        v[`rubric_${i}_points`] = String(r.points);
      });
      setRows('rubric', body.rubric.length);
      break;
    case 'sql':
      v.setupSql = body.sql.setupSql;
      v.referenceSql = body.sql.referenceSql;
      body.sql.variants.forEach((s, i) => {
        v[`variant_${i}`] = s;
      });
      setRows('variant', body.sql.variants.length);
      for (const k of body.sql.allowedKinds) v[`kind_${k}`] = 'on';
      v.checkSql = body.sql.checkSql;
      if (body.sql.compareColumnNames) v.compareColumnNames = 'on';
      v.tolerance = String(body.sql.tolerance);
      break;
    case 'description':
      break;
  }
  return v;
}

/** Field values a new question of `type` starts with. */
export function blankValues(type: QuestionType, categoryId: string): FormValues {
  const v: FormValues = { textFormat: 'markdown', defaultMark: '1', difficulty: '3', categoryId };
  if (type === 'sql') v.kind_select = 'on';
  if (type === 'single_choice' || type === 'multiple_choice' || type === 'matching') v.shuffle = 'on';
  return v;
}
