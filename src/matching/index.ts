// Matching: finds watched places and actors in an item's title and text, accent-, case- and
// punctuation-insensitively, on whole words, outside links, in one pass whatever the number of
// aliases. Pure: no I/O but store.ts. One match per place or actor and field, with the first
// mention's words and sentence, where each mention stands, and why an ambiguous name counted.
export { compileMatcher } from './compile.js';
export type { CompileOptions, Matcher } from './compile.js';
export { explainMatches } from './explain.js';
export { eachMention, matchItem } from './match.js';
export type { EntityMatch, MatchExplanation, MatchField, MatchKind, MentionSpan, MatchableActor, MatchableItem, MatchablePlace, MatchableWatchlist } from './types.js';
export { storeMatches } from './store.js';
export { deleteMatches, loadStoredMatches } from './forget.js';
export type { StoredMatchKey } from './forget.js';
