// Feeds claimed for a poll, and each poll's outcome recorded. Several Vigil processes may share
// one database: a feed is claimed with FOR UPDATE SKIP LOCKED under a lease, and stamped with
// the tick (the schedule's time) that claimed it, so each feed is fetched once per due time
// however many replicas tick together. A replica that dies leaves a claim that ends with its
// lease; the feed is polled again at a later tick.
import type { Db } from '../db/index.js';
import type { Validators } from './fetch.js';

/** A feed as a poll needs it: where to fetch, what the last good answer said. */
export interface ClaimedFeed {
  id: number;
  name: string;
  /** The URL of the catalog (config); `fetchUrl` when the feed moved permanently. */
  url: string;
  fetchUrl: string | null;
  publisher: string;
  validators: Validators;
  bodyHash: string | null;
  errorCount: number;
  intervalMinutes: number | null;
}

interface ClaimRow {
  id: number;
  name: string;
  url: string;
  fetch_url: string | null;
  publisher: string;
  etag: string | null;
  last_modified: string | null;
  body_hash: string | null;
  error_count: number;
  interval_minutes: number | null;
}

/** Claims one due feed for this tick, or returns null when none is left. */
export async function claimDueFeed(db: Db, tick: Date, now: Date, leaseSeconds: number, claimer: string): Promise<ClaimedFeed | null> {
  const rows = await db.$queryRaw<ClaimRow[]>`
    UPDATE feed SET claimed_until = ${new Date(now.getTime() + leaseSeconds * 1000).toISOString()}::timestamptz, claimed_by = ${claimer},
      last_polled_at = ${tick.toISOString()}::timestamptz
    WHERE id = (
      SELECT id FROM feed
      WHERE enabled AND gone_at IS NULL
        AND (next_poll_at IS NULL OR next_poll_at <= ${tick.toISOString()}::timestamptz)
        AND (last_polled_at IS NULL OR last_polled_at < ${tick.toISOString()}::timestamptz)
        AND (claimed_until IS NULL OR claimed_until <= ${now.toISOString()}::timestamptz)
      ORDER BY next_poll_at NULLS FIRST, id
      LIMIT 1
      FOR UPDATE SKIP LOCKED)
    RETURNING id, name, url, fetch_url, publisher, etag, last_modified, body_hash, error_count, interval_minutes`;
  const row = rows[0];
  if (!row) return null;
  return {
    id: row.id,
    name: row.name,
    url: row.url,
    fetchUrl: row.fetch_url,
    publisher: row.publisher,
    validators: { etag: row.etag, lastModified: row.last_modified },
    bodyHash: row.body_hash,
    errorCount: row.error_count,
    intervalMinutes: row.interval_minutes,
  };
}

/** What a good poll leaves on the feed's row: written once its items are stored. */
export interface PollSuccess {
  status: number;
  /** Null when the poll could not store everything it fetched: the next poll fetches it all again. */
  validators: Validators | null;
  bodyHash: string | null;
  movedTo: string | null;
  nextPollAt: Date;
  itemsStored: number;
}

export async function recordPollSuccess(db: Db, feedId: number, success: PollSuccess, now: Date): Promise<void> {
  await db.feed.update({
    where: { id: feedId },
    data: {
      lastSuccessAt: now,
      lastStatus: success.status,
      lastError: null,
      errorCount: 0,
      nextPollAt: success.nextPollAt,
      etag: success.validators?.etag ?? null,
      lastModified: success.validators?.lastModified ?? null,
      bodyHash: success.bodyHash,
      ...(success.movedTo ? { fetchUrl: success.movedTo } : {}),
      itemsSeen: { increment: success.itemsStored },
      claimedUntil: null,
      claimedBy: null,
    },
  });
}

/** A failed poll: the error kept where an operator sees it, the next try pushed back. */
export async function recordPollFailure(db: Db, feedId: number, failure: { error: string; status: number | null; nextPollAt: Date }): Promise<void> {
  await db.feed.update({
    where: { id: feedId },
    data: { lastError: storableError(failure.error), lastStatus: failure.status, errorCount: { increment: 1 }, nextPollAt: failure.nextPollAt, claimedUntil: null, claimedBy: null },
  });
}

/** 410 Gone: the feed is not polled again until the operator re-enables it. */
export async function recordFeedGone(db: Db, feedId: number, error: string, now: Date): Promise<void> {
  await db.feed.update({ where: { id: feedId }, data: { goneAt: now, lastError: storableError(error), lastStatus: 410, errorCount: { increment: 1 }, claimedUntil: null, claimedBy: null } });
}

// An error may quote what a server or a feed sent: one line, no control character (PostgreSQL
// refuses NUL), bounded, so that recording a failure cannot fail in turn.
// eslint-disable-next-line no-control-regex -- control characters are what this removes
const UNSTORABLE = /[\0-\x08\x0b-\x1f\x7f-\x9f]|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g;

function storableError(error: string): string {
  const line = error.replace(UNSTORABLE, '').replace(/\s+/g, ' ').trim();
  return line.length > 2000 ? `${line.slice(0, 1999)}…` : line;
}

/**
 * Brings back a feed that answered 410 Gone (or gave up after failures): polled again at the next
 * tick, its error history cleared. Finds it by id, name or URL; returns its name, or null.
 */
export async function reenableFeed(db: Db, key: string): Promise<string | null> {
  const id = /^\d+$/.test(key) ? Number(key) : -1;
  const feed = await db.feed.findFirst({ where: { OR: [{ id }, { name: key }, { url: key }, { fetchUrl: key }] }, select: { id: true, name: true } });
  if (!feed) return null;
  await db.feed.update({ where: { id: feed.id }, data: { goneAt: null, errorCount: 0, lastError: null, nextPollAt: null, claimedUntil: null, claimedBy: null } });
  return feed.name;
}
