// Webhook subscriptions: a partner's endpoint added by an operator, whose word is its consent
// (recorded with who and when; there is no inbox to confirm). Each subscription gets a random
// secret, returned once to print and kept in plain text in subscription.webhook_secret, since
// the sender needs it to sign every POST (README, "Emails").
import { randomBytes } from 'node:crypto';
import type { Db } from '../db/index.js';
import type { AlertLevel } from '../risk/index.js';
import { DEFAULT_PREFS } from './subscriptions.js';

export interface WebhookAssertion {
  url: string;
  watchlistId: number;
  minLevel: AlertLevel;
  by: string;
  now: Date;
}

/** created and renewed carry the new secret; unchanged keeps the one printed before. */
export type WebhookAdded =
  | { outcome: 'created' | 'renewed'; subscriberId: number; subscriptionId: number; minLevel: string; secret: string }
  | { outcome: 'unchanged'; subscriberId: number; subscriptionId: number; minLevel: string };

/** 256 random bits, base64url: the HMAC key a partner verifies signatures with. */
function newSecret(): string {
  return `whsec_${randomBytes(32).toString('base64url')}`;
}

/**
 * Adds (or re-activates, with a new secret) a webhook's subscription to a watchlist. An active
 * one is left as it is: its secret and level are not changed behind the partner's back.
 */
export async function assertWebhookSubscription(db: Db, input: WebhookAssertion): Promise<WebhookAdded> {
  return db.$transaction(async (tx) => {
    const confirmation = { confirmedAt: input.now, confirmedBy: input.by };
    const subscriber = await tx.subscriber.upsert({ where: { webhookUrl: input.url }, create: { webhookUrl: input.url, ...confirmation }, update: {}, select: { id: true } });
    const existing = await tx.subscription.findUnique({
      where: { subscriberId_watchlistId: { subscriberId: subscriber.id, watchlistId: input.watchlistId } },
      select: { id: true, minLevel: true, confirmedAt: true, unsubscribedAt: true },
    });
    const ids = { subscriberId: subscriber.id };
    if (existing?.confirmedAt && !existing.unsubscribedAt) return { outcome: 'unchanged', ...ids, subscriptionId: existing.id, minLevel: existing.minLevel };
    const secret = newSecret();
    const data = { minLevel: input.minLevel, webhookSecret: secret, unsubscribedAt: null, ...confirmation };
    const row = existing
      ? await tx.subscription.update({ where: { id: existing.id }, data, select: { id: true } })
      : await tx.subscription.create({ data: { ...ids, watchlistId: input.watchlistId, cadence: DEFAULT_PREFS.cadence, language: DEFAULT_PREFS.language, ...data }, select: { id: true } });
    return { outcome: existing ? 'renewed' : 'created', ...ids, subscriptionId: row.id, minLevel: input.minLevel, secret };
  });
}
