/**
 * Tickets: a registration's id signed with HMAC-SHA256 under GONGJIN_SECRET. The token is the link
 * to the attendee's ticket page (and its cancel button) and the content of the QR code staff scan.
 */
import { createHmac, randomInt, timingSafeEqual } from 'node:crypto';
import QRCode from 'qrcode';

const mac = (secret: string, id: string) =>
  createHmac('sha256', secret).update(`salon-ticket:${id}`).digest('base64url').slice(0, 27);

export function signTicket(secret: string, registrationId: string): string {
  return `${registrationId}.${mac(secret, registrationId)}`;
}

/** The registration id inside a valid token, or undefined. */
export function verifyTicket(secret: string, token: string): string | undefined {
  const [id, sig] = token.split('.');
  if (!id || !sig) return undefined;
  const want = Buffer.from(mac(secret, id));
  const got = Buffer.from(sig);
  return want.length === got.length && timingSafeEqual(want, got) ? id : undefined;
}

/** The URL a ticket's QR code opens: the check-in page for signed-in staff. */
export function checkInUrl(publicUrl: string, salonId: string, token: string): string {
  return `${publicUrl}/salons/${salonId}/checkin?ticket=${encodeURIComponent(token)}`;
}

/** The QR code as an SVG document. */
export function qrSvg(text: string): Promise<string> {
  return QRCode.toString(text, { type: 'svg', errorCorrectionLevel: 'M', margin: 2 });
}

const ALPHABET = 'ABCDEFGHJKLMNPQRSTUVWXYZ23456789';

/** A 6-character code for typing at the door (no 0/O or 1/I). */
export function newShortCode(): string {
  let s = '';
  for (let i = 0; i < 6; i++) s += ALPHABET[randomInt(ALPHABET.length)];
  return s;
}
