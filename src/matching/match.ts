// Finds watched places and actors in an item. A place marked ambiguous (a common word, a name
// also used elsewhere) counts only with context in the same item: one of the areas it lies
// within, or another watched place of its watchlist.
import { compilePhrases, findPhrases, normalizeKey, sentenceAt, splitSentences, tokenize, type PhraseIndex, type Sentence } from '../text/index.js';

/** A watched place as the matcher needs it (ids are the database's). */
export interface MatchablePlace {
  id: number;
  name: string;
  /** village, town, commune, cercle, region or country (src/config PLACE_KINDS). */
  kind: string;
  aliases: readonly string[];
  within: readonly string[];
  ambiguous: boolean;
  latitude: number | null;
  longitude: number | null;
}

/** A watched actor as the matcher needs it. */
export interface MatchableActor {
  id: number;
  name: string;
  aliases: readonly string[];
  ambiguous: boolean;
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

/**
 * A watched place or actor found in one field of an item: one per entity and field however
 * often it is named there, with the first mention's words, offsets and evidence.
 */
export interface EntityMatch {
  kind: MatchKind;
  entityId: number;
  watchlistId: number;
  /** The canonical name from the watchlist. */
  name: string;
  /** The words of the first mention as written in the item. */
  alias: string;
  /** The first mention's sentence (the title for the title), cut to about 300 characters around it. */
  sentence: string;
  field: MatchField;
  /** Offsets of the first mention in its field. */
  start: number;
  end: number;
  /** How many times the field names this place or actor: `mentions.length`, stored. */
  count: number;
  /**
   * Where each mention stands, in order, the first one included: what the risk stage reads to
   * know which sentence names the place (see `eachMention`). Never stored.
   */
  mentions: readonly MentionSpan[];
  /** For a place, the areas it lies within (as written in the watchlist); empty for an actor. */
  within: readonly string[];
}

/** Where one mention stands in its field. */
export interface MentionSpan {
  start: number;
  end: number;
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
  const found: Found[] = [];
  const areasSeen = new Set<string>();
  for (const field of ['title', 'text'] as const) findInField(matcher, item[field], field, found, areasSeen);
  const certainPlaces = new Set(found.filter((f) => f.entry.kind === 'place' && !f.entry.ambiguous).map((f) => `${f.entry.watchlistId}:${f.entry.entityId}`));
  return found.filter((f) => !f.entry.ambiguous || hasContext(f.entry, areasSeen, certainPlaces)).map((f) => f.match);
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

interface Found {
  match: EntityMatch;
  entry: EntityEntry;
}

// Adds the field's matches to `found`, one per entity (a repeated mention only counts), and
// every area and watched name it mentions to `areasSeen`.
function findInField(matcher: Matcher, source: string, field: MatchField, found: Found[], areasSeen: Set<string>): void {
  const tokens = tokenize(source);
  const byEntry = new Map<EntityEntry, { match: EntityMatch; mentions: MentionSpan[] }>();
  let sentences: Sentence[] | null = null; // segmenting is costly: only for texts with a hit
  for (const hit of findPhrases(matcher.index, tokens)) {
    const start = tokens[hit.first]?.start ?? 0;
    const end = tokens[hit.last]?.end ?? start;
    for (const entry of hit.values) {
      if (entry.kind === 'context') {
        areasSeen.add(entry.key);
        continue;
      }
      const seen = byEntry.get(entry);
      if (seen) {
        seen.match.count += 1;
        seen.mentions.push({ start, end });
        continue;
      }
      sentences ??= field === 'text' ? splitSentences(source) : [];
      const mentions = [{ start, end }];
      const match = firstMention(entry, source, field, mentions, sentences);
      byEntry.set(entry, { match, mentions });
      found.push({ match, entry });
      areasSeen.add(entry.nameKey);
    }
  }
}

// Built field by field: spreading the entry costs more than the rest of the match.
function firstMention(entry: EntityEntry, source: string, field: MatchField, mentions: MentionSpan[], sentences: readonly Sentence[]): EntityMatch {
  const { start, end } = mentions[0] as MentionSpan;
  const sentence = field === 'title' ? { text: source, start: 0 } : (sentenceAt(sentences, start) ?? { text: source.slice(start, end), start });
  return {
    kind: entry.kind,
    entityId: entry.entityId,
    watchlistId: entry.watchlistId,
    name: entry.name,
    alias: source.slice(start, end),
    sentence: evidenceAround(sentence.text, start - sentence.start, end - sentence.start),
    field,
    start,
    end,
    count: 1,
    mentions,
    within: entry.within,
  };
}

// Evidence is read in a list, a page and a mail: a run-on sentence (a table flattened to text, a
// title repeating a name) is cut to this many characters around the mention.
const MAX_EVIDENCE_LENGTH = 300;

/** The sentence, or about MAX_EVIDENCE_LENGTH characters of it around [start, end), cut between words, cuts marked "…". */
function evidenceAround(sentence: string, start: number, end: number): string {
  if (sentence.length <= MAX_EVIDENCE_LENGTH) return sentence;
  if (end - start >= MAX_EVIDENCE_LENGTH) return sentence.slice(start, end);
  const room = MAX_EVIDENCE_LENGTH - (end - start);
  const from = Math.min(Math.max(0, start - Math.ceil(room / 2)), sentence.length - MAX_EVIDENCE_LENGTH);
  const to = from + MAX_EVIDENCE_LENGTH;
  const head = from === 0 ? 0 : wordStartFrom(sentence, from, start);
  const tail = to === sentence.length ? to : wordEndBefore(sentence, to, end);
  return `${head > 0 ? '…' : ''}${sentence.slice(head, tail).trim()}${tail < sentence.length ? '…' : ''}`;
}

// The first word start in [at, limit]; the mention's own start when a word runs over `at`.
function wordStartFrom(text: string, at: number, limit: number): number {
  for (let i = at; i < limit; i++) if (/\s/.test(text[i - 1] ?? '')) return i;
  return limit;
}

// The last word end in [limit, at]; the mention's own end when a word runs over `at`.
function wordEndBefore(text: string, at: number, limit: number): number {
  for (let i = at; i > limit; i--) if (/\s/.test(text[i] ?? '')) return i;
  return limit;
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
