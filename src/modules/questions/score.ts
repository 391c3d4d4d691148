/**
 * Scoring a response against a question version's answer key, for every type that can be scored
 * on the spot (Moodle's rules: a multiple-choice total is clamped to 0..1; the best matching
 * short or numerical answer counts). Essays are scored by hand and SQL by the grader pool, so for
 * them the fraction is null. `publicQuestion` is the only shape of a question that may reach a
 * browser: it carries no fractions, accepted answers, feedback or reference SQL.
 */
import type {
  NumericalAnswer,
  QuestionBody,
  QuestionContent,
  QuestionResponse,
  ShortAnswer,
  TextFormat,
} from './types.ts';

export type Score = {
  /** 0..1 of the question's mark; null when a person or the SQL grader must decide. */
  fraction: number | null;
  /** Per-answer feedback of what the candidate chose, in the author's words. */
  feedback: string[];
};

const clamp01 = (n: number) => Math.min(1, Math.max(0, n));
const manual: Score = { fraction: null, feedback: [] };

/** Collapse runs of whitespace, as Moodle does before comparing short answers. */
const squash = (s: string) => s.normalize('NFKC').trim().replace(/\s+/g, ' ');

function wildcardMatch(pattern: string, text: string, caseSensitive: boolean): boolean {
  // Moodle short answers: `*` matches anything; `\*` is a literal asterisk.
  const source = squash(pattern)
    .split(/(\\\*|\*)/)
    .map((part) =>
      part === '*' ? '.*' : part === '\\*' ? '\\*' : part.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'),
    )
    .join('');
  return new RegExp(`^${source}$`, caseSensitive ? 'u' : 'iu').test(squash(text));
}

function bestShortAnswer(
  answers: ShortAnswer[],
  text: string,
  caseSensitive: boolean,
): ShortAnswer | undefined {
  if (squash(text) === '') return undefined;
  return answers
    .filter((a) => wildcardMatch(a.text, text, caseSensitive))
    .sort((a, b) => b.fraction - a.fraction)[0];
}

/** Reads a number as a phone keyboard may type it: full-width digits, a decimal comma, spaces. */
export function parseNumber(text: string): number | null {
  const s = text
    .normalize('NFKC')
    .trim()
    .replace(/\s/g, '')
    .replace(/,(?=\d{1,2}$|\d*e)/i, '.');
  if (!/^[-+]?(\d+\.?\d*|\.\d+)(e[-+]?\d+)?$/i.test(s)) return null;
  const n = Number(s);
  return Number.isFinite(n) ? n : null;
}

function matchesNumber(answer: NumericalAnswer, n: number): boolean {
  if (answer.kind === 'range') return n >= answer.min && n <= answer.max;
  // A tiny epsilon so that 0.1 + 0.2 style representation errors do not fail an exact answer.
  return Math.abs(n - answer.value) <= answer.tolerance + 1e-9 * Math.max(1, Math.abs(answer.value));
}

export function scoreResponse(body: QuestionBody, response: QuestionResponse | null | undefined): Score {
  switch (body.type) {
    case 'essay':
    case 'sql':
    case 'description':
      return manual;
    case 'single_choice': {
      const chosen =
        response?.type === 'single_choice' ? body.choices.find((c) => c.id === response.choice) : undefined;
      return chosen
        ? { fraction: clamp01(chosen.fraction), feedback: nonEmpty([chosen.feedback]) }
        : nothing();
    }
    case 'multiple_choice': {
      const ids = new Set(response?.type === 'multiple_choice' ? response.choices : []);
      const chosen = body.choices.filter((c) => ids.has(c.id));
      if (chosen.length === 0) return nothing();
      const sum = chosen.reduce((acc, c) => acc + c.fraction, 0);
      return { fraction: clamp01(round(sum)), feedback: nonEmpty(chosen.map((c) => c.feedback)) };
    }
    case 'true_false': {
      if (response?.type !== 'true_false' || response.value === null) return nothing();
      const right = response.value === body.correct;
      return {
        fraction: right ? 1 : 0,
        feedback: nonEmpty([response.value ? body.feedbackTrue : body.feedbackFalse]),
      };
    }
    case 'short_answer': {
      const text = response?.type === 'short_answer' ? response.text : '';
      const best = bestShortAnswer(body.answers, text, body.caseSensitive);
      return best ? { fraction: clamp01(best.fraction), feedback: nonEmpty([best.feedback]) } : nothing();
    }
    case 'numerical': {
      const n = response?.type === 'numerical' ? parseNumber(response.text) : null;
      if (n === null) return nothing();
      const best = body.answers.filter((a) => matchesNumber(a, n)).sort((a, b) => b.fraction - a.fraction)[0];
      return best ? { fraction: clamp01(best.fraction), feedback: nonEmpty([best.feedback]) } : nothing();
    }
    case 'matching': {
      const answers = response?.type === 'matching' ? response.answers : {};
      const right = body.pairs.filter(
        (p) => answers[p.id] !== undefined && answers[p.id] === p.answer,
      ).length;
      return { fraction: body.pairs.length ? round(right / body.pairs.length) : 0, feedback: [] };
    }
  }
}

const nothing = (): Score => ({ fraction: 0, feedback: [] });
const nonEmpty = (xs: string[]) => xs.filter((x) => x.trim() !== '');
const round = (n: number) => Math.round(n * 1e7) / 1e7;

/** Deterministic PRNG (mulberry32) so that a per-attempt seed always gives the same order. */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** A seeded Fisher–Yates shuffle; returns a new array. */
export function shuffled<T>(items: readonly T[], seed: number): T[] {
  const out = [...items];
  const random = seededRandom(seed);
  for (let i = out.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [out[i], out[j]] = [out[j], out[i]];
  }
  return out;
}

/** What a candidate may see of a question: no answer key of any kind. */
export type PublicQuestion = {
  type: QuestionBody['type'];
  name: string;
  text: string;
  textFormat: TextFormat;
  defaultMark: number;
  /** Choice questions: ids and texts, in the attempt's order. */
  choices?: { id: string; text: string }[];
  /** Matching: the prompts (by pair id) and the answer texts to pick from, shuffled. */
  prompts?: { id: string; text: string }[];
  options?: string[];
  /** SQL: the visible schema and data the candidate may run queries against. */
  setupSql?: string;
};

export function publicQuestion(content: QuestionContent, seed: number): PublicQuestion {
  const base = {
    type: content.body.type,
    name: content.name,
    text: content.text,
    textFormat: content.textFormat,
    defaultMark: content.defaultMark,
  };
  const body = content.body;
  switch (body.type) {
    case 'single_choice':
    case 'multiple_choice': {
      const choices = body.choices.map((c) => ({ id: c.id, text: c.text }));
      return { ...base, choices: body.shuffle ? shuffled(choices, seed) : choices };
    }
    case 'matching': {
      const prompts = body.pairs.map((p) => ({ id: p.id, text: p.prompt }));
      const options = [...new Set(body.pairs.map((p) => p.answer))];
      return {
        ...base,
        prompts: body.shuffle ? shuffled(prompts, seed) : prompts,
        options: shuffled(options, seed + 1),
      };
    }
    case 'sql':
      return { ...base, setupSql: body.sql.setupSql };
    default:
      return base;
  }
}
