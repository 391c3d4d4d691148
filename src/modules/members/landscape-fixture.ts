/**
 * A landscape file of the CNCF landscape's shape, made here (the CNCF files are not Gongjin's to
 * ship; ADR 0039), for tests and `bench/landscape-import.ts`. It has what the real
 * `landscape.yml` + `hosted_logos/` has that a file written by Gongjin does not: the `landscape:`
 * key with `- category:` / `- subcategory:` / `- item:` markers, a subcategory with an empty
 * `items:`, organisations only as Crunchbase URLs (or not at all), no licence, repositories on
 * GitLab and several on one host with a `branch`, a homepage ending in a no-break space, logo
 * names such as `./x.svg` or with spaces, logos that carry their colours in `<style>`, embed a
 * PNG or declare Illustrator's entities, names that differ only in symbols ("C", "C#", "C++") and
 * one name listed under two subcategories.
 */

export type LandscapeFixture = { yaml: string; logos: Map<string, Uint8Array> };

const PNG_1PX =
  'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==';

/** A logo as editors write them; `bulk` paths make it the size of a real one (CNCF's average is 22 KB). */
function logoSvg(i: number, bulk: number): string {
  const colour = `#${((i * 2654435761) >>> 8).toString(16).padStart(6, '0').slice(0, 6)}`;
  const paths = Array.from(
    { length: bulk },
    (_, k) =>
      `<path class="st${k % 3}" d="M${k % 97}.5 ${(k * 7) % 89}.25c1.2-3.4 5.6-7.8 9.1-2.3s-4.4 6.6-8.8 1.1z"/>`,
  ).join('');
  const kind = i % 10;
  const head =
    kind === 1
      ? '<?xml version="1.0" encoding="utf-8"?>\n<!DOCTYPE svg PUBLIC "-//W3C//DTD SVG 1.1//EN" "http://www.w3.org/Graphics/SVG/1.1/DTD/svg11.dtd" [\n\t<!ENTITY ns_ai "http://ns.adobe.com/AdobeIllustrator/10.0/">\n]>\n'
      : '<?xml version="1.0" encoding="UTF-8"?>\n';
  const ns = kind === 1 ? ' xmlns:i="&ns_ai;"' : '';
  const image =
    kind === 2 ? `<image width="10" height="10" xlink:href="data:image/png;base64,${PNG_1PX}"/>` : '';
  return `${head}<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink"${ns} viewBox="0 0 100 100"><defs><style>.st0{fill:${colour};}.st1{fill:#fff;stroke:${colour}}.st2{opacity:.5}</style></defs>${image}<rect class="st0" width="100" height="100"/>${paths}</svg>`;
}

const q = (s: string) => JSON.stringify(s);

/**
 * `categories` × `subcategories` × items, spread over about half as many organisations as items.
 * The CNCF file today: 15 categories, 80 subcategories, 2,413 items, 1,145 Crunchbase organisations.
 */
export function cncfShapedLandscape(
  shape: { categories: number; subcategories: number; items: number; logoPaths?: number } = {
    categories: 15,
    subcategories: 80,
    items: 2413,
    logoPaths: 280,
  },
): LandscapeFixture {
  const logos = new Map<string, Uint8Array>();
  const lines = [
    '# yaml-language-server: $schema=https://raw.githubusercontent.com/cncf/landscape2/refs/heads/main/docs/config/schema/data.schema.json',
    '',
    'landscape:',
  ];
  const subsPer = Math.max(1, Math.floor(shape.subcategories / shape.categories));
  const totalSubs = subsPer * shape.categories;
  const itemsPer = Math.ceil(shape.items / (totalSubs - 1)); // one subcategory stays empty
  let n = 0;
  const special = ['C', 'C#', 'C++', 'Twin', 'Twin'];
  for (let c = 0; c < shape.categories; c++) {
    lines.push(
      '  - category:',
      `    name: ${c === 0 ? 'App Definition & Development' : `Category ${c + 1}`}`,
      '    subcategories:',
    );
    for (let s = 0; s < subsPer; s++) {
      lines.push('      - subcategory:', `        name: ${q(`Sub ${c + 1}.${s + 1} (tools)`)}`);
      if (c === 0 && s === 1) {
        lines.push('        items:'); // waiting for items, as two CNCF subcategories are
        continue;
      }
      lines.push('        items:');
      for (let k = 0; k < itemsPer && n < shape.items; k++, n++) {
        const name = n < special.length ? special[n] : `Project ${n + 1}`;
        const logo =
          n % 17 === 3 ? `./project-${n}.svg` : n % 23 === 5 ? `Project ${n} LOGO.svg` : `project-${n}.svg`;
        // Every third item shares its organisation's first logo file, as CNCF members' entries do.
        const file = logo.replace(/^\.\//, '');
        if (!logos.has(file)) logos.set(file, new TextEncoder().encode(logoSvg(n, shape.logoPaths ?? 8)));
        lines.push('          - item:', `            name: ${q(name)}`);
        lines.push(
          `            homepage_url: ${n === 7 ? q(`https://project-${n}.example.org/\u00a0`) : `https://project-${n}.example.org/`}`,
        );
        if (n % 3 !== 2) {
          const host = n % 11 === 4 ? 'gitlab.com' : 'github.com';
          lines.push(`            repo_url: https://${host}/org-${Math.floor(n / 2)}/project-${n}`);
        }
        if (n % 41 === 6) {
          lines.push('            additional_repos:');
          for (let r = 0; r < 3; r++) {
            lines.push(`              - repo_url: https://github.com/org-${Math.floor(n / 2)}/extra-${r}`);
            if (r === 1) lines.push('                branch: main');
          }
        }
        lines.push(`            logo: ${q(logo)}`);
        if (n % 5 !== 4)
          lines.push(
            `            crunchbase: https://www.crunchbase.com/organization/company-${Math.floor(n / 2)}`,
          );
        if (n % 4 === 0) lines.push(`            twitter: https://twitter.com/project${n}`);
        if (n % 9 === 0) lines.push('            project: sandbox');
        if (n % 2 === 0)
          lines.push(
            `            description: ${q(`Project ${n + 1} does one thing well: ${'x'.repeat(n % 40)}`)}`,
          );
        if (n % 7 === 0) {
          lines.push(
            '            extra:',
            `              accepted: '2021-0${(n % 9) + 1}-14'`,
            `              slack_url: https://slack.example/p${n}`,
          );
          if (n % 14 === 0) lines.push('              summary_tags: observability, tracing');
        }
      }
    }
  }
  return { yaml: `${lines.join('\n')}\n`, logos };
}
