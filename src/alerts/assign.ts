// An incident joins the open event of its watchlist that shares a place with it (or a place and
// its enclosing commune) within risk.eventWindowDays, or opens a new one — across feeds and
// languages. It runs inside the item's transaction under a lock per watchlist, so two feeds (or
// two processes) storing reports of one attack at once make one event: the second waits for
// the first to commit, then finds its event.
import type { RiskConfig } from '../config/index.js';
import type { Tx } from '../db/index.js';
import { EMPTY_ASSESSMENT, addReport, assessState, isAtLeast, raiseLevel, sourceLabel, type AlertLevel, type Assessment, type SourceReport } from '../risk/index.js';
import { areaFilter, escalationReason, reprisalReason, sharedArea, type AreaPlace } from './area.js';
import type { Incident } from './incidents.js';
import { decideRevision, eventHeadline, killedOf, type EventState } from './revise.js';
import { insertEvent, updateEvent, type EventFields, type ReportRow, type RevisionFields } from './write.js';
import { findOpenEvent, loadAreaPlaces, recentViolentEvents, watchlistCercles, type StoredEvent } from './queries.js';

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

/** What one transaction has already learnt: the locks it holds, each watchlist's cercles, places. */
export interface EventContext {
  locked: Set<number>;
  cercles: Map<number, Set<string>>;
  places: Map<number, AreaPlace>;
}

export function newEventContext(): EventContext {
  return { locked: new Set(), cercles: new Map(), places: new Map() };
}

/** Reads places in one query (a batch's, before its reports are recorded one by one). */
export async function preloadPlaces(tx: Tx, context: EventContext, placeIds: readonly number[]): Promise<void> {
  const ids = [...new Set(placeIds)].filter((id) => !context.places.has(id));
  if (ids.length > 0) for (const place of await loadAreaPlaces(tx, ids)) context.places.set(place.id, place);
}

/**
 * Records the report on its event; null when the rules find no level in it. Reports of several
 * watchlists in one transaction must come in watchlist order (locks are held until commit).
 */
export async function recordIncident(tx: Tx, risk: RiskConfig, report: IncidentReport, now: Date, context = newEventContext()): Promise<EventChange | null> {
  const { watchlistId } = report.incident;
  if (!context.locked.has(watchlistId)) {
    await tx.$executeRaw`SELECT pg_advisory_xact_lock(${EVENTS_LOCK}::int, ${watchlistId}::int)`;
    context.locked.add(watchlistId);
  }
  const event = await findOpenEvent(tx, risk, report.incident, report.itemId);
  if (event === null) return openEvent(tx, risk, report, now, context);
  // A re-matched item may already be a report of this event: a report is counted once.
  if (report.rematch && event.hasItem) return null;
  return joinEvent(tx, risk, event, report, now);
}

function sourceReport(report: IncidentReport): SourceReport {
  const { incident, source } = report;
  return { ...source, figures: incident.figures, violence: incident.violence, victims: incident.victims };
}

async function openEvent(tx: Tx, risk: RiskConfig, report: IncidentReport, now: Date, context: EventContext): Promise<EventChange | null> {
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
  return { alert: { id, watchlistId: incident.watchlistId, level, revision: 1 }, created: true, notify };
}

async function joinEvent(tx: Tx, risk: RiskConfig, before: StoredEvent, report: IncidentReport, now: Date): Promise<EventChange | null> {
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
  const places = [...before.placeNames, ...incident.places.map((p) => p.name).filter((n) => !before.placeNames.includes(n))];
  const perpetrators = [...new Set([...before.perpetrators, ...incident.perpetrators.map((a) => a.name)])];
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
  await updateEvent(tx, before.id, fields, reportRow(report), revision);
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
