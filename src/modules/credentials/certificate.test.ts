import { describe, expect, it } from 'vitest';
import { renderCertificatePdf } from './certificate.ts';

const data = {
  credentialId: '0b6c8f3e-3d2a-4c1b-9e7f-5a4d3c2b1a09',
  holderName: '王小明',
  achievementName: 'PostgreSQL 初级认证',
  achievementDescription: '掌握 PostgreSQL 的安装、SQL 与备份恢复。',
  issuerNames: ['数据库产业联盟', '认证中心'],
  issuedAt: new Date('2026-11-25T08:00:00Z'),
  verifyUrl: 'http://gongjin.test/verify/0b6c8f3e-3d2a-4c1b-9e7f-5a4d3c2b1a09?k=abcdefghijklmnopqrstuv',
};

describe('certificate PDF', () => {
  // Its time (target ≤ 500 ms) is measured by bench/credentials.ts, not asserted here.
  it('is a PDF with the credential id and the QR link to the verification page', async () => {
    const pdf = await renderCertificatePdf(data, 'zh-CN');
    const text = pdf.toString('latin1');
    expect(text.startsWith('%PDF-')).toBe(true);
    // The QR code's link: the verification URL, which names the credential id.
    expect(text).toContain(`/URI (${data.verifyUrl})`);
    expect(data.verifyUrl).toContain(data.credentialId);
    expect(text).toContain('NotoSansSC');
    expect(pdf.length).toBeLessThan(200_000);
  });

  it('renders in English too', async () => {
    const zh = await renderCertificatePdf(data, 'zh-CN');
    const en = await renderCertificatePdf({ ...data, holderName: 'Wang Xiaoming' }, 'en');
    expect(en.toString('latin1')).toContain(`/URI (${data.verifyUrl})`);
    expect(en.equals(zh)).toBe(false);
  });

  it("draws the issuers' logos as images when they have them, and renders without", async () => {
    const png = Buffer.from(
      'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAQAAAC1HAwCAAAAC0lEQVR42mNkYAAAAAYAAjCB0C8AAAAASUVORK5CYII=',
      'base64',
    );
    const images = (pdf: Buffer) => pdf.toString('latin1').match(/\/Subtype \/Image/g)?.length ?? 0;
    const without = await renderCertificatePdf(data, 'zh-CN');
    expect(images(without)).toBe(0);
    const one = await renderCertificatePdf({ ...data, issuerLogos: [png] }, 'zh-CN');
    // An image XObject (plus its soft mask: this PNG has an alpha channel).
    expect(images(one)).toBeGreaterThan(0);
    expect(one.toString('latin1')).toContain(`/URI (${data.verifyUrl})`);
    // The co-issuer's logo: a 2×2 colour PNG.
    const other = Buffer.from(
      'iVBORw0KGgoAAAANSUhEUgAAAAIAAAACCAIAAAD91JpzAAAAEElEQVR4nGM4IScHRAwQCgAfJgQRoo8irwAAAABJRU5ErkJggg==',
      'base64',
    );
    const two = await renderCertificatePdf({ ...data, issuerLogos: [png, other] }, 'zh-CN');
    expect(images(two)).toBeGreaterThan(images(one));
  });
});
