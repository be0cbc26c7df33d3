// The catalog in the database: one set-based statement per table, all in one transaction, and
// the record of each sync. Each statement upserts the rows of config that are new or differ
// (a row whose values are unchanged is neither written nor locked) and retires, or for feeds
// disables, the rows config no longer lists; nothing is deleted, history points at these rows.
// Each table's rows arrive as one jsonb parameter, read WITH ORDINALITY so that new rows get
// their ids in config order.
import type { Db } from '../db/index.js';
import type { CatalogRows } from './rows.js';

/** The latest sync recorded: the catalog the database holds. */
export interface CatalogState {
  hash: string;
  syncedAt: Date;
  syncedBy: string;
  vigilVersion: string;
}

/** What one statement did to its table: rows added, updated, and retired (disabled for feeds). */
export interface TableCounts {
  added: number;
  updated: number;
  removed: number;
}

/** The sync's own row in catalog_sync. */
export interface SyncRecord extends CatalogState {
  /** The stored hash already matched: the sync ran only because it was forced. */
  forced: boolean;
}

// Serialises syncs across processes: pg_advisory_xact_lock on this key, held until commit.
// 0x56494743 is "VIGC" in ASCII; Prisma's migration lock is 72707369, so the two never meet.
const CATALOG_LOCK_KEY = 0x56494743;

// Prisma 7 runs a batch $transaction under the same limits as an interactive one (a 2 s wait
// to start, a 5 s timeout). The statements are set-based (20,000 places take about a second),
// so these bounds only stop a sync stuck behind a lock; they are not the size of a catalog.
/** maxWait and timeout of the catalog's batch transactions (sync and read back). */
export const TRANSACTION_LIMITS = { maxWait: 60_000, timeout: 600_000 } as const;

/** The latest sync, or null when the catalog was never synced. */
export async function readCatalogState(db: Db): Promise<CatalogState | null> {
  const row = await db.catalogSync.findFirst({ orderBy: { id: 'desc' }, select: { configHash: true, syncedAt: true, syncedBy: true, vigilVersion: true } });
  return row && { hash: row.configHash, syncedAt: row.syncedAt, syncedBy: row.syncedBy, vigilVersion: row.vigilVersion };
}

