// Matching: finds watched places and actors in an item's title and text, accent-, case- and
// punctuation-insensitively, on whole words, in one pass whatever the number of aliases.
// Pure: no I/O. One match per place or actor and field, with the first mention's words as written
// and the sentence they stand in, the count of mentions, and where each mention stands.
export { compileMatcher, eachMention, matchItem } from './match.js';
export type { EntityMatch, MatchField, MatchKind, MentionSpan, MatchableActor, MatchableItem, MatchablePlace, MatchableWatchlist, Matcher } from './match.js';
export { storeMatches } from './store.js';
export { deleteMatches, loadStoredMatches } from './forget.js';
export type { StoredMatchKey } from './forget.js';
