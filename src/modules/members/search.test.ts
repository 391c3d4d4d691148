import { describe, expect, it } from 'vitest';
import { buildSearchText, matchesQuery, normalizeQuery } from './search.ts';

const find = (q: string, name: string, texts: string[] = []) =>
  matchesQuery(normalizeQuery(q), buildSearchText([name], texts), [name]);

describe('pinyin search', () => {
  it('stores the name, its full pinyin and its initials', () => {
    expect(buildSearchText(['阿里云'], ['Cloud DB'])).toBe('阿里云\naliyun\naly\ncloud db');
    expect(buildSearchText(['TiDB'])).toBe('tidb');
  });

  it.each([
    ['ali', true],
    ['alyun', true],
    ['aly', true],
    ['aliyun', true],
    ['ALI', true],
    ['li yun', true],
    ['阿里', true],
    ['yunhai', false],
    ['aliyunx', false],
  ])('finds 阿里云 by %s: %s', (q, found) => {
    expect(find(q, '阿里云')).toBe(found);
  });

  it('searches descriptions in both languages', () => {
    expect(find('时序', '北辰时序', ['面向工业物联网的时序数据库', 'Time-series database for IoT'])).toBe(
      true,
    );
    expect(find('iot', '北辰时序', ['面向工业物联网的时序数据库', 'Time-series database for IoT'])).toBe(
      true,
    );
    expect(find('graph', '北辰时序', ['Time-series database'])).toBe(false);
  });
});
