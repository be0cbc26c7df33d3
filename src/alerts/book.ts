// The events a batch's reports may join, held in memory while the batch holds its watchlist's
// events lock: read in one query when the lock is taken, then each report finds its event here
// and a join changes it here, instead of a read and a write per report. No other process changes
// them meanwhile (the lock); opening an event still reads and writes the database. Pure.
import type { AssessmentState } from '../risk/index.js';
import type { Incident } from './incidents.js';
import type { EventState } from './revise.js';

/** An event of the watchlist as the batch has left it so far. */
export interface BookEvent {
  id: number;
  watchlistId: number;
  state: EventState;
  /** What subscribers were last told (the latest notified revision). */
  lastNotified: EventState;
  revision: number;
  eventDate: Date;
  escalation: string | null;
  historical: boolean;
  /** Its places, id → name. */
  places: Map<number, string>;
  /** The actors named as its perpetrators, id → name. */
  perpetrators: Map<number, string>;
  /** What its reports add up to. */
  assessment: AssessmentState;
  /** The batch's items that are already reports of it. */
  items: Set<number>;
}

/** One watchlist's events as a batch sees them. */
export interface EventBook {
  /** Each incident place's related places: itself, the communes it lies in, and the places within it when it is a commune. */
  related: Map<number, Set<number>>;
  /** Names of the incident places and of the actors they report, as stored. */
  placeNames: Map<number, string>;
  actorNames: Map<number, string>;
  /** Open events that one of the batch's incidents may join, and those the batch opened. */
  events: BookEvent[];
}

const DAY_MS = 86_400_000;

/** What an event with no notified revision (a historical or quiet one) was told: nothing, measured from nothing. */
export const NOTHING_TOLD: EventState = { level: 'serious-concern', killed: null, sources: 0 };

/**
 * The event an incident joins: of its watchlist, not withdrawn, dated within `windowDays` of it,
 * with a place related to one of its places; the nearest in date first, then the oldest.
 */
export function nearestEvent(book: EventBook, incident: Incident, windowDays: number): BookEvent | null {
  const related = new Set(incident.places.flatMap((p) => [...(book.related.get(p.id) ?? [])]));
  const date = incident.eventDate.getTime();
  let best: BookEvent | null = null;
  for (const event of book.events) {
    if (event.watchlistId !== incident.watchlistId) continue;
    if (Math.abs(event.eventDate.getTime() - date) > windowDays * DAY_MS) continue;
    if (![...event.places.keys()].some((id) => related.has(id))) continue;
    if (best === null || closer(event, best, date)) best = event;
  }
  return best;
}

function closer(a: BookEvent, b: BookEvent, date: number): boolean {
  const da = Math.abs(a.eventDate.getTime() - date);
  const db = Math.abs(b.eventDate.getTime() - date);
  return da < db || (da === db && a.id < b.id);
}

/** Names ordered by id, as the event's stored rows list them. */
export function namesById(names: ReadonlyMap<number, string>): string[] {
  return [...names.entries()].sort((a, b) => a[0] - b[0]).map(([, name]) => name);
}

/** What a report that joined an event changed in it. */
export interface JoinedReport {
  state: EventState;
  notified: boolean;
  revision: number;
  eventDate: Date;
  assessment: AssessmentState;
  itemId: number;
  incident: Incident;
}

/** Applies a join to the event in the book, as its stored rows will be after the write. */
export function applyJoin(book: EventBook, event: BookEvent, joined: JoinedReport): void {
  event.state = joined.state;
  if (joined.notified) event.lastNotified = joined.state;
  event.revision = joined.revision;
  event.eventDate = joined.eventDate;
  event.assessment = joined.assessment;
  event.items.add(joined.itemId);
  addNames(book, event, joined.incident);
}

/** Adds an event the batch opened. */
export function addOpened(book: EventBook, event: Omit<BookEvent, 'places' | 'perpetrators' | 'items'>, itemId: number, incident: Incident): void {
  const opened: BookEvent = { ...event, places: new Map(), perpetrators: new Map(), items: new Set([itemId]) };
  addNames(book, opened, incident);
  book.events.push(opened);
}

function addNames(book: EventBook, event: BookEvent, incident: Incident): void {
  for (const p of incident.places) event.places.set(p.id, book.placeNames.get(p.id) ?? p.name);
  for (const a of incident.perpetrators) event.perpetrators.set(a.id, book.actorNames.get(a.id) ?? a.name);
}
