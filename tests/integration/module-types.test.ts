// The module list keeps message keys, permission names and audit actions typed (ADR 0034): each
// `@ts-expect-error` below is a compile error only while the types are derived from the list, so
// if they ever collapse to `string`, `npm run typecheck` (run by .ci/run) fails on the unused
// directive. The runtime checks are the same facts seen from the other side.
import { describe, expect, it } from 'vitest';
import { isMessageKey, type MessageKey } from '../../src/i18n/index.ts';
import type { AuditAction } from '../../src/platform/audit.ts';
import { can, type Permission } from '../../src/platform/permissions.ts';

// @ts-expect-error a key no module declares
const misspelledKey: MessageKey = 'salons.notFund';
// @ts-expect-error a permission no module declares
const misspelledPermission: Permission = 'salon:mange';
// @ts-expect-error an audit action no module declares
const misspelledAction: AuditAction = 'salon.registerd';

const key: MessageKey = 'salons.notFound';
const permission: Permission = 'salon:manage';
const action: AuditAction = 'salon.registered';

describe('typed names from the module list', () => {
  it('knows the declared names and none of the misspelled ones', () => {
    expect(isMessageKey(key)).toBe(true);
    expect(isMessageKey(misspelledKey)).toBe(false);
    expect(can(null, permission)).toBe(false);
    expect(() =>
      can(
        {
          userId: 'u',
          email: '',
          displayName: '',
          emailVerified: true,
          roles: new Set(),
          orgRoles: new Map(),
        },
        misspelledPermission,
      ),
    ).toThrow(/no module declares/);
    expect([action, misspelledAction]).toHaveLength(2);
  });
});
