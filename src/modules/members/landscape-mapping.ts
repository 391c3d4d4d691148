/**
 * The mapping file of a landscape import (ADR 0039): how the names in someone else's data.yml
 * land on this installation's categories and organisations, instead of new ones being created.
 *
 * ```yaml
 * categories:              # category name in data.yml → an existing category's slug, or skip
 *   Provisioning: ecosystem
 *   CNCF Members: skip
 * subcategories:           # "Category/Subcategory" → an existing subcategory's slug, or skip
 *   Provisioning/Automation & Configuration: developer-tools
 * organizations:           # Crunchbase URL, organization name or item name → an organisation's slug
 *   https://www.crunchbase.com/organization/red-hat: redhat
 * ```
 *
 * Every target must exist; each wrong entry is an error with its line in the mapping file.
 */
import { isMap, isScalar, LineCounter, type Node, parseDocument } from 'yaml';
import type { Db } from '../../db/client.ts';
import { organizationIdsBySlug } from '../identity/queries.ts';
import type { LandscapeError } from './landscape.ts';
import { listTaxonomy } from './queries.ts';

export type LandscapeMapping = {
  categories: Map<string, string>;
  subcategories: Map<string, string>;
  organizations: Map<string, string>;
};

/** The file name `gongjin import wall` and the upload look for next to data.yml. */
export const MAPPING_FILE = 'gongjin-mapping.yml';

const SECTIONS = ['categories', 'subcategories', 'organizations'] as const;

export async function readMapping(
  db: Db,
  source: { text: string; file: string } | undefined,
  errors: LandscapeError[],
): Promise<LandscapeMapping> {
  const mapping: LandscapeMapping = {
    categories: new Map(),
    subcategories: new Map(),
    organizations: new Map(),
  };
  if (!source) return mapping;
  const { file } = source;
  const counter = new LineCounter();
  const doc = parseDocument(source.text, { lineCounter: counter, uniqueKeys: true });
  const lineOf = (node: unknown) => {
    const range = (node as Node | null)?.range;
    return range ? counter.linePos(range[0]).line : 1;
  };
  if (doc.errors.length) {
    for (const e of doc.errors)
      errors.push({
        file,
        line: e.linePos?.[0].line ?? 1,
        key: 'members.import.err.syntax',
        vars: { detail: e.message.split('\n')[0] },
      });
    return mapping;
  }
  const root = doc.contents;
  if (root === null) return mapping;
  if (!isMap(root)) {
    errors.push({ file, line: lineOf(root), key: 'members.import.err.notMap' });
    return mapping;
  }
  const [taxonomy, orgIds] = await Promise.all([listTaxonomy(db), organizationIdsBySlug(db)]);
  const categorySlugs = new Set(taxonomy.map((c) => c.slug));
  const subcategorySlugs = new Set(taxonomy.flatMap((c) => c.subcategories.map((s) => s.slug)));
  for (const pair of root.items) {
    const section = isScalar(pair.key) ? String(pair.key.value) : '';
    if (!(SECTIONS as readonly string[]).includes(section)) {
      errors.push({
        file,
        line: lineOf(pair.key),
        key: 'members.import.err.mappingSection',
        vars: { name: section },
      });
      continue;
    }
    if (pair.value === null || (isScalar(pair.value) && pair.value.value === null)) continue;
    if (!isMap(pair.value)) {
      errors.push({ file, line: lineOf(pair.value), key: 'members.import.err.notMap' });
      continue;
    }
    for (const entry of pair.value.items) {
      const from = isScalar(entry.key) ? String(entry.key.value) : '';
      const to = isScalar(entry.value) ? String(entry.value.value ?? '').trim() : '';
      const line = lineOf(entry.key);
      const known =
        section === 'categories'
          ? to === 'skip' || categorySlugs.has(to)
          : section === 'subcategories'
            ? to === 'skip' || subcategorySlugs.has(to)
            : orgIds.has(to);
      if (!from || !known) {
        errors.push({
          file,
          line,
          key: 'members.import.err.mappingTarget',
          vars: { name: from, target: to },
        });
        continue;
      }
      mapping[section as (typeof SECTIONS)[number]].set(from, to);
    }
  }
  return mapping;
}
