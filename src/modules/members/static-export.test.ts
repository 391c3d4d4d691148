import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { seedDemo } from '../../seed/demo.ts';
import { TEST_PUBLIC_URL, useTestApp } from '../../testing/harness.ts';
import { loadWallData } from './queries.ts';
import { exportStaticWall, rewriteLinks } from './static-export.ts';

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
      '<a href="../../en/products/x.html">p</a><img src="../../logos/monogram-a-b.svg"/><a href="https://gj.example/wall?type=school">f</a><form action="../../en/index.html">',
    );
  });

  it('writes every page in both languages with logos, styles and data, all links resolving', async () => {
    await seedDemo(t.db, TEST_PUBLIC_URL, t.deps.config.GONGJIN_SECRET);
    const out = mkdtempSync(path.join(tmpdir(), 'gj-wall-'));
    try {
      const made = await exportStaticWall(
        (p, init) => Promise.resolve(t.app.request(`${TEST_PUBLIC_URL}${p}`, init)),
        await loadWallData(t.db),
        out,
        TEST_PUBLIC_URL,
      );
      // 2 × (wall + 12 members + 11 products) pages, 12 monograms, 3 static files, 12 landscape2 logos, 5 data files.
      expect(made.files).toBe(48 + 12 + 3 + 12 + 5);
      expect(readdirSync(out).sort()).toEqual([
        'data.yml',
        'en',
        'hosted_logos',
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
      // Every logo data.yml names is in hosted_logos/.
      const yml = readFileSync(path.join(out, 'data.yml'), 'utf8');
      for (const [, logo] of yml.matchAll(/logo: (\S+)/g))
        expect(existsSync(path.join(out, 'hosted_logos', logo))).toBe(true);
      expect(JSON.parse(readFileSync(path.join(out, 'products.json'), 'utf8')).products).toHaveLength(11);
    } finally {
      rmSync(out, { recursive: true, force: true });
    }
  });
});
