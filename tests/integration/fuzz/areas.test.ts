// Every permission-matrix area has its fuzz file, so a new area is fuzzed as soon as it has rows.
import { readdirSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { AREAS } from '../permission-matrix/all.ts';

describe('input fuzz', () => {
  it('has one file per permission-matrix area', () => {
    const files = readdirSync(new URL('.', import.meta.url)).filter((f) => f.endsWith('.test.ts'));
    for (const area of Object.keys(AREAS)) expect(files, area).toContain(`${area}.test.ts`);
  });
});
