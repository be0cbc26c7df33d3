// The page of a watched place (its events and a chart of incidents and deaths per month) and
// the map of the watched places that have coordinates, coloured by their recent events.
import { countByMonth, findPlace, listMapPlaces, searchAlerts } from '../../alerts/index.js';
import { sendPage, type WebContext, type WebServer } from '../context.js';
import { formatCursor, parseCursor } from '../filters.js';
import { layoutMonthlyChart, monthsOf } from '../render/chart.js';
import { projectPlaces } from '../render/projection.js';
import { levelLabel, listItemView } from '../views.js';
import { alternatesOf, PAGE_SIZE } from './alerts.js';
import { notFound } from './errors.js';

const DAY_MS = 86_400_000;
/** The map colours a place by its events of these last days. */
export const MAP_DAYS = 30;
const CHART_MONTHS = 36;
const MAP_BOX = { width: 640, height: 480, margin: 48 };

export function registerPlaceRoutes(app: WebServer, ctx: WebContext) {
  app.get<{ Params: { id: string }; Querystring: { after?: string } }>('/places/:id', async (request, reply) => {
    const id = /^\d{1,9}$/.test(request.params.id) ? Number(request.params.id) : null;
    const place = id === null ? null : await findPlace(ctx.db, id);
    if (!place) return notFound(ctx, request, reply);
    const after = request.query.after ? parseCursor(request.query.after) : null;
    const [page, counts] = await Promise.all([
      searchAlerts(ctx.db, { placeId: place.id, watchlist: place.watchlist.slug }, { limit: PAGE_SIZE, after }),
      countByMonth(ctx.db, place, place.watchlist.slug),
    ]);
    const lastMonth = ctx.now().toISOString().slice(0, 7);
    const params = { watchlist: place.watchlist.slug, level: [], from: '', to: '', place: String(place.id), actor: '', q: '' };
    return sendPage(ctx, reply, 'place', {
      title: place.name,
      place: { ...place, within: place.within.join(', ') },
      chart: counts.length ? layoutMonthlyChart(monthsOf(counts, lastMonth > (counts.at(-1)?.month ?? '') ? lastMonth : (counts.at(-1)?.month ?? lastMonth), CHART_MONTHS)) : null,
      alerts: page.alerts.map(listItemView),
      nextPage: page.next ? `/places/${place.id}?after=${formatCursor(page.next)}` : null,
      alternates: alternatesOf(params),
    });
  });

  app.get('/map', async (_request, reply) => {
    const places = await listMapPlaces(ctx.db, new Date(ctx.now().getTime() - MAP_DAYS * DAY_MS));
    const points = projectPlaces(places, MAP_BOX).map(({ place, x, y }) => ({
      ...place,
      x,
      y,
      levelKey: place.level ?? 'none',
      levelLabel: place.level ? levelLabel(place.level) : 'No event',
      eventsText: place.events === 1 ? '1 event' : `${place.events} events`,
      // Labels go left of points near the right edge, so they stay inside the drawing.
      labelX: x > MAP_BOX.width - 140 ? x - 9 : x + 9,
      labelAnchor: x > MAP_BOX.width - 140 ? 'end' : 'start',
    }));
    return sendPage(ctx, reply, 'map', { title: 'Map', box: MAP_BOX, points, days: MAP_DAYS, legend: ['current-crisis', 'imminent-risk', 'serious-concern', 'info'].map((l) => ({ key: l, label: levelLabel(l) })) });
  });
}
