// Counts: the numbers of a sentence that could count people, with how they are qualified ("at
// least 32", "about 30", "between 30 and 40", "une trentaine"), and without the numbers that
// measure something else — ages, dates, years, times, distances, durations, percentages, labels
// ("Resolution 2364", "Stage 9") and things ("3 villages", "40 head of cattle"). Pure.
import type { Token } from '../text/index.js';
import { findWrittenNumbers, followingWord, type WrittenNumber } from './numbers.js';

export type Qualifier = 'exact' | 'at-least' | 'more-than' | 'up-to' | 'about';

/** A reported count: exact figures have min = max; "between 30 and 40" is 30–40. */
export interface Count {
  min: number;
  max: number;
  /** An approximation ("about 30", "dozens", "une trentaine"): min is a lower bound, as ACLED reads it. */
  approximate: boolean;
  /** Which way the truth may lie from a single stated number; a single number has min = max. */
  qualifier: Qualifier;
}

/** A count over tokens [first, last], its qualifier words included. */
export interface CountSpan {
  count: Count;
  first: number;
  last: number;
  /** "from 30 to 40", "de 30 à 40": after "rose" or "est passé" this is a change, not a range. */
  from: boolean;
  /** A lone "one", "un" or "une", which is often an article or a pronoun ("one of the"). */
  lone: boolean;
}

/** The counts of a sentence masked with `maskNonCounts`; `tokens` is its tokenisation. */
export function findCounts(text: string, tokens: readonly Token[]): CountSpan[] {
  const numbers = findWrittenNumbers(text, tokens);
  const counts: CountSpan[] = [];
  for (let k = 0; k < numbers.length; k++) {
    const n = numbers[k] as WrittenNumber;
    const upper = rangeEnd(text, tokens, n, numbers[k + 1]);
    const span = qualify(tokens, n, upper);
    if (upper) k += 1;
    if (!measuresSomethingElse(text, tokens, span, [n, ...(upper ? [upper] : [])])) counts.push(span);
  }
  return counts;
}

// ---------------------------------------------------------------------------------------------
// Masking

// Numbers that are never counts, blanked with spaces of the same length so offsets still index
// the sentence: numeric dates, clock times, percentages; and an inserted "including …" clause,
// so that in "160 people, including women and children, were killed" the 160 reaches its word
// and the children are not counted twice.
const NOT_COUNTS = [
  /\b\d{1,4}[/.-]\d{1,2}[/.-]\d{1,4}\b/g,
  /\b\d{1,2} ?[h:] ?\d{2}\b/gi,
  /\b\d{1,2}(?:[:.]\d{2})? ?(?:[ap]\.m\.|[ap]m\b)/gi,
  /\d+(?:[.,]\d+)? ?(?:%|per ?cent\b|pour ?cent\b|percent\b|pourcent\b)/gi,
  /, ?(?:including|among them|among whom|of whom|dont|parmi eux|parmi elles|parmi lesquels|parmi lesquelles|notamment)\b[^,;.:]*,/gi,
  /\((?:including|among them|dont|parmi eux|parmi elles|notamment)\b[^()]*\)/gi,
];

/** The sentence with every number that is never a count blanked out, offsets unchanged. */
export function maskNonCounts(sentence: string): string {
  return NOT_COUNTS.reduce((text, pattern) => text.replace(pattern, (m) => ' '.repeat(m.length)), sentence);
}

// ---------------------------------------------------------------------------------------------
// Ranges and qualifiers

// Between two numbers of a range: "30 to 40", "30 à 40", "two or three", "deux ou trois".
const RANGE_WORDS = new Set(['to', 'or', 'ou']);
// Before a range whose numbers are joined by "and"/"et": "between 30 and 40", "entre 30 et 40".
const BETWEEN = new Map([
  ['between', 'and'],
  ['entre', 'et'],
]);
const FROM = new Set(['from', 'de']);

