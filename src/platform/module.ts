/**
 * The shape every module has (ADR 0034). A module's folder exports one `GongjinModule` from its
 * `index.ts`, and `src/modules/index.ts` lists them: the app mounts their routes, the job runner
 * takes their jobs, the catalogue gathers their messages, `can()` reads their permission rules,
 * the layout shows their navigation, the demo seed runs their seeds and the permission matrix
 * checks their rows. Adding a module is its folder, one line in that list and its migration.
 *
 * The platform never imports a module: the list is handed to it once (`installModules`, called by
 * `src/modules/index.ts` as it loads), and the types reach it through `ModuleRegistry`, which that
 * list augments — so a misspelled message key or permission is still a compile error.
 */
import type { Hono } from 'hono';
import type { Db } from '../db/client.ts';
import type { AppEnv } from './context.ts';
import type { AnyJobDefinition } from './jobs.ts';
import type { Actor, Rule } from './permissions.ts';

/** A module's messages: Simplified Chinese first; English must have exactly the same keys. */
export type ModuleMessages<Z extends Record<string, string>> = { zh: Z; en: Record<keyof Z, string> };

/** One link in the site's navigation. `place`: the main bar, or the signed-in person's menu. */
export type NavEntry = {
  href: string;
  /** A message key (typed where the module is defined: `satisfies NavEntry` keeps it a string here). */
  label: string;
  place: 'main' | 'account';
  /** Position in its bar, lower first (the existing links use 10, 20, …). */
  order: number;
  /** Shown only when this holds (default: always, or for 'account', whenever someone is signed in). */
  when?: (actor: Actor | null) => boolean;
};

/** What a module's demo seed is given. It runs after the core demo and earlier modules' seeds. */
export type SeedContext = {
  db: Db;
  publicUrl: string;
  /** The installation's signing secret (credentials are signed with keys derived from it). */
  secret: string;
  /**
   * false for the quick seed wall and cache tests use: seed only what other pages need to render,
   * not the year's story (ADR 0021 of the demo, `seedDemo(…, { story: false })`).
   */
  story: boolean;
};

/** Permission-matrix rows, by `METHOD /path` (see src/testing/permission-matrix.ts for the helpers). */
export type MatrixRows = Record<
  string,
  {
    expect: Record<string, number>;
    path?: (f: Record<string, string>) => string;
    form?: Record<string, string>;
  }
>;

/**
 * A sub-app and where it is mounted. `beforeSession`: mounted before the session middleware, for a
 * route that resolves its own session in one statement (the exam autosave) — it must check CSRF itself.
 */
export type ModuleRoutes = { prefix: string; app: Hono<AppEnv>; beforeSession?: boolean };

/** Options the composition root passes to route factories (test doubles for outside services). */
export type RouteOptions = Record<string, unknown>;

export type GongjinModule<
  Z extends Record<string, string> = Record<string, string>,
  P extends string = string,
  A extends string = string,
> = {
  /** The folder's name; also the permission-matrix area unless `matrix` names others. */
  readonly name: string;
  readonly messages?: ModuleMessages<Z>;
  /** Permission name → rule. Names are `<area>:<verb>` and unique across modules. */
  readonly permissions?: Readonly<Record<P, Rule>>;
  /** Sub-apps mounted with `app.route(prefix, app)`, in this order, after the platform's middleware. */
  readonly routes?: (options: RouteOptions) => ReadonlyArray<ModuleRoutes>;
  readonly jobs?: readonly AnyJobDefinition[];
  readonly nav?: readonly NavEntry[];
  readonly seed?: (ctx: SeedContext) => Promise<void>;
  /**
   * Every audit-log action the module's services record (`<area>.<verb_in_past>`), a closed list:
   * `audit()` takes only a declared action, so a misspelled one fails to compile.
   */
  readonly auditActions?: readonly A[];
  /** The anonymous-page cache tags this module's services bump (unique across modules). */
  readonly cacheTags?: readonly string[];
  /**
   * Loads this module's permission-matrix rows, area → rows (tests only: a lazy import, so the app
   * never loads test data). Every route the module mounts has exactly one row.
   */
  readonly matrix?: () => Promise<Record<string, MatrixRows>>;
};

/** Keeps the literal types of a module's messages and permission names for the registry. */
export function defineModule<
  Z extends Record<string, string> = Record<never, string>,
  P extends string = never,
  const A extends string = never,
>(module: GongjinModule<Z, P, A>): GongjinModule<Z, P, A> {
  return module;
}

/**
 * Augmented by `src/modules/index.ts` with `{ modules: typeof MODULES }`, so message keys and
 * permission names are derived from the list without the platform importing it.
 */
// biome-ignore lint/suspicious/noEmptyInterface: filled in by declaration merging
export interface ModuleRegistry {}

type Listed = ModuleRegistry extends { modules: infer M extends readonly unknown[] }
  ? M[number]
  : GongjinModule;

/** Every message key a module declares. */
export type ModuleMessageKey = Listed extends infer M
  ? M extends GongjinModule<infer Z, infer _P, infer _A>
    ? keyof Z & string
    : never
  : never;

/** Every permission a module declares. */
export type ModulePermission = Listed extends infer M
  ? M extends GongjinModule<infer _Z, infer P, infer _A>
    ? P
    : never
  : never;

/** Every audit action a module declares. */
export type ModuleAuditAction = Listed extends infer M
  ? M extends GongjinModule<infer _Z, infer _P, infer A>
    ? A
    : never
  : never;

let installed: readonly GongjinModule[] | undefined;
const listeners: Array<() => void> = [];

/** Hands the module list to the platform; called once, by `src/modules/index.ts`. */
export function installModules(modules: readonly GongjinModule[]): void {
  const seen = {
    module: new Set<string>(),
    permission: new Set<string>(),
    message: new Set<string>(),
    'audit action': new Set<string>(),
  };
  const claim = (kind: keyof typeof seen, name: string, by: string) => {
    if (seen[kind].has(name)) {
      throw new Error(
        kind === 'module'
          ? `module ${name} is listed twice`
          : `${kind} ${name} of module ${by} is declared twice`,
      );
    }
    seen[kind].add(name);
  };
  for (const m of modules) {
    claim('module', m.name, m.name);
    for (const p of Object.keys(m.permissions ?? {})) claim('permission', p, m.name);
    for (const k of Object.keys(m.messages?.zh ?? {})) claim('message', k, m.name);
    for (const a of m.auditActions ?? []) claim('audit action', a, m.name);
  }
  installed = modules;
  for (const listener of listeners) listener();
}

/** The installed modules. Throws if read before `src/modules/index.ts` has loaded. */
export function installedModules(): readonly GongjinModule[] {
  if (!installed) {
    throw new Error(
      'no modules installed: import src/modules/index.ts before using the app, i18n or permissions',
    );
  }
  return installed;
}

/** Runs `fn` whenever the list is (re)installed: caches built from the list drop themselves. */
export function onModulesInstalled(fn: () => void): void {
  listeners.push(fn);
}

/** The navigation links of every installed module for one bar, in order, as `actor` may see them. */
export function navEntries(place: NavEntry['place'], actor: Actor | null): NavEntry[] {
  return installedModules()
    .flatMap((m) => m.nav ?? [])
    .filter((e) => e.place === place && (e.when ? e.when(actor) : place === 'main' || !!actor))
    .sort((a, b) => a.order - b.order);
}
