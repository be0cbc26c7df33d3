// The catalog as a running process uses it: the database's active watchlists compiled for
// matching, reloaded when another process has synced another config since. A process never
// writes the catalog back from here; when the database's config is not its own, it says so
// once (naming both versions) and follows the database, so replicas never undo each other.
import type { Db } from '../db/index.js';
import { ERROR_CODES, VigilError } from '../errors.js';
import type { Logger } from '../log.js';
import { compileMatcher, type Matcher } from '../matching/index.js';
import { loadCatalogWatchlists, type CatalogWatchlist } from './load.js';
import { readCatalogState, type CatalogState } from './store.js';

/** The catalog of the database at one moment, ready for matching. */
export interface CatalogSnapshot {
  state: CatalogState;
  watchlists: readonly CatalogWatchlist[];
  readonly matcher: Matcher;
}

export interface LiveCatalog {
  /** The hash of this process's own config. */
  readonly ownHash: string;
  /** This process now runs the config of this hash (it reloaded its config and synced it). */
  adopt(hash: string): void;
  /** The catalog as the database holds it now; loaded again only when its hash moved. */
  current(): Promise<CatalogSnapshot>;
}

export interface LiveCatalogDeps {
  db: Db;
  log: Logger;
  /** Where the database is, for messages. */
  location: string;
  /** matching.contextRadiusKm: how near another watched place gives an ambiguous one context. */
  contextRadiusKm?: number;
}

/** A catalog that follows the database; nothing is read until the first `current()`. */
export function followCatalog(deps: LiveCatalogDeps, ownHash: string): LiveCatalog {
  let snapshot: CatalogSnapshot | null = null;
  let warnedFor: string | null = null;
  return {
    get ownHash() {
      return ownHash;
    },
    adopt(hash) {
      ownHash = hash;
    },
    async current() {
      const state = await readCatalogState(deps.db);
      if (!state) {
        throw new VigilError(
          ERROR_CODES.CATALOG_NOT_SYNCED,
          `The ${deps.location} holds no feeds or watchlists yet: run \`vigil sync\` (or \`vigil migrate\`, or start Vigil with \`vigil run\`), which write them from the config.`,
        );
      }
      if (state.hash !== ownHash && warnedFor !== state.hash) {
        warnedFor = state.hash;
        deps.log.warn(
          { thisConfig: shortHash(ownHash), databaseConfig: shortHash(state.hash), syncedAt: state.syncedAt, syncedBy: state.syncedBy, syncedByVersion: state.vigilVersion },
          'the catalog in the database was synced from another config; following it (run `vigil sync` to write this one)',
        );
      }
      if (snapshot?.state.hash !== state.hash) {
        snapshot = snapshotOf(state, await loadCatalogWatchlists(deps.db), deps.contextRadiusKm);
      }
      return snapshot;
    },
  };
}

// The matcher is compiled on first use only: a command that just looks up a watchlist (such as
// `subscribers add`) does not pay for compiling a gazetteer (about 0.4 s for 20,000 places).
function snapshotOf(state: CatalogState, watchlists: readonly CatalogWatchlist[], contextRadiusKm: number | undefined): CatalogSnapshot {
  let matcher: Matcher | null = null;
  return {
    state,
    watchlists,
    get matcher() {
      return (matcher ??= compileMatcher(watchlists, contextRadiusKm === undefined ? {} : { contextRadiusKm }));
    },
  };
}

/** The first 12 hex digits of a config hash: enough to tell versions apart in a log. */
export function shortHash(hash: string): string {
  return hash.slice(0, 12);
}
