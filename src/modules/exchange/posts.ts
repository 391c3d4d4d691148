/**
 * State changes of the board's posts and of pair blocks ("no thanks", competitor exclusion). Each
 * checks who may act, writes in one transaction with its audit entry, and bumps the board's cache
 * tag after commit.
 */
import { and, eq, or, sql } from 'drizzle-orm';
import { afterCommit, type Db, transaction } from '../../db/client.ts';
import { audit } from '../../platform/audit.ts';
import { invalidateTags } from '../../platform/cache.ts';
import { AppError } from '../../platform/errors.ts';
import type { Actor } from '../../platform/permissions.ts';
import { segment } from '../learning/tutor/segment.ts';
import type { PostInput } from './forms.ts';
import { actsAs } from './parties.ts';
import {
  exchangeBlocks,
  exchangeIntroductionEvents,
  exchangeIntroductions,
  exchangeOfferTerms,
  exchangePosts,
} from './schema.ts';

export const EXCHANGE_CACHE_TAG = 'exchange';

type Info = { ip: string | null };

/** The words matching compares: jieba terms of title and body (tags are compared on their own). */
export function postTerms(title: string, body: string): string[] {
  return segment(`${title}\n${body}`);
}

/** Counts an offer's terms in (+1) or out (−1) of the open offers' document frequencies. */
export async function countOfferTerms(tx: Db, terms: readonly string[], delta: 1 | -1): Promise<void> {
  const unique = [...new Set(terms)].sort(); // sorted: two writers lock the rows in the same order
  if (unique.length === 0) return;
  await tx
    .insert(exchangeOfferTerms)
    .values(unique.map((term) => ({ term, offers: Math.max(delta, 0) })))
    .onConflictDoUpdate({
      target: exchangeOfferTerms.term,
      set: { offers: sql`greatest(${exchangeOfferTerms.offers} + ${delta}, 0)` },
    });
}

function requireParty(actor: Actor, party: string) {
  if (!actsAs(actor, party)) throw new AppError('FORBIDDEN', { messageKey: 'exchange.error.notYourParty' });
}

/**
 * Posts an offer or a need for a party the actor acts as. Writes the post (with its jieba terms)
 * and an `exchange.post_created` audit entry; bumps the board's cache tag.
 */
export async function createPost(db: Db, actor: Actor, input: PostInput, info: Info) {
  requireParty(actor, input.party);
  const isNeed = input.kind === 'need';
  return transaction(db, async (tx) => {
    const [post] = await tx
      .insert(exchangePosts)
      .values({
        kind: input.kind,
        party: input.party,
        authorId: actor.userId,
        category: input.category,
        purpose: isNeed ? input.purpose || null : null,
        metricLevel: isNeed ? input.metricLevel || null : null,
        title: input.title,
        body: input.body,
        tags: input.tags,
        terms: postTerms(input.title, input.body),
      })
      .returning();
    if (post.kind === 'offer') await countOfferTerms(tx, post.terms, 1);
    await audit(tx, {
      actorId: actor.userId,
      action: 'exchange.post_created',
      targetType: 'exchange_post',
      targetId: post.id,
      data: { kind: post.kind, party: post.party, category: post.category },
      ip: info.ip,
    });
    await afterCommit(tx, () => invalidateTags(db, EXCHANGE_CACHE_TAG));
    return post;
  });
}

/** Closes a post (fulfilled or withdrawn): it leaves the board and matching. Audit `exchange.post_closed`. */
export async function closePost(db: Db, actor: Actor, postId: string, info: Info) {
  return transaction(db, async (tx) => {
    const [post] = await tx.select().from(exchangePosts).where(eq(exchangePosts.id, postId)).for('update');
    if (!post) throw new AppError('NOT_FOUND');
    if (!actsAs(actor, post.party) && !actor.roles.has('platform_admin')) throw new AppError('FORBIDDEN');
    if (post.status === 'closed') return post;
    const [closed] = await tx
      .update(exchangePosts)
      .set({ status: 'closed', updatedAt: new Date() })
      .where(eq(exchangePosts.id, postId))
      .returning();
    if (post.kind === 'offer') await countOfferTerms(tx, post.terms, -1);
    await audit(tx, {
      actorId: actor.userId,
      action: 'exchange.post_closed',
      targetType: 'exchange_post',
      targetId: postId,
      ip: info.ip,
    });
    await afterCommit(tx, () => invalidateTags(db, EXCHANGE_CACHE_TAG));
    return closed;
  });
}

/**
 * "No thanks" (or "never match us with this competitor"): the pair scores 0 from now on in both
 * directions, and a request the other side has waiting for this party is declined with it. Writes
 * the block (a second one only updates its reason), an `exchange.pair_blocked` audit entry, and a
 * `declined` event on each request it closes.
 */
export async function blockPair(
  db: Db,
  actor: Actor,
  input: { party: string; other: string; reason: 'no_thanks' | 'competitor' },
  info: Info,
) {
  requireParty(actor, input.party);
  if (input.party === input.other)
    throw new AppError('INVALID_INPUT', { messageKey: 'exchange.error.sameParty' });
  await transaction(db, async (tx) => {
    await tx
      .insert(exchangeBlocks)
      .values({ party: input.party, other: input.other, reason: input.reason, byUserId: actor.userId })
      .onConflictDoUpdate({
        target: [exchangeBlocks.party, exchangeBlocks.other],
        set: { reason: input.reason, byUserId: actor.userId },
      });
    const waiting = await tx
      .update(exchangeIntroductions)
      .set({ status: 'declined', respondedBy: actor.userId, respondedAt: new Date() })
      .where(
        and(
          eq(exchangeIntroductions.status, 'requested'),
          or(
            and(
              eq(exchangeIntroductions.fromParty, input.other),
              eq(exchangeIntroductions.toParty, input.party),
            ),
            and(
              eq(exchangeIntroductions.fromParty, input.party),
              eq(exchangeIntroductions.toParty, input.other),
            ),
          ),
        ),
      )
      .returning({ id: exchangeIntroductions.id });
    if (waiting.length)
      await tx.insert(exchangeIntroductionEvents).values(
        waiting.map((w) => ({
          introductionId: w.id,
          kind: 'declined',
          actorId: actor.userId,
          data: { by: input.party, reason: input.reason },
        })),
      );
    await audit(tx, {
      actorId: actor.userId,
      action: 'exchange.pair_blocked',
      targetType: 'exchange_party',
      targetId: input.other,
      data: { party: input.party, reason: input.reason, declined: waiting.length },
      ip: info.ip,
    });
  });
}

/** Lifts a block the party set (matching resumes). Audit `exchange.pair_unblocked`. */
export async function unblockPair(db: Db, actor: Actor, input: { party: string; other: string }, info: Info) {
  requireParty(actor, input.party);
  await transaction(db, async (tx) => {
    const removed = await tx
      .delete(exchangeBlocks)
      .where(and(eq(exchangeBlocks.party, input.party), eq(exchangeBlocks.other, input.other)))
      .returning();
    if (!removed.length) throw new AppError('NOT_FOUND');
    await audit(tx, {
      actorId: actor.userId,
      action: 'exchange.pair_unblocked',
      targetType: 'exchange_party',
      targetId: input.other,
      data: { party: input.party },
      ip: info.ip,
    });
  });
}
