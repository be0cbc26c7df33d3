// Re-matching: after a watchlist change, the items stored in the last days are matched again
// with the new watchlists. An item whose matches changed has its matches and signals replaced;
// a place it now names joins or opens an event like a fresh report (mailed only under the usual
// windows); an event none of whose reports names its places any more is withdrawn. Items are
// read in batches of ids, so memory stays flat however many are stored; each batch that
// changes anything is one transaction, serialised across processes.
import { groupIncidents, lockWatchlistEvents, watchlistsOfItemEvents, withdrawUnsupportedEvents, type IncidentReport } from './alerts/index.js';
import type { Tx } from './db/index.js';
import { readStoredItems, type StoredItem } from './feeds/index.js';
import { recordReports, type IngestDeps, type ReportOutcome } from './ingest.js';
import { deleteMatches, loadStoredMatches, matchItem, storeMatches, type EntityMatch, type StoredMatchKey } from './matching/index.js';
import { deleteSignals, extractPlaceSignals, storeSignals } from './risk/index.js';

export interface RematchOptions {
  /** Items stored this many days back (matching.rematchDays) are matched again. */
  days: number;
  batchSize?: number;
  /** Called after each batch: long runs show where they are. */
  onProgress?: (progress: { scanned: number; changed: number }) => void;
}

/** What a re-match did. */
export interface RematchReport {
  since: string;
  itemsScanned: number;
  itemsChanged: number;
  matchesAdded: number;
  matchesRemoved: number;
  eventsOpened: number[];
  eventsRevised: number[];
  eventsWithdrawn: number[];
  deliveries: number;
}

/** How an item's new matches differ from its stored ones. */
export interface MatchChange {
  added: number;
  removed: StoredMatchKey[];
  /** Places it names now and did not before: their incidents are new reports. */
  newPlaceIds: Set<number>;
}

// "VIGR": one re-match writes at a time, whichever process runs it.
const REMATCH_LOCK = 0x56494752;
const DAY_MS = 86_400_000;
const TRANSACTION_LIMITS = { maxWait: 10_000, timeout: 120_000 } as const;

export async function rematchItems(deps: IngestDeps, options: RematchOptions): Promise<RematchReport> {
  const now = deps.now();
  const since = new Date(now.getTime() - options.days * DAY_MS);
  const report: RematchReport = { since: since.toISOString(), itemsScanned: 0, itemsChanged: 0, matchesAdded: 0, matchesRemoved: 0, eventsOpened: [], eventsRevised: [], eventsWithdrawn: [], deliveries: 0 };
  let afterId = 0;
  for (;;) {
    const items = await readStoredItems(deps.db, { since, afterId, limit: options.batchSize ?? 500 });
    const last = items.at(-1);
    if (!last) break;
    afterId = last.id;
    const matched = items.map((item) => ({ item, matches: matchItem(deps.matcher, item) }));
    await deps.db.$transaction((tx) => rematchBatch(deps, tx, matched, now, report), TRANSACTION_LIMITS);
    report.itemsScanned += items.length;
    options.onProgress?.({ scanned: report.itemsScanned, changed: report.itemsChanged });
  }
  return report;
}

/** Compares an item's stored matches with its new ones (by entity and field). */
export function compareMatches(stored: readonly StoredMatchKey[], matches: readonly EntityMatch[]): MatchChange | null {
  const key = (m: { kind: string; entityId: number; field: string }) => `${m.kind}:${m.entityId}:${m.field}`;
  const before = new Set(stored.map(key));
  const after = new Set(matches.map(key));
  const added = matches.filter((m) => !before.has(key(m))).length;
  const removed = stored.filter((m) => !after.has(key(m)));
  if (added === 0 && removed.length === 0) return null;
  const placesBefore = new Set(stored.filter((m) => m.kind === 'place').map((m) => m.entityId));
  const newPlaceIds = new Set(matches.filter((m) => m.kind === 'place' && !placesBefore.has(m.entityId)).map((m) => m.entityId));
  return { added, removed, newPlaceIds };
}

