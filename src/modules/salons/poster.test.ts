import { Resvg, renderAsync } from '@resvg/resvg-js';
import QRCode from 'qrcode';
import { afterAll, describe, expect, it } from 'vitest';
import { monogramSvg } from '../members/svg.ts';
import { closePosterWorker, type PosterData, renderPosterPng } from './poster.ts';
import { posterSvg, qrDataUri } from './poster-draw.ts';

afterAll(closePosterWorker);

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
  title: '分布式数据库实践 </svg><script>alert(1)</script> 向量检索的工程化落地之路',
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

/** The poster's images (logos and the QR code) with their boxes, as satori placed them. */
function images(svg: string) {
  return [...svg.matchAll(/<image\b[^>]*>/g)].map(([tag]) => {
    const attr = (n: string) => tag.match(new RegExp(`\\s${n}="([^"]*)"`))?.[1] ?? '';
    return {
      x: Number(attr('x')),
      y: Number(attr('y')),
      w: Number(attr('width')),
      h: Number(attr('height')),
      href: attr('href'),
    };
  });
}

describe('salon posters', () => {
  it('renders both sizes as PNG in the poster worker', async () => {
    expect(size(await renderPosterPng(data, 'story'))).toEqual({ width: 1080, height: 1920 });
    expect(size(await renderPosterPng(data, 'square'))).toEqual({ width: 1080, height: 1080 });
  });

  it('draws text as glyphs, so markup in a title cannot reach the SVG', async () => {
    const svg = await posterSvg(data, 'story');
    expect(svg).not.toMatch(/<script|<text/);
    expect(svg.match(/<svg\b/g)).toHaveLength(1);
  });

  it('keeps the hosts and the QR code on the poster however long the title and agenda are', async () => {
    const long = {
      ...data,
      title: '很长的标题'.repeat(40),
      venue: '很长的会场地址'.repeat(20),
      highlights: Array.from({ length: 12 }, (_, i) => `议程 ${i} ${'很长'.repeat(30)}`),
      hosts: Array.from({ length: 12 }, (_, i) => ({ name: `主办方 ${i}`, logo: data.hosts[0].logo })),
    };
    for (const [format, height] of [
      ['story', 1920],
      ['square', 1080],
    ] as const) {
      const placed = images(await posterSvg(long, format));
      expect(placed.length).toBeGreaterThan(1);
      for (const box of placed) {
        expect(box.x + box.w).toBeLessThanOrEqual(1080);
        expect(box.y + box.h).toBeLessThanOrEqual(height);
      }
    }
  });

  it('draws each host logo (PNG as given, SVG rasterised with its letter) and a QR code of the registration link', async () => {
    for (const format of ['story', 'square'] as const) {
      const svg = await posterSvg(data, format);
      const placed = images(svg);
      const red = placed.find(
        (i) => i.href === `data:image/png;base64,${Buffer.from(redPng).toString('base64')}`,
      );
      const qr = placed.find((i) => i.href === qrDataUri(data.registerUrl));
      const mono = placed.find((i) => i !== red && i !== qr);
      expect(red && qr && mono).toBeTruthy();
      if (!red || !qr || !mono) return;
      expect(placed).toHaveLength(3); // the host without a logo gets an empty tile
      const image = new Resvg(svg).render();
      const pixels = image.pixels; // a getter that copies the whole image: read it once
      const at = (x: number, y: number) => {
        const i = (Math.round(y) * image.width + Math.round(x)) * 4;
        return [...pixels.subarray(i, i + 3)];
      };
      expect(at(red.x + red.w / 2, red.y + red.h / 2)).toEqual([255, 0, 0]);
      // The monogram: its colour near the top, its white letter somewhere inside.
      expect(at(mono.x + mono.w / 2, mono.y + 6)).not.toEqual([255, 255, 255]);
      let letter = 0;
      for (let y = mono.y + mono.h / 4; y < mono.y + (3 * mono.h) / 4; y++)
        for (let x = mono.x + mono.w / 4; x < mono.x + (3 * mono.w) / 4; x++)
          if (at(x, y).every((c) => c > 240)) letter++;
      expect(letter).toBeGreaterThan(50);
      // The QR code's dark modules are where the code for the registration link has them.
      const code = QRCode.create(data.registerUrl, { errorCorrectionLevel: 'M' });
      const n = code.modules.size;
      const cell = qr.w / n;
      let agree = 0;
      for (let r = 0; r < n; r++)
        for (let c = 0; c < n; c++) {
          const dark = at(qr.x + (c + 0.5) * cell, qr.y + (r + 0.5) * cell)[0] < 128;
          if (dark === Boolean(code.modules.get(r, c))) agree++;
        }
      expect(agree).toBe(n * n);
    }
  });
});
