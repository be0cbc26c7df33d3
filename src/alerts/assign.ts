// An incident joins the open event of its watchlist that shares a place with it (or a place and
// its enclosing commune) within risk.eventWindowDays, or opens a new one — across feeds and
// languages. It runs inside the items' transaction under a lock per watchlist, so two feeds (or
// two processes) storing reports of one attack at once make one event: the second waits for
// the first to commit, then finds its event. Under the lock a batch's events are held in memory
// (book.ts): reports join them there, and the joins are written together.
import type { RiskConfig } from '../config/index.js';
import type { Tx } from '../db/index.js';
import { EMPTY_ASSESSMENT, addReport, assessState, isAtLeast, raiseLevel, sourceLabel, type AlertLevel, type Assessment, type SourceReport } from '../risk/index.js';
import { areaFilter, escalationReason, reprisalReason, sharedArea, type AreaPlace } from './area.js';
import type { Incident } from './incidents.js';
import { NOTHING_TOLD, addOpened, applyJoin, namesById, nearestEvent, type BookEvent, type EventBook } from './book.js';
import { loadEventBook } from './book-store.js';
import { decideRevision, eventHeadline, killedOf, type EventState } from './revise.js';
import { insertEvent, writeJoins, type EventFields, type Join, type ReportRow, type RevisionFields } from './write.js';
import { loadAreaPlaces, recentViolentEvents, watchlistCercles } from './queries.js';

/** An event as the outbox needs it. */
export interface CreatedAlert {
  id: number;
  watchlistId: number;
  level: AlertLevel;
  revision: number;
}

/** What a report did to its event. */
export interface EventChange {
  alert: CreatedAlert;
  created: boolean;
  /** Subscribers are to be told of this revision. */
  notify: boolean;
}

/** One item's report of one incident. */
export interface IncidentReport {
  itemId: number;
  source: { publisher: string; publishedAt: Date | null };
  incident: Incident;
  /** A feed's old entry seen for the first time (polling.backfillDays): recorded, never mailed. */
  quiet?: boolean;
  /**
   * A stored item matched again after a watchlist change: it may already be a report of the
   * event its incident finds, and a report is counted once.
   */
  rematch?: boolean;
}

// "VIGE": the events lock's namespace; the second key is the watchlist id.
const EVENTS_LOCK = 0x56494745;
const DAY_MS = 86_400_000;

/** What one transaction has already learnt: each locked watchlist's book, cercles, places; joins not yet written. */
interface EventContext {
  books: Map<number, EventBook>;
  cercles: Map<number, Set<string>>;
  places: Map<number, AreaPlace>;
  joins: Join[];
}

/**
 * Records each report on its event, joining or opening one, and tells `onChange` what it did
 * (reports the rules find no level in change nothing). Watchlists are locked in id order, so two
 * batches never wait for each other in a circle; the locks are held until commit. When
 * `onChange` hears of a change subscribers are to be told of, the event is stored as it is.
 */
export async function recordIncidents(
  tx: Tx,
  risk: RiskConfig,
  reports: readonly IncidentReport[],
  now: Date,
  onChange: (report: IncidentReport, change: EventChange) => Promise<void>,
): Promise<void> {
  const ordered = [...reports].sort((a, b) => a.incident.watchlistId - b.incident.watchlistId);
  const context: EventContext = { books: new Map(), cercles: new Map(), places: new Map(), joins: [] };
  await preloadPlaces(
    tx,
    context,
    ordered.flatMap((r) => r.incident.places.map((p) => p.id)),
  );
  for (const report of ordered) {
    const book = await bookOf(tx, risk, context, report.incident.watchlistId, ordered);
    const change = await recordIncident(tx, risk, report, now, context, book);
    if (!change) continue;
    // Queuing its emails reads the event (subscriptions filter by its places and actors).
    if (change.notify) await writePendingJoins(tx, context);
    await onChange(report, change);
  }
  await writePendingJoins(tx, context);
}

