/**
 * landscape2 `data.yml` in and out. The parser keeps the line of every category, subcategory and
 * item so that each error can name it; it checks the shape landscape2 requires (`name`,
 * `homepage_url`, `logo` on items) and hands the import service plain records. The serialiser writes
 * what landscape2 reads, with Gongjin's own fields under `extra.gongjin_*` and every field it does
 * not model kept as it came in, so an exported file imports back to the same data.
 */
import { isMap, isScalar, isSeq, LineCounter, type Node, parseDocument, type YAMLMap } from 'yaml';
import type { MessageKey } from '../../i18n/index.ts';

/** A problem and its line; `file` when it is in another file than data.yml (the mapping file). */
export type LandscapeError = {
  line: number;
  key: MessageKey;
  vars?: Record<string, string | number>;
  file?: string;
};

export type LandscapeItem = {
  line: number;
  name: string;
  homepageUrl: string;
  logo: string;
  description: string;
  /** `repo_url` (trimmed) and then every `additional_repos[].repo_url`. */
  repoUrls: string[];
  repoUrl: string;
  /** `additional_repos` as written (entries may carry `branch` …), for a faithful export. */
  additionalRepos: unknown[];
  /** `extra` as a plain object (landscape2 writes a map; its docs show a one-element list). */
  extra: Record<string, unknown>;
  /** Item fields Gongjin does not model (project, joined, twitter, crunchbase …), kept verbatim. */
  rest: Record<string, unknown>;
};
export type LandscapeSubcategory = { line: number; name: string; items: LandscapeItem[] };
export type LandscapeCategory = { line: number; name: string; subcategories: LandscapeSubcategory[] };

const ITEM_FIELDS = new Set([
  'name',
  'homepage_url',
  'logo',
  'description',
  'repo_url',
  'additional_repos',
  'extra',
]);

export function parseLandscape(text: string): { categories: LandscapeCategory[]; errors: LandscapeError[] } {
  const counter = new LineCounter();
  const doc = parseDocument(text, { lineCounter: counter, uniqueKeys: true });
  const errors: LandscapeError[] = doc.errors.map((e) => ({
    line: e.linePos?.[0].line ?? 1,
    key: 'members.import.err.syntax',
    vars: { detail: e.message.split('\n')[0] },
  }));
  if (errors.length) return { categories: [], errors };
  const lineOf = (node: Node | null | undefined) => (node?.range ? counter.linePos(node.range[0]).line : 1);
  const root = doc.contents;
  const list = isMap(root) ? (root.get('categories', true) ?? root.get('landscape', true)) : undefined;
  if (!isSeq(list)) {
    return {
      categories: [],
      errors: [{ line: lineOf(root as Node), key: 'members.import.err.noCategories' }],
    };
  }
  const str = (map: YAMLMap, key: string, required: boolean): string => {
    const node = map.get(key, true);
    if (
      node === undefined ||
      node === null ||
      (isScalar(node) && (node.value === null || node.value === ''))
    ) {
      if (required)
        errors.push({ line: lineOf(map), key: 'members.import.err.required', vars: { field: key } });
      return '';
    }
    if (!isScalar(node) || typeof node.value === 'object') {
      errors.push({ line: lineOf(node as Node), key: 'members.import.err.notText', vars: { field: key } });
      return '';
    }
    return String(node.value);
  };
  // An empty `items:` (CNCF has two subcategories waiting for items) is an empty list.
  const seq = (map: YAMLMap, key: string) => {
    const node = map.get(key, true);
    if (isSeq(node)) return node.items;
    if (node === undefined || node === null || (isScalar(node) && node.value === null)) return [];
    errors.push({ line: lineOf(node as Node), key: 'members.import.err.notList', vars: { field: key } });
    return [];
  };
  /** URLs are trimmed: two CNCF homepages end in a no-break space, which no browser keeps. */
  const url = (map: YAMLMap, key: string, required: boolean) => str(map, key, required).trim();
  const categories: LandscapeCategory[] = [];
  for (const catNode of list.items) {
    if (!isMap(catNode)) {
      errors.push({ line: lineOf(catNode as Node), key: 'members.import.err.notMap' });
      continue;
    }
    const category: LandscapeCategory = {
      line: lineOf(catNode),
      name: str(catNode, 'name', true),
      subcategories: [],
    };
    for (const subNode of seq(catNode, 'subcategories')) {
      if (!isMap(subNode)) {
        errors.push({ line: lineOf(subNode as Node), key: 'members.import.err.notMap' });
        continue;
      }
      const sub: LandscapeSubcategory = {
        line: lineOf(subNode),
        name: str(subNode, 'name', true),
        items: [],
      };
      for (const itemNode of seq(subNode, 'items')) {
        if (!isMap(itemNode)) {
          errors.push({ line: lineOf(itemNode as Node), key: 'members.import.err.notMap' });
          continue;
        }
        const plain = itemNode.toJSON() as Record<string, unknown>;
        const repoUrls: string[] = [];
        const repo = url(itemNode, 'repo_url', false);
        if (repo) repoUrls.push(repo);
        const additional = plain.additional_repos;
        if (additional !== undefined && additional !== null) {
          if (!Array.isArray(additional)) {
            errors.push({
              line: lineOf(itemNode),
              key: 'members.import.err.notList',
              vars: { field: 'additional_repos' },
            });
          } else {
            for (const r of additional) {
              const url = r && typeof r === 'object' ? (r as { repo_url?: unknown }).repo_url : undefined;
              if (typeof url === 'string' && url.trim()) repoUrls.push(url.trim());
              else
                errors.push({
                  line: lineOf(itemNode),
                  key: 'members.import.err.required',
                  vars: { field: 'additional_repos[].repo_url' },
                });
            }
          }
        }
        let extra: Record<string, unknown> = {};
        if (Array.isArray(plain.extra))
          extra = Object.assign({}, ...plain.extra.filter((e) => e && typeof e === 'object'));
        else if (plain.extra && typeof plain.extra === 'object')
          extra = plain.extra as Record<string, unknown>;
        // `- item:` is a key with no value in landscape2's own layout: a marker, not data.
        const rest = Object.fromEntries(
          Object.entries(plain).filter(([k, v]) => !ITEM_FIELDS.has(k) && !(k === 'item' && v === null)),
        );
        sub.items.push({
          line: lineOf(itemNode),
          name: str(itemNode, 'name', true),
          homepageUrl: url(itemNode, 'homepage_url', true),
          logo: str(itemNode, 'logo', true),
          description: str(itemNode, 'description', false),
          repoUrls,
          repoUrl: repo,
          additionalRepos: Array.isArray(additional) ? additional : [],
          extra,
          rest,
        });
      }
      category.subcategories.push(sub);
    }
    categories.push(category);
  }
  return { categories, errors };
}

