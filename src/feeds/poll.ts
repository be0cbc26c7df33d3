// Polls one feed: fetch, parse, clean, and keep the entries not stored yet. The outcome is
// recorded on the feed row (last success, last error, error count) where an operator sees it;
// a broken feed never throws into the cycle.
import type { Db } from '../db/index.js';
import type { Logger } from '../log.js';
import { fetchFeed, type FetchOptions } from './fetch.js';
import { toItemDraft, type ItemDraft } from './items.js';
import { parseFeed } from './parse.js';
import { findStoredGuids, recordPollFailure, recordPollSuccess, type FeedRef } from './store.js';

export interface PollDeps {
  db: Db;
  log: Logger;
  now: () => Date;
  fetch: FetchOptions;
}

/** What one poll of one feed gave. */
export type PollOutcome = { ok: true; entries: number; newItems: ItemDraft[] } | { ok: false; error: string };

export async function pollFeed(deps: PollDeps, feed: FeedRef): Promise<PollOutcome> {
  const log = deps.log.child({ feedId: feed.id, feed: feed.name });
  const fetched = await fetchFeed(feed.url, { etag: null, lastModified: null }, deps.fetch, deps.now());
  const parsed = fetched.kind === 'ok' ? await parseFeed(fetched.body) : { ok: false as const, error: 'error' in fetched ? fetched.error : 'HTTP 304 Not Modified' };
  if (!parsed.ok) {
    await recordPollFailure(deps.db, feed.id, parsed.error, deps.now());
    log.warn({ url: feed.url, error: parsed.error }, 'feed poll failed');
    return { ok: false, error: parsed.error };
  }
  const drafts = uniqueByGuid(parsed.entries.map(toItemDraft));
  const stored = await findStoredGuids(
    deps.db,
    feed.id,
    drafts.map((d) => d.guid),
  );
  await recordPollSuccess(deps.db, feed.id, deps.now());
  const newItems = drafts.filter((d) => !stored.has(d.guid));
  log.debug({ entries: drafts.length, newItems: newItems.length }, 'feed polled');
  return { ok: true, entries: drafts.length, newItems };
}

// Some feeds list the same entry twice; the first one stands.
function uniqueByGuid(drafts: ItemDraft[]): ItemDraft[] {
  const seen = new Set<string>();
  return drafts.filter((d) => !seen.has(d.guid) && seen.add(d.guid));
}
