// Compiles watchlists into one phrase index of every name, alias, actor plural and enclosing
// area, each entry carrying what deciding its context needs (its areas, cercles, coordinates),
// so matching an item does no lookup by name.
import { compilePhrases, normalizeKey, type PhraseIndex } from '../text/index.js';
import type { MatchableActor, MatchablePlace, MatchableWatchlist, MatchKind } from './types.js';

/** An area named in a watchlist: its folded name and its name as written. */
export interface Area {
  key: string;
  label: string;
}

/** A watched place or actor as the index holds it. */
export interface EntityEntry {
  kind: MatchKind;
  entityId: number;
  watchlistId: number;
  name: string;
  nameKey: string;
  ambiguous: boolean;
  within: readonly string[];
  /** The areas whose mention is context for this place: its `within` entries below the country. */
  contextAreas: readonly Area[];
  /** The cercles it lies in (itself for a cercle). */
  cercles: readonly Area[];
  latitude: number | null;
  longitude: number | null;
}

/** What a phrase of the index stands for: a watched entity, or an unwatched area some place lies within. */
export type IndexValue = EntityEntry | { kind: 'area'; key: string };

/** Watchlists compiled for matching; build once per configuration. */
export interface Matcher {
  readonly index: PhraseIndex<IndexValue>;
  /** Another watched place this close (both with coordinates) is context for an ambiguous one. */
  readonly contextRadiusKm: number;
}

/** How the matcher decides context. */
export interface CompileOptions {
  /** Default 25 (config `matching.contextRadiusKm`). */
  contextRadiusKm?: number;
}

export const DEFAULT_CONTEXT_RADIUS_KM = 25;

type Phrase = { phrase: string; value: IndexValue };

/** Compiles watchlists into one index of every name, alias, actor plural and enclosing area. */
export function compileMatcher(watchlists: readonly MatchableWatchlist[], options: CompileOptions = {}): Matcher {
  const countries = countryKeys(watchlists);
  const names: Phrase[] = [];
  const plurals: Phrase[] = [];
  const areas = new Set<string>();
  for (const w of watchlists) {
    const byKey = placesByKey(w.places);
    for (const p of w.places) {
      const entry = placeEntry(w.id, p, byKey, countries);
      for (const phrase of uniqueForms([p.name, ...p.aliases])) names.push({ phrase, value: entry });
      for (const area of p.within.map(normalizeKey)) if (!byKey.has(area)) areas.add(area);
    }
    for (const a of w.actors) {
      const entry = actorEntry(w.id, a);
      for (const phrase of uniqueForms([a.name, ...a.aliases])) {
        names.push({ phrase, value: entry });
        for (const plural of pluralsOf(phrase)) plurals.push({ phrase: plural, value: entry });
      }
    }
  }
  // A plural never shadows a name or alias written in a watchlist.
  const written = new Set(names.map((n) => normalizeKey(n.phrase)));
  const extra = plurals.filter((p) => !written.has(p.phrase));
  const areaPhrases = [...areas].map((key): Phrase => ({ phrase: key, value: { kind: 'area', key } }));
  return { index: compilePhrases([...names, ...extra, ...areaPhrases]), contextRadiusKm: options.contextRadiusKm ?? DEFAULT_CONTEXT_RADIUS_KM };
}

function placeEntry(watchlistId: number, p: MatchablePlace, byKey: ReadonlyMap<string, MatchablePlace>, countries: ReadonlySet<string>): EntityEntry {
  const contextAreas: Area[] = [];
  const cercles: Area[] = p.kind === 'cercle' ? [{ key: normalizeKey(p.name), label: p.name }] : [];
  for (const label of p.within) {
    const key = normalizeKey(label);
    const watched = byKey.get(key);
    if (watched?.kind === 'cercle') cercles.push({ key: normalizeKey(watched.name), label: watched.name });
    // A country is never context: the whole country is not where an ambiguous name points.
    if (watched ? watched.kind === 'country' : countries.has(key)) continue;
    contextAreas.push({ key: watched ? normalizeKey(watched.name) : key, label });
  }
  const { id: entityId, name, ambiguous, within, latitude, longitude } = p;
  return { kind: 'place', entityId, watchlistId, name, nameKey: normalizeKey(name), ambiguous, within, contextAreas, cercles, latitude, longitude };
}

function actorEntry(watchlistId: number, a: MatchableActor): EntityEntry {
  const { id: entityId, name, ambiguous } = a;
  return { kind: 'actor', entityId, watchlistId, name, nameKey: normalizeKey(name), ambiguous, within: [], contextAreas: [], cercles: [], latitude: null, longitude: null };
}

// Reports write "Dozos", "FAMas", "Wagners": the last word of an actor's name with s or es.
function pluralsOf(phrase: string): string[] {
  const key = normalizeKey(phrase);
  return key === '' ? [] : [`${key}s`, `${key}es`];
}

// A within entry names a watched place by its name or one of its aliases.
function placesByKey(places: readonly MatchablePlace[]): Map<string, MatchablePlace> {
  const byKey = new Map<string, MatchablePlace>();
  for (const p of places) for (const form of [p.name, ...p.aliases]) if (!byKey.has(normalizeKey(form))) byKey.set(normalizeKey(form), p);
  return byKey;
}

function countryKeys(watchlists: readonly MatchableWatchlist[]): Set<string> {
  const keys = new Set<string>();
  for (const w of watchlists) for (const p of w.places) if (p.kind === 'country') for (const form of [p.name, ...p.aliases]) keys.add(normalizeKey(form));
  return keys;
}

// "Sobane Da" and "Sobane-Da" are one form to the matcher: index it once, or it matches twice.
function uniqueForms(names: readonly string[]): string[] {
  const byKey = new Map<string, string>();
  for (const name of names) if (!byKey.has(normalizeKey(name))) byKey.set(normalizeKey(name), name);
  return [...byKey.values()];
}
