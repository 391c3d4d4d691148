/**
 * The batch-issue CSV: one recipient per line — name, email (optional: links a Gongjin account),
 * evidence name, evidence URL (both optional). A first line starting with "name" is a header.
 * Every line is checked before anything is issued; errors name their line numbers.
 */
export type CsvRecipient = {
  line: number;
  name: string;
  email: string;
  evidenceName: string;
  evidenceUrl: string;
};

/** RFC 4180 fields: commas, double quotes, "" inside quotes. */
export function parseCsvLine(line: string): string[] {
  const out: string[] = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < line.length; i++) {
    const ch = line[i];
    if (quoted) {
      if (ch === '"' && line[i + 1] === '"') {
        field += '"';
        i++;
      } else if (ch === '"') quoted = false;
      else field += ch;
    } else if (ch === '"') quoted = true;
    else if (ch === ',') {
      out.push(field);
      field = '';
    } else field += ch;
  }
  out.push(field);
  return out.map((f) => f.trim());
}

export function parseRecipientsCsv(text: string): { recipients: CsvRecipient[]; badLines: number[] } {
  const recipients: CsvRecipient[] = [];
  const badLines: number[] = [];
  const lines = text.replace(/^\uFEFF/, '').split(/\r?\n/);
  lines.forEach((raw, i) => {
    const line = i + 1;
    if (raw.trim() === '') return;
    const [name = '', email = '', evidenceName = '', evidenceUrl = ''] = parseCsvLine(raw);
    if (i === 0 && /^name$/i.test(name)) return;
    const emailOk = email === '' || /^[^@\s]+@[^@\s]+\.[^@\s]+$/.test(email);
    const urlOk = evidenceUrl === '' || URL.canParse(evidenceUrl);
    if (!name || name.length > 200 || !emailOk || !urlOk) badLines.push(line);
    else recipients.push({ line, name, email, evidenceName, evidenceUrl });
  });
  return { recipients, badLines };
}
