// One event as an analyst reads it (`vigil alerts show`, and later its web page): level and why,
// places, figures with who said what, perpetrators, sources, revisions, the area's history.
import type { Db } from '../db/index.js';
import { FIGURES, sourceLabel, type Count, type Figure, type FigureReports } from '../risk/index.js';
import { listEarlierAlerts, loadAlertDetail, withdrawnOf, type AlertDetail } from './store.js';

export interface AlertShow {
  id: number;
  watchlist: { slug: string; name: string };
  level: string;
  title: string;
  eventDate: string;
  historical: boolean;
  withdrawn: { at: string; reason: string } | null;
  places: { name: string; kind: string; within: string[] }[];
  perpetrators: string[];
  actors: string[];
  killed: { min: number; max: number } | null;
  violence: string[];
  reasons: string[];
  figures: { figure: Figure; count: Count; evidence: string; source: string }[];
  sources: { guid: string; link: string | null; title: string; publisher: string; publishedAt: string | null; revision: number; alsoCarriedBy: { publisher: string; link: string | null }[] }[];
  revisions: { revision: number; level: string; previousLevel: string | null; killed: { min: number; max: number } | null; sources: number; changes: string[]; notified: boolean; at: string }[];
  history: { id: number; level: string; title: string; eventDate: string }[];
  revision: number;
}

export async function showAlert(db: Db, id: number, historyDays: number): Promise<AlertShow | null> {
  const alert = await loadAlertDetail(db, id);
  if (!alert) return null;
  const history = await listEarlierAlerts(db, alert, historyDays);
  return {
    id: alert.id,
    watchlist: { slug: alert.watchlist.slug, name: alert.watchlist.name },
    level: alert.level,
    title: alert.title,
    eventDate: alert.eventDate.toISOString(),
    historical: alert.historical,
    withdrawn: withdrawnOf(alert),
    places: alert.places.map(({ place }) => ({ name: place.name, kind: place.kind, within: place.within })),
    perpetrators: alert.actors.filter((a) => a.role === 'perpetrator').map((a) => a.actor.name),
    actors: alert.actors.map((a) => a.actor.name),
    killed: alert.killedMin === null ? null : { min: alert.killedMin, max: alert.killedMax ?? alert.killedMin },
    violence: alert.violence,
    reasons: alert.reasons,
    figures: figuresOf(alert),
    sources: alert.sources.map(({ item, revision }) => ({
      guid: item.guid,
      link: item.link,
      title: item.title,
      publisher: item.feed.publisher,
      publishedAt: item.publishedAt?.toISOString() ?? null,
      revision,
      alsoCarriedBy: item.sightings.map((s) => ({ publisher: s.feed.publisher, link: s.link })),
    })),
    revisions: alert.revisions.map((r) => ({
      revision: r.revision,
      level: r.level,
      previousLevel: r.previousLevel,
      killed: r.killedMin === null ? null : { min: r.killedMin, max: r.killedMax ?? r.killedMin },
      sources: r.sources,
      changes: r.changes,
      notified: r.notified,
      at: r.createdAt.toISOString(),
    })),
    history: history.map((h) => ({ ...h, eventDate: h.eventDate.toISOString() })),
    revision: alert.revision,
  };
}

function figuresOf(alert: AlertDetail): AlertShow['figures'] {
  return alert.sources.flatMap(({ item, figures }) =>
    FIGURES.flatMap((figure) => {
      const report = (figures as FigureReports)[figure];
      if (!report) return [];
      const { evidence, revised: _r, shared: _s, ...count } = report;
      return [{ figure, count, evidence, source: sourceLabel({ publisher: item.feed.publisher, publishedAt: item.publishedAt }) }];
    }),
  );
}
