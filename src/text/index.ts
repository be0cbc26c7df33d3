// Text primitives shared by config, matching, risk and alerts: one normalisation (accents,
// case, apostrophes, hyphens), tokens with their offsets, a phrase index matched in one pass,
// and sentence boundaries. Pure, and below every stage: it imports nothing of Vigil's.
export { normalizeKey, tokenize } from './normalize.js';
export type { LinkKind, Token, TokenizeOptions } from './normalize.js';
export { compilePhrases, findPhrases } from './phrases.js';
export type { PhraseHit, PhraseIndex } from './phrases.js';
export { sentenceAround, sentenceAt, splitSentences } from './sentences.js';
export type { Sentence } from './sentences.js';
