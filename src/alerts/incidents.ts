// From one item's place signals to the incidents it reports, one or more per watchlist: places
// whose violence is told in the same sentences are one incident ("attacks on Gouari and Djimdo
// killed 20"); places told of apart are apart. An incident is what joins or opens an event.
// Pure.
import type { FigureReport, PlaceSignals, ReportedSignals } from '../risk/index.js';
import { normalizeKey } from '../text/index.js';

/** A watched place of an incident. */
export interface IncidentPlace {
  id: number;
  name: string;
  within: readonly string[];
}

/** What one item reports of one incident at watched places of one watchlist. */
export interface Incident extends ReportedSignals {
  watchlistId: number;
  /** The most specific places: an area that holds another of them is context, not a place of it. */
  places: IncidentPlace[];
  eventDate: Date;
  /** The words that gave the date; null when it is the publication date. */
  eventDateEvidence: string | null;
}

/** The incidents of an item, by watchlist, places in the order first named. */
export function groupIncidents(places: readonly PlaceSignals[], reference: Date): Incident[] {
  const violent = places.filter((p) => p.violence.length > 0);
  const groups: PlaceSignals[][] = [];
  for (const place of violent) {
    const joined = groups.filter((g) => g[0]?.watchlistId === place.watchlistId && g.some((other) => shareUnit(other, place)));
    const merged = [...joined.flat(), place];
    for (const g of joined) groups.splice(groups.indexOf(g), 1);
    groups.push(merged);
  }
  return groups.map((group) => incidentOf(group, reference));
}

function shareUnit(a: PlaceSignals, b: PlaceSignals): boolean {
  return a.units.some((u) => b.units.includes(u));
}

function incidentOf(group: PlaceSignals[], reference: Date): Incident {
  const inner = mostSpecific(group);
  const dated = inner.filter((p) => p.eventDate).sort((a, b) => (a.eventDate?.date.getTime() ?? 0) - (b.eventDate?.date.getTime() ?? 0))[0];
  return {
    watchlistId: (group[0] as PlaceSignals).watchlistId,
    places: inner.map((p) => ({ id: p.placeId, name: p.name, within: p.within })),
    figures: mergeFigures(inner.map((p) => p.figures)),
    combatants: mergeFigures(inner.map((p) => p.combatants)),
    violence: uniqueBy(
      group.flatMap((p) => p.violence),
      (v) => v.kind,
    ),
    victims: [...new Set(group.flatMap((p) => p.victims))],
    perpetrators: uniqueBy(
      group.flatMap((p) => p.perpetrators),
      (a) => a.id,
    ),
    mentioned: uniqueBy(
      group.flatMap((p) => p.mentioned),
      (a) => a.id,
    ).filter((a) => !group.some((p) => p.perpetrators.some((x) => x.id === a.id))),
    eventDate: dated?.eventDate?.date ?? reference,
    eventDateEvidence: dated?.eventDate?.evidence ?? null,
  };
}

// "Ogossagou, in the Bankass cercle of central Mali" is about Ogossagou.
function mostSpecific(places: PlaceSignals[]): PlaceSignals[] {
  const enclosing = new Set(places.flatMap((p) => p.within.map(normalizeKey)));
  const inner = places.filter((p) => !enclosing.has(normalizeKey(p.name)));
  return inner.length > 0 ? inner : places;
}

// One toll told for several places together counts once; tolls told place by place add up
// ("12 killed in Gouari and 8 in Djimdo": 20 for the incident).
function mergeFigures<K extends string>(reports: readonly Partial<Record<K, FigureReport>>[]): Partial<Record<K, FigureReport>> {
  const merged: Partial<Record<K, FigureReport>> = {};
  const kinds = new Set(reports.flatMap((r) => Object.keys(r) as K[]));
  for (const kind of kinds) {
    const distinct = uniqueBy(
      reports.flatMap((r) => (r[kind] ? [r[kind]] : [])),
      (f) => f.evidence,
    );
    merged[kind] = distinct.length === 1 ? distinct[0] : sumReports(distinct);
  }
  return merged;
}

function sumReports(reports: readonly FigureReport[]): FigureReport {
  return {
    min: reports.reduce((n, r) => n + r.min, 0),
    max: reports.reduce((n, r) => n + r.max, 0),
    approximate: reports.some((r) => r.approximate),
    qualifier: reports.every((r) => r.qualifier === 'exact') ? 'exact' : 'at-least',
    evidence: reports.map((r) => r.evidence).join(' … '),
    revised: reports.some((r) => r.revised),
    shared: false,
  };
}

function uniqueBy<T>(values: readonly T[], key: (value: T) => unknown): T[] {
  const seen = new Set<unknown>();
  return values.filter((v) => {
    const k = key(v);
    if (seen.has(k)) return false;
    seen.add(k);
    return true;
  });
}
