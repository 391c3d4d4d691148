/**
 * Moodle GIFT import and export (docs.moodle.org "GIFT format"; Moodle's qformat_gift). The parser
 * follows Moodle's rules for telling the question type from the answer block, and is stricter only
 * where Moodle would silently import something other than what the author meant (an unclosed
 * brace, a weight that is not a number, a choice question without a right answer): such a file
 * yields problems, each with its 1-based line, and no questions at all, so that an import is
 * all-or-nothing. Fields GIFT has no notation for travel in a `// [gongjin:{…}]` comment that
 * Moodle ignores (format-extras.ts).
 */
import {
  applyExtras,
  catchAll,
  choiceId,
  commonExtras,
  DEFAULT_DIFFICULTY,
  defaultMarkFor,
  defaultName,
  type Extras,
  isCatchAll,
  isEmpty,
  pairId,
  percent,
  readExtras,
  roundFraction,
  strictNumber,
} from './format-extras.ts';
import {
  type BankQuestion,
  BLANK_MARKER,
  type Choice,
  type ImportProblem,
  type MatchingPair,
  type NumericalAnswer,
  type QuestionBody,
  type ShortAnswer,
  TEXT_FORMATS,
  type TextFormat,
} from './types.ts';

/** Characters a backslash escapes in GIFT (`\n` is a line break). */
const ESCAPABLE = new Set(['\\', '~', '=', '#', '{', '}', ':', 'n']);
const MOODLE_CATEGORY_PREFIX = /^\$(course|system|module|coursecategory|cat\d*)\$\/?/;

type Block = { startLine: number; lines: string[] };

/** Parses a GIFT file. When there are problems, `questions` is empty (imports are all-or-nothing). */
export function parseGift(text: string): { questions: BankQuestion[]; problems: ImportProblem[] } {
  const lines = text.replace(/^\uFEFF/, '').split(/\r\n|\r|\n/);
  const problems: ImportProblem[] = [];
  const questions: BankQuestion[] = [];
  let category: string[] = [];
  for (const block of blocks(lines)) {
    const result = parseBlock(block, category, problems);
    if (result.category) category = result.category;
    if (result.question) questions.push(result.question);
  }
  problems.sort((a, b) => a.line - b.line);
  return problems.length > 0 ? { questions: [], problems } : { questions, problems };
}

/** Questions are separated by blank lines. */
function blocks(lines: string[]): Block[] {
  const out: Block[] = [];
  let current: Block | null = null;
  lines.forEach((line, i) => {
    if (line.trim() === '') {
      current = null;
      return;
    }
    if (!current) {
      current = { startLine: i + 1, lines: [] };
      out.push(current);
    }
    current.lines.push(line);
  });
  return out;
}

type Problems = ImportProblem[];

function parseBlock(
  block: Block,
  category: string[],
  problems: Problems,
): { category?: string[]; question?: BankQuestion } {
  // A `$CATEGORY:` line may open a block; anything after it in the block is a question.
  const first = block.lines.findIndex((l) => !l.trim().startsWith('//'));
  if (first >= 0 && block.lines[first].trim().startsWith('$CATEGORY:')) {
    const path = parseCategory(block.lines[first].trim().slice('$CATEGORY:'.length));
    const rest = block.lines.slice(first + 1);
    if (rest.some((l) => l.trim() !== '' && !l.trim().startsWith('//'))) {
      const sub = { startLine: block.startLine + first + 1, lines: rest };
      return { category: path, question: parseQuestion(sub, path, problems) ?? undefined };
    }
    return { category: path };
  }
  return { question: parseQuestion(block, category, problems) ?? undefined };
}

