// Figures: the casualty counts one sentence reports — how many were killed, injured, abducted,
// displaced or lost their homes, who they were (people, civilians, security forces, attackers),
// whether the count revises an earlier toll — and who the victims were. English and French, as
// UN, NGO and press reports write them. Word lists come from config/risk.yaml (`figures`,
// `attackers`, `subjects`, `victims`, `revisions`); numbers are read by counts.ts. Pure.
//
// A count goes to one figure word and a figure word to one count: first a count followed by its
// word ("at least 32 civilians were killed"), then a word followed by its count ("killing at
// least 37 people"), then a count right after a revised toll ("the death toll rose to 35"), then
// a count listed beside one already read ("killing 12 soldiers and 3 civilians"). Never across a
// clause ("killed 12 and wounded 30": 12 is not the wounded), and never a count of attackers who
// did the violence ("some 30 gunmen killed 12"). `figuresNeed` is the caller's to apply.
//
// A lone "one", "un" or "une" is a count only before a word for people or a figure word ("one
// soldier was killed", "un mort"); English "a"/"an" never is ("a man was killed", "a
// 46-year-old"): the article is everywhere, and a single death is rarely what an alert hinges on.
import type { RiskConfig } from '../config/index.js';
import { compilePhrases, findPhrases, tokenize, type PhraseHit, type PhraseIndex, type Token } from '../text/index.js';
import { findCounts, maskNonCounts, type Count, type CountSpan } from './counts.js';

export type { Count, Qualifier } from './counts.js';

export const FIGURES = ['killed', 'injured', 'abducted', 'homesBurned', 'displaced'] as const;
export type Figure = (typeof FIGURES)[number];

/** Who a figure counts. Soldiers and attackers are kept apart from victims. */
export type FigureSubject = 'people' | 'civilians' | 'security-forces' | 'attackers';

export interface FigureFound {
  figure: Figure;
  count: Count;
  subject: FigureSubject;
  /** A revision: "the death toll rose to 35", "le bilan s'est alourdi à 40", "revised the toll to". */
  revised: boolean;
  /** The words it was read from, as written, e.g. "at least 32 civilians were killed". */
  evidence: string;
  /** Offsets of the evidence within the sentence. */
  start: number;
  end: number;
}

/** A victim group a sentence names: 'civilians', 'women', 'children', 'elderly' or a configured community such as 'Fulani'. */
export interface VictimFound {
  group: string;
  /** The words it was read from, as written. */
  term: string;
}

interface FigureWord {
  figure: Figure;
  /** "neutralised": said of attackers only. */
  ofAttackers: boolean;
}

interface VictimGroup {
  group: string;
  community: boolean;
}

/** The word lists of config/risk.yaml that figures are read with, compiled once. */
export interface FigureRules {
  words: PhraseIndex<FigureWord>;
  subjects: PhraseIndex<FigureSubject>;
  victims: PhraseIndex<VictimGroup>;
  /** Violence and figure terms: a sentence without any names no victims. */
  harm: PhraseIndex<true>;
  tolls: PhraseIndex<true>;
  rises: PhraseIndex<true>;
}

export function compileFigureRules(risk: RiskConfig): FigureRules {
  const { subjects, victims, revisions } = risk;
  const figureTerms = FIGURES.flatMap((figure) => terms(risk.figures[figure], { figure, ofAttackers: false }));
  const attackersKilled = terms(subjects.attackersKilled, { figure: 'killed' as const, ofAttackers: true });
  const harmTerms = [...Object.values(risk.violence).flat(), ...FIGURES.flatMap((f) => risk.figures[f]), ...subjects.attackersKilled];
  return {
    words: compilePhrases<FigureWord>([...figureTerms, ...attackersKilled]),
    subjects: compilePhrases<FigureSubject>([
      ...terms<FigureSubject>(subjects.people, 'people'),
      ...terms<FigureSubject>(subjects.civilians, 'civilians'),
      ...terms<FigureSubject>(subjects.securityForces, 'security-forces'),
      ...terms<FigureSubject>([...risk.attackers, ...subjects.attackers], 'attackers'),
    ]),
    victims: compilePhrases<VictimGroup>([
      ...(['civilians', 'women', 'children', 'elderly'] as const).flatMap((group) => terms(victims[group], { group, community: false })),
      ...Object.entries(victims.communities).flatMap(([group, names]) => terms(names, { group, community: true })),
    ]),
    harm: compilePhrases(terms(harmTerms, true as const)),
    tolls: compilePhrases(terms(revisions.tolls, true as const)),
    rises: compilePhrases(terms(revisions.rises, true as const)),
  };
}

