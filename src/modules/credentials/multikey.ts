/**
 * Ed25519 keys as Multikey (multibase base58btc over a multicodec prefix), did:key identifiers, and
 * signing through node:crypto. No other key type is supported: Open Badges 3.0 asks for EdDSA.
 */
import {
  createPrivateKey,
  createPublicKey,
  generateKeyPairSync,
  type KeyObject,
  sign,
  verify,
} from 'node:crypto';

const ALPHABET = '123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz';
const ED25519_PUB = [0xed, 0x01];
const ED25519_PRIV = [0x80, 0x26];

export function base58btcEncode(bytes: Uint8Array): string {
  let zeros = 0;
  while (zeros < bytes.length && bytes[zeros] === 0) zeros++;
  const digits: number[] = [];
  for (const byte of bytes) {
    let carry = byte;
    for (let i = 0; i < digits.length; i++) {
      carry += digits[i] << 8;
      digits[i] = carry % 58;
      carry = (carry / 58) | 0;
    }
    while (carry > 0) {
      digits.push(carry % 58);
      carry = (carry / 58) | 0;
    }
  }
  return (
    '1'.repeat(zeros) +
    digits
      .reverse()
      .map((d) => ALPHABET[d])
      .join('')
  );
}

export function base58btcDecode(text: string): Uint8Array {
  let zeros = 0;
  while (zeros < text.length && text[zeros] === '1') zeros++;
  const bytes: number[] = [];
  for (const ch of text) {
    const value = ALPHABET.indexOf(ch);
    if (value < 0) throw new Error('invalid base58btc character');
    let carry = value;
    for (let i = 0; i < bytes.length; i++) {
      carry += bytes[i] * 58;
      bytes[i] = carry & 0xff;
      carry >>= 8;
    }
    while (carry > 0) {
      bytes.push(carry & 0xff);
      carry >>= 8;
    }
  }
  const out = new Uint8Array(zeros + bytes.length);
  out.set(bytes.reverse(), zeros);
  return out;
}

/** Multibase: only base58btc ('z') here. */
export function multibaseDecode(value: string): Uint8Array {
  if (!value.startsWith('z')) throw new Error('unsupported multibase prefix');
  return base58btcDecode(value.slice(1));
}

export function multibaseEncode(bytes: Uint8Array): string {
  return `z${base58btcEncode(bytes)}`;
}

function withPrefix(prefix: number[], raw: Uint8Array): string {
  const out = new Uint8Array(prefix.length + raw.length);
  out.set(prefix);
  out.set(raw, prefix.length);
  return multibaseEncode(out);
}

function stripPrefix(prefix: number[], multibase: string): Uint8Array {
  const bytes = multibaseDecode(multibase);
  if (bytes.length !== prefix.length + 32 || bytes[0] !== prefix[0] || bytes[1] !== prefix[1]) {
    throw new Error('not an Ed25519 multikey');
  }
  return bytes.slice(prefix.length);
}

export type Ed25519KeyPair = { publicKeyMultibase: string; secretKeyMultibase: string };

export function generateEd25519(): Ed25519KeyPair {
  const { publicKey, privateKey } = generateKeyPairSync('ed25519');
  const jwk = privateKey.export({ format: 'jwk' });
  return {
    publicKeyMultibase: withPrefix(
      ED25519_PUB,
      Buffer.from(publicKey.export({ format: 'jwk' }).x as string, 'base64url'),
    ),
    secretKeyMultibase: withPrefix(ED25519_PRIV, Buffer.from(jwk.d as string, 'base64url')),
  };
}

export function publicKeyFromMultibase(publicKeyMultibase: string): KeyObject {
  const x = Buffer.from(stripPrefix(ED25519_PUB, publicKeyMultibase)).toString('base64url');
  return createPublicKey({ key: { kty: 'OKP', crv: 'Ed25519', x }, format: 'jwk' });
}

export function privateKeyFromMultibase(secretKeyMultibase: string, publicKeyMultibase: string): KeyObject {
  const d = Buffer.from(stripPrefix(ED25519_PRIV, secretKeyMultibase)).toString('base64url');
  const x = Buffer.from(stripPrefix(ED25519_PUB, publicKeyMultibase)).toString('base64url');
  return createPrivateKey({ key: { kty: 'OKP', crv: 'Ed25519', d, x }, format: 'jwk' });
}

export function signEd25519(
  secretKeyMultibase: string,
  publicKeyMultibase: string,
  data: Uint8Array,
): Uint8Array {
  return sign(null, data, privateKeyFromMultibase(secretKeyMultibase, publicKeyMultibase));
}

export function verifyEd25519(publicKeyMultibase: string, data: Uint8Array, signature: Uint8Array): boolean {
  if (signature.length !== 64) return false;
  return verify(null, data, publicKeyFromMultibase(publicKeyMultibase), signature);
}

/** did:key:z6Mk…#z6Mk… → the public key, or null when the method is not a did:key. */
export function publicKeyFromDidKey(verificationMethod: string): string | null {
  const match = /^did:key:(z6Mk[1-9A-HJ-NP-Za-km-z]+)(?:#(z6Mk[1-9A-HJ-NP-Za-km-z]+))?$/.exec(
    verificationMethod,
  );
  if (!match) return null;
  if (match[2] && match[2] !== match[1]) return null;
  return match[1];
}
