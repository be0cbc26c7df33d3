// New items through the pure stages — match, signals per place, incidents — then stored whole in
// one transaction with their matches and signals, their reports joined to events (or opening
// them), and the deliveries of every revision subscribers are to be told of (the outbox). A
// crash leaves either all of it or none, and an item not stored is seen again on the next poll.
// A feed's new items are stored together: most match nothing, and one statement stores them all.
import { groupIncidents, recordIncidents, type Incident, type IncidentReport } from './alerts/index.js';
import type { VigilConfig } from './config/index.js';
import type { Db, Tx } from './db/index.js';
import { insertItems, type FeedRef, type ItemDraft } from './feeds/index.js';
import { matchItem, storeMatches, type EntityMatch, type Matcher } from './matching/index.js';
import { loadFollowers, queueDeliveries, type Follower } from './notify/index.js';
import { extractPlaceSignals, storeSignals, type PlaceSignals, type SignalRules } from './risk/index.js';

export interface IngestDeps {
  db: Db;
  now: () => Date;
  risk: VigilConfig['risk'];
  matcher: Matcher;
  signalRules: SignalRules;
  /** Items published longer ago than this when first seen are stored and matched, but mailed to no one. */
  backfillDays: number;
}

/** What storing one item did. */
export interface IngestResult {
  itemId: number;
  matches: number;
  /** Events this item opened. */
  alertIds: number[];
  /** Events this item added a report to. */
  revisedIds: number[];
  deliveries: number;
}

/** An item read by the pure stages, ready to store. */
interface PreparedItem {
  draft: ItemDraft;
  /** Published before polling.backfillDays: a feed's history, not news. */
  quiet: boolean;
  matches: EntityMatch[];
  places: PlaceSignals[];
  incidents: Incident[];
}

// Waiting for another process's reports of the same watchlist is part of the work: allow for it.
const TRANSACTION_LIMITS = { maxWait: 10_000, timeout: 120_000 } as const;

/**
 * Stores a feed's new items in one transaction; each result is null when the item was stored
 * already (by another process). If the transaction fails, nothing of it is stored: the poller
 * stores the batch again item by item, so that one bad item cannot keep the others out.
 */
export async function ingestItems(deps: IngestDeps, feed: FeedRef, drafts: readonly ItemDraft[]): Promise<(IngestResult | null)[]> {
  const seenAt = deps.now();
  const prepared = drafts.map((draft) => prepareItem(deps, draft, seenAt));
  return deps.db.$transaction((tx) => storeItems(deps, tx, feed, prepared, seenAt), TRANSACTION_LIMITS);
}

const DAY_MS = 86_400_000;

function prepareItem(deps: IngestDeps, draft: ItemDraft, seenAt: Date): PreparedItem {
  const quiet = draft.publishedAt !== null && draft.publishedAt.getTime() < seenAt.getTime() - deps.backfillDays * DAY_MS;
  const matches = matchItem(deps.matcher, draft);
  if (matches.length === 0) return { draft, quiet, matches, places: [], incidents: [] };
  const reference = draft.publishedAt ?? seenAt;
  const places = extractPlaceSignals(deps.signalRules, { title: draft.title, text: draft.text, reference }, matches);
  return { draft, quiet, matches, places, incidents: groupIncidents(places, reference) };
}

async function storeItems(deps: IngestDeps, tx: Tx, feed: FeedRef, items: readonly PreparedItem[], seenAt: Date): Promise<(IngestResult | null)[]> {
  const ids = await insertItems(
    tx,
    feed.id,
    items.map((i) => i.draft),
    seenAt,
  );
  const stored = items.flatMap((item, i) => {
    const itemId = ids[i];
    return itemId === null || itemId === undefined ? [] : [{ itemId, ...item }];
  });
  await storeMatches(tx, stored);
  await storeSignals(tx, stored);
  const results = new Map<number, IngestResult>(stored.map((s) => [s.itemId, { itemId: s.itemId, matches: s.matches.length, alertIds: [], revisedIds: [], deliveries: 0 }]));
  const reports = stored.flatMap((s) => s.incidents.map((incident) => ({ itemId: s.itemId, source: { publisher: feed.publisher, publishedAt: s.draft.publishedAt }, incident, quiet: s.quiet })));
  await recordReports(tx, deps.risk, reports, seenAt, results);
  return ids.map((id) => (id === null ? null : (results.get(id) ?? null)));
}

/** What recording reports did to one item's events. */
export interface ReportOutcome {
  alertIds: number[];
  revisedIds: number[];
  deliveries: number;
}

/**
 * Joins each report to its event (or opens one) and queues the emails of every revision
 * subscribers are to be told of; adds what happened to `outcomes`, by item.
 */
export async function recordReports(tx: Tx, risk: VigilConfig['risk'], reports: readonly IncidentReport[], now: Date, outcomes: Map<number, ReportOutcome>): Promise<void> {
  // Read once per watchlist: a transaction's view of who follows it does not change.
  const followers = new Map<number, Follower[]>();
  await recordIncidents(tx, risk, reports, now, async (report, change) => {
    const outcome = outcomes.get(report.itemId);
    if (!outcome) return;
    (change.created ? outcome.alertIds : outcome.revisedIds).push(change.alert.id);
    if (!change.notify) return;
    const { watchlistId } = change.alert;
    if (!followers.has(watchlistId)) followers.set(watchlistId, await loadFollowers(tx, watchlistId));
    outcome.deliveries += await queueDeliveries(tx, change.alert, now, followers.get(watchlistId));
  });
}
