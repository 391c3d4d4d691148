import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { catalogue } from '../../i18n/index.ts';
import { samples } from './fixtures/samples.ts';
import { parseGift, writeGift } from './gift.ts';
import { parseMoodleXml, writeMoodleXml } from './moodle-xml.ts';
import { type BankQuestion, BLANK_MARKER } from './types.ts';

function ok(text: string): BankQuestion[] {
  const r = parseMoodleXml(text);
  expect(r.problems).toEqual([]);
  return r.questions;
}
const problemsOf = (text: string) => {
  const r = parseMoodleXml(text);
  expect(r.questions).toEqual([]);
  return r.problems.map((p) => [p.line, p.message]);
};
const quiz = (body: string) => `<?xml version="1.0" encoding="UTF-8"?>\n<quiz>\n${body}\n</quiz>\n`;

/** A file as Moodle 4 exports it (question bank → export → Moodle XML format). */
const MOODLE_EXPORT = `<?xml version="1.0" encoding="UTF-8"?>
<quiz>
<!-- question: 0  -->
  <question type="category">
    <category>
      <text>$course$/top/Default for PG 101/索引</text>
    </category>
    <info format="moodle_auto_format">
      <text></text>
    </info>
    <idnumber></idnumber>
  </question>

<!-- question: 11  -->
  <question type="multichoice">
    <name>
      <text>Default index</text>
    </name>
    <questiontext format="html">
      <text><![CDATA[<p>Which index type does <code>CREATE INDEX</code> build by default?</p>]]></text>
    </questiontext>
    <generalfeedback format="html">
      <text><![CDATA[<p>B-tree &amp; friends.</p>]]></text>
    </generalfeedback>
    <defaultgrade>1.0000000</defaultgrade>
    <penalty>0.3333333</penalty>
    <hidden>0</hidden>
    <idnumber>IDX-1</idnumber>
    <single>true</single>
    <shuffleanswers>true</shuffleanswers>
    <answernumbering>abc</answernumbering>
    <showstandardinstruction>0</showstandardinstruction>
    <correctfeedback format="html">
      <text>Your answer is correct.</text>
    </correctfeedback>
    <answer fraction="100" format="html">
      <text><![CDATA[<p>B-tree</p>]]></text>
      <feedback format="html">
        <text>Right.</text>
      </feedback>
    </answer>
    <answer fraction="0" format="html">
      <text>GIN</text>
      <feedback format="html">
        <text></text>
      </feedback>
    </answer>
    <tags>
      <tag><text>索引</text>
</tag>
    </tags>
  </question>

<!-- question: 12  -->
  <question type="multichoice">
    <name><text>Open source</text></name>
    <questiontext format="moodle_auto_format"><text>Which are open source?</text></questiontext>
    <defaultgrade>2.0000000</defaultgrade>
    <single>false</single>
    <shuffleanswers>0</shuffleanswers>
    <answer fraction="50"><text>PostgreSQL</text></answer>
    <answer fraction="50"><text>openGauss</text></answer>
    <answer fraction="-100"><text>Excel</text><feedback><text>Not a database</text></feedback></answer>
  </question>

  <question type="truefalse">
    <name><text>MVCC</text></name>
    <questiontext format="plain_text"><text>PostgreSQL uses MVCC.</text></questiontext>
    <answer fraction="100" format="moodle_auto_format"><text>true</text><feedback format="html"><text>Yes.</text></feedback></answer>
    <answer fraction="0" format="moodle_auto_format"><text>false</text><feedback format="html"><text>No, it does.</text></feedback></answer>
  </question>

  <question type="shortanswer">
    <name><text>psql list</text></name>
    <questiontext format="markdown"><text>List databases in **psql**</text></questiontext>
    <usecase>1</usecase>
    <answer fraction="100"><text>\\l</text><feedback><text></text></feedback></answer>
    <answer fraction="50"><text>\\list</text><feedback><text>longer</text></feedback></answer>
  </question>

  <question type="numerical">
    <name><text>Port</text></name>
    <questiontext format="html"><text>Default port?</text></questiontext>
    <answer fraction="100"><text>5432</text><tolerance>0</tolerance><feedback><text>Yes</text></feedback></answer>
    <answer fraction="50"><text>5430</text><tolerance>5</tolerance><feedback><text>close</text></feedback></answer>
    <answer fraction="0"><text>*</text><tolerance>0</tolerance><feedback><text>No</text></feedback></answer>
    <units><unit><multiplier>1</multiplier><unit_name></unit_name></unit></units>
  </question>

  <question type="matching">
    <name><text>Commands</text></name>
    <questiontext format="html"><text>Match them</text></questiontext>
    <shuffleanswers>true</shuffleanswers>
    <subquestion format="html"><text><![CDATA[<p>VACUUM</p>]]></text><answer><text>reclaim</text></answer></subquestion>
    <subquestion format="html"><text>ANALYZE</text><answer><text>statistics</text></answer></subquestion>
    <subquestion format="html"><text></text><answer><text>distractor</text></answer></subquestion>
  </question>

  <question type="essay">
    <name><text>Explain</text></name>
    <questiontext format="html"><text>Explain WAL.</text></questiontext>
    <defaultgrade>10</defaultgrade>
    <responseformat>editor</responseformat>
    <graderinfo format="html"><text>Durability</text></graderinfo>
  </question>

  <question type="description">
    <name><text>Intro</text></name>
    <questiontext format="html"><text>Read carefully &#x4E2D;&#25991; &lt;ok&gt; &quot;q&quot; &apos;a&apos;</text></questiontext>
    <defaultgrade>0.0000000</defaultgrade>
  </question>
</quiz>
`;

