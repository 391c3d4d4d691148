/**
 * Salon posters: a 1080×1920 share card (WeChat Moments, stories) and a 1080×1080 square, with the
 * series and number, title, city, date, agenda highlights, host and co-host logos with their names
 * and a QR code to the registration page. Built as SVG (every text escaped) and rendered by resvg with the Noto
 * Sans SC TTFs from npm, as credentials/share-card.ts does: no system fonts, nothing fetched
 * (ADR 0016 says why not satori).
 */
import { createRequire } from 'node:module';
import path from 'node:path';
import { renderAsync } from '@resvg/resvg-js';
import QRCode from 'qrcode';

const require = createRequire(import.meta.url);
const FONT_DIR = path.dirname(require.resolve('@expo-google-fonts/noto-sans-sc/package.json'));
const FONT_FILES = [
  path.join(FONT_DIR, '400Regular/NotoSansSC_400Regular.ttf'),
  path.join(FONT_DIR, '700Bold/NotoSansSC_700Bold.ttf'),
];

export const POSTER_FORMATS = {
  story: { width: 1080, height: 1920 },
  square: { width: 1080, height: 1080 },
} as const;
export type PosterFormat = keyof typeof POSTER_FORMATS;

/** A host or co-host: its name and, when known, its logo (PNG or sanitised SVG bytes). */
export type PosterHost = {
  name: string;
  logo?: { mime: 'image/png' | 'image/svg+xml'; bytes: Uint8Array };
};

export type PosterData = {
  series: string;
  /** "第 3 期" */
  number: string;
  title: string;
  city: string;
  when: string;
  venue: string;
  highlights: string[];
  /** Host first, then co-hosts. */
  hosts: PosterHost[];
  /** The labels printed on the poster, in the reader's language. */
  labels: { hosts: string; scan: string };
  registerUrl: string;
};

const esc = (s: string) =>
  s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

/** Width of a string in ems: CJK and full-width characters are one em, the rest about half. */
const ems = (s: string) => [...s].reduce((n, ch) => n + (/[\u2e80-\uffef]/.test(ch) ? 1 : 0.55), 0);

/** Breaks text into at most `max` lines that fit `width` at `size` px (the last one shortened with …). */
export function wrap(text: string, size: number, width: number, max: number): string[] {
  const perLine = width / size;
  const lines: string[] = [];
  let line = '';
  for (const ch of [...text]) {
    if (ems(line + ch) > perLine) {
      lines.push(line);
      line = '';
      if (lines.length === max) break;
    }
    line += ch;
  }
  if (lines.length < max && line) lines.push(line);
  if (lines.join('').length < [...text].join('').length && lines.length === max) {
    const last = [...lines[max - 1]];
    lines[max - 1] = `${last.slice(0, Math.max(0, last.length - 1)).join('')}…`;
  }
  return lines;
}

function qr(url: string, x0: number, y0: number, box: number): string {
  const code = QRCode.create(url, { errorCorrectionLevel: 'M' });
  const size = code.modules.size;
  const cell = box / size;
  let out = `<rect x="${x0 - 16}" y="${y0 - 16}" width="${box + 32}" height="${box + 32}" rx="12" fill="#fff"/>`;
  out += '<g fill="#0b2545" shape-rendering="crispEdges">';
  for (let r = 0; r < size; r++)
    for (let c = 0; c < size; c++)
      if (code.modules.get(r, c))
        out += `<rect x="${(x0 + c * cell).toFixed(2)}" y="${(y0 + r * cell).toFixed(2)}" width="${cell.toFixed(2)}" height="${cell.toFixed(2)}"/>`;
  return `${out}</g>`;
}

/**
 * A logo placed in a box: PNG as a data: image, SVG nested inline with its ids prefixed so two logos
 * (or a logo and the poster) cannot resolve each other's gradients or clip paths.
 */
