/**
 * Per-attempt option tokens (ADR 0027). A choice's authoring id can give the answer away (GIFT's
 * correct-first style makes `a` the key), so the attempt page never shows it: each option's
 * `value` is a token that encrypts (attempt, slot, option id) with a key derived from the app
 * secret, and the autosave endpoint decrypts it back. Stored responses, grading, regrading and
 * statistics keep working on authoring ids unchanged.
 *
 * The token is AES-256-GCM with a synthetic IV (an HMAC of the same inputs, as in SIV): the same
 * option gets the same token on every load of the attempt, so a reload or a second device
 * restores the checked state, while another attempt, or another slot, gets unrelated tokens. The
 * attempt and slot are the GCM associated data: a token copied into another attempt, or altered,
 * does not decrypt. No state is stored and the hot autosave path needs no extra read.
 */
import { createCipheriv, createDecipheriv, createHash, createHmac } from 'node:crypto';
import type { PublicQuestion } from '../questions/score.ts';
import type { QuestionResponse } from '../questions/types.ts';

const IV_BYTES = 12;
const TAG_BYTES = 16;

const keyCache = new Map<string, { enc: Buffer; iv: Buffer }>();
function keys(secret: string) {
  let k = keyCache.get(secret);
  if (!k) {
    const derive = (label: string) =>
      createHash('sha256').update(`gongjin:exam-option-token:${label}\0`).update(secret).digest();
    k = { enc: derive('enc'), iv: derive('iv') };
    keyCache.set(secret, k);
  }
  return k;
}

const context = (attemptId: string, slot: number) => Buffer.from(`${attemptId}:${slot}`);

/** The token shown for `optionId` in slot `slot` of attempt `attemptId`. */
export function optionToken(secret: string, attemptId: string, slot: number, optionId: string): string {
  const k = keys(secret);
  const aad = context(attemptId, slot);
  const iv = createHmac('sha256', k.iv)
    .update(aad)
    .update('\0')
    .update(optionId)
    .digest()
    .subarray(0, IV_BYTES);
  const cipher = createCipheriv('aes-256-gcm', k.enc, iv);
  cipher.setAAD(aad);
  const body = Buffer.concat([cipher.update(optionId, 'utf8'), cipher.final()]);
  return Buffer.concat([iv, body, cipher.getAuthTag()]).toString('base64url');
}

/** The option id a token stands for in this attempt and slot, or null when it is not one of ours. */
export function optionFromToken(
  secret: string,
  attemptId: string,
  slot: number,
  token: string,
): string | null {
  const raw = Buffer.from(token, 'base64url');
  if (raw.length < IV_BYTES + TAG_BYTES + 1 || raw.toString('base64url') !== token) return null;
  try {
    const decipher = createDecipheriv('aes-256-gcm', keys(secret).enc, raw.subarray(0, IV_BYTES));
    decipher.setAAD(context(attemptId, slot));
    decipher.setAuthTag(raw.subarray(raw.length - TAG_BYTES));
    return Buffer.concat([
      decipher.update(raw.subarray(IV_BYTES, raw.length - TAG_BYTES)),
      decipher.final(),
    ]).toString('utf8');
  } catch {
    return null;
  }
}

export type Tokens = { secret: string; attemptId: string };

/** A slot's question and saved response as the attempt page shows them: choice ids as tokens. */
export function tokenized(
  t: Tokens,
  slot: number,
  question: PublicQuestion,
  response: QuestionResponse | null,
): { question: PublicQuestion; response: QuestionResponse | null } {
  if (!question.choices) return { question, response };
  const token = (id: string) => optionToken(t.secret, t.attemptId, slot, id);
  const choices = question.choices.map((c) => ({ ...c, id: token(c.id) }));
  let shown = response;
  if (response?.type === 'single_choice')
    shown = { ...response, choice: response.choice === null ? null : token(response.choice) };
  else if (response?.type === 'multiple_choice')
    shown = { ...response, choices: response.choices.map(token) };
  return { question: { ...question, choices }, response: shown };
}

/**
 * A response from the attempt page with its tokens turned back into choice ids; null when a token
 * does not belong to this attempt and slot (altered, or copied from another attempt).
 */
export function untokenized<R extends QuestionResponse>(t: Tokens, slot: number, response: R): R | null {
  const id = (token: string) => optionFromToken(t.secret, t.attemptId, slot, token);
  if (response.type === 'single_choice') {
    if (response.choice === null) return response;
    const choice = id(response.choice);
    return choice === null ? null : { ...response, choice };
  }
  if (response.type === 'multiple_choice') {
    const choices = response.choices.map(id);
    return choices.some((c) => c === null) ? null : { ...response, choices: choices as string[] };
  }
  return response;
}
