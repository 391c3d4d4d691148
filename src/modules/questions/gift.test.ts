import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { catalogue } from '../../i18n/index.ts';
import { samples } from './fixtures/samples.ts';
import { parseCategory, parseGift, writeGift } from './gift.ts';
import { type BankQuestion, BLANK_MARKER, type QuestionBody } from './types.ts';

/** Parses a file that must be valid and returns its questions. */
function ok(text: string): BankQuestion[] {
  const r = parseGift(text);
  expect(r.problems).toEqual([]);
  return r.questions;
}
const one = (text: string) => {
  const qs = ok(text);
  expect(qs).toHaveLength(1);
  return qs[0];
};
const problemsOf = (text: string) => {
  const r = parseGift(text);
  expect(r.questions).toEqual([]);
  return r.problems.map((p) => [p.line, p.message]);
};

describe('GIFT import: the examples of Moodle’s documentation', () => {
  it('reads the docs’ sample file of eight questions', () => {
    const qs = ok(`// true-false
::Q1:: 1+1=2 {T}

// multiple choice with specified feedback for right and wrong answers
::Q2:: What's between orange and green in the spectrum?
{ =yellow # right; good! ~red # wrong, it's yellow ~blue # wrong, it's yellow }

// fill-in-the-blank
::Q3:: Two plus {=two =2} equals four.

// matching
::Q4:: Which animal eats which food? { =cat -> cat food =dog -> dog food }

// math range question
::Q5:: What is a number from 1 to 5? {#3:2}

// math range specified with interval end points
::Q6:: What is a number from 1 to 5? {#1..5}
// translated on import to the same as Q5, but unavailable from Moodle question interface

// multiple numeric answers with partial credit and feedback
::Q7:: When was Ulysses S. Grant born? {#
         =1822:0      # Correct! Full credit.
         =%50%1822:2  # He was born in 1822. Half credit for being close.
}

// essay
::Q8:: How are you? {}
`);
    expect(qs.map((q) => [q.name, q.body.type])).toEqual([
      ['Q1', 'true_false'],
      ['Q2', 'single_choice'],
      ['Q3', 'short_answer'],
      ['Q4', 'matching'],
      ['Q5', 'numerical'],
      ['Q6', 'numerical'],
      ['Q7', 'numerical'],
      ['Q8', 'essay'],
    ]);
    expect(qs[0].text).toBe('1+1=2');
    expect(qs[0].body).toEqual({ type: 'true_false', correct: true, feedbackTrue: '', feedbackFalse: '' });
    expect(qs[1].body).toEqual({
      type: 'single_choice',
      shuffle: true,
      choices: [
        { id: 'a', text: 'yellow', fraction: 1, feedback: 'right; good!' },
        { id: 'b', text: 'red', fraction: 0, feedback: "wrong, it's yellow" },
        { id: 'c', text: 'blue', fraction: 0, feedback: "wrong, it's yellow" },
      ],
    });
    expect(qs[2].text).toBe(`Two plus ${BLANK_MARKER} equals four.`);
    expect(qs[3].body).toEqual({
      type: 'matching',
      shuffle: true,
      pairs: [
        { id: 'p1', prompt: 'cat', answer: 'cat food' },
        { id: 'p2', prompt: 'dog', answer: 'dog food' },
      ],
    });
    expect(qs[4].body).toEqual({
      type: 'numerical',
      answers: [{ kind: 'value', value: 3, tolerance: 2, fraction: 1, feedback: '' }],
    });
    expect(qs[5].body).toEqual({
      type: 'numerical',
      answers: [{ kind: 'range', min: 1, max: 5, fraction: 1, feedback: '' }],
    });
    expect(qs[6].body).toEqual({
      type: 'numerical',
      answers: [
        { kind: 'value', value: 1822, tolerance: 0, fraction: 1, feedback: 'Correct! Full credit.' },
        {
          kind: 'value',
          value: 1822,
          tolerance: 2,
          fraction: 0.5,
          feedback: 'He was born in 1822. Half credit for being close.',
        },
      ],
    });
    expect(qs[7].body).toEqual({ type: 'essay', rubric: [] });
  });

  it('gives Moodle’s defaults: difficulty 3, mark 1, format moodle, no category, a name from the text', () => {
    const q = one("Who's buried in Grant's tomb?{=Grant ~no one ~Napoleon ~Churchill ~Mother Teresa }");
    expect(q).toMatchObject({
      name: "Who's buried in Grant's tomb?",
      text: "Who's buried in Grant's tomb?",
      textFormat: 'moodle',
      difficulty: 3,
      defaultMark: 1,
      category: [],
      tags: [],
      idNumber: null,
      explanation: '',
      generalFeedback: '',
    });
    expect(q.body.type).toBe('single_choice');
  });

  it('reads a missing-word question: the blank goes where the braces were', () => {
    const q = one('Moodle costs {~lots of money =nothing ~a small amount} to download from moodle.org.');
    expect(q.text).toBe(`Moodle costs ${BLANK_MARKER} to download from moodle.org.`);
    expect(q.body.type).toBe('single_choice');
  });

  it('reads short answers with several accepted variants', () => {
    const q = one("Who's buried in Grant's tomb?{=Grant =Ulysses Grant =Ulysses S. Grant}");
    expect(q.body).toEqual({
      type: 'short_answer',
      caseSensitive: false,
      answers: ['Grant', 'Ulysses Grant', 'Ulysses S. Grant'].map((text) => ({
        text,
        fraction: 1,
        feedback: '',
      })),
    });
  });

  it('reads short answers with partial credit in a missing-word question', () => {
    const q = one(
      "::Jesus' hometown::Jesus Christ was from {=Nazareth#Yes! That's right! =%75%Nazereth#Right, but misspelled. =%25%Bethlehem#He was born here, but not raised here.}.",
    );
    expect(q.name).toBe("Jesus' hometown");
    expect(q.text).toBe(`Jesus Christ was from ${BLANK_MARKER}.`);
    expect(q.body).toEqual({
      type: 'short_answer',
      caseSensitive: false,
      answers: [
        { text: 'Nazareth', fraction: 1, feedback: "Yes! That's right!" },
        { text: 'Nazereth', fraction: 0.75, feedback: 'Right, but misspelled.' },
        { text: 'Bethlehem', fraction: 0.25, feedback: 'He was born here, but not raised here.' },
      ],
    });
  });

  it('reads T, F, TRUE and FALSE, with feedback for a wrong and for a right answer', () => {
    const [a, b, c, d] = ok(`Grant is buried in Grant's tomb.{F}

The sun rises in the east.{T}

The sun rises in the west.{FALSE#It rises in the east.#Right, it rises in the east.}

PostgreSQL 支持事务。{TRUE#答错了。#答对了。}`);
    expect(a.body).toMatchObject({ type: 'true_false', correct: false });
    expect(b.body).toMatchObject({ type: 'true_false', correct: true });
    // The first feedback is for the wrong answer (here "true"), the second for the right one.
    expect(c.body).toEqual({
      type: 'true_false',
      correct: false,
      feedbackTrue: 'It rises in the east.',
      feedbackFalse: 'Right, it rises in the east.',
    });
    expect(d.body).toEqual({
      type: 'true_false',
      correct: true,
      feedbackTrue: '答对了。',
      feedbackFalse: '答错了。',
    });
  });

  it('treats lower-case true as a short answer, as Moodle does', () => {
    expect(one('Is it?{=true}').body.type).toBe('short_answer');
  });

  it('reads matching with general feedback on its own line', () => {
    const q = one(`Match the following countries with their corresponding capitals. {
    =Canada -> Ottawa
    =Italy  -> Rome
    =Japan  -> Tokyo
    =India  -> New Delhi
    ####It's good to know the capitals
    }`);
    expect(q.generalFeedback).toBe("It's good to know the capitals");
    expect(q.body.type === 'matching' && q.body.pairs.map((p) => `${p.prompt}=${p.answer}`)).toEqual([
      'Canada=Ottawa',
      'Italy=Rome',
      'Japan=Tokyo',
      'India=New Delhi',
    ]);
  });

  it('keeps a matching answer with an empty prompt as an extra wrong answer', () => {
    const q = one('Match {=a -> 1 =b -> 2 = -> 3}');
    expect(q.body.type === 'matching' && q.body.pairs[2]).toEqual({ id: 'p3', prompt: '', answer: '3' });
  });

  it('reads numerical value:tolerance, min..max and a missing-word numerical', () => {
    expect(one('When was Ulysses S. Grant born?{#1822:5}').body).toEqual({
      type: 'numerical',
      answers: [{ kind: 'value', value: 1822, tolerance: 5, fraction: 1, feedback: '' }],
    });
    const pi = one('What is the value of pi (to 3 decimal places)? {#3.141..3.142}.');
    expect(pi.text).toBe(`What is the value of pi (to 3 decimal places)? ${BLANK_MARKER}.`);
    expect(pi.body).toEqual({
      type: 'numerical',
      // biome-ignore lint/suspicious/noApproximativeNumericConstant: the bounds of Moodle's example
      answers: [{ kind: 'range', min: 3.141, max: 3.142, fraction: 1, feedback: '' }],
    });
  });

  it('reads several numerical answers and the feedback for any other number', () => {
    const q = one('Grant? {#=%100%1822:0 =%50%1822:2 #close ~#Look it up.}');
    expect(q.body).toEqual({
      type: 'numerical',
      answers: [
        { kind: 'value', value: 1822, tolerance: 0, fraction: 1, feedback: '' },
        { kind: 'value', value: 1822, tolerance: 2, fraction: 0.5, feedback: 'close' },
        {
          kind: 'range',
          min: -Number.MAX_VALUE,
          max: Number.MAX_VALUE,
          fraction: 0,
          feedback: 'Look it up.',
        },
      ],
    });
  });

  it('reads per-answer feedback', () => {
    const q = one(
      "What's the answer to this multiple-choice question? { ~wrong answer#feedback comment on the wrong answer ~another wrong answer#feedback comment on this wrong answer =right answer#Very good!}",
    );
    expect(
      q.body.type === 'single_choice' && q.body.choices.map((c) => [c.text, c.fraction, c.feedback]),
    ).toEqual([
      ['wrong answer', 0, 'feedback comment on the wrong answer'],
      ['another wrong answer', 0, 'feedback comment on this wrong answer'],
      ['right answer', 1, 'Very good!'],
    ]);
  });

  it('reads percentage weights: a single right answer among partial ones stays single choice', () => {
    const q = one('Difficult question.{~wrong answer ~%50%half credit answer =full credit answer}');
    expect(q.body.type).toBe('single_choice');
    expect(q.body.type === 'single_choice' && q.body.choices.map((c) => c.fraction)).toEqual([0, 0.5, 1]);
  });

  it('reads multiple right answers with negative weights as multiple choice', () => {
    const q = one(`What two people are entombed in Grant's tomb? {
   ~%-100%No one
   ~%50%Grant
   ~%50%Grant's wife
   ~%-100%Grant's father
}`);
    expect(q.body.type).toBe('multiple_choice');
    expect(q.body.type === 'multiple_choice' && q.body.choices.map((c) => c.fraction)).toEqual([
      -1, 0.5, 0.5, -1,
    ]);
  });

  it('reads decimal weights', () => {
    const q = one('Q {~%33.33333%a ~%33.33333%b ~%33.33334%c ~d}');
    expect(q.body.type === 'multiple_choice' && q.body.choices.map((c) => c.fraction)).toEqual([
      0.3333333, 0.3333333, 0.3333334, 0,
    ]);
  });

  it('reads general feedback after ####', () => {
    const q = one("What's 2+2? {=4 #right ~5 ####Basic addition.}");
    expect(q.generalFeedback).toBe('Basic addition.');
    expect(q.body.type === 'single_choice' && q.body.choices[0].feedback).toBe('right');
    expect(one('Essay {####Write well.}')).toMatchObject({
      body: { type: 'essay' },
      generalFeedback: 'Write well.',
    });
  });

  it('reads a description: a question with no answer block has no mark', () => {
    const q = one('::Intro::You can use your pencil and paper for these next math questions.');
    expect(q).toMatchObject({
      name: 'Intro',
      text: 'You can use your pencil and paper for these next math questions.',
      body: { type: 'description' },
      defaultMark: 0,
    });
  });

  it('reads the text formats [html] [markdown] [plain] [moodle]', () => {
    const qs =
      ok(`[markdown]The *American holiday of Thanksgiving* is celebrated on the {~second ~third =fourth} Thursday of November.

::h::[html]<p>HTML <b>text</b></p>{T}

[plain]1 < 2 {T}

::m::[moodle]Moodle text {T}`);
    expect(qs.map((q) => q.textFormat)).toEqual(['markdown', 'html', 'plain', 'moodle']);
    expect(qs[0].text).toBe(
      `The *American holiday of Thanksgiving* is celebrated on the ${BLANK_MARKER} Thursday of November.`,
    );
    expect(qs[1].text).toBe('<p>HTML <b>text</b></p>');
  });

  it('keeps text in brackets that is not a format tag, and answer texts starting with [x]', () => {
    expect(one('[SQL] 下列哪条语句正确？{T}').text).toBe('[SQL] 下列哪条语句正确？');
    const q = one('Q {=[a] one ~[b] two}');
    expect(q.body.type === 'single_choice' && q.body.choices.map((c) => c.text)).toEqual([
      '[a] one',
      '[b] two',
    ]);
  });

  it('reads the escapes \\~ \\= \\# \\{ \\} \\: \\\\ and \\n', () => {
    const q = one(
      '::GIFT Control Characters:: Which of the following is NOT a control character for the GIFT import format? { ~ \\~ # \\~ is a control character. ~ \\= # \\= is a control character. ~ \\# # \\# is a control character. ~ \\{ # \\{ is a control character. ~ \\} # \\} is a control character. = \\ # Correct! \\ (backslash) is not a control character. BUT, it is used to escape the control characters. }',
    );
    expect(q.body.type === 'single_choice' && q.body.choices.map((c) => [c.text, c.fraction])).toEqual([
      ['~', 0],
      ['=', 0],
      ['#', 0],
      ['{', 0],
      ['}', 0],
      ['\\', 1],
    ]);
    const e = one('::a\\:b::Line one\\nline two, C\\:\\\\new \\{x\\} 1\\=1 \\#2 \\~3 {T}');
    expect(e.name).toBe('a:b');
    expect(e.text).toBe('Line one\nline two, C:\\new {x} 1=1 #2 ~3');
    expect(one('Which answer equals 5? { ~ \\= 2 + 2 = \\= 2 + 3 ~ \\= 2 + 4 }').body).toMatchObject({
      choices: [{ text: '= 2 + 2' }, { text: '= 2 + 3', fraction: 1 }, { text: '= 2 + 4' }],
    });
  });

  it('reads $CATEGORY: with Moodle’s prefixes stripped, // as a slash in a name', () => {
    const qs = ok(`$CATEGORY: $course$/top/PostgreSQL/初级

Q1 {T}

$CATEGORY: tom/dick//harry

Q2 {T}

$CATEGORY: $system$/top

Q3 {T}

// [id:Q4]
$CATEGORY: $module$/top/Default for Quiz
Q4 {T}`);
    expect(qs.map((q) => q.category)).toEqual([
      ['PostgreSQL', '初级'],
      ['tom', 'dick/harry'],
      [],
      ['Default for Quiz'],
    ]);
    expect(parseCategory('$course$/Default for PG')).toEqual(['Default for PG']);
    expect(parseCategory('$coursecategory$/top/A\\:B/C')).toEqual(['A:B', 'C']);
  });

  it('reads // [id:…] [tag:…] comments before a question, and ignores other comments', () => {
    const qs = ok(`// question: 12  name: Moodle's own export comment
// [id:PG-001] [tag:索引] [tag:basics]
// [tag:索引] a repeated tag counts once
::Q:: Q {T}

// [tag:x\\]y] [id:a\\\\b]
Q2 {F}

// a comment alone in its block belongs to no question

Q3 {F}`);
    expect(qs.map((q) => [q.idNumber, q.tags])).toEqual([
      ['PG-001', ['索引', 'basics']],
      ['a\\b', ['x]y']],
      [null, []],
    ]);
  });

  it('ignores comment lines inside a question', () => {
    const q = one(`Q? {
  =a
  // a note for authors
  ~b
}`);
    expect(q.body.type === 'single_choice' && q.body.choices.map((c) => c.text)).toEqual(['a', 'b']);
  });

  it('reads CRLF and CR line ends and a byte-order mark', () => {
    const text = '\uFEFF// c\r\n::A:: one {\r\n=x\r\n~y\r\n}\r\n\r\n::B:: two {T}\r\n';
    const qs = ok(text);
    expect(qs.map((q) => q.name)).toEqual(['A', 'B']);
    expect(qs[0].body.type === 'single_choice' && qs[0].body.choices.map((c) => c.text)).toEqual(['x', 'y']);
    expect(ok('::A:: one {T}\r\r::B:: two {F}').map((q) => q.name)).toEqual(['A', 'B']);
    // Line numbers count CRLF lines once.
    expect(problemsOf('::A:: one {T}\r\n\r\n::B:: two {T')).toEqual([[3, 'question_formats.unclosed_brace']]);
  });

  it('reads an empty file and a comments-only file as no questions and no problems', () => {
    expect(parseGift('')).toEqual({ questions: [], problems: [] });
    expect(parseGift('// nothing\n\n\n// here\n')).toEqual({ questions: [], problems: [] });
  });
});

