// The checks of one watchlist that its schema cannot express (pure): what the matcher would
// read wrongly. Names and aliases are compared as the matcher compares them (normalizeKey):
// accents, case, apostrophes and hyphens ignored.
import { normalizeKey } from '../text/index.js';
import type { WatchlistFile } from './schema.js';
import type { PathSegment } from './yaml.js';

/** One finding: an error refuses the configuration, a warning is reported and loads. */
export interface WatchlistFinding {
  severity: 'error' | 'warning';
  path: PathSegment[];
  message: string;
}

// Words a report uses in every sentence: as an alias each would match everywhere. English and
// French, in their folded form ("à" is "a").
const STOP_WORDS = new Set(
  // Not the compass points: Nord, Est and Centre-Nord are regions of Burkina Faso.
  ['a', 'an', 'the', 'and', 'or', 'of', 'in', 'on', 'at', 'to', 'by', 'for', 'with', 'from', 'is', 'it', 'as', 'near'].concat(
    ['de', 'la', 'le', 'les', 'des', 'du', 'd', 'l', 'et', 'en', 'un', 'une', 'au', 'aux', 'sur', 'dans', 'par', 'pour', 'ou', 'pres'],
  ),
);
const BARE_NUMBER = /^\d+( \d+)*$/;
// A few hundred unknown areas in one file are one mistake repeated: suggestions cost a scan of
// every name each, so only this many distinct ones get one.
const MAX_SUGGESTIONS = 20;

interface Owner {
  entry: string;
  section: 'places' | 'actors';
  isName: boolean;
  label: string;
  ambiguous: boolean;
}

/** Every finding of one watchlist, in the order of the file. */
export function checkWatchlist(watchlist: WatchlistFile): WatchlistFinding[] {
  return [...checkNames(watchlist), ...checkWithin(watchlist)];
}

// Each name and alias: something to match, not a common word, and one entry's only, unless
// both entries are ambiguous (then each needs its own context, which the matcher checks).
function checkNames(watchlist: WatchlistFile): WatchlistFinding[] {
  const owners = new Map<string, Owner>();
  const findings: WatchlistFinding[] = [];
  const check = (section: Owner['section'], index: number, label: string, ambiguous: boolean, names: string[]): void => {
    names.forEach((text, n) => {
      const path: PathSegment[] = n === 0 ? [section, index, 'name'] : [section, index, 'aliases', n - 1];
      const key = normalizeKey(text);
      const unusable = describeUnusable(text, key);
      if (unusable) return void findings.push({ severity: 'error', path, message: unusable });
      const owner: Owner = { entry: `${section}[${index}]`, section, isName: n === 0, label, ambiguous };
      const previous = owners.get(key);
      if (!previous) owners.set(key, owner);
      else if (previous.entry !== owner.entry) findings.push(describeShared(text, path, previous, owner));
    });
  };
  watchlist.places.forEach((p, i) => check('places', i, `place ${p.name}`, p.ambiguous, [p.name, ...p.aliases]));
  watchlist.actors.forEach((a, i) => check('actors', i, `actor ${a.name}`, a.ambiguous, [a.name, ...a.aliases]));
  return findings;
}

/** Why a name or alias cannot be matched usefully (nothing to match, a stop word, a number); null when it can. */
export function describeUnusable(text: string, key = normalizeKey(text)): string | null {
  if (key === '') return `"${text}" has no letters or digits to match`;
  if (STOP_WORDS.has(key)) return `"${text}" is a common word (a stop word): as a name or alias it would match nearly every report`;
  if (BARE_NUMBER.test(key)) return `"${text}" is a bare number: as a name or alias it would match figures and dates`;
  return null;
}

function describeShared(text: string, path: PathSegment[], previous: Owner, owner: Owner): WatchlistFinding {
  // (watchlist, name) is a place's and an actor's key in the database: one row per name.
  if (previous.isName && owner.isName && previous.section === owner.section) {
    return {
      severity: 'error',
      path,
      message: `"${text}" is also the name of ${previous.label}: entries need distinct names (qualify each by its area, e.g. "${text} (Bankass)", keep "${text}" as an alias of both and mark both ambiguous)`,
    };
  }
  if (previous.ambiguous && owner.ambiguous) {
    return { severity: 'warning', path, message: `"${text}" is also a name or alias of ${previous.label}; both are marked ambiguous, so each counts only with its own context` };
  }
  return { severity: 'error', path, message: `"${text}" is also a name or alias of ${previous.label} (allowed only when both are marked ambiguous: true)` };
}

// `within` names other places of the watchlist: the matcher reads them as context, alerts as
// the area. A typo there silently loses both.
function checkWithin(watchlist: WatchlistFile): WatchlistFinding[] {
  const known = new Map(watchlist.places.map((p) => [normalizeKey(p.name), p.name]));
  const suggestions = new Map<string, string | null>();
  const findings: WatchlistFinding[] = [];
  watchlist.places.forEach((place, i) => {
    place.within.forEach((area, j) => {
      const key = normalizeKey(area);
      if (known.has(key)) return;
      if (!suggestions.has(key)) suggestions.set(key, suggestions.size < MAX_SUGGESTIONS ? closest(key, known) : null);
      const suggestion = suggestions.get(key);
      const hint = suggestion ? ` (did you mean "${suggestion}"?)` : '; add the area as a place of its kind';
      findings.push({ severity: 'error', path: ['places', i, 'within', j], message: `within: "${area}" names no place of this watchlist${hint}` });
    });
  });
  return findings;
}

/** The known name closest to `key` by edit distance on folded names; null when none is near. */
function closest(key: string, known: ReadonlyMap<string, string>): string | null {
  let best: { name: string; distance: number } | null = null;
  for (const [candidate, name] of known) {
    const distance = editDistance(key, candidate);
    if (!best || distance < best.distance) best = { name, distance };
  }
  // A typo or a missing word ("Bankass" for "Bankass cercle"), not any name at all.
  const near = Math.max(2, Math.floor(key.length / 3));
  return best && (best.distance <= near || best.name.length > key.length && normalizeKey(best.name).startsWith(key)) ? best.name : null;
}

/** Levenshtein distance: insertions, deletions and substitutions of one character. */
export function editDistance(a: string, b: string): number {
  let previous = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    for (let j = 1; j <= b.length; j++) {
      const substitution = (previous[j - 1] ?? 0) + (a[i - 1] === b[j - 1] ? 0 : 1);
      current.push(Math.min((previous[j] ?? 0) + 1, (current[j - 1] ?? 0) + 1, substitution));
    }
    previous = current;
  }
  return previous[b.length] ?? 0;
}