describe('Moodle XML import', () => {
  it('reads a Moodle export of every supported type', () => {
    const qs = ok(MOODLE_EXPORT);
    expect(qs.map((q) => [q.name, q.body.type])).toEqual([
      ['Default index', 'single_choice'],
      ['Open source', 'multiple_choice'],
      ['MVCC', 'true_false'],
      ['psql list', 'short_answer'],
      ['Port', 'numerical'],
      ['Commands', 'matching'],
      ['Explain', 'essay'],
      ['Intro', 'description'],
    ]);
    const [mc, multi, tf, sa, num, match, essay, desc] = qs;
    expect(mc).toEqual({
      name: 'Default index',
      text: '<p>Which index type does <code>CREATE INDEX</code> build by default?</p>',
      textFormat: 'html',
      generalFeedback: '<p>B-tree &amp; friends.</p>',
      explanation: '',
      defaultMark: 1,
      category: ['Default for PG 101', '索引'],
      tags: ['索引'],
      idNumber: 'IDX-1',
      difficulty: 3,
      body: {
        type: 'single_choice',
        shuffle: true,
        choices: [
          { id: 'a', text: '<p>B-tree</p>', fraction: 1, feedback: 'Right.' },
          { id: 'b', text: 'GIN', fraction: 0, feedback: '' },
        ],
      },
    });
    expect(multi).toMatchObject({ defaultMark: 2, textFormat: 'moodle', idNumber: null, tags: [] });
    expect(multi.body).toEqual({
      type: 'multiple_choice',
      shuffle: false,
      choices: [
        { id: 'a', text: 'PostgreSQL', fraction: 0.5, feedback: '' },
        { id: 'b', text: 'openGauss', fraction: 0.5, feedback: '' },
        { id: 'c', text: 'Excel', fraction: -1, feedback: 'Not a database' },
      ],
    });
    expect(tf).toMatchObject({ textFormat: 'plain' });
    expect(tf.body).toEqual({
      type: 'true_false',
      correct: true,
      feedbackTrue: 'Yes.',
      feedbackFalse: 'No, it does.',
    });
    expect(sa).toMatchObject({ textFormat: 'markdown' });
    expect(sa.body).toEqual({
      type: 'short_answer',
      caseSensitive: true,
      answers: [
        { text: '\\l', fraction: 1, feedback: '' },
        { text: '\\list', fraction: 0.5, feedback: 'longer' },
      ],
    });
    expect(num.body).toEqual({
      type: 'numerical',
      answers: [
        { kind: 'value', value: 5432, tolerance: 0, fraction: 1, feedback: 'Yes' },
        { kind: 'value', value: 5430, tolerance: 5, fraction: 0.5, feedback: 'close' },
        { kind: 'range', min: -Number.MAX_VALUE, max: Number.MAX_VALUE, fraction: 0, feedback: 'No' },
      ],
    });
    expect(match.body).toEqual({
      type: 'matching',
      shuffle: true,
      pairs: [
        { id: 'p1', prompt: '<p>VACUUM</p>', answer: 'reclaim' },
        { id: 'p2', prompt: 'ANALYZE', answer: 'statistics' },
        { id: 'p3', prompt: '', answer: 'distractor' },
      ],
    });
    expect(essay).toMatchObject({ defaultMark: 10, body: { type: 'essay', rubric: [] } });
    expect(desc).toMatchObject({ text: 'Read carefully 中文 <ok> "q" \'a\'', defaultMark: 0 });
  });

  it('reads CRLF files and a byte-order mark, and counts lines once per CRLF', () => {
    const crlf =
      `\uFEFF${quiz('<question type="truefalse"><name><text>T</text></name><questiontext><text>a\nb</text></questiontext><answer fraction="100"><text>true</text></answer><answer fraction="0"><text>false</text></answer></question>')}`.replace(
        /\n/g,
        '\r\n',
      );
    const [q] = ok(crlf);
    expect(q.text).toBe('a\nb');
    expect(problemsOf(quiz('\n<question type="cloze"></question>').replace(/\n/g, '\r\n'))).toEqual([
      [4, 'question_formats.xml_unsupported_type'],
    ]);
  });

  it('reads text nested deeper than a recursive reader could', () => {
    const deep = `${'<b>'.repeat(50_000)}x${'</b>'.repeat(50_000)}`;
    const [q] = ok(
      quiz(`<question type="essay"><questiontext><text>${deep}</text></questiontext></question>`),
    );
    expect(q.text).toBe('x');
  });

  it('gives a question without a name one from its text', () => {
    const [q] = ok(
      quiz('<question type="essay"><questiontext><text>说明 WAL 的作用</text></questiontext></question>'),
    );
    expect(q.name).toBe('说明 WAL 的作用');
  });
});

