/**
 * The tutor's knowledge: a course's lessons cut into passages (paragraph groups under their
 * heading, code blocks kept whole) and the explanations of the lessons' practice questions, each
 * tied to the lesson it cites. Pure functions: the route loads the course, this builds and ranks.
 */
import { Bm25Index, type Ranked } from './bm25.ts';
import { segment } from './segment.ts';

export type Passage = {
  lessonId: string;
  lessonTitle: string;
  kind: 'lesson' | 'explanation';
  /** Markdown source of the passage. */
  text: string;
};

export type Citation = { lessonId: string; lessonTitle: string };

/** Roughly how long a passage grows before a new one starts (characters of Markdown). */
const PASSAGE_CHARS = 400;

/**
 * Markdown → passages: blocks are separated by blank lines; a fenced code block is one block; a
 * heading starts a new passage and its text is kept in the passage so "JOIN" finds the JOIN section.
 */
export function splitMarkdown(markdown: string): string[] {
  const blocks: string[] = [];
  let current: string[] = [];
  let inFence = false;
  const flush = () => {
    const text = current.join('\n').trim();
    if (text) blocks.push(text);
    current = [];
  };
  for (const line of markdown.replace(/\r\n?/g, '\n').split('\n')) {
    if (/^\s*(```|~~~)/.test(line)) {
      inFence = !inFence;
      current.push(line);
      if (!inFence) flush();
      continue;
    }
    if (!inFence && line.trim() === '') {
      flush();
      continue;
    }
    if (!inFence && /^#{1,6}\s/.test(line)) flush();
    current.push(line);
  }
  flush();
  const passages: string[] = [];
  let group = '';
  for (const block of blocks) {
    const startsSection = /^#{1,6}\s/.test(block);
    if (group && (startsSection || group.length + block.length > PASSAGE_CHARS)) {
      passages.push(group);
      group = '';
    }
    group = group ? `${group}\n\n${block}` : block;
  }
  if (group) passages.push(group);
  return passages;
}

export type TutorSource = {
  lessons: { id: string; title: string; body: string }[];
  /** Explanations of practice questions, with the lesson that uses them. */
  explanations: { lessonId: string; text: string }[];
};

export function buildPassages(source: TutorSource): Passage[] {
  const titles = new Map(source.lessons.map((l) => [l.id, l.title]));
  const out: Passage[] = [];
  for (const lesson of source.lessons) {
    for (const text of splitMarkdown(lesson.body))
      out.push({ lessonId: lesson.id, lessonTitle: lesson.title, kind: 'lesson', text });
  }
  for (const e of source.explanations) {
    if (!e.text.trim()) continue;
    out.push({
      lessonId: e.lessonId,
      lessonTitle: titles.get(e.lessonId) ?? '',
      kind: 'explanation',
      text: e.text,
    });
  }
  return out;
}

/** The best passages for the question; the lesson title counts as part of each passage's text. */
export function retrieve(passages: Passage[], question: string, limit = 3): Ranked<Passage>[] {
  const index = new Bm25Index<Passage>();
  for (const p of passages) index.add(p, segment(`${p.lessonTitle}\n${p.text}`));
  return index.search(segment(question), limit);
}

/** The lessons the passages came from, each once, in rank order. */
export function citationsOf(ranked: Ranked<Passage>[]): Citation[] {
  const seen = new Set<string>();
  const out: Citation[] = [];
  for (const { item } of ranked) {
    if (seen.has(item.lessonId)) continue;
    seen.add(item.lessonId);
    out.push({ lessonId: item.lessonId, lessonTitle: item.lessonTitle });
  }
  return out;
}
