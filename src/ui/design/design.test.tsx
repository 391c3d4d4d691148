/** The design system's components render the markup docs/ui.md describes. */
import { describe, expect, it } from 'vitest';
import { Badge, Card, DataTable, EmptyState, LogoTile, PageHeader, Stat } from './index.tsx';

const html = (node: unknown) => String(node);

describe('design components', () => {
  it('makes a card one link when it has an address, and highlights the one to act on', () => {
    expect(
      html(
        <Card href="/salons/1" tone="highlight">
          x
        </Card>,
      ),
    ).toBe('<a class="ui-card ui-card-highlight" href="/salons/1">x</a>');
    expect(html(<Card>y</Card>)).toBe('<div class="ui-card">y</div>');
  });

  it('gives badges a tone and data attributes', () => {
    expect(
      html(
        <Badge tone="success" data={{ status: 'open' }}>
          报名中
        </Badge>,
      ),
    ).toBe('<span class="ui-badge ui-badge-success" data-status="open">报名中</span>');
  });

  it('offers the next action in an empty state', () => {
    expect(
      html(<EmptyState message="还没有课程。" action={{ href: '/learn/new', label: '创建课程' }} />),
    ).toBe(
      '<div class="ui-empty" data-testid="empty-state"><p>还没有课程。</p><a class="button button-primary" href="/learn/new">创建课程</a></div>',
    );
  });

  it('renders a page header with only the parts given', () => {
    expect(html(<PageHeader title="沙龙" />)).toBe('<header class="ui-page-header"><h1>沙龙</h1></header>');
    expect(html(<Stat value={12} label="成员单位" />)).toBe(
      '<div class="ui-stat"><strong>12</strong><span>成员单位</span></div>',
    );
  });

  it('boxes a logo at a fixed size whatever its shape', () => {
    expect(html(<LogoTile src="/logos/a.svg" name="云海数据" size="lg" />)).toBe(
      '<span class="ui-logo ui-logo-lg"><img src="/logos/a.svg" alt="云海数据" loading="lazy"/></span>',
    );
  });

  it('makes a data table a labelled region a keyboard can scroll', () => {
    const out = html(
      <DataTable
        caption="费用"
        columns={[
          { label: '项目', cell: (r: { k: string; v: number }) => r.k },
          { label: '金额', cell: (r) => r.v, numeric: true },
        ]}
        rows={[{ k: '场地', v: 300 }]}
      />,
    );
    expect(out).toBe(
      '<section class="ui-table" aria-label="费用" tabindex="0"><table><caption class="visually-hidden">费用</caption><thead><tr><th scope="col">项目</th><th scope="col" class="num">金额</th></tr></thead><tbody><tr><td>场地</td><td class="num">300</td></tr></tbody></table></section>',
    );
  });
});
