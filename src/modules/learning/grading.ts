/**
 * What labs need from the SQL grader: grade a candidate query against a lab's spec (visible data
 * and hidden variants), and run one query on a fresh copy of the visible data (the reference
 * query for the expected rows; a student's query when their browser cannot run PGlite). The
 * grader pool (src/modules/grader) implements it with worker threads; tests pass a stand-in.
 */
import { AppError } from '../../platform/errors.ts';
import type { GraderPool } from '../grader/pool.ts';
import { queryOrder } from '../grader/sql.ts';
import type { SqlSpec } from '../questions/types.ts';
import type { ExpectedResult } from './schema.ts';

/**
 * A grader diagnostic: `code` is a message catalogue key (the grader's `grader.*` codes, or
 * `learning.*`) and `vars` fill its placeholders, so it is shown in the reader's language. They
 * tell what is wrong without revealing the answer and drive the tutor's hints.
 */
export type LabDiagnostic = { code: string; vars: Record<string, string | number> };

export type RunResult =
  | { ok: true; columns: string[]; types: number[]; rows: unknown[][] }
  | { ok: false; error: LabDiagnostic };

/** Rows missing from or extra in the student's result, from the visible data only. */
export type LabSample = { columns: string[]; missing: (string | null)[][]; extra: (string | null)[][] };

export type LabVerdict = { passed: boolean; diagnostics: LabDiagnostic[]; sample?: LabSample | null };

/** `who`: the person the query runs for, so the pool can keep one person's slow SQL contained. */
export type LabGrader = {
  grade(spec: SqlSpec, candidateSql: string, who?: string): Promise<LabVerdict>;
  run(setupSql: string, sql: string, who?: string): Promise<RunResult>;
};

/**
 * One running lab query per person (a run or a submission): a second one while the first runs is
 * refused at once with 429 instead of queueing, so nobody holds more than one grader worker.
 * In-process, like the grader pool itself.
 */
export function oneAtATime() {
  const running = new Set<string>();
  return async <T>(who: string, work: () => Promise<T>): Promise<T> => {
    if (running.has(who)) throw new AppError('RATE_LIMITED', { messageKey: 'learning.lab.oneAtATime' });
    running.add(who);
    try {
      return await work();
    } finally {
      running.delete(who);
    }
  };
}

/**
 * Whether the query's outermost statement ends with ORDER BY: only then does row order count.
 * Parenthesised parts (subqueries, window clauses) and string literals are skipped.
 */
export function hasTopLevelOrderBy(query: string): boolean {
  let depth = 0;
  let top = '';
  for (let i = 0; i < query.length; i++) {
    const ch = query[i];
    if (ch === "'") {
      const end = query.indexOf("'", i + 1);
      i = end === -1 ? query.length : end;
      top += ' ';
      continue;
    }
    if (ch === '-' && query[i + 1] === '-') {
      const end = query.indexOf('\n', i);
      i = end === -1 ? query.length : end;
      continue;
    }
    if (ch === '(') depth++;
    else if (ch === ')') depth--;
    else if (depth === 0) top += ch;
  }
  return /\border\s+by\b/i.test(top);
}

/** The reference query's rows on the visible data, as the lab page compares against. */
export async function expectedResult(grader: LabGrader, spec: SqlSpec): Promise<ExpectedResult | null> {
  const result = await grader.run(spec.setupSql, spec.referenceSql);
  if (!result.ok) return null;
  // The grader's parser knows which columns ORDER BY sorts on; the scan is the fallback.
  const order = await queryOrder(spec.referenceSql).catch(() => ({
    ordered: hasTopLevelOrderBy(spec.referenceSql),
    orderKeys: null,
  }));
  return { columns: result.columns, types: result.types, rows: result.rows, ...order };
}

/** The grader pool (worker threads, deadline, caps, parsed statement kinds) as a LabGrader. */
export function poolGrader(pool: GraderPool): LabGrader {
  return {
    async grade(spec, candidateSql, who) {
      const r = await pool.grade(spec, candidateSql, { key: who });
      return { passed: r.status === 'correct', diagnostics: r.diagnostics, sample: r.sample };
    },
    async run(setupSql, sql, who) {
      // A lab's queries are reads; the grader refuses anything else after parsing.
      const r = await pool.run(setupSql, sql, { allowedKinds: ['select'], key: who });
      return r.ok
        ? {
            ok: true,
            columns: r.columns.map((c) => c.name),
            types: r.columns.map((c) => c.typeId),
            rows: r.rows,
          }
        : { ok: false, error: r.diagnostic };
    },
  };
}
