// Finds watched places and actors in an item. A name marked ambiguous (a common word, a name
// also used elsewhere) counts only with context in the same item (see context.ts).
import type { Matcher } from './compile.js';
import { judgeMentions } from './context.js';
import { evidenceReader } from './evidence.js';
import { findMentions, type FieldMentions } from './find.js';
import type { EntityMatch, MatchableItem, MentionSpan } from './types.js';

/** Every watched place and actor in the item's title and text, ambiguous ones only in context. */
export function matchItem(matcher: Matcher, item: MatchableItem): EntityMatch[] {
  const mentions = findMentions(matcher, item);
  if (mentions.found.length === 0) return [];
  const verdicts = judgeMentions(matcher, mentions);
  const matches: EntityMatch[] = [];
  const evidence = { title: evidenceReader(item.title, 'title'), text: evidenceReader(item.text, 'text') };
  for (const found of mentions.found) {
    const verdict = verdicts.get(found.entry);
    if (verdict?.counts) matches.push(toMatch(item, found, verdict.reason, evidence[found.field]));
  }
  return matches;
}

/**
 * One match per mention, each with its own offsets and words, in the order the item names them:
 * how the risk stage tells which sentence and clause names which place.
 */
export function eachMention(item: MatchableItem, matches: readonly EntityMatch[]): EntityMatch[] {
  if (matches.every((m) => m.mentions.length === 1)) return [...matches];
  const all = matches.flatMap((m) => m.mentions.map(({ start, end }) => ({ ...m, start, end, alias: item[m.field].slice(start, end) })));
  // Title first, then text, each by position: the order matches had when each mention was one.
  return all.sort((a, b) => (a.field === b.field ? a.start - b.start : a.field === 'title' ? -1 : 1));
}

// Built field by field: spreading the entry costs more than the rest of the match.
function toMatch(item: MatchableItem, { entry, field, spans }: FieldMentions, reason: string | null, evidenceOf: (start: number, end: number) => string): EntityMatch {
  const source = item[field];
  const { start, end } = spans[0] as MentionSpan;
  return {
    kind: entry.kind,
    entityId: entry.entityId,
    watchlistId: entry.watchlistId,
    name: entry.name,
    alias: source.slice(start, end),
    sentence: evidenceOf(start, end),
    field,
    start,
    end,
    count: spans.length,
    mentions: spans,
    within: entry.within,
    reason,
  };
}
