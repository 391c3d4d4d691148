import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { seedDemo } from '../../seed/demo.ts';
import { TEST_PUBLIC_URL, useTestApp } from '../../testing/harness.ts';
import { rewriteLinks } from './static-export.ts';
import { writeStaticWall } from './views/static-pages.tsx';

const t = useTestApp();

describe('static export of the wall', () => {
  it('rewrites links to files, and everything dynamic to the live site', () => {
    expect(
      rewriteLinks(
        '<a href="/wall/products/x">p</a><img src="/monograms/a-b.svg?v=123abc"/><a href="/wall?type=school">f</a><form hx-get="/wall" action="/wall">',
        'en/members/m.html',
        'en/',
        'https://gj.example',
      ),
    ).toBe(
      '<a href="../../en/products/x.html">p</a><img src="../../logos/a-b.svg"/><a href="https://gj.example/wall?type=school">f</a><form action="../../en/index.html">',
    );
  });

  it('writes every page in both languages with logos, styles and data, all links resolving', async () => {
    await seedDemo(t.db, TEST_PUBLIC_URL, t.deps.config.GONGJIN_SECRET, { story: false });
    const out = mkdtempSync(path.join(tmpdir(), 'gj-wall-'));
    try {
      const made = await writeStaticWall({
        deps: t.deps,
        fetchPage: (p, init) => Promise.resolve(t.app.request(`${TEST_PUBLIC_URL}${p}`, init)),
        outDir: out,
        publicUrl: TEST_PUBLIC_URL,
      });
      // 2 × (wall + 12 members + 11 products) pages, 12 logos (monograms), 3 static files, 5 data files.
      expect(made.files).toBe(48 + 12 + 3 + 5);
      expect(readdirSync(out).sort()).toEqual([
        'data.yml',
        'en',
        'index.html',
        'logos',
        'members',
        'members.csv',
        'members.json',
        'products',
        'products.csv',
        'products.json',
        'static',
      ]);
      const zh = readFileSync(path.join(out, 'index.html'), 'utf8');
      expect(zh).toContain('<html lang="zh-CN">');
      expect(readFileSync(path.join(out, 'en/index.html'), 'utf8')).toContain('<html lang="en">');
      // Every relative link of every page points at a file that exists.
      for (const file of ['index.html', 'en/members/yunhai-db.html', 'products/yun-hai-htap.html']) {
        const html = readFileSync(path.join(out, file), 'utf8');
        const links = [...html.matchAll(/\b(?:href|src|action)="([^"#][^"]*)"/g)].map((m) => m[1]);
        const local = links.filter((l) => !/^https?:/.test(l));
        expect(local.length).toBeGreaterThan(3);
        for (const l of local)
          expect([file, l, existsSync(path.join(out, path.dirname(file), l))]).toEqual([file, l, true]);
        expect(links.filter((l) => l.startsWith('/'))).toEqual([]);
      }
      // Every logo data.yml names is in logos/ (landscape2's layout), and the pages show the same files.
      const yml = readFileSync(path.join(out, 'data.yml'), 'utf8');
      for (const [, logo] of yml.matchAll(/logo: (\S+)/g))
        expect(existsSync(path.join(out, 'logos', logo))).toBe(true);
      expect(readFileSync(path.join(out, 'members/yunhai-db.html'), 'utf8')).toContain(
        'src="../logos/yunhai-db.svg"',
      );
      expect(JSON.parse(readFileSync(path.join(out, 'products.json'), 'utf8')).products).toHaveLength(11);
      // Organisation descriptions: each language's page in its language; both in the data (task wall, ADR 0020).
      const zhMember = readFileSync(path.join(out, 'members/yunhai-db.html'), 'utf8');
      const enMember = readFileSync(path.join(out, 'en/members/yunhai-db.html'), 'utf8');
      expect(zhMember).toContain('<p data-testid="org-description">分布式 HTAP 数据库厂商');
      expect(enMember).toContain('<p data-testid="org-description">Distributed HTAP database vendor');
      expect(enMember).not.toContain('分布式 HTAP 数据库厂商');
      const yunhai = JSON.parse(readFileSync(path.join(out, 'members.json'), 'utf8')).members.find(
        (m: { slug: string }) => m.slug === 'yunhai-db',
      );
      expect([yunhai.descriptionZh, yunhai.descriptionEn]).toEqual([
        '分布式 HTAP 数据库厂商，兼容 PostgreSQL 协议，开源社区版。',
        'Distributed HTAP database vendor, PostgreSQL-compatible, with an open-source community edition.',
      ]);
      expect(readFileSync(path.join(out, 'members.csv'), 'utf8')).toContain(
        ',分布式 HTAP 数据库厂商，兼容 PostgreSQL 协议，开源社区版。,"Distributed HTAP database vendor, PostgreSQL-compatible, with an open-source community edition."',
      );
      expect(yml).toContain('gongjin_org_description_en: "Distributed HTAP database vendor');
      // A page of the export is the page the site serves, links aside.
      for (const [sitePath, file, locale] of [
        ['/wall', 'index.html', 'zh-CN'],
        ['/wall/members/yunhai-db', 'en/members/yunhai-db.html', 'en'],
        ['/wall/products/yun-hai-htap', 'products/yun-hai-htap.html', 'zh-CN'],
      ] as const) {
        const res = await t.app.request(`${TEST_PUBLIC_URL}${sitePath}`, {
          headers: { cookie: `gj_lang=${locale}` },
        });
        const dir = locale === 'en' ? 'en/' : '';
        expect(readFileSync(path.join(out, file), 'utf8')).toBe(
          rewriteLinks(await res.text(), file, dir, TEST_PUBLIC_URL),
        );
      }
    } finally {
      rmSync(out, { recursive: true, force: true });
    }
  });
});