describe('Moodle XML import: problems with lines, and nothing imported', () => {
  it('refuses a DOCTYPE, so no entity is ever expanded', () => {
    const bomb = `<?xml version="1.0"?>
<!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;">]>
<quiz><question type="description"><questiontext><text>&lol2;</text></questiontext></question></quiz>`;
    expect(problemsOf(bomb)).toEqual([[2, 'question_formats.xml_doctype']]);
  });

  const cases: [string, string, [number, string][]][] = [
    [
      'a mismatched end tag',
      quiz('<question type="essay">\n<questiontext><text>x</txt></questiontext></question>'),
      [[4, 'question_formats.xml_mismatched_tag']],
    ],
    [
      'an unclosed tag',
      '<quiz>\n<question type="essay">\n<questiontext><text>x</text></questiontext>\n',
      [[2, 'question_formats.xml_unclosed_tag']],
    ],
    [
      'an unknown entity',
      quiz('\n<question type="essay"><questiontext><text>&nbsp;</text></questiontext></question>'),
      [[4, 'question_formats.xml_entity']],
    ],
    [
      'a bare ampersand',
      quiz('<question type="essay"><questiontext><text>a & b</text></questiontext></question>'),
      [[3, 'question_formats.xml_syntax']],
    ],
    ['a broken attribute', quiz('<question type=essay></question>'), [[3, 'question_formats.xml_syntax']]],
    [
      'a duplicate attribute',
      quiz('<question type="essay" type="x"></question>'),
      [[3, 'question_formats.xml_syntax']],
    ],
    ['text after the root', '<quiz></quiz>\nhello', [[2, 'question_formats.xml_syntax']]],
    ['an unclosed comment', '<quiz>\n<!-- x', [[2, 'question_formats.xml_syntax']]],
    [
      'another root element',
      '<?xml version="1.0"?>\n<questions></questions>',
      [[2, 'question_formats.xml_no_quiz']],
    ],
    ['an empty file', '', [[1, 'question_formats.xml_no_quiz']]],
    [
      'an unsupported type',
      quiz(
        '<question type="essay"><questiontext><text>x</text></questiontext></question>\n<question type="calculated"></question>',
      ),
      [[4, 'question_formats.xml_unsupported_type']],
    ],
    [
      'a missing question text',
      quiz('<question type="essay"></question>'),
      [[3, 'question_formats.xml_missing_element']],
    ],
    [
      'a fraction that is not a number',
      quiz(
        '<question type="multichoice"><questiontext><text>x</text></questiontext>\n<answer fraction="lots"><text>a</text></answer>\n<answer fraction="100"><text>b</text></answer></question>',
      ),
      [[4, 'question_formats.xml_bad_number']],
    ],
    [
      'a fraction out of range',
      quiz(
        '<question type="multichoice"><questiontext><text>x</text></questiontext>\n<answer fraction="-150"><text>a</text></answer>\n<answer fraction="100"><text>b</text></answer></question>',
      ),
      [[4, 'question_formats.xml_fraction_range']],
    ],
    [
      'no right choice',
      quiz(
        '<question type="multichoice"><questiontext><text>x</text></questiontext><answer fraction="0"><text>a</text></answer><answer fraction="0"><text>b</text></answer></question>',
      ),
      [[3, 'question_formats.no_correct_answer']],
    ],
    [
      'one choice',
      quiz(
        '<question type="multichoice"><questiontext><text>x</text></questiontext><answer fraction="100"><text>a</text></answer></question>',
      ),
      [[3, 'question_formats.too_few_choices']],
    ],
    [
      'true/false without a false answer',
      quiz(
        '<question type="truefalse"><questiontext><text>x</text></questiontext><answer fraction="100"><text>true</text></answer></question>',
      ),
      [[3, 'question_formats.xml_missing_element']],
    ],
    [
      'matching with one pair',
      quiz(
        '<question type="matching"><questiontext><text>x</text></questiontext><subquestion><text>a</text><answer><text>1</text></answer></subquestion></question>',
      ),
      [[3, 'question_formats.too_few_pairs']],
    ],
    [
      'numerical garbage',
      quiz(
        '<question type="numerical"><questiontext><text>x</text></questiontext>\n<answer fraction="100"><text>five</text></answer></question>',
      ),
      [
        [4, 'question_formats.not_a_number'],
        [3, 'question_formats.no_numeric_answers'],
      ].sort((a, b) => (a[0] as number) - (b[0] as number)) as [number, string][],
    ],
    [
      'a bad default grade',
      quiz(
        '<question type="essay"><questiontext><text>x</text></questiontext>\n<defaultgrade>one</defaultgrade></question>',
      ),
      [[4, 'question_formats.xml_bad_number']],
    ],
    [
      'bad extras',
      quiz(
        '<question type="essay"><questiontext><text>x</text></questiontext>\n<gongjin>{"difficulty":0}</gongjin></question>',
      ),
      [[4, 'question_formats.bad_metadata']],
    ],
  ];
  for (const [what, text, expected] of cases) {
    it(`reports ${what}`, () => {
      expect(problemsOf(text)).toEqual(expected);
    });
  }

  it('reports every question’s problems, and their message keys exist in both languages', () => {
    const r = parseMoodleXml(
      quiz(`<question type="shortanswer"><questiontext><text>x</text></questiontext><answer fraction="0"><text>a</text></answer></question>
<question type="ddwtos"></question>
<question type="multichoice"><questiontext><text>x</text></questiontext><answer fraction="100"><text>a</text></answer></question>`),
    );
    expect(r.questions).toEqual([]);
    expect(r.problems.map((p) => [p.line, p.message])).toEqual([
      [3, 'question_formats.no_correct_answer'],
      [4, 'question_formats.xml_unsupported_type'],
      [5, 'question_formats.too_few_choices'],
    ]);
    expect(r.problems[1].vars).toEqual({ type: 'ddwtos' });
    for (const p of r.problems) {
      expect(catalogue('zh-CN')).toHaveProperty([p.message]);
      expect(catalogue('en')).toHaveProperty([p.message]);
    }
  });
});

