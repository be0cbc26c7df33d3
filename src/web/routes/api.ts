// The JSON API: the shapes of `vigil alerts list --json` (DESIGN.md, "JSON output"). Lists are
// arrays as before; the next page is given in a `Link: <…>; rel="next"` header (RFC 8288), so
// scripts written for the first version keep working.
import type { FastifyReply } from 'fastify';
import { findPlace, searchAlerts, showAlert, type AlertFilter, type HistoryAlert, type HistoryCursor, type HistoryPage } from '../../alerts/index.js';
import { listFeeds } from '../../feeds/index.js';
import type { WebContext, WebServer } from '../context.js';
import { formatCursor, parseCursor, parseFilter, queryOf } from '../filters.js';
import { PAGE_SIZE } from './alerts.js';

type Query = Record<string, string | string[]>;

/** An alert as the API gives it: the JSON view, without the web's place details. */
function apiView({ placeDetails: _p, ...alert }: HistoryAlert) {
  return alert;
}

function sendList(reply: FastifyReply, page: HistoryPage, nextUrl: (after: HistoryCursor) => string) {
  if (page.next) reply.header('link', `<${nextUrl(page.next)}>; rel="next"`);
  return reply.send(page.alerts.map(apiView));
}

export function registerApiRoutes(app: WebServer, ctx: WebContext) {
  app.get<{ Querystring: Query }>('/api/alerts', async (request, reply) => {
    const parsed = parseFilter(request.query);
    if (parsed.problems.length) return reply.code(400).send({ error: parsed.problems.join(' '), requestId: request.id });
    const page = await searchAlerts(ctx.db, parsed.filter, { limit: PAGE_SIZE, after: parsed.after });
    return sendList(reply, page, (after) => `${ctx.baseUrl}/api/alerts${queryOf(parsed.params, { after: formatCursor(after) })}`);
  });

  app.get<{ Params: { id: string } }>('/api/alerts/:id', async (request, reply) => {
    const show = /^\d{1,9}$/.test(request.params.id) ? await showAlert(ctx.db, Number(request.params.id), ctx.historyDays) : null;
    if (!show) return reply.code(404).send({ error: 'No alert has this id.', requestId: request.id });
    return show;
  });

  app.get<{ Params: { id: string }; Querystring: Query }>('/api/places/:id/alerts', async (request, reply) => {
    const place = /^\d{1,9}$/.test(request.params.id) ? await findPlace(ctx.db, Number(request.params.id)) : null;
    if (!place) return reply.code(404).send({ error: 'No place has this id.', requestId: request.id });
    const afterText = typeof request.query.after === 'string' ? request.query.after : '';
    const filter: AlertFilter = { placeId: place.id, watchlist: place.watchlist.slug };
    const page = await searchAlerts(ctx.db, filter, { limit: PAGE_SIZE, after: parseCursor(afterText) });
    return sendList(reply, page, (after) => `${ctx.baseUrl}/api/places/${place.id}/alerts?after=${formatCursor(after)}`);
  });

  app.get('/api/feeds', async () => listFeeds(ctx.db));
}
