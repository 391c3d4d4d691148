import { describe, expect, it } from 'vitest';
import { fromAcceptLanguage, negotiateLocale, translator } from './i18n.ts';

describe('locale negotiation', () => {
  it('prefers the saved choice, then the cookie, then Accept-Language, then zh-CN', () => {
    expect(negotiateLocale({ userLocale: 'en', cookie: 'zh-CN', acceptLanguage: 'zh' })).toBe('en');
    expect(negotiateLocale({ userLocale: null, cookie: 'en', acceptLanguage: 'zh-CN' })).toBe('en');
    expect(negotiateLocale({ acceptLanguage: 'en-GB,en;q=0.9' })).toBe('en');
    expect(negotiateLocale({})).toBe('zh-CN');
  });

  it('ignores unknown locales and honours q-values', () => {
    expect(negotiateLocale({ userLocale: 'fr', cookie: 'xx' })).toBe('zh-CN');
    expect(fromAcceptLanguage('fr-FR, en;q=0.5, zh-TW;q=0.8')).toBe('zh-CN');
    expect(fromAcceptLanguage('de, ja')).toBeUndefined();
    expect(fromAcceptLanguage('zh;q=0, en;q=0.1')).toBe('en');
  });

  it('fills {placeholders}', () => {
    expect(translator('zh-CN')('errors.RATE_LIMITED', { minutes: 15 })).toBe(
      '尝试次数过多，请 15 分钟后再试。',
    );
    expect(translator('en')('errors.RATE_LIMITED', { minutes: 3 })).toBe(
      'Too many attempts. Please try again in 3 minutes.',
    );
  });
});
