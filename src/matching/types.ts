// What the matcher takes (watchlists, items) and gives (matches, explanations).

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

/** Where one mention stands in its field. */
export interface MentionSpan {
  start: number;
  end: number;
}

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
  /** Why an ambiguous name counted ("context: Bankass cercle"); null for a name that needs no context. Stored. */
  reason: string | null;
}

/** One candidate mention of a watched name, whether it counted, and why or why not. */
export interface MatchExplanation {
  kind: MatchKind;
  entityId: number;
  watchlistId: number;
  name: string;
  /** The words as written in the item. */
  alias: string;
  field: MatchField;
  start: number;
  end: number;
  /** The sentence the words stand in (the title for the title), cut to about 300 characters. */
  sentence: string;
  counted: boolean;
  /** "counted", "context: Bankass cercle", "ambiguous: no context in the item", "inside a URL", … */
  why: string;
}
