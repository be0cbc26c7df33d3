// Feeds and items in the database: the enabled feeds (kept from config by src/catalog), poll
// health, items stored once per feed and guid (the unique constraint item_feed_id_guid_key says
// so, not this code), and the item list shown by `vigil items list` and the web app.
import type { Db, Tx } from '../db/index.js';
import type { ItemDraft } from './items.js';
import { feedStatus, type FeedStatus } from './schedule.js';

/** A feed as ingest needs it: who published what it stores. */
export interface FeedRef {
  id: number;
  name: string;
  url: string;
  publisher: string;
}

/**
 * The guids among `guids` this feed needs no more: stored as its items, seen as another feed's
 * story, or quarantined.
 */
export async function findKnownGuids(db: Db, feedId: number, guids: readonly string[]): Promise<Set<string>> {
  const rows = await db.$queryRaw<{ guid: string }[]>`
    SELECT guid FROM item WHERE feed_id = ${feedId} AND guid = ANY(${guids}::text[])
    UNION SELECT guid FROM item_sighting WHERE feed_id = ${feedId} AND guid = ANY(${guids}::text[])
    UNION SELECT guid FROM quarantined_item WHERE feed_id = ${feedId} AND guid = ANY(${guids}::text[])`;
  return new Set(rows.map((r) => r.guid));
}

/** How a new entry turned out to be another feed's story. */
export interface Duplicate {
  guid: string;
  link: string | null;
  itemId: number;
}

/**
 * The drafts that another feed already stored: the same link once tracking is removed, or the
 * same title and text within `days` of now.
 */
export async function findDuplicates(db: Db, feedId: number, drafts: readonly ItemDraft[], now: Date, days: number): Promise<Duplicate[]> {
  if (drafts.length === 0) return [];
  const since = new Date(now.getTime() - days * 86_400_000).toISOString();
  const rows = await db.$queryRaw<{ guid: string; item_id: number }[]>`
    SELECT DISTINCT ON (d.guid) d.guid, i.id AS item_id
    FROM jsonb_to_recordset(${JSON.stringify(drafts.map((d) => ({ guid: d.guid, canonicalLink: d.canonicalLink, contentHash: d.contentHash })))}::jsonb)
      AS d(guid text, "canonicalLink" text, "contentHash" text)
    JOIN item i ON i.feed_id <> ${feedId}
      AND (i.canonical_link = d."canonicalLink" OR (i.content_hash = d."contentHash" AND i.seen_at >= ${since}::timestamptz))
    ORDER BY d.guid, i.id`;
  const links = new Map(drafts.map((d) => [d.guid, d.link]));
  return rows.map((r) => ({ guid: r.guid, link: links.get(r.guid) ?? null, itemId: r.item_id }));
}

/** Records that this feed carries stories already stored from another feed. */
export async function recordSightings(db: Db, feedId: number, duplicates: readonly Duplicate[], now: Date): Promise<void> {
  if (duplicates.length === 0) return;
  await db.$executeRaw`
    INSERT INTO item_sighting (item_id, feed_id, guid, link, seen_at)
    SELECT x."itemId", ${feedId}, x.guid, x.link, ${now.toISOString()}::timestamptz
    FROM jsonb_to_recordset(${JSON.stringify(duplicates)}::jsonb) AS x(guid text, link text, "itemId" int)
    ON CONFLICT DO NOTHING`;
}

/** An entry the database refused even alone: kept with its error, not tried on every poll. */
export async function quarantineItem(db: Db, feedId: number, draft: ItemDraft, error: string, now: Date): Promise<void> {
  // The title is what an operator recognises the entry by; the guid is what identifies it.
  const title = draft.title.replaceAll('\0', '').slice(0, 300);
  await db.$executeRaw`
    INSERT INTO quarantined_item (feed_id, guid, title, error, first_seen_at)
    VALUES (${feedId}, ${draft.guid.replaceAll('\0', '').slice(0, 1000)}, ${title}, ${error.slice(0, 2000)}, ${now.toISOString()}::timestamptz)
    ON CONFLICT DO NOTHING`;
}

/**
 * Stores items in one statement; returns each draft's new id, or null when this feed already
 * had its guid (another process stored it first, or the feed repeats an entry).
 */
