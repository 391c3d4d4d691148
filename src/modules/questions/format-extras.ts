/**
 * What GIFT and Moodle XML cannot say about a question (difficulty, explanation, rubric, a SQL
 * question's spec, shuffle, case sensitivity, our own choice ids…) travels beside it as a small
 * JSON object: a `// [gongjin:{…}]` comment in GIFT, a `<gongjin>` element in XML. Moodle ignores
 * both, and our own import reads them back, so an export → import round trip loses nothing.
 * See docs/decisions/0011-question-formats.md.
 */
import { z } from 'zod';
import {
  type BankQuestion,
  type MatchingPair,
  type NumericalAnswer,
  QUESTION_TYPES,
  type QuestionBody,
  SQL_STATEMENT_KINDS,
} from './types.ts';

const numericalAnswer = z.union([
  z.object({
    kind: z.literal('value'),
    value: z.number(),
    tolerance: z.number().min(0),
    fraction: z.number().min(-1).max(1),
    feedback: z.string(),
  }),
  z.object({
    kind: z.literal('range'),
    min: z.number(),
    max: z.number(),
    fraction: z.number().min(-1).max(1),
    feedback: z.string(),
  }),
]);

const extrasSchema = z.object({
  difficulty: z.number().int().min(1).max(5).optional(),
  explanation: z.string().optional(),
  generalFeedback: z.string().optional(),
  defaultMark: z.number().min(0).optional(),
  shuffle: z.boolean().optional(),
  caseSensitive: z.boolean().optional(),
  rubric: z.array(z.object({ criterion: z.string(), points: z.number() })).optional(),
  sql: z
    .object({
      setupSql: z.string(),
      referenceSql: z.string(),
      variants: z.array(z.string()),
      allowedKinds: z.array(z.enum(SQL_STATEMENT_KINDS)),
      checkSql: z.string(),
      compareColumnNames: z.boolean(),
      tolerance: z.number().min(0),
    })
    .optional(),
  /** The type, when the format's own notation would read as another one. */
  type: z.enum(QUESTION_TYPES).optional(),
  /** Choice or pair ids, when they are not the ones an import would give. */
  ids: z.array(z.string()).optional(),
  /** The exact text, when the format's notation cannot hold it (a blank at the very end). */
  text: z.string().optional(),
  /** Matching pairs whose prompt contains `->`, which GIFT cannot write. */
  pairs: z.array(z.object({ id: z.string(), prompt: z.string(), answer: z.string() })).optional(),
  /** Numerical answers, when Moodle XML (which has no ranges) cannot hold them exactly. */
  numerical: z.array(numericalAnswer).optional(),
});

export type Extras = z.infer<typeof extrasSchema>;

export const DEFAULT_DIFFICULTY = 3;

/** Moodle gives description items no mark; every other question is worth 1 by default. */
export const defaultMarkFor = (type: QuestionBody['type']) => (type === 'description' ? 0 : 1);

/** Ids an import gives to choices (a, b, c…) and matching pairs (p1, p2…). */
export const choiceId = (i: number) => (i < 26 ? String.fromCharCode(97 + i) : `c${i + 1}`);
export const pairId = (i: number) => `p${i + 1}`;

/** Parses the JSON of an extras comment or element; null when it is not valid. */
export function readExtras(json: string): Extras | null {
  let value: unknown;
  try {
    value = JSON.parse(json);
  } catch {
    return null;
  }
  const parsed = extrasSchema.safeParse(value);
  return parsed.success ? parsed.data : null;
}

/** Extras every format needs: fields neither GIFT nor Moodle XML has a place for. */
export function commonExtras(q: BankQuestion): Extras {
  const x: Extras = {};
  if (q.difficulty !== DEFAULT_DIFFICULTY) x.difficulty = q.difficulty;
  if (q.explanation !== '') x.explanation = q.explanation;
  if (q.defaultMark !== defaultMarkFor(q.body.type)) x.defaultMark = q.defaultMark;
  const b = q.body;
  if ((b.type === 'single_choice' || b.type === 'multiple_choice' || b.type === 'matching') && !b.shuffle)
    x.shuffle = false;
  if (b.type === 'short_answer' && b.caseSensitive) x.caseSensitive = true;
  if (b.type === 'essay' && b.rubric.length > 0) x.rubric = b.rubric;
  if (b.type === 'sql') {
    x.type = 'sql';
    x.sql = b.sql;
  }
  const ids =
    b.type === 'single_choice' || b.type === 'multiple_choice'
      ? b.choices.map((c) => c.id)
      : b.type === 'matching'
        ? b.pairs.map((p) => p.id)
        : [];
  const canonical = b.type === 'matching' ? pairId : choiceId;
  if (ids.some((id, i) => id !== canonical(i))) x.ids = ids;
  return x;
}

