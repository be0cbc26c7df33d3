// Catalog: the feeds and watchlists of config, kept in the database. Takes the config's
// catalog and gives back the active watchlists every process compiles its matcher from.
// A sync is set-based, serialised across processes, atomic, and writes nothing when the
// stored hash says the database already holds this config; removed entries are retired.
export { hashCatalog } from './hash.js';
export { loadCatalogWatchlists } from './load.js';
export { offlineWatchlists } from './offline.js';
export type { CatalogWatchlist } from './load.js';
export type { CatalogConfig } from './rows.js';
export { readCatalogState } from './store.js';
export type { CatalogState } from './store.js';
export { syncCatalog } from './sync.js';
export type { CatalogSyncReport, SyncCatalogOptions } from './sync.js';
export { followCatalog, shortHash } from './live.js';
export type { CatalogSnapshot, LiveCatalog, LiveCatalogDeps } from './live.js';
