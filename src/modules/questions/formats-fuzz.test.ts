/**
 * Mutated GIFT and XML must never crash an import, and must give either questions and no
 * problems, or problems that all point at a line of the file and no questions at all (an
 * all-or-nothing import then writes nothing). Whatever parses cleanly must also survive our own
 * export and import unchanged. The mutator is seeded, so a failure is reproducible.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { isDeepStrictEqual } from 'node:util';
import { describe, expect, it } from 'vitest';
import { samples } from './fixtures/samples.ts';
import { parseGift, writeGift } from './gift.ts';
import { parseMoodleXml, writeMoodleXml } from './moodle-xml.ts';
import { seededRandom } from './score.ts';
import { type BankQuestion, type ImportProblem, QUESTION_TYPES } from './types.ts';

const demo = readFileSync(path.join(import.meta.dirname, 'fixtures/postgresql-basics.gift'), 'utf8');

/** Small documents of a few questions each, so that every mutation is a large part of one. */
const chunks = (text: string, size: number) => {
  const blocks = text.split(/\n\n+/);
  const out: string[] = [];
  for (let i = 0; i < blocks.length; i += size) out.push(blocks.slice(i, i + size).join('\n\n'));
  return out;
};

const giftCorpus = [
  ...chunks(demo, 3),
  ...chunks(writeGift(samples), 3),
  writeGift(samples),
  `::Q2:: What's between orange and green? { =yellow # right; good! ~red # wrong ~blue # wrong }

::Q7:: When was Ulysses S. Grant born? {#
    =1822:0      # Correct! Full credit.
    =%50%1822:2  # He was born in 1822. Half credit for being close.
    ~#Wrong.
}

Grant is {~buried =entombed ~living} in Grant's tomb.

Match {=a -> 1 =b -> 2 ####gf}

The sun rises in the west.{FALSE#It rises in the east.#Right.}`,
];
const xmlCorpus = [0, 3, 6, 9, 12].map((i) => writeMoodleXml(samples.slice(i, i + 3)));

function mutate(text: string, random: () => number, specials: string): string {
  let s = text;
  const n = 1 + Math.floor(random() * 3);
  for (let k = 0; k < n; k++) {
    const at = Math.floor(random() * (s.length + 1));
    const kind = Math.floor(random() * 5);
    if (kind === 0) s = s.slice(0, at) + s.slice(at + 1);
    else if (kind === 1) s = s.slice(0, at) + s.slice(at, at + 1) + s.slice(at);
    else if (kind === 2 || kind === 3) {
      const c = specials[Math.floor(random() * specials.length)];
      s = s.slice(0, at) + c + s.slice(at);
    } else {
      const lines = s.split('\n');
      const i = Math.floor(random() * lines.length);
      const j = Math.floor(random() * lines.length);
      [lines[i], lines[j]] = [lines[j], lines[i]];
      s = lines.join('\n');
    }
  }
  return s;
}

function checkResult(
  text: string,
  r: { questions: BankQuestion[]; problems: ImportProblem[] },
  write: (qs: BankQuestion[]) => string,
  parse: (t: string) => { questions: BankQuestion[]; problems: ImportProblem[] },
): string | null {
  const lineCount = text.replace(/^\uFEFF/, '').split(/\r\n|\r|\n/).length;
  if (r.problems.length > 0) {
    if (r.questions.length > 0) return 'questions returned with problems';
    const bad = r.problems.find(
      (p) =>
        !Number.isInteger(p.line) ||
        p.line < 1 ||
        p.line > lineCount ||
        !p.message.startsWith('question_formats.'),
    );
    return bad ? `problem outside the file: ${JSON.stringify(bad)}` : null;
  }
  for (const q of r.questions) {
    if (!QUESTION_TYPES.includes(q.body.type)) return `unknown type ${q.body.type}`;
  }
  const again = parse(write(r.questions));
  if (again.problems.length > 0) return `own export does not import: ${JSON.stringify(again.problems[0])}`;
  if (!isDeepStrictEqual(again.questions, r.questions)) return 'own export does not round-trip';
  return null;
}

describe('format fuzzing', () => {
  it('reads long pathological inputs without catastrophic backtracking or deep recursion', () => {
    const n = 100_000;
    expect(parseGift(`// [id:${'\\'.repeat(n)}\nQ {T}`).problems).toEqual([]);
    expect(parseGift(`Q {#${'1'.repeat(n)}x}`).problems[0].message).toBe('question_formats.not_a_number');
    expect(parseGift(`${'<'.repeat(n)} {T}`).questions[0].name).toBe('<'.repeat(50));
    expect(parseGift('{'.repeat(n)).problems.length).toBeGreaterThan(0);
    expect(parseGift(`Q {T}${'{}\n'.repeat(n / 10)}`).problems.length).toBe(n / 5);
    expect(parseMoodleXml('<'.repeat(n)).problems[0].message).toBe('question_formats.xml_syntax');
    expect(parseMoodleXml(`<quiz>${'<a>'.repeat(n)}`).problems[0].message).toBe(
      'question_formats.xml_unclosed_tag',
    );
  });

  it('mutated GIFT never crashes and yields only line-numbered problems or clean questions', () => {
    const random = seededRandom(20261125);
    const failures: string[] = [];
    let withProblems = 0;
    for (let n = 0; n < 3000; n++) {
      const source = giftCorpus[n % giftCorpus.length];
      const text = mutate(source, random, '{}~=#:\\\n%->[]');
      const r = parseGift(text);
      if (r.problems.length) withProblems++;
      const failure = checkResult(text, r, writeGift, parseGift);
      if (failure) failures.push(`#${n}: ${failure}\n${text}`);
    }
    expect(failures.slice(0, 3)).toEqual([]);
    // The mutations do reach the error paths, and often still leave a valid file.
    expect(withProblems).toBeGreaterThan(300);
    expect(withProblems).toBeLessThan(2900);
  });

  it('GIFT with CRLF line ends fuzzes the same way', () => {
    const random = seededRandom(7);
    for (let n = 0; n < 300; n++) {
      const text = mutate(giftCorpus[n % giftCorpus.length], random, '{}~=#:\\').replace(/\n/g, '\r\n');
      expect(checkResult(text, parseGift(text), writeGift, parseGift)).toBeNull();
    }
  });

  it('mutated Moodle XML never crashes and yields only line-numbered problems or clean questions', () => {
    const random = seededRandom(42);
    const failures: string[] = [];
    let withProblems = 0;
    for (let n = 0; n < 1000; n++) {
      const text = mutate(xmlCorpus[n % xmlCorpus.length], random, '<>&/"=;![]\n');
      const r = parseMoodleXml(text);
      if (r.problems.length) withProblems++;
      const failure = checkResult(text, r, writeMoodleXml, parseMoodleXml);
      if (failure) failures.push(`#${n}: ${failure}`);
    }
    expect(failures.slice(0, 3)).toEqual([]);
    expect(withProblems).toBeGreaterThan(150);
  });
});
