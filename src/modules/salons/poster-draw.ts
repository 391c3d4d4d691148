/**
 * Draws a salon poster in the current thread: the layout as a satori element tree (flexbox, text
 * wrapped and clamped by satori with the Noto Sans SC fonts from npm) → SVG with every glyph as a
 * path → PNG with resvg. Runs inside the poster worker (poster.ts), because satori lays out on the
 * thread that calls it and parsing the two 10 MB CJK fonts the first time takes seconds.
 */
import { readFileSync } from 'node:fs';
import { Resvg } from '@resvg/resvg-js';
import QRCode from 'qrcode';
import satori from 'satori';
import { FONT_FILES, RESVG_FONTS } from '../../platform/fonts.ts';
import { POSTER_FORMATS, type PosterData, type PosterFormat, type PosterHost } from './poster-types.ts';

/** resvg's font options, for SVG logos that carry text (a monogram's letter asks for sans-serif). */
const POSTER_FONTS = { ...RESVG_FONTS, sansSerifFamily: 'Noto Sans SC' };

/** One array for the life of the thread: satori keeps the parsed fonts keyed by it. */
let fonts: Parameters<typeof satori>[1]['fonts'] | undefined;
function loadFonts() {
  fonts ??= [
    { name: 'Noto Sans SC', data: readFileSync(FONT_FILES.regular), weight: 400, style: 'normal' },
    { name: 'Noto Sans SC', data: readFileSync(FONT_FILES.bold), weight: 700, style: 'normal' },
  ];
  return fonts;
}

/** A satori node: the shape React elements have, without React. */
type Node = { type: string; props: Record<string, unknown> & { style?: Record<string, unknown> } };
type Child = Node | string;

function h(type: string, style: Record<string, unknown>, ...children: Child[]): Node {
  return { type, props: { style, children: children.length === 1 ? children[0] : children } };
}
const img = (src: string, style: Record<string, unknown>): Node => ({ type: 'img', props: { src, style } });

export function qrDataUri(url: string): string {
  const code = QRCode.create(url, { errorCorrectionLevel: 'M' });
  const n = code.modules.size;
  let cells = '';
  for (let r = 0; r < n; r++)
    for (let c = 0; c < n; c++) if (code.modules.get(r, c)) cells += `M${c} ${r}h1v1h-1z`;
  const svg = `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 ${n} ${n}" shape-rendering="crispEdges"><path fill="#0b2545" d="${cells}"/></svg>`;
  return `data:image/svg+xml;base64,${Buffer.from(svg).toString('base64')}`;
}

/**
 * A logo as a PNG data URI. An SVG logo (sanitised by the members module, or its monogram) is
 * rasterised first with the shipped fonts: nested as an SVG image, resvg would draw it without
 * fonts and a monogram's letter would vanish. Nothing is fetched either way.
 */
function logoDataUri(logo: NonNullable<PosterHost['logo']>, px: number): string {
  const png =
    logo.mime === 'image/png'
      ? Buffer.from(logo.bytes)
      : new Resvg(Buffer.from(logo.bytes), { font: POSTER_FONTS, fitTo: { mode: 'width', value: px } })
          .render()
          .asPng();
  return `data:image/png;base64,${png.toString('base64')}`;
}

