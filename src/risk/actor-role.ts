// Actor roles: whether a watched armed actor named in a sentence is said to have done the
// violence it reports ("JNIM fighters attacked Ogossagou", "an attack claimed by the Katiba
// Macina") or is only mentioned beside it ("villagers asked FAMa for protection", "the army
// condemned the attack", "JNIM fighters were killed"). Pure.
//
// The sentence's structure is read here; the cue words around the actor come from
// config/risk.yaml (`actorRoles`). In order, the first that decides wins:
//   1. no violence in the sentence: mentioned;
//   2. reading on from the actor: a cue (`after`) decides; a passive violence term ("were
//      killed", "ont été tués", "killed by") makes the actor the victim: mentioned;
//   3. the actor right after a violence term and a number or article ("killed 30 suspected
//      JNIM members"): its object, mentioned;
//   4. the nearest cue before the actor (`before`) decides ("attributed to", "talks with");
//   5. the actor as subject of a violence term a few words on ("JNIM fighters attacked", "des
//      hommes armés de la Katiba Macina ont attaqué"), unless a preposition makes it an object
//      ("an airstrike on JNIM positions killed…"); or right before one ("a JNIM attack"):
//      perpetrator;
//   6. the actor after by/par with a violence term before it in the clause ("an attack by
//      JNIM", "tués par les FAMa"): perpetrator;
//   7. otherwise: mentioned.
import type { RiskConfig } from '../config/index.js';
import { compilePhrases, findPhrases, tokenize, type PhraseHit, type PhraseIndex, type Token } from '../text/index.js';

export type ActorRole = 'perpetrator' | 'mentioned';

/** A span [start, end) of the sentence. */
export interface TextSpan {
  start: number;
  end: number;
}

/** The cue lists of config/risk.yaml (`actorRoles`) and the attacker words, compiled once. */
export interface ActorRoleRules {
  before: PhraseIndex<ActorRole>;
  after: PhraseIndex<ActorRole>;
  attackers: PhraseIndex<true>;
}

export function compileActorRoleRules(risk: RiskConfig): ActorRoleRules {
  const { perpetrator, mentioned } = risk.actorRoles;
  const cues = (perpetratorCues: readonly string[], mentionedCues: readonly string[]): PhraseIndex<ActorRole> =>
    compilePhrases([
      ...perpetratorCues.map((phrase) => ({ phrase, value: 'perpetrator' as const })),
      ...mentionedCues.map((phrase) => ({ phrase, value: 'mentioned' as const })),
    ]);
  return {
    before: cues(perpetrator.before, mentioned.before),
    after: cues(perpetrator.after, mentioned.after),
    attackers: compilePhrases(risk.attackers.map((phrase) => ({ phrase, value: true as const }))),
  };
}

// Grammar words of English and French reporting, kept here like the conjunctions of signals.ts.
// Articles and prepositions that may stand between a cue and the actor ("attribuée à la").
const FILLERS = new Set(['the', 'a', 'an', 'its', 'their', 'of', 'le', 'la', 'les', 'l', 'un', 'une', 'des', 'du', 'de', 'd', 'au', 'aux', 's']);
// What may follow a violence term before its object: a number or an article ("killed 30", "tué des").
const OBJECT_STARTS = new Set(['the', 'a', 'an', 'some', 'about', 'over', 'more', 'at', 'le', 'la', 'les', 'l', 'un', 'une', 'des', 'au', 'plus', 'environ', 'quelque']);
// Auxiliaries of the passive: "were killed", "ont été tués".
const PASSIVE = new Set(['was', 'were', 'been', 'being', 'ete', 'fut', 'furent']);
// The agent of a passive or of an action noun: "an attack by", "tués par".
const AGENTS = new Set(['by', 'par']);
// After the actor, these start another clause or report speech: the violence that follows is
// not the actor's ("the army said JNIM attacked", "FAMa arrived after the attack").
const SUBJECT_STOPS = new Set([
  'that', 'after', 'before', 'following', 'since', 'during', 'while', 'when', 'where', 'whereas', 'because', 'against', 'said', 'says', 'told', 'reported', 'according',
  'que', 'qu', 'apres', 'avant', 'depuis', 'pendant', 'lors', 'suite', 'quand', 'lorsque', 'ou', 'contre', 'selon', 'dit', 'declare', 'indique', 'affirme', 'annonce', 'rapporte',
]);
// A preposition just before the actor makes it an object, never the subject ("attack on JNIM
// positions", "clashes between FAMa and…").
const NOT_SUBJECT_AFTER = new Set(['with', 'between', 'against', 'from', 'on', 'to', 'at', 'for', 'among', 'into', 'by', 'avec', 'entre', 'contre', 'pour', 'sur', 'chez', 'aupres', 'vers', 'par']);

