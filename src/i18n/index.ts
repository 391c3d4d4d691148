/**
 * The typed message catalogue. The platform's own messages (the shell, navigation, errors, input
 * checks) are in `messages/`; every module keeps its own in `<module>/messages.ts`, and the
 * catalogue gathers them from the installed module list (ADR 0034). Each is a Simplified-Chinese
 * object and an English object with exactly the same keys: the type makes a missing English key a
 * compile error, catalogue.test.ts checks both directions and the placeholders at run time.
 */
import { installedModules, type ModuleMessageKey, onModulesInstalled } from '../platform/module.ts';
import * as common from './messages/common.ts';
import * as input from './messages/input.ts';

export const LOCALES = ['zh-CN', 'en'] as const;
export type Locale = (typeof LOCALES)[number];
export const DEFAULT_LOCALE: Locale = 'zh-CN';

export type MessageKey = keyof typeof common.zh | keyof typeof input.zh | ModuleMessageKey;
export type Catalogue = Readonly<Record<MessageKey, string>>;

let built: Record<Locale, Catalogue> | undefined;
onModulesInstalled(() => {
  built = undefined;
});

/** Built on first use, never at import: modules import this file while the list is still loading. */
function build(): Record<Locale, Catalogue> {
  const zh: Record<string, string> = { ...common.zh, ...input.zh };
  const en: Record<string, string> = { ...common.en, ...input.en };
  for (const m of installedModules()) {
    if (!m.messages) continue;
    for (const key of Object.keys(m.messages.zh)) {
      if (key in zh) throw new Error(`message ${key} of module ${m.name} is declared twice`);
    }
    Object.assign(zh, m.messages.zh);
    Object.assign(en, m.messages.en);
  }
  return { 'zh-CN': zh as Catalogue, en: en as Catalogue };
}

/** One locale's messages. */
export function catalogue(locale: Locale): Catalogue {
  built ??= build();
  return built[locale];
}

/** Whether a string read from data (a parser's problem code, a form issue) is a message key. */
export function isMessageKey(key: string): key is MessageKey {
  return Object.hasOwn(catalogue(DEFAULT_LOCALE), key);
}

export function isLocale(v: unknown): v is Locale {
  return typeof v === 'string' && (LOCALES as readonly string[]).includes(v);
}