function terms<T>(phrases: readonly string[], value: T): { phrase: string; value: T }[] {
  return phrases.map((phrase) => ({ phrase, value }));
}

/** Every figure a single sentence reports, in the order written. Pure. */
export function readFigures(rules: FigureRules, sentence: string): FigureFound[] {
  const scene = readScene(rules, sentence);
  const bindings = bindFigures(scene);
  return bindings
    .flatMap((b) => toFound(b, scene.tokens, sentence))
    .filter((f) => f.count.max <= MAX_PLAUSIBLE_FIGURE)
    .sort((a, b) => a.start - b.start);
}

// No attack in a village, nor displacement in the Sahel, reaches this: a larger number is a
// phone number, an amount of money or a typo, and would not fit a figure column either.
export const MAX_PLAUSIBLE_FIGURE = 10_000_000;

/** Who the sentence says the victims were, each group once, in the order written. Pure. */
export function readVictims(rules: FigureRules, sentence: string): VictimFound[] {
  const tokens = tokenize(sentence);
  if (findPhrases(rules.harm, tokens).length === 0) return [];
  const attackers = findPhrases(rules.subjects, tokens).filter((h) => h.values.includes('attackers'));
  const found = new Map<string, VictimFound>();
  for (const hit of findPhrases(rules.victims, tokens)) {
    const besideAttackers = attackers.some((a) => a.last === hit.first - 1 || a.first === hit.last + 1);
    const namesPlace = PLACE_AFTER.has(tokens[hit.last + 1]?.norm ?? '') || PLACE_BEFORE.has(tokens[hit.first - 1]?.norm ?? '');
    for (const { group, community } of hit.values) {
      // "Dogon militiamen" attacked; "the Dogon country" is a place: neither names victims.
      if (community && (besideAttackers || namesPlace)) continue;
      if (!found.has(group)) found.set(group, { group, term: sentence.slice(tokens[hit.first]?.start, tokens[hit.last]?.end) });
    }
  }
  return [...found.values()];
}

// A community name that names a region: "Dogon country", "Dogon plateau", "le pays dogon".
const PLACE_AFTER = new Set(['country', 'plateau', 'region', 'area', 'land', 'escarpment']);
const PLACE_BEFORE = new Set(['pays', 'plateau', 'falaise', 'region']);

// ---------------------------------------------------------------------------------------------
// What a sentence holds

interface Revision {
  toll: PhraseHit<true>;
  rise: PhraseHit<true>;
}

/** The counts and words of one sentence, over the tokens of its masked text. */
interface Scene {
  text: string;
  tokens: Token[];
  counts: CountSpan[];
  words: PhraseHit<FigureWord>[];
  subjects: PhraseHit<FigureSubject>[];
  revisions: Revision[];
}

function readScene(rules: FigureRules, sentence: string): Scene {
  const text = maskNonCounts(sentence);
  const tokens = tokenize(text);
  const words = findPhrases(rules.words, tokens);
  const subjects = findPhrases(rules.subjects, tokens);
  const startsHit = (hits: readonly PhraseHit<unknown>[], i: number): boolean => !tokens[i]?.breakBefore && hits.some((h) => h.first === i);
  const counts = findCounts(text, tokens).filter((c) => !c.lone || startsHit(words, c.last + 1) || startsHit(subjects, c.last + 1));
  const tolls = findPhrases(rules.tolls, tokens);
  const revisions = findPhrases(rules.rises, tokens).flatMap((rise) => {
    const toll = tolls.findLast((t) => t.first <= rise.last);
    return toll ? [{ toll, rise }] : [];
  });
  return { text, tokens, counts, words, subjects, revisions };
}

// ---------------------------------------------------------------------------------------------
// Binding counts to figure words

/** A count read as a figure, with the tokens [first, last] of its evidence. */
interface Binding {
  span: CountSpan;
  count: Count;
  figures: Figure[];
  subject: PhraseHit<FigureSubject> | undefined;
  ofAttackers: boolean;
  /** The figure word comes before the count ("killing 12"). */
  wordFirst: boolean;
  revised: boolean;
  first: number;
  last: number;
}

