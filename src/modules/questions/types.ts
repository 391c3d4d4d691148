/**
 * The question bank's shared vocabulary: every question type, its answer key (the body) and the
 * shape of a candidate's response. GIFT and Moodle XML read and write these; scoring, exams and
 * labs consume them. A body holds the answer key, so a body never reaches a browser as is: exams
 * send `PublicQuestion` views built from it.
 */

export const QUESTION_TYPES = [
  'single_choice',
  'multiple_choice',
  'true_false',
  'short_answer',
  'numerical',
  'matching',
  'essay',
  'sql',
  'description',
] as const;
export type QuestionType = (typeof QUESTION_TYPES)[number];

export const QUESTION_STATUSES = ['draft', 'reviewed', 'retired'] as const;
export type QuestionStatus = (typeof QUESTION_STATUSES)[number];

/** The markup of question text and feedback, as GIFT's `[html|markdown|plain|moodle]`. */
export const TEXT_FORMATS = ['moodle', 'html', 'markdown', 'plain'] as const;
export type TextFormat = (typeof TEXT_FORMATS)[number];

/**
 * A choice in a single- or multiple-choice question. `fraction` is the share of the mark it
 * earns, from -1 to 1 (GIFT `~%50%` is 0.5, `~%-100%` is -1, `=` is 1).
 */
export type Choice = { id: string; text: string; fraction: number; feedback: string };

/** An accepted short answer; `fraction` below 1 gives partial credit. */
export type ShortAnswer = { text: string; fraction: number; feedback: string };

/** A numerical answer: `value ± tolerance`, or the closed range `min..max`. */
export type NumericalAnswer =
  | { kind: 'value'; value: number; tolerance: number; fraction: number; feedback: string }
  | { kind: 'range'; min: number; max: number; fraction: number; feedback: string };

/** A matching pair: the prompt on the left is matched to the answer text on the right. */
export type MatchingPair = { id: string; prompt: string; answer: string };

export type RubricCriterion = { criterion: string; points: number };

/** Statement kinds a SQL answer may contain, checked after parsing. */
export const SQL_STATEMENT_KINDS = ['select', 'insert', 'update', 'delete', 'ddl'] as const;
export type SqlStatementKind = (typeof SQL_STATEMENT_KINDS)[number];

/**
 * A SQL question (or lab task). The candidate's query and the reference run on fresh copies of the
 * database `setupSql` builds, then on each hidden variant (`setupSql` followed by the variant's
 * SQL, which changes the data: NULLs, ties, empty groups). For DML/DDL answers, `checkSql` is run
 * after each side and its results are compared instead.
 */
export type SqlSpec = {
  setupSql: string;
  referenceSql: string;
  /** Hidden data changes run after setupSql; never shown to candidates. */
  variants: string[];
  allowedKinds: SqlStatementKind[];
  checkSql: string;
  /** Compare column names as well as positions. */
  compareColumnNames: boolean;
  /** Absolute tolerance for numeric values. */
  tolerance: number;
};

export type QuestionBody =
  | { type: 'single_choice'; choices: Choice[]; shuffle: boolean }
  | { type: 'multiple_choice'; choices: Choice[]; shuffle: boolean }
  | { type: 'true_false'; correct: boolean; feedbackTrue: string; feedbackFalse: string }
  | { type: 'short_answer'; answers: ShortAnswer[]; caseSensitive: boolean }
  | { type: 'numerical'; answers: NumericalAnswer[] }
  | { type: 'matching'; pairs: MatchingPair[]; shuffle: boolean }
  | { type: 'essay'; rubric: RubricCriterion[] }
  | { type: 'sql'; sql: SqlSpec }
  | { type: 'description' };

/**
 * One version of a question as authors write it and formats exchange it. `text` may contain the
 * blank marker `{{blank}}` for missing-word questions (GIFT text after the braces): the answer
 * goes where the marker is.
 */
export type QuestionContent = {
  name: string;
  text: string;
  textFormat: TextFormat;
  generalFeedback: string;
  /** Shown after answering: Markdown, sanitised when rendered. */
  explanation: string;
  defaultMark: number;
  body: QuestionBody;
};

/** A question with its bank metadata, as imports produce and exports consume. */
export type BankQuestion = QuestionContent & {
  /** Category path from the root, e.g. ['PostgreSQL', '初级', 'SQL 基础']. */
  category: string[];
  tags: string[];
  /** Author-given stable id (GIFT `[id:…]`, Moodle `idnumber`), unique in the bank when set. */
  idNumber: string | null;
  /** 1 (easy) to 5 (hard). */
  difficulty: number;
};

export const BLANK_MARKER = '{{blank}}';

/** What a candidate answers, per type. */
export type QuestionResponse =
  | { type: 'single_choice'; choice: string | null }
  | { type: 'multiple_choice'; choices: string[] }
  | { type: 'true_false'; value: boolean | null }
  | { type: 'short_answer'; text: string }
  | { type: 'numerical'; text: string }
  | { type: 'matching'; answers: Record<string, string> }
  | { type: 'essay'; text: string }
  | { type: 'sql'; sql: string }
  | { type: 'description' };

/** A line-numbered problem found while importing; imports report every one and write nothing. */
export type ImportProblem = {
  line: number;
  /** A catalogue key (src/i18n/messages/question-formats.ts). */
  message: string;
  /** Values for the key's {placeholders}. */
  vars?: Record<string, string | number>;
};
