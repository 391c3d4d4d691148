/**
 * `gongjin import wall DIR`: a landscape2 directory (`data.yml` + `logos/`) or a clone of the CNCF
 * landscape (`landscape.yml` + `hosted_logos/`) into the wall, with an optional mapping file
 * (`DIR/gongjin-mapping.yml` or `--mapping FILE`). Prints every error and every part that would
 * be left out, each with its file and line, before anything is written (ADR 0039).
 */
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import type { Db } from '../../db/client.ts';
import { translator } from '../../platform/i18n.ts';
import { importLandscape, LandscapeImportError, logoFileName } from './landscape-import.ts';
import { MAPPING_FILE } from './landscape-mapping.ts';

/** The data file and logos folder in DIR: Gongjin's and landscape2's names first, then the CNCF repository's. */
export function landscapeDirectory(dir: string): { data: string; logos: string } | undefined {
  for (const [data, logos] of [
    ['data.yml', 'logos'],
    ['landscape.yml', 'hosted_logos'],
  ])
    if (existsSync(path.join(dir, data))) return { data: path.join(dir, data), logos: path.join(dir, logos) };
  return undefined;
}

/** Runs the import and prints its report; returns the exit status (0 imported, 1 problems in the data, 2 unreadable). */
export async function runWallImport(
  db: Db,
  dir: string,
  options: { mapping?: string; skip?: boolean },
  out: { log: (s: string) => void; error: (s: string) => void } = console,
): Promise<number> {
  const found = landscapeDirectory(dir);
  if (!found) {
    out.error(`There is no ${path.join(dir, 'data.yml')} (nor landscape.yml).`);
    return 2;
  }
  const mappingPath = options.mapping ?? path.join(dir, MAPPING_FILE);
  if (options.mapping && !existsSync(mappingPath)) {
    out.error(`There is no mapping file ${mappingPath}.`);
    return 2;
  }
  const mapping = existsSync(mappingPath)
    ? { text: readFileSync(mappingPath, 'utf8'), file: mappingPath }
    : undefined;
  const t = translator('en');
  try {
    const done = await importLandscape(
      db,
      readFileSync(found.data, 'utf8'),
      { ip: null, actorId: null },
      // Only plain file names are asked for (logoFileName: no "/" or ".."): nothing outside the logos folder.
      (name) => {
        const file = logoFileName(name) && path.join(found.logos, name);
        return file && existsSync(file) ? new Uint8Array(readFileSync(file)) : undefined;
      },
      { mapping, acceptSkips: options.skip },
    );
    out.log(
      t('members.import.done', {
        created: done.created,
        updated: done.updated,
        logos: done.logos,
        organizations: done.organizations,
      }),
    );
    out.log(
      t('members.import.created', {
        organizations: done.createdOrganizations,
        categories: done.createdCategories,
        subcategories: done.createdSubcategories,
      }),
    );
    if (done.updatedNames.length)
      out.log(`${t('members.import.updatedNames')} ${done.updatedNames.join(', ')}`);
    if (done.skipped.length) {
      out.log(t('members.import.skippedDone', { count: done.skipped.length }));
      for (const e of done.skipped) out.log(`${e.file ?? found.data}:${e.line}: ${t(e.key, e.vars)}`);
    }
    return 0;
  } catch (err) {
    if (!(err instanceof LandscapeImportError)) throw err;
    for (const e of err.errors) out.error(`${e.file ?? found.data}:${e.line}: ${t(e.key, e.vars)}`);
    if (err.skips.length) {
      out.error(
        `${err.errors.length ? 'Also, these' : 'Nothing was written. These'} ${err.skips.length} parts would be left out${err.errors.length ? '' : ' (run again with --skip to import the rest without them)'}:`,
      );
      for (const e of err.skips) out.error(`${e.file ?? found.data}:${e.line}: ${t(e.key, e.vars)}`);
    }
    if (err.errors.length) out.error(`${err.errors.length} errors; nothing was written.`);
    return 1;
  }
}
