import { renderAsync } from '@resvg/resvg-js';
import { describe, expect, it } from 'vitest';
import { monogramSvg } from '../members/svg.ts';
import { logoMarkup, POSTER_FONTS, type PosterData, posterSvg, renderPosterPng, wrap } from './poster.ts';

// A solid red PNG logo, and a monogram (what an organisation without an uploaded logo shows).
const redPng = new Uint8Array(
  (
    await renderAsync(
      '<svg xmlns="http://www.w3.org/2000/svg" width="40" height="20"><rect width="40" height="20" fill="#f00"/></svg>',
    )
  ).asPng(),
);
const monogram = new TextEncoder().encode(monogramSvg('beichen', '北辰时序'));

const data: PosterData = {
  series: '共话未来趋势',
  number: '第 3 期',
  title: '分布式数据库实践 <与> 向量检索的工程化落地之路',
  city: '杭州',
  when: '2030-03-01 14:00–17:30',
  venue: '西溪会议中心',
  highlights: ['开场公开课', 'HTAP 迷你分享', '热点问答'],
  hosts: [
    { name: '云海数据', logo: { mime: 'image/png', bytes: redPng } },
    { name: '北辰时序', logo: { mime: 'image/svg+xml', bytes: monogram } },
    { name: '星河科技' },
  ],
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

  it('draws each host and co-host logo with the name under it: PNG as a data: image, SVG inline', async () => {
    for (const format of ['story', 'square'] as const) {
      const svg = posterSvg(data, format);
      const pngs = [...svg.matchAll(/<image x="([\d.]+)" y="([\d.]+)" width="([\d.]+)"[^>]*href="([^"]+)"/g)];
      expect(pngs.map((m) => m[4])).toEqual([
        `data:image/png;base64,${Buffer.from(redPng).toString('base64')}`,
      ]);
      const nested = [
        ...svg.matchAll(/<svg x="([\d.]+)" y="([\d.]+)" width="([\d.]+)"[^>]*viewBox="0 0 96 96">/g),
      ];
      expect(nested).toHaveLength(1);
      for (const name of ['云海数据', '北辰时序', '星河科技']) expect(svg).toContain(`>${name}</text>`);
      // The rendered pixels show the logos: red in the PNG logo's middle; in the monogram, its
      // colour near the top and its white letter somewhere inside.
      const image = await renderAsync(svg, { font: POSTER_FONTS });
      const pixels = image.pixels; // a getter that copies the whole image: read it once
      const at = (x: number, y: number) => {
        const i = (Math.round(y) * image.width + Math.round(x)) * 4;
        return [...pixels.subarray(i, i + 3)];
      };
      const [red, mono] = [pngs[0], nested[0]].map((m) => ({
        x: Number(m[1]),
        y: Number(m[2]),
        w: Number(m[3]),
      }));
      expect(at(red.x + red.w / 2, red.y + red.w / 2)).toEqual([255, 0, 0]);
      const colour = at(mono.x + mono.w / 2, mono.y + 6);
      expect(colour).not.toEqual([255, 255, 255]);
      let letter = 0;
      for (let y = mono.y + mono.w / 4; y < mono.y + (3 * mono.w) / 4; y++)
        for (let x = mono.x + mono.w / 4; x < mono.x + (3 * mono.w) / 4; x++)
          if (at(x, y).every((c) => c > 240)) letter++;
      expect(letter).toBeGreaterThan(50);
    }
    expect(size(await renderPosterPng(data, 'story'))).toEqual({ width: 1080, height: 1920 });
  });

  it("prefixes the ids of an inline SVG logo so logos cannot borrow each other's gradients", () => {
    const logo = new TextEncoder().encode(
      '<svg xmlns="http://www.w3.org/2000/svg" width="20" height="10" fill="#123456"><defs><linearGradient id="g"/></defs><rect fill="url(#g)" width="20" height="10"/><use href="#g"/></svg>',
    );
    const out = logoMarkup({ mime: 'image/svg+xml', bytes: logo }, 1, 2, 30, 'logo1-');
    expect(out).toContain('viewBox="0 0 20 10"');
    expect(out).toContain('<g fill="#123456">');
    expect(out).toContain('id="logo1-g"');
    expect(out).toContain('url(#logo1-g)');
    expect(out).toContain('href="#logo1-g"');
    expect(out).not.toContain('id="g"');
  });
});
