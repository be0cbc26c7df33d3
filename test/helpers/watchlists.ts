// The shipped watchlists, compiled for matching with synthetic ids (as loadCatalogWatchlists
// gives them from the database), for the pure matching and risk tests.
import { join } from 'node:path';
import { offlineWatchlists } from '../../src/catalog/index.js';
import { loadConfig, type VigilConfig } from '../../src/config/index.js';
import { compileMatcher, type Matcher } from '../../src/matching/index.js';
import { REPO_CONFIG_DIR } from './config.js';

export const shippedConfig: VigilConfig = loadConfig({ path: join(REPO_CONFIG_DIR, 'vigil.yaml'), env: {} });

export function compileShippedWatchlists(slugs?: string[]): Matcher {
  const watchlists = shippedConfig.watchlists.filter((w) => !slugs || slugs.includes(w.slug));
  return compileMatcher(offlineWatchlists(watchlists));
}
