// Numbers as reports write them, in English and French: digits ("132", "1,200", "1 200",
// "1.200", "1.5 million"), words up to the millions ("thirty-five", "one hundred and twenty",
// "soixante et onze", "quatre-vingt-dix-neuf", "deux mille") and the round nouns that stand for
// an unknown number ("dozens", "une trentaine", "des centaines"), read at ACLED's fixed lower
// bounds. This module says what a number is, never what it counts: dates, ages and distances
// are told apart in counts.ts. Pure.
import { tokenize, type Token } from '../text/index.js';

/** A number found in a text, over tokens [first, last] of its tokenisation. */
export interface WrittenNumber {
  value: number;
  /** A round noun ("dozens", "une trentaine"): a lower bound for an unknown number. */
  approximate: boolean;
  /** Written in words ("thirty-five", "un") rather than digits. */
  inWords: boolean;
  /** The number as written, e.g. "1 200" or "thirty-five". */
  written: string;
  first: number;
  last: number;
}

/** The value of a text that is one number and nothing else ("1 200", "quatre-vingts"), or null. */
export function parseNumber(written: string): { value: number; approximate: boolean } | null {
  const tokens = tokenize(written);
  const numbers = findWrittenNumbers(written, tokens);
  const only = numbers[0];
  if (numbers.length !== 1 || !only || only.first !== 0 || only.last !== tokens.length - 1) return null;
  return { value: only.value, approximate: only.approximate };
}

/** Every number of `text`, left to right; `tokens` is `tokenize(text)`. */
export function findWrittenNumbers(text: string, tokens: readonly Token[]): WrittenNumber[] {
  const digits = new Map(findDigits(text, tokens).map((n) => [n.first, n]));
  const numbers: WrittenNumber[] = [];
  for (let i = 0; i < tokens.length; i++) {
    const found = digits.get(i) ?? readRound(text, tokens, i) ?? readWords(text, tokens, i);
    if (!found) continue;
    const whole = withRoundNoun(text, tokens, found);
    numbers.push(whole);
    i = whole.last;
  }
  return numbers;
}

// ---------------------------------------------------------------------------------------------
// Digits

// Thousands are grouped by a comma (English), a space, a no-break or narrow no-break space
// (French), or a dot followed by exactly three digits (French, "1.200"); otherwise a dot or a
// comma starts decimals ("1.5 million", "1,5 million"), which only a multiplier makes a count.
const DIGITS = /(?<![\p{L}\p{N}]|\d[.,])(?:(\d{1,3}(?:,\d{3})+|\d{1,3}(?:[ \u00a0\u202f\u2009]\d{3})+|\d{1,3}(?:\.\d{3})+)|(\d+[.,]\d+)|(\d+))(?![\p{L}\p{N}]|[.,]\d)/gu;
const DIGIT_MULTIPLIERS: Record<string, number> = { thousand: 1e3, mille: 1e3, million: 1e6, millions: 1e6 };

function findDigits(text: string, tokens: readonly Token[]): WrittenNumber[] {
  const numbers: WrittenNumber[] = [];
  for (const m of text.matchAll(DIGITS)) {
    const first = tokens.findIndex((t) => t.start === m.index);
    const last = tokens.findIndex((t) => t.end === m.index + m[0].length);
    if (first < 0 || last < first) continue;
    const [, grouped, decimal, plain] = m;
    let value = grouped !== undefined ? Number(grouped.replace(/\D/g, '')) : Number((decimal ?? plain ?? '').replace(',', '.'));
    let end = last;
    const multiplier = DIGIT_MULTIPLIERS[followingWord(tokens, last) ?? ''];
    if (multiplier) {
      value = Math.round(value * multiplier);
      end = last + 1;
    } else if (decimal !== undefined) {
      continue; // "3.5" measures something; a count of people is a whole number
    }
    numbers.push({ value, approximate: false, inWords: false, written: text.slice(m.index, tokens[end]?.end), first, last: end });
  }
  return numbers;
}

// ---------------------------------------------------------------------------------------------
// Words

interface Additive {
  value: number;
  /** A tens word, which a smaller number may follow ("twenty-five", "dix-sept", "soixante-dix"). */
  tens: boolean;
}

const ADDITIVES = new Map<string, Additive>();
function addWords(words: string, firstValue: number, step: number, tens: boolean): void {
  words.split(' ').forEach((word, i) => ADDITIVES.set(word, { value: firstValue + i * step, tens }));
}
addWords('one two three four five six seven eight nine ten eleven twelve thirteen fourteen fifteen sixteen seventeen eighteen nineteen', 1, 1, false);
addWords('twenty thirty forty fifty sixty seventy eighty ninety', 20, 10, true);
addWords('un deux trois quatre cinq six sept huit neuf', 1, 1, false);
addWords('onze douze treize quatorze quinze seize', 11, 1, false);
addWords('dix vingt trente quarante cinquante soixante septante huitante nonante', 10, 10, true);
ADDITIVES.set('une', { value: 1, tens: false });
ADDITIVES.set('octante', { value: 80, tens: true });

