/**
 * Page numbers from the query string, read the same way by every offset-paged list. Anything that
 * is not a plain positive number is page 1, and a number past MAX_PAGE is MAX_PAGE: a page far
 * past the last one is an empty list, never an OFFSET that overflows bigint (ADR 0025).
 */
export const MAX_PAGE = 100_000;

export function parsePage(v: string | undefined): number {
  const s = v?.trim() ?? '';
  if (!/^\d+$/.test(s)) return 1;
  const n = Number(s);
  if (n < 1) return 1;
  return Math.min(n, MAX_PAGE);
}
