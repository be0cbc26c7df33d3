// Subscriptions and their consent. A request (web form, or `subscribers add` without
// --confirmed) creates a waiting subscription and queues a confirmation email in the same
// transaction; only the link in it, or an operator's recorded assertion, makes it active. A
// subscription someone left is never re-activated without that. Requests answer the same
// whatever existed before, so the web form reveals nothing about who is subscribed.
import type { Db, Tx } from '../db/index.js';
import type { AlertLevel } from '../risk/index.js';

export const CADENCES = ['immediate', 'daily'] as const;
export type Cadence = (typeof CADENCES)[number];
export const LANGUAGES = ['en', 'fr'] as const;
export type Language = (typeof LANGUAGES)[number];


/** What a subscriber chooses for one watchlist. */
export interface SubscriptionPrefs {
  minLevel: AlertLevel;
  cadence: Cadence;
  language: Language;
  /** Only events at these places or naming these actors (src/notify/filter.ts); absent: unchanged, or none. */
  filterPlaces?: string[];
  filterActors?: string[];
}

export const DEFAULT_PREFS: SubscriptionPrefs = { minLevel: 'serious-concern', cadence: 'immediate', language: 'en' };

export interface SubscribeRequest {
  email: string;
  watchlistId: number;
  prefs: SubscriptionPrefs;
  now: Date;
}

/** What a request did; callers must answer the same whatever it says (see the file's comment). */
export type RequestOutcome = 'confirmation-queued' | 'already-active' | 'confirmation-recent';

// One confirmation email per subscription per ten minutes: a form cannot be used to flood an inbox.
const CONFIRMATION_INTERVAL_MS = 10 * 60_000;

/** A subscription request: waiting for its confirmation link unless already active. */
export async function requestSubscription(db: Db, request: SubscribeRequest): Promise<{ subscriberId: number; subscriptionId: number; outcome: RequestOutcome }> {
  return db.$transaction(async (tx) => {
    const subscriberId = await findOrCreateSubscriber(tx, request.email);
    const existing = await findSubscription(tx, subscriberId, request.watchlistId);
    if (existing && isActive(existing)) return { subscriberId, subscriptionId: existing.id, outcome: 'already-active' as const };
    const subscriptionId = existing
      ? (await tx.subscription.update({ where: { id: existing.id }, data: { ...request.prefs, confirmedAt: null, confirmedBy: null }, select: { id: true } })).id
      : (await tx.subscription.create({ data: { subscriberId, watchlistId: request.watchlistId, ...request.prefs }, select: { id: true } })).id;
    const recent = await tx.delivery.count({
      where: { subscriptionId, kind: 'confirmation', OR: [{ status: 'pending' }, { createdAt: { gt: new Date(request.now.getTime() - CONFIRMATION_INTERVAL_MS) } }] },
    });
    if (recent > 0) return { subscriberId, subscriptionId, outcome: 'confirmation-recent' as const };
    await tx.delivery.create({ data: { kind: 'confirmation', subscriberId, subscriptionId, nextAttemptAt: request.now, createdAt: request.now } });
    return { subscriberId, subscriptionId, outcome: 'confirmation-queued' as const };
  });
}

/** An operator's `--confirmed`: who asserted the address's consent, recorded as such. */
export interface OperatorAssertion extends SubscribeRequest {
  by: string;
}

export type AssertOutcome = 'created' | 'confirmed' | 'unchanged';

/** Thrown when an operator would re-subscribe someone who left: only their own confirmation may. */
export class ConsentRequiredError extends Error {
  constructor(readonly unsubscribedAt: Date) {
    super('unsubscribed');
  }
}

/**
 * Adds an active subscription on an operator's word. An active one is left as it is (its level
 * is never reset); a waiting one becomes active with its stored choices; one the person left
 * throws ConsentRequiredError.
 */
export async function assertSubscription(db: Db, input: OperatorAssertion): Promise<{ subscriberId: number; subscriptionId: number; outcome: AssertOutcome; prefs: SubscriptionPrefs }> {
  return db.$transaction(async (tx) => {
    const subscriberId = await findOrCreateSubscriber(tx, input.email);
    const existing = await findSubscription(tx, subscriberId, input.watchlistId);
    if (existing?.unsubscribedAt) throw new ConsentRequiredError(existing.unsubscribedAt);
    const confirmation = { confirmedAt: input.now, confirmedBy: input.by };
    const subscriber = await tx.subscriber.findUniqueOrThrow({ where: { id: subscriberId }, select: { confirmedAt: true } });
    // The operator's word also clears a bounce: they say the address works again.
    await tx.subscriber.update({ where: { id: subscriberId }, data: { ...(subscriber.confirmedAt ? {} : confirmation), bouncingAt: null, rejections: 0 } });
    if (existing && isActive(existing)) return { subscriberId, subscriptionId: existing.id, outcome: 'unchanged' as const, prefs: prefsOf(existing) };
    if (existing) {
      await tx.subscription.update({ where: { id: existing.id }, data: confirmation });
      return { subscriberId, subscriptionId: existing.id, outcome: 'confirmed' as const, prefs: prefsOf(existing) };
    }
    const created = await tx.subscription.create({ data: { subscriberId, watchlistId: input.watchlistId, ...input.prefs, ...confirmation }, select: { id: true } });
    return { subscriberId, subscriptionId: created.id, outcome: 'created' as const, prefs: input.prefs };
  });
}