/** Writes the catalog's rows and records the sync, in one transaction taken under the catalog lock. */
export async function writeCatalog(db: Db, rows: CatalogRows, record: SyncRecord): Promise<Record<keyof CatalogRows, TableCounts>> {
  // ISO text cast to timestamptz: exact whatever type the adapter gives a Date parameter.
  const now = record.syncedAt.toISOString();
  const [, [feeds], [watchlists], [places], [actors]] = await db.$transaction(
    [
      db.$executeRaw`SELECT pg_advisory_xact_lock(${CATALOG_LOCK_KEY}::bigint)`,
      db.$queryRaw<TableCounts[]>`
        WITH input AS (
          SELECT e.ord, x.* FROM jsonb_array_elements(${JSON.stringify(rows.feeds)}::jsonb) WITH ORDINALITY AS e(doc, ord)
            CROSS JOIN jsonb_to_record(e.doc) AS x(url text, name text, publisher text, language text, enabled boolean, interval_minutes int)
        ), changed AS (
          SELECT i.* FROM input i LEFT JOIN feed f ON f.url = i.url
          WHERE f.id IS NULL OR (f.name, f.publisher, f.language, f.enabled, f.interval_minutes)
            IS DISTINCT FROM (i.name, i.publisher, i.language, i.enabled, i.interval_minutes)
        ), written AS (
          INSERT INTO feed (url, name, publisher, language, enabled, interval_minutes, created_at, updated_at)
          SELECT url, name, publisher, language, enabled, interval_minutes, ${now}::timestamptz, ${now}::timestamptz FROM changed ORDER BY ord
          ON CONFLICT (url) DO UPDATE SET name = EXCLUDED.name, publisher = EXCLUDED.publisher, language = EXCLUDED.language,
            enabled = EXCLUDED.enabled, interval_minutes = EXCLUDED.interval_minutes, updated_at = EXCLUDED.updated_at
          RETURNING xmax = 0 AS added
        ), removed AS (
          UPDATE feed f SET enabled = false, updated_at = ${now}::timestamptz
          WHERE f.enabled AND NOT EXISTS (SELECT 1 FROM input i WHERE i.url = f.url)
          RETURNING 1
        )
        SELECT (SELECT count(*) FROM written WHERE added)::int AS added, (SELECT count(*) FROM written WHERE NOT added)::int AS updated,
          (SELECT count(*) FROM removed)::int AS removed`,
      db.$queryRaw<TableCounts[]>`
        WITH input AS (
          SELECT e.ord, x.* FROM jsonb_array_elements(${JSON.stringify(rows.watchlists)}::jsonb) WITH ORDINALITY AS e(doc, ord)
            CROSS JOIN jsonb_to_record(e.doc) AS x(slug text, name text, recommended_actions text, handling text)
        ), changed AS (
          SELECT i.* FROM input i LEFT JOIN watchlist w ON w.slug = i.slug
          WHERE w.id IS NULL
            OR (w.name, w.recommended_actions, w.handling, w.retired_at) IS DISTINCT FROM (i.name, i.recommended_actions, i.handling, NULL::timestamptz)
        ), written AS (
          INSERT INTO watchlist (slug, name, recommended_actions, handling, created_at, updated_at)
          SELECT slug, name, recommended_actions, handling, ${now}::timestamptz, ${now}::timestamptz FROM changed ORDER BY ord
          ON CONFLICT (slug) DO UPDATE SET name = EXCLUDED.name, recommended_actions = EXCLUDED.recommended_actions, handling = EXCLUDED.handling,
            retired_at = NULL, updated_at = EXCLUDED.updated_at
          RETURNING xmax = 0 AS added
        ), removed AS (
          UPDATE watchlist w SET retired_at = ${now}::timestamptz, updated_at = ${now}::timestamptz
          WHERE w.retired_at IS NULL AND NOT EXISTS (SELECT 1 FROM input i WHERE i.slug = w.slug)
          RETURNING 1
        )
        SELECT (SELECT count(*) FROM written WHERE added)::int AS added, (SELECT count(*) FROM written WHERE NOT added)::int AS updated,
          (SELECT count(*) FROM removed)::int AS removed`,
      // Places and actors find their watchlist by slug; the statement above has just written it.
      db.$queryRaw<TableCounts[]>`
        WITH input AS (
          SELECT e.ord, w.id AS watchlist_id, x.name, x.kind, x.aliases, x.within, x.ambiguous, x.latitude, x.longitude, x.ref
          FROM jsonb_array_elements(${JSON.stringify(rows.places)}::jsonb) WITH ORDINALITY AS e(doc, ord)
            CROSS JOIN jsonb_to_record(e.doc) AS x(slug text, name text, kind text, aliases text[], within text[], ambiguous boolean, latitude float8, longitude float8, ref text)
          JOIN watchlist w ON w.slug = x.slug
        ), changed AS (
          SELECT i.* FROM input i LEFT JOIN place p ON p.watchlist_id = i.watchlist_id AND p.name = i.name
          WHERE p.id IS NULL
            OR (p.kind, p.aliases, p.within, p.ambiguous, p.latitude, p.longitude, p.ref, p.retired_at)
               IS DISTINCT FROM (i.kind, i.aliases, i.within, i.ambiguous, i.latitude, i.longitude, i.ref, NULL::timestamptz)
        ), written AS (
          INSERT INTO place (watchlist_id, name, kind, aliases, within, ambiguous, latitude, longitude, ref)
          SELECT watchlist_id, name, kind, aliases, within, ambiguous, latitude, longitude, ref FROM changed ORDER BY ord
          ON CONFLICT (watchlist_id, name) DO UPDATE SET kind = EXCLUDED.kind, aliases = EXCLUDED.aliases, within = EXCLUDED.within,
            ambiguous = EXCLUDED.ambiguous, latitude = EXCLUDED.latitude, longitude = EXCLUDED.longitude, ref = EXCLUDED.ref, retired_at = NULL
          RETURNING xmax = 0 AS added
        ), removed AS (
          UPDATE place p SET retired_at = ${now}::timestamptz
          WHERE p.retired_at IS NULL AND NOT EXISTS (SELECT 1 FROM input i WHERE i.watchlist_id = p.watchlist_id AND i.name = p.name)
          RETURNING 1
        )
        SELECT (SELECT count(*) FROM written WHERE added)::int AS added, (SELECT count(*) FROM written WHERE NOT added)::int AS updated,
          (SELECT count(*) FROM removed)::int AS removed`,
      db.$queryRaw<TableCounts[]>`
        WITH input AS (
          SELECT e.ord, w.id AS watchlist_id, x.name, x.type, x.aliases, x.communities, x.ambiguous
          FROM jsonb_array_elements(${JSON.stringify(rows.actors)}::jsonb) WITH ORDINALITY AS e(doc, ord)
            CROSS JOIN jsonb_to_record(e.doc) AS x(slug text, name text, type text, aliases text[], communities text[], ambiguous boolean)
          JOIN watchlist w ON w.slug = x.slug
        ), changed AS (
          SELECT i.* FROM input i LEFT JOIN actor a ON a.watchlist_id = i.watchlist_id AND a.name = i.name
          WHERE a.id IS NULL OR (a.type, a.aliases, a.communities, a.ambiguous, a.retired_at) IS DISTINCT FROM (i.type, i.aliases, i.communities, i.ambiguous, NULL::timestamptz)
        ), written AS (
          INSERT INTO actor (watchlist_id, name, type, aliases, communities, ambiguous)
          SELECT watchlist_id, name, type, aliases, communities, ambiguous FROM changed ORDER BY ord
          ON CONFLICT (watchlist_id, name) DO UPDATE SET type = EXCLUDED.type, aliases = EXCLUDED.aliases, communities = EXCLUDED.communities, ambiguous = EXCLUDED.ambiguous, retired_at = NULL
          RETURNING xmax = 0 AS added
        ), removed AS (
          UPDATE actor a SET retired_at = ${now}::timestamptz
          WHERE a.retired_at IS NULL AND NOT EXISTS (SELECT 1 FROM input i WHERE i.watchlist_id = a.watchlist_id AND i.name = a.name)
          RETURNING 1
        )
        SELECT (SELECT count(*) FROM written WHERE added)::int AS added, (SELECT count(*) FROM written WHERE NOT added)::int AS updated,
          (SELECT count(*) FROM removed)::int AS removed`,
      db.catalogSync.create({
        data: {
          configHash: record.hash,
          syncedAt: record.syncedAt,
          syncedBy: record.syncedBy,
          vigilVersion: record.vigilVersion,
          forced: record.forced,
          feeds: rows.feeds.length,
          watchlists: rows.watchlists.length,
          places: rows.places.length,
          actors: rows.actors.length,
        },
        select: { id: true },
      }),
    ],
    TRANSACTION_LIMITS,
  );
  if (!feeds || !watchlists || !places || !actors) throw new Error('catalog sync: a statement returned no counts');
  return { feeds, watchlists, places, actors };
}
