// The feeds' side of a poll cycle, in one place: claim a due feed, fetch it politely (validators,
// Retry-After, backoff), parse it, keep what is new (not stored, not another feed's story, not
// quarantined; newest first, at most polling.maxItemsPerPoll), hand it to the ingest port, and
// only then record the poll on the feed — its commit point. An item the port could not store is
// stored alone, and one the database refuses even alone is quarantined, so one bad entry never
// keeps a feed's validators from moving on nor is tried forever in silence.
import type { PollingConfig } from '../config/index.js';
import { isDatabaseLost, type Db } from '../db/index.js';
import { errorFields, messageOf } from '../errors.js';
import type { Logger } from '../log.js';
import { claimDueFeed, recordFeedGone, recordPollFailure, recordPollSuccess, type ClaimedFeed } from './claims.js';
import { fetchFeed, type FetchOutcome, type Network } from './fetch.js';
import { toItemDraft, type ItemDraft } from './items.js';
import { parseFeed } from './parse.js';
import { nextPollAfterFailure, nextPollAfterSuccess } from './schedule.js';
import { findDuplicates, findKnownGuids, quarantineItem, recordSightings, type FeedRef } from './store.js';

/** Where new items go: Vigil's ingest (match, signals, events, outbox) behind one door. */
export interface IngestPort<R> {
  /** Stores a feed's new items together; one result per draft (null: stored already). Throws when it could not. */
  store(feed: FeedRef, drafts: ItemDraft[]): Promise<(R | null)[]>;
}

export interface PollerDeps {
  db: Db;
  log: Logger;
  now: () => Date;
  polling: PollingConfig;
  userAgent: string;
  /** Who claims feeds: host and pid, shown on a claimed feed's row. */
  claimer: string;
  random?: () => number;
  /** How feeds' servers are reached (a resolver, certificate authorities): the system's and Node's when left out. */
  network?: Network;
}

export type FeedPollOutcome = 'stored' | 'not-modified' | 'unchanged' | 'failed' | 'gone';

/** What polling one feed did. */
export interface FeedPollReport<R> {
  feedId: number;
  feed: string;
  outcome: FeedPollOutcome;
  error: string | null;
  results: R[];
  duplicates: number;
  quarantined: number;
  /** New items left for the next poll by polling.maxItemsPerPoll. */
  deferred: number;
}

// A feed's new items are stored this many at a time (one transaction each).
const BATCH_SIZE = 200;
// Stories of another feed are recognised by their content this many days back.
const DUPLICATE_DAYS = 7;

/**
 * Polls every feed due at `tick`, a few at a time, until none is left. Throws (after the feeds
 * in flight end) when the database is lost; every other failure is one feed's.
 */
export async function pollDueFeeds<R>(deps: PollerDeps, port: IngestPort<R>, tick: Date): Promise<FeedPollReport<R>[]> {
  const reports: FeedPollReport<R>[] = [];
  // Set by the first worker that loses the database; the others stop after their feed.
  const state: { lost: Error | null } = { lost: null };
  const worker = async (): Promise<void> => {
    while (state.lost === null) {
      try {
        const feed = await claimDueFeed(deps.db, tick, deps.now(), deps.polling.leaseSeconds, deps.claimer);
        if (!feed) return;
        reports.push(await pollOrRecord(deps, port, feed, tick));
      } catch (error) {
        if (!isDatabaseLost(error)) throw error;
        state.lost ??= error instanceof Error ? error : new Error(String(error));
      }
    }
  };
  await Promise.all(Array.from({ length: deps.polling.concurrency }, worker));
  if (state.lost !== null) throw state.lost;
  return reports;
}

// Anything unexpected while polling one feed (a query the database refused, a bug) is that feed's
// failure: recorded on its row and logged, and the other feeds go on.
async function pollOrRecord<R>(deps: PollerDeps, port: IngestPort<R>, feed: ClaimedFeed, tick: Date): Promise<FeedPollReport<R>> {
  try {
    return await pollClaimedFeed(deps, port, feed, tick);
  } catch (error) {
    if (isDatabaseLost(error)) throw error;
    const log = deps.log.child({ feedId: feed.id, feed: feed.name });
    log.error(errorFields(error), 'feed not handled');
    const report: FeedPollReport<R> = { feedId: feed.id, feed: feed.name, outcome: 'failed', error: null, results: [], duplicates: 0, quarantined: 0, deferred: 0 };
    return failed(deps, feed, report, `not handled: ${messageOf(error)}`, null, null, log);
  }
}