describe('Moodle XML export', () => {
  it('writes Moodle’s elements, CDATA for markup, and the extras in an element Moodle ignores', () => {
    const xml = writeMoodleXml(samples);
    expect(xml.startsWith('<?xml version="1.0" encoding="UTF-8"?>\n<quiz>\n')).toBe(true);
    expect(xml).toContain('<category><text>$course$/top/PostgreSQL/中级/a//b 分类</text></category>');
    expect(xml).toContain('<single>false</single>');
    expect(xml).toContain('<usecase>1</usecase>');
    expect(xml).toContain('<answer fraction="-100" format="moodle_auto_format"><text>Excel</text>');
    expect(xml).toContain(
      '<subquestion format="html"><text>VACUUM</text><answer><text>回收死元组</text></answer></subquestion>',
    );
    expect(xml).toContain('<question type="essay">');
    expect(xml).toContain('<gongjin>{"explanation":"用 `GROUP BY`。","type":"sql","sql":{');
    // A range becomes Moodle's midpoint ± tolerance; the exact range is in the extras.
    expect(xml).toContain('<text>2023</text><tolerance>1</tolerance>');
    // The blank of a missing-word question is shown as Moodle shows it.
    expect(xml).toContain('<text>查看所有数据库的 psql 元命令是 _____。</text>');
    const html = writeMoodleXml([{ ...samples[0], textFormat: 'html', text: '<p>a &amp; b</p>' }]);
    expect(html).toContain(
      '<questiontext format="html"><text><![CDATA[<p>a &amp; b</p>]]></text></questiontext>',
    );
  });
});

