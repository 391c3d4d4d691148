/**
 * The PNG share card for WeChat Moments (1080×1080): achievement, holder, issuers and a QR code to
 * the verification page. Built as SVG (text escaped) and rendered by resvg with the Noto Sans SC TTF
 * from npm — no system fonts, nothing fetched.
 */
import { createRequire } from 'node:module';
import path from 'node:path';
import { Resvg } from '@resvg/resvg-js';
import QRCode from 'qrcode';

const require = createRequire(import.meta.url);
const FONT_DIR = path.dirname(require.resolve('@expo-google-fonts/noto-sans-sc/package.json'));
const FONT_FILES = [
  path.join(FONT_DIR, '400Regular/NotoSansSC_400Regular.ttf'),
  path.join(FONT_DIR, '700Bold/NotoSansSC_700Bold.ttf'),
];

const esc = (s: string) =>
  s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

export type ShareCardData = {
  holderName: string;
  achievementName: string;
  issuerNames: string[];
  verifyUrl: string;
  footer: string;
};

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
  return `<svg xmlns="http://www.w3.org/2000/svg" width="1080" height="1080" viewBox="0 0 1080 1080">
<rect width="1080" height="1080" fill="#f5f8fc"/>
<rect x="40" y="40" width="1000" height="1000" rx="32" fill="#fff" stroke="#1d4e89" stroke-width="6"/>
<text x="540" y="200" ${font} font-weight="700" font-size="64" fill="#1d4e89">${esc(d.achievementName)}</text>
<text x="540" y="330" ${font} font-weight="700" font-size="80" fill="#111">${esc(d.holderName)}</text>
<text x="540" y="430" ${font} font-size="36" fill="#444">${esc(d.issuerNames.join(' · '))}</text>
<rect x="${x0 - 20}" y="${y0 - 20}" width="${box + 40}" height="${box + 40}" fill="#fff"/>
<g fill="#000" shape-rendering="crispEdges">${modules}</g>
<text x="540" y="1010" ${font} font-size="28" fill="#666">${esc(d.footer)}</text>
</svg>`;
}

export function renderShareCardPng(d: ShareCardData): Buffer {
  const resvg = new Resvg(shareCardSvg(d), {
    font: { fontFiles: FONT_FILES, loadSystemFonts: false, defaultFontFamily: 'Noto Sans SC' },
  });
  return resvg.render().asPng();
}
