/**
 * The PNG share card for WeChat Moments (1080×1080): issuer logos, achievement, holder, issuers and a
 * QR code to the verification page. Built as SVG (text escaped) and rendered by resvg with the Noto
 * Sans SC TTF from npm — no system fonts, nothing fetched. Logos are embedded as data: images.
 */
import { Resvg } from '@resvg/resvg-js';
import QRCode from 'qrcode';
import { sniffImage } from '../../platform/files.ts';
import { RESVG_FONTS } from '../../platform/fonts.ts';

const esc = (s: string) =>
  s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

export type ShareCardData = {
  holderName: string;
  achievementName: string;
  issuerNames: string[];
  /**
   * PNG or JPEG logos of the issuers the credential lists, drawn side by side at the top like the
   * certificate PDF does; issuers without a logo get none (as on the PDF).
   */
  issuerLogos?: Uint8Array[];
  verifyUrl: string;
  footer: string;
};

/** Where the logo row sits: each logo fitted (aspect kept) into a box of the same size. */
export const LOGO_ROW = { y: 70, h: 100, maxW: 240, gap: 40, width: 920 };

/** The boxes the logos are fitted into, centred in a row. */
export function logoBoxes(count: number): Array<{ x: number; y: number; w: number; h: number }> {
  if (count === 0) return [];
  const w = Math.min(LOGO_ROW.maxW, (LOGO_ROW.width - (count - 1) * LOGO_ROW.gap) / count);
  const row = count * w + (count - 1) * LOGO_ROW.gap;
  return Array.from({ length: count }, (_, i) => ({
    x: (1080 - row) / 2 + i * (w + LOGO_ROW.gap),
    y: LOGO_ROW.y,
    w,
    h: LOGO_ROW.h,
  }));
}

function logoImages(logos: Uint8Array[]): string {
  // Only what the certificate can draw too (the upload already insists on PNG or JPEG).
  const drawable = logos
    .map((bytes) => ({ bytes, mime: sniffImage(bytes) }))
    .filter((l) => l.mime === 'image/png' || l.mime === 'image/jpeg');
  return logoBoxes(drawable.length)
    .map(
      (b, i) =>
        `<image x="${b.x.toFixed(2)}" y="${b.y}" width="${b.w.toFixed(2)}" height="${b.h}" preserveAspectRatio="xMidYMid meet" href="data:${drawable[i].mime};base64,${Buffer.from(drawable[i].bytes).toString('base64')}"/>`,
    )
    .join('');
}

export function shareCardSvg(d: ShareCardData): string {
  const qr = QRCode.create(d.verifyUrl, { errorCorrectionLevel: 'M' });
  const size = qr.modules.size;
  const box = 300;
  const cell = box / size;
  const x0 = (1080 - box) / 2;
  const y0 = 660;
  let modules = '';
  for (let r = 0; r < size; r++)
    for (let c = 0; c < size; c++)
      if (qr.modules.get(r, c))
        modules += `<rect x="${(x0 + c * cell).toFixed(2)}" y="${(y0 + r * cell).toFixed(2)}" width="${cell.toFixed(2)}" height="${cell.toFixed(2)}"/>`;
  const font = 'font-family="Noto Sans SC" text-anchor="middle"';
  const logos = logoImages(d.issuerLogos ?? []);
  // With logos on top, the texts move down into the room left above the QR code.
  const [yAchievement, yHolder, yIssuers] = logos ? [280, 390, 470] : [200, 330, 430];
  return `<svg xmlns="http://www.w3.org/2000/svg" width="1080" height="1080" viewBox="0 0 1080 1080">
<rect width="1080" height="1080" fill="#f5f8fc"/>
<rect x="40" y="40" width="1000" height="1000" rx="32" fill="#fff" stroke="#1d4e89" stroke-width="6"/>
${logos}
<text x="540" y="${yAchievement}" ${font} font-weight="700" font-size="64" fill="#1d4e89">${esc(d.achievementName)}</text>
<text x="540" y="${yHolder}" ${font} font-weight="700" font-size="80" fill="#111">${esc(d.holderName)}</text>
<text x="540" y="${yIssuers}" ${font} font-size="36" fill="#444">${esc(d.issuerNames.join(' · '))}</text>
<rect x="${x0 - 20}" y="${y0 - 20}" width="${box + 40}" height="${box + 40}" fill="#fff"/>
<g fill="#000" shape-rendering="crispEdges">${modules}</g>
<text x="540" y="1010" ${font} font-size="28" fill="#666">${esc(d.footer)}</text>
</svg>`;
}

export function renderShareCardPng(d: ShareCardData): Buffer {
  const resvg = new Resvg(shareCardSvg(d), { font: RESVG_FONTS });
  return resvg.render().asPng();
}