describe('GIFT import: problems, each with its line, and nothing imported', () => {
  const cases: [string, string, [number, string][]][] = [
    ['an unclosed {', 'ok {T}\n\nQ {\n=a\n~b', [[3, 'question_formats.unclosed_brace']]],
    ['a } without {', 'Q } {T', [[1, 'question_formats.unmatched_brace']]],
    ['a { inside the answer block', 'Q {=a {~b}', [[1, 'question_formats.unclosed_brace']]],
    [
      'a second answer block',
      'Q {T}\nmore {F}',
      [
        [2, 'question_formats.extra_brace'],
        [2, 'question_formats.extra_brace'],
      ],
    ],
    ['an unclosed name', '\n::name Q {T}', [[2, 'question_formats.unclosed_name']]],
    ['an unknown format tag', 'a {T}\n\n[htm]b {T}', [[3, 'question_formats.unknown_format']]],
    [
      'an unknown format tag in general feedback',
      'Q {T\n####[rtf]x}',
      [[2, 'question_formats.unknown_format']],
    ],
    ['matching with one pair', 'Q {\n=a -> 1\n}', [[2, 'question_formats.too_few_pairs']]],
    [
      'a matching item without ->',
      'Q {\n=a -> 1\n=b 2\n=c -> 3}',
      [[3, 'question_formats.pair_without_arrow']],
    ],
    ['one choice', 'Q {~a}', [[1, 'question_formats.too_few_choices']]],
    ['no right choice', 'Q {\n~a\n~%-50%b\n}', [[2, 'question_formats.no_correct_answer']]],
    ['a weight over 100', 'Q {\n~a\n~%150%b\n}', [[3, 'question_formats.weight_range']]],
    ['a weight under -100', 'Q {~%-101%a =b}', [[1, 'question_formats.weight_range']]],
    ['a negative short-answer weight', 'Q {=%-50%a =b}', [[1, 'question_formats.weight_range']]],
    ['a weight that is not a number', 'Q {~%abc%a =b}', [[1, 'question_formats.bad_weight']]],
    ['a weight after = in a choice', 'Q {~a =%50%b}', [[1, 'question_formats.weight_after_equals']]],
    ['numeric garbage', 'Q {#\n=abc\n}', [[2, 'question_formats.not_a_number']]],
    ['a numeric tolerance that is garbage', 'Q {#5:x}', [[1, 'question_formats.not_a_number']]],
    ['a negative tolerance', 'Q {#5:-1}', [[1, 'question_formats.bad_tolerance']]],
    ['a range upside down', 'Q {#5..1}', [[1, 'question_formats.bad_range']]],
    ['a numerical question without answers', 'Q {#}', [[1, 'question_formats.no_numeric_answers']]],
    ['answers without = or ~', 'Q {\nfoo =bar}', [[2, 'question_formats.answer_without_marker']]],
    ['an empty answer', 'Q {= =b}', [[1, 'question_formats.empty_answer']]],
    ['bad extras JSON', '// [gongjin:{oops]\nQ {T}', [[1, 'question_formats.bad_metadata']]],
    [
      'extras of the wrong shape',
      '// [gongjin:{"difficulty":9}]\nQ {T}',
      [[1, 'question_formats.bad_metadata']],
    ],
  ];
  for (const [what, text, expected] of cases) {
    it(`reports ${what}`, () => {
      expect(problemsOf(text)).toEqual(expected);
    });
  }

  it('reports every problem in the file, not just the first', () => {
    const text = `::ok:: fine {T}

::a:: one {~x}

::b:: two {#abc}

::c:: three {=x -> 1}

::d:: four {`;
    expect(problemsOf(text)).toEqual([
      [3, 'question_formats.too_few_choices'],
      [5, 'question_formats.not_a_number'],
      [7, 'question_formats.too_few_pairs'],
      [9, 'question_formats.unclosed_brace'],
    ]);
  });

  it('carries values for the message', () => {
    const [p] = parseGift('[foo]Q {T}').problems;
    expect(p).toEqual({ line: 1, message: 'question_formats.unknown_format', vars: { tag: 'foo' } });
  });

  it('uses message keys that both catalogues have', () => {
    const keys = new Set<string>();
    const texts = [
      'Q {',
      'Q }',
      '::x',
      '[x]Q {T}',
      'Q {~a}',
      'Q {~a ~b}',
      'Q {=a -> 1}',
      'Q {=a =b -> 1 =c}',
      'Q {#x}',
      'Q {#5:-1}',
      'Q {#2..1}',
      'Q {#}',
      'Q {~%x%a =b}',
      'Q {~%200%a =b}',
      'Q {=%5%a ~b}',
      'Q {x =a}',
      'Q {= =a}',
      '// [gongjin:x]\nQ {T}',
      'Q {T}\nx {F}',
    ];
    for (const t of texts) for (const p of parseGift(t).problems) keys.add(p.message);
    expect(keys.size).toBeGreaterThanOrEqual(17);
    for (const k of keys) {
      expect(catalogue('zh-CN')).toHaveProperty([k]);
      expect(catalogue('en')).toHaveProperty([k]);
    }
  });
});

