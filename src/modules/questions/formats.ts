/**
 * The exchange formats the bank imports and exports, behind one shape so that the routes and the
 * demo seed do not care which one a file is in. Problems carry catalogue keys (with vars) from the
 * parsers; `questionLines` finds where each parsed question starts, for problems the bank itself
 * finds (an id number already taken).
 */
import { parseGift, writeGift } from './gift.ts';
import { parseMoodleXml, writeMoodleXml } from './moodle-xml.ts';
import type { BankQuestion, ImportProblem } from './types.ts';

export type FormatName = 'gift' | 'xml';

export type Format = {
  parse(text: string): { questions: BankQuestion[]; problems: ImportProblem[] };
  write(questions: BankQuestion[]): string;
  contentType: string;
  extension: string;
  /** Where a question with this id number or name starts, as a line number (1 if not found). */
  lineOf(text: string, q: BankQuestion): number;
};

function lineAt(text: string, index: number): number {
  if (index < 0) return 1;
  return text.slice(0, index).split(/\r\n|\r|\n/).length;
}

export const FORMATS: Partial<Record<FormatName, Format>> = {
  gift: {
    parse: parseGift,
    write: writeGift,
    contentType: 'text/plain; charset=utf-8',
    extension: 'gift',
    lineOf: (text, q) =>
      lineAt(text, q.idNumber ? text.indexOf(`[id:${q.idNumber}]`) : text.indexOf(`::${q.name}::`)),
  },
  xml: {
    parse: parseMoodleXml,
    write: writeMoodleXml,
    contentType: 'application/xml; charset=utf-8',
    extension: 'xml',
    lineOf: (text, q) => {
      // The question element that holds this id number (or name): the last `<question` before it.
      const at = q.idNumber
        ? text.indexOf(`<idnumber>${escapeXml(q.idNumber)}</idnumber>`)
        : text.indexOf(`<text>${escapeXml(q.name)}</text>`);
      return lineAt(text, at < 0 ? -1 : text.lastIndexOf('<question', at));
    },
  },
};

const escapeXml = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

export const isFormatName = (v: unknown): v is FormatName => typeof v === 'string' && v in FORMATS;

/** The formats available, in the order the import form offers them. */
export const FORMAT_NAMES = (['gift', 'xml'] as const).filter((f) => FORMATS[f]) as FormatName[];
