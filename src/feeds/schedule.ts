// When a feed is polled next, and how it is doing (pure). A feed is due on every tick of the
// schedule unless it asked for less (its own interval in config, the feed's <ttl>, the server's
// Cache-Control max-age: the longest wins). After a failure it waits longer each time, with
// jitter so that many failing feeds do not come back at once, never longer than
// polling.maxBackoffHours, and never before the server's Retry-After. Vigil never gives up on a
// feed: a failing one is still tried, and shown as failing.

const MINUTE_MS = 60_000;
const HOUR_MS = 60 * MINUTE_MS;
// The first retry after a failure; doubled on each further failure.
const FIRST_BACKOFF_MS = 10 * MINUTE_MS;
// A feed's own hints are lower bounds, but one that asks for a week is still polled daily.
const LONGEST_HINT_MS = 24 * HOUR_MS;

/** What the feed and its server said about how often to ask. */
export interface PollHints {
  intervalMinutes: number | null;
  ttlMinutes: number | null;
  maxAgeSeconds: number | null;
}

/** The next poll after a good answer (200 or 304), counted from the tick that polled it. */
export function nextPollAfterSuccess(tick: Date, hints: PollHints): Date {
  const waits = [(hints.intervalMinutes ?? 0) * MINUTE_MS, Math.min((hints.ttlMinutes ?? 0) * MINUTE_MS, LONGEST_HINT_MS), Math.min((hints.maxAgeSeconds ?? 0) * 1000, LONGEST_HINT_MS)];
  return new Date(tick.getTime() + Math.max(...waits));
}

/**
 * The next poll after the `failures`-th failure in a row: 10 minutes, doubled each time, at most
 * `maxBackoffHours`, ±20 % jitter (`random` in [0, 1)), and not before `retryAfter`.
 */
export function nextPollAfterFailure(now: Date, failures: number, maxBackoffHours: number, retryAfter: Date | null, random: number): Date {
  const base = Math.min(FIRST_BACKOFF_MS * 2 ** Math.max(0, failures - 1), maxBackoffHours * HOUR_MS);
  const jittered = base * (0.8 + 0.4 * random);
  const next = now.getTime() + jittered;
  return new Date(retryAfter ? Math.max(next, retryAfter.getTime()) : next);
}

export type FeedStatus = 'ok' | 'failing' | 'new' | 'disabled' | 'gone';

/** How an operator should read a feed's row. */
export function feedStatus(feed: { enabled: boolean; goneAt: Date | null; errorCount: number; lastPolledAt: Date | null }): FeedStatus {
  if (feed.goneAt) return 'gone';
  if (!feed.enabled) return 'disabled';
  if (feed.errorCount > 0) return 'failing';
  return feed.lastPolledAt ? 'ok' : 'new';
}
