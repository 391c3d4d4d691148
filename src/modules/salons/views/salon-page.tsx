/** A salon's public page (cached for anonymous visitors: it carries nothing per visitor) and its agenda. Strings come from the catalogue (messages.ts). */
import { raw } from 'hono/html';
import { renderMarkdown } from '../../../platform/markdown.ts';
import { useView } from '../../../ui/context.ts';
import { DateBlock, LogoTile, PageHeader } from '../../../ui/design/index.tsx';
import type { AgendaItem, OrgRef, Salon, Stream } from '../queries.ts';
import type { RegistrationStatus } from '../schema.ts';
import { dateLeaf, formatRange } from '../time.ts';
import { orgName, StatusBadge, seriesTitle, When } from './shared.tsx';

function Agenda({ agenda }: { agenda: AgendaItem[] }) {
  const { t } = useView();
  if (agenda.length === 0) return <p class="muted">{t('salons.agenda.empty')}</p>;
  return (
    <ol class="stack" data-testid="agenda">
      {agenda.map((a) => (
        <li id={`agenda-${a.id}`}>
          <strong>{a.title}</strong>{' '}
          <span class="badge">
            {t(`salons.kind.${a.kind}`)}
            {a.subKind && <> · {t(`salons.subKind.${a.subKind}`)}</>}
          </span>
          <br />
          <span class="muted">
            {t('salons.agenda.minutes', { n: a.durationMinutes })}
            {a.speakerName && <> · {a.speakerName}</>}
          </span>
          {a.abstract && <p>{a.abstract}</p>}
          {(a.slidesUrl || a.replayUrl) && (
            <p>
              {a.slidesUrl && (
                <a href={a.slidesUrl} rel="noopener">
                  {t('salons.talk.slides')}
                </a>
              )}
              {a.slidesUrl && a.replayUrl && ' · '}
              {a.replayUrl && (
                <a href={a.replayUrl} rel="noopener" data-testid="replay">
                  {t('salons.talk.replay')}
                </a>
              )}
            </p>
          )}
          {a.recap && (
            <details open>
              <summary>{t('salons.talk.recap')}</summary>
              {/* Rendered with raw HTML disabled and sanitised (platform/markdown.ts). */}
              <div class="markdown" data-testid="recap">
                {raw(renderMarkdown(a.recap))}
              </div>
            </details>
          )}
        </li>
      ))}
    </ol>
  );
}

/** Host, co-hosts and sponsors with their logos, each a link to the organisation. */
function Orgs(props: { orgs: OrgRef[]; logos?: Map<string, string>; testid?: string }) {
  const { locale } = useView();
  return (
    <ul class="org-chips" data-testid={props.testid}>
      {props.orgs.map((o) => (
        <li>
          <a href={`/orgs/${o.slug}`}>
            {props.logos?.get(o.id) && <LogoTile src={props.logos.get(o.id) ?? ''} name="" size="sm" />}
            {orgName(o, locale)}
          </a>
        </li>
      ))}
    </ul>
  );
}

export function SalonPage(props: {
  salon: Salon;
  agenda: AgendaItem[];
  mine?: { status: RegistrationStatus; ticket: string };
  canManage: boolean;
  streams: Stream[];
  /** When the square poster was last drawn: its URL carries it, so a redraw is never hidden by a browser's copy. */
  posterAt?: Date;
  /** Logo addresses of the host, co-hosts and sponsors, by organisation id. */
  logos?: Map<string, string>;
}) {
  const { t, locale } = useView();
  const { salon, agenda, mine } = props;
  const live = props.streams.filter((s) => s.url);
  const leaf = dateLeaf(salon.startsAt, salon.timezone, locale);
  return (
    <article data-testid="salon">
      <PageHeader
        kicker={
          <a href={`/salons/series/${salon.series.slug}`}>
            {t('salons.numbered', { series: seriesTitle(salon.series, locale), number: salon.number })}
          </a>
        }
        title={salon.title}
        lead={<StatusBadge salon={salon} />}
      />
      <div class="salon-facts">
        <div class="salon-fact">
          <DateBlock {...leaf} label={formatRange(salon.startsAt, salon.endsAt, salon.timezone, locale)} />
          <div>
            <span class="visually-hidden">{t('salons.field.when')}</span>
            <When salon={salon} />
          </div>
        </div>
        <div class="salon-fact" data-testid="where">
          <div>
            <span class="salon-fact-label">{t('salons.field.where')}</span>
            {salon.city}
            {salon.venue && <> · {salon.venue}</>}
            {salon.address && <span class="salon-address">{salon.address}</span>}
            {salon.mapUrl && (
              <a href={salon.mapUrl} rel="noopener noreferrer">
                {t('salons.map')}
              </a>
            )}
          </div>
        </div>
        <p class="muted">{t('salons.seats', { n: salon.capacity })}</p>
      </div>
      <div class="ui-actions">
        {mine ? (
          <a class="button button-primary" href={`/salons/tickets/${mine.ticket}`}>
            {t(mine.status === 'confirmed' ? 'salons.mine.confirmed' : 'salons.mine.waitlisted')}
          </a>
        ) : (
          salon.status === 'registration_open' && (
            <a
              class="button button-primary"
              href={`/salons/${salon.id}/register`}
              data-testid="register-link"
            >
              {t('salons.register.cta')}
            </a>
          )
        )}
        <a class="button" href={`/salons/${salon.id}/calendar.ics`} data-testid="add-to-calendar">
          {t('salons.addToCalendar')}
        </a>
        {props.canManage && (
          <a class="button" href={`/salons/${salon.id}/edit`}>
            {t('salons.manage.title')}
          </a>
        )}
      </div>
      {salon.host && (
        <>
          <h2>{t('salons.field.host')}</h2>
          <Orgs orgs={[salon.host]} logos={props.logos} testid="host" />
        </>
      )}
      {salon.cohosts.length > 0 && (
        <>
          <h2>{t('salons.field.cohosts')}</h2>
          <Orgs orgs={salon.cohosts} logos={props.logos} testid="cohosts" />
        </>
      )}
      {salon.sponsors.length > 0 && (
        <>
          <h2>{t('salons.field.sponsors')}</h2>
          <Orgs orgs={salon.sponsors} logos={props.logos} testid="sponsors" />
        </>
      )}
      {salon.description && <p>{salon.description}</p>}
      {props.posterAt && (
        <img
          data-testid="poster"
          src={`/salons/${salon.id}/posters/square.png?v=${props.posterAt.getTime()}`}
          alt={t('salons.poster.square')}
          width="360"
          height="360"
          loading="lazy"
          class="salon-poster"
        />
      )}
      {live.length > 0 && (
        <>
          <h2>{t('salons.live.watch')}</h2>
          <ul data-testid="streams">
            {live.map((s) => (
              <li>
                <a href={s.url} rel="noopener">
                  {s.platform}
                </a>
              </li>
            ))}
          </ul>
        </>
      )}
      <h2>{t('salons.agenda.title')}</h2>
      <Agenda agenda={agenda} />
    </article>
  );
}
