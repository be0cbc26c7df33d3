// Finds watched places and actors in an item. A place marked ambiguous (a common word, a name
// also used elsewhere) counts only with context in the same item: one of the areas it lies
// within, or another watched place of its watchlist.
import { compilePhrases, findPhrases, normalizeKey, sentenceAt, splitSentences, tokenize, type PhraseIndex, type Sentence } from '../text/index.js';

/** A watched place as the matcher needs it (ids are the database's). */
export interface MatchablePlace {
  id: number;
  name: string;
  aliases: readonly string[];
  within: readonly string[];
  ambiguous: boolean;
}

/** A watched actor as the matcher needs it. */
export interface MatchableActor {
  id: number;
  name: string;
  aliases: readonly string[];
}

/** A watchlist as the matcher needs it. */
export interface MatchableWatchlist {
  id: number;
  places: readonly MatchablePlace[];
  actors: readonly MatchableActor[];
}

/** What an item's text is matched in. */
export interface MatchableItem {
  title: string;
  text: string;
}

export type MatchKind = 'place' | 'actor';
export type MatchField = 'title' | 'text';

/** A watched place or actor found in an item, with its evidence. */
export interface EntityMatch {
  kind: MatchKind;
  entityId: number;
  watchlistId: number;
  /** The canonical name from the watchlist. */
  name: string;
  /** The words as written in the item. */
  alias: string;
  sentence: string;
  field: MatchField;
  start: number;
  end: number;
  /** For a place, the areas it lies within (as written in the watchlist); empty for an actor. */
  within: readonly string[];
}

/** A watched place or actor as the index holds it. */
interface EntityEntry {
  kind: MatchKind;
  entityId: number;
  watchlistId: number;
  name: string;
  nameKey: string;
  ambiguous: boolean;
  within: readonly string[];
  withinKeys: readonly string[];
}

// An area some watched place lies within, by its folded name: context for ambiguous places.
type Entry = EntityEntry | { kind: 'context'; key: string };

/** Watchlists compiled for matching; build once per configuration. */
export interface Matcher {
  readonly index: PhraseIndex<Entry>;
}

/** Compiles watchlists into one index of every name, alias and enclosing area. */
export function compileMatcher(watchlists: readonly MatchableWatchlist[]): Matcher {
  const entries: { phrase: string; value: Entry }[] = [];
  const contexts = new Set<string>();
  for (const w of watchlists) {
    for (const p of w.places) {
      const withinKeys = p.within.map(normalizeKey);
      const value: Entry = { kind: 'place', entityId: p.id, watchlistId: w.id, name: p.name, nameKey: normalizeKey(p.name), ambiguous: p.ambiguous, within: p.within, withinKeys };
      for (const phrase of uniqueForms([p.name, ...p.aliases])) entries.push({ phrase, value });
      for (const area of withinKeys) contexts.add(area);
    }
    for (const a of w.actors) {
      const value: Entry = { kind: 'actor', entityId: a.id, watchlistId: w.id, name: a.name, nameKey: normalizeKey(a.name), ambiguous: false, within: [], withinKeys: [] };
      for (const phrase of uniqueForms([a.name, ...a.aliases])) entries.push({ phrase, value });
    }
  }
  for (const area of contexts) entries.push({ phrase: area, value: { kind: 'context', key: area } });
  return { index: compilePhrases(entries) };
}

/** Every watched place and actor in the item's title and text, ambiguous ones only in context. */
export function matchItem(matcher: Matcher, item: MatchableItem): EntityMatch[] {
  const found: { match: EntityMatch; entry: EntityEntry }[] = [];
  const areasSeen = new Set<string>();
  for (const field of ['title', 'text'] as const) {
    const source = item[field];
    const tokens = tokenize(source);
    let sentences: Sentence[] | null = null; // segmenting is costly: only for texts with a hit
    for (const hit of findPhrases(matcher.index, tokens)) {
      const start = tokens[hit.first]?.start ?? 0;
      const end = tokens[hit.last]?.end ?? start;
      sentences ??= field === 'text' ? splitSentences(source) : [];
      const sentence = field === 'title' ? source : (sentenceAt(sentences, start)?.text ?? source.slice(start, end));
      for (const entry of hit.values) {
        if (entry.kind === 'context') {
          areasSeen.add(entry.key);
          continue;
        }
        // Built field by field: spreading the entry costs more than the rest of the match.
        const match: EntityMatch = {
          kind: entry.kind,
          entityId: entry.entityId,
          watchlistId: entry.watchlistId,
          name: entry.name,
          alias: source.slice(start, end),
          sentence,
          field,
          start,
          end,
          within: entry.within,
        };
        found.push({ match, entry });
        areasSeen.add(entry.nameKey);
      }
    }
  }
  const certainPlaces = new Set(found.filter((f) => f.entry.kind === 'place' && !f.entry.ambiguous).map((f) => `${f.entry.watchlistId}:${f.entry.entityId}`));
  return found.filter((f) => !f.entry.ambiguous || hasContext(f.entry, areasSeen, certainPlaces)).map((f) => f.match);
}

// "Sobane Da" and "Sobane-Da" are one form to the matcher: index it once, or it matches twice.
function uniqueForms(names: readonly string[]): string[] {
  const byKey = new Map<string, string>();
  for (const name of names) if (!byKey.has(normalizeKey(name))) byKey.set(normalizeKey(name), name);
  return [...byKey.values()];
}

function hasContext(match: EntityEntry, areas: Set<string>, certain: Set<string>): boolean {
  if (match.withinKeys.some((area) => areas.has(area))) return true;
  for (const key of certain) {
    if (key.startsWith(`${match.watchlistId}:`) && key !== `${match.watchlistId}:${match.entityId}`) return true;
  }
  return false;
}
