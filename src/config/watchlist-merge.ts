// Imported places merged into a watchlist's own (pure). What a person wrote wins: an existing
// entry keeps its fields, gains the imported aliases it lacks and fills the fields it left empty
// (within, coordinates, ref); an imported place that disagrees with it (kind, within,
// coordinates, ref) is a conflict, reported and left as it was. The rest is added.
import { normalizeKey } from '../text/index.js';
import type { DroppedAlias, PlaceFile } from './gazetteer-names.js';

/** What to change in an existing entry (by its index in the file's `places`). */
export interface EntryUpdate {
  index: number;
  name: string;
  addAliases: string[];
  fill: Partial<Pick<PlaceFile, 'within' | 'coordinates' | 'ref'>>;
}

export interface MergeConflict {
  name: string;
  /** What differs, as "kind: village (file) vs town (import)". */
  differences: string[];
}

/** The changes an import makes to a watchlist's places. */
export interface PlacesMerge {
  added: PlaceFile[];
  updated: EntryUpdate[];
  unchanged: number;
  conflicts: MergeConflict[];
  /** Imported aliases another entry already answers to. */
  droppedAliases: DroppedAlias[];
}

// Coordinates that agree to about 10 m are the same.
const SAME_COORDINATE = 1e-4;

/** How `imported` changes `existing`; neither is modified. `actors`' names and aliases are taken too. */
export function mergePlaces(existing: readonly PlaceFile[], imported: readonly PlaceFile[], actors: readonly (Owner & { aliases: readonly string[] })[] = []): PlacesMerge {
  const result: PlacesMerge = { added: [], updated: [], unchanged: 0, conflicts: [], droppedAliases: [] };
  const find = indexEntries(existing);
  // An imported area found under the file's own name: `within` lists are written with that name.
  const renamed = new Map<string, string>();
  const matches = imported.map((place) => find(place));
  imported.forEach((place, i) => {
    const index = matches[i];
    if (index !== undefined) renamed.set(place.name, existing[index]?.name ?? place.name);
  });
  const owners = aliasOwners([...existing, ...actors]);
  imported.forEach((raw, i) => {
    const place = { ...raw, within: raw.within.map((area) => renamed.get(area) ?? area) };
    const index = matches[i];
    const current = index === undefined ? undefined : existing[index];
    if (index === undefined || !current) return addPlace(place, owners, result);
    const differences = describeDifferences(current, place);
    if (differences.length > 0) return void result.conflicts.push({ name: current.name, differences });
    const update = updateOf(index, current, place, owners, result);
    if (update.addAliases.length === 0 && Object.keys(update.fill).length === 0) result.unchanged += 1;
    else result.updated.push(update);
  });
  return result;
}

// The existing entry an imported place is: the same gazetteer ref, else the same name (or an
// alias of the entry), of the same kind when several answer to the name.
function indexEntries(existing: readonly PlaceFile[]): (place: PlaceFile) => number | undefined {
  const byRef = new Map<string, number>();
  const byKey = new Map<string, number[]>();
  existing.forEach((p, i) => {
    if (p.ref) byRef.set(p.ref, i);
    for (const key of new Set([p.name, ...p.aliases].map(normalizeKey))) byKey.set(key, [...(byKey.get(key) ?? []), i]);
  });
  return (place) => {
    const ref = place.ref ? byRef.get(place.ref) : undefined;
    if (ref !== undefined) return ref;
    const candidates = byKey.get(normalizeKey(place.name)) ?? [];
    const byName = candidates.find((i) => normalizeKey(existing[i]?.name ?? '') === normalizeKey(place.name));
    return byName ?? candidates.find((i) => existing[i]?.kind === place.kind) ?? candidates[0];
  };
}

function describeDifferences(current: PlaceFile, place: PlaceFile): string[] {
  const differences: string[] = [];
  const differ = (field: string, mine: string, theirs: string) => differences.push(`${field}: ${mine} (file) vs ${theirs} (import)`);
  if (current.kind !== place.kind) differ('kind', current.kind, place.kind);
  if (!isSubPath(current.within, place.within) && !isSubPath(place.within, current.within)) differ('within', current.within.join(', '), place.within.join(', '));
  const [a, b] = [current.coordinates, place.coordinates];
  if (a && b && (Math.abs(a[0] - b[0]) > SAME_COORDINATE || Math.abs(a[1] - b[1]) > SAME_COORDINATE)) differ('coordinates', a.join(', '), b.join(', '));
  if (current.ref && place.ref && current.ref !== place.ref) differ('ref', current.ref, place.ref);
  return differences;
}

// A gazetteer often knows fewer levels than a hand-written list (or more): the same areas in
// the same order agree; another area is a disagreement.
function isSubPath(part: readonly string[], whole: readonly string[]): boolean {
  const keys = whole.map(normalizeKey);
  let at = 0;
  for (const area of part.map(normalizeKey)) {
    at = keys.indexOf(area, at) + 1;
    if (at === 0) return false;
  }
  return true;
}

function updateOf(index: number, current: PlaceFile, place: PlaceFile, owners: Map<string, Owner>, result: PlacesMerge): EntryUpdate {
  const fill: EntryUpdate['fill'] = {};
  if (current.within.length === 0 && place.within.length > 0) fill.within = place.within;
  if (!current.coordinates && place.coordinates) fill.coordinates = place.coordinates;
  if (!current.ref && place.ref) fill.ref = place.ref;
  const known = new Set([current.name, ...current.aliases].map(normalizeKey));
  const addAliases = [place.name, ...place.aliases].filter((alias) => claimAlias(alias, current, known, owners, result));
  return { index, name: current.name, addAliases, fill };
}

function addPlace(place: PlaceFile, owners: Map<string, Owner>, result: PlacesMerge): void {
  const key = normalizeKey(place.name);
  const other = owners.get(key);
  if (other && !(other.ambiguous && place.ambiguous)) {
    result.conflicts.push({ name: place.name, differences: [`name: already a name or alias of ${other.name}`] });
    return;
  }
  owners.set(key, place);
  // A new entry keeps its aliases as given, repeated forms included (an export read back).
  result.added.push({ ...place, aliases: place.aliases.filter((alias) => claimAlias(alias, place, new Set(), owners, result)) });
}

// True when `alias` is new to `entry` (`known`: the forms it already has) and no other entry
// answers to it, unless both are ambiguous (each then needs its own context).
function claimAlias(alias: string, entry: Owner, known: Set<string>, owners: Map<string, Owner>, result: PlacesMerge): boolean {
  const key = normalizeKey(alias);
  if (known.has(key)) return false;
  const owner = owners.get(key);
  if (owner === entry) return true;
  if (owner && owner !== entry && !(owner.ambiguous && entry.ambiguous)) {
    result.droppedAliases.push({ alias, places: [entry.name, owner.name], reason: `already a name or alias of ${owner.name}` });
    return false;
  }
  known.add(key);
  owners.set(key, entry);
  return true;
}

/** An entry that answers to a name: a place, or an actor of the same watchlist. */
interface Owner {
  name: string;
  ambiguous: boolean;
}

function aliasOwners(entries: readonly (Owner & { aliases: readonly string[] })[]): Map<string, Owner> {
  const owners = new Map<string, Owner>();
  for (const entry of entries) {
    for (const name of [entry.name, ...entry.aliases]) if (!owners.has(normalizeKey(name))) owners.set(normalizeKey(name), entry);
  }
  return owners;
}
