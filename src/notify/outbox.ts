// The outbox in the database. Deliveries are created in the same transaction as what causes them
// (an alert revision, a subscription request). A sender claims due rows in small batches, each
// row under its own random claim_token (a due digest or summary then takes its sibling rows under
// its lead's token, src/notify/bundle.ts) (FOR UPDATE SKIP LOCKED on index
// delivery_status_next_attempt_at_idx) with a short lease kept in next_attempt_at; it renews the
// lease while sending, and every
// result is written only `WHERE claim_token = <its token>`: a sender whose lease ran out and whose
// row another claimed can neither record a result nor send it again. Times come from the
// caller's clock, never the database's now().
import { randomUUID } from 'node:crypto';
import type { CreatedAlert } from '../alerts/index.js';
import type { Db, Tx } from '../db/index.js';
import { isAtLeast, isLevel } from '../risk/index.js';
import { isFiltered, passesFilter, type EventNames, type SubscriptionFilter } from './filter.js';

export const DELIVERY_KINDS = ['alert', 'confirmation', 'webhook'] as const;
export type DeliveryKind = (typeof DELIVERY_KINDS)[number];
export const DELIVERY_STATUSES = ['pending', 'sent', 'failed', 'cancelled'] as const;
export type DeliveryStatus = (typeof DELIVERY_STATUSES)[number];

/** A confirmed, subscribed follower of a watchlist. */
export interface Follower extends SubscriptionFilter {
  id: number;
  subscriberId: number;
  minLevel: string;
  /** Set for a webhook: its deliveries are POSTs (kind webhook), not emails. */
  subscriber: { webhookUrl: string | null };
}

/** Subscriptions that receive alerts: consented to, not left, address confirmed and not bouncing. */
export const ACTIVE_SUBSCRIPTION = {
  confirmedAt: { not: null },
  unsubscribedAt: null,
  subscriber: { confirmedAt: { not: null }, bouncingAt: null },
} as const;

/** The active followers of a watchlist. */
export async function loadFollowers(tx: Tx, watchlistId: number): Promise<Follower[]> {
  return tx.subscription.findMany({
    where: { watchlistId, ...ACTIVE_SUBSCRIPTION },
    select: { id: true, subscriberId: true, minLevel: true, filterPlaces: true, filterActors: true, subscriber: { select: { webhookUrl: true } } },
  });
}

/**
 * Creates one pending delivery of the alert's revision per follower of its watchlist at its
 * level, due at `now` (the app's clock, as every claim compares with); `followers` may be given
 * when already loaded in this transaction.
 */
export async function queueDeliveries(tx: Tx, alert: CreatedAlert, now: Date, followers?: readonly Follower[]): Promise<number> {
  const subscriptions = followers ?? (await loadFollowers(tx, alert.watchlistId));
  const atLevel = subscriptions.filter((s) => isLevel(s.minLevel) && isAtLeast(alert.level, s.minLevel));
  // The event's names are read only when a subscription filters by them.
  const names = atLevel.some(isFiltered) ? await loadEventNames(tx, alert.id) : null;
  const due = names ? atLevel.filter((s) => passesFilter(s, names)) : atLevel;
  if (due.length === 0) return 0;
  const result = await tx.delivery.createMany({
    data: due.map((s) => ({ kind: s.subscriber.webhookUrl ? 'webhook' : 'alert', alertId: alert.id, subscriberId: s.subscriberId, subscriptionId: s.id, revision: alert.revision, nextAttemptAt: now, createdAt: now })),
    skipDuplicates: true,
  });
  return result.count;
}

async function loadEventNames(tx: Tx, alertId: number): Promise<EventNames> {
  const [places, actors] = await Promise.all([
    tx.alertPlace.findMany({ where: { alertId }, select: { place: { select: { name: true, within: true } } } }),
    tx.alertActor.findMany({ where: { alertId }, select: { actor: { select: { name: true } } } }),
  ]);
  return { places: places.map((p) => p.place), actors: actors.map((a) => a.actor.name) };
}