async function pollClaimedFeed<R>(deps: PollerDeps, port: IngestPort<R>, feed: ClaimedFeed, tick: Date): Promise<FeedPollReport<R>> {
  const log = deps.log.child({ feedId: feed.id, feed: feed.name });
  const report: FeedPollReport<R> = { feedId: feed.id, feed: feed.name, outcome: 'failed', error: null, results: [], duplicates: 0, quarantined: 0, deferred: 0 };
  const { timeoutMs, maxBytes, allowPrivateNetworks } = deps.polling;
  const fetched = await fetchFeed(feed.fetchUrl ?? feed.url, feed.validators, { timeoutMs, maxBytes, allowPrivateNetworks, userAgent: deps.userAgent, network: deps.network }, deps.now());
  if (fetched.kind === 'failed') return failed(deps, feed, report, fetched.error, fetched.status, fetched.retryAfter, log);
  if (fetched.kind === 'gone') {
    await recordFeedGone(deps.db, feed.id, fetched.error, deps.now());
    log.warn({ url: feed.url }, 'feed is gone (410): not polled again until re-enabled');
    return { ...report, outcome: 'gone', error: fetched.error };
  }
  const hints = { intervalMinutes: feed.intervalMinutes, ttlMinutes: null, maxAgeSeconds: fetched.maxAgeSeconds };
  if (fetched.kind === 'not-modified' || fetched.bodyHash === feed.bodyHash) {
    const validators = fetched.kind === 'not-modified' ? keepValidators(feed, fetched) : fetched.validators;
    await recordPollSuccess(deps.db, feed.id, { status: fetched.status, validators, bodyHash: feed.bodyHash, movedTo: null, nextPollAt: nextPollAfterSuccess(tick, hints), itemsStored: 0 }, deps.now());
    return { ...report, outcome: fetched.kind === 'not-modified' ? 'not-modified' : 'unchanged' };
  }
  const parsed = await parseFeed(fetched.body);
  if (!parsed.ok) return failed(deps, feed, report, parsed.error, fetched.status, null, log);
  const fresh = await selectNew(deps, feed, parsed.entries.map((e) => toItemDraft(e, deps.now())));
  const stored = await storeAll(deps, port, feed, fresh.drafts, log);
  const complete = fresh.deferred === 0 && stored.failed === 0;
  if (fresh.deferred > 0) log.info({ deferred: fresh.deferred, limit: deps.polling.maxItemsPerPoll }, 'more new items than polling.maxItemsPerPoll: the rest wait for the next poll');
  await recordPollSuccess(
    deps.db,
    feed.id,
    {
      status: fetched.status,
      // Left unset when something was not stored, so the next poll fetches the whole feed again.
      validators: complete ? fetched.validators : null,
      bodyHash: complete ? fetched.bodyHash : null,
      movedTo: fetched.movedTo,
      nextPollAt: nextPollAfterSuccess(tick, { ...hints, ttlMinutes: parsed.ttlMinutes }),
      itemsStored: stored.results.length,
    },
    deps.now(),
  );
  if (fetched.movedTo) log.info({ url: feed.url, movedTo: fetched.movedTo }, 'feed moved permanently: polled at its new address from now on');
  return { ...report, outcome: 'stored', results: stored.results, duplicates: fresh.duplicates, quarantined: stored.quarantined, deferred: fresh.deferred };
}

// A 304 may leave out the validators it confirms: the stored ones still stand.
function keepValidators(feed: ClaimedFeed, fetched: Extract<FetchOutcome, { kind: 'not-modified' }>) {
  return { etag: fetched.validators.etag ?? feed.validators.etag, lastModified: fetched.validators.lastModified ?? feed.validators.lastModified };
}

