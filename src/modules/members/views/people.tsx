/** Partners (community and media partners, partner-tier members) and guest speakers: public pages. */
import type { Locale } from '../../../i18n/index.ts';
import { instantToZoned } from '../../../platform/time.ts';
import { useView } from '../../../ui/context.ts';
import { orgDescription } from '../../identity/queries.ts';
import type { OrgMemberTalk } from '../../salons/queries.ts';
import type { SpeakerProfile } from '../profiles.ts';
import type { WallOrg } from '../queries.ts';

const local = (x: { nameZh: string; nameEn: string }, locale: Locale) =>
  locale === 'en' && x.nameEn ? x.nameEn : x.nameZh;

export function PartnersPage({ partners }: { partners: WallOrg[] }) {
  const { t, locale } = useView();
  return (
    <section class="stack">
      <h1>{t('members.partners.title')}</h1>
      <p class="muted">{t('members.partners.lead')}</p>
      {partners.length === 0 ? (
        <p class="muted">{t('members.partners.none')}</p>
      ) : (
        <ul class="stack" data-testid="partners">
          {partners.map((o) => (
            <li class="card item-head" data-slug={o.slug}>
              <img src={o.logoUrl} alt="" width={48} height={48} loading="lazy" />
              <div>
                <a href={`/wall/members/${o.slug}`}>
                  <strong>{local(o, locale)}</strong>
                </a>{' '}
                <span class="muted">{t(`org.type.${o.type}`)}</span>
                {orgDescription(o, locale) && <p>{orgDescription(o, locale)}</p>}
                {o.website && (
                  <p>
                    {t('members.partners.channel')}:{' '}
                    <a href={o.website} rel="noopener nofollow">
                      {o.website}
                    </a>
                  </p>
                )}
              </div>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}

export function SpeakerCards({
  speakers,
  orgNames,
}: {
  speakers: SpeakerProfile[];
  orgNames: Map<string, string>;
}) {
  return (
    <ul class="stack" data-testid="speakers">
      {speakers.map((s) => (
        <li class="card item-head" data-speaker={s.id}>
          {s.avatarSha256 ? (
            <img
              src={`/files/${s.avatarSha256}`}
              alt=""
              width={64}
              height={64}
              loading="lazy"
              class="avatar"
            />
          ) : null}
          <div>
            <a href={`/wall/speakers/${s.id}`}>
              <strong>{s.displayName}</strong>
            </a>
            {(s.title || s.affiliation || s.orgIds.length > 0) && (
              <p class="muted">
                {[s.title, s.affiliation, ...s.orgIds.map((id) => orgNames.get(id) ?? '')]
                  .filter((x, i, all) => x && all.indexOf(x) === i)
                  .join(' · ')}
              </p>
            )}
            {s.bio && <p>{s.bio}</p>}
            {s.links.length > 0 && (
              <p>
                {s.links.map((l) => (
                  <>
                    <a href={l.url} rel="noopener nofollow me">
                      {l.label || l.url}
                    </a>{' '}
                  </>
                ))}
              </p>
            )}
          </div>
        </li>
      ))}
    </ul>
  );
}

export function SpeakersPage({
  speakers,
  orgNames,
}: {
  speakers: SpeakerProfile[];
  orgNames: Map<string, string>;
}) {
  const { t } = useView();
  return (
    <section class="stack">
      <h1>{t('members.speakers.title')}</h1>
      <p class="muted">{t('members.speakers.lead')}</p>
      {speakers.length === 0 ? (
        <p class="muted">{t('members.speakers.none')}</p>
      ) : (
        <SpeakerCards speakers={speakers} orgNames={orgNames} />
      )}
    </section>
  );
}

type SpeakerTalk = Omit<OrgMemberTalk, 'speakerName'>;

/** One guest speaker's public page: photo, affiliation, organisations, bio, personal links and their salon talks. */
export function SpeakerDetailPage({
  speaker,
  orgs,
  talks,
}: {
  speaker: SpeakerProfile;
  orgs: Array<{ slug: string; name: string }>;
  talks: SpeakerTalk[];
}) {
  const { t } = useView();
  const s = speaker;
  return (
    <article class="stack" data-testid="speaker-detail">
      <header class="item-head">
        {s.avatarSha256 ? (
          <img src={`/files/${s.avatarSha256}`} alt="" width={96} height={96} class="avatar" />
        ) : null}
        <div>
          <h1>{s.displayName}</h1>
          {(s.title || s.affiliation) && (
            <p class="muted" data-testid="speaker-title">
              {[s.title, s.affiliation].filter(Boolean).join(' · ')}
            </p>
          )}
        </div>
      </header>
      {orgs.length > 0 && (
        <p>
          {t('members.speaker.orgs')}:{' '}
          {orgs.map((o) => (
            <>
              <a href={`/wall/members/${o.slug}`}>{o.name}</a>{' '}
            </>
          ))}
        </p>
      )}
      {s.bio && <p>{s.bio}</p>}
      {s.links.length > 0 && (
        <p data-testid="speaker-links">
          {t('members.speaker.site')}:{' '}
          {s.links.map((l) => (
            <>
              <a href={l.url} rel="noopener nofollow me">
                {l.label || l.url}
              </a>{' '}
            </>
          ))}
        </p>
      )}
      <h2>{t('members.speaker.talks')}</h2>
      {talks.length === 0 ? (
        <p class="muted">{t('members.speaker.noTalks')}</p>
      ) : (
        <ul data-testid="speaker-talks">
          {talks.map((talk) => (
            <li>
              {t('members.speaker.talkLine', { title: talk.title })}{' '}
              <span class="muted">
                <a href={`/salons/${talk.salonId}`}>
                  {t('members.org.salonLine', { number: talk.salonNumber, title: talk.salonTitle })}
                </a>{' '}
                · {instantToZoned(talk.startsAt, talk.timezone).slice(0, 10)}
              </span>
            </li>
          ))}
        </ul>
      )}
      <p>
        <a href="/wall/speakers">{t('members.speaker.all')}</a>
      </p>
    </article>
  );
}

/** The wall's compact partners and speakers sections: a few of each, names and small lazy images only. */
export function WallPeople({
  partners,
  speakers,
  itemBase = '/wall',
}: {
  partners: WallOrg[];
  speakers: SpeakerProfile[];
  /** `/embed/wall` in the embed: items open in its dialog (inside the frame); "more" links open the site in a new tab. */
  itemBase?: string;
}) {
  const { t, locale } = useView();
  const more = itemBase === '/wall' ? undefined : '_blank';
  return (
    <>
      {partners.length > 0 && (
        <section class="stack" data-testid="wall-partners">
          <h2>{t('members.partners.title')}</h2>
          <ul class="filters">
            {partners.slice(0, WALL_PEOPLE).map((o) => (
              <li>
                <a href={`${itemBase}/members/${o.slug}`}>{local(o, locale)}</a>
              </li>
            ))}
          </ul>
          <a href="/wall/partners" target={more}>
            {t('members.wall.morePartners', { count: partners.length })}
          </a>
        </section>
      )}
      {speakers.length > 0 && (
        <section class="stack" data-testid="wall-speakers">
          <h2>{t('members.speakers.title')}</h2>
          <ul class="filters">
            {speakers.slice(0, WALL_PEOPLE).map((s) => (
              <li>
                <a href={`${itemBase}/speakers/${s.id}`}>
                  {s.avatarSha256 ? (
                    <img
                      src={`/files/${s.avatarSha256}`}
                      alt=""
                      width={32}
                      height={32}
                      loading="lazy"
                      class="avatar"
                    />
                  ) : null}
                  {s.displayName}
                </a>
              </li>
            ))}
          </ul>
          <a href="/wall/speakers" target={more}>
            {t('members.wall.moreSpeakers', { count: speakers.length })}
          </a>
        </section>
      )}
    </>
  );
}

/** How many partners and speakers the wall itself shows; the rest are one link away. */
const WALL_PEOPLE = 8;
