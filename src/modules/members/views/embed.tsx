/**
 * The embeddable wall: no site header or footer, items open in a dialog over the wall inside the
 * frame (embed.js; without scripts the tiles link to the embed's item pages), and the page height is
 * posted to the parent. On the wall, links stay in the frame unless marked `target="_blank"` (the
 * few that lead to the site); an item page opens every link in a new tab (<base target="_blank">),
 * and embed.js does the same for an item shown in the dialog (ADR 0020: one `target` per tile was
 * ~10 KB at 2,000 items).
 */
import type { Child } from 'hono/jsx';
import { ASSETS } from '../../../ui/assets.ts';
import { useView } from '../../../ui/context.ts';
import { filterQuery, type WallFilters } from '../forms.ts';
import type { WallData, WallView } from '../queries.ts';
import { WallFiltersForm, WallResults } from './wall.tsx';

export function EmbedDocument(props: { title: string; children: Child; newTabLinks?: boolean }) {
  const { t, locale } = useView();
  return (
    <html lang={locale}>
      <head>
        <meta charset="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <title>{`${props.title} · ${t('app.name')}`}</title>
        {props.newTabLinks !== false && <base target="_blank" />}
        <link rel="stylesheet" href={ASSETS.css} />
        <meta
          name="htmx-config"
          content='{"includeIndicatorStyles":false,"allowEval":false,"allowScriptTags":false}'
        />
        <script src={ASSETS.htmx} defer />
        <script src={ASSETS.embed} defer />
      </head>
      <body class="embed">
        <main class="container">{props.children}</main>
      </body>
    </html>
  );
}

export function EmbedWall({
  data,
  view,
  filters,
  people,
}: {
  data: WallData;
  view: WallView;
  filters: WallFilters;
  /** The compact partners and speakers sections, with links into the embed (WallPeople itemBase="/embed/wall"). */
  people?: Child;
}) {
  const { t } = useView();
  return (
    <EmbedDocument title={t('members.wall.title')} newTabLinks={false}>
      <WallFiltersForm data={data} filters={filters} action="/embed/wall" />
      <WallResults view={view} filters={filters} itemBase="/embed/wall" />
      {people}
      {/* embed.js opens items here, over the wall and inside the frame; without it, tiles are links. */}
      <dialog
        id="wall-item"
        class="embed-item"
        aria-label={t('members.embed.item')}
        data-loading={t('members.embed.loading')}
        data-failed={t('members.embed.failed')}
      >
        <form method="dialog" class="embed-item-close">
          <button type="submit" class="button button-plain">
            {t('members.embed.close')}
          </button>
        </form>
        <div data-item-body />
      </dialog>
    </EmbedDocument>
  );
}

export function EmbedItem({ title, children }: { title: string; children: Child }) {
  const { t } = useView();
  return (
    <EmbedDocument title={title}>
      <p>
        <a href="/embed/wall" target="_self">
          {t('members.embed.back')}
        </a>
      </p>
      {children}
    </EmbedDocument>
  );
}

/** The copy-paste snippet shown on the wall page for the current filters. */
export function EmbedSnippet({ publicUrl, filters }: { publicUrl: string; filters: WallFilters }) {
  const { t } = useView();
  const origin = new URL(publicUrl).origin;
  const src = `${origin}/embed/wall${filterQuery(filters)}`;
  const snippet = `<iframe id="gongjin-wall" src="${src}" title="${t('members.wall.title')}" style="width:100%;border:0" loading="lazy"></iframe>
<script>
addEventListener('message', function (e) {
  if (e.origin !== '${origin}' || !e.data || e.data.type !== 'gongjin:height') return;
  document.getElementById('gongjin-wall').style.height = e.data.height + 'px';
});
</script>`;
  return (
    <details class="embed-snippet">
      <summary>{t('members.embed.title')}</summary>
      <p class="muted">{t('members.embed.lead')}</p>
      <pre>
        <code data-testid="embed-snippet">{snippet}</code>
      </pre>
    </details>
  );
}
