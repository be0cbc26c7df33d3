// The links of emails: tokens minted when the email is sent (so the plain token lives only in
// that email), looked up by their hash, and a confirmation link used once within 48 hours.
import type { Db } from '../db/index.js';
import { CONFIRM_TOKEN_HOURS, hashToken, isTokenShaped, newToken, type TokenPurpose } from './tokens.js';

/** Stores a new token's hash for the subscription; returns the plain token for the email. */
export async function mintToken(db: Db, subscriptionId: number, purpose: TokenPurpose, now: Date): Promise<string> {
  const [token] = await mintTokens(db, [subscriptionId], purpose, now);
  if (token === undefined) throw new Error('mintTokens returned no token');
  return token;
}

/** mintToken for many subscriptions in one insert: one new token each, in the order given. */
export async function mintTokens(db: Db, subscriptionIds: readonly number[], purpose: TokenPurpose, now: Date): Promise<string[]> {
  const minted = subscriptionIds.map((subscriptionId) => ({ subscriptionId, token: newToken() }));
  if (minted.length === 0) return [];
  const expiresAt = purpose === 'confirm' ? new Date(now.getTime() + CONFIRM_TOKEN_HOURS * 3_600_000) : null;
  await db.subscriptionToken.createMany({ data: minted.map(({ subscriptionId, token }) => ({ hash: hashToken(token), subscriptionId, purpose, expiresAt, createdAt: now })) });
  return minted.map((m) => m.token);
}

/** The subscription a manage link stands for, or null for an unknown token. */
export async function findSubscriptionByToken(db: Db, token: string) {
  if (!isTokenShaped(token)) return null;
  const row = await db.subscriptionToken.findUnique({
    where: { hash: hashToken(token) },
    select: {
      purpose: true,
      subscription: {
        select: { id: true, unsubscribedAt: true, confirmedAt: true, minLevel: true, cadence: true, language: true, filterPlaces: true, filterActors: true, watchlist: { select: { id: true, name: true, slug: true } } },
      },
    },
  });
  return row?.purpose === 'manage' ? row.subscription : null;
}

/** A confirmation link that can still be used at `now`, or null. */
export async function findConfirmation(db: Db, token: string, now: Date) {
  if (!isTokenShaped(token)) return null;
  const row = await db.subscriptionToken.findUnique({
    where: { hash: hashToken(token) },
    select: { purpose: true, usedAt: true, expiresAt: true, subscription: { select: { id: true, watchlist: { select: { name: true } } } } },
  });
  if (!row || row.purpose !== 'confirm' || row.usedAt || !row.expiresAt || row.expiresAt <= now) return null;
  return row.subscription;
}

/**
 * Uses a confirmation link: the subscription becomes active (again, if it was left) and the
 * address counts as proven. False when the link is unknown, used or expired.
 */
export async function confirmByToken(db: Db, token: string, now: Date): Promise<boolean> {
  if (!isTokenShaped(token)) return false;
  return db.$transaction(async (tx) => {
    // The used_at condition makes the link single-use even under two clicks at once.
    const used = await tx.subscriptionToken.updateMany({ where: { hash: hashToken(token), purpose: 'confirm', usedAt: null, expiresAt: { gt: now } }, data: { usedAt: now } });
    if (used.count === 0) return false;
    const { subscriptionId } = await tx.subscriptionToken.findUniqueOrThrow({ where: { hash: hashToken(token) }, select: { subscriptionId: true } });
    const subscription = await tx.subscription.update({
      where: { id: subscriptionId },
      data: { confirmedAt: now, confirmedBy: 'confirmation link', unsubscribedAt: null },
      select: { subscriberId: true },
    });
    const subscriber = await tx.subscriber.findUniqueOrThrow({ where: { id: subscription.subscriberId }, select: { confirmedAt: true } });
    await tx.subscriber.update({
      where: { id: subscription.subscriberId },
      data: { ...(subscriber.confirmedAt ? {} : { confirmedAt: now, confirmedBy: 'confirmation link' }), bouncingAt: null, rejections: 0 },
    });
    return true;
  });
}
