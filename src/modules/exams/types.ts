/**
 * The exams module's vocabulary: the blueprint an exam draws its questions from, grading methods,
 * the review-options matrix and the typed errors the attempt engine answers with.
 */

export const GRADING_METHODS = ['highest', 'last', 'first', 'average'] as const;
export type GradingMethod = (typeof GRADING_METHODS)[number];

export const EXAM_STATUSES = ['draft', 'published'] as const;
export type ExamStatus = (typeof EXAM_STATUSES)[number];

/** When a review is looked at, as in Moodle's quiz review options. */
export const REVIEW_TIMES = ['during', 'immediately', 'open', 'closed'] as const;
export type ReviewTime = (typeof REVIEW_TIMES)[number];

/** What a review may show. `correct` includes rubrics and reference SQL, never hidden variant data. */
export const REVIEW_ITEMS = ['responses', 'marks', 'correct', 'feedback', 'explanation'] as const;
export type ReviewItem = (typeof REVIEW_ITEMS)[number];

export type ReviewOptions = Record<ReviewTime, ReviewItem[]>;

/**
 * One line of a slot's stored feedback. Author-written feedback (choices, short answers) is stored
 * as the text itself; SQL grader diagnostics are stored as a catalogue code with its vars and
 * translated when a page renders, so each reader sees them in their own language.
 */
export type SlotFeedback = string | { code: string; vars?: Record<string, string | number> };

export const DEFAULT_REVIEW: ReviewOptions = {
  during: ['responses'],
  immediately: ['responses', 'marks'],
  open: ['responses', 'marks'],
  closed: ['responses', 'marks', 'correct', 'feedback', 'explanation'],
};

/** "Draw `count` reviewed questions from this category (and below), with all these tags, in this difficulty range." */
export type DrawRule = {
  count: number;
  category: string[];
  includeSubcategories: boolean;
  tags: string[];
  difficulty?: { min: number; max: number };
};

export type Section = {
  title: string;
  draws: DrawRule[];
  /** Bank id numbers (GIFT `[id:…]`) of questions every candidate gets. */
  fixed: string[];
};

export type Blueprint = { sections: Section[] };

export type AttemptStatus = 'in_progress' | 'submitted';
/**
 * Per question: scored at submit, waiting for the SQL grader, waiting for a teacher, graded by
 * hand, an automatic grade overridden by the exam's owner, or nothing to grade.
 */
export type SlotGrading = 'auto' | 'pending_sql' | 'pending_manual' | 'manual' | 'override' | 'none';

/** The typed error codes the save endpoint answers with (JSON `{ error }`). */
export const SAVE_ERRORS = [
  'deadline_passed',
  'not_active',
  'invalid',
  'not_found',
  'unauthenticated',
] as const;
export type SaveError = (typeof SAVE_ERRORS)[number];
