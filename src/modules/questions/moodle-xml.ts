/**
 * Moodle XML import and export (docs.moodle.org "Moodle XML format"; Moodle's qformat_xml) for
 * the question types of the bank. The XML is read by saxes (ADR 0031), which knows only the five
 * predefined and the numeric character entities. A DOCTYPE is refused outright, so no entity can
 * expand (no "billion laughs", no external entities). Well-formedness errors stop the reading at
 * the first one, with its line; question errors are all reported, each with the line of its
 * element, and then nothing is imported. Fields Moodle has no element for travel in a `<gongjin>` element holding JSON, which
 * Moodle ignores (format-extras.ts).
 */
import { SaxesParser } from 'saxes';
import {
  applyExtras,
  bodyProblems,
  catchAll,
  choiceId,
  commonExtras,
  DEFAULT_DIFFICULTY,
  defaultMarkFor,
  defaultName,
  type Extras,
  isCatchAll,
  isEmpty,
  joinCategoryPath,
  pairId,
  percent,
  readExtras,
  roundFraction,
  splitCategoryPath,
  strictNumber,
} from './format-extras.ts';
import {
  type BankQuestion,
  BLANK_MARKER,
  type Choice,
  type ImportProblem,
  type NumericalAnswer,
  type QuestionBody,
  type TextFormat,
} from './types.ts';

// ---------------------------------------------------------------------------------------------
// Reading XML

type XText = { kind: 'text'; text: string };
type XElement = {
  kind: 'element';
  name: string;
  attrs: Record<string, string>;
  children: (XElement | XText)[];
  line: number;
};

class XmlError extends Error {
  constructor(
    readonly line: number,
    readonly key: string,
    readonly vars?: Record<string, string | number>,
  ) {
    super(key);
  }
}

/** Where saxes stops: the start of the construct named in its message, searched back from `at`. */
function fragmentBefore(s: string, at: number, open: string, pattern: RegExp): string {
  const from = s.lastIndexOf(open, Math.min(at, s.length));
  if (from < 0) return '';
  pattern.lastIndex = from + open.length;
  return pattern.exec(s)?.[0] ?? '';
}

/**
 * Parses an XML document into a tree with saxes (a conforming, non-validating parser); throws
 * XmlError at the first well-formedness error, with saxes' line. A DOCTYPE is refused as soon as
 * saxes has read it: saxes never expands DTD entities, and refusing the declaration itself keeps
 * the message plain ("no DOCTYPE") instead of a later "undefined entity".
 */
