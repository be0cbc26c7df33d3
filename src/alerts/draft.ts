// An item with violence at watched places becomes an alert draft, one per watchlist it
// touches: the level and reasons from risk, a headline naming the places and what happened.
// Clustering several reports of one event into one alert comes with the events issue; the
// seam is here (a draft carries its source item, not a final alert).
import type { EntityMatch } from '../matching/index.js';
import { normalizeKey } from '../text/index.js';
import type { AlertLevel, Assessment, Signals } from '../risk/index.js';

/** What an alert will be, before it is stored. */
export interface AlertDraft {
  watchlistId: number;
  level: AlertLevel;
  title: string;
  eventDate: Date;
  killed: number | null;
  reasons: string[];
  placeIds: number[];
  actorIds: number[];
}

export interface DraftInput {
  matches: readonly EntityMatch[];
  signals: Signals;
  assessment: Assessment;
  /** The item's publication date, else when Vigil first saw it. */
  eventDate: Date;
}

export function draftAlerts(input: DraftInput): AlertDraft[] {
  const watchlistIds = [...new Set(input.matches.map((m) => m.watchlistId))];
  return watchlistIds.map((watchlistId) => {
    const own = input.matches.filter((m) => m.watchlistId === watchlistId);
    const places = mostSpecific(uniqueEntities(own, 'place'));
    const actors = uniqueEntities(own, 'actor');
    return {
      watchlistId,
      level: input.assessment.level,
      title: headline(places.map((p) => p.name), actors.map((a) => a.name), input.signals),
      eventDate: input.eventDate,
      killed: input.signals.figures.killed,
      reasons: input.assessment.reasons,
      placeIds: places.map((p) => p.id),
      actorIds: actors.map((a) => a.id),
    };
  });
}

/** "Ogossagou, Bankass — massacre, attack: 32 killed (JNIM named)" */
function headline(places: string[], actors: string[], signals: Signals): string {
  const where = places.length > 0 ? listNames(places) : listNames(actors);
  const kinds = signals.violence.map((v) => v.kind.replace(/-/g, ' ')).slice(0, 3).join(', ');
  const killed = signals.figures.killed === null ? '' : `: ${signals.figures.killed} killed`;
  const named = places.length > 0 && actors.length > 0 ? ` (${listNames(actors)} named)` : '';
  return `${where} — ${kinds}${killed}${named}`;
}

interface Entity {
  id: number;
  name: string;
  within: readonly string[];
}

function uniqueEntities(matches: readonly EntityMatch[], kind: 'place' | 'actor'): Entity[] {
  const byId = new Map<number, Entity>();
  for (const m of matches) if (m.kind === kind && !byId.has(m.entityId)) byId.set(m.entityId, { id: m.entityId, name: m.name, within: m.within });
  return [...byId.values()];
}

// "Ogossagou, in the Bankass cercle of central Mali" is about Ogossagou: an area that another
// matched place lies within is context, not a place of the event.
function mostSpecific(places: Entity[]): Entity[] {
  const enclosing = new Set(places.flatMap((p) => p.within.map(normalizeKey)));
  const inner = places.filter((p) => !enclosing.has(normalizeKey(p.name)));
  return inner.length > 0 ? inner : places;
}

function listNames(names: string[]): string {
  return names.length > 3 ? `${names.slice(0, 3).join(', ')} and ${names.length - 3} more` : names.join(', ');
}
