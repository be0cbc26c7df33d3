// Signals: what an item reports happened at a watched place — kinds of violence and reported
// figures — read from the title and from the sentences that name a watched place or actor.
// Word lists come from config/risk.yaml. Figures are digits tied to a nearby word ("at least
// 32 civilians were killed", "killing 12"); number words and ranges come with the risk issue.
import type { RiskConfig } from '../config/index.js';
import type { EntityMatch } from '../matching/index.js';
import { compilePhrases, findPhrases, splitSentences, tokenize, type PhraseHit, type PhraseIndex, type Sentence, type Token } from '../text/index.js';

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
  attackers: PhraseIndex<true>;
  figuresNeed: RiskConfig['figuresNeed'];
}

export function compileSignalRules(risk: RiskConfig): SignalRules {
  const violence = Object.entries(risk.violence).flatMap(([kind, terms]) => terms.map((phrase) => ({ phrase, value: kind })));
  const figures = FIGURES.flatMap((figure) => risk.figures[figure].map((phrase) => ({ phrase, value: figure })));
  const attackers = risk.attackers.map((phrase) => ({ phrase, value: true as const }));
  return { violence: compilePhrases(violence), figures: compilePhrases(figures), attackers: compilePhrases(attackers), figuresNeed: risk.figuresNeed };
}

/** Reads signals from the title and the sentences around a match; pure. */
export function extractSignals(rules: SignalRules, item: { title: string; text: string }, matches: readonly EntityMatch[]): Signals {
  const passages = [item.title, ...passagesAround(item.text, matches)];
  const figures: Record<Figure, number | null> = { killed: null, injured: null, abducted: null, homesBurned: null, displaced: null };
  const violence: ViolenceFound[] = [];
  const kindsSeen = new Set<string>();
  for (const sentence of passages) {
    const tokens = tokenize(sentence);
    const kindsHere = new Set<string>();
    for (const hit of findPhrases(rules.violence, tokens)) {
      for (const kind of hit.values) {
        kindsHere.add(kind);
        if (kindsSeen.has(kind)) continue;
        kindsSeen.add(kind);
        violence.push({ kind, term: sentence.slice(tokens[hit.first]?.start, tokens[hit.last]?.end), sentence });
      }
    }
    for (const [figure, value] of readFigures(rules, sentence)) {
      const needs = rules.figuresNeed[figure];
      if (!needs || needs.some((kind) => kindsHere.has(kind))) figures[figure] ??= value;
    }
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
// never across a clause ("killed 12 and wounded 30": 12 is not the wounded), and never from a
// number of attackers ("some 30 gunmen killed 12").
function readFigures(rules: SignalRules, original: string): [Figure, number][] {
  const sentence = maskNonFigures(original);
  const tokens = tokenize(sentence);
  const numbers = findNumbers(sentence, tokens);
  const hits = findPhrases(rules.figures, tokens);
  const attackerAt = new Set(findPhrases(rules.attackers, tokens).map((h) => h.first));
  const bound = new Map<PhraseHit<Figure>, NumberToken>();
  const used = new Set<NumberToken>();
  const sameClause = (from: number, to: number): boolean => !crossesClause(tokens, from, to);
  const countsAttackers = (from: number, to: number): boolean => [...attackerAt].some((i) => i > from && i < to);
  for (const n of numbers) {
    const hit = hits.find((h) => h.first > n.last && h.first - n.last - 1 <= MAX_GAP_BEFORE && sameClause(n.last, h.first));
    if (hit && !bound.has(hit) && !countsAttackers(n.last, hit.first)) {
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

// Numbers that are never figures, blanked (same length, so offsets hold): numeric dates,
// clock times, percentages; and an inserted "including …" clause, so that in "160 people,
// including women and children, were killed" the 160 reaches its word.
const NOT_FIGURES = [
  /\b\d{1,2}[/.-]\d{1,2}[/.-]\d{2,4}\b/g,
  /\b\d{1,2} ?(?:h|:) ?\d{2}\b/gi,
  /\b\d{1,2} ?(?:a\.m\.|p\.m\.|am\b|pm\b)/gi,
  /\d+(?:[.,]\d+)? ?%/g,
  /, ?(?:including|among them|among whom|dont|parmi eux|parmi elles|parmi lesquels|parmi lesquelles|notamment)\b[^,;.]*,/gi,
];

function maskNonFigures(sentence: string): string {
  return NOT_FIGURES.reduce((text, pattern) => text.replace(pattern, (m) => ' '.repeat(m.length)), sentence);
}

const CONJUNCTIONS = new Set(['and', 'or', 'but', 'while', 'whereas', 'et', 'ou', 'mais', 'tandis', 'alors']);

function crossesClause(tokens: readonly Token[], from: number, to: number): boolean {
  for (let i = from + 1; i <= to; i++) {
    const token = tokens[i] as Token;
    if (token.breakBefore || (i < to && CONJUNCTIONS.has(token.norm))) return true;
  }
  return false;
}

function findNumbers(sentence: string, tokens: readonly Token[]): NumberToken[] {
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
