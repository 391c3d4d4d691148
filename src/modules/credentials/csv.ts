/**
 * The batch-issue CSV: one recipient per line — name, email (optional: links a Gongjin account),
 * evidence name, evidence URL (both optional). A first line starting with "name" is a header.
 * Every line is checked before anything is issued; errors name their line numbers.
 */
import { parseCsv } from '../../platform/csv.ts';

export type CsvRecipient = {
  line: number;
  name: string;
  email: string;
  evidenceName: string;
  evidenceUrl: string;
};

export function parseRecipientsCsv(text: string): { recipients: CsvRecipient[]; badLines: number[] } {
  const parsed = parseCsv(text);
  if (!parsed.ok) return { recipients: [], badLines: [parsed.line] };
  const recipients: CsvRecipient[] = [];
  const badLines: number[] = [];
  parsed.records.forEach(({ line, cells }, i) => {
    const [name = '', email = '', evidenceName = '', evidenceUrl = ''] = cells;
    if (i === 0 && /^name$/i.test(name)) return;
    const emailOk = email === '' || /^[^@\s]+@[^@\s]+\.[^@\s]+$/.test(email);
    const urlOk = evidenceUrl === '' || URL.canParse(evidenceUrl);
    if (!name || name.length > 200 || !emailOk || !urlOk) badLines.push(line);
    else recipients.push({ line, name, email, evidenceName, evidenceUrl });
  });
  return { recipients, badLines };
}
