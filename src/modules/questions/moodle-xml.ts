/**
 * Moodle XML import and export (docs.moodle.org "Moodle XML format"; Moodle's qformat_xml) for
 * the question types of the bank. The XML reader is a small hand-written one: it knows elements,
 * attributes, text, CDATA, comments and processing instructions, and the five predefined and
 * numeric character entities. A DOCTYPE is refused outright, so no entity can expand (no
 * "billion laughs", no external entities). Well-formedness errors stop the reading at the first
 * one; question errors are all reported, each with the line of its element, and then nothing is
 * imported. Fields Moodle has no element for travel in a `<gongjin>` element holding JSON, which
 * Moodle ignores (format-extras.ts).
 */
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

const NAME = /[A-Za-z_:][-A-Za-z0-9_.:]*/y;
const PREDEFINED: Record<string, string> = { lt: '<', gt: '>', amp: '&', quot: '"', apos: "'" };

/** Parses an XML document into a tree; throws XmlError at the first well-formedness error. */
function parseXml(input: string): XElement {
  const s = input.replace(/^\uFEFF/, '').replace(/\r\n?/g, '\n');
  const lineStarts = [0];
  for (let i = 0; i < s.length; i++) if (s[i] === '\n') lineStarts.push(i + 1);
  const lineAt = (offset: number) => {
    let lo = 0;
    let hi = lineStarts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (lineStarts[mid] <= offset) lo = mid;
      else hi = mid - 1;
    }
    return lo + 1;
  };
  const fail = (offset: number, detail: string): never => {
    throw new XmlError(lineAt(offset), 'question_formats.xml_syntax', { detail });
  };

  const decode = (raw: string, at: number): string =>
    raw.replace(/&([^;&\s<]*);?/g, (whole, name: string, offset: number) => {
      if (!whole.endsWith(';')) return fail(at + offset, '&');
      if (name in PREDEFINED) return PREDEFINED[name];
      const num = /^#(x[0-9a-fA-F]+|[0-9]+)$/.exec(name);
      if (num) {
        const code = num[1][0] === 'x' ? Number.parseInt(num[1].slice(1), 16) : Number(num[1]);
        if (code > 0 && code <= 0x10ffff && !(code >= 0xd800 && code <= 0xdfff))
          return String.fromCodePoint(code);
      }
      throw new XmlError(lineAt(at + offset), 'question_formats.xml_entity', { entity: name });
    });

  const readName = (at: number): string => {
    NAME.lastIndex = at;
    const m = NAME.exec(s);
    return m ? m[0] : fail(at, '<');
  };

  let root: XElement | null = null;
  const stack: XElement[] = [];
  let i = 0;
  const until = (token: string, from: number, what: string) => {
    const end = s.indexOf(token, from);
    if (end < 0) fail(from, what);
    return end;
  };
  while (i < s.length) {
    if (s.startsWith('<?', i)) {
      i = until('?>', i + 2, '<?') + 2;
    } else if (s.startsWith('<!--', i)) {
      i = until('-->', i + 4, '<!--') + 3;
    } else if (s.startsWith('<![CDATA[', i)) {
      const end = until(']]>', i + 9, '<![CDATA[');
      if (stack.length === 0) fail(i, 'CDATA');
      stack[stack.length - 1].children.push({ kind: 'text', text: s.slice(i + 9, end) });
      i = end + 3;
    } else if (/^<!doctype/i.test(s.slice(i, i + 9))) {
      throw new XmlError(lineAt(i), 'question_formats.xml_doctype');
    } else if (s.startsWith('<!', i)) {
      fail(i, '<!');
    } else if (s.startsWith('</', i)) {
      const name = readName(i + 2);
      let j = i + 2 + name.length;
      while (/\s/.test(s[j] ?? '')) j++;
      if (s[j] !== '>') fail(j, `</${name}`);
      const open = stack.pop();
      if (!open) fail(i, `</${name}>`);
      else if (open.name !== name)
        throw new XmlError(lineAt(i), 'question_formats.xml_mismatched_tag', {
          expected: open.name,
          found: name,
        });
      i = j + 1;
    } else if (s[i] === '<') {
      const name = readName(i + 1);
      const el: XElement = { kind: 'element', name, attrs: {}, children: [], line: lineAt(i) };
      let j = i + 1 + name.length;
      for (;;) {
        const ws = j;
        while (/\s/.test(s[j] ?? '')) j++;
        if (s.startsWith('/>', j) || s[j] === '>') break;
        if (j === ws || j >= s.length) fail(j, `<${name}`);
        const attr = readName(j);
        j += attr.length;
        while (/\s/.test(s[j] ?? '')) j++;
        if (s[j] !== '=') fail(j, attr);
        j++;
        while (/\s/.test(s[j] ?? '')) j++;
        const quote = s[j];
        if (quote !== '"' && quote !== "'") fail(j, attr);
        const end = until(quote, j + 1, attr);
        const raw = s.slice(j + 1, end);
        if (raw.includes('<')) fail(j, attr);
        if (attr in el.attrs) fail(j, attr);
        el.attrs[attr] = decode(raw, j + 1);
        j = end + 1;
      }
      if (stack.length > 0) stack[stack.length - 1].children.push(el);
      else if (root) fail(i, `<${name}>`);
      else root = el;
      if (s.startsWith('/>', j)) i = j + 2;
      else {
        stack.push(el);
        i = j + 1;
      }
    } else {
      const end = s.indexOf('<', i);
      const stop = end < 0 ? s.length : end;
      const raw = s.slice(i, stop);
      if (stack.length > 0) stack[stack.length - 1].children.push({ kind: 'text', text: decode(raw, i) });
      else if (raw.trim() !== '') fail(i + raw.length - raw.trimStart().length, raw.trim().slice(0, 20));
      i = stop;
    }
  }
  if (stack.length > 0) {
    const open = stack[stack.length - 1];
    throw new XmlError(open.line, 'question_formats.xml_unclosed_tag', { tag: open.name });
  }
  if (!root) throw new XmlError(1, 'question_formats.xml_no_quiz');
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
