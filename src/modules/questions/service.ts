/**
 * Question bank writes and the reads other modules build on. Exams and labs call `lockVersions`
 * when a candidate first sees a version; `updateQuestion` then creates a new version instead of
 * changing the locked one. Every write is one transaction with its audit entry.
 */
import { and, asc, eq, inArray, isNull, sql } from 'drizzle-orm';
import { type Db, transaction } from '../../db/client.ts';
import type { MessageKey } from '../../i18n/index.ts';
import { audit } from '../../platform/audit.ts';
import { AppError } from '../../platform/errors.ts';
import { firstOrganizationOf } from '../identity/queries.ts';
import { questionCategories, questions, questionVersions } from './schema.ts';
import type { BankQuestion, QuestionContent, QuestionStatus } from './types.ts';

/**
 * Who writes, and for which owner: `orgId` is the owning organisation of what is created (null:
 * platform-owned); left out, the author's first organisation owns it, as the migration's backfill
 * decided for existing rows (ADR 0024).
 */
export type Info = { ip?: string | null; actorId?: string | null; orgId?: string | null };

/** The owner of what `info` creates: its explicit org, else the author's first membership. */
export async function ownerOf(tx: Db, info: Info): Promise<string | null> {
  if (info.orgId !== undefined) return info.orgId;
  if (!info.actorId) return null;
  return firstOrganizationOf(tx, info.actorId);
}

/** Rows owned by `orgId` (null: platform-owned). */
export const ownedBy = (
  column: typeof questions.orgId | typeof questionCategories.orgId,
  orgId: string | null,
) => (orgId === null ? isNull(column) : eq(column, orgId));

export const CATEGORY_SEPARATOR = ' / ';

/** A name that keeps paths unambiguous: not blank, and without the path separator. */
export function validCategoryName(name: string): boolean {
  return name.trim() === name && name !== '' && !name.includes(CATEGORY_SEPARATOR) && name.length <= 200;
}

/**
 * Finds or creates every category along `path` within one owner's bank; returns the id of the last
 * one. Categories an import creates belong to the importer's organisation, like its questions.
 */