// The actor is the subject of a violence term at most this many words on ("JNIM fighters
// reportedly attacked"; attacker words such as "fighters" do not count), and an attacker word
// is part of the actor's phrase only within this many words of it ("JNIM's fighters").
const MAX_SUBJECT_GAP = 3;
const MAX_ATTACKER_OFFSET = 2;
// Between a `before` cue and the actor, besides fillers and attacker words, at most this many
// other words ("par des éléments de la Katiba Macina").
const MAX_LEAD_WORDS = 1;
// An inserted clause between the actor and its verb ("JNIM, which controls the area,
// attacked") is skipped when it is at most this long.
const MAX_INSERTION = 8;

/** Token ranges of one sentence, for the rules below. */
interface Reading {
  sentence: string;
  tokens: Token[];
  actor: TokenRange;
  violence: TokenRange[];
  before: PhraseHit<ActorRole>[];
  after: PhraseHit<ActorRole>[];
  attackers: PhraseHit<true>[];
}

/** Whether a watched actor named at [start, end) of the sentence is said to be responsible for violence in it, or merely mentioned. Pure. */
export function actorRole(rules: ActorRoleRules, sentence: string, actor: TextSpan, violence: readonly TextSpan[]): ActorRole {
  const reading = read(rules, sentence, actor, violence);
  if (!reading || reading.violence.length === 0) return 'mentioned';
  const onward = readOnward(reading);
  if (onward === 'perpetrator' || onward === 'mentioned') return onward;
  if (onward === 'victim' || isObjectOfViolence(reading)) return 'mentioned';
  const cue = nearestCueBefore(reading);
  if (cue) return cue;
  // "a JNIM attack" names the attacker wherever the phrase stands ("fled from JNIM attacks").
  if (onward === 'modifier' || (onward === 'subject' && !followsPreposition(reading))) return 'perpetrator';
  return isAgent(reading) ? 'perpetrator' : 'mentioned';
}

function read(rules: ActorRoleRules, sentence: string, actor: TextSpan, violence: readonly TextSpan[]): Reading | null {
  const tokens = tokenize(sentence);
  const range = tokenRange(tokens, actor);
  if (!range) return null;
  // A violence term inside the actor's name is part of the name.
  const outside = (r: TokenRange | null): r is TokenRange => r !== null && (r.last < range.first || r.first > range.last);
  return {
    sentence,
    tokens,
    actor: range,
    violence: violence.map((span) => tokenRange(tokens, span)).filter(outside),
    before: findPhrases(rules.before, tokens),
    after: findPhrases(rules.after, tokens),
    attackers: findPhrases(rules.attackers, tokens),
  };
}

interface TokenRange {
  first: number;
  last: number;
}

function tokenRange(tokens: readonly Token[], span: TextSpan): TokenRange | null {
  const first = tokens.findIndex((t) => t.end > span.start && t.start < span.end);
  const last = tokens.findLastIndex((t) => t.end > span.start && t.start < span.end);
  return first < 0 ? null : { first, last };
}

/** What reading on from the actor told: a cue's role, or how the actor stands to the violence term that follows it. */
type Onward = ActorRole | 'victim' | 'subject' | 'modifier' | null;

// Reads on from the actor to the first thing that tells: a cue, a violence term (right after
// the actor: its modifier; a few words on: active, its subject; passive, its victim), or a word
// that ends the actor's clause.
function readOnward(r: Reading): Onward {
  let passive = false;
  let words = 0;
  // "JNIM's attack": the possessive is part of the actor.
  const firstAfter = r.tokens[r.actor.last + 1]?.norm === 's' ? r.actor.last + 2 : r.actor.last + 1;
  for (let i = firstAfter; i < r.tokens.length; i++) {
    if (r.tokens[i]?.breakBefore) {
      i = endOfInsertion(r, i);
      if (i < 0) return null;
    }
    const cue = r.after.find((h) => h.first === i);
    if (cue) return cue.values[0] ?? null;
    const violence = r.violence.find((v) => v.first === i);
    if (violence) {
      if (passive || isPassiveParticiple(r, violence)) return 'victim';
      return i === firstAfter ? 'modifier' : 'subject';
    }
    const attacker = r.attackers.find((h) => h.first === i);
    if (attacker) {
      if (i - r.actor.last > MAX_ATTACKER_OFFSET) return null;
      i = attacker.last;
      continue;
    }
    const word = r.tokens[i]?.norm ?? '';
    if (SUBJECT_STOPS.has(word)) return null;
    passive ||= PASSIVE.has(word);
    words += 1;
    if (words > MAX_SUBJECT_GAP) return null;
  }
  return null;
}