export async function insertItems(tx: Tx, feedId: number, drafts: readonly ItemDraft[], seenAt: Date): Promise<(number | null)[]> {
  // One jsonb parameter, not a row of parameters per item: Prisma's createMany costs more in the
  // client than the insert does in the database, and a feed's batch is hundreds of items.
  const rows = await tx.$queryRaw<{ id: number; guid: string }[]>`
    INSERT INTO item (feed_id, guid, link, canonical_link, title, text, published_at, content_hash, seen_at)
    SELECT ${feedId}, x.guid, x.link, x."canonicalLink", x.title, x.text, x."publishedAt", x."contentHash", ${seenAt.toISOString()}::timestamptz
    FROM jsonb_to_recordset(${JSON.stringify(drafts)}::jsonb)
      AS x(guid text, link text, "canonicalLink" text, title text, text text, "publishedAt" timestamptz, "contentHash" text)
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
/** The feeds' health in one line: `degraded` when more than half of the enabled feeds fail. */
export async function feedHealth(db: Db): Promise<{ status: 'ok' | 'degraded'; enabled: number; failing: number; failingFeeds: string[]; lastPolledAt: Date | null }> {
  const [enabled, failingRows, last] = await Promise.all([
    db.feed.count({ where: { enabled: true } }),
    db.feed.findMany({ where: { enabled: true, OR: [{ errorCount: { gt: 0 } }, { goneAt: { not: null } }] }, select: { name: true }, orderBy: { id: 'asc' } }),
    db.feed.aggregate({ _max: { lastPolledAt: true } }),
  ]);
  const failing = failingRows.length;
  return { status: failing * 2 > enabled ? 'degraded' : 'ok', enabled, failing, failingFeeds: failingRows.map((f) => f.name), lastPolledAt: last._max.lastPolledAt };
}

/** A feed as `vigil feeds list --json` and /api/feeds show it. */
export interface FeedView {
  id: number;
  name: string;
  url: string;
  /** Where it is fetched from, when it moved permanently. */
  fetchUrl: string | null;
  publisher: string;
  status: FeedStatus;
  lastPolledAt: string | null;
  lastSuccessAt: string | null;
  lastStatus: number | null;
  lastError: string | null;
  errorCount: number;
  itemsSeen: number;
  nextPollAt: string | null;
  quarantined: { guid: string; title: string; error: string; firstSeenAt: string }[];
}

/** Every feed of the catalog, with how it is doing. */
export async function listFeeds(db: Db): Promise<FeedView[]> {
  const rows = await db.feed.findMany({ orderBy: { id: 'asc' }, include: { quarantine: { orderBy: { firstSeenAt: 'asc' } } } });
  const iso = (d: Date | null) => d?.toISOString() ?? null;
  return rows.map((f) => ({
    id: f.id,
    name: f.name,
    url: f.url,
    fetchUrl: f.fetchUrl,
    publisher: f.publisher,
    status: feedStatus(f),
    lastPolledAt: iso(f.lastPolledAt),
    lastSuccessAt: iso(f.lastSuccessAt),
    lastStatus: f.lastStatus,
    lastError: f.lastError,
    errorCount: f.errorCount,
    itemsSeen: f.itemsSeen,
    nextPollAt: iso(f.nextPollAt),
    quarantined: f.quarantine.map((q) => ({ guid: q.guid, title: q.title, error: q.error, firstSeenAt: q.firstSeenAt.toISOString() })),
  }));
}

/** A stored item as re-matching reads it again. */
export interface StoredItem {
  id: number;
  title: string;
  text: string;
  publishedAt: Date | null;
  seenAt: Date;
  publisher: string;
}

/** The next `limit` items stored since `since`, after the item `afterId`, in id order. */
export async function readStoredItems(db: Db, options: { since: Date; afterId: number; limit: number }): Promise<StoredItem[]> {
  const rows = await db.$queryRaw<{ id: number; title: string; text: string; published_at: Date | null; seen_at: Date; publisher: string }[]>`
    SELECT i.id, i.title, i.text, i.published_at, i.seen_at, f.publisher
    FROM item i JOIN feed f ON f.id = i.feed_id
    WHERE i.id > ${options.afterId} AND i.seen_at >= ${options.since}
    ORDER BY i.id LIMIT ${options.limit}`;
  return rows.map((r) => ({ id: r.id, title: r.title, text: r.text, publishedAt: r.published_at, seenAt: r.seen_at, publisher: r.publisher }));
}
