// A trie over tokens: finds every phrase of a large list in one left-to-right pass, at a cost
// that depends on the text, not on the number of phrases. Longest phrase wins where phrases
// overlap ("Sobane Da" over "Sobane"), found phrases never overlap, and a phrase never runs
// across the end of a clause.
import { tokenize, type Token } from './normalize.js';

interface TrieNode<T> {
  next: Map<string, TrieNode<T>>;
  values: T[];
}

/** A compiled set of phrases, each carrying the values it stands for. */
export interface PhraseIndex<T> {
  readonly root: TrieNode<T>;
  readonly size: number;
}

/** One occurrence: tokens [first, last] of the text, and the values of the phrase found. */
export interface PhraseHit<T> {
  first: number;
  last: number;
  values: readonly T[];
}

/** Builds an index of phrases; a phrase with no letters or digits is ignored. */
export function compilePhrases<T>(entries: Iterable<{ phrase: string; value: T }>): PhraseIndex<T> {
  const root: TrieNode<T> = { next: new Map(), values: [] };
  let size = 0;
  for (const { phrase, value } of entries) {
    const tokens = tokenize(phrase);
    if (tokens.length === 0) continue;
    let node = root;
    for (const { norm } of tokens) {
      let child = node.next.get(norm);
      if (!child) {
        child = { next: new Map(), values: [] };
        node.next.set(norm, child);
      }
      node = child;
    }
    node.values.push(value);
    size += 1;
  }
  return { root, size };
}

/**
 * Finds the phrases of `index` in `tokens`, leftmost first, longest at each position. A token
 * inside a link (`inside`) is never part of a phrase.
 */
export function findPhrases<T>(index: PhraseIndex<T>, tokens: readonly Token[]): PhraseHit<T>[] {
  const hits: PhraseHit<T>[] = [];
  const { root } = index;
  let i = 0;
  while (i < tokens.length) {
    const first = tokens[i] as Token;
    let node = first.inside === null ? root.next.get(first.norm) : undefined;
    if (!node) {
      i += 1;
      continue;
    }
    // The best end so far is kept in two variables: an object per candidate was most of the garbage.
    let bestLast = node.values.length > 0 ? i : -1;
    let bestValues = node.values;
    for (let j = i + 1; j < tokens.length; j++) {
      const token = tokens[j] as Token;
      if (token.breakBefore || token.inside !== null) break;
      node = node.next.get(token.norm);
      if (!node) break;
      if (node.values.length > 0) {
        bestLast = j;
        bestValues = node.values;
      }
    }
    if (bestLast < 0) {
      i += 1;
      continue;
    }
    hits.push({ first: i, last: bestLast, values: bestValues });
    i = bestLast + 1;
  }
  return hits;
}
