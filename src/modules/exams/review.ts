/**
 * What a review page may show, decided once per request from the review-options matrix. Views
 * render only what `ReviewSlot` carries, so anything the matrix withholds is never in the HTML.
 */
import type { MessageKey } from '../../i18n/index.ts';
import type { Translate } from '../../platform/i18n.ts';
import { type PublicQuestion, publicQuestion } from '../questions/score.ts';
import type { LoadedVersion } from '../questions/service.ts';
import type { QuestionBody, QuestionResponse } from '../questions/types.ts';
import type { Attempt, Exam, Slot } from './queries.ts';
import type { ReviewItem, ReviewTime, SlotFeedback } from './types.ts';

/** Moodle's "immediately after the attempt" lasts two minutes after submitting. */
const IMMEDIATELY_MS = 2 * 60_000;

export function reviewTime(exam: Exam, attempt: Attempt, now = new Date()): ReviewTime {
  if (attempt.status === 'in_progress') return 'during';
  if (attempt.submittedAt && now.getTime() - attempt.submittedAt.getTime() < IMMEDIATELY_MS)
    return 'immediately';
  if (!exam.closesAt || now < exam.closesAt) return 'open';
  return 'closed';
}

export function allowed(exam: Exam, time: ReviewTime): Set<ReviewItem> {
  return new Set(exam.review[time] ?? []);
}

/** The correct answer as a candidate may see it, when the review allows it. */
export type CorrectAnswer =
  | { kind: 'choices'; texts: string[] }
  | { kind: 'boolean'; value: boolean }
  | { kind: 'texts'; texts: string[] }
  | { kind: 'pairs'; pairs: { prompt: string; answer: string }[] }
  | { kind: 'rubric'; criteria: { criterion: string; points: number }[] }
  | { kind: 'sql'; sql: string }
  | { kind: 'none' };

export function correctAnswer(body: QuestionBody): CorrectAnswer {
  switch (body.type) {
    case 'single_choice':
    case 'multiple_choice':
      return { kind: 'choices', texts: body.choices.filter((c) => c.fraction > 0).map((c) => c.text) };
    case 'true_false':
      return { kind: 'boolean', value: body.correct };
    case 'short_answer':
      return { kind: 'texts', texts: body.answers.filter((a) => a.fraction >= 1).map((a) => a.text) };
    case 'numerical':
      return {
        kind: 'texts',
        texts: body.answers
          .filter((a) => a.fraction >= 1)
          .map((a) => (a.kind === 'range' ? `${a.min}..${a.max}` : `${a.value} ± ${a.tolerance}`)),
      };
    case 'matching':
      return { kind: 'pairs', pairs: body.pairs.map((p) => ({ prompt: p.prompt, answer: p.answer })) };
    case 'essay':
      return { kind: 'rubric', criteria: body.rubric };
    case 'sql':
      // The reference query only: hidden variant data is never shown, not even after close.
      return { kind: 'sql', sql: body.sql.referenceSql };
    default:
      return { kind: 'none' };
  }
}

export type ReviewSlot = {
  slot: number;
  question: PublicQuestion;
  response?: QuestionResponse | null;
  mark?: { got: number | null; max: number; pending: boolean };
  correct?: CorrectAnswer;
  feedback?: string[];
  explanation?: string;
};

export function reviewSlots(
  attempt: Attempt,
  slots: Slot[],
  versions: Map<string, LoadedVersion>,
  show: Set<ReviewItem>,
  shuffleOptions: boolean,
  /** The reader's translator: SQL diagnostics are stored as codes and rendered in their language. */
  t: Translate,
): ReviewSlot[] {
  return slots.flatMap((s) => {
    const v = versions.get(s.versionId);
    if (!v) return [];
    const out: ReviewSlot = {
      slot: s.slot,
      question: attemptQuestion(v, attempt.seed, s.slot, shuffleOptions),
    };
    if (show.has('responses')) out.response = s.response;
    if (show.has('marks') && attempt.status === 'submitted')
      out.mark = {
        got: s.fraction === null ? null : s.fraction * s.maxMark,
        max: s.maxMark,
        pending: s.grading === 'pending_manual' || s.grading === 'pending_sql',
      };
    if (show.has('correct') && attempt.status === 'submitted') out.correct = correctAnswer(v.body);
    if (show.has('feedback') && attempt.status === 'submitted')
      out.feedback = [
        ...s.feedback.map((f) => feedbackText(f, t)),
        v.generalFeedback,
        s.graderComment,
      ].filter((x) => x.trim() !== '');
    if (show.has('explanation') && attempt.status === 'submitted' && v.explanation.trim())
      out.explanation = v.explanation;
    return [out];
  });
}

/** Author-written feedback is shown as written; a grader diagnostic in the reader's language. */
export function feedbackText(f: SlotFeedback, t: Translate): string {
  return typeof f === 'string' ? f : t(f.code as MessageKey, f.vars);
}

/** The public view of one slot's question: options shuffled by the attempt's seed and the slot. */
export function attemptQuestion(v: LoadedVersion, seed: number, slot: number, shuffleOptions: boolean) {
  const content = {
    name: v.name,
    text: v.text,
    textFormat: v.textFormat,
    generalFeedback: '',
    explanation: '',
    defaultMark: v.defaultMark,
    body: shuffleOptions ? v.body : withoutShuffle(v.body),
  };
  return publicQuestion(content, seed + slot * 31);
}

function withoutShuffle(body: QuestionBody): QuestionBody {
  if (body.type === 'single_choice' || body.type === 'multiple_choice' || body.type === 'matching')
    return { ...body, shuffle: false };
  return body;
}