/** `$course$/top/A/B//C` → ['A', 'B/C']: `/` separates levels and `//` is a slash in a name. */
export function parseCategory(raw: string): string[] {
  let path = raw.trim().replace(MOODLE_CATEGORY_PREFIX, '');
  if (path === 'top') path = '';
  path = path.replace(/^top\//, '');
  if (path === '') return [];
  return path
    .split(/(?<!\/)\/(?!\/)/)
    .map((s) => giftUnescape(s.replaceAll('//', '/')).trim())
    .filter((s) => s !== '');
}

// ---------------------------------------------------------------------------------------------
// Scanning with escapes: every search below skips backslash-escaped characters.

/** Index of the next unescaped `ch` (a single character) at or after `from`, or -1. */
function findUnescaped(s: string, ch: string, from = 0): number {
  for (let i = from; i < s.length; i++) {
    if (s[i] === '\\' && ESCAPABLE.has(s[i + 1] ?? '')) {
      i++;
      continue;
    }
    if (s.startsWith(ch, i)) return i;
  }
  return -1;
}

/** Every unescaped position of a one-character `ch`. */
function allUnescaped(s: string, chars: string): number[] {
  const out: number[] = [];
  for (let i = 0; i < s.length; i++) {
    if (s[i] === '\\' && ESCAPABLE.has(s[i + 1] ?? '')) {
      i++;
      continue;
    }
    if (chars.includes(s[i])) out.push(i);
  }
  return out;
}

function giftUnescape(s: string): string {
  return s.replace(/\\([\\~=#{}:n])/g, (_, c: string) => (c === 'n' ? '\n' : c));
}

/** Escapes text for GIFT, as Moodle's exporter does; line breaks become `\n`. */
function giftEscape(s: string): string {
  return s
    .replace(/\r\n|\r/g, '\n')
    .replace(/[\\~=#{}:]/g, (c) => `\\${c}`)
    .replaceAll('\n', '\\n');
}

// ---------------------------------------------------------------------------------------------

/** A piece of the block's text with the offset where it starts, for line numbers. */
type Span = { text: string; at: number };

function trimSpan(s: Span): Span {
  const lead = s.text.length - s.text.trimStart().length;
  return { text: s.text.trim(), at: s.at + lead };
}

function parseQuestion(block: Block, category: string[], problems: Problems): BankQuestion | null {
  const comments: { line: number; text: string }[] = [];
  // Comment lines are blanked rather than removed so that offsets still map to lines.
  const body = block.lines
    .map((l, i) => {
      if (l.trim().startsWith('//')) {
        comments.push({ line: block.startLine + i, text: l.trim() });
        return '';
      }
      return l;
    })
    .join('\n');
  const lineAt = (offset: number) => block.startLine + (body.slice(0, offset).match(/\n/g)?.length ?? 0);
  const local: Problems = [];
  const problem = (offset: number, message: string, vars?: Record<string, string | number>) =>
    local.push(vars ? { line: lineAt(offset), message, vars } : { line: lineAt(offset), message });

  if (body.trim() === '') return null;

  const meta = readComments(comments, problems);
  let pos = body.length - body.trimStart().length;

  let name: string | null = null;
  if (body.startsWith('::', pos)) {
    const end = findUnescaped(body, '::', pos + 2);
    if (end < 0) {
      problem(pos, 'question_formats.unclosed_name');
      problems.push(...local);
      return null;
    }
    name = giftUnescape(body.slice(pos + 2, end)).trim();
    pos = end + 2;
  }

  const open = findUnescaped(body, '{', pos);
  const firstClose = findUnescaped(body, '}', pos);
  let close = -1;
  if (open < 0 && firstClose >= 0) problem(firstClose, 'question_formats.unmatched_brace');
  else if (open >= 0 && firstClose >= 0 && firstClose < open)
    problem(firstClose, 'question_formats.unmatched_brace');
  else if (open >= 0 && firstClose < 0) problem(open, 'question_formats.unclosed_brace');
  else if (open >= 0) {
    close = firstClose;
    const nested = findUnescaped(body, '{', open + 1);
    if (nested >= 0 && nested < close) problem(nested, 'question_formats.unclosed_brace');
    for (const extra of allUnescaped(body.slice(close + 1), '{}'))
      problem(close + 1 + extra, 'question_formats.extra_brace');
  }
  if (local.length > 0) {
    problems.push(...local);
    return null;
  }

  // Question text, with its format tag and the blank of a missing-word question.
  const before: Span = { text: body.slice(pos, open < 0 ? body.length : open), at: pos };
  const after = open < 0 ? '' : body.slice(close + 1);
  const head = trimSpan(before);
  const fmt = formatTag(head, problem);
  const textFormat: TextFormat = fmt.format ?? 'moodle';
  const missingWord = open >= 0 && after.trim() !== '';
  const questionText = missingWord
    ? `${giftUnescape(fmt.rest.text)}${/\s$/.test(before.text) ? ' ' : ''}${BLANK_MARKER}${giftUnescape(after.replace(/\s+$/, ''))}`.trim()
    : giftUnescape(fmt.rest.text).trim();

  const base: BankQuestion = {
    name: name ?? defaultName(questionText),
    text: questionText,
    textFormat,
    generalFeedback: '',
    explanation: '',
    defaultMark: 1,
    body: { type: 'description' },
    category,
    tags: meta.tags,
    idNumber: meta.idNumber,
    difficulty: DEFAULT_DIFFICULTY,
  };

  if (open < 0) {
    base.defaultMark = defaultMarkFor('description');
  } else {
    let answer: Span = { text: body.slice(open + 1, close), at: open + 1 };
    const gf = lastGeneralFeedback(answer.text);
    if (gf >= 0) {
      const g = trimSpan({ text: answer.text.slice(gf + 4), at: answer.at + gf + 4 });
      base.generalFeedback = giftUnescape(formatTag(g, problem).rest.text).trim();
      answer = { text: answer.text.slice(0, gf), at: answer.at };
    }
    answer = trimSpan(answer);
    const body2 = parseAnswers(answer, meta.extras?.type, problem);
    if (body2) base.body = body2;
  }
  if (local.length > 0) {
    problems.push(...local);
    return null;
  }
  return meta.extras ? applyExtras(base, meta.extras) : base;
}

type ProblemFn = (offset: number, message: string, vars?: Record<string, string | number>) => void;

/** A leading `[html]`, `[markdown]`, `[plain]` or `[moodle]`; another `[word]` is a problem. */
function formatTag(s: Span, problem: ProblemFn): { format: TextFormat | null; rest: Span } {
  const m = /^\[([a-z]+)\]/.exec(s.text);
  if (!m) return { format: null, rest: s };
  if (!(TEXT_FORMATS as readonly string[]).includes(m[1])) {
    problem(s.at, 'question_formats.unknown_format', { tag: m[1] });
    return { format: null, rest: s };
  }
  return { format: m[1] as TextFormat, rest: { text: s.text.slice(m[0].length), at: s.at + m[0].length } };
}

/**
 * Unescaped text of an answer or feedback without its format tag (a question has one format
 * here). Unlike the question text's, an unknown `[word]` at the start of an answer is just text,
 * as in Moodle.
 */
function textOf(s: Span): string {
  const t = trimSpan(s);
  return giftUnescape(formatTag(t, () => {}).rest.text).trim();
}

/** Start of the last run of four unescaped `#` (Moodle takes the last `####`). */
function lastGeneralFeedback(s: string): number {
  const hashes = allUnescaped(s, '#');
  for (let k = hashes.length - 4; k >= 0; k--) {
    if (hashes[k + 3] === hashes[k] + 3) return hashes[k];
  }
  return -1;
}

type Item = { marker: string; span: Span };

/** Splits an answer block at each unescaped marker character; `lead` is the text before the first. */
function splitItems(s: Span, markers: string): { lead: Span; items: Item[] } {
  const cuts = allUnescaped(s.text, markers);
  const lead = { text: s.text.slice(0, cuts[0] ?? s.text.length), at: s.at };
  const items = cuts.map((c, k) => ({
    marker: s.text[c],
    span: { text: s.text.slice(c + 1, cuts[k + 1] ?? s.text.length), at: s.at + c + 1 },
  }));
  return { lead, items };
}

/** Splits `answer#feedback` at the first unescaped `#`. */
function splitFeedback(s: Span): [Span, Span | null] {
  const i = findUnescaped(s.text, '#');
  if (i < 0) return [s, null];
  return [
    { text: s.text.slice(0, i), at: s.at },
    { text: s.text.slice(i + 1), at: s.at + i + 1 },
  ];
}

const WEIGHT = /^\s*%([^%]*)%/;

/** Reads a leading `%weight%`; returns the fraction (or null when there is none) and the rest. */
function readWeight(
  s: Span,
  min: number,
  problem: ProblemFn,
): { fraction: number | null; rest: Span; bad: boolean } {
  const m = WEIGHT.exec(s.text);
  if (!m) return { fraction: null, rest: s, bad: false };
  const rest = { text: s.text.slice(m[0].length), at: s.at + m[0].length };
  const n = /^\s*-?(\d+(\.\d*)?|\.\d+)\s*$/.test(m[1]) ? Number(m[1]) : Number.NaN;
  if (Number.isNaN(n)) {
    problem(s.at, 'question_formats.bad_weight', { weight: m[1] });
    return { fraction: null, rest, bad: true };
  }
  if (n < min || n > 100) {
    problem(s.at, 'question_formats.weight_range', { weight: m[1].trim(), min });
    return { fraction: null, rest, bad: true };
  }
  return { fraction: roundFraction(n / 100), rest, bad: false };
}

const TF = new Set(['T', 'TRUE', 'F', 'FALSE']);

function parseAnswers(s: Span, forced: string | undefined, problem: ProblemFn): QuestionBody | null {
  const t = s.text;
  if (t === '') return { type: 'essay', rubric: [] };
  if (forced === 'short_answer') return shortAnswer(s, problem);
  if (t.startsWith('#')) return numerical({ text: t.slice(1), at: s.at + 1 }, problem);
  if (allUnescaped(t, '~').length > 0) return choices(s, problem);
  if (allUnescaped(t, '=').length > 0 && t.includes('->')) return matching(s, problem);
  const hash = findUnescaped(t, '#');
  const head = (hash < 0 ? t : t.slice(0, hash)).trim();
  if (TF.has(head)) return trueFalse(s);
  return shortAnswer(s, problem);
}

function noLead(lead: Span, problem: ProblemFn): void {
  if (lead.text.trim() !== '') problem(trimSpan(lead).at, 'question_formats.answer_without_marker');
}

function choices(s: Span, problem: ProblemFn): QuestionBody | null {
  const { lead, items } = splitItems(s, '~=');
  noLead(lead, problem);
  const out: Choice[] = [];
  for (const item of items) {
    let fraction = item.marker === '=' ? 1 : 0;
    let span = item.span;
    if (item.marker === '=' && WEIGHT.test(span.text)) {
      problem(span.at, 'question_formats.weight_after_equals');
      continue;
    }
    const w = readWeight(span, -100, problem);
    if (w.bad) continue;
    if (w.fraction !== null) fraction = w.fraction;
    span = w.rest;
    const [answer, feedback] = splitFeedback(span);
    const text = textOf(answer);
    if (text === '') problem(trimSpan(answer).at, 'question_formats.empty_answer');
    out.push({ id: choiceId(out.length), text, fraction, feedback: feedback ? textOf(feedback) : '' });
  }
  if (items.length < 2) {
    problem(s.at, 'question_formats.too_few_choices');
    return null;
  }
  const single = items.some((i) => i.marker === '=');
  // A choice skipped for a bad weight may have been the right one: no second problem for it.
  if (!single && out.length === items.length && !out.some((c) => c.fraction > 0))
    problem(s.at, 'question_formats.no_correct_answer');
  return { type: single ? 'single_choice' : 'multiple_choice', choices: out, shuffle: true };
}

function matching(s: Span, problem: ProblemFn): QuestionBody | null {
  const { lead, items } = splitItems(s, '=');
  noLead(lead, problem);
  const pairs: MatchingPair[] = [];
  for (const item of items) {
    const arrow = item.span.text.indexOf('->');
    if (arrow < 0) {
      problem(trimSpan(item.span).at, 'question_formats.pair_without_arrow');
      continue;
    }
    const prompt = textOf({ text: item.span.text.slice(0, arrow), at: item.span.at });
    const answer = giftUnescape(item.span.text.slice(arrow + 2)).trim();
    if (answer === '') problem(item.span.at + arrow, 'question_formats.empty_answer');
    pairs.push({ id: pairId(pairs.length), prompt, answer });
  }
  // Pairs with an empty prompt are extra wrong answers (Moodle's distractors); two real ones at least.
  if (pairs.filter((p) => p.prompt !== '').length < 2) {
    problem(s.at, 'question_formats.too_few_pairs');
    return null;
  }
  return { type: 'matching', pairs, shuffle: true };
}

function trueFalse(s: Span): QuestionBody {
  // {T#feedback when the answer given is wrong#feedback when it is right} (Moodle's order).
  const parts: string[] = [];
  let rest = s.text;
  for (let k = 0; k < 2; k++) {
    const i = findUnescaped(rest, '#');
    if (i < 0) break;
    parts.push(rest.slice(0, i));
    rest = rest.slice(i + 1);
  }
  parts.push(rest);
  const clean = (x: string | undefined) => giftUnescape(x ?? '').trim();
  const correct = parts[0].trim().startsWith('T');
  const wrong = clean(parts[1]);
  const right = clean(parts[2]);
  return correct
    ? { type: 'true_false', correct, feedbackTrue: right, feedbackFalse: wrong }
    : { type: 'true_false', correct, feedbackTrue: wrong, feedbackFalse: right };
}

function shortAnswer(s: Span, problem: ProblemFn): QuestionBody | null {
  const { lead, items } = splitItems(s, '=');
  noLead(lead, problem);
  const answers: ShortAnswer[] = [];
  for (const item of items) {
    const w = readWeight(item.span, 0, problem);
    if (w.bad) continue;
    const [answer, feedback] = splitFeedback(w.rest);
    const text = textOf(answer);
    if (text === '') problem(trimSpan(answer).at, 'question_formats.empty_answer');
    answers.push({ text, fraction: w.fraction ?? 1, feedback: feedback ? textOf(feedback) : '' });
  }
  if (items.length === 0) return null;
  if (answers.length === items.length && !answers.some((a) => a.fraction > 0))
    problem(s.at, 'question_formats.no_correct_answer');
  return { type: 'short_answer', answers, caseSensitive: false };
}

function numerical(s: Span, problem: ProblemFn): QuestionBody | null {
  // `{#value:tolerance}`, `{#min..max}` or `{#=%w%value:tol =… ~#feedback for any other answer}`.
  const tilde = findUnescaped(s.text, '~');
  const main: Span = tilde < 0 ? s : { text: s.text.slice(0, tilde), at: s.at };
  const { lead, items } = splitItems(main, '=');
  const chunks = [...(lead.text.trim() !== '' ? [lead] : []), ...items.map((i) => i.span)];
  const answers: NumericalAnswer[] = [];
  for (const chunk of chunks) {
    const w = readWeight(chunk, 0, problem);
    if (w.bad) continue;
    const [value, fb] = splitFeedback(w.rest);
    const fraction = w.fraction ?? 1;
    const feedback = fb ? textOf(fb) : '';
    const v = trimSpan(value);
    const raw = v.text.replace(/\\:/g, ':');
    const dots = raw.indexOf('..');
    const colon = raw.indexOf(':');
    const bad = (x: string) => problem(v.at, 'question_formats.not_a_number', { value: x.trim() || '∅' });
    if (dots > 0) {
      const min = strictNumber(raw.slice(0, dots));
      const max = strictNumber(raw.slice(dots + 2));
      if (min === null || max === null) bad(raw);
      else if (min > max) problem(v.at, 'question_formats.bad_range', { min, max });
      else answers.push({ kind: 'range', min, max, fraction, feedback });
    } else {
      const num = strictNumber(colon > 0 ? raw.slice(0, colon) : raw);
      const tolerance = colon > 0 ? strictNumber(raw.slice(colon + 1)) : 0;
      if (num === null || tolerance === null) bad(raw);
      else if (tolerance < 0) problem(v.at, 'question_formats.bad_tolerance', { value: tolerance });
      else answers.push({ kind: 'value', value: num, tolerance, fraction, feedback });
    }
  }
  if (chunks.length === 0) problem(s.at, 'question_formats.no_numeric_answers');
  else if (answers.length === chunks.length && !answers.some((a) => a.fraction > 0))
    problem(s.at, 'question_formats.no_correct_answer');
  if (tilde >= 0) {
    const [, fb] = splitFeedback({ text: s.text.slice(tilde + 1), at: s.at + tilde + 1 });
    answers.push(catchAll(fb ? textOf(fb) : ''));
  }
  return { type: 'numerical', answers };
}

// ---------------------------------------------------------------------------------------------
// Comment metadata: `// [id:…] [tag:…]` (Moodle 4) and our `// [gongjin:{…}]`.

function readComments(
  comments: { line: number; text: string }[],
  problems: Problems,
): { idNumber: string | null; tags: string[]; extras: Extras | null } {
  let idNumber: string | null = null;
  const tags: string[] = [];
  let extras: Extras | null = null;
  for (const c of comments) {
    const g = /^\/\/\s*\[gongjin:(.*)\]\s*$/.exec(c.text);
    if (g) {
      extras = readExtras(g[1]);
      if (!extras) problems.push({ line: c.line, message: 'question_formats.bad_metadata' });
      continue;
    }
    for (const m of c.text.matchAll(/\[(id|tag):((?:\\\\|\\\]|[^\]])*)\]/g)) {
      const value = m[2].replace(/\\([\\\]])/g, '$1').trim();
      if (m[1] === 'id') idNumber = value === '' ? null : value;
      else if (value !== '' && !tags.includes(value)) tags.push(value);
    }
  }
  return { idNumber, tags, extras };
}

const escapeBracketed = (s: string) => s.replace(/[\\\]]/g, (c) => `\\${c}`);

/**
 * JSON for a one-line comment: brackets inside strings become \u escapes so that Moodle's
 * `[tag:…]` reader never finds a tag in an explanation.
 */
function commentJson(x: Extras): string {
  const json = JSON.stringify(x);
  let out = '';
  let inString = false;
  for (let i = 0; i < json.length; i++) {
    const c = json[i];
    if (inString && c === '\\') {
      out += c + json[i + 1];
      i++;
      continue;
    }
    if (c === '"') inString = !inString;
    out += inString && c === '[' ? '\\u005b' : inString && c === ']' ? '\\u005d' : c;
  }
  return out;
}

// ---------------------------------------------------------------------------------------------
// Writer

/** Writes questions as GIFT that Moodle imports and that `parseGift` reads back unchanged. */
export function writeGift(questions: BankQuestion[]): string {
  const out: string[] = [];
  let category: string[] | null = null;
  for (const q of questions) {
    if (category === null || JSON.stringify(category) !== JSON.stringify(q.category)) {
      out.push(`$CATEGORY: ${categoryLine(q.category)}`);
      category = q.category;
    }
    out.push(writeQuestion(q));
  }
  return out.length ? `${out.join('\n\n')}\n` : '';
}

export function categoryLine(path: string[]): string {
  return ['$course$/top', ...path.map((s) => giftEscape(s).replaceAll('/', '//'))].join('/');
}

/** Text that would read as a format tag gets an explicit one, so that it stays text. */
function withFormat(text: string, format: TextFormat, always: boolean): string {
  return always || /^\s*\[/.test(text) ? `[${format}]${giftEscape(text)}` : giftEscape(text);
}

function writeQuestion(q: BankQuestion): string {
  const extras = commonExtras(q);
  const lines: string[] = [];
  const meta = [
    ...(q.idNumber !== null ? [`[id:${escapeBracketed(q.idNumber)}]`] : []),
    ...q.tags.map((t) => `[tag:${escapeBracketed(t)}]`),
  ];
  if (meta.length) lines.push(`// ${meta.join(' ')}`);

  const f = q.textFormat;
  const sub = (s: string) => withFormat(s, f, false);
  const b = q.body;
  const answerLines: string[] = [];
  let inline: string | null = null;
  switch (b.type) {
    case 'description':
    case 'essay':
    case 'sql':
      inline = '';
      break;
    case 'true_false': {
      const right = b.correct ? b.feedbackTrue : b.feedbackFalse;
      const wrong = b.correct ? b.feedbackFalse : b.feedbackTrue;
      inline = `${b.correct ? 'TRUE' : 'FALSE'}${wrong || right ? `#${giftEscape(wrong)}` : ''}${right ? `#${giftEscape(right)}` : ''}`;
      break;
    }
    case 'single_choice':
    case 'multiple_choice': {
      let equals = 0;
      let tildes = 0;
      const marks = b.choices.map((c, i) => {
        const pct = c.text.startsWith('%');
        const isLast = i === b.choices.length - 1;
        if (b.type === 'single_choice' && c.fraction === 1 && !pct && !(isLast && tildes === 0)) {
          equals++;
          return '=';
        }
        tildes++;
        return c.fraction === 0 && !pct ? '~' : `~%${percent(c.fraction)}%`;
      });
      if (b.type === 'single_choice' && equals === 0) extras.type = 'single_choice';
      b.choices.forEach((c, i) => {
        answerLines.push(`${marks[i]}${sub(c.text)}${c.feedback ? `#${sub(c.feedback)}` : ''}`);
      });
      break;
    }
    case 'short_answer': {
      if (b.answers.some((a) => a.text.includes('->'))) extras.type = 'short_answer';
      for (const a of b.answers) {
        const w = a.fraction === 1 && !a.text.startsWith('%') ? '' : `%${percent(a.fraction)}%`;
        answerLines.push(`=${w}${sub(a.text)}${a.feedback ? `#${sub(a.feedback)}` : ''}`);
      }
      break;
    }
    case 'numerical': {
      for (const a of b.answers) {
        const fb = a.feedback ? `#${sub(a.feedback)}` : '';
        if (isCatchAll(a)) answerLines.push(`~#${sub(a.feedback)}`);
        else {
          const w = a.fraction === 1 ? '' : `%${percent(a.fraction)}%`;
          const v = a.kind === 'range' ? `${a.min}..${a.max}` : `${a.value}:${a.tolerance}`;
          answerLines.push(`=${w}${v}${fb}`);
        }
      }
      break;
    }
    case 'matching': {
      if (b.pairs.some((p) => p.prompt.includes('->'))) extras.pairs = b.pairs;
      for (const p of b.pairs) answerLines.push(`=${sub(p.prompt)} -> ${giftEscape(p.answer)}`);
      break;
    }
  }

  const gf = q.generalFeedback ? `####${sub(q.generalFeedback)}` : '';
  // A description has no answer block to hold general feedback.
  if (b.type === 'description' && q.generalFeedback) extras.generalFeedback = q.generalFeedback;
  const block =
    b.type === 'description'
      ? null
      : inline !== null
        ? `{${inline}${gf}}`
        : `{${b.type === 'numerical' ? '#' : ''}\n${answerLines.map((l) => `\t${l}`).join('\n')}\n${gf ? `\t${gf}\n` : ''}}`;

  // The blank of a missing-word question is where the answer block goes.
  const blank = block === null ? -1 : q.text.indexOf(BLANK_MARKER);
  let textPart: string;
  if (blank >= 0) {
    const before = q.text.slice(0, blank);
    const after = q.text.slice(blank + BLANK_MARKER.length);
    // What parseGift will read; where GIFT cannot say it (a blank at the very end, odd spacing),
    // the exact text goes into the extras.
    const read = `${before.trim()}${/\s$/.test(before) ? ' ' : ''}${BLANK_MARKER}${after.trimEnd()}`.trim();
    if (after.trim() === '' || read !== q.text) extras.text = q.text;
    textPart = `${withFormat(before, f, f !== 'moodle')}${block}${giftEscape(after)}`;
  } else {
    textPart = `${withFormat(q.text, f, f !== 'moodle')}${block ?? ''}`;
  }
  const x: Extras = { ...extras };
  if (!isEmpty(x)) lines.push(`// [gongjin:${commentJson(x)}]`);
  lines.push(`::${giftEscape(q.name)}::${textPart}`);
  return lines.join('\n');
}
