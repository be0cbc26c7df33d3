// Signals: what an item reports happened at a watched place — kinds of violence and reported
// figures — read from the title and from the sentences that name a watched place or actor.
// Word lists come from config/risk.yaml. Figures are digits tied to a nearby word ("at least
// 32 civilians were killed", "killing 12"); number words and ranges come with the risk issue.
import type { RiskConfig } from '../config/index.js';
import { compilePhrases, findPhrases, splitSentences, tokenize, type EntityMatch, type PhraseHit, type PhraseIndex, type Sentence, type Token } from '../matching/index.js';

export const FIGURES = ['killed', 'injured', 'abducted', 'homesBurned', 'displaced'] as const;
export type Figure = (typeof FIGURES)[number];

/** A kind of violence found, with the words that showed it. */
export interface ViolenceFound {
  kind: string;
  term: string;
  sentence: string;
}

/** Reported figures (null when not stated) and the violence found in an item. */
export interface Signals {
  figures: Record<Figure, number | null>;
  violence: ViolenceFound[];
}

/** The word lists of config/risk.yaml, compiled once. */
export interface SignalRules {
  violence: PhraseIndex<string>;
  figures: PhraseIndex<Figure>;
}

export function compileSignalRules(risk: RiskConfig): SignalRules {
  const violence = Object.entries(risk.violence).flatMap(([kind, terms]) => terms.map((phrase) => ({ phrase, value: kind })));
  const figures = FIGURES.flatMap((figure) => risk.figures[figure].map((phrase) => ({ phrase, value: figure })));
  return { violence: compilePhrases(violence), figures: compilePhrases(figures) };
}

/** Reads signals from the title and the sentences around a match; pure. */
export function extractSignals(rules: SignalRules, item: { title: string; text: string }, matches: readonly EntityMatch[]): Signals {
  const passages = [item.title, ...passagesAround(item.text, matches)];
  const figures: Record<Figure, number | null> = { killed: null, injured: null, abducted: null, homesBurned: null, displaced: null };
  const violence: ViolenceFound[] = [];
  const kindsSeen = new Set<string>();
  for (const sentence of passages) {
    const tokens = tokenize(sentence);
    for (const hit of findPhrases(rules.violence, tokens)) {
      for (const kind of hit.values) {
        if (kindsSeen.has(kind)) continue;
        kindsSeen.add(kind);
        violence.push({ kind, term: sentence.slice(tokens[hit.first]?.start, tokens[hit.last]?.end), sentence });
      }
    }
    for (const [figure, value] of readFigures(rules.figures, sentence, tokens)) figures[figure] ??= value;
  }
  return { figures, violence };
}

// The sentence naming a watched place and the one after it: reports often say where in one
// sentence and how many in the next ("…attacked Ouémbé. At least 4 people were killed.").
function passagesAround(text: string, matches: readonly EntityMatch[]): string[] {
  const sentences = splitSentences(text);
  const chosen = new Set<number>();
  for (const m of matches) {
    if (m.field !== 'text') continue;
    const i = sentences.findIndex((s) => m.start >= s.start && m.start < s.end);
    if (i < 0) continue;
    chosen.add(i);
    if (i + 1 < sentences.length) chosen.add(i + 1);
  }
  return [...chosen].sort((a, b) => a - b).map((i) => (sentences[i] as Sentence).text);
}

// A number may stand this many tokens before its word ("32 civilians were killed"), or this
// many after it ("killing at least 12").
const MAX_GAP_BEFORE = 3;
const MAX_GAP_AFTER = 2;
// A number followed by one of these measures something else ("a 46-year-old", "3 km").
const UNITS = new Set(['year', 'years', 'yr', 'an', 'ans', 'km', 'kilometres', 'kilometers', 'miles', 'hours', 'heures', 'h', 'percent', 'pourcent', 'pour']);
// A number beside a month is a date ("on November 25", "le 26 novembre").
const MONTHS = new Set(
  'january february march april may june july august september october november december jan feb mar apr jun jul aug sep sept oct nov dec janvier fevrier mars avril mai juin juillet aout septembre octobre novembre decembre'.split(' '),
);
const NUMBER = /\d{1,3}(?:[,\u00a0\u202f ]\d{3})+(?!\d)|\d+/g;

interface NumberToken {
  value: number;
  /** Index of the token the number ends in. */
  last: number;
  first: number;
}

// Each number goes to one word and each word to one number. First a number followed by its
// word ("4 personnes ont été tuées"), then a word followed by its number ("killing at least 37");
// never across a clause ("killed 12 and wounded 30": 12 is not the wounded).
function readFigures(index: PhraseIndex<Figure>, sentence: string, tokens: Token[]): [Figure, number][] {
  const numbers = findNumbers(sentence, tokens);
  const hits = findPhrases(index, tokens);
  const bound = new Map<PhraseHit<Figure>, NumberToken>();
  const used = new Set<NumberToken>();
  const sameClause = (from: number, to: number): boolean => !crossesClause(sentence, tokens, from, to);
  for (const n of numbers) {
    const hit = hits.find((h) => h.first > n.last && h.first - n.last - 1 <= MAX_GAP_BEFORE && sameClause(n.last, h.first));
    if (hit && !bound.has(hit)) {
      bound.set(hit, n);
      used.add(n);
    }
  }
  for (const hit of hits) {
    if (bound.has(hit)) continue;
    const n = numbers.find((x) => !used.has(x) && x.first > hit.last && x.first - hit.last - 1 <= MAX_GAP_AFTER && sameClause(hit.last, x.first));
    if (n) {
      bound.set(hit, n);
      used.add(n);
    }
  }
  return [...bound].flatMap(([hit, n]) => hit.values.map((figure): [Figure, number] => [figure, n.value]));
}

const CONJUNCTIONS = new Set(['and', 'or', 'but', 'while', 'whereas', 'et', 'ou', 'mais', 'tandis', 'alors']);

function crossesClause(sentence: string, tokens: Token[], from: number, to: number): boolean {
  for (let i = from + 1; i < to; i++) if (CONJUNCTIONS.has((tokens[i] as Token).norm)) return true;
  return /[,;:()]/.test(sentence.slice((tokens[from] as Token).end, (tokens[to] as Token).start));
}

function findNumbers(sentence: string, tokens: Token[]): NumberToken[] {
  const numbers: NumberToken[] = [];
  for (const m of sentence.matchAll(NUMBER)) {
    const start = m.index;
    const end = start + m[0].length;
    const first = tokens.findIndex((t) => t.start >= start);
    const last = tokens.findLastIndex((t) => t.end <= end);
    if (first < 0 || last < first) continue;
    const next = tokens[last + 1]?.norm ?? '';
    const previous = tokens[first - 1]?.norm ?? '';
    const value = Number(m[0].replace(/\D/g, ''));
    if (UNITS.has(next) || MONTHS.has(next) || MONTHS.has(previous) || isYear(m[0], value)) continue;
    numbers.push({ value, first, last });
  }
  return numbers;
}

// "in 2019" is a date; a four-digit count is written "2,000" or "2 000" in reports.
function isYear(written: string, value: number): boolean {
  return /^\d{4}$/.test(written) && value >= 1900 && value <= 2100;
}