// An inserted clause opened by a comma or bracket at token `i`: the token after its closing
// comma or bracket, or -1 when the clause is not closed soon or itself reports violence.
function endOfInsertion(r: Reading, i: number): number {
  if (!/[,(]/.test(separatorBefore(r, i))) return -1;
  for (let j = i + 1; j < r.tokens.length && j - i <= MAX_INSERTION; j++) {
    if ((r.tokens[j] as Token).breakBefore) return /[,)]/.test(separatorBefore(r, j)) ? j : -1;
    if (r.violence.some((v) => v.first === j)) return -1;
  }
  return -1;
}

function separatorBefore(r: Reading, i: number): string {
  return r.sentence.slice(r.tokens[i - 1]?.end ?? 0, r.tokens[i]?.start ?? 0);
}

// "JNIM fighters killed by the army": a participle followed by its agent.
function isPassiveParticiple(r: Reading, violence: { last: number }): boolean {
  const next = r.tokens[violence.last + 1];
  return next !== undefined && !next.breakBefore && AGENTS.has(next.norm);
}

// "killed 30 suspected JNIM members", "ont tué des présumés membres du JNIM": the actor's phrase
// is what the violence was done to. Not "l'attaque a été attribuée à la Katiba Macina", where the
// French "a" (has) looks like an article and a passive follows.
function isObjectOfViolence(r: Reading): boolean {
  return r.violence.some((v) => {
    if (v.last >= r.actor.first) return false;
    const next = r.tokens[v.last + 1];
    if (!next || !(OBJECT_STARTS.has(next.norm) || /^\d/.test(next.norm))) return false;
    const between = r.tokens.slice(v.last + 1, r.actor.first).map((t) => t.norm);
    if (between.some((word) => PASSIVE.has(word) || AGENTS.has(word))) return false;
    return leadWords(r, v.last + 1, r.actor.first, true) <= MAX_LEAD_WORDS;
  });
}

// The role of the nearest `before` cue that stands close enough to the actor, if any.
function nearestCueBefore(r: Reading): ActorRole | null {
  const candidates = r.before.filter((h) => h.last < r.actor.first && leadWords(r, h.last + 1, r.actor.first, false) <= MAX_LEAD_WORDS);
  const nearest = candidates.at(-1);
  return nearest?.values[0] ?? null;
}

// Words in tokens [from, to) that are neither fillers nor attacker words (nor, when
// `cuesAreFillers`, `before` cues such as "suspected"); Infinity when a clause ends there.
function leadWords(r: Reading, from: number, to: number, cuesAreFillers: boolean): number {
  if (crossesBreak(r.tokens, from - 1, to)) return Infinity;
  let words = 0;
  for (let i = from; i < to; i++) {
    const covered = (hits: readonly PhraseHit<unknown>[]): boolean => hits.some((h) => i >= h.first && i <= h.last);
    const word = r.tokens[i]?.norm ?? '';
    if (FILLERS.has(word) || OBJECT_STARTS.has(word) || /^\d/.test(word) || covered(r.attackers) || (cuesAreFillers && covered(r.before))) continue;
    words += 1;
  }
  return words;
}

// The word just before the actor (past articles) is a preposition: the actor is its object.
function followsPreposition(r: Reading): boolean {
  for (let i = r.actor.first - 1; i >= 0; i--) {
    if (r.tokens[i + 1]?.breakBefore) return false;
    const word = r.tokens[i]?.norm ?? '';
    if (!FILLERS.has(word)) return NOT_SUBJECT_AFTER.has(word);
  }
  return false;
}

// "an attack by JNIM", "tués par les FAMa": by/par just before the actor (past articles and
// attacker words), after a violence term of the same clause.
function isAgent(r: Reading): boolean {
  for (let i = r.actor.first - 1; i >= 0; i--) {
    if (r.tokens[i + 1]?.breakBefore) return false;
    const word = r.tokens[i]?.norm ?? '';
    if (AGENTS.has(word)) return r.violence.some((v) => v.last < i && !crossesBreak(r.tokens, v.last, i));
    if (!FILLERS.has(word) && !r.attackers.some((h) => i >= h.first && i <= h.last)) return false;
  }
  return false;
}

// A clause ends somewhere in tokens (from, to].
function crossesBreak(tokens: readonly Token[], from: number, to: number): boolean {
  for (let i = from + 1; i <= to; i++) if (tokens[i]?.breakBefore) return true;
  return false;
}