// A count may stand this many words before its figure word ("32 civilians were killed"; a
// subject phrase is one word, auxiliaries are free: "12 soldats maliens ont été tués"), and
// this many after it ("killing at least 12", qualifiers being part of the count).
const MAX_WORDS_BEFORE = 3;
const MAX_TOKENS_BEFORE = 6;
const MAX_TOKENS_AFTER = 2;
const AUXILIARIES = new Set(['were', 'was', 'been', 'are', 'is', 'be', 'have', 'has', 'had', 'got', 'ont', 'ete', 'sont', 'etaient', 'furent', 'avaient', 'auraient', 'seraient']);
const CONJUNCTIONS = new Set(['and', 'or', 'but', 'while', 'whereas', 'et', 'ou', 'mais', 'tandis', 'alors']);
// Attackers can be killed, wounded or captured; they are not counted as displaced or as homes.
const ATTACKER_FIGURES = new Set<Figure>(['killed', 'injured', 'abducted']);

/** The figures read so far from a sentence. */
interface Reading {
  bindings: Binding[];
  /** Counts of attackers who did the violence: never figures. */
  agents: Set<CountSpan>;
  wordsTaken: Set<PhraseHit<FigureWord>>;
}

function bindFigures(scene: Scene): Binding[] {
  const reading: Reading = { bindings: [], agents: new Set(), wordsTaken: new Set() };
  bindCountsBeforeWords(scene, reading);
  bindWordsBeforeCounts(scene, reading);
  bindRevisions(scene, reading);
  bindLists(scene, reading);
  return reading.bindings;
}

function isBound(reading: Reading, span: CountSpan): boolean {
  return reading.bindings.some((b) => b.span === span);
}

// "At least 32 civilians were killed", "4 personnes ont été tuées", "20 assailants were killed".
// A count of attackers who did the violence ("some 30 gunmen killed 12") is set aside as agents.
function bindCountsBeforeWords(scene: Scene, reading: Reading): void {
  for (const span of scene.counts) {
    const word = scene.words.find((h) => h.first > span.last && reachesWordAfter(scene, span, h));
    if (!word || reading.wordsTaken.has(word)) continue;
    const subject = subjectAfter(scene, span, word.first);
    const ofAttackers = word.values.every((v) => v.ofAttackers);
    if (subject && isAttackers(subject) && !ofAttackers && !attackersSuffer(scene, subject, word)) {
      reading.agents.add(span);
      continue;
    }
    const figures = figuresOf(word, subject, ofAttackers);
    if (figures.length === 0) continue;
    reading.wordsTaken.add(word);
    reading.bindings.push({ span, count: span.count, figures, subject, ofAttackers, wordFirst: false, revised: false, first: span.first, last: word.last });
  }
}

// "killing at least 37 people", "ont tué au moins 12 civils", "neutralised 30 terrorists".
function bindWordsBeforeCounts(scene: Scene, reading: Reading): void {
  for (const word of scene.words) {
    if (reading.wordsTaken.has(word)) continue;
    const span = scene.counts.find(
      (c) => !isBound(reading, c) && !reading.agents.has(c) && c.first > word.last && c.first - word.last - 1 <= MAX_TOKENS_AFTER && !crossesClause(scene, word.last, c.first),
    );
    if (!span) continue;
    const subject = subjectAfter(scene, span);
    const ofAttackers = word.values.every((v) => v.ofAttackers);
    const figures = figuresOf(word, subject, ofAttackers);
    if (figures.length === 0) continue;
    reading.wordsTaken.add(word);
    reading.bindings.push({ span, count: span.count, figures, subject, ofAttackers, wordFirst: true, revised: false, first: word.first, last: Math.max(span.last, subject?.last ?? 0) });
  }
}

// "The death toll rose to 35", "le bilan est passé de 30 à 40": the count after the rise is a
// revised death toll, unless a figure word already gave it another figure.
function bindRevisions(scene: Scene, reading: Reading): void {
  for (const { toll, rise } of scene.revisions) {
    const span = scene.counts.find((c) => c.first > rise.last && c.first - rise.last - 1 <= 1 && !crossesClause(scene, rise.last, c.first));
    if (!span || reading.agents.has(span)) continue;
    let binding = reading.bindings.find((b) => b.span === span);
    if (!binding) {
      const subject = subjectAfter(scene, span);
      binding = { span, count: span.count, figures: ['killed'], subject, ofAttackers: false, wordFirst: true, revised: true, first: rise.first, last: Math.max(span.last, subject?.last ?? 0) };
      reading.bindings.push(binding);
    }
    binding.revised = true;
    binding.first = Math.min(binding.first, revisionStart(scene, toll, rise));
    if (isChange(scene, rise, span)) binding.count = { ...span.count, min: span.count.max };
  }
}

