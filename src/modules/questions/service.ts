/**
 * Question bank writes and the reads other modules build on. Exams and labs call `lockVersions`
 * when a candidate first sees a version; `updateQuestion` then creates a new version instead of
 * changing the locked one. Every write is one transaction with its audit entry.
 */
import { and, asc, eq, inArray, sql } from 'drizzle-orm';
import { type Db, transaction } from '../../db/client.ts';
import { audit } from '../../platform/audit.ts';
import { AppError } from '../../platform/errors.ts';
import { questionCategories, questions, questionVersions } from './schema.ts';
import type { BankQuestion, QuestionContent, QuestionStatus } from './types.ts';

export type Info = { ip?: string | null; actorId?: string | null };

export const CATEGORY_SEPARATOR = ' / ';

/** Finds or creates every category along `path`; returns the id of the last one. */
export async function ensureCategory(tx: Db, path: string[]): Promise<string> {
  if (path.length === 0)
    throw new AppError('INVALID_INPUT', { fields: { category: 'questions.category_required' } });
  let parentId: string | null = null;
  for (let i = 0; i < path.length; i++) {
    const full = path.slice(0, i + 1).join(CATEGORY_SEPARATOR);
    await tx
      .insert(questionCategories)
      .values({ parentId, name: path[i], path: full })
      .onConflictDoNothing({ target: questionCategories.path });
    const [row] = await tx
      .select({ id: questionCategories.id })
      .from(questionCategories)
      .where(eq(questionCategories.path, full));
    parentId = row.id;
  }
  return parentId as string;
}

function versionValues(content: QuestionContent) {
  return {
    name: content.name,
    text: content.text,
    textFormat: content.textFormat,
    generalFeedback: content.generalFeedback,
    explanation: content.explanation,
    defaultMark: content.defaultMark,
    body: content.body,
  };
}

/** Adds a question with its first version, inside the caller's transaction. */
export async function insertQuestion(
  tx: Db,
  input: BankQuestion,
  opts: { authorId?: string | null; status?: QuestionStatus } = {},
) {
  const categoryId = await ensureCategory(tx, input.category);
  const [question] = await tx
    .insert(questions)
    .values({
      categoryId,
      type: input.body.type,
      idNumber: input.idNumber,
      status: opts.status ?? 'draft',
      tags: input.tags,
      difficulty: input.difficulty,
      authorId: opts.authorId ?? null,
    })
    .returning();
  const [version] = await tx
    .insert(questionVersions)
    .values({
      questionId: question.id,
      version: 1,
      createdBy: opts.authorId ?? null,
      ...versionValues(input),
    })
    .returning();
  return { question, version };
}

/** Creates a question. Writes questions, question_versions, audit `questions.created`. */
export async function createQuestion(db: Db, input: BankQuestion, info: Info, status?: QuestionStatus) {
  return transaction(db, async (tx) => {
    const created = await insertQuestion(tx, input, { authorId: info.actorId, status });
    await audit(tx, {
      actorId: info.actorId,
      action: 'questions.created',
      targetType: 'question',
      targetId: created.question.id,
      data: { type: input.body.type, name: input.name },
      ip: info.ip,
    });
    return created;
  });
}

/**
 * Changes a question's content. The current version is edited in place while no attempt has used
 * it; once locked, a new version is created and becomes current. Writes question_versions,
 * questions, audit `questions.updated` (with `newVersion`).
 */
export async function updateQuestion(db: Db, questionId: string, content: QuestionContent, info: Info) {
  return transaction(db, async (tx) => {
    const [question] = await tx.select().from(questions).where(eq(questions.id, questionId)).for('update');
    if (!question) throw new AppError('NOT_FOUND');
    if (question.type !== content.body.type) {
      throw new AppError('INVALID_INPUT', { fields: { type: 'questions.type_fixed' } });
    }
    const [current] = await tx
      .select()
      .from(questionVersions)
      .where(
        and(
          eq(questionVersions.questionId, questionId),
          eq(questionVersions.version, question.currentVersion),
        ),
      );
    let version = current;
    const newVersion = current.lockedAt !== null;
    if (newVersion) {
      [version] = await tx
        .insert(questionVersions)
        .values({
          questionId,
          version: current.version + 1,
          createdBy: info.actorId ?? null,
          ...versionValues(content),
        })
        .returning();
      await tx
        .update(questions)
        .set({ currentVersion: version.version, updatedAt: new Date() })
        .where(eq(questions.id, questionId));
    } else {
      [version] = await tx
        .update(questionVersions)
        .set(versionValues(content))
        .where(eq(questionVersions.id, current.id))
        .returning();
      await tx.update(questions).set({ updatedAt: new Date() }).where(eq(questions.id, questionId));
    }
    await audit(tx, {
      actorId: info.actorId,
      action: 'questions.updated',
      targetType: 'question',
      targetId: questionId,
      data: { version: version.version, newVersion },
      ip: info.ip,
    });
    return version;
  });
}

/** Marks versions as used: from now on they never change. Idempotent. */
export async function lockVersions(db: Db, versionIds: string[]): Promise<void> {
  if (versionIds.length === 0) return;
  await db
    .update(questionVersions)
    .set({ lockedAt: sql`coalesce(${questionVersions.lockedAt}, now())` })
    .where(inArray(questionVersions.id, versionIds));
}