// The watchlist's book, read under its lock the first time one of its reports comes.
async function bookOf(tx: Tx, risk: RiskConfig, context: EventContext, watchlistId: number, reports: readonly IncidentReport[]): Promise<EventBook> {
  const known = context.books.get(watchlistId);
  if (known) return known;
  await lockWatchlistEvents(tx, [watchlistId]);
  const own = reports.filter((r) => r.incident.watchlistId === watchlistId);
  const book = await loadEventBook(
    tx,
    risk,
    watchlistId,
    own.map((r) => r.incident),
    own.map((r) => r.itemId),
  );
  context.books.set(watchlistId, book);
  return book;
}

/**
 * Takes the events locks of these watchlists, in id order, until commit (a lock this transaction
 * holds already is taken again at once). Whoever changes events outside recordIncidents (a
 * re-match withdrawing them) takes them first, so that no batch holding those events in memory
 * joins one meanwhile.
 */
export async function lockWatchlistEvents(tx: Tx, watchlistIds: Iterable<number>): Promise<void> {
  for (const id of [...new Set(watchlistIds)].sort((a, b) => a - b)) await tx.$executeRaw`SELECT pg_advisory_xact_lock(${EVENTS_LOCK}::int, ${id}::int)`;
}

async function writePendingJoins(tx: Tx, context: EventContext): Promise<void> {
  await writeJoins(tx, context.joins.splice(0));
}

/** Reads places in one query (a batch's, before its reports are recorded one by one). */
async function preloadPlaces(tx: Tx, context: EventContext, placeIds: readonly number[]): Promise<void> {
  const ids = [...new Set(placeIds)].filter((id) => !context.places.has(id));
  if (ids.length > 0) for (const place of await loadAreaPlaces(tx, ids)) context.places.set(place.id, place);
}

/** Records the report on its event; null when the rules find no level in it. */
async function recordIncident(tx: Tx, risk: RiskConfig, report: IncidentReport, now: Date, context: EventContext, book: EventBook): Promise<EventChange | null> {
  const event = nearestEvent(book, report.incident, risk.eventWindowDays);
  if (event === null) return openEvent(tx, risk, report, now, context, book);
  // A re-matched item may already be a report of this event: a report is counted once.
  if (report.rematch && event.items.has(report.itemId)) return null;
  return joinEvent(risk, event, report, now, context, book);
}

function sourceReport(report: IncidentReport): SourceReport {
  const { incident, source } = report;
  return { ...source, figures: incident.figures, violence: incident.violence, victims: incident.victims };
}

async function openEvent(tx: Tx, risk: RiskConfig, report: IncidentReport, now: Date, context: EventContext, book: EventBook): Promise<EventChange | null> {
  const { incident } = report;
  const state = addReport(risk, EMPTY_ASSESSMENT, sourceReport(report));
  const assessment = assessState(risk, state);
  if (!assessment) return null;
  const historical = incident.eventDate.getTime() < now.getTime() - risk.currentWindowDays * DAY_MS;
  const escalation = historical ? null : await findEscalation(tx, risk, incident, context);
  const level = escalation ? raiseLevel(assessment.level) : assessment.level;
  const fields: EventFields = {
    level,
    title: eventHeadline(
      incident.places.map((p) => p.name),
      incident.perpetrators.map((a) => a.name),
      assessment,
    ),
    eventDate: incident.eventDate,
    killed: killedOf(assessment.killed),
    violence: assessment.violence,
    reasons: reasonsOf(assessment, escalation),
    revision: 1,
    state,
    now,
  };
  const notify = !historical && !report.quiet;
  const revision: RevisionFields = { previousLevel: null, sources: 1, changes: ['first report'], notified: notify };
  const id = await insertEvent(tx, { ...fields, watchlistId: incident.watchlistId, escalation, historical }, reportRow(report), revision);
  const opened: EventState = { level, killed: fields.killed, sources: 1 };
  const lastNotified = notify ? opened : NOTHING_TOLD;
  addOpened(book, { id, watchlistId: incident.watchlistId, state: opened, lastNotified, revision: 1, eventDate: incident.eventDate, escalation, historical, assessment: state }, report.itemId, incident);
  return { alert: { id, watchlistId: incident.watchlistId, level, revision: 1 }, created: true, notify };
}

