// The bench's ingest figure: items per second through match + signals + event assignment + store,
// for 10,000 items of which 10% report an attack on one of 200 watched places. Vigil stores a
// feed's new items a batch at a time, as the poll cycle does; the baseline is the per-item path
// (one transaction per item), which Vigil still takes when a batch fails.
import { performance } from 'node:perf_hooks';
import { loadCatalogWatchlists, syncCatalog } from '../src/catalog/index.js';
import type { VigilConfig } from '../src/config/index.js';
import type { Database } from '../src/db/index.js';
import type { FeedRef, ItemDraft } from '../src/feeds/index.js';
import { ingestItems, type IngestDeps } from '../src/ingest.js';
import { compileMatcher } from '../src/matching/index.js';
import { compileSignalRules } from '../src/risk/index.js';
import { gazetteer } from '../test/helpers/catalogs.js';

const ITEMS = 10_000;
const PLACES = 200;
const BATCH = 200;
const FILLER =
  'Delegates met in Bamako to discuss the harvest, fuel prices and the school year. The ministry said the roads to the north would reopen after the rains, and traders welcomed the news.';

function drafts(prefix: string, count: number, placeNames: readonly string[]): ItemDraft[] {
  return Array.from({ length: count }, (_, i) => {
    const place = i % 10 === 0 ? placeNames[(i / 10) % placeNames.length] : null;
    const text = place ? `Gunmen attacked ${place} on Sunday, killing 5 civilians and burning 20 homes. ${FILLER}` : `${FILLER} ${FILLER}`;
    return { guid: `${prefix}-${i}`, link: null, canonicalLink: null, title: place ? `Attack on ${place}` : `Market news ${i}`, text, publishedAt: new Date(Date.UTC(2026, 10, 1 + (i % 25))), contentHash: `${prefix}${i}` };
  });
}

/** Items per second stored by Vigil's batches and by the per-item path, on `db`. */
export async function benchIngest(db: Database, config: VigilConfig): Promise<{ vigil: number; baseline: number }> {
  const catalog = gazetteer(PLACES, 20);
  await syncCatalog(db.prisma, catalog, { now: new Date(), syncedBy: 'bench', vigilVersion: 'bench' });
  const watchlists = await loadCatalogWatchlists(db.prisma);
  const deps: IngestDeps = { db: db.prisma, now: () => new Date('2026-11-27T00:00:00Z'), risk: config.risk, matcher: compileMatcher(watchlists), signalRules: compileSignalRules(config.risk), backfillDays: config.polling.backfillDays };
  const feedRow = await db.prisma.feed.findFirstOrThrow({ select: { id: true, name: true, url: true, publisher: true } });
  const feed: FeedRef = feedRow;
  const names = catalog.watchlists[0]?.places.map((p) => p.name).filter((_, i) => i % 97 !== 0) ?? [];

  const batched = drafts('v', ITEMS, names);
  let start = performance.now();
  for (let i = 0; i < batched.length; i += BATCH) await ingestItems(deps, feed, batched.slice(i, i + BATCH));
  const vigil = ITEMS / ((performance.now() - start) / 1000);

  // The per-item path on a fifth of the items (its cost per item does not depend on the count).
  const single = drafts('b', ITEMS / 5, names);
  start = performance.now();
  for (const draft of single) await ingestItems(deps, feed, [draft]);
  const baseline = single.length / ((performance.now() - start) / 1000);
  return { vigil, baseline };
}
