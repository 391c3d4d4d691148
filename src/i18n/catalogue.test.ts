import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { parse } from '@babel/parser';
import { describe, expect, it } from 'vitest';
import { catalogue, LOCALES } from './index.ts';

const SRC = path.resolve(import.meta.dirname, '..');

function tsxFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const full = path.join(dir, e.name);
    if (e.isDirectory()) return tsxFiles(full);
    return e.name.endsWith('.tsx') && !e.name.includes('.test.') ? [full] : [];
  });
}

/** Attributes whose value a person reads or hears. */
const TEXT_ATTRIBUTES = new Set(['title', 'placeholder', 'alt', 'aria-label', 'aria-description', 'label']);
const HAS_WORDS = /[\p{L}]/u;

type Node = { type: string; [k: string]: unknown };

function literalsIn(source: string): string[] {
  const ast = parse(source, { sourceType: 'module', plugins: ['typescript', 'jsx'] });
  const found: string[] = [];
  const visit = (node: unknown, parent?: Node) => {
    if (!node || typeof node !== 'object') return;
    if (Array.isArray(node)) {
      for (const n of node) visit(n, parent);
      return;
    }
    const n = node as Node;
    if (n.type === 'JSXText' && HAS_WORDS.test(String(n.value))) found.push(String(n.value).trim());
    if (n.type === 'JSXAttribute') {
      const name = (n.name as Node).name as string;
      const value = n.value as Node | null;
      // A catalogue key passed to one of our components (label="accounts.field.email") is fine.
      const text = String(value?.value ?? '');
      if (
        TEXT_ATTRIBUTES.has(name) &&
        value?.type === 'StringLiteral' &&
        HAS_WORDS.test(text) &&
        !(text in catalogue('zh-CN'))
      ) {
        found.push(`${name}="${value.value}"`);
      }
    }
    // {'text'} or {`text`} as a child of an element is visible text too.
    if (n.type === 'JSXExpressionContainer' && parent?.type === 'JSXElement') {
      const e = n.expression as Node;
      if (e.type === 'StringLiteral' && HAS_WORDS.test(String(e.value))) found.push(String(e.value));
      if (
        e.type === 'TemplateLiteral' &&
        (e.quasis as Node[]).some((q) => HAS_WORDS.test(String((q.value as { raw: string }).raw)))
      ) {
        found.push('`template literal`');
      }
    }
    for (const [key, child] of Object.entries(n)) {
      if (key !== 'loc' && key !== 'start' && key !== 'end' && child && typeof child === 'object')
        visit(child, n);
    }
  };
  visit(ast.program);
  return found;
}

describe('message catalogue', () => {
  it('has every key in both languages, none empty', () => {
    const zhKeys = Object.keys(catalogue('zh-CN')).sort();
    expect(Object.keys(catalogue('en')).sort()).toEqual(zhKeys);
    for (const locale of LOCALES) {
      const messages = catalogue(locale);
      const empty = Object.entries(messages)
        .filter(([, v]) => !v.trim())
        .map(([k]) => `${locale}:${k}`);
      expect(empty).toEqual([]);
    }
  });

  it('uses the same {placeholders} in both languages', () => {
    const vars = (s: string) => [...s.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();
    const zh = catalogue('zh-CN');
    const en = catalogue('en');
    const mismatched = (Object.keys(zh) as Array<keyof typeof zh>).filter(
      (k) => JSON.stringify(vars(zh[k])) !== JSON.stringify(vars(en[k])),
    );
    expect(mismatched).toEqual([]);
  });

  it('finds a literal when a view has one (the scanner works)', () => {
    const sample = `export const V = () => <p title="Hello">你好 <b>{'there'}</b><img alt="logo" /><i>{t('ok')}</i></p>;`;
    expect(literalsIn(sample)).toEqual(['title="Hello"', '你好', 'there', 'alt="logo"']);
  });

  it('has no user-visible literal text in any view', () => {
    const offenders = tsxFiles(SRC).flatMap((file) =>
      literalsIn(readFileSync(file, 'utf8')).map((text) => `${path.relative(SRC, file)}: ${text}`),
    );
    expect(offenders).toEqual([]);
  });
});
