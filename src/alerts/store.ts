// Events read back: as the JSON shape of DESIGN.md ("JSON output") for the CLI and the API, as
// the detail a notice and `vigil alerts show` are rendered from, and as the recent history of an
// event's places.
import type { Db, Prisma } from '../db/index.js';
import type { FigureReports } from '../risk/index.js';
import { normalizeKey } from '../text/index.js';
import { cercleOf } from './area.js';

/** A report of an event, as listed. */
export interface SourceView {
  guid: string;
  link: string | null;
  title: string;
  publisher: string;
  publishedAt: string | null;
  /** The toll this report gave, or null. */
  killed: { min: number; max: number; approximate: boolean } | null;
  /** Other feeds that carried the same story (stored once, under this report). */
  alsoCarriedBy: { publisher: string; link: string | null }[];
}

/** An event as `vigil alerts list --json` and /api/alerts show it. */
export interface AlertView {
  id: number;
  watchlist: string;
  level: string;
  title: string;
  eventDate: string;
  places: string[];
  actors: string[];
  perpetrators: string[];
  killed: { min: number; max: number } | null;
  violence: string[];
  reasons: string[];
  escalation: string | null;
  /** Dated (by its reports) before the current window when first reported: never mailed. */
  historical: boolean;
  /** Set when a watchlist change left no report naming its places: kept and shown, not deleted. */
  withdrawn: { at: string; reason: string } | null;
  sources: SourceView[];
  revision: number;
  createdAt: string;
  updatedAt: string;
}

// The same story seen in other feeds (mirrors, aggregators): stored once, shown as carried by them.
const SIGHTINGS = { orderBy: { seenAt: 'asc' }, select: { link: true, seenAt: true, feed: { select: { publisher: true } } } } satisfies Prisma.Item$sightingsArgs;

const viewInclude = {
  watchlist: { select: { slug: true } },
  places: { include: { place: { select: { name: true } } } },
  actors: { include: { actor: { select: { name: true } } } },
  sources: {
    orderBy: [{ addedAt: 'asc' }, { itemId: 'asc' }],
    include: { item: { select: { guid: true, link: true, title: true, publishedAt: true, feed: { select: { publisher: true } }, sightings: SIGHTINGS } } },
  },
} satisfies Prisma.AlertInclude;

/** The newest events first (by the date of the violence). */
export async function listAlerts(db: Db, options: { limit: number; watchlist?: string; id?: number }): Promise<AlertView[]> {
  const rows = await db.alert.findMany({
    where: { ...(options.watchlist ? { watchlist: { slug: options.watchlist } } : {}), ...(options.id !== undefined ? { id: options.id } : {}) },
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
    perpetrators: r.actors.filter((a) => a.role === 'perpetrator').map((a) => a.actor.name),
    killed: r.killedMin === null ? null : { min: r.killedMin, max: r.killedMax ?? r.killedMin },
    violence: r.violence,
    reasons: r.reasons,
    escalation: r.escalation,
    historical: r.historical,
    withdrawn: withdrawnOf(r),
    sources: r.sources.map((s) => sourceView(s.item, s.figures as FigureReports)),
    revision: r.revision,
    createdAt: r.createdAt.toISOString(),
    updatedAt: r.updatedAt.toISOString(),
  }));
}

/** Whether and why an event was withdrawn, as the views show it. */
export function withdrawnOf(r: { withdrawnAt: Date | null; withdrawnReason: string | null }): { at: string; reason: string } | null {
  return r.withdrawnAt ? { at: r.withdrawnAt.toISOString(), reason: r.withdrawnReason ?? '' } : null;
}

type SightingRow = { link: string | null; feed: { publisher: string } };

function sourceView(item: { guid: string; link: string | null; title: string; publishedAt: Date | null; feed: { publisher: string }; sightings: SightingRow[] }, figures: FigureReports): SourceView {
  const killed = figures.killed;
  return {
    guid: item.guid,
    link: item.link,
    title: item.title,
    publisher: item.feed.publisher,
    publishedAt: item.publishedAt?.toISOString() ?? null,
    killed: killed ? { min: killed.min, max: killed.max, approximate: killed.approximate } : null,
    alsoCarriedBy: item.sightings.map((s) => ({ publisher: s.feed.publisher, link: s.link })),
  };
}

/** Everything a notice or `vigil alerts show` shows of one event; null when there is none. */
export async function loadAlertDetail(db: Db, alertId: number) {
  return db.alert.findUnique({
    where: { id: alertId },
    include: {
      watchlist: { select: { id: true, slug: true, name: true, recommendedActions: true, handling: true } },
      places: { include: { place: { select: { id: true, name: true, kind: true, within: true, latitude: true, longitude: true } } } },
      actors: { include: { actor: { select: { name: true, type: true } } } },
      sources: {
        orderBy: [{ addedAt: 'asc' }, { itemId: 'asc' }],
        include: { item: { select: { guid: true, title: true, link: true, publishedAt: true, seenAt: true, feed: { select: { name: true, publisher: true } }, sightings: SIGHTINGS } } },
      },
      revisions: { orderBy: { revision: 'asc' } },
    },
  });
}

export type AlertDetail = NonNullable<Awaited<ReturnType<typeof loadAlertDetail>>>;

const DAY_MS = 86_400_000;

/**
 * The same watchlist's events at the event's places (by id) or in their cercles, dated in the
 * `days` before it: a notice's "recent history". Cercles are named in the watchlist's own places,
 * so names are compared within the watchlist only.
 */
export async function listEarlierAlerts(db: Db, alert: AlertDetail, days: number) {
  const ids = alert.places.map((p) => p.place.id);
  const cercleRows = await db.place.findMany({ where: { watchlistId: alert.watchlistId, kind: 'cercle' }, select: { name: true } });
  const cercleKeys = new Set(cercleRows.map((c) => normalizeKey(c.name)));
  const cercles = [...new Set(alert.places.flatMap((p) => cercleOf(p.place, cercleKeys) ?? []))];
  return db.alert.findMany({
    where: {
      id: { not: alert.id },
      watchlistId: alert.watchlistId,
      eventDate: { gte: new Date(alert.eventDate.getTime() - days * DAY_MS), lte: alert.eventDate },
      places: { some: { OR: [{ placeId: { in: ids } }, { place: { name: { in: cercles } } }, { place: { within: { hasSome: cercles } } }] } },
    },
    orderBy: [{ eventDate: 'desc' }, { id: 'desc' }],
    take: 10,
    select: { id: true, level: true, title: true, eventDate: true },
  });
}
