// Signals per watched place: what an item reports happened at each place it names, read from
// the sentences and clauses that name the place or refer back to it — never pooled over the
// item. "Gunmen massacred 40 villagers in Ogossagou. Separately, a maternity ward opened in
// Mopti" gives Ogossagou a massacre and 40 killed, and Mopti nothing. A toll given for several
// places together is kept as theirs together (`shared`), not given whole to each. Pure.
import type { EntityMatch } from '../matching/index.js';
import { findPhrases, tokenize } from '../text/index.js';
import { actorRole } from './actor-role.js';
import { eventDateOf, type EventDate } from './event-date.js';
import { readFigures, readVictims, type Count, type Figure, type FigureFound } from './figures.js';
import { distinctLocations, itemUnits, ownersOfFigure, ownersOfSpan, type Unit } from './units.js';
import type { SignalRules } from './rules.js';

/** A reported figure as kept for a place: its count, the words, and whether it was a revision. */
export interface FigureReport extends Count {
  evidence: string;
  revised: boolean;
  /** True when the text gives this toll for several places together. */
  shared: boolean;
}

export type FigureReports = Partial<Record<Figure, FigureReport>>;

/** Soldiers, police and attackers killed: reported, but never counted as the victims' toll. */
export type CombatantReports = Partial<Record<'security-forces' | 'attackers', FigureReport>>;

/** A kind of violence found, with the words that showed it. */
export interface ViolenceFound {
  kind: string;
  term: string;
  sentence: string;
}

/** A watched actor named in a place's sentences. */
export interface ActorNamed {
  id: number;
  name: string;
  /** The sentence that names it. */
  evidence: string;
}

/** What a report says happened: figures, violence, victims, and the actors it names. */
export interface ReportedSignals {
  figures: FigureReports;
  combatants: CombatantReports;
  violence: ViolenceFound[];
  victims: string[];
  /** Named as responsible: attacker, claimed, suspected. */
  perpetrators: ActorNamed[];
  /** Named, but not as responsible (asked for protection, condemned the attack…). */
  mentioned: ActorNamed[];
}

/** What one item reports happened at one watched place. */
export interface PlaceSignals extends ReportedSignals {
  watchlistId: number;
  placeId: number;
  name: string;
  within: readonly string[];
  /** The date the text gives for the violence; null when it gives none. */
  eventDate: EventDate | null;
  /** The units (title -1, sentences 0…) read for this place: places sharing one are one incident. */
  units: number[];
}

export interface SignalItem {
  title: string;
  text: string;
  /** The publication date, else when Vigil first saw the item: what "on Sunday" is resolved against. */
  reference: Date;
}

/** The signals of every watched place matched in the item, in the order first named. */
export function extractPlaceSignals(rules: SignalRules, item: SignalItem, matches: readonly EntityMatch[]): PlaceSignals[] {
  const units = itemUnits(item, matches);
  const byPlace = new Map<string, PlaceSignals>();
  const violentUnits = new Map<string, Set<number>>();
  for (const m of matches) {
    if (m.kind === 'place' && !byPlace.has(keyOf(m))) byPlace.set(keyOf(m), emptySignals(m));
  }
  for (const unit of units) readUnit(rules, unit, byPlace, violentUnits);
  for (const [key, signals] of byPlace) signals.eventDate = dateFor(signals, units, violentUnits.get(key), item.reference);
  return [...byPlace.values()];
}

function keyOf(m: { watchlistId: number; entityId: number }): string {
  return `${m.watchlistId}:${m.entityId}`;
}

function emptySignals(m: EntityMatch): PlaceSignals {
  return {
    watchlistId: m.watchlistId,
    placeId: m.entityId,
    name: m.name,
    within: m.within,
    figures: {},
    combatants: {},
    violence: [],
    victims: [],
    perpetrators: [],
    mentioned: [],
    eventDate: null,
    units: [],
  };
}

interface Span {
  start: number;
  end: number;
}

