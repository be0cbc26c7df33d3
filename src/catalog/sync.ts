// A catalog sync, the story: hash the config; if the database already holds that hash, stop
// there without writing; else turn the config into rows and write them, one statement per
// table in one transaction, and report what changed.
import type { Db } from '../db/index.js';
import { messageOf } from '../errors.js';
import { hashCatalog } from './hash.js';
import { catalogRows, type CatalogConfig, type CatalogRows } from './rows.js';
import { readCatalogState, writeCatalog, type CatalogState, type TableCounts } from './store.js';

export interface SyncCatalogOptions {
  /** The app's clock: stamps the sync, retirements and updated_at. */
  now: Date;
  /** Who syncs, for operators reading catalog_sync: host and pid. */
  syncedBy: string;
  vigilVersion: string;
  /** Run the statements even when the stored hash matches (they still write no unchanged row). */
  force?: boolean;
}

/** What a sync did. */
export interface CatalogSyncReport {
  /** The hash of the config synced (now the latest, unless skipped). */
  hash: string;
  /** The latest sync before this one; null on a database never synced. */
  previous: CatalogState | null;
  /** True when the stored hash already matched: nothing ran and nothing was written. */
  skipped: boolean;
  /** True when a feed, watchlist, place or actor row was added, updated, retired or disabled. */
  changed: boolean;
  feeds: { added: number; updated: number; disabled: number };
  watchlists: { added: number; updated: number; retired: number };
  places: { added: number; updated: number; retired: number };
  actors: { added: number; updated: number; retired: number };
  durationMs: number;
}

/** Makes the database hold this catalog; a no-op without writes when it already does. */
export async function syncCatalog(db: Db, catalog: CatalogConfig, options: SyncCatalogOptions): Promise<CatalogSyncReport> {
  const started = Date.now();
  const hash = hashCatalog(catalog);
  const previous = await readCatalogState(db);
  const same = previous?.hash === hash;
  if (same && !options.force) {
    const none = { added: 0, updated: 0, removed: 0 };
    return report(hash, previous, true, { feeds: none, watchlists: none, places: none, actors: none }, started);
  }
  const rows = catalogRows(catalog);
  const record = { hash, syncedAt: options.now, syncedBy: options.syncedBy, vigilVersion: options.vigilVersion, forced: same };
  const counts = await writeCatalog(db, rows, record).catch((error: unknown) => {
    throw new Error(`Catalog sync of ${describe(rows)} failed: ${messageOf(error)}`, { cause: error });
  });
  return report(hash, previous, false, counts, started);
}

function report(hash: string, previous: CatalogState | null, skipped: boolean, counts: Record<keyof CatalogRows, TableCounts>, started: number): CatalogSyncReport {
  const changed = Object.values(counts).some((c) => c.added + c.updated + c.removed > 0);
  const retired = ({ added, updated, removed }: TableCounts) => ({ added, updated, retired: removed });
  const { feeds } = counts;
  return {
    hash,
    previous,
    skipped,
    changed,
    feeds: { added: feeds.added, updated: feeds.updated, disabled: feeds.removed },
    watchlists: retired(counts.watchlists),
    places: retired(counts.places),
    actors: retired(counts.actors),
    durationMs: Date.now() - started,
  };
}

function describe(rows: CatalogRows): string {
  return `${rows.feeds.length} feeds, ${rows.watchlists.length} watchlists, ${rows.places.length} places and ${rows.actors.length} actors`;
}
