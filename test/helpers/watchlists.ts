// The shipped watchlists, compiled for matching with synthetic ids (as loadCatalogWatchlists
// gives them from the database), for the pure matching and risk tests.
import { join } from 'node:path';
import { loadConfig, type VigilConfig } from '../../src/config/index.js';
import { compileMatcher, type Matcher } from '../../src/matching/index.js';
import { REPO_CONFIG_DIR } from './config.js';

export const shippedConfig: VigilConfig = loadConfig({ path: join(REPO_CONFIG_DIR, 'vigil.yaml'), env: {} });

export function compileShippedWatchlists(slugs?: string[]): Matcher {
  let nextId = 1;
  const watchlists = shippedConfig.watchlists.filter((w) => !slugs || slugs.includes(w.slug));
  return compileMatcher(
    watchlists.map((w, i) => ({
      id: i + 1,
      places: w.places.map((p) => ({ id: nextId++, name: p.name, aliases: p.aliases, within: p.within, ambiguous: p.ambiguous })),
      actors: w.actors.map((a) => ({ id: nextId++, name: a.name, aliases: a.aliases })),
    })),
  );
}
