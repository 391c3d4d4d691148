import { describe, expect, it } from 'vitest';
import { formatBlueprint, parseBlueprint } from './blueprint.ts';
import type { Attempt, Exam } from './queries.ts';
import { reviewTime } from './review.ts';
import { computeDeadline, examGrade, startRefusal, startTimeFor } from './service.ts';
import { DEFAULT_REVIEW } from './types.ts';

const exam = (over: Partial<Exam> = {}): Exam =>
  ({
    id: 'e',
    title: 'x',
    description: '',
    status: 'published',
    blueprint: { sections: [] },
    timeLimitMinutes: 60,
    opensAt: null,
    closesAt: null,
    attemptsAllowed: 2,
    gradingMethod: 'highest',
    passPercent: 60,
    shuffleQuestions: true,
    shuffleOptions: true,
    review: DEFAULT_REVIEW,
    requiredCourseId: null,
    requiredLabs: 0,
    achievementId: null,
    staggerMinutes: 0,
    createdBy: null,
    createdAt: new Date(),
    updatedAt: new Date(),
    ...over,
  }) as Exam;

describe('blueprint', () => {
  it('reads sections, draws with subcategories, tags and difficulty, and fixed questions, and writes them back', () => {
    const text =
      '## 单选\n5 @ PostgreSQL / 初级 +sub #索引 #性能 d1-3\n= pg-001\n## 实操\n2 @ PostgreSQL / 初级 / SQL';
    const parsed = parseBlueprint(text);
    expect(parsed).toEqual({
      ok: true,
      blueprint: {
        sections: [
          {
            title: '单选',
            draws: [
              {
                count: 5,
                category: ['PostgreSQL', '初级'],
                includeSubcategories: true,
                tags: ['索引', '性能'],
                difficulty: { min: 1, max: 3 },
              },
            ],
            fixed: ['pg-001'],
          },
          {
            title: '实操',
            draws: [
              { count: 2, category: ['PostgreSQL', '初级', 'SQL'], includeSubcategories: false, tags: [] },
            ],
            fixed: [],
          },
        ],
      },
    });
    if (!parsed.ok) return;
    expect(parseBlueprint(formatBlueprint(parsed.blueprint))).toEqual(parsed);
  });

  it('reports the line of a rule it cannot read', () => {
    expect(parseBlueprint('## A\n5 @ X\nfive from Y')).toEqual({
      ok: false,
      problem: { line: 3, problem: 'syntax' },
    });
    expect(parseBlueprint('3 @ X d4-2')).toEqual({ ok: false, problem: { line: 1, problem: 'difficulty' } });
    expect(parseBlueprint('## empty')).toEqual({ ok: false, problem: { line: 1, problem: 'count' } });
  });
});

describe('timing', () => {
  it('fixes the deadline at start, capped by the close time', () => {
    const start = new Date('2030-01-01T02:00:00Z');
    expect(computeDeadline(exam(), start)).toEqual(new Date('2030-01-01T03:00:00Z'));
    const closesAt = new Date('2030-01-01T02:30:00Z');
    expect(computeDeadline(exam({ closesAt }), start)).toEqual(closesAt);
  });

  it('spreads a staggered start over the window, the same for a person every time', () => {
    const opensAt = new Date('2030-01-01T02:00:00Z');
    const e = exam({ opensAt, staggerMinutes: 10 });
    const starts = Array.from(
      { length: 200 },
      (_, i) => startTimeFor(e, `user-${i}`)!.getTime() - opensAt.getTime(),
    );
    expect(Math.min(...starts)).toBeGreaterThanOrEqual(0);
    expect(Math.max(...starts)).toBeLessThan(10 * 60_000);
    // Spread out, not bunched: more than half of the minutes get someone.
    expect(new Set(starts.map((s) => Math.floor(s / 60_000))).size).toBeGreaterThan(5);
    expect(startTimeFor(e, 'user-7')).toEqual(startTimeFor(e, 'user-7'));
    const mine = startTimeFor(e, 'user-7')!;
    expect(startRefusal(e, 'user-7', 0, new Date(mine.getTime() - 1000))).toBe('exams.start.notOpen');
    expect(startRefusal(e, 'user-7', 0, mine)).toBeUndefined();
    expect(startRefusal(e, 'user-7', 2, mine)).toBe('exams.start.noAttemptsLeft');
    expect(startRefusal(exam({ attemptsAllowed: 0 }), 'u', 50, mine)).toBeUndefined();
  });

  it('moves the review from during to immediately (two minutes) to open to closed', () => {
    const now = new Date('2030-01-01T03:00:00Z');
    const a = { status: 'submitted', submittedAt: new Date(now.getTime() - 60_000) } as Attempt;
    expect(reviewTime(exam(), { ...a, status: 'in_progress' }, now)).toBe('during');
    expect(reviewTime(exam(), a, now)).toBe('immediately');
    const later = { ...a, submittedAt: new Date(now.getTime() - 5 * 60_000) };
    expect(reviewTime(exam(), later, now)).toBe('open');
    expect(reviewTime(exam({ closesAt: new Date(now.getTime() - 1) }), later, now)).toBe('closed');
  });
});

describe('grade over attempts', () => {
  const attempts = [
    { number: 1, score: 6, maxScore: 10, fullyGraded: true, status: 'submitted' as const },
    { number: 2, score: 9, maxScore: 10, fullyGraded: true, status: 'submitted' as const },
    { number: 3, score: 3, maxScore: 10, fullyGraded: true, status: 'submitted' as const },
    // Still being graded: does not count yet.
    { number: 4, score: null, maxScore: 10, fullyGraded: false, status: 'submitted' as const },
  ];
  it('follows the grading method', () => {
    expect(examGrade(attempts, 'highest')).toBe(90);
    expect(examGrade(attempts, 'first')).toBe(60);
    expect(examGrade(attempts, 'last')).toBe(30);
    expect(examGrade(attempts, 'average')).toBe(60);
    expect(examGrade([], 'highest')).toBeNull();
  });
});