describe('GIFT export', () => {
  it('writes what Moodle’s exporter writes for plain questions', () => {
    const q: BankQuestion = {
      ...samples[0],
      tags: [],
      idNumber: null,
    };
    expect(writeGift([q])).toBe(`$CATEGORY: $course$/top/PostgreSQL/初级

::单选：默认端口::PostgreSQL 的默认端口是？{
\t=5432#正确！
\t~3306#这是 MySQL 的端口。
\t~1521
}
`);
  });

  it('writes ids and tags as a Moodle comment, and our extra fields as a comment Moodle ignores', () => {
    const text = writeGift([samples[1]]);
    expect(text).toContain('// [id:id\\]with\\\\odd] [tag:a\\]b] [tag:c\\\\d]\n');
    const extras = text.split('\n').find((l) => l.startsWith('// [gongjin:'));
    expect(extras).toBeDefined();
    // Brackets in strings are escaped so Moodle's [tag:…] reader never finds one in an explanation.
    expect(extras?.slice('// [gongjin:'.length, -1)).not.toMatch(/\[tag:/);
    expect(JSON.parse(extras?.slice('// [gongjin:'.length, -1) ?? '')).toMatchObject({ difficulty: 5 });
  });

  it('writes a SQL question as an essay plus its spec in the extras comment', () => {
    const sql = samples.find((q) => q.body.type === 'sql') as BankQuestion;
    const text = writeGift([sql]);
    expect(text).toMatch(/::SQL：统计订单::写一条查询，统计每位客户的订单数。\{\}\n$/);
    expect(text).toContain('"referenceSql":"SELECT customer, count(*) FROM orders GROUP BY customer;"');
  });

  it('writes nothing for no questions', () => {
    expect(writeGift([])).toBe('');
  });
});

describe('GIFT round trip', () => {
  it('writeGift → parseGift gives the same questions, for every type and every escape', () => {
    const types = new Set(samples.map((q) => q.body.type));
    expect(types.size).toBe(9);
    const r = parseGift(writeGift(samples));
    expect(r.problems).toEqual([]);
    expect(r.questions).toEqual(samples);
  });

  it('each sample round-trips on its own too', () => {
    for (const q of samples) expect(parseGift(writeGift([q])).questions).toEqual([q]);
  });

  it('parse → write → parse is stable for Moodle-written files', () => {
    const text = `::Q7:: When was Ulysses S. Grant born? {#
         =1822:0      # Correct! Full credit.
         =%50%1822:2  # He was born in 1822. Half credit for being close.
         ~#Wrong.
}

Moodle costs {~lots of money =nothing ~a small amount} to download from moodle.org.`;
    const first = ok(text);
    expect(ok(writeGift(first))).toEqual(first);
  });

  it('round-trips the demo file', () => {
    const demo = readFileSync(path.join(import.meta.dirname, 'fixtures/postgresql-basics.gift'), 'utf8');
    const qs = ok(demo);
    expect(qs.length).toBeGreaterThanOrEqual(15);
    const types = new Set<QuestionBody['type']>(qs.map((q) => q.body.type));
    for (const t of [
      'single_choice',
      'multiple_choice',
      'true_false',
      'short_answer',
      'numerical',
      'matching',
      'essay',
      'description',
    ] as const)
      expect(types).toContain(t);
    expect(qs.some((q) => q.text.includes(BLANK_MARKER))).toBe(true);
    expect(qs.every((q) => q.category[0] === 'PostgreSQL')).toBe(true);
    expect(ok(writeGift(qs))).toEqual(qs);
  });
});
