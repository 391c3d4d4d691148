/**
 * The board (供需连), phone first: filters, posts as cards with kind, category, end/means and
 * north-star/process marks; the form to post; one post's page. Strings are in ../messages.ts.
 */
import { useView } from '../../../ui/context.ts';
import { ActionButton, Field, Form, type FormState, Select, Submit } from '../../../ui/form.tsx';
import type { Post } from '../queries.ts';
import { CATEGORIES, METRIC_LEVELS, POST_KINDS, PURPOSES } from '../schema.ts';
import { categoryKey, type PartyOption, PartySelect } from './shared.tsx';

function PostCard(props: { post: Post; name: string }) {
  const { t } = useView();
  const p = props.post;
  return (
    <li class="card" data-testid="post">
      <p class="item-head">
        <span class="badge">{t(p.kind === 'offer' ? 'exchange.kind.offer' : 'exchange.kind.need')}</span>{' '}
        <span class="badge">{t(categoryKey(p.category))}</span>
        {p.purpose && (
          <span class="badge">
            {t(p.purpose === 'end' ? 'exchange.purpose.end' : 'exchange.purpose.means')}
          </span>
        )}
        {p.metricLevel && (
          <span class="badge">
            {t(p.metricLevel === 'north_star' ? 'exchange.metric.north_star' : 'exchange.metric.process')}
          </span>
        )}
        {p.status === 'closed' && <span class="badge">{t('exchange.post.closed')}</span>}
      </p>
      <h3>
        <a href={`/exchange/posts/${p.id}`}>{p.title}</a>
      </h3>
      <p class="muted">
        {t('exchange.post.by')}：{props.name}
        {p.tags.length > 0 && ` · #${p.tags.join(' #')}`}
      </p>
    </li>
  );
}

export function BoardPage(props: {
  posts: Post[];
  names: Map<string, string>;
  filter: { kind?: string; category?: string; q?: string };
}) {
  const { t } = useView();
  return (
    <section class="stack">
      <h1>{t('exchange.title')}</h1>
      <p class="muted">{t('exchange.intro')}</p>
      <p class="actions">
        <a class="button button-primary" href="/exchange/new">
          {t('exchange.post.new')}
        </a>{' '}
        <a class="button" href="/exchange/matches">
          {t('exchange.matches.title')}
        </a>{' '}
        <a class="button" href="/exchange/introductions">
          {t('exchange.intro.list')}
        </a>
      </p>
      <form class="filters" method="get" action="/exchange">
        <Select
          name="kind"
          label="exchange.field.kind"
          value={props.filter.kind ?? ''}
          options={[
            { value: '', label: t('exchange.kind.all') },
            ...POST_KINDS.map((k) => ({
              value: k,
              label: t(k === 'offer' ? 'exchange.kind.offer' : 'exchange.kind.need'),
            })),
          ]}
        />
        <Select
          name="category"
          label="exchange.field.category"
          value={props.filter.category ?? ''}
          options={[
            { value: '', label: t('exchange.kind.all') },
            ...CATEGORIES.map((c) => ({ value: c, label: t(categoryKey(c)) })),
          ]}
        />
        <Field name="q" label="exchange.field.q" value={props.filter.q ?? ''} />
        <button type="submit" class="button">
          {t('exchange.filter')}
        </button>
      </form>
      {props.posts.length === 0 ? (
        <p class="muted">{t('exchange.post.none')}</p>
      ) : (
        <ul class="grid">
          {props.posts.map((p) => (
            <PostCard post={p} name={props.names.get(p.party) ?? ''} />
          ))}
        </ul>
      )}
    </section>
  );
}

export function PostFormPage(props: { parties: PartyOption[]; state?: FormState }) {
  const { t } = useView();
  return (
    <section class="stack">
      <h1>{t('exchange.post.new')}</h1>
      <Form action="/exchange/posts" state={props.state} id="post-form">
        <Select
          name="kind"
          label="exchange.field.kind"
          state={props.state}
          options={POST_KINDS.map((k) => ({
            value: k,
            label: t(k === 'offer' ? 'exchange.kind.offer' : 'exchange.kind.need'),
          }))}
          value="need"
          required
        />
        <PartySelect parties={props.parties} state={props.state} />
        <Select
          name="category"
          label="exchange.field.category"
          state={props.state}
          options={CATEGORIES.map((c) => ({ value: c, label: t(categoryKey(c)) }))}
          required
        />
        <Field name="title" label="exchange.field.title" state={props.state} required maxlength={120} />
        <Field name="body" label="exchange.field.body" state={props.state} multiline maxlength={2000} />
        <Field name="tags" label="exchange.field.tags" hint="exchange.field.tagsHint" state={props.state} />
        <Select
          name="purpose"
          label="exchange.field.purpose"
          state={props.state}
          options={[
            { value: '', label: '—' },
            ...PURPOSES.map((p) => ({
              value: p,
              label: t(p === 'end' ? 'exchange.purpose.end' : 'exchange.purpose.means'),
            })),
          ]}
        />
        <Select
          name="metricLevel"
          label="exchange.field.metricLevel"
          state={props.state}
          options={[
            { value: '', label: '—' },
            ...METRIC_LEVELS.map((m) => ({
              value: m,
              label: t(m === 'north_star' ? 'exchange.metric.north_star' : 'exchange.metric.process'),
            })),
          ]}
        />
        <Submit label="exchange.post.create" />
      </Form>
    </section>
  );
}

export function PostPage(props: { post: Post; name: string; mine: boolean; created?: boolean }) {
  const { t } = useView();
  const p = props.post;
  return (
    <section class="stack">
      {props.created && (
        <p class="alert alert-success" role="status">
          {t('exchange.post.created')}
        </p>
      )}
      <h1>
        {t('exchange.post.titleOf', {
          kind: t(p.kind === 'offer' ? 'exchange.kind.offer' : 'exchange.kind.need'),
          title: p.title,
        })}
      </h1>
      <ul class="list-plain">
        <PostCard post={p} name={props.name} />
      </ul>
      {p.body && <p class="pre-wrap">{p.body}</p>}
      {props.mine && p.status === 'open' && (
        <p class="actions">
          <a class="button button-primary" href={`/exchange/matches?as=${encodeURIComponent(p.party)}`}>
            {t('exchange.matches.title')}
          </a>{' '}
          <ActionButton action={`/exchange/posts/${p.id}/close`} label="exchange.post.close" />
        </p>
      )}
    </section>
  );
}
