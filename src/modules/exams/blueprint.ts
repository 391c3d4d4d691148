/**
 * The blueprint as teachers type it, one line per rule, and the seeded draw of an attempt's
 * questions from it.
 *
 *     ## 单选题                               a section heading
 *     5 @ PostgreSQL / 初级 +sub #索引 d1-3   draw 5 (subcategories too, tag 索引, difficulty 1..3)
 *     = pg-basics-001                          a fixed question, by bank id number
 */
import type { Db } from '../../db/client.ts';
import { shuffled } from '../questions/score.ts';
import {
  CATEGORY_SEPARATOR,
  currentVersionIds,
  eligibleVersions,
  findCategoryByPath,
  questionIdsByIdNumber,
} from '../questions/service.ts';
import type { Blueprint, DrawRule, Section } from './types.ts';

export type BlueprintProblem = { line: number; problem: 'syntax' | 'count' | 'difficulty' };

export function parseBlueprint(
  text: string,
): { ok: true; blueprint: Blueprint } | { ok: false; problem: BlueprintProblem } {
  const sections: Section[] = [];
  const current = () => {
    if (sections.length === 0) sections.push({ title: '', draws: [], fixed: [] });
    return sections[sections.length - 1];
  };
  const lines = text.split(/\r?\n/);
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i].trim();
    if (!line) continue;
    if (line.startsWith('##')) {
      sections.push({ title: line.slice(2).trim(), draws: [], fixed: [] });
      continue;
    }
    if (line.startsWith('=')) {
      const id = line.slice(1).trim();
      if (!id) return { ok: false, problem: { line: i + 1, problem: 'syntax' } };
      current().fixed.push(id);
      continue;
    }
    const m = line.match(/^(\d+)\s*@\s*(.+)$/);
    if (!m) return { ok: false, problem: { line: i + 1, problem: 'syntax' } };
    const count = Number(m[1]);
    if (count < 1 || count > 200) return { ok: false, problem: { line: i + 1, problem: 'count' } };
    const rule: DrawRule = { count, category: [], includeSubcategories: false, tags: [] };
    const words: string[] = [];
    for (const token of m[2].split(/\s+/)) {
      if (token === '+sub') rule.includeSubcategories = true;
      else if (token.startsWith('#') && token.length > 1) rule.tags.push(token.slice(1));
      else if (/^d[1-5]-[1-5]$/.test(token)) {
        const [min, max] = token.slice(1).split('-').map(Number);
        if (min > max) return { ok: false, problem: { line: i + 1, problem: 'difficulty' } };
        rule.difficulty = { min, max };
      } else words.push(token);
    }
    rule.category = words
      .join(' ')
      .split('/')
      .map((s) => s.trim())
      .filter(Boolean);
    if (rule.category.length === 0) return { ok: false, problem: { line: i + 1, problem: 'syntax' } };
    current().draws.push(rule);
  }
  if (sections.every((s) => s.draws.length === 0 && s.fixed.length === 0))
    return { ok: false, problem: { line: 1, problem: 'count' } };
  return { ok: true, blueprint: { sections } };
}

export function formatBlueprint(b: Blueprint): string {
  const out: string[] = [];
  for (const s of b.sections) {
    if (s.title || b.sections.length > 1) out.push(`## ${s.title}`);
    for (const d of s.draws) {
      const parts = [`${d.count} @ ${d.category.join(CATEGORY_SEPARATOR)}`];
      if (d.includeSubcategories) parts.push('+sub');
      for (const tag of d.tags) parts.push(`#${tag}`);
      if (d.difficulty) parts.push(`d${d.difficulty.min}-${d.difficulty.max}`);
      out.push(parts.join(' '));
    }
    for (const f of s.fixed) out.push(`= ${f}`);
  }
  return out.join('\n');
}

export type DrawnQuestion = { section: number; questionId: string; versionId: string };

/**
 * Draws an attempt's questions: fixed questions first, then each rule's count from what is
 * eligible and not yet drawn, chosen by the seed; the order within a section is shuffled by the
 * seed too when asked. Returns null when the bank cannot fill a rule. Only the bank of the exam's
 * owner (`orgId`, null: the platform's) is drawn from (ADR 0024).
 */
export async function drawQuestions(
  db: Db,
  blueprint: Blueprint,
  seed: number,
  shuffleQuestions: boolean,
  orgId: string | null,
): Promise<DrawnQuestion[] | null> {
  const out: DrawnQuestion[] = [];
  const taken = new Set<string>();
  let salt = 0;
  for (const [index, section] of blueprint.sections.entries()) {
    const picked: DrawnQuestion[] = [];
    const fixedIds = await questionIdsByIdNumber(db, section.fixed, orgId);
    if (fixedIds.size !== new Set(section.fixed).size) return null;
    const versions = await currentVersionIds(db, [...fixedIds.values()]);
    for (const idNumber of section.fixed) {
      const questionId = fixedIds.get(idNumber) as string;
      if (taken.has(questionId)) continue;
      taken.add(questionId);
      picked.push({ section: index, questionId, versionId: versions.get(questionId) as string });
    }
    for (const rule of section.draws) {
      const categoryId = await findCategoryByPath(db, rule.category, orgId);
      if (!categoryId) return null;
      const pool = await eligibleVersions(db, {
        categoryId,
        includeSubcategories: rule.includeSubcategories,
        tags: rule.tags,
        difficulty: rule.difficulty,
        excludeQuestionIds: [...taken],
      });
      if (pool.length < rule.count) return null;
      salt += 1;
      for (const q of shuffled(pool, seed + salt * 7919).slice(0, rule.count)) {
        taken.add(q.questionId);
        picked.push({ section: index, ...q });
      }
    }
    out.push(...(shuffleQuestions ? shuffled(picked, seed + index * 104729 + 1) : picked));
  }
  return out;
}
