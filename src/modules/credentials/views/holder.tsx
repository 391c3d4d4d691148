/** The holder's own credentials, with their links and the public/private choice. */
import type { MessageKey } from '../../../i18n/index.ts';
import { useView } from '../../../ui/context.ts';
import { ActionButton } from '../../../ui/form.tsx';

export type HolderCredential = {
  id: string;
  status: string;
  public: number;
  issuedAt: Date;
  achievementZh: string;
  achievementEn: string;
  verifyUrl: string;
  pdfUrl: string;
};

export function HolderPage(props: { items: HolderCredential[] }) {
  const { t, locale } = useView();
  return (
    <section class="page">
      <h1>{t('credentials.mine.title')}</h1>
      {props.items.length === 0 && <p>{t('credentials.mine.empty')}</p>}
      <ul class="credential-list">
        {props.items.map((c) => (
          <li data-credential={c.id}>
            <strong>{locale === 'en' ? c.achievementEn : c.achievementZh}</strong> ·{' '}
            {t(`credentials.status.${c.status}` as MessageKey)} · {c.issuedAt.toISOString().slice(0, 10)} ·{' '}
            <a href={c.verifyUrl}>{t('credentials.mine.verify')}</a> ·{' '}
            <a href={`${c.pdfUrl}&lang=zh-CN`}>{t('credentials.result.pdf')}</a> ·{' '}
            <a href={`${c.pdfUrl}&lang=en`}>{t('credentials.result.pdfEn')}</a> ·{' '}
            <span class="visibility">
              {t(c.public ? 'credentials.mine.public' : 'credentials.mine.private')}
            </span>
            <ActionButton
              action={`/my/credentials/${c.id}/visibility`}
              label={c.public ? 'credentials.mine.makePrivate' : 'credentials.mine.makePublic'}
              fields={{ public: c.public ? 'false' : 'true' }}
            />
          </li>
        ))}
      </ul>
    </section>
  );
}
