// Every permission-matrix area is fuzzed: some test file (here, or a module's own
// `input-fuzz.test.ts`) calls `fuzzArea('<area>')`, so a new area is fuzzed as soon as it has rows.
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { matrixAreas } from '../../../src/testing/permission-matrix.ts';

const ROOT = path.resolve(import.meta.dirname, '../../..');

function testFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const full = path.join(dir, e.name);
    if (e.isDirectory()) return e.name === 'node_modules' ? [] : testFiles(full);
    return e.name.endsWith('.test.ts') ? [full] : [];
  });
}

describe('input fuzz', () => {
  it('has a fuzz of every permission-matrix area', async () => {
    const text = [...testFiles(path.join(ROOT, 'src')), ...testFiles(path.join(ROOT, 'tests'))]
      .map((f) => readFileSync(f, 'utf8'))
      .join('\n');
    const missing = Object.keys(await matrixAreas()).filter((area) => !text.includes(`fuzzArea('${area}')`));
    expect(missing).toEqual([]);
  });
});