// The evidence of a revision starts at the toll word when it is in the rise's clause ("the death
// toll rose to 35"), else at the rise ("…, in central Mali, has risen to 35").
function revisionStart(scene: Scene, toll: PhraseHit<true>, rise: PhraseHit<true>): number {
  return toll.first < rise.first && !crossesClause(scene, toll.last, rise.first) ? toll.first : rise.first;
}

// "rose from 30 to 35", "est passé de 30 à 40": the toll is the second number.
function isChange(scene: Scene, rise: PhraseHit<true>, span: CountSpan): boolean {
  const lastWord = scene.tokens[rise.last]?.norm;
  return span.from || ((lastWord === 'from' || lastWord === 'de') && span.count.max > span.count.min);
}

// "killing 12 soldiers and 3 civilians", "12 soldiers and 3 civilians were killed": a count of
// people listed beside a figure takes the same figure. Repeated so a list of three is read.
function bindLists(scene: Scene, reading: Reading): void {
  let grew = true;
  while (grew) {
    grew = false;
    for (const span of scene.counts) {
      if (reading.agents.has(span) || isBound(reading, span)) continue;
      // The noun right after the count: in "killing 12 civilians, 3 of them children" the 3
      // are among the 12, not beside them.
      const subject = subjectAfter(scene, span, span.last + 1);
      if (!subject || isAttackers(subject)) continue;
      const partner = reading.bindings.find((b) => isListedAfter(scene, b, span, subject) || isListedBefore(scene, b, span, subject));
      if (!partner) continue;
      const figures = partner.figures.filter((f) => f !== 'homesBurned');
      if (figures.length === 0) continue;
      const first = Math.min(partner.first, span.first);
      const last = Math.max(partner.last, subject.last);
      reading.bindings.push({ span, count: span.count, figures, subject, ofAttackers: false, wordFirst: partner.wordFirst, revised: false, first, last });
      grew = true;
    }
  }
}

// After a figure word and its count: "killing 12 soldiers and 3 civilians" (then nothing, or
// where: "… in Ogota"), not "killed 12 civilians and 30 gunmen fled".
function isListedAfter(scene: Scene, partner: Binding, span: CountSpan, subject: PhraseHit<FigureSubject>): boolean {
  const partnerSubject = partner.subject;
  if (!partner.wordFirst || !partnerSubject || partnerSubject.last !== partner.last) return false;
  if (!isListJoin(scene, partnerSubject.last, span.first)) return false;
  const next = scene.tokens[subject.last + 1];
  return !next || next.breakBefore || LIST_ENDS.has(next.norm);
}

// Before a count and its figure word: "12 soldiers and 3 civilians were killed".
function isListedBefore(scene: Scene, partner: Binding, span: CountSpan, subject: PhraseHit<FigureSubject>): boolean {
  return !partner.wordFirst && partner.subject !== undefined && partner.span.first === partner.first && isListJoin(scene, subject.last, partner.span.first);
}

// Where a list of victims may stop: "killing 12 soldiers and 3 civilians in Ogota".
const LIST_ENDS = new Set(['in', 'at', 'on', 'near', 'during', 'across', 'from', 'since', 'when', 'as', 'after', 'dans', 'a', 'au', 'aux', 'pres', 'lors', 'en', 'depuis', 'apres', 'hier', 'yesterday', 'last']);

// Whether only "and", "et", a comma or ", and" stands between token `left` and token `right`.
function isListJoin(scene: Scene, left: number, right: number): boolean {
  const between = scene.text.slice(scene.tokens[left]?.end, scene.tokens[right]?.start);
  return right > left && /^\s*(?:,\s*(?:and|et)?|and|et)\s*$/i.test(between);
}

// ---------------------------------------------------------------------------------------------
// Subjects and attackers

// The subject of a count: a word for people right after it ("12 soldiers", "12 Malian
// soldiers", "civils peuls"), before any other count and within its clause.
function subjectAfter(scene: Scene, span: CountSpan, limit = Infinity): PhraseHit<FigureSubject> | undefined {
  return scene.subjects.find(
    (h) =>
      h.first > span.last &&
      h.first <= Math.min(span.last + 3, limit) &&
      !crossesClause(scene, span.last, h.first) &&
      !scene.counts.some((c) => c.first > span.last && c.first < h.first),
  );
}

function isAttackers(subject: PhraseHit<FigureSubject> | undefined): boolean {
  return subject?.values[0] === 'attackers';
}

function subjectOf(binding: Binding): FigureSubject {
  if (binding.ofAttackers) return 'attackers';
  return binding.subject?.values[0] ?? 'people';
}

