// Subscribers and the outbox. Deliveries are created in the same transaction as their alert;
// senders claim due rows with FOR UPDATE SKIP LOCKED (index delivery_status_next_attempt_at_idx),
// so replicas never send one twice. A claim is a lease: next_attempt_at moves past the send,
// and a sender that dies leaves the row to be claimed again when the lease ends.
import { randomBytes } from 'node:crypto';
import type { CreatedAlert } from '../alerts/index.js';
import type { Db, Tx } from '../db/index.js';
import { isAtLeast, isLevel, type AlertLevel } from '../risk/index.js';

/** A confirmed, subscribed follower of a watchlist. */
export interface Follower {
  id: number;
  subscriberId: number;
  minLevel: string;
}

/** The confirmed, subscribed followers of a watchlist. */
export async function loadFollowers(tx: Tx, watchlistId: number): Promise<Follower[]> {
  return tx.subscription.findMany({
    where: { watchlistId, unsubscribedAt: null, subscriber: { confirmedAt: { not: null } } },
    select: { id: true, subscriberId: true, minLevel: true },
  });
}

/**
 * Creates one pending delivery of the alert's revision per follower of its watchlist at its
 * level; `followers` may be given when already loaded in this transaction.
 */
export async function queueDeliveries(tx: Tx, alert: CreatedAlert, followers?: readonly Follower[]): Promise<number> {
  const subscriptions = followers ?? (await loadFollowers(tx, alert.watchlistId));
  const due = subscriptions.filter((s) => isLevel(s.minLevel) && isAtLeast(alert.level, s.minLevel));
  if (due.length === 0) return 0;
  const result = await tx.delivery.createMany({
    data: due.map((s) => ({ alertId: alert.id, subscriberId: s.subscriberId, subscriptionId: s.id, revision: alert.revision })),
    skipDuplicates: true,
  });
  return result.count;
}

/** A delivery a sender holds the lease of. */
export interface ClaimedDelivery {
  id: number;
  alertId: number;
  subscriberId: number;
  subscriptionId: number;
  revision: number;
  attempts: number;
}

/** Claims up to `limit` due deliveries for `leaseSeconds`. */
export async function claimDueDeliveries(db: Db, limit: number, leaseSeconds: number): Promise<ClaimedDelivery[]> {
  return db.$queryRaw<ClaimedDelivery[]>`
    UPDATE delivery SET next_attempt_at = now() + make_interval(secs => ${leaseSeconds})
    WHERE id IN (
      SELECT id FROM delivery
      WHERE status = 'pending' AND next_attempt_at <= now()
      ORDER BY next_attempt_at, id
      LIMIT ${limit}
      FOR UPDATE SKIP LOCKED)
    RETURNING id, alert_id AS "alertId", subscriber_id AS "subscriberId", subscription_id AS "subscriptionId", revision, attempts`;
}

/** Who a delivery goes to and through which subscription. */
export async function loadRecipient(db: Db, delivery: ClaimedDelivery) {
  return db.subscription.findUniqueOrThrow({
    where: { id: delivery.subscriptionId },
    select: { unsubscribeToken: true, unsubscribedAt: true, minLevel: true, subscriber: { select: { id: true, email: true } } },
  });
}

export async function recordSent(db: Db, id: number, messageId: string, now: Date): Promise<void> {
  await db.delivery.update({ where: { id }, data: { status: 'sent', messageId, sentAt: now, lastError: null, attempts: { increment: 1 } } });
}

/** A failed attempt: retried at `retryAt`, or given up (`retryAt` null). */
export async function recordFailure(db: Db, id: number, error: string, retryAt: Date | null): Promise<void> {
  await db.delivery.update({
    where: { id },
    data: { lastError: error, attempts: { increment: 1 }, ...(retryAt ? { nextAttemptAt: retryAt } : { status: 'failed' }) },
  });
}

/** Gives claimed deliveries back, untried, to be claimed again at `retryAt`. */
export async function releaseDeliveries(db: Db, ids: number[], retryAt: Date): Promise<void> {
  if (ids.length > 0) await db.delivery.updateMany({ where: { id: { in: ids }, status: 'pending' }, data: { nextAttemptAt: retryAt } });
}

export async function cancelDelivery(db: Db, id: number, reason: string): Promise<void> {
  await db.delivery.update({ where: { id }, data: { status: 'cancelled', lastError: reason } });
}

export interface SubscribeInput {
  email: string;
  watchlistId: number;
  minLevel: AlertLevel;
  confirmed: boolean;
  now: Date;
}

/** Adds (or renews) a subscription; an existing subscriber keeps its confirmation. */
export async function upsertSubscription(db: Db, input: SubscribeInput): Promise<{ subscriberId: number; subscriptionId: number; created: boolean }> {
  return db.$transaction(async (tx) => {
    const confirmedAt = input.confirmed ? input.now : null;
    const subscriber = await tx.subscriber.upsert({
      where: { email: input.email },
      create: { email: input.email, confirmedAt },
      update: input.confirmed ? { confirmedAt } : {},
      select: { id: true },
    });
    const key = { subscriberId_watchlistId: { subscriberId: subscriber.id, watchlistId: input.watchlistId } };
    const existing = await tx.subscription.findUnique({ where: key, select: { id: true } });
    const subscription = await tx.subscription.upsert({
      where: key,
      create: { subscriberId: subscriber.id, watchlistId: input.watchlistId, minLevel: input.minLevel, unsubscribeToken: newToken() },
      update: { minLevel: input.minLevel, unsubscribedAt: null },
      select: { id: true },
    });
    return { subscriberId: subscriber.id, subscriptionId: subscription.id, created: existing === null };
  });
}

/** The subscription an unsubscribe link stands for, or null for an unknown token. */
export async function findSubscriptionByToken(db: Db, token: string) {
  return db.subscription.findUnique({
    where: { unsubscribeToken: token },
    select: { id: true, unsubscribedAt: true, watchlist: { select: { name: true, slug: true } } },
  });
}

/** Ends a subscription at once: it gets nothing more, not even deliveries already queued. */
export async function unsubscribe(db: Db, subscriptionId: number, now: Date): Promise<void> {
  await db.$transaction([
    db.subscription.update({ where: { id: subscriptionId }, data: { unsubscribedAt: now } }),
    db.delivery.updateMany({ where: { subscriptionId, status: 'pending' }, data: { status: 'cancelled', lastError: 'unsubscribed' } }),
  ]);
}

// 192 random bits, URL-safe: unguessable, and the only thing an unsubscribe link carries.
function newToken(): string {
  return randomBytes(24).toString('base64url');
}
