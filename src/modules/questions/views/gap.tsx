/**
 * Missing-word questions (GIFT text after the braces): the answer goes where `{{blank}}` is in
 * the text, and the page puts the control there — a select for a single-choice gap, a text box
 * for a short or numerical answer — as Moodle's preview does. The text is rendered as a whole
 * (Markdown paragraphs stay intact) with a placeholder at the gap, then split there, so the
 * control sits inside the sentence. Where a control cannot go (other types, choices with markup,
 * a gap inside a link or a tag), the gap is drawn as a line and the answer stays below the text.
 * Only public parts of a question are used: the text and the choices' ids and texts.
 */
import { raw } from 'hono/html';
import type { Child } from 'hono/jsx';
import { renderRichText } from '../../../platform/markdown.ts';
import { BLANK_MARKER, type TextFormat } from '../types.ts';

/** Letters only: survives Markdown, HTML sanitising and escaping unchanged. */
const TOKEN = 'GJGAPTOKENQX';
const GAP_LINE = '<span class="gap">_____</span>';

/** The rendered text split at its (first) gap; null when there is none or it sits inside markup. */
export function splitAtGap(text: string, format: TextFormat): { before: string; after: string } | null {
  const i = text.indexOf(BLANK_MARKER);
  if (i < 0) return null;
  const source = `${text.slice(0, i)}${TOKEN}${text.slice(i + BLANK_MARKER.length).replaceAll(BLANK_MARKER, '')}`;
  const html = renderRichText(source, format);
  const at = html.indexOf(TOKEN);
  if (at < 0 || html.indexOf(TOKEN, at + 1) >= 0) return null;
  const before = html.slice(0, at);
  // Inside a tag (an attribute) or a link, a form control cannot go.
  if (before.lastIndexOf('<') > before.lastIndexOf('>')) return null;
  if ((before.match(/<a[\s>]/g) ?? []).length > (before.match(/<\/a>/g) ?? []).length) return null;
  return { before, after: html.slice(at + TOKEN.length) };
}

/** The text as safe HTML with every gap drawn as a line. */
export function gapLineHtml(text: string, format: TextFormat): string {
  if (!text.includes(BLANK_MARKER)) return renderRichText(text, format);
  return renderRichText(text.replaceAll(BLANK_MARKER, TOKEN), format).replaceAll(TOKEN, GAP_LINE);
}

/** What sits in the gap for this question, or null when the answer stays below the text. */
export function inlineGap(q: {
  type: string;
  text: string;
  textFormat: TextFormat;
  choices?: { text: string }[];
}): 'select' | 'input' | null {
  if (!q.text.includes(BLANK_MARKER)) return null;
  const kind =
    q.type === 'short_answer' || q.type === 'numerical'
      ? 'input'
      : q.type === 'single_choice' &&
          (q.choices ?? []).every((c) => c.text.length <= 120 && !/[<\n]/.test(c.text))
        ? 'select'
        : null;
  return kind && splitAtGap(q.text, q.textFormat) ? kind : null;
}

/**
 * The question text with `control` in the gap. Without a control (or a usable gap) the text is
 * shown with the gap as a line.
 */
export function GapText(p: { text: string; format: TextFormat; control?: Child }) {
  const split = p.control ? splitAtGap(p.text, p.format) : null;
  if (!split) return <div class="prose">{raw(gapLineHtml(p.text, p.format))}</div>;
  return (
    <div class="prose" data-gap="inline">
      {raw(split.before)}
      {p.control}
      {raw(split.after)}
    </div>
  );
}
