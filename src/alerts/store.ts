// Alerts in the database: created with their source item, places and actors in the ingest
// transaction; read back as the JSON shape of DESIGN.md ("JSON output") and as the detail a
// notice is rendered from.
import type { Db, Tx } from '../db/index.js';
import type { AlertLevel } from '../risk/index.js';
import type { AlertDraft } from './draft.js';

/** A stored alert, as the outbox needs it. */
export interface CreatedAlert {
  id: number;
  watchlistId: number;
  level: AlertLevel;
  revision: number;
}

export async function createAlert(tx: Tx, draft: AlertDraft, itemId: number): Promise<CreatedAlert> {
  const alert = await tx.alert.create({
    data: {
      watchlistId: draft.watchlistId,
      level: draft.level,
      title: draft.title,
      eventDate: draft.eventDate,
      killedMin: draft.killed,
      killedMax: draft.killed,
      reasons: draft.reasons,
      sources: { create: [{ itemId }] },
      places: { create: draft.placeIds.map((placeId) => ({ placeId })) },
      actors: { create: draft.actorIds.map((actorId) => ({ actorId })) },
    },
    select: { id: true, revision: true },
  });
  return { id: alert.id, watchlistId: draft.watchlistId, level: draft.level, revision: alert.revision };
}

/** An alert as `vigil alerts list --json` and /api/alerts show it. */
export interface AlertView {
  id: number;
  watchlist: string;
  level: string;
  title: string;
  eventDate: string;
  places: string[];
  actors: string[];
  killed: { min: number; max: number } | null;
  reasons: string[];
  sources: { guid: string; link: string | null; title: string; publisher: string; publishedAt: string | null }[];
  revision: number;
  createdAt: string;
}

const viewInclude = {
  watchlist: { select: { slug: true } },
  places: { include: { place: { select: { name: true } } } },
  actors: { include: { actor: { select: { name: true } } } },
  sources: { include: { item: { select: { guid: true, link: true, title: true, publishedAt: true, feed: { select: { publisher: true } } } } } },
} as const;

/** The newest alerts first. */
export async function listAlerts(db: Db, options: { limit: number; watchlist?: string }): Promise<AlertView[]> {
  const rows = await db.alert.findMany({
    where: options.watchlist ? { watchlist: { slug: options.watchlist } } : {},
    orderBy: [{ eventDate: 'desc' }, { id: 'desc' }],
    take: options.limit,
    include: viewInclude,
  });
  return rows.map((r) => ({
    id: r.id,
    watchlist: r.watchlist.slug,
    level: r.level,
    title: r.title,
    eventDate: r.eventDate.toISOString(),
    places: r.places.map((p) => p.place.name),
    actors: r.actors.map((a) => a.actor.name),
    killed: r.killedMin === null ? null : { min: r.killedMin, max: r.killedMax ?? r.killedMin },
    reasons: r.reasons,
    sources: r.sources.map(({ item }) => ({
      guid: item.guid,
      link: item.link,
      title: item.title,
      publisher: item.feed.publisher,
      publishedAt: item.publishedAt?.toISOString() ?? null,
    })),
    revision: r.revision,
    createdAt: r.createdAt.toISOString(),
  }));
}

/** Everything a notice about one alert shows. */
export async function loadAlertDetail(db: Db, alertId: number) {
  return db.alert.findUniqueOrThrow({
    where: { id: alertId },
    include: {
      watchlist: { select: { slug: true, name: true, recommendedActions: true } },
      places: { include: { place: { select: { name: true, kind: true, within: true } } } },
      actors: { include: { actor: { select: { name: true, type: true } } } },
      sources: {
        include: {
          item: { select: { title: true, link: true, publishedAt: true, seenAt: true, signal: true, feed: { select: { name: true, publisher: true } } } },
        },
      },
    },
  });
}

export type AlertDetail = Awaited<ReturnType<typeof loadAlertDetail>>;

const DAY_MS = 86_400_000;
// Below a cercle a place's area is its innermost enclosing area; a cercle or larger is its own.
const LOCAL_KINDS = new Set(['village', 'town', 'commune']);

/** A place of an alert, as the history query needs it. */
export interface AreaPlace {
  name: string;
  kind: string;
  within: readonly string[];
}

/** Earlier alerts in the same area (same places, or places in the same cercle) within `days`. */
export async function listEarlierAlerts(db: Db, alert: { id: number; eventDate: Date; places: readonly AreaPlace[] }, days: number) {
  const areas = [...new Set(alert.places.flatMap((p) => (LOCAL_KINDS.has(p.kind) && p.within[0] ? [p.name, p.within[0]] : [p.name])))];
  if (areas.length === 0) return [];
  return db.alert.findMany({
    where: {
      places: { some: { place: { OR: [{ name: { in: areas } }, { within: { hasSome: areas } }] } } },
      eventDate: { gte: new Date(alert.eventDate.getTime() - days * DAY_MS), lte: alert.eventDate },
      OR: [{ eventDate: { lt: alert.eventDate } }, { id: { lt: alert.id } }],
    },
    orderBy: [{ eventDate: 'desc' }, { id: 'desc' }],
    take: 10,
    select: { id: true, level: true, title: true, eventDate: true },
  });
}
