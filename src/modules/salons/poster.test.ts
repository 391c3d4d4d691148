import { describe, expect, it } from 'vitest';
import { type PosterData, posterSvg, renderPosterPng, wrap } from './poster.ts';

const data: PosterData = {
  series: '共话未来趋势',
  number: '第 3 期',
  title: '分布式数据库实践 <与> 向量检索的工程化落地之路',
  city: '杭州',
  when: '2030-03-01 14:00–17:30',
  venue: '西溪会议中心',
  highlights: ['开场公开课', 'HTAP 迷你分享', '热点问答'],
  hosts: ['云海数据', '北辰时序'],
  labels: { hosts: '主办 / 协办', scan: '扫码报名' },
  registerUrl: 'https://gongjin.example.cn/salons/1/register',
};

const size = (png: Buffer) => ({ width: png.readUInt32BE(16), height: png.readUInt32BE(20) });

describe('salon posters', () => {
  it('wraps CJK text to the width and shortens what does not fit with …', () => {
    expect(wrap('一二三四五六七八九十', 10, 40, 3)).toEqual(['一二三四', '五六七八', '九十']);
    expect(wrap('一二三四五六七八九十', 10, 40, 2)).toEqual(['一二三四', '五六七…']);
    expect(wrap('abcdefgh', 10, 40, 2)).toEqual(['abcdefg', 'h']);
  });

  it('escapes every text and renders both sizes as PNG', async () => {
    const svg = posterSvg(data, 'story');
    expect(svg).toContain('&lt;与&gt;');
    expect(svg).not.toContain('<与>');
    expect(svg).toContain('扫码报名');
    expect(size(await renderPosterPng(data, 'story'))).toEqual({ width: 1080, height: 1920 });
    expect(size(await renderPosterPng(data, 'square'))).toEqual({ width: 1080, height: 1080 });
  });
});
