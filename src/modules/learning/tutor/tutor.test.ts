import { createServer, type IncomingMessage } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Bm25Index } from './bm25.ts';
import { phraseAnswer } from './llm.ts';
import { buildPassages, citationsOf, retrieve, splitMarkdown } from './passages.ts';
import { segment } from './segment.ts';

describe('segment', () => {
  it('cuts Chinese into words, keeps SQL keywords lower-cased, drops punctuation and stop words', () => {
    const terms = segment('怎样计算每个部门的平均工资？用 GROUP BY 吗');
    expect(terms).toEqual(expect.arrayContaining(['计算', '部门', '平均', '工资', 'group', 'by']));
    expect(terms).not.toContain('？');
    expect(terms).not.toContain('的');
    expect(terms).not.toContain('吗');
  });

  it('emits the short words inside a long one, so 工资 finds 平均工资', () => {
    expect(segment('平均工资')).toEqual(expect.arrayContaining(['平均工资', '工资']));
  });

  it('returns nothing for blank text', () => {
    expect(segment('  \n ')).toEqual([]);
  });
});

describe('Bm25Index', () => {
  const docs = [
    ['a', ['join', '连接', '表']],
    ['b', ['group', 'by', '分组', '聚合', '分组']],
    ['c', ['where', '过滤', '条件', '表']],
  ] as const;
  const index = new Bm25Index<string>();
  for (const [id, terms] of docs) index.add(id, [...terms]);

  it('ranks the document with the query terms first and leaves out documents without any', () => {
    const hits = index.search(['分组']);
    expect(hits.map((h) => h.item)).toEqual(['b']);
  });

  it('gives a rarer term more weight than a common one', () => {
    expect(index.idf('join')).toBeGreaterThan(index.idf('表'));
    const hits = index.search(['表', '过滤']);
    expect(hits[0].item).toBe('c');
    expect(hits.map((h) => h.item)).toEqual(['c', 'a']);
  });

  it('matches the textbook BM25 score for one term', () => {
    // N = 3, df(分组) = 1, tf = 2, |d| = 5, avgdl = (3 + 5 + 4) / 3 = 4, k1 = 1.2, b = 0.75.
    const idf = Math.log(1 + (3 - 1 + 0.5) / (1 + 0.5));
    const norm = 1.2 * (1 - 0.75 + (0.75 * 5) / 4);
    const [hit] = index.search(['分组']);
    expect(hit.score).toBeCloseTo((idf * 2 * 2.2) / (2 + norm), 10);
  });

  it('returns nothing on an empty index', () => {
    expect(new Bm25Index<string>().search(['x'])).toEqual([]);
  });
});

describe('passages and citations', () => {
  const lessons = [
    {
      id: 'l1',
      title: 'SELECT 基础',
      body: '# 查询列\n\nSELECT 从表中取出列。\n\n```sql\nSELECT name\n\nFROM employees;\n```\n\n## 别名\n\n用 AS 给列起别名。',
    },
    { id: 'l2', title: '分组与聚合', body: 'GROUP BY 把行按部门分组，再用 avg() 计算每组的平均工资。' },
    { id: 'l3', title: '连接', body: 'JOIN 按条件把两张表的行连起来，例如员工和部门。' },
  ];

  it('keeps a fenced code block whole, even with a blank line inside', () => {
    const parts = splitMarkdown(lessons[0].body);
    expect(parts.some((p) => p.includes('SELECT name\n\nFROM employees;'))).toBe(true);
  });

  it('starts a new passage at a heading', () => {
    const parts = splitMarkdown(lessons[0].body);
    expect(parts.at(-1)).toMatch(/^## 别名/);
  });

  it('answers from the right lesson and cites each lesson once, best first', () => {
    const passages = buildPassages({
      lessons,
      explanations: [{ lessonId: 'l2', text: 'avg 忽略 NULL；按部门分组后每组一个平均值。' }],
    });
    const ranked = retrieve(passages, '怎么算每个部门的平均工资？', 3);
    expect(ranked[0].item.lessonId).toBe('l2');
    const citations = citationsOf(ranked);
    expect(citations[0]).toEqual({ lessonId: 'l2', lessonTitle: '分组与聚合' });
    expect(new Set(citations.map((c) => c.lessonId)).size).toBe(citations.length);
  });

  it('cites the lesson an explanation belongs to', () => {
    const passages = buildPassages({
      lessons,
      explanations: [{ lessonId: 'l3', text: '外连接保留没有匹配的行。' }],
    });
    const ranked = retrieve(passages, '外连接', 1);
    expect(ranked[0].item.kind).toBe('explanation');
    expect(citationsOf(ranked)).toEqual([{ lessonId: 'l3', lessonTitle: '连接' }]);
  });

  it('finds nothing for a question unrelated to the course', () => {
    expect(retrieve(buildPassages({ lessons, explanations: [] }), '天气预报', 3)).toEqual([]);
  });
});

describe('phraseAnswer (OpenAI-compatible endpoint)', () => {
  const received: {
    url?: string;
    auth?: string;
    body?: { model: string; messages: { content: string }[] };
  }[] = [];
  let status = 200;
  let reply: unknown = { choices: [{ message: { content: '按部门分组后用 avg() [1]。' } }] };
  const server = createServer(async (req: IncomingMessage, res) => {
    let data = '';
    for await (const chunk of req) data += chunk;
    received.push({ url: req.url, auth: req.headers.authorization, body: JSON.parse(data) });
    res.writeHead(status, { 'content-type': 'application/json' });
    res.end(JSON.stringify(reply));
  });
  let baseUrl = '';
  beforeAll(async () => {
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}/v1`;
  });
  afterAll(() => new Promise<void>((r) => server.close(() => r())));
  const passages = [
    { lessonId: 'l2', lessonTitle: '分组与聚合', kind: 'lesson' as const, text: 'GROUP BY …' },
  ];

  it('posts the passages and question to /chat/completions and returns the reply', async () => {
    status = 200;
    const text = await phraseAnswer(
      { baseUrl, apiKey: 'k-1', model: 'm-1' },
      '平均工资？',
      passages,
      'zh-CN',
    );
    expect(text).toBe('按部门分组后用 avg() [1]。');
    const last = received.at(-1);
    expect(last?.url).toBe('/v1/chat/completions');
    expect(last?.auth).toBe('Bearer k-1');
    expect(last?.body?.model).toBe('m-1');
    expect(last?.body?.messages.at(-1)?.content).toContain('[1] (分组与聚合)');
    expect(last?.body?.messages.at(-1)?.content).toContain('平均工资？');
  });

  it('returns null on an HTTP error or an odd reply, so the tutor falls back to quotes', async () => {
    status = 500;
    expect(await phraseAnswer({ baseUrl, model: 'm' }, 'q', passages, 'en')).toBeNull();
    status = 200;
    reply = { nothing: true };
    expect(await phraseAnswer({ baseUrl, model: 'm' }, 'q', passages, 'en')).toBeNull();
  });

  it('returns null when nothing listens', async () => {
    expect(
      await phraseAnswer(
        { baseUrl: 'http://127.0.0.1:9/v1', model: 'm', timeoutMs: 2000 },
        'q',
        passages,
        'en',
      ),
    ).toBeNull();
  });
});