export async function ensureCategory(tx: Db, path: string[], orgId: string | null): Promise<string> {
  if (path.length === 0)
    throw new AppError('INVALID_INPUT', { fields: { category: 'questions.category_required' } });
  const bad = path.find((name) => !validCategoryName(name));
  if (bad !== undefined)
    throw new AppError('INVALID_INPUT', { fields: { category: 'questions.category.invalidName' } });
  let parentId: string | null = null;
  for (let i = 0; i < path.length; i++) {
    const full = path.slice(0, i + 1).join(CATEGORY_SEPARATOR);
    await tx
      .insert(questionCategories)
      .values({ parentId, name: path[i], path: full, orgId })
      .onConflictDoNothing();
    const [row] = await tx
      .select({ id: questionCategories.id })
      .from(questionCategories)
      .where(and(eq(questionCategories.path, full), ownedBy(questionCategories.orgId, orgId)));
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
  opts: { authorId?: string | null; status?: QuestionStatus; orgId: string | null },
) {
  const categoryId = await ensureCategory(tx, input.category, opts.orgId);
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
      orgId: opts.orgId,
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
    const created = await insertQuestion(tx, input, {
      authorId: info.actorId,
      status,
      orgId: await ownerOf(tx, info),
    });
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

/**
 * Marks versions as used: from now on they never change. Idempotent. The rows still unlocked are
 * locked in id order before they are written, so concurrent callers (a synchronised exam start)
 * queue on them in one order and never deadlock: an UPDATE alone takes its row locks in whatever
 * order its scan meets the rows, which differs between callers once a row has a newer version
 * (ADR 0038). A caller that waited finds the row locked by then and leaves it.
 */
export async function lockVersions(db: Db, versionIds: string[]): Promise<void> {
  if (versionIds.length === 0) return;
  await db.execute(sql`
    update question_versions set locked_at = now()
     where id in (select id from question_versions
                   where id = any(${sql.param(versionIds)}::uuid[]) and locked_at is null
                   order by id for update)`);
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
      and(
        ownedBy(questionCategories.orgId, root.orgId),
        // starts_with, not LIKE: a category name may contain `%` or `_`.
        sql`(${questionCategories.path} = ${root.path} or starts_with(${questionCategories.path}, ${`${root.path}${CATEGORY_SEPARATOR}`}))`,
      ),
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

// ---- Bank management: categories, metadata, status, import -------------------------------------

type CategoryRow = typeof questionCategories.$inferSelect;

async function categoryById(tx: Db, id: string): Promise<CategoryRow> {
  const [row] = await tx.select().from(questionCategories).where(eq(questionCategories.id, id));
  if (!row) throw new AppError('NOT_FOUND', { messageKey: 'questions.category.notFound' });
  return row;
}

async function assertPathFree(tx: Db, path: string, orgId: string | null, exceptId?: string) {
  const [clash] = await tx
    .select({ id: questionCategories.id })
    .from(questionCategories)
    .where(and(eq(questionCategories.path, path), ownedBy(questionCategories.orgId, orgId)));
  if (clash && clash.id !== exceptId)
    throw new AppError('INVALID_INPUT', { fields: { name: 'questions.category.exists' } });
}

/** Creates a category under `parentId` (or at the root). Writes question_categories, audit. */
export async function createCategory(
  db: Db,
  input: { parentId: string | null; name: string },
  info: Info,
): Promise<CategoryRow> {
  if (!validCategoryName(input.name))
    throw new AppError('INVALID_INPUT', { fields: { name: 'questions.category.invalidName' } });
  return transaction(db, async (tx) => {
    const parent = input.parentId ? await categoryById(tx, input.parentId) : null;
    // A subcategory belongs to its parent's owner; a root category to the author's organisation.
    const orgId = parent ? parent.orgId : await ownerOf(tx, info);
    const path = parent ? `${parent.path}${CATEGORY_SEPARATOR}${input.name}` : input.name;
    await assertPathFree(tx, path, orgId);
    const [row] = await tx
      .insert(questionCategories)
      .values({ parentId: parent?.id ?? null, name: input.name, path, orgId })
      .returning();
    await audit(tx, {
      actorId: info.actorId,
      action: 'questions.category_created',
      targetType: 'question_category',
      targetId: row.id,
      data: { path },
      ip: info.ip,
    });
    return row;
  });
}

/**
 * Renames a category and/or moves it under another parent, rewriting the paths of everything below
 * it. A category cannot move under itself or its own descendants. Writes question_categories, audit.
 */
export async function updateCategory(
  db: Db,
  id: string,
  input: { parentId: string | null; name: string },
  info: Info,
): Promise<CategoryRow> {
  if (!validCategoryName(input.name))
    throw new AppError('INVALID_INPUT', { fields: { name: 'questions.category.invalidName' } });
  return transaction(db, async (tx) => {
    const current = await categoryById(tx, id);
    const parent = input.parentId ? await categoryById(tx, input.parentId) : null;
    // A category never moves into another owner's bank (the route only offers the owner's own).
    if (parent && parent.orgId !== current.orgId)
      throw new AppError('NOT_FOUND', { messageKey: 'questions.category.notFound' });
    if (parent && (parent.id === id || parent.path.startsWith(`${current.path}${CATEGORY_SEPARATOR}`)))
      throw new AppError('INVALID_INPUT', { fields: { parentId: 'questions.category.cycle' } });
    const path = parent ? `${parent.path}${CATEGORY_SEPARATOR}${input.name}` : input.name;
    await assertPathFree(tx, path, current.orgId, id);
    const [row] = await tx
      .update(questionCategories)
      .set({ parentId: parent?.id ?? null, name: input.name, path })
      .where(eq(questionCategories.id, id))
      .returning();
    const prefix = `${current.path}${CATEGORY_SEPARATOR}`;
    await tx
      .update(questionCategories)
      .set({ path: sql`${path} || substr(${questionCategories.path}, ${current.path.length + 1})` })
      .where(
        and(
          ownedBy(questionCategories.orgId, current.orgId),
          sql`starts_with(${questionCategories.path}, ${prefix})`,
        ),
      );
    await audit(tx, {
      actorId: info.actorId,
      action: 'questions.category_updated',
      targetType: 'question_category',
      targetId: id,
      data: { from: current.path, to: path },
      ip: info.ip,
    });
    return row;
  });
}

export type QuestionMeta = {
  categoryId: string;
  tags: string[];
  difficulty: number;
  idNumber: string | null;
};

async function assertIdNumberFree(
  tx: Db,
  idNumber: string | null,
  orgId: string | null,
  exceptQuestionId?: string,
) {
  if (!idNumber) return;
  const [clash] = await tx
    .select({ id: questions.id })
    .from(questions)
    .where(and(eq(questions.idNumber, idNumber), ownedBy(questions.orgId, orgId)));
  if (clash && clash.id !== exceptQuestionId)
    throw new AppError('INVALID_INPUT', { fields: { idNumber: 'questions.form.idNumberTaken' } });
}

/** Creates a question from the authoring form: content plus bank metadata, in one transaction. */
export async function createQuestionIn(db: Db, content: QuestionContent, meta: QuestionMeta, info: Info) {
  return transaction(db, async (tx) => {
    const category = await categoryById(tx, meta.categoryId);
    await assertIdNumberFree(tx, meta.idNumber, category.orgId);
    return createQuestion(
      tx,
      {
        ...content,
        category: category.path.split(CATEGORY_SEPARATOR),
        tags: meta.tags,
        difficulty: meta.difficulty,
        idNumber: meta.idNumber,
      },
      // The question belongs where its category does.
      { ...info, orgId: category.orgId },
    );
  });
}

/**
 * Saves the authoring form of an existing question: content through `updateQuestion` (a new
 * version once locked) and the bank metadata, which is not versioned. One transaction.
 */
export async function saveQuestion(
  db: Db,
  questionId: string,
  content: QuestionContent,
  meta: QuestionMeta,
  info: Info,
) {
  return transaction(db, async (tx) => {
    const category = await categoryById(tx, meta.categoryId);
    const [owned] = await tx
      .select({ orgId: questions.orgId })
      .from(questions)
      .where(eq(questions.id, questionId));
    // Moving a question to another owner's category would hand it over: not from this form.
    if (owned && owned.orgId !== category.orgId)
      throw new AppError('NOT_FOUND', { messageKey: 'questions.category.notFound' });
    await assertIdNumberFree(tx, meta.idNumber, category.orgId, questionId);
    const version = await updateQuestion(tx, questionId, content, info);
    await tx
      .update(questions)
      .set({
        categoryId: meta.categoryId,
        tags: meta.tags,
        difficulty: meta.difficulty,
        idNumber: meta.idNumber,
      })
      .where(eq(questions.id, questionId));
    return version;
  });
}

/** Moves a question through draft → reviewed → retired (any direction). Writes questions, audit. */
export async function setQuestionStatus(db: Db, questionId: string, status: QuestionStatus, info: Info) {
  return transaction(db, async (tx) => {
    const [row] = await tx
      .update(questions)
      .set({ status, updatedAt: new Date() })
      .where(eq(questions.id, questionId))
      .returning({ id: questions.id });
    if (!row) throw new AppError('NOT_FOUND', { messageKey: 'questions.notFound' });
    await audit(tx, {
      actorId: info.actorId,
      action: 'questions.status_changed',
      targetType: 'question',
      targetId: questionId,
      data: { status },
      ip: info.ip,
    });
  });
}

/** An import that failed: nothing was written. Problems are line-numbered where the format allows. */
export type ImportOutcome =
  | { ok: true; imported: { id: string; name: string; category: string }[] }
  | { ok: false; problems: { line: number; message: string }[] };

/**
 * Imports parsed questions under `rootPath` (their own category paths are appended to it), all or
 * nothing: one transaction, and an id number already in the bank (or twice in the file) fails the
 * whole import. Writes questions, question_versions, question_categories, audit `questions.imported`.
 */
export async function importQuestions(
  db: Db,
  items: { question: BankQuestion; line: number }[],
  rootPath: string[],
  info: Info & { status?: QuestionStatus },
  /** Words the problems in the importer's language. */
  t: (key: MessageKey, vars?: Record<string, string | number>) => string,
): Promise<ImportOutcome> {
  const problems: { line: number; message: string }[] = [];
  const seen = new Set<string>();
  const orgId = await ownerOf(db, info);
  const idNumbers = items.map((i) => i.question.idNumber).filter((x): x is string => !!x);
  const taken = new Set(
    idNumbers.length
      ? (
          await db
            .select({ idNumber: questions.idNumber })
            .from(questions)
            .where(and(inArray(questions.idNumber, idNumbers), ownedBy(questions.orgId, orgId)))
        ).map((r) => r.idNumber)
      : [],
  );
  for (const { question, line } of items) {
    const id = question.idNumber;
    if (id && (taken.has(id) || seen.has(id)))
      problems.push({ line, message: t('questions.import.idNumberTaken', { id }) });
    if (id) seen.add(id);
    if ([...rootPath, ...question.category].some((n) => !validCategoryName(n)))
      problems.push({ line, message: t('questions.category.invalidName') });
  }
  if (problems.length) return { ok: false, problems };
  return transaction(db, async (tx) => {
    const imported: { id: string; name: string; category: string }[] = [];
    for (const { question } of items) {
      const category = [...rootPath, ...question.category];
      const { question: row } = await insertQuestion(
        tx,
        { ...question, category },
        { authorId: info.actorId, status: info.status, orgId },
      );
      imported.push({ id: row.id, name: question.name, category: category.join(CATEGORY_SEPARATOR) });
    }
    await audit(tx, {
      actorId: info.actorId,
      action: 'questions.imported',
      targetType: 'question_category',
      targetId: rootPath.join(CATEGORY_SEPARATOR),
      data: { count: imported.length },
      ip: info.ip,
    });
    return { ok: true as const, imported };
  });
}

/** The id of the category at `path`, without creating it (exam blueprints name categories by path). */
export async function findCategoryByPath(
  db: Db,
  path: string[],
  orgId: string | null,
): Promise<string | undefined> {
  const [row] = await db
    .select({ id: questionCategories.id })
    .from(questionCategories)
    .where(
      and(
        eq(questionCategories.path, path.join(CATEGORY_SEPARATOR)),
        ownedBy(questionCategories.orgId, orgId),
      ),
    );
  return row?.id;
}

/** Question ids by their bank id number (GIFT `[id:…]`); unknown numbers are left out. */
export async function questionIdsByIdNumber(
  db: Db,
  idNumbers: string[],
  orgId: string | null,
): Promise<Map<string, string>> {
  if (idNumbers.length === 0) return new Map();
  const rows = await db
    .select({ id: questions.id, idNumber: questions.idNumber })
    .from(questions)
    .where(and(inArray(questions.idNumber, idNumbers), ownedBy(questions.orgId, orgId)));
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
