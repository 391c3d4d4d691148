/**
 * Landscapes as other people have them (ADR 0039): a file of the CNCF landscape's shape, made by
 * landscape-fixture.ts, imports into an empty installation as it is; its export imports into
 * another empty installation and exports byte for byte the same. The real CNCF files are read
 * only when a local mirror is there (landscape-real.test.ts).
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { asc, eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { auditLog } from '../../platform/schema.ts';
import { useTestApp } from '../../testing/harness.ts';
import { organizations } from '../identity/schema.ts';
import { runWallImport } from './cli-import.ts';
import { parseLandscape } from './landscape.ts';
import { cncfShapedLandscape } from './landscape-fixture.ts';
import { importLandscape, LandscapeImportError } from './landscape-import.ts';
import { exportLandscape, landscapeLogoFiles } from './landscape-io.ts';
import { loadWallData } from './queries.ts';
import { categories, products } from './schema.ts';
import { seedTaxonomy } from './service.ts';

const t = useTestApp();
const info = { ip: null, actorId: null };

const small = () => cncfShapedLandscape({ categories: 3, subcategories: 9, items: 60, logoPaths: 4 });

/** The whole export: data.yml and every logo file, as `gongjin export wall` writes them. */
async function exportAll() {
  const yaml = await exportLandscape(t.db);
  const files = await landscapeLogoFiles(t.db, await loadWallData(t.db));
  return {
    yaml,
    logos: Object.fromEntries(files.map((f) => [f.file, Buffer.from(f.bytes).toString('base64')])),
  };
}