/** Applies the extras read back to a question an import built from the format's own notation. */
export function applyExtras(q: BankQuestion, x: Extras): BankQuestion {
  const out: BankQuestion = { ...q };
  if (x.difficulty !== undefined) out.difficulty = x.difficulty;
  if (x.explanation !== undefined) out.explanation = x.explanation;
  if (x.defaultMark !== undefined) out.defaultMark = x.defaultMark;
  if (x.text !== undefined) out.text = x.text;
  if (x.generalFeedback !== undefined) out.generalFeedback = x.generalFeedback;
  let b = out.body;
  if (x.sql && (b.type === 'essay' || b.type === 'sql')) b = { type: 'sql', sql: x.sql };
  if (b.type === 'essay' && x.rubric) b = { ...b, rubric: x.rubric };
  if (b.type === 'matching' && x.pairs) b = { ...b, pairs: x.pairs as MatchingPair[] };
  if (b.type === 'numerical' && x.numerical) b = { ...b, answers: x.numerical as NumericalAnswer[] };
  if ((b.type === 'single_choice' || b.type === 'multiple_choice') && x.ids?.length === b.choices.length) {
    const ids = x.ids;
    b = { ...b, choices: b.choices.map((c, i) => ({ ...c, id: ids[i] })) };
  }
  if (b.type === 'matching' && x.ids?.length === b.pairs.length) {
    const ids = x.ids;
    b = { ...b, pairs: b.pairs.map((p, i) => ({ ...p, id: ids[i] })) };
  }
  if ((b.type === 'single_choice' || b.type === 'multiple_choice') && x.type) {
    if (x.type === 'single_choice' || x.type === 'multiple_choice') b = { ...b, type: x.type };
  }
  if (
    (b.type === 'single_choice' || b.type === 'multiple_choice' || b.type === 'matching') &&
    x.shuffle !== undefined
  )
    b = { ...b, shuffle: x.shuffle };
  if (b.type === 'short_answer' && x.caseSensitive !== undefined)
    b = { ...b, caseSensitive: x.caseSensitive };
  out.body = b;
  return out;
}

/** Drops undefined members so that an empty extras object is recognisable. */
export const isEmpty = (x: Extras) => Object.values(x).every((v) => v === undefined);

/** Fractions are kept to 7 decimals, as Moodle stores them. */
export const roundFraction = (f: number) => Math.round(f * 1e7) / 1e7;
/** A fraction as a GIFT/XML percentage (0.5 → "50"). */
export const percent = (f: number) => String(Math.round(f * 1e9) / 1e7);

/** The catch-all numerical answer (GIFT `~#…`, XML answer `*`): any number, with feedback. */
export const isCatchAll = (a: NumericalAnswer) =>
  a.kind === 'range' && a.min === -Number.MAX_VALUE && a.max === Number.MAX_VALUE && a.fraction === 0;
export const catchAll = (feedback: string): NumericalAnswer => ({
  kind: 'range',
  min: -Number.MAX_VALUE,
  max: Number.MAX_VALUE,
  fraction: 0,
  feedback,
});

/** A strict decimal number (no hex, no Infinity, no empty string). */
export function strictNumber(s: string): number | null {
  const t = s.trim();
  if (!/^[-+]?(\d+\.?\d*|\.\d+)(e[-+]?\d+)?$/i.test(t)) return null;
  const n = Number(t);
  return Number.isFinite(n) ? n : null;
}

/** A default name from the text, as Moodle makes one when a question has none. */
export function defaultName(text: string): string {
  const plain = text
    .replaceAll('{{blank}}', '_____')
    .replace(/<[^>]*>/g, ' ')
    .replace(/\s+/g, ' ')
    .trim();
  return Array.from(plain).slice(0, 50).join('');
}
