/** Small pieces every hackathon page uses: the module's translator and date formatting. */
import { useView } from '../../../ui/context.ts';
import type { FormState } from '../../../ui/form.tsx';
import type { HackathonMessageKey } from '../messages.ts';
import { key } from '../problems.ts';

export function useT() {
  const v = useView();
  return { ...v, tr: (k: HackathonMessageKey, vars?: Record<string, string | number>) => v.t(key(k), vars) };
}

export const k = key;

/** A date and time in the hackathon's own zone and the reader's language. */
export function when(at: Date, timeZone: string, locale: string): string {
  return new Intl.DateTimeFormat(locale, {
    timeZone,
    year: 'numeric',
    month: 'short',
    day: 'numeric',
    hour: '2-digit',
    minute: '2-digit',
    hourCycle: 'h23',
  }).format(at);
}

export type States = Partial<Record<string, FormState>>;
