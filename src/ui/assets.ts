/**
 * Static assets served from memory with a content hash in the URL, so browsers may cache them for a
 * year and a new release is fetched at once. htmx and Swagger UI come from their npm packages.
 */
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const here = path.dirname(fileURLToPath(import.meta.url));
const require = createRequire(import.meta.url);
const swaggerDir = path.dirname(require.resolve('swagger-ui-dist/package.json'));

type Asset = { body: Buffer; type: string };
const byUrl = new Map<string, Asset>();

function add(name: string, file: string, type: string): string {
  const body = readFileSync(file);
  const hash = createHash('sha256').update(body).digest('hex').slice(0, 12);
  const ext = path.extname(name);
  const url = `/static/${path.basename(name, ext)}.${hash}${ext}`;
  byUrl.set(url, { body, type });
  return url;
}

export const ASSETS = {
  css: add('app.css', path.join(here, 'static/app.css'), 'text/css; charset=utf-8'),
  logo: add('logo.svg', path.join(here, 'static/logo.svg'), 'image/svg+xml'),
  embed: add('embed.js', path.join(here, 'static/embed.js'), 'text/javascript; charset=utf-8'),
  exam: add('exam.js', path.join(here, 'static/exam.js'), 'text/javascript; charset=utf-8'),
  htmx: add('htmx.js', require.resolve('htmx.org/dist/htmx.min.js'), 'text/javascript; charset=utf-8'),
  swaggerCss: add('swagger-ui.css', path.join(swaggerDir, 'swagger-ui.css'), 'text/css; charset=utf-8'),
  swaggerJs: add(
    'swagger-ui-bundle.js',
    path.join(swaggerDir, 'swagger-ui-bundle.js'),
    'text/javascript; charset=utf-8',
  ),
  swaggerInit: add('api-docs.js', path.join(here, 'static/api-docs.js'), 'text/javascript; charset=utf-8'),
};

export function findAsset(url: string): Asset | undefined {
  return byUrl.get(url);
}
