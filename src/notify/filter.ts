// A subscription's place/actor filter: an event reaches it only when one of its places is, or lies
// within, a place the subscriber named (Bankass cercle holds Ogossagou), or when it names one of
// the actors. Names compare folded (case, accents, apostrophes), as the matcher compares them. Pure.
import { normalizeKey } from '../text/index.js';

export interface SubscriptionFilter {
  filterPlaces: readonly string[];
  filterActors: readonly string[];
}

/** What an event names, as the filter reads it. */
export interface EventNames {
  places: readonly { name: string; within: readonly string[] }[];
  actors: readonly string[];
}

export function isFiltered(filter: SubscriptionFilter): boolean {
  return filter.filterPlaces.length > 0 || filter.filterActors.length > 0;
}

/** True when the event passes the filter (always, for a subscription without one). */
export function passesFilter(filter: SubscriptionFilter, event: EventNames): boolean {
  if (!isFiltered(filter)) return true;
  const places = new Set(filter.filterPlaces.map(normalizeKey));
  const actors = new Set(filter.filterActors.map(normalizeKey));
  const atPlace = event.places.some((p) => places.has(normalizeKey(p.name)) || p.within.some((w) => places.has(normalizeKey(w))));
  return atPlace || event.actors.some((a) => actors.has(normalizeKey(a)));
}
