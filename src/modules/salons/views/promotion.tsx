/** Promotion: posters, press kit, speaker invitations and a talk's own page. Every string comes from the catalogue (messages.ts). */
import { useView } from '../../../ui/context.ts';
import { ActionButton, Field, Form, type FormState, Select, Submit } from '../../../ui/form.tsx';
import type { AgendaItemRow, Channel, OrgRef, Salon } from '../queries.ts';
import { orgName } from './shared.tsx';

export function PromotionPage(props: {
  salon: Salon;
  channels: Channel[];
  orgs: OrgRef[];
  canManage: boolean;
  canRecord: (ch: Channel) => boolean;
  state?: FormState;
}) {
  const { t, locale } = useView();
  const { salon, channels, state } = props;
  const published = channels.filter((ch) => ch.publishedUrl).length;
  return (
    <section class="stack">
      <p class="muted">
        <a href={`/salons/${salon.id}`}>{salon.title}</a>
      </p>
      <h1>{t('salons.promotion.title')}</h1>
      <p data-testid="promotion-summary">
        {t('salons.promotion.summary', { published, total: channels.length })}
      </p>
      <ul class="stack" data-testid="channels">
        {channels.map((ch) => (
          <li class="card stack" data-id={ch.id} data-published={ch.publishedUrl ? 'yes' : 'no'}>
            <strong>{ch.name}</strong>
            <span class="muted">
              {ch.owner ? orgName(ch.owner, locale) : ''} ·{' '}
              {t('salons.promotion.window', { start: ch.windowStart, end: ch.windowEnd })}
            </span>
            {ch.publishedUrl ? (
              <a href={ch.publishedUrl} rel="noopener noreferrer">
                {t('salons.promotion.published')}
              </a>
            ) : (
              <span class="badge">{t('salons.promotion.notYet')}</span>
            )}
            {props.canRecord(ch) && (
              <Form action={`/salons/${salon.id}/promotion/${ch.id}/published`}>
                <Field
                  name="url"
                  label="salons.promotion.url"
                  type="url"
                  required
                  value={ch.publishedUrl ?? ''}
                />
                <Submit label="salons.promotion.record" />
              </Form>
            )}
          </li>
        ))}
      </ul>
      {props.canManage && (
        <>
          <h2>{t('salons.promotion.add')}</h2>
          <Form action={`/salons/${salon.id}/promotion`} state={state}>
            <Field name="name" label="salons.promotion.name" required state={state} />
            <Select
              name="ownerOrgId"
              label="salons.promotion.owner"
              required
              state={state}
              options={props.orgs.map((o) => ({ value: o.id, label: orgName(o, locale) }))}
            />
            <Field
              name="windowStart"
              label="salons.promotion.windowStart"
              type="date"
              required
              state={state}
            />
            <Field name="windowEnd" label="salons.promotion.windowEnd" type="date" required state={state} />
            <Submit label="salons.promotion.add" />
          </Form>
        </>
      )}
    </section>
  );
}

/** The announcement to paste: plain text, and HTML with inline styles for the WeChat editor. */
export function PressKitPage({ salon, text, html }: { salon: Salon; text: string; html: string }) {
  const { t } = useView();
  return (
    <section class="stack">
      <p class="muted">
        <a href={`/salons/${salon.id}/edit`}>{salon.title}</a>
      </p>
      <h1>{t('salons.press.title')}</h1>
      <h2>{t('salons.poster.title')}</h2>
      <p data-testid="posters">
        <a class="button" href={`/salons/${salon.id}/posters/story.png`} download>
          {t('salons.poster.story')}
        </a>{' '}
        <a class="button" href={`/salons/${salon.id}/posters/square.png`} download>
          {t('salons.poster.square')}
        </a>
      </p>
      <img
        src={`/salons/${salon.id}/posters/square.png`}
        alt={t('salons.poster.square')}
        width="360"
        height="360"
        loading="lazy"
      />
      <div class="field">
        <label for="press-text">{t('salons.press.text')}</label>
        <textarea id="press-text" readonly rows={14}>
          {text}
        </textarea>
      </div>
      <div class="field">
        <label for="press-html">{t('salons.press.html')}</label>
        <p class="hint">{t('salons.press.htmlHint')}</p>
        <textarea id="press-html" readonly rows={10}>
          {html}
        </textarea>
      </div>
    </section>
  );
}

export function SpeakerInvitePage(props: {
  token: string;
  talk: string;
  salonTitle: string;
  when: string;
  signedIn: boolean;
  claimedByOther: boolean;
}) {
  const { t } = useView();
  const here = `/salons/speaker-invites/${props.token}`;
  return (
    <section class="card stack" data-testid="speaker-invite">
      <h1>{t('salons.speaker.inviteTitle')}</h1>
      <p>{t('salons.speaker.inviteLead', { talk: props.talk, title: props.salonTitle })}</p>
      <p class="muted">{props.when}</p>
      {props.claimedByOther ? (
        <p class="alert alert-error" role="alert">
          {t('salons.speaker.inviteClaimed')}
        </p>
      ) : props.signedIn ? (
        <ActionButton action={`${here}/claim`} label="salons.speaker.claim" variant="primary" />
      ) : (
        <>
          <p>{t('salons.speaker.signInFirst')}</p>
          <p>
            <a class="button button-primary" href={`/login?next=${encodeURIComponent(here)}`}>
              {t('nav.login')}
            </a>{' '}
            <a class="button" href={`/signup?next=${encodeURIComponent(here)}`}>
              {t('nav.signup')}
            </a>
          </p>
        </>
      )}
    </section>
  );
}

export function TalkPage(props: { salon: Salon; item: AgendaItemRow; state?: FormState; saved?: boolean }) {
  const { t } = useView();
  const { salon, item, state } = props;
  return (
    <section class="stack" data-testid="talk">
      <h1>{t('salons.talk.title')}</h1>
      <p class="muted">
        <a href={`/salons/${salon.id}`}>{salon.title}</a>
      </p>
      {props.saved && (
        <p class="alert alert-success" role="status">
          {t('salons.talk.saved')}
        </p>
      )}
      <Form action={`/salons/${salon.id}/agenda/${item.id}/talk`} state={state}>
        <Field name="title" label="salons.field.title" required value={item.title} state={state} />
        <Field name="abstract" label="salons.field.abstract" multiline value={item.abstract} state={state} />
        <Field
          name="slidesUrl"
          label="salons.talk.slidesUrl"
          type="url"
          value={item.slidesUrl}
          state={state}
        />
        <Submit label="salons.talk.save" />
      </Form>
    </section>
  );
}
