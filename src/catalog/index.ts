// TEMPORARY shim with the catalog door's surface, until the set-based catalog lands (issue 13).
import { createHash } from 'node:crypto';
import type { FeedConfig, WatchlistConfig } from '../config/index.js';
import type { Db } from '../db/index.js';
import { syncFeeds } from '../feeds/index.js';
import { syncWatchlists, type SyncedWatchlist } from '../matching/index.js';

export interface CatalogConfig {
  feeds: readonly FeedConfig[];
  watchlists: readonly WatchlistConfig[];
}
export interface CatalogState {
  hash: string;
  syncedAt: Date;
  syncedBy: string;
  vigilVersion: string;
}
export type CatalogWatchlist = SyncedWatchlist;
export interface CatalogSyncReport {
  hash: string;
  previous: CatalogState | null;
  changed: boolean;
}
let last: { state: CatalogState; watchlists: SyncedWatchlist[] } | null = null;
export function hashCatalog(catalog: CatalogConfig): string {
  return createHash('sha256').update(JSON.stringify({ feeds: catalog.feeds, watchlists: catalog.watchlists.map(({ file: _f, ...w }) => w) })).digest('hex');
}
export function readCatalogState(_db: Db): Promise<CatalogState | null> {
  return Promise.resolve(last?.state ?? null);
}
export async function syncCatalog(db: Db, catalog: CatalogConfig, options: { now: Date; syncedBy: string; vigilVersion: string }): Promise<CatalogSyncReport> {
  const previous = last?.state ?? null;
  await syncFeeds(db, catalog.feeds);
  const watchlists = await syncWatchlists(db, catalog.watchlists);
  const hash = hashCatalog(catalog);
  last = { state: { hash, syncedAt: options.now, syncedBy: options.syncedBy, vigilVersion: options.vigilVersion }, watchlists };
  return { hash, previous, changed: previous?.hash !== hash };
}
export function loadCatalogWatchlists(_db: Db): Promise<CatalogWatchlist[]> {
  return Promise.resolve(last?.watchlists ?? []);
}
export { followCatalog, shortHash } from './live.js';
export type { CatalogSnapshot, LiveCatalog, LiveCatalogDeps } from './live.js';
