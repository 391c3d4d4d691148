import { Resvg, renderAsync } from '@resvg/resvg-js';
import { describe, expect, it } from 'vitest';
import { logoBoxes, renderShareCardPng, shareCardSvg } from './share-card.ts';

const data = {
  holderName: '王小明 <b>',
  achievementName: 'PostgreSQL 初级认证',
  issuerNames: ['数据库产业联盟', '认证中心'],
  verifyUrl: 'http://gongjin.test/verify/0b6c8f3e-3d2a-4c1b-9e7f-5a4d3c2b1a09?k=abc',
  footer: '扫码查证',
};

// Solid logos of one colour each, as an issuer would upload them (PNG, wider than tall).
const solidPng = async (fill: string) =>
  new Uint8Array(
    (
      await renderAsync(
        `<svg xmlns="http://www.w3.org/2000/svg" width="40" height="20"><rect width="40" height="20" fill="${fill}"/></svg>`,
      )
    ).asPng(),
  );
const red = await solidPng('#f00');
const blue = await solidPng('#00f');

/** Decodes a PNG (by drawing it 1:1 with resvg) and reads RGB at a point. */
function decode(png: Buffer) {
  const width = png.readUInt32BE(16);
  const height = png.readUInt32BE(20);
  const image = new Resvg(
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}"><image width="${width}" height="${height}" href="data:image/png;base64,${png.toString('base64')}"/></svg>`,
  ).render();
  const pixels = image.pixels;
  return {
    width,
    height,
    at: (x: number, y: number) => {
      const i = (Math.round(y) * image.width + Math.round(x)) * 4;
      return [...pixels.subarray(i, i + 3)];
    },
  };
}

const centre = (b: { x: number; y: number; w: number; h: number }) => [b.x + b.w / 2, b.y + b.h / 2] as const;

describe('share card', () => {
  it('escapes text into the SVG', () => {
    const svg = shareCardSvg(data);
    expect(svg).toContain('王小明 &lt;b&gt;');
    expect(svg).not.toContain('<b>');
  });

  it('renders a 1080×1080 PNG', () => {
    const png = renderShareCardPng(data);
    expect(png.subarray(0, 8)).toEqual(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]));
    expect(png.readUInt32BE(16)).toBe(1080);
    expect(png.readUInt32BE(20)).toBe(1080);
  });

  it('draws every issuer logo side by side at the top, and nothing there without logos', () => {
    const plain = decode(renderShareCardPng(data));
    const one = decode(renderShareCardPng({ ...data, issuerLogos: [red] }));
    const two = decode(renderShareCardPng({ ...data, issuerLogos: [red, blue] }));
    for (const image of [plain, one, two]) expect([image.width, image.height]).toEqual([1080, 1080]);

    const [single] = logoBoxes(1);
    expect(one.at(...centre(single))).toEqual([255, 0, 0]);
    expect(plain.at(...centre(single))).toEqual([255, 255, 255]);

    const [left, right] = logoBoxes(2);
    expect(right.x).toBeGreaterThan(left.x + left.w);
    expect(two.at(...centre(left))).toEqual([255, 0, 0]);
    expect(two.at(...centre(right))).toEqual([0, 0, 255]);
    expect(plain.at(...centre(left))).toEqual([255, 255, 255]);
    expect(plain.at(...centre(right))).toEqual([255, 255, 255]);
  });

  it('embeds only PNG or JPEG logos, by their bytes', () => {
    const svgLogo = new TextEncoder().encode('<svg xmlns="http://www.w3.org/2000/svg"/>');
    const svg = shareCardSvg({ ...data, issuerLogos: [svgLogo, red] });
    const images = [...svg.matchAll(/<image [^>]*href="data:([^;]+);base64,/g)].map((m) => m[1]);
    expect(images).toEqual(['image/png']);
  });
});
