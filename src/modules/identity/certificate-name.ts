/**
 * The certificate name (ADR 0024): the name a person confirms, once, to be printed on the
 * credentials they earn. It is kept apart from the display name, which is free text edited any
 * time; changing the certificate name needs confirming again and is audited with the old value.
 */
import { eq } from 'drizzle-orm';
import { type Db, transaction } from '../../db/client.ts';
import { audit } from '../../platform/audit.ts';
import { AppError } from '../../platform/errors.ts';
import { users } from './schema.ts';

export const CERTIFICATE_NAME_MAX = 100;

// biome-ignore lint/suspicious/noControlCharactersInRegex: refusing control characters is the point
const CONTROL = /[\u0000-\u001f\u007f]/;

/** A name fit for a certificate: trimmed, not blank, no control characters, at most 100 characters. */
export function validCertificateName(name: string): boolean {
  return name !== '' && name.trim() === name && name.length <= CERTIFICATE_NAME_MAX && !CONTROL.test(name);
}

/** The person's confirmed certificate name, or null when they have not confirmed one. */
export async function confirmedCertificateName(db: Db, userId: string): Promise<string | null> {
  const [row] = await db
    .select({ name: users.certificateName, at: users.certificateNameConfirmedAt })
    .from(users)
    .where(eq(users.id, userId));
  return row?.at ? row.name : null;
}

/**
 * Records the name the person confirmed. Writes users, audit `account.certificate_name_confirmed`
 * (with the previous name, so a change is traceable).
 */
export async function confirmCertificateName(
  db: Db,
  userId: string,
  name: string,
  info: { ip?: string | null },
): Promise<void> {
  if (!validCertificateName(name))
    throw new AppError('INVALID_INPUT', { fields: { certificateName: 'accounts.certificateName.invalid' } });
  await transaction(db, async (tx) => {
    const [before] = await tx
      .select({ name: users.certificateName, at: users.certificateNameConfirmedAt })
      .from(users)
      .where(eq(users.id, userId))
      .for('update');
    if (!before) throw new AppError('NOT_FOUND');
    await tx
      .update(users)
      .set({ certificateName: name, certificateNameConfirmedAt: new Date(), updatedAt: new Date() })
      .where(eq(users.id, userId));
    await audit(tx, {
      actorId: userId,
      action: 'account.certificate_name_confirmed',
      targetType: 'user',
      targetId: userId,
      data: { from: before.at ? before.name : null, to: name },
      ip: info.ip ?? null,
    });
  });
}
