/**
 * Issuer private keys at rest: AES-256-GCM under a key derived from GONGJIN_SECRET with HKDF-SHA256.
 * The key row's id is bound as additional data, so a ciphertext moved to another row fails to open.
 */
import { createCipheriv, createDecipheriv, hkdfSync, randomBytes } from 'node:crypto';

const INFO = 'gongjin/credentials/issuer-key/v1';

function wrappingKey(secret: string): Buffer {
  return Buffer.from(
    hkdfSync('sha256', Buffer.from(secret, 'utf8'), Buffer.from('gongjin-credentials'), INFO, 32),
  );
}

export function encryptSecretKey(secret: string, keyRowId: string, secretKeyMultibase: string): string {
  const iv = randomBytes(12);
  const cipher = createCipheriv('aes-256-gcm', wrappingKey(secret), iv);
  cipher.setAAD(Buffer.from(keyRowId, 'utf8'));
  const body = Buffer.concat([cipher.update(secretKeyMultibase, 'utf8'), cipher.final()]);
  return [
    'v1',
    iv.toString('base64url'),
    cipher.getAuthTag().toString('base64url'),
    body.toString('base64url'),
  ].join('.');
}

export function decryptSecretKey(secret: string, keyRowId: string, sealed: string): string {
  const [version, iv, tag, body] = sealed.split('.');
  if (version !== 'v1' || !iv || !tag || body === undefined) throw new Error('unknown key encryption format');
  const decipher = createDecipheriv('aes-256-gcm', wrappingKey(secret), Buffer.from(iv, 'base64url'));
  decipher.setAAD(Buffer.from(keyRowId, 'utf8'));
  decipher.setAuthTag(Buffer.from(tag, 'base64url'));
  return Buffer.concat([decipher.update(Buffer.from(body, 'base64url')), decipher.final()]).toString('utf8');
}
