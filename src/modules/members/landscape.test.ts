import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { parseLandscape, serializeLandscape } from './landscape.ts';

const FILE = `categories:
  - name: Databases
    subcategories:
      - name: HTAP
        items:
          - name: 云海 HTAP
            homepage_url: https://yunhai.example.cn
            logo: yunhai.svg
            description: 分布式 HTAP 数据库
            repo_url: https://gitee.com/yunhai/yunhai
            additional_repos:
              - repo_url: https://github.com/yunhai/yunhai
            project: sandbox
            extra:
              gongjin_org: yunhai-db
              license: Apache-2.0
              slack_url: https://slack.example
`;

describe('parseLandscape', () => {
  it('reads categories, subcategories and items with their lines, keeping unknown fields', () => {
    const { categories, errors } = parseLandscape(FILE);
    expect(errors).toEqual([]);
    expect(categories).toEqual([
      {
        line: 2,
        name: 'Databases',
        subcategories: [
          {
            line: 4,
            name: 'HTAP',
            items: [
              {
                line: 6,
                name: '云海 HTAP',
                homepageUrl: 'https://yunhai.example.cn',
                logo: 'yunhai.svg',
                description: '分布式 HTAP 数据库',
                repoUrls: ['https://gitee.com/yunhai/yunhai', 'https://github.com/yunhai/yunhai'],
                repoUrl: 'https://gitee.com/yunhai/yunhai',
                additionalRepos: [{ repo_url: 'https://github.com/yunhai/yunhai' }],
                extra: {
                  gongjin_org: 'yunhai-db',
                  license: 'Apache-2.0',
                  slack_url: 'https://slack.example',
                },
                rest: { project: 'sandbox' },
              },
            ],
          },
        ],
      },
    ]);
  });

  it('accepts the v1 `landscape` key and extra written as a one-element list', () => {
    const { categories, errors } = parseLandscape(
      'landscape:\n  - name: A\n    subcategories:\n      - name: B\n        items:\n          - name: X\n            homepage_url: https://x.example\n            logo: x.svg\n            extra:\n              - license: MIT\n',
    );
    expect(errors).toEqual([]);
    expect(categories[0].subcategories[0].items[0].extra).toEqual({ license: 'MIT' });
  });

  it('reports every missing required field with its line', () => {
    const { errors } = parseLandscape(
      'categories:\n  - name: A\n    subcategories:\n      - name: B\n        items:\n          - name: X\n            logo: x.svg\n          - homepage_url: https://y.example\n            logo: y.svg\n      - items: []\n',
    );
    expect(errors).toEqual([
      { line: 6, key: 'members.import.err.required', vars: { field: 'homepage_url' } },
      { line: 8, key: 'members.import.err.required', vars: { field: 'name' } },
      { line: 10, key: 'members.import.err.required', vars: { field: 'name' } },
    ]);
  });

  it('reports YAML syntax errors with their line, and a missing categories list', () => {
    const syntax = parseLandscape('categories:\n  - name: A\n    subcategories: [\n');
    expect(syntax.errors.map((e) => [e.line, e.key])).toEqual([[4, 'members.import.err.syntax']]);
    expect(parseLandscape('items: []\n').errors).toEqual([
      { line: 1, key: 'members.import.err.noCategories' },
    ]);
  });

  it('serialises back to what it parses', () => {
    const text = serializeLandscape([
      {
        name: 'Databases',
        subcategories: [
          {
            name: 'HTAP',
            items: [
              { name: 'X', homepage_url: 'https://x.example', logo: 'x.svg', extra: { license: 'MIT' } },
            ],
          },
        ],
      },
    ]);
    const { categories, errors } = parseLandscape(text);
    expect(errors).toEqual([]);
    expect(categories[0].subcategories[0].items[0]).toMatchObject({
      name: 'X',
      logo: 'x.svg',
      extra: { license: 'MIT' },
    });
  });

  it('writes any JSON-like value so that a YAML reader gets the same value back', () => {
    const item = {
      name: 'true',
      homepage_url: 'https://x.example/a?b=c&d=e',
      logo: 'x.svg',
      description: '多行\n说明: 带冒号 #号 与 "引号"',
      joined: '2023-01-15',
      extra: {
        count: 3,
        flag: false,
        nothing: null,
        empty: [],
        none: {},
        list: ['a b', '- dash', 'null', ' lead', 'trail ', '@at', '1.5'],
        nested: { 'odd key': [{ a: 1 }, [1, 2]] },
      },
    };
    const text = serializeLandscape([{ name: 'C: 1', subcategories: [{ name: 'S', items: [item] }] }]);
    expect(parse(text)).toEqual({
      categories: [{ name: 'C: 1', subcategories: [{ name: 'S', items: [item] }] }],
    });
  });
});
