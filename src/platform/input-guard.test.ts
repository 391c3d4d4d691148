import { describe, expect, it } from 'vitest';
import { jsonBodyProblem, jsonDepthExceeds, MAX_JSON_DEPTH, textProblem, urlProblem } from './input-guard.ts';
import { MAX_PAGE, parsePage } from './paging.ts';

const bytes = (s: string) => new TextEncoder().encode(s);

describe('textProblem', () => {
  it('refuses NUL and the other C0 controls, but not TAB, CR or LF', () => {
    expect(textProblem('a\u0000b')).toBe('control');
    expect(textProblem('a\u001bb')).toBe('control');
    expect(textProblem('第一行\r\n\t第二行')).toBeUndefined();
  });

  it('refuses a lone surrogate and accepts a pair (an emoji, a rare CJK character)', () => {
    expect(textProblem('x\ud800')).toBe('encoding');
    expect(textProblem('\udc00x')).toBe('encoding');
    expect(textProblem('😀 𠮷 﨑')).toBeUndefined();
  });
});

describe('urlProblem', () => {
  it('refuses NUL, controls and bad escapes in the path', () => {
    expect(urlProblem('http://h/orgs/%00')?.problem).toBe('control');
    expect(urlProblem('http://h/orgs/a%0Ab')?.problem).toBe('control');
    expect(urlProblem('http://h/orgs/%ZZ')?.problem).toBe('encoding');
    expect(urlProblem('http://h/orgs/%ED%A0%80')?.problem).toBe('encoding');
  });

  it('refuses NUL in a query value or name, naming the field, and lets TAB/CR/LF through to safeNext', () => {
    expect(urlProblem('http://h/questions?q=%00')).toEqual({ problem: 'control', field: 'q' });
    expect(urlProblem('http://h/questions?%00=1')?.problem).toBe('control');
    expect(urlProblem('http://h/login?next=%2F%0D%0A%2Fevil')).toBeUndefined();
    expect(urlProblem('http://h/orgs/%E4%B8%AD%E6%96%87?q=a+b%20c')).toBeUndefined();
    expect(urlProblem('http://h/')).toBeUndefined();
  });
});

describe('JSON bodies', () => {
  it('counts nesting without parsing and ignores brackets inside strings', () => {
    expect(jsonDepthExceeds('['.repeat(MAX_JSON_DEPTH) + ']'.repeat(MAX_JSON_DEPTH), MAX_JSON_DEPTH)).toBe(
      false,
    );
    expect(jsonDepthExceeds('['.repeat(MAX_JSON_DEPTH + 1), MAX_JSON_DEPTH)).toBe(true);
    expect(jsonDepthExceeds(`{"a":"${'['.repeat(100)}\\"["}`, MAX_JSON_DEPTH)).toBe(false);
  });

  it('refuses invalid JSON, invalid UTF-8, deep nesting and bad strings when the body is declared JSON', () => {
    expect(jsonBodyProblem(bytes('{'), true)).toBe('json');
    expect(jsonBodyProblem(new Uint8Array([0x7b, 0xff, 0x7d]), true)).toBe('encoding');
    expect(jsonBodyProblem(bytes('['.repeat(20_000) + ']'.repeat(20_000)), true)).toBe('depth');
    expect(jsonBodyProblem(bytes('{"a":["\\u0000"]}'), true)).toBe('control');
    expect(jsonBodyProblem(bytes('{"\\ud800":1}'), true)).toBe('encoding');
    expect(jsonBodyProblem(bytes('{"a":"line\\r\\n\\ttab 😀"}'), true)).toBeUndefined();
  });

  it('leaves a body that is not JSON to its handler unless it was declared JSON', () => {
    expect(jsonBodyProblem(bytes('not json'), false)).toBeUndefined();
    expect(jsonBodyProblem(bytes(''), false)).toBeUndefined();
    expect(jsonBodyProblem(bytes(' '), true)).toBe('json');
    expect(jsonBodyProblem(bytes('{"response":"\\u0000"}'), false)).toBe('control');
  });
});

describe('parsePage', () => {
  it('reads a plain positive number, clamps an absurd one and makes anything else page 1', () => {
    expect(parsePage('3')).toBe(3);
    expect(parsePage('99999999999999999999')).toBe(MAX_PAGE);
    expect(parsePage('9'.repeat(400))).toBe(MAX_PAGE);
    for (const v of [undefined, '', '0', '-1', 'abc', '1e400', '2.5']) expect(parsePage(v)).toBe(1);
  });
});
