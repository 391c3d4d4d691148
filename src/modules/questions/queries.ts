/** Reads of the question bank for its pages and exports. */
import { and, asc, count, desc, eq, ilike, inArray, or, type SQL, sql } from 'drizzle-orm';
import type { Db } from '../../db/client.ts';
import { questionCategories, questions, questionVersions } from './schema.ts';
import { CATEGORY_SEPARATOR, categorySubtree } from './service.ts';
import type { BankQuestion, QuestionContent, QuestionStatus, QuestionType } from './types.ts';

export type Category = typeof questionCategories.$inferSelect & {
  depth: number;
  /** Questions filed directly in this category. */
  questionCount: number;
  /** Questions in it and all its subcategories: what the list shows when the category is opened. */
  totalCount: number;
};

/**
 * Whose bank a reader sees (ADR 0024): 'all' for platform admins, else the organisations they
 * teach in; platform-owned rows (null org) only with 'all'.
 */
export type BankOwners = 'all' | string[];

const ownedCondition = (
  column: typeof questions.orgId | typeof questionCategories.orgId,
  owners: BankOwners,
): SQL | undefined =>
  owners === 'all' ? undefined : owners.length > 0 ? inArray(column, owners) : sql`false`;

/** Whether a row with this owner is in the reader's bank. */
export const inBank = (orgId: string | null, owners: BankOwners) =>
  owners === 'all' || (orgId !== null && owners.includes(orgId));

/** Every category of the reader's bank in tree order (a parent before its children), with its own question count. */
export async function listCategories(db: Db, owners: BankOwners): Promise<Category[]> {
  const rows = await db
    .select({ c: questionCategories, n: count(questions.id) })
    .from(questionCategories)
    .leftJoin(questions, eq(questions.categoryId, questionCategories.id))
    .where(ownedCondition(questionCategories.orgId, owners))
    .groupBy(questionCategories.id)
    .orderBy(asc(questionCategories.path));
  const own = new Map(rows.map((r) => [r.c.id, Number(r.n)]));
  // Each category's own count added to it and to every ancestor (parentId chain, in this bank).
  const total = new Map(rows.map((r) => [r.c.id, 0]));
  const parentOf = new Map(rows.map((r) => [r.c.id, r.c.parentId]));
  for (const r of rows) {
    for (let id: string | null | undefined = r.c.id; id && total.has(id); id = parentOf.get(id)) {
      total.set(id, (total.get(id) ?? 0) + (own.get(r.c.id) ?? 0));
    }
  }
  // Sorting by the path's parts (not the joined string) keeps `a / b` right after `a`.
  return rows
    .map((r) => ({
      ...r.c,
      depth: r.c.path.split(CATEGORY_SEPARATOR).length - 1,
      questionCount: own.get(r.c.id) ?? 0,
      totalCount: total.get(r.c.id) ?? 0,
    }))
    .sort((a, b) => comparePaths(a.path.split(CATEGORY_SEPARATOR), b.path.split(CATEGORY_SEPARATOR)));
}

function comparePaths(a: string[], b: string[]): number {
  for (let i = 0; i < Math.min(a.length, b.length); i++) {
    if (a[i] !== b[i]) return a[i] < b[i] ? -1 : 1;
  }
  return a.length - b.length;
}

export async function findCategory(db: Db, id: string) {
  const [row] = await db.select().from(questionCategories).where(eq(questionCategories.id, id));
  return row;
}

export type QuestionFilters = {
  categoryId?: string;
  /** Include questions of subcategories (default true). */
  sub?: boolean;
  type?: QuestionType;
  status?: QuestionStatus;
  tag?: string;
  difficulty?: number;
  /** Matched against the name and text of the current version. */
  q?: string;
};

export type QuestionListItem = {
  id: string;
  type: QuestionType;
  status: QuestionStatus;
  tags: string[];
  difficulty: number;
  name: string;
  categoryPath: string;
  currentVersion: number;
  updatedAt: Date;
};

const escapeLike = (s: string) => s.replace(/[\\%_]/g, (m) => `\\${m}`);