// One sentence (or the title): its violence, figures, victims and actors, each given to the
// places that own the clause it stands in.
function readUnit(rules: SignalRules, unit: Unit, byPlace: Map<string, PlaceSignals>, violentUnits: Map<string, Set<number>>): void {
  if (unit.owners.length === 0) return;
  const placeOf = (owner: EntityMatch) => byPlace.get(keyOf(owner));
  for (const owner of unit.owners) placeOf(owner)?.units.push(unit.index);
  const violence = findViolence(rules, unit.text);
  for (const v of violence) {
    for (const owner of ownersOfSpan(unit, v)) {
      const signals = placeOf(owner);
      if (!signals) continue;
      if (!signals.violence.some((x) => x.kind === v.kind)) signals.violence.push({ kind: v.kind, term: v.term, sentence: unit.text });
      markViolent(violentUnits, keyOf(owner), unit.index);
    }
  }
  readUnitFigures(rules, unit, new Set(violence.map((v) => v.kind)), placeOf);
  const victims = readVictims(rules.figures, unit.text);
  for (const signals of unit.owners.map(placeOf)) {
    if (!signals) continue;
    for (const v of victims) if (!signals.victims.includes(v.group)) signals.victims.push(v.group);
    addActors(rules, unit, signals, violence);
  }
}

function readUnitFigures(rules: SignalRules, unit: Unit, kindsHere: ReadonlySet<string>, placeOf: (owner: EntityMatch) => PlaceSignals | undefined): void {
  for (const found of readFigures(rules.figures, unit.text)) {
    const needs = rules.figuresNeed[found.figure];
    if (needs && !needs.some((kind) => kindsHere.has(kind))) continue;
    const owners = ownersOfFigure(unit, found);
    const shared = distinctLocations(owners) > 1;
    for (const owner of owners) {
      const signals = placeOf(owner);
      if (signals) addFigure(signals, found, shared);
    }
  }
}

interface ViolenceSpan extends Span {
  kind: string;
  term: string;
}

function findViolence(rules: SignalRules, text: string): ViolenceSpan[] {
  const tokens = tokenize(text);
  return findPhrases(rules.violence, tokens).flatMap((hit) => {
    const start = tokens[hit.first]?.start ?? 0;
    const end = tokens[hit.last]?.end ?? start;
    return hit.values.map((kind) => ({ kind, term: text.slice(start, end), start, end }));
  });
}

function markViolent(violentUnits: Map<string, Set<number>>, key: string, unit: number): void {
  let set = violentUnits.get(key);
  if (!set) violentUnits.set(key, (set = new Set()));
  set.add(unit);
}

// The first figure of a kind stands, unless a later one revises it ("the toll rose to 35") or
// puts a number on a vague one ("dozens" in a title, "at least 37" in the text).
function addFigure(signals: PlaceSignals, found: FigureFound, shared: boolean): void {
  const report: FigureReport = { ...found.count, evidence: found.evidence, revised: found.revised, shared };
  if (found.subject === 'security-forces' || found.subject === 'attackers') {
    if (found.figure === 'killed') signals.combatants[found.subject] ??= report;
    return;
  }
  const current = signals.figures[found.figure];
  if (!current || (found.revised && !current.revised) || (current.approximate && !found.count.approximate && !current.revised)) signals.figures[found.figure] = report;
}

function addActors(rules: SignalRules, unit: Unit, signals: PlaceSignals, violence: readonly Span[]): void {
  for (const actor of unit.actors) {
    if (actor.watchlistId !== signals.watchlistId) continue;
    const role = actorRole(rules.actorRoles, unit.text, { start: actor.start - unit.offset, end: actor.end - unit.offset }, violence);
    const named: ActorNamed = { id: actor.entityId, name: actor.name, evidence: unit.text };
    if (role === 'perpetrator') {
      signals.mentioned = signals.mentioned.filter((a) => a.id !== named.id);
      if (!signals.perpetrators.some((a) => a.id === named.id)) signals.perpetrators.push(named);
    } else if (!signals.perpetrators.some((a) => a.id === named.id) && !signals.mentioned.some((a) => a.id === named.id)) {
      signals.mentioned.push(named);
    }
  }
}

// The date of the violence: first from the sentences where violence at the place is told, then
// from the place's other sentences.
function dateFor(signals: PlaceSignals, units: readonly Unit[], violent: Set<number> | undefined, reference: Date): EventDate | null {
  const own = new Set(signals.units);
  const ordered = [...units.filter((u) => violent?.has(u.index)), ...units.filter((u) => own.has(u.index) && !violent?.has(u.index))];
  return eventDateOf(
    ordered.map((u) => u.text),
    reference,
  );
}