const HUNDREDS = new Set(['hundred', 'cent', 'cents']);
const THOUSANDS = new Set(['thousand', 'mille']);
const MILLIONS = new Set(['million', 'millions']);
// "80 pour cent", "80 per cent": this "cent" is a percentage, not a hundred.
const PERCENT_WORDS = new Set(['pour', 'per']);

/** The running state of a number being read in words. */
interface WordsState {
  total: number;
  group: number;
  /** What the last word was: it decides which words may follow. */
  after: 'start' | 'unit' | 'tens' | 'hundred' | 'thousand' | 'million';
  /** The tens value just read (60 for "soixante", 80 for "quatre-vingt"), 0 after a unit. */
  tens: number;
  lastWord: string;
}

// Reads "thirty-five", "one hundred and twenty", "a hundred", "quatre-vingt-dix-neuf",
// "soixante et onze", "deux mille cinq cents" from token i; null when no number starts there.
function readWords(text: string, tokens: readonly Token[], i: number): WrittenNumber | null {
  if (PERCENT_WORDS.has(tokens[i - 1]?.norm ?? '') && HUNDREDS.has(tokens[i]?.norm ?? '')) return null;
  const state: WordsState = { total: 0, group: 0, after: 'start', tens: 0, lastWord: '' };
  let j = i;
  let last = -1;
  // "a hundred", "a thousand": the article counts one, and only before a multiplier.
  if (isArticleA(text, tokens[i]) && isMultiplier(tokens[i + 1]?.norm)) {
    state.group = 1;
    state.after = 'unit';
    j = i + 1;
  }
  for (; j < tokens.length; j++) {
    const token = tokens[j] as Token;
    if (j > i && token.breakBefore) break;
    if (isJoiningWord(tokens, j, state)) continue;
    if (!readWord(state, token.norm)) break;
    last = j;
  }
  if (last < 0) return null;
  return { value: state.total + state.group, approximate: false, inWords: true, written: text.slice(tokens[i]?.start, tokens[last]?.end), first: i, last };
}

// Applies one word to the number being read; false when the word cannot continue it.
function readWord(state: WordsState, word: string): boolean {
  if ((word === 'vingt' || word === 'vingts') && state.lastWord === 'quatre' && state.after === 'unit') {
    state.group += 76; // "quatre-vingt(s)": four twenties
    return setAfter(state, word, 'tens', 80);
  }
  const additive = ADDITIVES.get(word);
  if (additive) return addTo(state, word, additive);
  if (HUNDREDS.has(word) && state.group < 10 && (state.after === 'start' || state.after === 'unit' || state.after === 'thousand' || state.after === 'million')) {
    state.group = (state.group || 1) * 100;
    return setAfter(state, word, 'hundred', 0);
  }
  if (THOUSANDS.has(word) && state.total % 1e6 === 0 && state.after !== 'thousand') {
    state.total += (state.group || 1) * 1e3;
    state.group = 0;
    return setAfter(state, word, 'thousand', 0);
  }
  if (MILLIONS.has(word) && state.total === 0) {
    state.total = (state.group || 1) * 1e6;
    state.group = 0;
    return setAfter(state, word, 'million', 0);
  }
  return false;
}

// A smaller number may follow a tens word ("twenty-five"); after "soixante" and "quatre-vingt"
// it may be ten to nineteen ("soixante-dix", "quatre-vingt-onze"), after "dix" only 7 to 9.
function addTo(state: WordsState, word: string, additive: Additive): boolean {
  const fits =
    state.after === 'start' ||
    state.after === 'hundred' ||
    state.after === 'thousand' ||
    state.after === 'million' ||
    (state.after === 'tens' && additive.value < maxAfterTens(state.tens));
  if (!fits) return false;
  state.group += additive.value;
  return setAfter(state, word, additive.tens ? 'tens' : 'unit', additive.tens ? additive.value : 0);
}

function maxAfterTens(tens: number): number {
  return tens === 60 || tens === 80 ? 20 : 10;
}

function setAfter(state: WordsState, word: string, after: WordsState['after'], tens: number): true {
  state.after = after;
  state.tens = tens;
  state.lastWord = word;
  return true;
}

// "and" inside "one hundred and twenty", "et" inside "vingt et un", "soixante et onze": read
// over only when a number word follows, so "killed 12 and wounded 30" never joins.
function isJoiningWord(tokens: readonly Token[], j: number, state: WordsState): boolean {
  const word = tokens[j]?.norm;
  const next = tokens[j + 1];
  if (!next || next.breakBefore) return false;
  if (word === 'and') return (state.after === 'hundred' || state.after === 'thousand') && ADDITIVES.has(next.norm);
  if (word === 'et') return state.after === 'tens' && state.tens >= 20 && state.tens <= 60 && (next.norm === 'un' || next.norm === 'une' || next.norm === 'onze');
  return false;
}

function isMultiplier(word: string | undefined): boolean {
  return word !== undefined && (HUNDREDS.has(word) || THOUSANDS.has(word) || MILLIONS.has(word));
}