// The figures a word gives a count; attackers are never counted as displaced or homes.
function figuresOf(word: PhraseHit<FigureWord>, subject: PhraseHit<FigureSubject> | undefined, ofAttackers: boolean): Figure[] {
  const figures = [...new Set(word.values.map((v) => v.figure))];
  return isAttackers(subject) || ofAttackers ? figures.filter((f) => ATTACKER_FIGURES.has(f)) : figures;
}

// Passive voice: attackers were the ones killed ("20 assailants were killed", "30 terroristes
// tués", "assailants dead"), not the ones killing ("30 gunmen killed 12", "ont tué", "killing").
const ACTIVE_LEADS = new Set(['ont', 'a', 'avaient', 'have', 'has', 'had']);
const ENGLISH_VERBS = new Set(['kill', 'kills', 'hurt', 'wound', 'wounds', 'injure', 'injures', 'abduct', 'abducts', 'kidnap', 'kidnaps']);
const PASSIVE_MARKS = new Set(['were', 'was', 'been', 'is', 'are', 'ete', 'sont', 'etaient', 'furent', 'got']);

function attackersSuffer(scene: Scene, subject: PhraseHit<FigureSubject>, word: PhraseHit<FigureWord>): boolean {
  if (!word.values.some((v) => ATTACKER_FIGURES.has(v.figure))) return false;
  for (let k = subject.last + 1; k < word.first; k++) if (PASSIVE_MARKS.has(scene.tokens[k]?.norm ?? '')) return true;
  const lead = scene.tokens[word.first]?.norm ?? '';
  const verb = scene.tokens[word.last]?.norm ?? '';
  if (ACTIVE_LEADS.has(lead) || verb.endsWith('ing') || verb.endsWith('ant')) return false;
  if (verb.endsWith('ed') || ENGLISH_VERBS.has(verb)) return !objectFollows(scene, word.last);
  return true;
}

// "killed 12", "killed the villagers", "killed villagers": the verb has an object, so it is
// active; "killed in clashes" has none.
const DETERMINERS = new Set(['the', 'a', 'an', 'their', 'his', 'her', 'its', 'several', 'many', 'les', 'des', 'leurs', 'ses', 'plusieurs']);

function objectFollows(scene: Scene, i: number): boolean {
  const next = scene.tokens[i + 1];
  if (!next || next.breakBefore) return false;
  const written = scene.text.slice(next.start, next.end).toLowerCase();
  return DETERMINERS.has(written) || scene.counts.some((c) => c.first === i + 1) || scene.subjects.some((h) => h.first === i + 1);
}

// ---------------------------------------------------------------------------------------------
// Distances

// Whether a count before `word` is close enough and in the same clause, with no other count
// between them.
function reachesWordAfter(scene: Scene, span: CountSpan, word: PhraseHit<FigureWord>): boolean {
  return (
    word.first - span.last - 1 <= MAX_TOKENS_BEFORE &&
    wordsBetween(scene, span.last, word.first) <= MAX_WORDS_BEFORE &&
    !crossesClause(scene, span.last, word.first) &&
    !scene.counts.some((c) => c.first > span.last && c.first < word.first)
  );
}

// Words strictly between tokens `from` and `to`: a subject phrase counts as one ("women and
// children"), an auxiliary as none ("ont été").
function wordsBetween(scene: Scene, from: number, to: number): number {
  let words = 0;
  for (let k = from + 1; k < to; k++) {
    const subject = scene.subjects.find((h) => h.first === k && h.last < to);
    if (subject) k = subject.last;
    if (subject || !AUXILIARIES.has(scene.tokens[k]?.norm ?? '')) words += 1;
  }
  return words;
}

// A clause ends at punctuation, or at a conjunction outside a subject phrase ("killed 12 and
// wounded 30", but not "12 women and children were killed").
function crossesClause(scene: Scene, from: number, to: number): boolean {
  for (let k = from + 1; k <= to; k++) {
    const token = scene.tokens[k] as Token;
    if (token.breakBefore) return true;
    if (k < to && CONJUNCTIONS.has(token.norm) && !scene.subjects.some((h) => h.first < k && h.last > k)) return true;
  }
  return false;
}

// ---------------------------------------------------------------------------------------------

function toFound(binding: Binding, tokens: readonly Token[], sentence: string): FigureFound[] {
  const start = tokens[binding.first]?.start ?? 0;
  const end = tokens[binding.last]?.end ?? sentence.length;
  const subject = subjectOf(binding);
  return binding.figures.map((figure) => ({ figure, count: binding.count, subject, revised: binding.revised, evidence: sentence.slice(start, end), start, end }));
}