describe('Moodle XML round trips', () => {
  it('writeMoodleXml → parseMoodleXml gives the same questions, for every type', () => {
    expect(new Set(samples.map((q) => q.body.type)).size).toBe(9);
    const r = parseMoodleXml(writeMoodleXml(samples));
    expect(r.problems).toEqual([]);
    expect(r.questions).toEqual(samples);
  });

  it('keeps text that looks like CDATA or markup', () => {
    const tricky: BankQuestion = { ...samples[0], text: 'a ]]> b <c> & d', name: '<x>&amp;' };
    expect(ok(writeMoodleXml([tricky]))).toEqual([tricky]);
  });

  it('GIFT → XML → GIFT gives the same file', () => {
    const demo = readFileSync(path.join(import.meta.dirname, 'fixtures/postgresql-basics.gift'), 'utf8');
    const fromGift = parseGift(demo).questions;
    const viaXml = ok(writeMoodleXml(fromGift));
    expect(viaXml).toEqual(fromGift);
    expect(writeGift(viaXml)).toBe(writeGift(fromGift));
    expect(fromGift.some((q) => q.text.includes(BLANK_MARKER))).toBe(true);
  });

  it('XML → GIFT → XML keeps a Moodle export', () => {
    const first = ok(MOODLE_EXPORT);
    const again = parseGift(writeGift(first));
    expect(again.problems).toEqual([]);
    expect(again.questions).toEqual(first);
  });
});

describe('Moodle XML reader (saxes)', () => {
  const first = (text: string) => parseMoodleXml(text).problems[0];

  it('names the tags and the entity, with the line where each stands', () => {
    expect(
      first(quiz('<question type="essay">\n<questiontext><text>x</txt></questiontext></question>')),
    ).toEqual({
      line: 4,
      message: 'question_formats.xml_mismatched_tag',
      vars: { expected: 'text', found: 'txt' },
    });
    expect(
      first(quiz('\n\n<question type="essay"><questiontext><text>&nbsp;</text></questiontext></question>')),
    ).toEqual({ line: 5, message: 'question_formats.xml_entity', vars: { entity: 'nbsp' } });
    expect(first(quiz('<question type="essay" type="x"></question>'))).toEqual({
      line: 3,
      message: 'question_formats.xml_syntax',
      vars: { detail: 'duplicate attribute: type.' },
    });
  });

  it('refuses every DOCTYPE, an external entity and a plain public one alike', () => {
    const external = `<?xml version="1.0"?>\n<!DOCTYPE quiz [\n<!ENTITY x SYSTEM "file:///etc/passwd">\n]>\n<quiz>&x;</quiz>`;
    expect(problemsOf(external)).toEqual([[4, 'question_formats.xml_doctype']]);
    expect(problemsOf('<!DOCTYPE quiz SYSTEM "quiz.dtd">\n<quiz></quiz>')).toEqual([
      [1, 'question_formats.xml_doctype'],
    ]);
  });

  it('gives an element the line of its start, reads CDATA and character references, skips comments', () => {
    const [q] = ok(
      quiz(
        '<!-- a comment -->\n<question\n  type="essay"><name><text>A &#x4E2D;&amp;<![CDATA[<b>]]></text></name><questiontext><text>x</text></questiontext></question>',
      ),
    );
    expect(q.name).toBe('A 中&<b>');
    expect(first(quiz('\n<question\n type="bogus"></question>'))).toEqual({
      line: 4,
      message: 'question_formats.xml_unsupported_type',
      vars: { type: 'bogus' },
    });
  });
});