export async function listQuestions(
  db: Db,
  filters: QuestionFilters & { owners: BankOwners },
  page: { offset: number; limit: number },
): Promise<{ items: QuestionListItem[]; total: number }> {
  const conditions: SQL[] = [];
  const owned = ownedCondition(questions.orgId, filters.owners);
  if (owned) conditions.push(owned);
  if (filters.categoryId) {
    const ids = filters.sub === false ? [filters.categoryId] : await categorySubtree(db, filters.categoryId);
    if (ids.length === 0) return { items: [], total: 0 };
    conditions.push(inArray(questions.categoryId, ids));
  }
  if (filters.type) conditions.push(eq(questions.type, filters.type));
  if (filters.status) conditions.push(eq(questions.status, filters.status));
  if (filters.tag) conditions.push(sql`${filters.tag} = any(${questions.tags})`);
  if (filters.difficulty) conditions.push(eq(questions.difficulty, filters.difficulty));
  if (filters.q) {
    const pattern = `%${escapeLike(filters.q)}%`;
    conditions.push(or(ilike(questionVersions.name, pattern), ilike(questionVersions.text, pattern)) as SQL);
  }
  const where = conditions.length ? and(...conditions) : undefined;
  const base = () =>
    db
      .select({
        id: questions.id,
        type: questions.type,
        status: questions.status,
        tags: questions.tags,
        difficulty: questions.difficulty,
        name: questionVersions.name,
        categoryPath: questionCategories.path,
        currentVersion: questions.currentVersion,
        updatedAt: questions.updatedAt,
      })
      .from(questions)
      .innerJoin(
        questionVersions,
        and(
          eq(questionVersions.questionId, questions.id),
          eq(questionVersions.version, questions.currentVersion),
        ),
      )
      .innerJoin(questionCategories, eq(questionCategories.id, questions.categoryId));
  const [items, [{ n }]] = await Promise.all([
    base()
      .where(where)
      .orderBy(desc(questions.updatedAt), asc(questions.id))
      .limit(page.limit)
      .offset(page.offset),
    db
      .select({ n: count() })
      .from(questions)
      .innerJoin(
        questionVersions,
        and(
          eq(questionVersions.questionId, questions.id),
          eq(questionVersions.version, questions.currentVersion),
        ),
      )
      .where(where),
  ]);
  return { items, total: Number(n) };
}

export type QuestionRow = typeof questions.$inferSelect;
export type VersionRow = typeof questionVersions.$inferSelect;

export const versionContent = (v: VersionRow): QuestionContent => ({
  name: v.name,
  text: v.text,
  textFormat: v.textFormat,
  generalFeedback: v.generalFeedback,
  explanation: v.explanation,
  defaultMark: v.defaultMark,
  body: v.body,
});

/** A question with its current version and category. */
export async function findQuestion(db: Db, id: string) {
  const [row] = await db
    .select({ q: questions, v: questionVersions, categoryPath: questionCategories.path })
    .from(questions)
    .innerJoin(
      questionVersions,
      and(
        eq(questionVersions.questionId, questions.id),
        eq(questionVersions.version, questions.currentVersion),
      ),
    )
    .innerJoin(questionCategories, eq(questionCategories.id, questions.categoryId))
    .where(eq(questions.id, id));
  return row ? { question: row.q, version: row.v, categoryPath: row.categoryPath } : undefined;
}

/** Every version of a question, newest first. */
export async function listVersions(db: Db, questionId: string): Promise<VersionRow[]> {
  return db
    .select()
    .from(questionVersions)
    .where(eq(questionVersions.questionId, questionId))
    .orderBy(desc(questionVersions.version));
}

/**
 * The current versions of every question in a category and its subcategories, as formats write
 * them; category paths start at the exported category, so importing the file elsewhere recreates
 * the same subtree under the chosen root.
 */
export async function exportCategory(db: Db, categoryId: string): Promise<BankQuestion[]> {
  const root = await findCategory(db, categoryId);
  if (!root) return [];
  const ids = await categorySubtree(db, categoryId);
  const rows = await db
    .select({ q: questions, v: questionVersions, path: questionCategories.path })
    .from(questions)
    .innerJoin(
      questionVersions,
      and(
        eq(questionVersions.questionId, questions.id),
        eq(questionVersions.version, questions.currentVersion),
      ),
    )
    .innerJoin(questionCategories, eq(questionCategories.id, questions.categoryId))
    .where(inArray(questions.categoryId, ids))
    .orderBy(asc(questionCategories.path), asc(questions.createdAt), asc(questions.id));
  const drop = root.path.split(CATEGORY_SEPARATOR).length - 1;
  return rows.map((r) => ({
    ...versionContent(r.v),
    category: r.path.split(CATEGORY_SEPARATOR).slice(drop),
    tags: r.q.tags,
    idNumber: r.q.idNumber,
    difficulty: r.q.difficulty,
  }));
}