export function logoMarkup(
  l: NonNullable<PosterHost['logo']>,
  x: number,
  y: number,
  box: number,
  idPrefix: string,
): string {
  const place = `x="${x}" y="${y}" width="${box}" height="${box}" preserveAspectRatio="xMidYMid meet"`;
  if (l.mime === 'image/png')
    return `<image ${place} href="data:image/png;base64,${Buffer.from(l.bytes).toString('base64')}"/>`;
  const svg = Buffer.from(l.bytes).toString('utf8');
  const root = svg.match(/^\s*<svg\b([^>]*?)\/?>/);
  if (!root) return '';
  const attr = (name: string) => root[1].match(new RegExp(`\\s${name}="([^"]*)"`))?.[1];
  const w = Number.parseFloat(attr('width') ?? '');
  const h = Number.parseFloat(attr('height') ?? '');
  const viewBox = attr('viewBox') ?? (w > 0 && h > 0 ? `0 0 ${w} ${h}` : undefined);
  // The root's own presentation attributes (fill, stroke, font…) move to a group so they still inherit.
  const kept = root[1].replace(
    /\s(?:xmlns(?::\w+)?|width|height|x|y|viewBox|preserveAspectRatio)="[^"]*"/g,
    '',
  );
  const inner = `<g${kept}>${svg.slice((root.index ?? 0) + root[0].length).replace(/<\/svg>\s*$/, '')}</g>`
    .replace(/\sid="/g, ` id="${idPrefix}`)
    .replace(/url\(\s*#/g, `url(#${idPrefix}`)
    .replace(/href="\s*#/g, `href="#${idPrefix}`);
  return `<svg ${place}${viewBox ? ` viewBox="${viewBox}"` : ''}>${inner}</svg>`;
}

export function posterSvg(d: PosterData, format: PosterFormat): string {
  const { width: W, height: H } = POSTER_FORMATS[format];
  const story = format === 'story';
  const font = 'font-family="Noto Sans SC"';
  const pad = 80;
  const text = (x: number, y: number, size: number, s: string, extra = '') =>
    `<text x="${x}" y="${y}" ${font} font-size="${size}" ${extra}>${esc(s)}</text>`;
  let y = story ? 200 : 130;
  let body = text(pad, y, 36, `${d.series} · ${d.number}`, 'fill="#9ec5fe"');
  const titleSize = story ? 84 : 64;
  y += story ? 60 : 40;
  for (const line of wrap(d.title, titleSize, W - 2 * pad, story ? 3 : 2)) {
    y += titleSize * 1.25;
    body += text(pad, y, titleSize, line, 'font-weight="700" fill="#fff"');
  }
  y += story ? 80 : 60;
  body += text(pad, y, 40, `${d.city} · ${d.when}`, 'fill="#fff"');
  if (d.venue) {
    y += 56;
    body += text(pad, y, 32, d.venue, 'fill="#cfe2ff"');
  }
  const highlights = d.highlights.slice(0, story ? 4 : 2);
  if (highlights.length) {
    y += story ? 90 : 60;
    for (const h of highlights) {
      const line = wrap(h, 36, W - 2 * pad - 40, 1)[0] ?? '';
      body += `<circle cx="${pad + 10}" cy="${y - 12}" r="8" fill="#ffc107"/>`;
      body += text(pad + 40, y, 36, line, 'fill="#fff"');
      y += story ? 64 : 54;
    }
  }
  const qrBox = story ? 300 : 220;
  const qrX = W - pad - qrBox;
  const qrY = H - pad - qrBox - (story ? 60 : 40);
  body += qr(d.registerUrl, qrX, qrY, qrBox);
  body += text(
    qrX + qrBox / 2,
    qrY + qrBox + (story ? 60 : 50),
    28,
    d.labels.scan,
    'fill="#fff" text-anchor="middle"',
  );
  // Logos in a row (two rows on the share card) left of the QR code, each name under its logo. A
  // PNG is embedded as a data: URI; an SVG logo (sanitised by the members module, or its monogram)
  // is nested inline, because resvg draws a data: SVG image without fonts and its text (a
  // monogram's letter) would vanish. Nothing is fetched either way. The white tile keeps dark logos
  // on transparent backgrounds readable on the blue poster.
  const hostsY = story ? qrY : qrY + 20;
  body += text(pad, hostsY, 28, d.labels.hosts, 'fill="#9ec5fe"');
  const logo = story ? 104 : 84;
  const cellW = story ? 190 : 165;
  const perRow = Math.max(1, Math.floor((qrX - pad - 20) / cellW));
  const rowH = logo + 66;
  d.hosts.slice(0, story ? perRow * 2 : perRow).forEach((h, i) => {
    const x = pad + (i % perRow) * cellW;
    const top = hostsY + 30 + Math.floor(i / perRow) * rowH;
    const tileX = x + (cellW - 20 - logo) / 2;
    body += `<rect x="${tileX}" y="${top}" width="${logo}" height="${logo}" rx="14" fill="#fff"/>`;
    if (h.logo) body += logoMarkup(h.logo, tileX + 8, top + 8, logo - 16, `logo${i}-`);
    body += text(
      x + (cellW - 20) / 2,
      top + logo + 40,
      26,
      wrap(h.name, 26, cellW - 20, 1)[0] ?? '',
      'font-weight="700" fill="#fff" text-anchor="middle"',
    );
  });
  return `<svg xmlns="http://www.w3.org/2000/svg" width="${W}" height="${H}" viewBox="0 0 ${W} ${H}">
<defs><linearGradient id="bg" x1="0" y1="0" x2="0.6" y2="1"><stop offset="0" stop-color="#0b2545"/><stop offset="1" stop-color="#1d4e89"/></linearGradient></defs>
<rect width="${W}" height="${H}" fill="url(#bg)"/>
<rect x="${pad}" y="${story ? 120 : 70}" width="120" height="8" fill="#ffc107"/>
${body}
</svg>`;
}

/**
 * Renders on libuv's thread pool (resvg's renderAsync): half a second of text layout with the CJK
 * fonts must not block the event loop of a server that is answering requests.
 */
/** resvg's font options: `sans-serif` (what monogram logos ask for) resolves to the shipped font too. */
export const POSTER_FONTS = {
  fontFiles: FONT_FILES,
  loadSystemFonts: false,
  defaultFontFamily: 'Noto Sans SC',
  sansSerifFamily: 'Noto Sans SC',
};

export async function renderPosterPng(d: PosterData, format: PosterFormat): Promise<Buffer> {
  const image = await renderAsync(posterSvg(d, format), { font: POSTER_FONTS });
  return image.asPng();
}