// The join is applied to the book now and written with the batch's other joins.
function joinEvent(risk: RiskConfig, before: BookEvent, report: IncidentReport, now: Date, context: EventContext, book: EventBook): EventChange | null {
  const { incident } = report;
  const state = addReport(risk, before.assessment, sourceReport(report));
  const assessment = assessState(risk, state);
  if (!assessment) return null;
  const sources = before.state.sources + 1;
  const assessed = before.escalation ? raiseLevel(assessment.level) : assessment.level;
  // Reports add up: a later, calmer report does not lower what an earlier one established.
  const level = isAtLeast(assessed, before.state.level) ? assessed : before.state.level;
  const after: EventState = { level, killed: killedOf(assessment.killed), sources };
  const decision = decideRevision(risk, before.state, after, before.lastNotified, sourceLabel(report.source));
  const notify = decision.notify && !before.historical && !report.quiet;
  const placeNames = namesById(before.places);
  const places = [...placeNames, ...incident.places.map((p) => p.name).filter((n) => !placeNames.includes(n))];
  const perpetrators = [...new Set([...namesById(before.perpetrators), ...incident.perpetrators.map((a) => a.name)])];
  const fields: EventFields = {
    level,
    title: eventHeadline(places, perpetrators, assessment),
    eventDate: incident.eventDate < before.eventDate ? incident.eventDate : before.eventDate,
    killed: after.killed,
    violence: assessment.violence,
    reasons: reasonsOf(assessment, before.escalation),
    revision: before.revision + 1,
    state,
    now,
  };
  const revision: RevisionFields = { previousLevel: before.state.level, sources, changes: decision.changes, notified: notify };
  context.joins.push({ id: before.id, event: fields, report: reportRow(report), revision });
  applyJoin(book, before, { state: after, notified: notify, revision: fields.revision, eventDate: fields.eventDate, assessment: state, itemId: report.itemId, incident });
  return { alert: { id: before.id, watchlistId: incident.watchlistId, level, revision: fields.revision }, created: false, notify };
}

function reportRow(report: IncidentReport): ReportRow {
  const { incident } = report;
  return {
    itemId: report.itemId,
    figures: incident.figures,
    violence: incident.violence.map((v) => ({ kind: v.kind, term: v.term })),
    victims: incident.victims,
    eventDate: incident.eventDate,
    placeIds: incident.places.map((p) => p.id),
    actors: [
      ...incident.perpetrators.map((a) => ({ actorId: a.id, role: 'perpetrator' as const })),
      ...incident.mentioned.map((a) => ({ actorId: a.id, role: 'mentioned' as const })),
    ],
  };
}

function reasonsOf(assessment: Assessment, escalation: string | null): string[] {
  return escalation ? [...assessment.reasons, escalation] : assessment.reasons;
}

// Earlier violent events of the watchlist in the incident's area within the escalation window:
// several of them, or one by the militia of the community now attacked (a possible reprisal),
// raise the new event one level, and its reasons say why.
async function findEscalation(tx: Tx, risk: RiskConfig, incident: Incident, context: EventContext): Promise<string | null> {
  const from = new Date(incident.eventDate.getTime() - risk.escalationWindowDays * DAY_MS);
  // The area's events are read from the database: they must be as the batch's joins left them.
  await writePendingJoins(tx, context);
  // One after the other: a transaction is one connection, which runs one query at a time.
  await preloadPlaces(
    tx,
    context,
    incident.places.map((p) => p.id),
  );
  const places = incident.places.flatMap((p) => context.places.get(p.id) ?? []);
  let cercles = context.cercles.get(incident.watchlistId);
  if (!cercles) context.cercles.set(incident.watchlistId, (cercles = await watchlistCercles(tx, incident.watchlistId)));
  const recent = await recentViolentEvents(tx, incident.watchlistId, from, incident.eventDate, areaFilter(places, cercles, risk.escalationRadiusKm));
  const nearby = recent.flatMap((event) => {
    const area = sharedArea(places, event.places, cercles, risk.escalationRadiusKm);
    return area === null ? [] : [{ ...event, area }];
  });
  const reasons = [
    nearby.length >= risk.escalationAfterEvents && nearby[0] ? escalationReason(nearby, nearby[0].area, risk.escalationWindowDays) : null,
    reprisalReason(nearby, incident.victims),
  ].filter((r): r is string => r !== null);
  return reasons.length > 0 ? reasons.join(' ') : null;
}