/** Changes what an active or waiting subscription receives (the preferences page). */
export async function updatePreferences(db: Db, subscriptionId: number, prefs: SubscriptionPrefs): Promise<void> {
  await db.subscription.update({ where: { id: subscriptionId }, data: prefs });
}

/** Ends a subscription at once: it gets nothing more, not even emails already queued. */
export async function unsubscribe(db: Db, subscriptionId: number, now: Date): Promise<void> {
  await db.$transaction([
    db.subscription.update({ where: { id: subscriptionId }, data: { unsubscribedAt: now } }),
    db.delivery.updateMany({ where: { subscriptionId, status: 'pending' }, data: { status: 'cancelled', lastError: 'unsubscribed' } }),
  ]);
}

/** Who an email goes to, through which subscription, and whether it may receive alerts now. */
export async function loadRecipient(db: Db, subscriptionId: number) {
  const recipient = (await loadRecipients(db, [subscriptionId])).get(subscriptionId);
  if (!recipient) throw new Error(`subscription ${subscriptionId} does not exist`);
  return recipient;
}

/** loadRecipient for many subscriptions in one query; a missing subscription is missing from the map. */
export async function loadRecipients(db: Db, subscriptionIds: readonly number[]) {
  const rows = await db.subscription.findMany({
    where: { id: { in: [...new Set(subscriptionIds)] } },
    select: {
      id: true,
      minLevel: true,
      cadence: true,
      language: true,
      confirmedAt: true,
      unsubscribedAt: true,
      watchlist: { select: { slug: true, name: true } },
      subscriber: { select: { id: true, email: true, confirmedAt: true, bouncingAt: true } },
    },
  });
  return new Map(
    rows.map((row) => {
      const email = row.subscriber.email;
      // Webhook rows never reach the email sender (src/notify/webhook-send.ts takes them).
      if (email === null) throw new Error(`subscription ${row.id} is a webhook's, not an email address's`);
      return [row.id, { ...row, subscriber: { ...row.subscriber, email } }] as const;
    }),
  );
}

export type Recipient = Awaited<ReturnType<typeof loadRecipient>>;

/** Why an alert must not go to this recipient now, or null when it may. */
export function refusalOf(recipient: Recipient): string | null {
  if (recipient.unsubscribedAt) return 'unsubscribed';
  if (!recipient.confirmedAt || !recipient.subscriber.confirmedAt) return 'not confirmed';
  if (recipient.subscriber.bouncingAt) return 'address bouncing';
  return null;
}

async function findOrCreateSubscriber(tx: Tx, email: string): Promise<number> {
  const row = await tx.subscriber.upsert({ where: { email }, create: { email }, update: {}, select: { id: true } });
  return row.id;
}

async function findSubscription(tx: Tx, subscriberId: number, watchlistId: number) {
  return tx.subscription.findUnique({
    where: { subscriberId_watchlistId: { subscriberId, watchlistId } },
    select: { id: true, confirmedAt: true, unsubscribedAt: true, minLevel: true, cadence: true, language: true },
  });
}

function isActive(s: { confirmedAt: Date | null; unsubscribedAt: Date | null }): boolean {
  return s.confirmedAt !== null && s.unsubscribedAt === null;
}

function prefsOf(s: { minLevel: string; cadence: string; language: string; filterPlaces?: string[]; filterActors?: string[] }): SubscriptionPrefs {
  return { minLevel: s.minLevel as AlertLevel, cadence: s.cadence as Cadence, language: s.language as Language, filterPlaces: s.filterPlaces ?? [], filterActors: s.filterActors ?? [] };
}

/** For tests and fixtures: a subscription asserted by an operator (`confirmed`), or requested. */
export async function upsertSubscription(db: Db, input: { email: string; watchlistId: number; minLevel: AlertLevel; confirmed: boolean; now: Date }): Promise<{ subscriberId: number; subscriptionId: number }> {
  const request = { email: input.email, watchlistId: input.watchlistId, prefs: { ...DEFAULT_PREFS, minLevel: input.minLevel }, now: input.now };
  return input.confirmed ? assertSubscription(db, { ...request, by: 'operator (test)' }) : requestSubscription(db, request);
}
