// The bench's re-match figures: 100,000 items stored in the last 30 days, 10% of them reports
// of an attack on one of 200 watched places that the watchlists did not know when the items
// were stored (the first re-match finds them all: matches, signals, 10,000 reports into
// events), then a re-match after an edit that changes nothing for them (every item read and
// matched again, nothing written). Issue 16's target: under 60 s on PostgreSQL.
import { performance } from 'node:perf_hooks';
import { loadCatalogWatchlists, syncCatalog, type CatalogConfig } from '../src/catalog/index.js';
import type { VigilConfig } from '../src/config/index.js';
import type { Database } from '../src/db/index.js';
import { insertItems, type ItemDraft } from '../src/feeds/index.js';
import type { IngestDeps } from '../src/ingest.js';
import { compileMatcher } from '../src/matching/index.js';
import { rematchItems } from '../src/rematch.js';
import { compileSignalRules } from '../src/risk/index.js';
import { gazetteer } from '../test/helpers/catalogs.js';

const ITEMS = 100_000;
const PLACES = 200;
const FILLER =
  'Delegates met in Bamako to discuss the harvest, fuel prices and the school year. The ministry said the roads to the north would reopen after the rains, and traders welcomed the news.';
const NOW = new Date('2026-11-27T00:00:00Z');

function drafts(from: number, count: number, names: readonly string[]): ItemDraft[] {
  return Array.from({ length: count }, (_, k) => {
    const i = from + k;
    const place = i % 10 === 0 ? names[(i / 10) % names.length] : null;
    const text = place ? `Gunmen attacked ${place} on Sunday, killing 5 civilians and burning 20 homes. ${FILLER}` : `${FILLER} ${FILLER}`;
    return { guid: `r-${i}`, link: null, canonicalLink: null, title: place ? `Attack on ${place}` : `Market news ${i}`, text, publishedAt: new Date(NOW.getTime() - (i % 25) * 86_400_000), contentHash: `r${i}` };
  });
}

export interface RematchFigures {
  /** Seconds for the re-match that finds 10,000 new reports. */
  finding: number;
  /** Seconds for a re-match that changes nothing. */
  unchanged: number;
  items: number;
}

export async function benchRematch(db: Database, config: VigilConfig): Promise<RematchFigures> {
  const full = gazetteer(PLACES, 20);
  const names = full.watchlists[0]?.places.map((p) => p.name).filter((_, i) => i % 97 !== 0) ?? [];
  // Stored while the watchlist had none of these places.
  const before: CatalogConfig = { ...full, watchlists: full.watchlists.map((w) => ({ ...w, places: w.places.slice(0, 1) })) };
  await syncCatalog(db.prisma, before, { now: NOW, syncedBy: 'bench', vigilVersion: 'bench' });
  const feed = await db.prisma.feed.findFirstOrThrow({ select: { id: true } });
  for (let i = 0; i < ITEMS; i += 2_000) {
    await db.prisma.$transaction((tx) => insertItems(tx, feed.id, drafts(i, 2_000, names), new Date(NOW.getTime() - (i % 25) * 86_400_000)));
  }
  await syncCatalog(db.prisma, full, { now: NOW, syncedBy: 'bench', vigilVersion: 'bench' });
  const deps: IngestDeps = {
    db: db.prisma,
    now: () => NOW,
    risk: config.risk,
    matcher: compileMatcher(await loadCatalogWatchlists(db.prisma)),
    signalRules: compileSignalRules(config.risk),
    backfillDays: config.polling.backfillDays,
  };
  let start = performance.now();
  const found = await rematchItems(deps, { days: 30 });
  const finding = (performance.now() - start) / 1000;
  if (found.itemsChanged !== ITEMS / 10) throw new Error(`expected ${ITEMS / 10} items to change, got ${found.itemsChanged}`);
  start = performance.now();
  const again = await rematchItems(deps, { days: 30 });
  const unchanged = (performance.now() - start) / 1000;
  if (again.itemsChanged !== 0) throw new Error(`expected no change on the second re-match, got ${again.itemsChanged}`);
  return { finding, unchanged, items: found.itemsScanned };
}