export type LoadedVersion = typeof questionVersions.$inferSelect & {
  type: string;
  tags: string[];
  difficulty: number;
  categoryId: string;
};

/** Versions by id with their question's metadata, in no particular order. */
export async function loadVersions(db: Db, versionIds: string[]): Promise<Map<string, LoadedVersion>> {
  if (versionIds.length === 0) return new Map();
  const rows = await db
    .select({
      v: questionVersions,
      type: questions.type,
      tags: questions.tags,
      difficulty: questions.difficulty,
      categoryId: questions.categoryId,
    })
    .from(questionVersions)
    .innerJoin(questions, eq(questions.id, questionVersions.questionId))
    .where(inArray(questionVersions.id, versionIds));
  return new Map(
    rows.map((r) => [
      r.v.id,
      { ...r.v, type: r.type, tags: r.tags, difficulty: r.difficulty, categoryId: r.categoryId },
    ]),
  );
}

/** Category ids of `categoryId` and everything below it. */
export async function categorySubtree(db: Db, categoryId: string): Promise<string[]> {
  const [root] = await db.select().from(questionCategories).where(eq(questionCategories.id, categoryId));
  if (!root) return [];
  const rows = await db
    .select({ id: questionCategories.id })
    .from(questionCategories)
    .where(
      sql`${questionCategories.path} = ${root.path} or ${questionCategories.path} like ${`${root.path}${CATEGORY_SEPARATOR}%`}`,
    );
  return rows.map((r) => r.id);
}

export type DrawCriteria = {
  categoryId: string;
  includeSubcategories: boolean;
  /** Every tag listed must be on the question. */
  tags: string[];
  /** Inclusive difficulty range. */
  difficulty?: { min: number; max: number };
  excludeQuestionIds?: string[];
};

/**
 * The current-version ids of the reviewed questions that match, ordered by question id so that a
 * seeded shuffle of the result is reproducible.
 */
export async function eligibleVersions(
  db: Db,
  criteria: DrawCriteria,
): Promise<{ questionId: string; versionId: string }[]> {
  const categories = criteria.includeSubcategories
    ? await categorySubtree(db, criteria.categoryId)
    : [criteria.categoryId];
  if (categories.length === 0) return [];
  const conditions = [
    inArray(questions.categoryId, categories),
    eq(questions.status, 'reviewed'),
    sql`${questions.type} <> 'description'`,
  ];
  if (criteria.tags.length > 0)
    conditions.push(sql`${questions.tags} @> ${sql.param(criteria.tags)}::text[]`);
  if (criteria.difficulty) {
    conditions.push(
      sql`${questions.difficulty} between ${criteria.difficulty.min} and ${criteria.difficulty.max}`,
    );
  }
  if (criteria.excludeQuestionIds?.length) {
    conditions.push(sql`not (${inArray(questions.id, criteria.excludeQuestionIds)})`);
  }
  const rows = await db
    .select({ questionId: questions.id, versionId: questionVersions.id })
    .from(questions)
    .innerJoin(
      questionVersions,
      and(
        eq(questionVersions.questionId, questions.id),
        eq(questionVersions.version, questions.currentVersion),
      ),
    )
    .where(and(...conditions))
    .orderBy(asc(questions.id));
  return rows;
}

/** The current version id of each question. */
export async function currentVersionIds(db: Db, questionIds: string[]): Promise<Map<string, string>> {
  if (questionIds.length === 0) return new Map();
  const rows = await db
    .select({ questionId: questions.id, versionId: questionVersions.id })
    .from(questions)
    .innerJoin(
      questionVersions,
      and(
        eq(questionVersions.questionId, questions.id),
        eq(questionVersions.version, questions.currentVersion),
      ),
    )
    .where(inArray(questions.id, questionIds));
  return new Map(rows.map((r) => [r.questionId, r.versionId]));
}

/** The id of the category at `path`, without creating it (exam blueprints name categories by path). */
export async function findCategoryByPath(db: Db, path: string[]): Promise<string | undefined> {
  const [row] = await db
    .select({ id: questionCategories.id })
    .from(questionCategories)
    .where(eq(questionCategories.path, path.join(CATEGORY_SEPARATOR)));
  return row?.id;
}

/** Question ids by their bank id number (GIFT `[id:…]`); unknown numbers are left out. */
export async function questionIdsByIdNumber(db: Db, idNumbers: string[]): Promise<Map<string, string>> {
  if (idNumbers.length === 0) return new Map();
  const rows = await db
    .select({ id: questions.id, idNumber: questions.idNumber })
    .from(questions)
    .where(inArray(questions.idNumber, idNumbers));
  return new Map(rows.map((r) => [r.idNumber as string, r.id]));
}

/** Every version of each question, newest first (for choosing the version a regrade uses). */
export async function questionVersionsOf(
  db: Db,
  questionIds: string[],
): Promise<Map<string, { id: string; version: number }[]>> {
  const out = new Map<string, { id: string; version: number }[]>();
  if (questionIds.length === 0) return out;
  const rows = await db
    .select({
      id: questionVersions.id,
      questionId: questionVersions.questionId,
      version: questionVersions.version,
    })
    .from(questionVersions)
    .where(inArray(questionVersions.questionId, questionIds))
    .orderBy(sql`${questionVersions.version} desc`);
  for (const r of rows)
    out.set(r.questionId, [...(out.get(r.questionId) ?? []), { id: r.id, version: r.version }]);
  return out;
}
