import { describe, expect, it } from 'vitest';
import { renderShareCardPng, shareCardSvg } from './share-card.ts';

const data = {
  holderName: '王小明 <b>',
  achievementName: 'PostgreSQL 初级认证',
  issuerNames: ['数据库产业联盟', '认证中心'],
  verifyUrl: 'http://gongjin.test/verify/0b6c8f3e-3d2a-4c1b-9e7f-5a4d3c2b1a09?k=abc',
  footer: '扫码查证',
};

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
});
