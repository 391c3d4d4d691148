/**
 * The tutor's answer to one question in one course: retrieve the best passages from the course's
 * lessons and its practice questions' explanations, cite their lessons, optionally let the
 * language model phrase them, and for a lab add hints from the grader's diagnostics of the
 * student's last submission.
 */
import type { Db } from '../../../db/client.ts';
import { currentVersionIds, loadVersions } from '../../questions/service.ts';
import type { LabDiagnostic } from '../grading.ts';
import { lastLabAttempt, listLessons } from '../queries.ts';
import { type LlmConfig, phraseAnswer } from './llm.ts';
import { buildPassages, type Citation, citationsOf, type Passage, retrieve } from './passages.ts';

export type TutorReply = {
  passages: Passage[];
  citations: Citation[];
  llmText: string | null;
  /** Lab pages only: null elsewhere; empty when the student has not submitted yet. */
  hints: LabDiagnostic[] | null;
};

export async function tutorReply(
  db: Db,
  input: {
    courseId: string;
    userId: string;
    question: string;
    labId?: string;
    locale: string;
    llm: LlmConfig | null;
  },
): Promise<TutorReply> {
  const lessons = await listLessons(db, input.courseId);
  const questionIds = [...new Set(lessons.flatMap((l) => l.questionIds))];
  const current = await currentVersionIds(db, questionIds);
  const versions = await loadVersions(db, [...current.values()]);
  const explanations = lessons.flatMap((l) =>
    l.questionIds.flatMap((qid) => {
      const v = versions.get(current.get(qid) ?? '');
      const text = v ? [v.explanation, v.generalFeedback].filter((s) => s.trim()).join('\n\n') : '';
      return text ? [{ lessonId: l.id, text }] : [];
    }),
  );
  const ranked = retrieve(buildPassages({ lessons, explanations }), input.question, 3);
  const passages = ranked.map((r) => r.item);
  let hints: LabDiagnostic[] | null = null;
  if (input.labId) {
    const last = await lastLabAttempt(db, input.userId, input.labId);
    hints = last ? last.diagnostics.items : [];
  }
  const llmText =
    input.llm && passages.length > 0
      ? await phraseAnswer(input.llm, input.question, passages, input.locale)
      : null;
  return { passages, citations: citationsOf(ranked), llmText, hints };
}
