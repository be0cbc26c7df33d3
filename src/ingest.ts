// One new item through the pure stages — match, signals, risk, alert drafts — then stored
// whole in one transaction with its matches, signals, alerts and their deliveries (the
// outbox). A crash leaves either all of it or none, and an item not stored is seen again on
// the next poll.
import { createAlert, draftAlerts } from './alerts/index.js';
import type { VigilConfig } from './config/index.js';
import type { Db } from './db/index.js';
import { insertItem, type FeedRef, type ItemDraft } from './feeds/index.js';
import { matchItem, storeMatches, type Matcher } from './matching/index.js';
import { queueDeliveries } from './notify/index.js';
import { assessRisk, extractSignals, storeSignals, type SignalRules } from './risk/index.js';

export interface IngestDeps {
  db: Db;
  now: () => Date;
  risk: VigilConfig['risk'];
  matcher: Matcher;
  signalRules: SignalRules;
}

/** What storing one item did; null when another process had stored it first. */
export interface IngestResult {
  itemId: number;
  matches: number;
  alertIds: number[];
  deliveries: number;
}

export async function ingestItem(deps: IngestDeps, feed: FeedRef, item: ItemDraft): Promise<IngestResult | null> {
  const matches = matchItem(deps.matcher, item);
  const signals = extractSignals(deps.signalRules, item, matches);
  const assessment = matches.length > 0 ? assessRisk(deps.risk, signals, { publisher: feed.publisher, publishedAt: item.publishedAt }) : null;
  const seenAt = deps.now();
  const drafts = assessment ? draftAlerts({ matches, signals, assessment, eventDate: item.publishedAt ?? seenAt }) : [];
  return deps.db.$transaction(async (tx) => {
    const itemId = await insertItem(tx, feed.id, item, seenAt);
    if (itemId === null) return null;
    await storeMatches(tx, itemId, matches);
    if (matches.length > 0) await storeSignals(tx, itemId, signals);
    const alertIds: number[] = [];
    let deliveries = 0;
    for (const draft of drafts) {
      const alert = await createAlert(tx, draft, itemId);
      alertIds.push(alert.id);
      deliveries += await queueDeliveries(tx, alert);
    }
    return { itemId, matches: matches.length, alertIds, deliveries };
  });
}