/** A delivery a sender holds the claim of. */
export interface ClaimedDelivery {
  id: number;
  kind: DeliveryKind;
  alertId: number | null;
  subscriberId: number;
  subscriptionId: number;
  revision: number | null;
  attempts: number;
  claimToken: string;
}

/** Who sends a row: the mail sender (alerts, confirmations), or the webhook sender. */
export type Channel = 'email' | 'webhook';

/** Claims the next due delivery of the channel at `now` for `leaseMs`, or null when none is due. */
export async function claimNextDelivery(db: Db, now: Date, leaseMs: number, channel: Channel = 'email'): Promise<ClaimedDelivery | null> {
  return (await claimDueDeliveries(db, now, leaseMs, 1, channel))[0] ?? null;
}

/**
 * Claims up to `limit` due deliveries of the channel at `now` for `leaseMs`, oldest first, each
 * under its own token (a digest or summary formed from one must not take the others' rows).
 */
export async function claimDueDeliveries(db: Db, now: Date, leaseMs: number, limit: number, channel: Channel = 'email'): Promise<ClaimedDelivery[]> {
  const webhook = channel === 'webhook';
  const tokens = Array.from({ length: limit }, () => randomUUID());
  // The tokens are numbered and given to the rows in claim order; the lock is taken in the subquery.
  return db.$queryRaw<ClaimedDelivery[]>`
    WITH due AS (
      SELECT id, row_number() OVER (ORDER BY next_attempt_at, id) AS n FROM (
        SELECT id, next_attempt_at FROM delivery
        WHERE status = 'pending' AND next_attempt_at <= ${now} AND (kind = 'webhook') = ${webhook}
        ORDER BY next_attempt_at, id
        LIMIT ${limit}
        FOR UPDATE SKIP LOCKED) AS locked)
    UPDATE delivery SET next_attempt_at = ${new Date(now.getTime() + leaseMs)}, claim_token = (${tokens}::text[])[due.n]
    FROM due WHERE delivery.id = due.id
    RETURNING delivery.id, kind, alert_id AS "alertId", subscriber_id AS "subscriberId", subscription_id AS "subscriptionId", revision, attempts, claim_token AS "claimToken"`;
}

// A claim holds its row, and every row of the digest or summary formed under it (src/notify/bundle.ts).
const held = (d: Pick<ClaimedDelivery, 'claimToken'>) => ({ claimToken: d.claimToken, status: 'pending' });

/** Extends the lease; false when the claim was lost (the row is another sender's now). */
export async function renewClaim(db: Db, delivery: ClaimedDelivery, now: Date, leaseMs: number): Promise<boolean> {
  const { count } = await db.delivery.updateMany({ where: held(delivery), data: { nextAttemptAt: new Date(now.getTime() + leaseMs) } });
  return count > 0;
}

/**
 * Extends the lease of every claim of `tokens` still held (and of the rows formed under it);
 * returns the tokens still held.
 */
export async function renewClaims(db: Db, tokens: readonly string[], now: Date, leaseMs: number): Promise<Set<string>> {
  if (tokens.length === 0) return new Set();
  const rows = await db.$queryRaw<{ token: string }[]>`
    UPDATE delivery SET next_attempt_at = ${new Date(now.getTime() + leaseMs)}
    WHERE claim_token = ANY(${tokens}::text[]) AND status = 'pending'
    RETURNING claim_token AS token`;
  return new Set(rows.map((r) => r.token));
}

/** Records the send; false when the claim was lost (nothing written). */
export async function recordSent(db: Db, delivery: ClaimedDelivery, messageId: string, now: Date): Promise<boolean> {
  const { count } = await db.delivery.updateMany({
    where: held(delivery),
    data: { status: 'sent', messageId, sentAt: now, lastError: null, attempts: { increment: 1 } },
  });
  return count > 0;
}

/**
 * The server refused the recipient: the delivery fails for good with the reply, and the address
 * counts one more rejection (at `bounceAfter` it is marked bouncing). False when the claim was lost.
 */
