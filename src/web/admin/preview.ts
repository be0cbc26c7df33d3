// Before an alias is saved: the recent stored items it would match, found by matching them
// against the watchlist as the edited file reads, and keeping the mentions of that alias.
import { offlineWatchlists } from '../../catalog/index.js';
import type { WatchlistConfig, WatchlistEntity } from '../../config/index.js';
import type { Db } from '../../db/index.js';
import { readStoredItems } from '../../feeds/index.js';
import { compileMatcher, explainMatches } from '../../matching/index.js';
import { normalizeKey } from '../../text/index.js';

/** An item the alias would match, with the sentence and whether the mention counts. */
export interface PreviewItem {
  itemId: number;
  title: string;
  publisher: string;
  seenAt: Date;
  sentence: string;
  counted: boolean;
  why: string;
}

// Enough for weeks of a few dozen feeds; a preview must answer while the operator waits.
const MAX_ITEMS_READ = 20_000;
const PAGE = 1000;

/** Items seen since `since` in which `alias` of the entity `name` is mentioned, newest first. */
export async function previewAlias(db: Db, watchlist: WatchlistConfig, target: { entity: WatchlistEntity; name: string; alias: string }, since: Date, contextRadiusKm: number): Promise<PreviewItem[]> {
  const matcher = compileMatcher(offlineWatchlists([watchlist]), { contextRadiusKm });
  const aliasKey = normalizeKey(target.alias);
  const found: PreviewItem[] = [];
  let afterId = 0;
  for (let read = 0; read < MAX_ITEMS_READ; read += PAGE) {
    const items = await readStoredItems(db, { since, afterId, limit: PAGE });
    for (const item of items) {
      const mention = explainMatches(matcher, item).find((m) => m.kind === target.entity && m.name === target.name && normalizeKey(m.alias) === aliasKey);
      if (mention) found.push({ itemId: item.id, title: item.title, publisher: item.publisher, seenAt: item.seenAt, sentence: mention.sentence, counted: mention.counted, why: mention.why });
    }
    if (items.length < PAGE) break;
    afterId = items[items.length - 1]?.id ?? afterId;
  }
  return found.reverse();
}