/** The poster's layout. Text is plain strings: satori escapes it when it writes the SVG. */
function posterElement(d: PosterData, format: PosterFormat): Node {
  const { width: W, height: H } = POSTER_FORMATS[format];
  const story = format === 'story';
  const pad = 80;
  const inner = W - 2 * pad;
  const clamp = (lines: number) => ({ display: 'block', lineClamp: lines, overflow: 'hidden' });
  const qrBox = story ? 300 : 220;
  const logo = story ? 104 : 84;
  const cellW = story ? 190 : 165;
  const hostsWidth = inner - qrBox - 60;
  const perRow = Math.max(1, Math.floor(hostsWidth / cellW));
  const hosts = d.hosts.slice(0, story ? perRow * 2 : perRow);

  const host = (x: PosterHost) =>
    h(
      'div',
      { display: 'flex', flexDirection: 'column', alignItems: 'center', width: cellW, marginBottom: 16 },
      h(
        'div',
        {
          display: 'flex',
          alignItems: 'center',
          justifyContent: 'center',
          boxSizing: 'border-box',
          width: logo,
          height: logo,
          borderRadius: 14,
          background: '#fff',
          padding: 8,
        },
        ...(x.logo
          ? [
              img(logoDataUri(x.logo, (logo - 16) * 2), {
                width: logo - 16,
                height: logo - 16,
                objectFit: 'contain',
              }),
            ]
          : []),
      ),
      h(
        'div',
        { ...clamp(1), width: cellW - 20, marginTop: 10, fontSize: 26, fontWeight: 700, textAlign: 'center' },
        x.name,
      ),
    );

  return h(
    'div',
    {
      display: 'flex',
      flexDirection: 'column',
      boxSizing: 'border-box',
      width: W,
      height: H,
      padding: `${story ? 120 : 70}px ${pad}px ${pad}px`,
      backgroundImage: 'linear-gradient(160deg, #0b2545, #1d4e89)',
      color: '#fff',
      fontFamily: 'Noto Sans SC',
    },
    h('div', { width: 120, height: 8, background: '#ffc107' }),
    h(
      'div',
      { ...clamp(1), width: inner, marginTop: story ? 48 : 32, fontSize: 36, color: '#9ec5fe' },
      `${d.series} · ${d.number}`,
    ),
    h(
      'div',
      {
        ...clamp(story ? 3 : 2),
        width: inner,
        marginTop: story ? 48 : 28,
        fontSize: story ? 84 : 64,
        fontWeight: 700,
        lineHeight: 1.25,
      },
      d.title,
    ),
    h(
      'div',
      { ...clamp(1), width: inner, marginTop: story ? 56 : 36, fontSize: 40 },
      `${d.city} · ${d.when}`,
    ),
    ...(d.venue
      ? [h('div', { ...clamp(1), width: inner, marginTop: 16, fontSize: 32, color: '#cfe2ff' }, d.venue)]
      : []),
    h(
      'div',
      { display: 'flex', flexDirection: 'column', marginTop: story ? 56 : 32 },
      ...d.highlights
        .slice(0, story ? 4 : 2)
        .map((line) =>
          h(
            'div',
            { display: 'flex', alignItems: 'center', marginBottom: story ? 20 : 12 },
            h('div', { width: 16, height: 16, borderRadius: 8, background: '#ffc107', marginRight: 24 }),
            h('div', { ...clamp(1), width: inner - 40, fontSize: 36 }, line),
          ),
        ),
    ),
    // Hosts and the QR code share the bottom of the poster.
    h(
      'div',
      { display: 'flex', marginTop: 'auto', justifyContent: 'space-between', alignItems: 'flex-end' },
      h(
        'div',
        { display: 'flex', flexDirection: 'column', width: hostsWidth },
        h('div', { fontSize: 28, color: '#9ec5fe', marginBottom: 20 }, d.labels.hosts),
        h('div', { display: 'flex', flexWrap: 'wrap' }, ...hosts.map(host)),
      ),
      h(
        'div',
        { display: 'flex', flexDirection: 'column', alignItems: 'center' },
        h(
          'div',
          { display: 'flex', padding: 16, borderRadius: 12, background: '#fff' },
          img(qrDataUri(d.registerUrl), { width: qrBox, height: qrBox }),
        ),
        h('div', { marginTop: 20, fontSize: 28 }, d.labels.scan),
      ),
    ),
  );
}

/** The poster as SVG (glyphs as paths, so it renders the same anywhere). */
export async function posterSvg(d: PosterData, format: PosterFormat): Promise<string> {
  const { width, height } = POSTER_FORMATS[format];
  // biome-ignore lint/suspicious/noExplicitAny: satori's parameter is a React element; ours has the same shape.
  return satori(posterElement(d, format) as any, { width, height, fonts: loadFonts() });
}

/** The poster as PNG. The SVG has no text left, so resvg needs no fonts here. */
export async function drawPosterPng(d: PosterData, format: PosterFormat): Promise<Buffer> {
  return new Resvg(await posterSvg(d, format)).render().asPng();
}
