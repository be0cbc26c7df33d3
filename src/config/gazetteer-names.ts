// Entry names for places from a gazetteer (pure). Gazetteers hold many places of one name
// (two villages called Kowa in different communes; Bankass the commune and Bankass the cercle);
// a watchlist needs one name per entry. A name used once stays as it is. Places sharing a name
// are each qualified by what tells them apart, their kind or their nearest enclosing areas:
// "Kowa (Bankass)", "Kowa (Dimbal)", "Bankass (cercle)"; each keeps the bare name as an alias
// and is marked ambiguous, so a bare mention counts only with its own context.
import { normalizeKey } from '../text/index.js';
import type { PLACE_KINDS, WatchlistFile } from './schema.js';
import { describeUnusable } from './watchlist-rules.js';

export type PlaceKind = (typeof PLACE_KINDS)[number];
export type PlaceFile = WatchlistFile['places'][number];

/** An alternate name left out, and why (shared by several places, not matchable). */
export interface DroppedAlias {
  alias: string;
  places: string[];
  reason: string;
}

/** An enclosing area of a record, as the gazetteer names it. */
export interface AreaRef {
  name: string;
  kind: PlaceKind;
}

/** A place before it has its entry name: the gazetteer's own name and admin path. */
export interface Candidate {
  name: string;
  kind: PlaceKind;
  /** Enclosing areas, innermost first. */
  path: AreaRef[];
  aliases: string[];
  ambiguous: boolean;
  coordinates?: [number, number];
  ref?: string;
}

/** The places with their entry names, `within` by those names, and the alternate names left out. */
export function nameCandidates(candidates: readonly Candidate[]): { places: PlaceFile[]; droppedAliases: DroppedAlias[] } {
  const names = entryNames(candidates);
  const nameOf = (area: AreaRef, path: AreaRef[]): string => names.get(areaIdentity(area, path)) ?? area.name;
  const places: PlaceFile[] = candidates.map((c) => {
    const name = names.get(areaIdentity(c, c.path)) ?? c.name;
    const shared = name !== c.name;
    return {
      name,
      kind: c.kind,
      aliases: shared ? [c.name, ...c.aliases] : [...c.aliases],
      within: c.path.map((area, i) => nameOf(area, c.path.slice(i + 1))),
      ambiguous: c.ambiguous || shared,
      ...(c.coordinates ? { coordinates: c.coordinates } : {}),
      ...(c.ref ? { ref: c.ref } : {}),
    };
  });
  const droppedAliases = dropUnusableAliases(places, new Set(candidates.map((c) => normalizeKey(c.name))));
  return { places, droppedAliases };
}

/** One place per kind, folded name and admin path (innermost first). */
export function areaIdentity(c: AreaRef, path: readonly AreaRef[]): string {
  return [c.kind, normalizeKey(c.name), ...path.map((a) => `${a.kind}:${normalizeKey(a.name)}`)].join('|');
}

// Candidates by folded name; a group of more than one gets qualified names.
function entryNames(candidates: readonly Candidate[]): Map<string, string> {
  const groups = new Map<string, Candidate[]>();
  for (const c of candidates) {
    const key = normalizeKey(c.name);
    groups.set(key, [...(groups.get(key) ?? []), c]);
  }
  const names = new Map<string, string>();
  for (const group of groups.values()) {
    if (group.length === 1) continue;
    for (const c of group) names.set(areaIdentity(c, c.path), `${c.name} (${qualifierOf(c, group)})`);
  }
  return names;
}

// The kind when no other place of the group has it; else the fewest enclosing areas that no
// other place of the same kind shares (with the kind first when kinds differ in the group).
function qualifierOf(c: Candidate, group: readonly Candidate[]): string {
  const sameKind = group.filter((o) => o !== c && o.kind === c.kind);
  if (sameKind.length === 0) return c.kind;
  const kindPart = group.some((o) => o.kind !== c.kind) ? [c.kind] : [];
  const pathKey = (x: Candidate, n: number) => x.path.slice(0, n).map((a) => normalizeKey(a.name)).join('|');
  for (let n = 1; n <= c.path.length; n++) {
    if (sameKind.every((o) => pathKey(o, n) !== pathKey(c, n))) return [...kindPart, ...c.path.slice(0, n).map((a) => a.name)].join(', ');
  }
  // Same name, kind and path reads as one place; only a differing ref (or none) tells them apart.
  return [...kindPart, c.ref ?? c.path.map((a) => a.name).join(', ')].join(', ');
}

// An alternate name several places share, or another place's name, would make each of them
// match the other's mentions: it is left out and reported. So are stop words and numbers.
function dropUnusableAliases(places: PlaceFile[], bareNames: ReadonlySet<string>): DroppedAlias[] {
  const owners = new Map<string, PlaceFile[]>();
  const nameKeys = new Set([...places.map((p) => normalizeKey(p.name)), ...bareNames]);
  const bareOf = (p: PlaceFile) => (p.ambiguous && p.aliases[0] !== undefined ? normalizeKey(p.aliases[0]) : null);
  for (const p of places) {
    for (const alias of p.aliases) {
      const key = normalizeKey(alias);
      if (key === bareOf(p)) continue;
      owners.set(key, [...(owners.get(key) ?? []), p]);
    }
  }
  const dropped: DroppedAlias[] = [];
  for (const [key, holders] of owners) {
    const alias = holders[0]?.aliases.find((a) => normalizeKey(a) === key) ?? key;
    const reason = describeUnusable(alias, key) ?? (nameKeys.has(key) ? 'the name of another place' : holders.length > 1 ? 'shared by several places' : null);
    if (!reason) continue;
    for (const p of holders) p.aliases = p.aliases.filter((a) => normalizeKey(a) !== key);
    dropped.push({ alias, places: holders.map((p) => p.name), reason });
  }
  return dropped;
}
