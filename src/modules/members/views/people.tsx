/** Partners (community and media partners, partner-tier members) and guest speakers: public pages. */
import type { Locale } from '../../../i18n/index.ts';
import { useView } from '../../../ui/context.ts';
import type { SpeakerProfile } from '../../identity/queries.ts';
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
                {o.description && <p>{o.description}</p>}
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
            <strong>{s.displayName}</strong>
            {(s.affiliation || s.orgIds.length > 0) && (
              <p class="muted">
                {[s.affiliation, ...s.orgIds.map((id) => orgNames.get(id) ?? '')]
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