// Several imports per test: a longer timeout for a loaded machine (no time is asserted).
describe('a landscape of the CNCF shape', { timeout: 120_000 }, () => {
  it('imports as it is into an empty installation, creating categories and organisations', async () => {
    const { yaml, logos } = small();
    const done = await importLandscape(t.db, yaml, info, (f) => logos.get(f));
    expect(done).toMatchObject({
      created: 60,
      updated: 0,
      updatedNames: [],
      createdCategories: 3,
      // One subcategory has an empty `items:` and is not created.
      createdSubcategories: 8,
      skipped: [],
    });
    const rows = await t.db.select().from(products).orderBy(asc(products.rank));
    // Item order is the file's; distinct names never share a slug, the same name twice gets two.
    expect(rows.slice(0, 5).map((p) => [p.name, p.slug])).toEqual([
      ['C', 'c'],
      ['C#', `c-${rows[1].slug.slice(2)}`],
      ['C++', `c-${rows[2].slug.slice(2)}`],
      ['Twin', 'twin'],
      ['Twin', `twin-${rows[4].slug.slice(5)}`],
    ]);
    expect(new Set(rows.slice(0, 5).map((p) => p.slug)).size).toBe(5);
    // No licence in the file: none stored (not invented).
    expect(rows.every((p) => p.license === '')).toBe(true);
    // The no-break space after a homepage is gone; GitLab and several GitHub repositories are kept.
    const bySlugName = new Map(rows.map((p) => [p.name, p]));
    expect(bySlugName.get('Project 8')?.homepageUrl).toBe('https://project-7.example.org/');
    expect([rows[3].githubUrl, rows[4].githubUrl]).toEqual(['https://github.com/org-1/project-3', '']);
    const exported = await exportLandscape(t.db);
    // Kept as written, `branch` included (jsonb keeps keys in its own order, so compared as data).
    const item7 = parseLandscape(exported).categories[0].subcategories[0].items.find(
      (x) => x.name === 'Project 7',
    );
    expect([item7?.repoUrl, item7?.additionalRepos]).toEqual([
      'https://github.com/org-3/project-6',
      [
        { repo_url: 'https://github.com/org-3/extra-0' },
        { repo_url: 'https://github.com/org-3/extra-1', branch: 'main' },
        { repo_url: 'https://github.com/org-3/extra-2' },
      ],
    ]);
    expect(exported).toContain('            repo_url: https://gitlab.com/org-2/project-4\n');
    // Logo names as the file wrote them, "./x.svg" and spaces included.
    expect(exported).toContain('            logo: "./project-3.svg"\n');
    expect(exported).toContain('            logo: Project 5 LOGO.svg\n');
    // Organisations from the Crunchbase ids, and items without one as their own organisation.
    const orgs = await t.db.select().from(organizations).orderBy(asc(organizations.slug));
    expect(orgs.find((o) => o.slug === 'company-0')).toMatchObject({
      nameZh: 'Company 0',
      type: 'ecosystem',
    });
    expect(orgs.find((o) => o.slug === 'twin')).toMatchObject({ nameZh: 'Twin' });
    const [audited] = await t.db.select().from(auditLog).where(eq(auditLog.action, 'landscape.imported'));
    expect(audited.data).toMatchObject({ created: 60, createdOrganizations: orgs.length });
  });

  it('round-trips: export → import into an empty installation → export is byte-identical', async () => {
    const { yaml, logos } = small();
    await importLandscape(t.db, yaml, info, (f) => logos.get(f));
    const first = await exportAll();
    await t.database.reset(); // an empty installation: no categories, organisations or products
    expect(await t.db.select().from(categories)).toEqual([]);
    const folder = (f: string) =>
      first.logos[f] ? new Uint8Array(Buffer.from(first.logos[f], 'base64')) : undefined;
    const done = await importLandscape(t.db, first.yaml, info, folder).catch((e) => e);
    expect(done instanceof LandscapeImportError ? done.skips : done.skipped).toEqual([]);
    expect(done.created).toBe(60);
    const second = await exportAll();
    expect(second.yaml).toBe(first.yaml);
    expect(second.logos).toEqual(first.logos);
    // Into an installation with Gongjin's own taxonomy too (different ranks, same names found).
    await t.database.reset();
    await seedTaxonomy(t.db, info);
    await importLandscape(t.db, first.yaml, info, folder);
    expect((await exportAll()).yaml).toBe(first.yaml);
  });

  it('reports every overwritten product by name, and never overwrites another name', async () => {
    const { yaml, logos } = small();
    await importLandscape(t.db, yaml, info, (f) => logos.get(f));
    const again = await importLandscape(t.db, yaml.replace('name: "C#"', 'name: "C♯"'), info, (f) =>
      logos.get(f),
    );
    // "C♯" is a new name: a new product, "C#" stays as it was; the other 59 are reported.
    expect(again.created).toBe(1);
    expect(again.updated).toBe(59);
    expect(again.updatedNames).toContain('C');
    expect(again.updatedNames).not.toContain('C♯');
    expect((await t.db.select().from(products).where(eq(products.name, 'C#'))).length).toBe(1);
  });

  it('maps categories and organisations onto existing ones with a mapping file, or skips them', async () => {
    await seedTaxonomy(t.db, info);
    const { yaml, logos } = small();
    const mapping = {
      file: 'gongjin-mapping.yml',
      text: `categories:
  App Definition & Development: ecosystem
  Category 3: skip
subcategories:
  "App Definition & Development/Sub 1.1 (tools)": developer-tools
organizations:
  https://www.crunchbase.com/organization/company-0: company-zero
`,
    };
    // The target organisation does not exist yet: an error with the mapping file's line.
    const refused = await importLandscape(t.db, yaml, info, (f) => logos.get(f), { mapping }).catch((e) => e);
    expect(refused).toBeInstanceOf(LandscapeImportError);
    expect((refused as LandscapeImportError).errors).toEqual([
      {
        file: 'gongjin-mapping.yml',
        line: 7,
        key: 'members.import.err.mappingTarget',
        vars: { name: 'https://www.crunchbase.com/organization/company-0', target: 'company-zero' },
      },
    ]);
    expect(await t.db.select().from(products)).toEqual([]);
    await t.db.insert(organizations).values({ slug: 'company-zero', nameZh: '零号公司', type: 'vendor' });
    // Skipping a category is listed before anything is written…
    const listed = await importLandscape(t.db, yaml, info, (f) => logos.get(f), { mapping }).catch((e) => e);
    expect((listed as LandscapeImportError).skips).toEqual([
      {
        line: expect.any(Number),
        key: 'members.import.err.categorySkipped',
        vars: { name: 'Category 3', count: 20 },
      },
    ]);
    expect(await t.db.select().from(products)).toEqual([]);
    // …and done when accepted.
    const done = await importLandscape(t.db, yaml, info, (f) => logos.get(f), { mapping, acceptSkips: true });
    expect(done.created).toBe(40);
    const c = (await t.db.select().from(products).where(eq(products.name, 'C')))[0];
    expect(c.subcategorySlug).toBe('developer-tools');
    const [zero] = await t.db.select().from(organizations).where(eq(organizations.slug, 'company-zero'));
    expect(c.orgId).toBe(zero.id);
    expect(done.createdCategories).toBe(1); // Category 2; Category 1 went onto "ecosystem"
  });

  it('gongjin import wall reads landscape.yml + hosted_logos/ and a mapping file, listing skips first', async () => {
    const { yaml, logos } = small();
    const dir = mkdtempSync(path.join(tmpdir(), 'gj-cncf-'));
    try {
      writeFileSync(path.join(dir, 'landscape.yml'), yaml);
      mkdirSync(path.join(dir, 'hosted_logos'));
      for (const [file, bytes] of logos)
        if (file !== 'project-9.svg') writeFileSync(path.join(dir, 'hosted_logos', file), bytes);
      const out: string[] = [];
      const log = { log: (s: string) => out.push(s), error: (s: string) => out.push(`! ${s}`) };
      expect(await runWallImport(t.db, dir, {}, log)).toBe(1);
      const file = path.join(dir, 'landscape.yml');
      expect(out).toEqual([
        '! Nothing was written. These 1 parts would be left out (run again with --skip to import the rest without them):',
        `! ${file}:${yaml.split('\n').findIndex((l) => l.includes('name: "Project 10"')) + 1 - 1}: There is no logo file project-9.svg in the logos folder; the item is imported without it.`,
      ]);
      expect(await t.db.select().from(products)).toEqual([]);
      out.length = 0;
      expect(await runWallImport(t.db, dir, { skip: true }, log)).toBe(0);
      expect(out[0]).toBe(
        'Imported: 60 products added, 0 updated, 41 organisation logos and 0 organisation descriptions updated.',
      );
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