export type ExportItem = {
  name: string;
  homepage_url: string;
  logo: string;
  description?: string;
  repo_url?: string;
  additional_repos?: Array<{ repo_url: string }>;
  [key: string]: unknown;
};
export type ExportTree = Array<{ name: string; subcategories: Array<{ name: string; items: ExportItem[] }> }>;

/** The data.yml text for a tree of categories (landscape2's `categories` form). */
export function serializeLandscape(tree: ExportTree): string {
  const header =
    '# landscape2 data.yml exported by Gongjin (共进). Gongjin fields are under extra.gongjin_*.\n';
  return `${header}${yamlBlock({ categories: tree }, '').join('\n')}\n`;
}

/*
 * A YAML writer for JSON-like data in landscape2's block style. The yaml package's stringify took
 * over a second for 2,000 items (the static export's budget is 3 s); this takes milliseconds. A
 * string is written plain when no YAML reader could take it for anything else, and otherwise in
 * double quotes with JSON's escapes (a JSON string is a valid YAML double-quoted scalar).
 */
const PLAIN = /^[\p{L}][\p{L}\p{N} _./@+()-]*$|^https?:\/\/[\w.~/?=&%+@-]+$/u;
const RESERVED = /^(?:true|false|null|yes|no|on|off|y|n|~)$/i;
const PLAIN_KEY = /^[A-Za-z_][\w-]*$/;

function yamlScalar(v: unknown): string {
  if (v === null || v === undefined) return 'null';
  if (typeof v === 'boolean') return String(v);
  if (typeof v === 'number') return Number.isFinite(v) ? String(v) : JSON.stringify(String(v));
  const s = String(v);
  return PLAIN.test(s) && !RESERVED.test(s) && !s.endsWith(' ') ? s : JSON.stringify(s);
}

const isObject = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);

/** The value after `key:` or `-`: inline when scalar or empty, else undefined (a block follows). */
function inline(v: unknown): string | undefined {
  if (Array.isArray(v)) return v.length ? undefined : '[]';
  if (isObject(v)) return Object.keys(v).length ? undefined : '{}';
  return yamlScalar(v);
}

function yamlBlock(v: unknown, pad: string): string[] {
  const lines: string[] = [];
  if (Array.isArray(v)) {
    for (const item of v) {
      const one = inline(item);
      if (one !== undefined) lines.push(`${pad}- ${one}`);
      else if (Array.isArray(item)) lines.push(`${pad}- ${JSON.stringify(item)}`);
      else {
        const inner = yamlBlock(item, `${pad}  `);
        lines.push(`${pad}- ${inner[0].slice(pad.length + 2)}`, ...inner.slice(1));
      }
    }
    return lines;
  }
  for (const [key, value] of Object.entries(v as Record<string, unknown>)) {
    if (value === undefined) continue;
    const k = PLAIN_KEY.test(key) ? key : JSON.stringify(key);
    const one = inline(value);
    if (one !== undefined) lines.push(`${pad}${k}: ${one}`);
    else lines.push(`${pad}${k}:`, ...yamlBlock(value, `${pad}  `));
  }
  return lines;
}
