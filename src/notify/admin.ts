// What operators read and change from the CLI: subscribers with their subscriptions and state,
// the outbox by status, retries of failed deliveries.
import type { Db } from '../db/index.js';
import type { DeliveryStatus } from './outbox.js';

/** A subscription as the CLI shows it. */
export interface SubscriptionView {
  watchlist: string;
  minLevel: string;
  cadence: string;
  language: string;
  /** Only events at these places or naming these actors; both empty: every event. */
  filterPlaces: string[];
  filterActors: string[];
  /** active | waiting for confirmation | unsubscribed */
  state: 'active' | 'waiting' | 'unsubscribed';
  confirmedAt: Date | null;
  confirmedBy: string | null;
  unsubscribedAt: Date | null;
}

/** A subscriber as the CLI shows it (`list`, `show`, `export`). */
export interface SubscriberView {
  id: number;
  /** Null for a webhook. */
  email: string | null;
  /** The partner endpoint events are POSTed to, for a webhook; else null. */
  webhookUrl: string | null;
  /** confirmed | unconfirmed | bouncing */
  status: 'confirmed' | 'unconfirmed' | 'bouncing';
  confirmedAt: Date | null;
  confirmedBy: string | null;
  rejections: number;
  bouncingAt: Date | null;
  createdAt: Date;
  subscriptions: SubscriptionView[];
}

const SUBSCRIBER_SELECT = {
  id: true,
  email: true,
  webhookUrl: true,
  confirmedAt: true,
  confirmedBy: true,
  rejections: true,
  bouncingAt: true,
  createdAt: true,
  subscriptions: {
    orderBy: { id: 'asc' },
    select: { minLevel: true, cadence: true, language: true, filterPlaces: true, filterActors: true, confirmedAt: true, confirmedBy: true, unsubscribedAt: true, watchlist: { select: { slug: true } } },
  },
} as const;

type SubscriberRow = {
  id: number;
  email: string | null;
  webhookUrl: string | null;
  confirmedAt: Date | null;
  confirmedBy: string | null;
  rejections: number;
  bouncingAt: Date | null;
  createdAt: Date;
  subscriptions: { minLevel: string; cadence: string; language: string; filterPlaces: string[]; filterActors: string[]; confirmedAt: Date | null; confirmedBy: string | null; unsubscribedAt: Date | null; watchlist: { slug: string } }[];
};

export async function listSubscribers(db: Db): Promise<SubscriberView[]> {
  const rows = await db.subscriber.findMany({ orderBy: { id: 'asc' }, select: SUBSCRIBER_SELECT });
  return rows.map(subscriberView);
}

/** One subscriber by id, address or webhook URL, or null. */
export async function findSubscriber(db: Db, key: string): Promise<SubscriberView | null> {
  const where = /^\d+$/.test(key) ? { id: Number(key) } : /^https?:\/\//i.test(key.trim()) ? { webhookUrl: key.trim() } : { email: key.trim().toLowerCase() };
  const row = await db.subscriber.findUnique({ where, select: SUBSCRIBER_SELECT });
  return row ? subscriberView(row) : null;
}

/** Erases a subscriber, their subscriptions and their outbox rows; false when unknown. */
export async function removeSubscriber(db: Db, id: number): Promise<boolean> {
  const { count } = await db.subscriber.deleteMany({ where: { id } });
  return count === 1;
}

function subscriberView(row: SubscriberRow): SubscriberView {
  return {
    id: row.id,
    email: row.email,
    webhookUrl: row.webhookUrl,
    status: row.bouncingAt ? 'bouncing' : row.confirmedAt ? 'confirmed' : 'unconfirmed',
    confirmedAt: row.confirmedAt,
    confirmedBy: row.confirmedBy,
    rejections: row.rejections,
    bouncingAt: row.bouncingAt,
    createdAt: row.createdAt,
    subscriptions: row.subscriptions.map((s) => ({
      watchlist: s.watchlist.slug,
      minLevel: s.minLevel,
      cadence: s.cadence,
      language: s.language,
      filterPlaces: s.filterPlaces,
      filterActors: s.filterActors,
      state: s.unsubscribedAt ? 'unsubscribed' : s.confirmedAt ? 'active' : 'waiting',
      confirmedAt: s.confirmedAt,
      confirmedBy: s.confirmedBy,
      unsubscribedAt: s.unsubscribedAt,
    })),
  };
}

/** A delivery as `vigil deliveries list` shows it. */
export interface DeliveryView {
  id: number;
  kind: string;
  status: string;
  alertId: number | null;
  revision: number | null;
  subscriberId: number;
  attempts: number;
  nextAttemptAt: Date;
  lastError: string | null;
  messageId: string | null;
  /** digest | summary when the notice waits for (or went out in) one email with others; else null. */
  batch: string | null;
  /** When that digest or summary is (was) due: the notice is held until then. */
  batchAt: Date | null;
  sentAt: Date | null;
  createdAt: Date;
}

export async function listDeliveries(db: Db, options: { status?: DeliveryStatus | undefined; limit: number }): Promise<DeliveryView[]> {
  return db.delivery.findMany({
    where: options.status ? { status: options.status } : {},
    orderBy: { id: 'desc' },
    take: options.limit,
    select: { id: true, kind: true, status: true, alertId: true, revision: true, subscriberId: true, attempts: true, nextAttemptAt: true, lastError: true, messageId: true, batch: true, batchAt: true, sentAt: true, createdAt: true },
  });
}

/** Counts of the outbox by status. */
export async function countDeliveries(db: Db): Promise<Record<string, number>> {
  const groups = await db.delivery.groupBy({ by: ['status'], _count: { _all: true } });
  return Object.fromEntries(groups.map((g) => [g.status, g._count._all]));
}

/**
 * Puts failed deliveries back in the outbox, due at `now`, attempts cleared: one by id, or every
 * failed one. Returns the ids retried; a delivery that is not failed is left as it is.
 */
export async function retryDeliveries(db: Db, target: { id: number } | 'failed', now: Date): Promise<number[]> {
  const where = target === 'failed' ? { status: 'failed' } : { id: target.id, status: 'failed' };
  return db.$transaction(async (tx) => {
    const rows = await tx.delivery.findMany({ where, select: { id: true } });
    await tx.delivery.updateMany({ where: { id: { in: rows.map((r) => r.id) } }, data: { status: 'pending', attempts: 0, nextAttemptAt: now, claimToken: null } });
    return rows.map((r) => r.id);
  });
}

/** A delivery's status, or null when there is none with this id. */
export async function deliveryStatus(db: Db, id: number): Promise<string | null> {
  return (await db.delivery.findUnique({ where: { id }, select: { status: true } }))?.status ?? null;
}