export async function recordRejected(db: Db, delivery: ClaimedDelivery, reply: string, now: Date, bounceAfter: number): Promise<boolean> {
  return db.$transaction(async (tx) => {
    const { count } = await tx.delivery.updateMany({ where: held(delivery), data: { status: 'failed', lastError: reply, attempts: { increment: 1 } } });
    if (count === 0) return false;
    const subscriber = await tx.subscriber.update({ where: { id: delivery.subscriberId }, data: { rejections: { increment: 1 } }, select: { rejections: true, bouncingAt: true } });
    if (subscriber.rejections >= bounceAfter && !subscriber.bouncingAt) await tx.subscriber.update({ where: { id: delivery.subscriberId }, data: { bouncingAt: now } });
    return true;
  });
}

/**
 * Gives the rows back untried (attempts unchanged), due again at `retryAt`, with why; the hourly
 * slot of an email that did not go out is freed (a digest or summary keeps its Message-ID).
 */
export async function releaseClaim(db: Db, delivery: ClaimedDelivery, retryAt: Date, reason: string | null): Promise<void> {
  await db.delivery.updateMany({ where: held(delivery), data: { nextAttemptAt: retryAt, claimToken: null, slotAt: null, ...(reason ? { lastError: reason } : {}) } });
}

/** releaseClaim for many claims at once (a round stopping with emails claimed but not sent). */
export async function releaseClaims(db: Db, tokens: readonly string[], retryAt: Date, reason: string | null): Promise<void> {
  if (tokens.length === 0) return;
  await db.delivery.updateMany({
    where: { claimToken: { in: [...tokens] }, status: 'pending' },
    data: { nextAttemptAt: retryAt, claimToken: null, slotAt: null, ...(reason ? { lastError: reason } : {}) },
  });
}

/** A webhook's endpoint refused it for good, or it ran out of attempts: failed, with why. False when the claim was lost. */
export async function recordFailed(db: Db, delivery: ClaimedDelivery, reason: string): Promise<boolean> {
  const { count } = await db.delivery.updateMany({ where: held(delivery), data: { status: 'failed', lastError: reason, attempts: { increment: 1 } } });
  return count > 0;
}

/** A webhook attempt that failed for now: counted, given back, due again at `retryAt`. */
export async function recordRetry(db: Db, delivery: ClaimedDelivery, retryAt: Date, reason: string): Promise<boolean> {
  const { count } = await db.delivery.updateMany({ where: held(delivery), data: { nextAttemptAt: retryAt, claimToken: null, lastError: reason, attempts: { increment: 1 } } });
  return count > 0;
}

/** Cancels a claimed delivery that must not go out (unsubscribed, bouncing, event gone). */
export async function cancelClaimed(db: Db, delivery: ClaimedDelivery, reason: string): Promise<void> {
  await db.delivery.updateMany({ where: held(delivery), data: { status: 'cancelled', lastError: reason } });
}

/** A notice of one event to one subscriber. */
export interface NoticeKey {
  alertId: number;
  subscriberId: number;
  revision: number;
}

/**
 * For each notice, the earliest revision of its event already sent or on its way to its
 * subscriber, if before the notice's (the message a revision threads under), or null.
 */
export async function firstNoticeRevisions(db: Db, notices: readonly NoticeKey[]): Promise<(number | null)[]> {
  if (notices.length === 0) return [];
  const rows = await db.delivery.groupBy({
    by: ['alertId', 'subscriberId'],
    where: { alertId: { in: [...new Set(notices.map((n) => n.alertId))] }, subscriberId: { in: [...new Set(notices.map((n) => n.subscriberId))] }, status: { in: ['sent', 'pending'] } },
    _min: { revision: true },
  });
  const first = new Map(rows.map((r) => [`${r.alertId}:${r.subscriberId}`, r._min.revision]));
  return notices.map((n) => {
    const revision = first.get(`${n.alertId}:${n.subscriberId}`) ?? null;
    return revision !== null && revision < n.revision ? revision : null;
  });
}
