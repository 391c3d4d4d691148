import { describe, expect, it } from 'vitest';
import { clockChangesAt } from './verify.ts';

describe('clockChangesAt', () => {
  const now = new Date('2026-06-01T00:00:00Z');
  const at = (iso: string) => new Date(iso);

  it('is the next validity boundary ahead of now', () => {
    const doc = { validFrom: '2026-01-01T00:00:00Z', validUntil: '2027-01-01T00:00:00Z' };
    expect(clockChangesAt(doc, now)).toEqual(at('2027-01-01T00:00:00Z'));
    expect(clockChangesAt({ ...doc, validFrom: '2026-07-01T00:00:00Z' }, now)).toEqual(
      at('2026-07-01T00:00:00Z'),
    );
  });

  it("counts a proof's date five minutes early (the clock skew a verifier allows)", () => {
    const doc = {
      validFrom: '2026-07-01T00:00:00Z',
      proof: [{ created: '2026-07-01T00:00:00Z' }, { created: '2026-01-01T00:00:00Z' }],
    };
    expect(clockChangesAt(doc, now)).toEqual(at('2026-06-30T23:55:00Z'));
  });

  it('is undefined when nothing lies ahead, or the input is not a credential', () => {
    expect(
      clockChangesAt({ validFrom: '2026-01-01T00:00:00Z', proof: { created: 'x' } }, now),
    ).toBeUndefined();
    expect(clockChangesAt({ validUntil: '2026-05-31T23:59:59Z' }, now)).toBeUndefined();
    expect(clockChangesAt(null, now)).toBeUndefined();
    expect(clockChangesAt('text', now)).toBeUndefined();
  });
});
