/**
 * Wording and markup a reader relies on (issue 19, item 8): form labels without raw placeholders or
 * a doubled 选填, one <main> per page, a favicon on the API docs, full-width punctuation in Chinese.
 */
import { describe, expect, it } from 'vitest';
import { catalogue } from '../../src/i18n/index.ts';
import { makeTeacher, makeUser, useTestApp } from '../../src/testing/harness.ts';

const t = useTestApp();

describe('labels', () => {
  it('names a numerical answer’s form without a raw {n}', async () => {
    const u = await makeTeacher(t.db);
    const client = t.client();
    await client.logIn(u.email);
    const html = await (await client.get('/questions/new?type=numerical')).text();
    expect(html).not.toMatch(/\{n\}/);
    expect(html).toContain('<label for="f-num_0_kind">答案形式</label>');
  });

  it('marks an optional field once, with full-width brackets in Chinese and a space in English', async () => {
    const u = await makeUser(t.db);
    const client = t.client();
    await client.logIn(u.email);
    const zh = await (await client.get('/profile')).text();
    expect(zh).toContain('<label for="f-title">职位<span class="optional">（选填）</span></label>');
    expect(zh).not.toContain('(选填)');
    expect(zh.match(/选填/g)?.length).toBe(zh.match(/class="optional"/g)?.length);
  });
});

describe('page structure', () => {
  it('has one <main> on the verification pages', async () => {
    const html = await (await t.client().get('/verify')).text();
    expect(html.match(/<main\b/g)).toEqual(['<main']);
  });

  it('gives the API docs the site’s favicon, served from the app', async () => {
    const html = await (await t.client().get('/api/docs')).text();
    const icon = html.match(
      /<link rel="icon" href="(\/static\/logo\.[0-9a-f]{12}\.svg)" type="image\/svg\+xml" \/>/,
    );
    expect(icon).not.toBeNull();
    const res = await t.client().get(icon?.[1] ?? '');
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('image/svg+xml');
  });
});

describe('Chinese punctuation', () => {
  // Where ASCII punctuation is the format being described (CSV lines, YAML, a URL scheme).
  const FORMAT_EXAMPLES = new Set([
    'credentials.batch.hint',
    'members.svg.scriptUrl',
    'members.import.err.notMap',
    'salons.live.viewersHint',
    'salons.live.attentionHint',
    'salons.plan.hostsHint',
    'questions.field.tagsHint',
    // The SVG DOCTYPE syntax and a tag list typed as the user would type it.
    'members.svg.doctype',
    'exchange.field.tagsHint',
  ]);
  it('uses full-width colons, commas, question marks and quotes next to Chinese text', () => {
    const zh = catalogue('zh-CN') as Record<string, string>;
    const cjk = '[\\u4e00-\\u9fff]';
    const ascii = new RegExp(`${cjk}\\s*[:;,?!"]|[:;,?!"]\\s*${cjk}`);
    const offenders = Object.entries(zh).filter(([k, v]) => !FORMAT_EXAMPLES.has(k) && ascii.test(v));
    expect(offenders).toEqual([]);
  });
});
