// CAP 1.2: the index of the latest events as an Atom feed whose entries link to each event's
// CAP message (as GDACS publishes them), and the loading of one event as a CAP message.
import { findHistoryAlert, findRecommendedActions, showAlert } from '../../alerts/index.js';
import { sendDocument, type WebContext, type WebServer } from '../context.js';
import type { CapEvent } from '../render/cap.js';
import { levelLabel } from '../views.js';
import { atomOf } from './atom.js';

/** One event as its CAP message needs it, or null when there is none. */
export async function capEventOf(ctx: WebContext, id: number): Promise<CapEvent | null> {
  const [show, alert] = await Promise.all([showAlert(ctx.db, id, 0), findHistoryAlert(ctx.db, id)]);
  if (!show || !alert) return null;
  return {
    id,
    level: show.level,
    levelLabel: levelLabel(show.level),
    title: show.title,
    eventDate: new Date(show.eventDate),
    historical: show.historical,
    withdrawn: show.withdrawn ? { at: new Date(show.withdrawn.at), reason: show.withdrawn.reason } : null,
    watchlistName: show.watchlist.name,
    places: alert.placeDetails,
    reasons: show.reasons,
    killed: show.killed,
    sources: show.sources.length,
    revisions: show.revisions.map((r) => ({ revision: r.revision, at: new Date(r.at) })),
    recommendedActions: await findRecommendedActions(ctx.db, show.watchlist.slug),
    url: `${ctx.baseUrl}/alerts/${id}`,
  };
}

export function registerCapRoutes(app: WebServer, ctx: WebContext) {
  app.get<{ Querystring: Record<string, string | string[]> }>('/alerts.cap.atom', async (request, reply) => {
    const feed = await atomOf(ctx, request.query, { cap: true });
    if (!feed) return reply.code(400).type('text/plain; charset=utf-8').send('Invalid filter: see /alerts for the fields.');
    return sendDocument(request, reply, 'application/atom+xml; charset=utf-8', feed.body, feed.updated);
  });
}
