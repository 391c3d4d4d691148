/**
 * Suggestions for one party: each with the mutual score, both directions, the pair of posts that
 * made each and the reasons; a request form (with a note), "no thanks" and "competitor" buttons.
 */

import { useView } from '../../../ui/context.ts';
import { ActionButton, Field, Form } from '../../../ui/form.tsx';
import { reasonStrings } from '../match.ts';
import type { Post } from '../queries.ts';
import type { Suggestion } from '../suggest.ts';
import { type PartyOption, percent, ReasonList } from './shared.tsx';

export function MatchesPage(props: {
  as: string;
  parties: PartyOption[];
  suggestions: Suggestion[];
  names: Map<string, string>;
  posts: Map<string, Post>;
  hasNeeds: boolean;
  blocks: Array<{ other: string; reason: 'no_thanks' | 'competitor' }>;
}) {
  const { t } = useView();
  const title = (id: string | undefined) => (id ? (props.posts.get(id)?.title ?? '') : '');
  return (
    <section class="stack">
      <h1>{t('exchange.matches.title')}</h1>
      {props.parties.length > 1 && (
        <form class="filters" method="get" action="/exchange/matches">
          <label for="f-as">{t('exchange.field.party')}</label>
          <select id="f-as" name="as">
            {props.parties.map((p) => (
              <option value={p.party} selected={p.party === props.as}>
                {p.name}
              </option>
            ))}
          </select>
          <button type="submit" class="button">
            {t('exchange.filter')}
          </button>
        </form>
      )}
      <p class="muted">{t('exchange.matches.for', { party: props.names.get(props.as) ?? '' })}</p>
      {!props.hasNeeds ? (
        <p class="muted">
          {t('exchange.matches.noNeeds')} <a href="/exchange/new">{t('exchange.post.new')}</a>
        </p>
      ) : props.suggestions.length === 0 ? (
        <p class="muted">{t('exchange.matches.none')}</p>
      ) : (
        <ol class="list-plain stack" data-testid="suggestions">
          {props.suggestions.map((s) => (
            <li class="card" data-testid="suggestion" data-party={s.party}>
              <h2>{props.names.get(s.party) ?? ''}</h2>
              <p>
                <strong>{t('exchange.matches.mutual', { score: percent(s.score) })}</strong>
              </p>
              {s.forward && (
                <>
                  <p>{t('exchange.matches.forward', { score: percent(s.forward.score) })}</p>
                  <p class="muted">
                    {t('exchange.matches.pairOf', {
                      need: title(s.forward.needId),
                      offer: title(s.forward.offerId),
                    })}
                  </p>
                  <ReasonList reasons={reasonStrings(s.forward.reasons)} />
                </>
              )}
              {s.backward ? (
                <>
                  <p>{t('exchange.matches.backward', { score: percent(s.backward.score) })}</p>
                  <p class="muted">
                    {t('exchange.matches.pairBack', {
                      need: title(s.backward.needId),
                      offer: title(s.backward.offerId),
                    })}
                  </p>
                  <ReasonList reasons={reasonStrings(s.backward.reasons)} />
                </>
              ) : (
                <p class="muted">{t('exchange.matches.backwardNone')}</p>
              )}
              {s.open ? (
                <p>
                  <a href={`/exchange/introductions/${s.open.id}`}>
                    {t(
                      s.open.status === 'requested'
                        ? 'exchange.matches.openRequested'
                        : 'exchange.matches.openAccepted',
                    )}
                  </a>
                </p>
              ) : s.atCapacity ? (
                <p class="muted">{t('exchange.matches.atCapacity')}</p>
              ) : (
                <Form action="/exchange/introductions" class="form">
                  <input type="hidden" name="party" value={props.as} />
                  <input type="hidden" name="other" value={s.party} />
                  <Field name={`note`} label="exchange.field.note" multiline maxlength={500} />
                  <button type="submit" class="button button-primary">
                    {t('exchange.intro.request')}
                  </button>
                </Form>
              )}
              <p class="actions">
                <ActionButton
                  action="/exchange/blocks"
                  label="exchange.noThanks"
                  fields={{ party: props.as, other: s.party, reason: 'no_thanks' }}
                />{' '}
                <ActionButton
                  action="/exchange/blocks"
                  label="exchange.competitor"
                  fields={{ party: props.as, other: s.party, reason: 'competitor' }}
                />
              </p>
            </li>
          ))}
        </ol>
      )}
      {props.blocks.length > 0 && (
        <>
          <h2>{t('exchange.blocks.title')}</h2>
          <ul class="list-plain">
            {props.blocks.map((b) => (
              <li>
                {props.names.get(b.other) ?? ''} ·{' '}
                {t(
                  b.reason === 'competitor'
                    ? 'exchange.blocks.reason.competitor'
                    : 'exchange.blocks.reason.no_thanks',
                )}{' '}
                <ActionButton
                  action="/exchange/blocks/remove"
                  label="exchange.unblock"
                  fields={{ party: props.as, other: b.other }}
                />
              </li>
            ))}
          </ul>
        </>
      )}
    </section>
  );
}