// The upper number of a range starting at n ("30 to 40", "30-40", "between 30 and 40"), or
// undefined; a range goes up, so "40 to 30" is two numbers.
function rangeEnd(text: string, tokens: readonly Token[], n: WrittenNumber, next: WrittenNumber | undefined): WrittenNumber | undefined {
  if (!next || next.value <= n.value || next.approximate !== n.approximate) return undefined;
  if (next.first === n.last + 1) return /^[-–—]$/.test(text.slice(tokens[n.last]?.end, tokens[next.first]?.start)) ? next : undefined;
  if (next.first !== n.last + 2 || tokens[n.last + 1]?.breakBefore || tokens[next.first]?.breakBefore) return undefined;
  const between = tokens[n.last + 1] as Token;
  const joiner = BETWEEN.get(tokens[n.first - 1]?.norm ?? '');
  if (joiner) return between.norm === joiner ? next : undefined;
  if (RANGE_WORDS.has(between.norm)) return next;
  return text.slice(between.start, between.end).toLowerCase() === 'à' ? next : undefined;
}

type QualifierPhrase = { words: string[]; qualifier: Exclude<Qualifier, 'exact'> };

// Folded as the tokenizer folds them ("jusqu'à" is "jusqu a"); the longest phrase is tried first,
// so "pas plus de" (up to) wins over "plus de" (more than).
const QUALIFIERS: QualifierPhrase[] = (
  [
    ['at-least', 'at least|au moins|au minimum|a minimum of|no fewer than|no less than|not less than|pas moins de|pas moins d'],
    ['more-than', 'more than|over|upwards of|in excess of|plus de|plus d|au dela de|au dela d'],
    ['up-to', 'up to|as many as|at most|no more than|not more than|less than|fewer than|jusqu a|jusqu au|au plus|tout au plus|pas plus de|pas plus d|moins de|moins d'],
    [
      'about',
      'about|around|some|nearly|almost|approximately|roughly|close to|an estimated|estimated|approx|environ|pres de|pres d|quelque|approximativement|presque|quasiment|autour de|autour d|a peu pres|plus ou moins',
    ],
  ] as const
)
  .flatMap(([qualifier, phrases]) => phrases.split('|').map((phrase) => ({ words: phrase.split(' '), qualifier })))
  .sort((a, b) => b.words.length - a.words.length);

// The count of n (up to `upper` for a range), widened to the words that qualify it.
function qualify(tokens: readonly Token[], n: WrittenNumber, upper: WrittenNumber | undefined): CountSpan {
  let first = n.first;
  let from = false;
  if (upper && (BETWEEN.has(tokens[first - 1]?.norm ?? '') || FROM.has(tokens[first - 1]?.norm ?? ''))) {
    from = FROM.has(tokens[first - 1]?.norm ?? '');
    first -= 1;
  }
  const phrase = QUALIFIERS.find((q) => endsBefore(tokens, first, q.words));
  if (phrase) first -= phrase.words.length;
  const approximate = n.approximate || phrase?.qualifier === 'about';
  const qualifier = phrase?.qualifier ?? (n.approximate ? 'about' : 'exact');
  const count: Count = { min: n.value, max: upper?.value ?? n.value, approximate, qualifier };
  const lone = n.inWords && n.value === 1 && n.first === n.last && !upper;
  return { count, first, last: upper?.last ?? n.last, from, lone };
}

// Whether the tokens just before `first` are `words`, within one clause.
function endsBefore(tokens: readonly Token[], first: number, words: readonly string[]): boolean {
  const start = first - words.length;
  if (start < 0) return false;
  return words.every((word, k) => tokens[start + k]?.norm === word && (k === 0 || !tokens[start + k]?.breakBefore)) && !tokens[first]?.breakBefore;
}

// ---------------------------------------------------------------------------------------------
// Numbers that measure something else

// A number followed by one of these measures something else: "a 46-year-old", "15 km from",
// "two weeks ago", "dix jours", "5 o'clock", "500 000 FCFA".
const UNITS = words(`
  year years yr yrs an ans annee annees month months mois week weeks semaine semaines day days jour jours journee journees
  night nights nuit nuits hour hours hr hrs heure heures h minute minutes min mn second seconds seconde secondes o oclock
  km kms kilometre kilometres kilometer kilometers kilometre m metre metres meter meters mile miles ha hectares degrees degres
  percent pourcent pour per times fois tonnes tons kg kilos fcfa cfa f francs dollars usd euros eur`);