// English "a"; French "à" folds to the same token, so the text as written decides.
function isArticleA(text: string, token: Token | undefined): boolean {
  return token !== undefined && text.slice(token.start, token.end).toLowerCase() === 'a';
}

// ---------------------------------------------------------------------------------------------
// Round nouns

interface RoundNoun {
  value: number;
  /** Singular nouns need an article or a number before them ("a dozen", "une trentaine"). */
  singular: boolean;
  /** "tens of", "scores of": without "of" these are not numbers. */
  needsOf: boolean;
}

const ROUND = new Map<string, RoundNoun>();
function addRound(words: string, value: number, singular: boolean, needsOf = false): void {
  for (const word of words.split(' ')) ROUND.set(word, { value, singular, needsOf });
}
addRound('dozen douzaine', 12, true);
addRound('dozens douzaines', 12, false);
addRound('tens', 10, false, true);
addRound('scores', 20, false, true);
addRound('hundreds centaines', 100, false);
addRound('thousands milliers', 1000, false);
addRound('millions', 1e6, false, true);
addRound('dizaine', 10, true);
addRound('dizaines', 10, false);
addRound('quinzaine', 15, true);
addRound('vingtaine', 20, true);
addRound('trentaine', 30, true);
addRound('quarantaine', 40, true);
addRound('cinquantaine', 50, true);
addRound('soixantaine', 60, true);
addRound('centaine', 100, true);
addRound('millier', 1000, true);

// Words that may stand before a round noun and belong to it: "des dizaines", "several hundred".
const ROUND_LEADS = new Set(['des', 'plusieurs', 'quelques', 'several']);
const ARTICLES = new Set(['une', 'un']);
const OF = new Set(['of', 'de', 'd']);
// "tens of thousands", "des dizaines de milliers": a round noun multiplied by another.
const ROUND_MULTIPLIERS = new Map([
  ['thousands', 1e3],
  ['milliers', 1e3],
  ['hundreds', 100],
  ['centaines', 100],
  ['millions', 1e6],
]);

// Reads "dozens", "a dozen", "une trentaine", "des centaines de milliers", "several hundred"
// from token i; null when no round noun starts there.
function readRound(text: string, tokens: readonly Token[], i: number): WrittenNumber | null {
  const lead = leadLength(text, tokens, i);
  const nounAt = i + lead.length;
  const noun = tokens[nounAt];
  if (!noun || (nounAt > i && noun.breakBefore)) return null;
  // "several hundred", "a few thousand", "plusieurs centaines": a hundred or a thousand at least.
  if (lead.kind === 'several' && (noun.norm === 'hundred' || noun.norm === 'thousand')) {
    return roundNumber(text, tokens, i, nounAt, noun.norm === 'hundred' ? 100 : 1000);
  }
  const round = ROUND.get(noun.norm);
  if (!round || (round.singular && lead.kind !== 'article')) return null;
  if (round.needsOf && !OF.has(followingWord(tokens, nounAt) ?? '')) return null;
  return roundNumber(text, tokens, i, nounAt, round.value);
}

function leadLength(text: string, tokens: readonly Token[], i: number): { length: number; kind: 'none' | 'article' | 'several' } {
  const word = tokens[i]?.norm ?? '';
  if (isArticleA(text, tokens[i]) && followingWord(tokens, i) === 'few') return { length: 2, kind: 'several' };
  if (isArticleA(text, tokens[i]) || ARTICLES.has(word)) return { length: 1, kind: 'article' };
  if (ROUND_LEADS.has(word)) return { length: 1, kind: 'several' };
  return { length: 0, kind: 'none' };
}

// The round number from token `first` (its lead) to the noun at `nounAt`, multiplied by a
// following "of thousands", and with a trailing "of"/"de" so that the noun it counts follows.
function roundNumber(text: string, tokens: readonly Token[], first: number, nounAt: number, value: number): WrittenNumber {
  let last = nounAt;
  const multiplier = OF.has(followingWord(tokens, last) ?? '') ? ROUND_MULTIPLIERS.get(followingWord(tokens, last + 1) ?? '') : undefined;
  if (multiplier) {
    value *= multiplier;
    last += 2;
  }
  if (OF.has(followingWord(tokens, last) ?? '') && followingWord(tokens, last + 1) !== undefined) last += 1;
  return { value, approximate: true, inWords: true, written: text.slice(tokens[first]?.start, tokens[last]?.end), first, last };
}

// "two dozen", "deux centaines": a number times a round noun is still approximate.
function withRoundNoun(text: string, tokens: readonly Token[], n: WrittenNumber): WrittenNumber {
  if (n.approximate) return n;
  const round = ROUND.get(followingWord(tokens, n.last) ?? '');
  if (!round || round.needsOf) return n;
  const multiplied = roundNumber(text, tokens, n.first, n.last + 1, n.value * round.value);
  return { ...multiplied, inWords: n.inWords };
}

// ---------------------------------------------------------------------------------------------

/** The folded word after token i, when it is in the same clause. */
export function followingWord(tokens: readonly Token[], i: number): string | undefined {
  const next = tokens[i + 1];
  return next && !next.breakBefore ? next.norm : undefined;
}
