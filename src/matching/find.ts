// Finds every watched name and enclosing area an item mentions, outside links, before any
// decision on context: what matching and explaining both start from.
import { findPhrases, tokenize } from '../text/index.js';
import type { EntityEntry, Matcher } from './compile.js';
import type { MatchableItem, MatchField, MentionSpan } from './types.js';

/** The mentions of one watched entity in one field, in order. */
export interface FieldMentions {
  entry: EntityEntry;
  field: MatchField;
  spans: MentionSpan[];
}

/** What an item mentions. */
export interface ItemMentions {
  /** One per entity and field, in order of first mention, title first. */
  found: FieldMentions[];
  /** Folded names of the areas mentioned: unwatched areas, and watched places that need no context. */
  areasSeen: Set<string>;
}

/** Every watched name and area the item's title and text mention, outside links. */
export function findMentions(matcher: Matcher, item: MatchableItem): ItemMentions {
  const mentions: ItemMentions = { found: [], areasSeen: new Set() };
  findInField(matcher, item.title, 'title', mentions);
  findInField(matcher, item.text, 'text', mentions);
  return mentions;
}

function findInField(matcher: Matcher, source: string, field: MatchField, mentions: ItemMentions): void {
  if (source === '') return;
  const tokens = tokenize(source, { mentions: true });
  const hits = findPhrases(matcher.index, tokens);
  if (hits.length === 0) return;
  const byEntry = new Map<EntityEntry, FieldMentions>();
  for (const hit of hits) {
    const start = tokens[hit.first]?.start ?? 0;
    const end = tokens[hit.last]?.end ?? start;
    for (const value of hit.values) {
      if (value.kind === 'area') {
        mentions.areasSeen.add(value.key);
        continue;
      }
      let seen = byEntry.get(value);
      if (!seen) {
        seen = { entry: value, field, spans: [] };
        byEntry.set(value, seen);
        mentions.found.push(seen);
        if (value.kind === 'place' && !value.ambiguous) mentions.areasSeen.add(value.nameKey);
      }
      seen.spans.push({ start, end });
    }
  }
}
