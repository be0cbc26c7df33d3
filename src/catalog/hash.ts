// The catalog's fingerprint (pure): sha256 of a canonical JSON with object keys sorted, so the
// same config hashes the same in every process and replica. A watchlist's `file` is left out:
// it is an absolute path, different on each machine that reads the same config.
import { createHash } from 'node:crypto';
import type { CatalogConfig } from './rows.js';

// Raised when the way config becomes rows changes (src/catalog/rows.ts, the statements), so that
// a new Vigil re-syncs a config whose text did not change.
const CATALOG_FORMAT = 3;

/** sha256 (hex) of the catalog's canonical JSON; equal hashes mean equal feeds and watchlists. */
export function hashCatalog(catalog: CatalogConfig): string {
  const content = {
    format: CATALOG_FORMAT,
    feeds: catalog.feeds,
    watchlists: catalog.watchlists.map(({ file: _file, ...watchlist }) => watchlist),
  };
  return createHash('sha256').update(JSON.stringify(sortKeys(content))).digest('hex');
}

// Objects rebuilt with their keys in code-point order; arrays keep their order (it is the
// config's). Undefined members are dropped, as JSON.stringify would.
function sortKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(sortKeys);
  if (value === null || typeof value !== 'object') return value;
  const entries = Object.entries(value as Record<string, unknown>).filter(([, v]) => v !== undefined);
  entries.sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return Object.fromEntries(entries.map(([k, v]) => [k, sortKeys(v)]));
}