// A count of these is not a count of people: "3 villages", "40 head of cattle", "3 attacks".
const THINGS = words(`
  village villages hamlet hamlets hameau hameaux locality localities localite localites commune communes town towns
  vehicle vehicles vehicule vehicules motorcycle motorcycles moto motos truck trucks camion camions shop shops boutique boutiques
  granary granaries grenier greniers cattle head heads tete tetes animal animals animaux livestock betail sheep goats cows moutons chevres boeufs
  mosque mosques mosquee mosquees church churches eglise eglises school schools ecole ecoles well wells puits
  attack attacks attaque attaques incident incidents raid raids ambush ambushes embuscade embuscades operation operations
  weapon weapons arme armes rifle rifles fusil fusils ied ieds mine mines`);
// A number after one of these is a name or a reference: "Resolution 2364", "Stage 9", "RN 16".
const LABELS = words(`
  stage phase resolution resolutions article articles chapter chapitre no n numero num page p paragraph para section
  route road highway rn rr km level niveau zone sector secteur decree decret law loi act annex annexe table tableau figure fig
  team group groupe unit unite volume vol item point`);
// A number after one of these is an age: "aged 12", "âgé de 12 ans", "under the age of 5".
const AGE_WORDS = words('aged age ages agee agees');
const AGE_JOINERS = words('and et or ou');
// A number beside a month is a date ("on 19 November", "le 26 novembre", "November 25").
const MONTHS = words(`
  january february march april may june july august september october november december jan feb mar apr jun jul aug sep sept oct nov dec
  janvier fevrier mars avril mai juin juillet aout septembre octobre novembre decembre janv fevr avr juil`);

function measuresSomethingElse(text: string, tokens: readonly Token[], span: CountSpan, numbers: readonly WrittenNumber[]): boolean {
  const first = numbers[0] as WrittenNumber;
  // A label or a month stands right before the number itself ("Stage 9"), not before "at least".
  const before = precedingWord(tokens, first.first);
  const after = followingWord(tokens, span.last) ?? '';
  return (
    UNITS.has(after) ||
    THINGS.has(after) ||
    (after !== '' && isMonth(text, tokens[span.last + 1])) ||
    (before !== '' && isMonth(text, tokens[first.first - 1])) ||
    LABELS.has(before) ||
    isAge(tokens, span.first) ||
    numbers.some(isYear) ||
    (first.inWords && /^\d+$/.test(before)) || // "12 sept": a date, not seven
    (span.lone && (after === 'of' || after === 'des' || after === 'd')) // "one of the attackers", "l'un des"
  );
}

// "may" is a month only when written "May": "as many as 30 may have died" is a count.
function isMonth(text: string, token: Token | undefined): boolean {
  if (!token || !MONTHS.has(token.norm)) return false;
  return token.norm !== 'may' || text.slice(token.start, token.end) === 'May';
}

// "aged 12", "âgé de 12 ans", and the second age of "aged 12 and 14".
function isAge(tokens: readonly Token[], first: number): boolean {
  const before = precedingWord(tokens, first);
  if (AGE_WORDS.has(before)) return true;
  if (before === 'of' || before === 'de') return AGE_WORDS.has(precedingWord(tokens, first - 1));
  return AGE_JOINERS.has(before) && /^\d+$/.test(precedingWord(tokens, first - 1)) && isAge(tokens, first - 2);
}

// "in 2019" is a year; a four-digit count is written "2,000" or "2 000" in reports.
function isYear(n: WrittenNumber): boolean {
  return /^\d{4}$/.test(n.written) && n.value >= 1900 && n.value <= 2100;
}

// The folded word before token i, when it is in the same clause.
function precedingWord(tokens: readonly Token[], i: number): string {
  const token = tokens[i];
  return token && !token.breakBefore ? (tokens[i - 1]?.norm ?? '') : '';
}

function words(list: string): Set<string> {
  return new Set(list.split(/\s+/).filter(Boolean));
}