function parseXml(input: string): XElement {
  const s = input.replace(/^\uFEFF/, '');
  const parser = new SaxesParser<{ xmlns: false; position: true }>({ xmlns: false, position: true });
  let root: XElement | null = null;
  const stack: XElement[] = [];
  parser.on('doctype', () => {
    throw new XmlError(parser.line, 'question_formats.xml_doctype');
  });
  // opentagstart fires just after the tag's name, possibly past a line break: the tag starts
  // on saxes' line less the breaks between its `<` and here.
  let startLine = 1;
  // Where the last complete construct ended: at the end of the input, what follows it is what
  // was left unfinished.
  let settled = 0;
  parser.on('opentagstart', () => {
    const at = parser.position;
    const lt = s.lastIndexOf('<', at - 1);
    startLine = parser.line - (s.slice(lt, at).split('\n').length - 1);
  });
  parser.on('opentag', (tag) => {
    const el: XElement = {
      kind: 'element',
      name: tag.name,
      attrs: { ...tag.attributes },
      children: [],
      line: startLine,
    };
    if (stack.length > 0) stack[stack.length - 1].children.push(el);
    else root = el;
    stack.push(el);
    settled = parser.position;
  });
  let closed = '';
  parser.on('closetag', (tag) => {
    closed = tag.name;
    stack.pop();
    settled = parser.position;
  });
  for (const event of ['comment', 'processinginstruction', 'xmldecl'] as const)
    parser.on(event, () => {
      settled = parser.position;
    });
  const addText = (text: string) => {
    if (stack.length > 0) stack[stack.length - 1].children.push({ kind: 'text', text });
  };
  parser.on('text', addText);
  parser.on('cdata', (text) => {
    addText(text);
    settled = parser.position;
  });
  parser.on('error', (err) => {
    const message = err.message.replace(/^\d+:\d+: /, '');
    const line = parser.line;
    if (message === 'unexpected close tag.') {
      // saxes has already popped the open element; the source still has the close tag's name.
      const found = fragmentBefore(s, parser.position - 1, '</', /[^\s>]+/y);
      const expected = closed;
      throw new XmlError(line, 'question_formats.xml_mismatched_tag', { expected, found });
    }
    if (message === 'document must contain a root element.')
      throw new XmlError(line, 'question_formats.xml_no_quiz');
    if (message.startsWith('unclosed tag: ')) {
      // saxes reads `& b</a>` as the start of one long entity and `<!-- x` as an open comment,
      // and only says "unclosed tag" at the end: name the construct that was left open.
      const tail = /<|&(?![A-Za-z_][\w.-]*;|#\d+;|#x[0-9a-fA-F]+;)/.exec(s.slice(settled));
      if (tail) {
        const at = settled + tail.index;
        const lineOfAt = s.slice(0, at).split('\n').length;
        throw new XmlError(lineOfAt, 'question_formats.xml_syntax', { detail: s.slice(at, at + 9) });
      }
    }
    if (message.startsWith('unclosed tag: ') && stack.length > 0) {
      const open = stack[stack.length - 1];
      throw new XmlError(open.line, 'question_formats.xml_unclosed_tag', { tag: open.name });
    }
    if (message === 'undefined entity.') {
      const entity = fragmentBefore(s, parser.position - 1, '&', /[^;]*/y);
      throw new XmlError(line, 'question_formats.xml_entity', { entity });
    }
    throw new XmlError(line, 'question_formats.xml_syntax', { detail: message });
  });
  parser.write(s).close();
  if (!root) throw new XmlError(parser.line, 'question_formats.xml_no_quiz');
  return root;
}

const childEls = (el: XElement, name: string) =>
  el.children.filter((c): c is XElement => c.kind === 'element' && c.name === name);
const child = (el: XElement, name: string) => childEls(el, name)[0] as XElement | undefined;
/** All text inside an element, without recursion so that deep nesting cannot overflow the stack. */
function textContent(el: XElement): string {
  let out = '';
  const todo: (XElement | XText)[] = [...el.children].reverse();
  while (todo.length > 0) {
    const node = todo.pop() as XElement | XText;
    if (node.kind === 'text') out += node.text;
    else for (let i = node.children.length - 1; i >= 0; i--) todo.push(node.children[i]);
  }
  return out;
}
/** The `<text>` inside an element such as `<name>` or `<feedback>`, trimmed as Moodle does. */
const textOfEl = (el: XElement | undefined): string => {
  if (!el) return '';
  const t = child(el, 'text');
  return t ? textContent(t).trim() : '';
};

const FORMATS: Record<string, TextFormat> = {
  html: 'html',
  moodle_auto_format: 'moodle',
  moodle: 'moodle',
  plain_text: 'plain',
  plain: 'plain',
  markdown: 'markdown',
};
const FORMAT_NAMES: Record<TextFormat, string> = {
  html: 'html',
  moodle: 'moodle_auto_format',
  plain: 'plain_text',
  markdown: 'markdown',
};

const SUPPORTED = new Set([
  'multichoice',
  'truefalse',
  'shortanswer',
  'numerical',
  'matching',
  'essay',
  'description',
]);

/** Parses a Moodle XML file. When there are problems, `questions` is empty (all-or-nothing). */
export function parseMoodleXml(text: string): { questions: BankQuestion[]; problems: ImportProblem[] } {
  let root: XElement;
  try {
    root = parseXml(text);
  } catch (e) {
    if (!(e instanceof XmlError)) throw e;
    const p: ImportProblem = { line: e.line, message: e.key };
    if (e.vars) p.vars = e.vars;
    return { questions: [], problems: [p] };
  }
  const problems: ImportProblem[] = [];
  if (root.name !== 'quiz') {
    return { questions: [], problems: [{ line: root.line, message: 'question_formats.xml_no_quiz' }] };
  }
  const questions: BankQuestion[] = [];
  let category: string[] = [];
  for (const q of childEls(root, 'question')) {
    const type = q.attrs.type ?? '';
    if (type === 'category') {
      category = splitCategoryPath(textOfEl(child(q, 'category')));
      continue;
    }
    if (!SUPPORTED.has(type)) {
      problems.push({ line: q.line, message: 'question_formats.xml_unsupported_type', vars: { type } });
      continue;
    }
    const read = readQuestion(q, type, category, problems);
    if (read) questions.push(read);
  }
  problems.sort((a, b) => a.line - b.line);
  return problems.length > 0 ? { questions: [], problems } : { questions, problems };
}

function readQuestion(
  q: XElement,
  type: string,
  category: string[],
  problems: ImportProblem[],
): BankQuestion | null {
  const before = problems.length;
  const problem = (line: number, message: string, vars?: Record<string, string | number>) =>
    problems.push(vars ? { line, message, vars } : { line, message });
  const bool = (name: string, fallback: boolean) => {
    const el = child(q, name);
    if (!el) return fallback;
    const v = textContent(el).trim().toLowerCase();
    return v === 'true' || v === '1';
  };
  const number = (el: XElement | undefined, name: string, fallback: number): number => {
    if (!el) return fallback;
    const raw = textContent(el);
    const n = strictNumber(raw);
    if (n === null) {
      problem(el.line, 'question_formats.xml_bad_number', { element: name, value: raw.trim() || '∅' });
      return fallback;
    }
    return n;
  };
  const fractionOf = (a: XElement, min: number): number => {
    const raw = a.attrs.fraction ?? '0';
    const n = strictNumber(raw);
    if (n === null) {
      problem(a.line, 'question_formats.xml_bad_number', { element: 'answer fraction', value: raw || '∅' });
      return 0;
    }
    if (n < min || n > 100) problem(a.line, 'question_formats.xml_fraction_range', { value: raw, min });
    return roundFraction(n / 100);
  };

  const qt = child(q, 'questiontext');
  if (!qt) problem(q.line, 'question_formats.xml_missing_element', { element: 'questiontext' });
  const textFormat = FORMATS[qt?.attrs.format ?? 'moodle_auto_format'] ?? 'moodle';
  const text = textOfEl(qt);
  const nameEl = child(q, 'name');
  const idEl = child(q, 'idnumber');
  const idNumber = idEl ? textContent(idEl).trim() : '';
  const tags = [
    ...new Set(
      (child(q, 'tags') ? childEls(child(q, 'tags') as XElement, 'tag') : [])
        .map((t) => textOfEl(t).trim())
        .filter((t) => t !== ''),
    ),
  ];
  const answers = childEls(q, 'answer');
  const feedbackOf = (a: XElement) => textOfEl(child(a, 'feedback'));

  let body: QuestionBody | null = null;
  switch (type) {
    case 'description':
      body = { type: 'description' };
      break;
    case 'essay':
      body = { type: 'essay', rubric: [] };
      break;
    case 'multichoice': {
      const choices: Choice[] = answers.map((a, i) => ({
        id: choiceId(i),
        text: textOfEl(a),
        fraction: fractionOf(a, -100),
        feedback: feedbackOf(a),
      }));
      if (choices.length < 2) problem(q.line, 'question_formats.too_few_choices');
      else if (!choices.some((c) => c.fraction > 0)) problem(q.line, 'question_formats.no_correct_answer');
      body = {
        type: bool('single', true) ? 'single_choice' : 'multiple_choice',
        choices,
        shuffle: bool('shuffleanswers', true),
      };
      break;
    }
    case 'truefalse': {
      const t = answers.find((a) => textOfEl(a).trim().toLowerCase() === 'true');
      const f = answers.find((a) => textOfEl(a).trim().toLowerCase() === 'false');
      if (!t || !f) {
        problem(q.line, 'question_formats.xml_missing_element', { element: 'answer' });
        break;
      }
      body = {
        type: 'true_false',
        correct: fractionOf(t, 0) > 0,
        feedbackTrue: feedbackOf(t),
        feedbackFalse: feedbackOf(f),
      };
      break;
    }
    case 'shortanswer': {
      const list = answers.map((a) => ({
        text: textOfEl(a),
        fraction: fractionOf(a, 0),
        feedback: feedbackOf(a),
      }));
      if (list.length === 0) problem(q.line, 'question_formats.xml_missing_element', { element: 'answer' });
      else if (!list.some((a) => a.fraction > 0)) problem(q.line, 'question_formats.no_correct_answer');
      body = { type: 'short_answer', answers: list, caseSensitive: bool('usecase', false) };
      break;
    }
    case 'numerical': {
      const list: NumericalAnswer[] = [];
      for (const a of answers) {
        const raw = textOfEl(a).trim();
        const fraction = fractionOf(a, 0);
        if (raw === '*' || raw === '') {
          list.push({ ...catchAll(feedbackOf(a)), fraction });
          continue;
        }
        const value = strictNumber(raw);
        if (value === null) {
          problem(a.line, 'question_formats.not_a_number', { value: raw });
          continue;
        }
        const tolerance = number(child(a, 'tolerance'), 'tolerance', 0);
        if (tolerance < 0) problem(a.line, 'question_formats.bad_tolerance', { value: tolerance });
        list.push({ kind: 'value', value, tolerance, fraction, feedback: feedbackOf(a) });
      }
      if (list.filter((a) => !isCatchAll(a)).length === 0)
        problem(q.line, 'question_formats.no_numeric_answers');
      body = { type: 'numerical', answers: list };
      break;
    }
    case 'matching': {
      const pairs = childEls(q, 'subquestion').map((sq, i) => ({
        id: pairId(i),
        prompt: textOfEl(sq),
        answer: textOfEl(child(sq, 'answer')),
      }));
      if (pairs.filter((p) => p.prompt !== '').length < 2) problem(q.line, 'question_formats.too_few_pairs');
      body = { type: 'matching', pairs, shuffle: bool('shuffleanswers', true) };
      break;
    }
  }

  let extras: Extras | null = null;
  const g = child(q, 'gongjin');
  if (g) {
    extras = readExtras(textContent(g));
    if (!extras) problem(g.line, 'question_formats.bad_metadata');
  }
  if (problems.length > before || !body) return null;
  const nameText = nameEl ? textOfEl(nameEl).trim() : null;
  const question: BankQuestion = {
    name: nameText ?? defaultName(text),
    text,
    textFormat,
    generalFeedback: textOfEl(child(q, 'generalfeedback')),
    explanation: '',
    defaultMark: number(child(q, 'defaultgrade'), 'defaultgrade', defaultMarkFor(body.type)),
    body,
    category,
    tags,
    idNumber: idNumber === '' ? null : idNumber,
    difficulty: DEFAULT_DIFFICULTY,
  };
  if (problems.length > before) return null;
  if (!extras) return question;
  const final = applyExtras(question, extras);
  for (const key of bodyProblems(final.body)) problem(q.line, key);
  return final;
}

// ---------------------------------------------------------------------------------------------
// Writing XML

const esc = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
/** Text as Moodle writes it: CDATA when it has markup, escaped otherwise. */
const cdata = (s: string) => (/[<&]/.test(s) && !s.includes(']]>') ? `<![CDATA[${s}]]>` : esc(s));
const textEl = (s: string) => `<text>${cdata(s)}</text>`;

/** Writes questions as Moodle XML that Moodle imports and `parseMoodleXml` reads back unchanged. */
export function writeMoodleXml(questions: BankQuestion[]): string {
  const out: string[] = ['<?xml version="1.0" encoding="UTF-8"?>', '<quiz>'];
  let category: string | null = null;
  for (const q of questions) {
    const path = joinCategoryPath(q.category);
    if (path !== category) {
      out.push('  <question type="category">', `    <category>${textEl(path)}</category>`, '  </question>');
      category = path;
    }
    out.push(writeQuestion(q));
  }
  out.push('</quiz>', '');
  return out.join('\n');
}

const MOODLE_TYPE: Record<QuestionBody['type'], string> = {
  single_choice: 'multichoice',
  multiple_choice: 'multichoice',
  true_false: 'truefalse',
  short_answer: 'shortanswer',
  numerical: 'numerical',
  matching: 'matching',
  essay: 'essay',
  sql: 'essay',
  description: 'description',
};

function writeQuestion(q: BankQuestion): string {
  const extras = commonExtras(q);
  // Moodle XML has elements for these, so the extras need not repeat them.
  delete extras.shuffle;
  delete extras.caseSensitive;
  delete extras.defaultMark;
  const fmt = FORMAT_NAMES[q.textFormat];
  const lines: string[] = [`  <question type="${MOODLE_TYPE[q.body.type]}">`];
  const add = (s: string) => lines.push(`    ${s}`);
  let text = q.text;
  if (text.includes(BLANK_MARKER) && q.body.type !== 'description') {
    // Moodle has no blank marker; it shows the blank as a line, as its GIFT import does.
    text = text.replaceAll(BLANK_MARKER, '_____');
    extras.text = q.text;
  }
  add(`<name>${textEl(q.name)}</name>`);
  add(`<questiontext format="${fmt}">${textEl(text)}</questiontext>`);
  add(`<generalfeedback format="${fmt}">${textEl(q.generalFeedback)}</generalfeedback>`);
  add(`<defaultgrade>${q.defaultMark}</defaultgrade>`);
  add(`<penalty>${q.body.type === 'true_false' ? 1 : 0.3333333}</penalty>`);
  add('<hidden>0</hidden>');
  add(`<idnumber>${esc(q.idNumber ?? '')}</idnumber>`);
  const feedback = (s: string) => `<feedback format="${fmt}">${textEl(s)}</feedback>`;
  const b = q.body;
  switch (b.type) {
    case 'single_choice':
    case 'multiple_choice':
      add(`<single>${b.type === 'single_choice'}</single>`);
      add(`<shuffleanswers>${b.shuffle}</shuffleanswers>`);
      add('<answernumbering>abc</answernumbering>');
      for (const c of b.choices)
        add(
          `<answer fraction="${percent(c.fraction)}" format="${fmt}">${textEl(c.text)}${feedback(c.feedback)}</answer>`,
        );
      break;
    case 'true_false':
      add(
        `<answer fraction="${b.correct ? 100 : 0}" format="moodle_auto_format">${textEl('true')}${feedback(b.feedbackTrue)}</answer>`,
      );
      add(
        `<answer fraction="${b.correct ? 0 : 100}" format="moodle_auto_format">${textEl('false')}${feedback(b.feedbackFalse)}</answer>`,
      );
      break;
    case 'short_answer':
      add(`<usecase>${b.caseSensitive ? 1 : 0}</usecase>`);
      for (const a of b.answers)
        add(
          `<answer fraction="${percent(a.fraction)}" format="moodle_auto_format">${textEl(a.text)}${feedback(a.feedback)}</answer>`,
        );
      break;
    case 'numerical':
      // Moodle has no ranges: a range is written as its midpoint ± half its width, and exactly
      // in the extras.
      if (b.answers.some((a) => a.kind === 'range' && !isCatchAll(a))) extras.numerical = b.answers;
      for (const a of b.answers) {
        const [value, tolerance] = isCatchAll(a)
          ? ['*', 0]
          : a.kind === 'range'
            ? [String(a.min / 2 + a.max / 2), a.max / 2 - a.min / 2]
            : [String(a.value), a.tolerance];
        add(
          `<answer fraction="${percent(a.fraction)}" format="moodle_auto_format">${textEl(value)}<tolerance>${tolerance}</tolerance>${feedback(a.feedback)}</answer>`,
        );
      }
      break;
    case 'matching':
      add(`<shuffleanswers>${b.shuffle}</shuffleanswers>`);
      for (const p of b.pairs)
        add(
          `<subquestion format="${fmt}">${textEl(p.prompt)}<answer>${textEl(p.answer)}</answer></subquestion>`,
        );
      break;
    case 'essay':
    case 'sql':
      add('<responseformat>editor</responseformat>');
      add('<responserequired>1</responserequired>');
      add('<responsefieldlines>15</responsefieldlines>');
      add('<attachments>0</attachments>');
      add('<attachmentsrequired>0</attachmentsrequired>');
      add(
        `<graderinfo format="plain_text">${textEl(b.type === 'essay' ? b.rubric.map((r) => `${r.criterion} (${r.points})`).join('\n') : '')}</graderinfo>`,
      );
      add('<responsetemplate format="html"><text></text></responsetemplate>');
      break;
    case 'description':
      break;
  }
  if (q.tags.length) add(`<tags>${q.tags.map((t) => `<tag>${textEl(t)}</tag>`).join('')}</tags>`);
  if (!isEmpty(extras)) add(`<gongjin>${esc(JSON.stringify(extras))}</gongjin>`);
  lines.push('  </question>');
  return lines.join('\n');
}