async function failed<R>(
  deps: PollerDeps,
  feed: ClaimedFeed,
  report: FeedPollReport<R>,
  error: string,
  status: number | null,
  retryAfter: Date | null,
  log: Logger,
): Promise<FeedPollReport<R>> {
  const nextPollAt = nextPollAfterFailure(deps.now(), feed.errorCount + 1, deps.polling.maxBackoffHours, retryAfter, (deps.random ?? Math.random)());
  await recordPollFailure(deps.db, feed.id, { error, status, nextPollAt });
  log.warn({ url: feed.fetchUrl ?? feed.url, error, failures: feed.errorCount + 1, nextPollAt }, 'feed poll failed');
  return { ...report, outcome: 'failed', error };
}

interface FreshItems {
  drafts: ItemDraft[];
  duplicates: number;
  deferred: number;
}

// The entries to store: not empty, not known to this feed, not another feed's story; newest first, capped.
async function selectNew(deps: PollerDeps, feed: ClaimedFeed, all: ItemDraft[]): Promise<FreshItems> {
  const drafts = uniqueByGuid(all.filter(hasWords));
  const known = await findKnownGuids(
    deps.db,
    feed.id,
    drafts.map((d) => d.guid),
  );
  const unknown = drafts.filter((d) => !known.has(d.guid));
  const duplicates = await findDuplicates(deps.db, feed.id, unknown, deps.now(), DUPLICATE_DAYS);
  await recordSightings(deps.db, feed.id, duplicates, deps.now());
  const duplicated = new Set(duplicates.map((d) => d.guid));
  const fresh = unknown.filter((d) => !duplicated.has(d.guid)).sort(newestFirst);
  const taken = fresh.slice(0, deps.polling.maxItemsPerPoll);
  return { drafts: taken, duplicates: duplicates.length, deferred: fresh.length - taken.length };
}

function newestFirst(a: ItemDraft, b: ItemDraft): number {
  return (b.publishedAt?.getTime() ?? 0) - (a.publishedAt?.getTime() ?? 0);
}

// An entry with neither title nor text (only markup, or nothing at all) has nothing to match
// nor to show: it is not an item.
function hasWords(draft: ItemDraft): boolean {
  return draft.title.trim() !== '' || draft.text.trim() !== '';
}

// Some feeds list the same entry twice; the first one stands.
function uniqueByGuid(drafts: ItemDraft[]): ItemDraft[] {
  const seen = new Set<string>();
  return drafts.filter((d) => !seen.has(d.guid) && seen.add(d.guid));
}

interface Stored<R> {
  results: R[];
  quarantined: number;
  failed: number;
}

async function storeAll<R>(deps: PollerDeps, port: IngestPort<R>, feed: ClaimedFeed, drafts: ItemDraft[], log: Logger): Promise<Stored<R>> {
  const stored: Stored<R> = { results: [], quarantined: 0, failed: 0 };
  for (let i = 0; i < drafts.length; i += BATCH_SIZE) {
    const batch = drafts.slice(i, i + BATCH_SIZE);
    try {
      collect(stored, await port.store(feed, batch));
    } catch (error) {
      if (isDatabaseLost(error)) throw error;
      // One item the database refuses takes its batch down: each is stored alone instead.
      for (const draft of batch) await storeAlone(deps, port, feed, draft, stored, log);
    }
  }
  return stored;
}

async function storeAlone<R>(deps: PollerDeps, port: IngestPort<R>, feed: ClaimedFeed, draft: ItemDraft, stored: Stored<R>, log: Logger): Promise<void> {
  try {
    collect(stored, await port.store(feed, [draft]));
  } catch (error) {
    if (isDatabaseLost(error)) throw error;
    log.error({ guid: draft.guid.slice(0, 200), ...errorFields(error) }, 'item not stored: quarantined');
    try {
      await quarantineItem(deps.db, feed.id, draft, messageOf(error), deps.now());
      stored.quarantined += 1;
    } catch (quarantineError) {
      if (isDatabaseLost(quarantineError)) throw quarantineError;
      stored.failed += 1;
    }
  }
}

function collect<R>(stored: Stored<R>, results: (R | null)[]): void {
  for (const result of results) if (result !== null) stored.results.push(result);
}
