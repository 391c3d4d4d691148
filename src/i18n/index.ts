/**
 * The typed message catalogue. Each area keeps its messages in `messages/<area>.ts` as a
 * Simplified-Chinese object and an English object with exactly the same keys (the type makes a
 * missing English key a compile error; i18n.test.ts checks both directions at run time).
 */

import * as accounts from './messages/accounts.ts';
import * as admin from './messages/admin.ts';
import * as common from './messages/common.ts';
import * as credentials from './messages/credentials.ts';
import * as exams from './messages/exams.ts';
// Hand-wired until the module manifest lands (ADR 0034): then the exchange module's manifest gathers it.
import * as exchange from './messages/exchange.ts';
import * as grader from './messages/grader.ts';
import * as input from './messages/input.ts';
import * as learning from './messages/learning.ts';
import * as members from './messages/members.ts';
import * as organizations from './messages/organizations.ts';
import * as questionFormats from './messages/question-formats.ts';
import * as questions from './messages/questions.ts';
import * as salons from './messages/salons.ts';

export const LOCALES = ['zh-CN', 'en'] as const;
export type Locale = (typeof LOCALES)[number];
export const DEFAULT_LOCALE: Locale = 'zh-CN';

export const zhCN = {
  ...common.zh,
  ...accounts.zh,
  ...organizations.zh,
  ...admin.zh,
  ...credentials.zh,
  ...members.zh,
  ...salons.zh,
  ...questions.zh,
  ...exams.zh,
  ...questionFormats.zh,
  ...grader.zh,
  ...learning.zh,
  ...input.zh,
  ...exchange.zh,
};
export type MessageKey = keyof typeof zhCN;
export const en: Record<MessageKey, string> = {
  ...common.en,
  ...accounts.en,
  ...organizations.en,
  ...admin.en,
  ...credentials.en,
  ...members.en,
  ...salons.en,
  ...questions.en,
  ...exams.en,
  ...questionFormats.en,
  ...grader.en,
  ...learning.en,
  ...input.en,
  ...exchange.en,
};

export const catalogues: Record<Locale, Record<MessageKey, string>> = { 'zh-CN': zhCN, en };

export function isLocale(v: unknown): v is Locale {
  return typeof v === 'string' && (LOCALES as readonly string[]).includes(v);
}
