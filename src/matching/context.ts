// Whether an ambiguous name counts, and why. A place counts with an enclosing area below the
// country, another watched place of its cercle, or another watched place within the radius; an
// actor with another watched actor or a counted place of its watchlist. The reason is stored
// with the match, so an analyst sees why "Boura" was read as the Malian village.
import type { EntityEntry, Matcher } from './compile.js';
import type { ItemMentions } from './find.js';

/** Whether an entity's mentions count, and the context that made an ambiguous one count. */
export interface Verdict {
  counts: boolean;
  /** Null for a name that needs no context, and for one that found none. */
  reason: string | null;
}

const NEEDS_NO_CONTEXT: Verdict = { counts: true, reason: null };
const NO_CONTEXT: Verdict = { counts: false, reason: null };

/** The verdict on every entity the item mentions; places first, as they are context for actors. */
export function judgeMentions(matcher: Matcher, mentions: ItemMentions): Map<EntityEntry, Verdict> {
  const verdicts = new Map<EntityEntry, Verdict>();
  const entries = [...new Set(mentions.found.map((f) => f.entry))];
  const spans = spansOf(mentions);
  // Only another name gives context: two homonyms ("Kowa (Bankass)", "Kowa (Dimbal)") read
  // from the same words are one mention, and cannot vouch for each other.
  const apart = (entry: EntityEntry) => entries.filter((e) => e !== entry && [...(spans.get(e) ?? [])].some((s) => !spans.get(entry)?.has(s)));
  for (const entry of entries) {
    if (!entry.ambiguous) verdicts.set(entry, NEEDS_NO_CONTEXT);
    else if (entry.kind === 'place') verdicts.set(entry, verdictOf(placeContext(matcher, entry, apart(entry), mentions.areasSeen)));
  }
  for (const entry of entries) {
    if (entry.ambiguous && entry.kind === 'actor') verdicts.set(entry, verdictOf(actorContext(entry, apart(entry), verdicts)));
  }
  return verdicts;
}

// Where each entity is mentioned, as "field:start" keys.
function spansOf(mentions: ItemMentions): Map<EntityEntry, Set<string>> {
  const spans = new Map<EntityEntry, Set<string>>();
  for (const { entry, field, spans: list } of mentions.found) {
    const keys = spans.get(entry) ?? new Set<string>();
    for (const span of list) keys.add(`${field}:${span.start}`);
    spans.set(entry, keys);
  }
  return spans;
}

const verdictOf = (reason: string | null): Verdict => (reason === null ? NO_CONTEXT : { counts: true, reason });

// `others`: the entities the item names apart from this one.
function placeContext(matcher: Matcher, place: EntityEntry, others: readonly EntityEntry[], areasSeen: ReadonlySet<string>): string | null {
  const area = place.contextAreas.find((a) => areasSeen.has(a.key));
  if (area) return `context: ${area.label}`;
  const places = others.filter((e) => e.kind === 'place' && e.watchlistId === place.watchlistId);
  for (const other of places) {
    const cercle = other.ambiguous ? undefined : other.cercles.find((c) => place.cercles.some((own) => own.key === c.key));
    if (cercle) return `context: ${other.name} (same cercle: ${cercle.label})`;
  }
  for (const other of places) {
    const km = distanceKm(place, other);
    if (km !== null && km <= matcher.contextRadiusKm) return `context: ${other.name}, ${Math.round(km)} km away`;
  }
  return null;
}

function actorContext(actor: EntityEntry, others: readonly EntityEntry[], verdicts: ReadonlyMap<EntityEntry, Verdict>): string | null {
  const other = others.find(
    (e) => e.watchlistId === actor.watchlistId && (e.kind === 'actor' ? !e.ambiguous : verdicts.get(e)?.counts === true),
  );
  return other ? `context: ${other.name}` : null;
}

const EARTH_RADIUS_KM = 6371;
const toRadians = (degrees: number): number => (degrees * Math.PI) / 180;

/** Great-circle distance between two places, or null when either has no coordinates. */
function distanceKm(a: EntityEntry, b: EntityEntry): number | null {
  if (a.latitude === null || a.longitude === null || b.latitude === null || b.longitude === null) return null;
  const dLat = toRadians(b.latitude - a.latitude);
  const dLon = toRadians(b.longitude - a.longitude);
  const h = Math.sin(dLat / 2) ** 2 + Math.cos(toRadians(a.latitude)) * Math.cos(toRadians(b.latitude)) * Math.sin(dLon / 2) ** 2;
  return 2 * EARTH_RADIUS_KM * Math.asin(Math.min(1, Math.sqrt(h)));
}
