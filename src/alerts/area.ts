// Which events are in the same area, for escalation and a notice's recent history: places in the
// same cercle, or, where coordinates are known, within a radius. Pure.
import { normalizeKey } from '../text/index.js';

/** A watched place as area questions need it. */
export interface AreaPlace {
  id: number;
  name: string;
  kind: string;
  within: readonly string[];
  latitude: number | null;
  longitude: number | null;
}

// Below a cercle a place's area is its cercle; a cercle is its own; larger areas have none.
const LOCAL_KINDS = new Set(['village', 'town', 'commune']);

/** The cercle of a place, by name: `cercles` are the folded names of the watchlist's cercles. */
export function cercleOf(place: AreaPlace, cercles: ReadonlySet<string>): string | null {
  if (place.kind === 'cercle') return place.name;
  if (!LOCAL_KINDS.has(place.kind)) return null;
  // Without cercles in the watchlist, the innermost enclosing area stands for one.
  return place.within.find((n) => cercles.has(normalizeKey(n))) ?? (cercles.size === 0 ? (place.within[0] ?? null) : null);
}

/** How two events' places are one area, in words ("Bankass cercle", "within 25 km"), or null. */
export function sharedArea(a: readonly AreaPlace[], b: readonly AreaPlace[], cercles: ReadonlySet<string>, radiusKm: number): string | null {
  const areasOfB = new Map(b.flatMap((p) => areaKeys(p, cercles)));
  for (const p of a) {
    for (const [key, name] of areaKeys(p, cercles)) if (areasOfB.has(key)) return name;
  }
  for (const p of a) {
    for (const q of b) {
      if (p.id === q.id) return p.name;
      const km = distanceKm(p, q);
      if (km !== null && km <= radiusKm) return `within ${radiusKm} km`;
    }
  }
  return null;
}

function areaKeys(place: AreaPlace, cercles: ReadonlySet<string>): [string, string][] {
  const cercle = cercleOf(place, cercles);
  return cercle ? [[normalizeKey(cercle), cercle]] : [];
}

const EARTH_RADIUS_KM = 6371;
const KM_PER_DEGREE = 111.2;

/** What a query needs to find the events that may share an area with these places. */
export function areaFilter(places: readonly AreaPlace[], cercles: ReadonlySet<string>, radiusKm: number) {
  const boxes = places.flatMap((p): [number, number, number, number][] => {
    if (p.latitude === null || p.longitude === null) return [];
    const dLat = radiusKm / KM_PER_DEGREE;
    const dLon = radiusKm / (KM_PER_DEGREE * Math.max(0.01, Math.cos((p.latitude * Math.PI) / 180)));
    return [[p.latitude - dLat, p.latitude + dLat, p.longitude - dLon, p.longitude + dLon]];
  });
  return { ids: places.map((p) => p.id), areas: [...new Set(places.flatMap((p) => cercleOf(p, cercles) ?? []))], boxes };
}

/** Great-circle distance, or null when either place has no coordinates. */
export function distanceKm(a: AreaPlace, b: AreaPlace): number | null {
  if (a.latitude === null || a.longitude === null || b.latitude === null || b.longitude === null) return null;
  const rad = Math.PI / 180;
  const dLat = (b.latitude - a.latitude) * rad;
  const dLon = (b.longitude - a.longitude) * rad;
  const h = Math.sin(dLat / 2) ** 2 + Math.cos(a.latitude * rad) * Math.cos(b.latitude * rad) * Math.sin(dLon / 2) ** 2;
  return 2 * EARTH_RADIUS_KM * Math.asin(Math.min(1, Math.sqrt(h)));
}

/** "3rd violent event in Bankass cercle in 30 days (earlier: #12 on 2026-11-01, #15 on 2026-11-12)" */
export function escalationReason(earlier: readonly { id: number; eventDate: Date }[], area: string, windowDays: number): string {
  const list = earlier.map((e) => `#${e.id} on ${e.eventDate.toISOString().slice(0, 10)}`).join(', ');
  return `Escalation: ${ordinal(earlier.length + 1)} violent event in ${area} in ${windowDays} days (earlier: ${list})`;
}

/** An earlier event in the area, with the communities its perpetrators draw from. */
export interface NearbyEvent {
  id: number;
  eventDate: Date;
  area: string;
  perpetrators: readonly { name: string; communities: readonly string[] }[];
}

/**
 * "Possible reprisal: Dogon named as victims after violence by Dan Na Ambassagou (a militia of
 * that community) in Bankass cercle (#12 on 2026-11-01)", or null.
 */
export function reprisalReason(nearby: readonly NearbyEvent[], victims: readonly string[]): string | null {
  const victimKeys = new Set(victims.map(normalizeKey));
  for (const event of [...nearby].reverse()) {
    for (const actor of event.perpetrators) {
      const community = actor.communities.find((c) => victimKeys.has(normalizeKey(c)));
      if (community) {
        const when = `#${event.id} on ${event.eventDate.toISOString().slice(0, 10)}`;
        return `Possible reprisal: ${community} named as victims after violence by ${actor.name} (a militia of that community) in ${event.area} (${when})`;
      }
    }
  }
  return null;
}

function ordinal(n: number): string {
  const tens = n % 100;
  const suffix = tens >= 11 && tens <= 13 ? 'th' : ({ 1: 'st', 2: 'nd', 3: 'rd' } as Record<number, string>)[n % 10] ?? 'th';
  return `${n}${suffix}`;
}
