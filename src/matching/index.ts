// Matching: finds watched places and actors in an item's title and text, accent-, case- and
// punctuation-insensitively, on whole words, in one pass whatever the number of aliases.
// Pure: no I/O. Every match keeps the words as written and the sentence they stand in.
export { compileMatcher, matchItem } from './match.js';
export type { EntityMatch, MatchField, MatchKind, MatchableActor, MatchableItem, MatchablePlace, MatchableWatchlist, Matcher } from './match.js';
export { storeMatches } from './store.js';
