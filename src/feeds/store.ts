// Feeds and items in the database: the enabled feeds (kept from config by src/catalog), poll
// health, items stored once per feed and guid (the unique constraint item_feed_id_guid_key says
// so, not this code), and the item list shown by `vigil items list` and the web app.
import type { Db, Tx } from '../db/index.js';
import type { ItemDraft } from './items.js';

/** A feed as the poller needs it. */
export interface FeedRef {
  id: number;
  name: string;
  url: string;
  publisher: string;
}

export async function listEnabledFeeds(db: Db): Promise<FeedRef[]> {
  return db.feed.findMany({ where: { enabled: true }, select: { id: true, name: true, url: true, publisher: true }, orderBy: { id: 'asc' } });
}

/** The guids among `guids` already stored for this feed. */
export async function findStoredGuids(db: Db, feedId: number, guids: string[]): Promise<Set<string>> {
  const rows = await db.item.findMany({ where: { feedId, guid: { in: guids } }, select: { guid: true } });
  return new Set(rows.map((r) => r.guid));
}

export async function recordPollSuccess(db: Db, feedId: number, now: Date): Promise<void> {
  await db.feed.update({ where: { id: feedId }, data: { lastPolledAt: now, lastSuccessAt: now, lastError: null, errorCount: 0 } });
}

export async function recordPollFailure(db: Db, feedId: number, error: string, now: Date): Promise<void> {
  await db.feed.update({ where: { id: feedId }, data: { lastPolledAt: now, lastError: error, errorCount: { increment: 1 } } });
}

/**
 * Stores items in one statement; returns each draft's new id, or null when this feed already
 * had its guid (another process stored it first, or the feed repeats an entry).
 */
export async function insertItems(tx: Tx, feedId: number, drafts: readonly ItemDraft[], seenAt: Date): Promise<(number | null)[]> {
  // One jsonb parameter, not a row of parameters per item: Prisma's createMany costs more in the
  // client than the insert does in the database, and a feed's batch is hundreds of items.
  const rows = await tx.$queryRaw<{ id: number; guid: string }[]>`
    INSERT INTO item (feed_id, guid, link, title, text, published_at, content_hash, seen_at)
    SELECT ${feedId}, x.guid, x.link, x.title, x.text, x."publishedAt", x."contentHash", ${seenAt.toISOString()}::timestamptz
    FROM jsonb_to_recordset(${JSON.stringify(drafts)}::jsonb)
      AS x(guid text, link text, title text, text text, "publishedAt" timestamptz, "contentHash" text)
    ON CONFLICT (feed_id, guid) DO NOTHING
    RETURNING id, guid`;
  const ids = new Map(rows.map((r) => [r.guid, r.id]));
  return drafts.map((d) => {
    const id = ids.get(d.guid) ?? null;
    ids.delete(d.guid);
    return id;
  });
}

/** An item as `vigil items list --json` and the JSON API show it (DESIGN.md, "JSON output"). */
export interface ItemView {
  id: number;
  feed: string;
  guid: string;
  link: string | null;
  title: string;
  publishedAt: string | null;
  seenAt: string;
  matches: { kind: 'place' | 'actor'; name: string; alias: string; sentence: string }[];
  signals: { killed: number | null; injured: number | null; abducted: number | null; homesBurned: number | null; displaced: number | null; violence: string[] };
}

/** The newest items first, with what was found in them. */
export async function listItems(db: Db, options: { limit: number; matchedOnly?: boolean }): Promise<ItemView[]> {
  const rows = await db.item.findMany({
    where: options.matchedOnly ? { matches: { some: {} } } : {},
    orderBy: { id: 'desc' },
    take: options.limit,
    include: {
      feed: { select: { name: true } },
      signal: true,
      matches: { orderBy: { id: 'asc' }, include: { place: { select: { name: true } }, actor: { select: { name: true } } } },
    },
  });
  return rows.map((r) => ({
    id: r.id,
    feed: r.feed.name,
    guid: r.guid,
    link: r.link,
    title: r.title,
    publishedAt: r.publishedAt?.toISOString() ?? null,
    seenAt: r.seenAt.toISOString(),
    matches: r.matches.map((m) => ({
      kind: m.placeId !== null ? ('place' as const) : ('actor' as const),
      name: m.place?.name ?? m.actor?.name ?? '',
      alias: m.alias,
      sentence: m.sentence,
    })),
    signals: {
      killed: r.signal?.killed ?? null,
      injured: r.signal?.injured ?? null,
      abducted: r.signal?.abducted ?? null,
      homesBurned: r.signal?.homesBurned ?? null,
      displaced: r.signal?.displaced ?? null,
      violence: r.signal?.violence ?? [],
    },
  }));
}

/** How the feeds are doing, for /healthz. */
export async function feedHealth(db: Db): Promise<{ enabled: number; failing: number; lastPolledAt: Date | null }> {
  const [enabled, failing, last] = await Promise.all([
    db.feed.count({ where: { enabled: true } }),
    db.feed.count({ where: { enabled: true, errorCount: { gt: 0 } } }),
    db.feed.aggregate({ _max: { lastPolledAt: true } }),
  ]);
  return { enabled, failing, lastPolledAt: last._max.lastPolledAt };
}