interface Changed {
  item: StoredItem;
  matches: EntityMatch[];
  change: MatchChange;
}

async function rematchBatch(deps: IngestDeps, tx: Tx, matched: { item: StoredItem; matches: EntityMatch[] }[], now: Date, report: RematchReport): Promise<void> {
  await tx.$executeRaw`SELECT pg_advisory_xact_lock(${REMATCH_LOCK}::int)`;
  // Read under the lock: another re-match may have just replaced these matches.
  const stored = await loadStoredMatches(
    tx,
    matched.map((m) => m.item.id),
  );
  const changed = matched.flatMap(({ item, matches }): Changed[] => {
    const change = compareMatches(stored.get(item.id) ?? [], matches);
    return change ? [{ item, matches, change }] : [];
  });
  if (changed.length === 0) return;
  const ids = changed.map((c) => c.item.id);
  await deleteMatches(tx, ids);
  await deleteSignals(tx, ids);
  const prepared = changed.map((c) => ({ ...c, itemId: c.item.id, ...readPlaces(deps, c) }));
  await storeMatches(tx, prepared);
  await storeSignals(tx, prepared);
  const reports = prepared.flatMap(newReports(deps));
  // Every events lock this batch needs, at once and in id order as an ingest batch takes them:
  // no batch holding an event in memory joins it while it is withdrawn here, and no two
  // transactions wait for each other in a circle.
  await lockWatchlistEvents(tx, [...reports.map((r) => r.incident.watchlistId), ...(await watchlistsOfItemEvents(tx, ids))]);
  await withdrawEvents(tx, changed, now, report);
  const outcomes = new Map<number, ReportOutcome>(ids.map((id) => [id, { alertIds: [], revisedIds: [], deliveries: 0 }]));
  await recordReports(tx, deps.risk, reports, now, outcomes);
  for (const outcome of outcomes.values()) {
    report.eventsOpened.push(...outcome.alertIds);
    report.eventsRevised.push(...outcome.revisedIds);
    report.deliveries += outcome.deliveries;
  }
  report.itemsChanged += changed.length;
  for (const c of changed) {
    report.matchesAdded += c.change.added;
    report.matchesRemoved += c.change.removed.length;
  }
}

function readPlaces(deps: IngestDeps, { item, matches }: Changed) {
  if (matches.length === 0) return { places: [], incidents: [] };
  const reference = item.publishedAt ?? item.seenAt;
  const places = extractPlaceSignals(deps.signalRules, { title: item.title, text: item.text, reference }, matches);
  return { places, incidents: groupIncidents(places, reference) };
}

// Only incidents at a place the item did not name before are new reports: the others are
// already counted in their events.
function newReports(deps: IngestDeps) {
  return ({ item, change, incidents }: Changed & ReturnType<typeof readPlaces>): IncidentReport[] => {
    // As when it was first seen: an old entry of a feed's history is recorded, never mailed.
    const quiet = item.publishedAt !== null && item.publishedAt.getTime() < item.seenAt.getTime() - deps.backfillDays * DAY_MS;
    return incidents
      .filter((incident) => incident.places.some((p) => change.newPlaceIds.has(p.id)))
      .map((incident) => ({ itemId: item.id, source: { publisher: item.publisher, publishedAt: item.publishedAt }, incident, quiet, rematch: true }));
  };
}

async function withdrawEvents(tx: Tx, changed: readonly Changed[], now: Date, report: RematchReport): Promise<void> {
  const losing = changed.filter((c) => c.change.removed.some((m) => m.kind === 'place'));
  if (losing.length === 0) return;
  const because = `After a watchlist change on ${now.toISOString().slice(0, 10)}`;
  report.eventsWithdrawn.push(
    ...(await withdrawUnsupportedEvents(
      tx,
      losing.map((c) => c.item.id),
      now,
      because,
    )),
  );
}
