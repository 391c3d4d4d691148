/** Small pieces the board's pages share: labels of categories and statuses, scores, reasons, party pickers. */
import type { MessageKey } from '../../../i18n/index.ts';
import { useView } from '../../../ui/context.ts';
import type { FormState } from '../../../ui/form.tsx';
import { Select } from '../../../ui/form.tsx';

export const categoryKey = (c: string) => `exchange.category.${c}` as MessageKey;
export const statusKey = (s: string) => `exchange.status.${s}` as MessageKey;
export const outcomeKey = (level: number | null) =>
  (level === null ? 'exchange.outcome.none' : `exchange.outcome.${level}`) as MessageKey;
export const percent = (score: number) => `${Math.round(score * 100)}%`;

export type PartyOption = { party: string; name: string };

/** Stored reasons (`category:talent`, `tags:a,b`, `words:x,y`) as sentences. */
export function ReasonList(props: { reasons: readonly string[] }) {
  const { t } = useView();
  if (props.reasons.length === 0) return null;
  return (
    <ul class="list-plain" data-testid="reasons">
      {props.reasons.map((r) => {
        const [kind, value = ''] = [r.slice(0, r.indexOf(':')), r.slice(r.indexOf(':') + 1)];
        const text =
          kind === 'category'
            ? t('exchange.reason.category', { category: t(categoryKey(value)) })
            : kind === 'tags'
              ? t('exchange.reason.tags', { tags: value.split(',').join('、') })
              : t('exchange.reason.words', { words: value.split(',').join('、') });
        return <li>{text}</li>;
      })}
    </ul>
  );
}

/** "On behalf of": the person and the organisations they administer. */
export function PartySelect(props: { parties: PartyOption[]; state?: FormState; value?: string }) {
  return (
    <Select
      name="party"
      label="exchange.field.party"
      options={props.parties.map((p) => ({ value: p.party, label: p.name }))}
      state={props.state}
      value={props.value}
      required
    />
  );
}
