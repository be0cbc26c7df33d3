// Atom feeds of events: all of them, or any filter of the history (per watchlist, per level,
// per place…) by the same query string as /alerts, so every filtered page has its feed.
import { searchAlerts, type HistoryAlert } from '../../alerts/index.js';
import { sendDocument, type WebContext, type WebServer } from '../context.js';
import { parseFilter, queryOf } from '../filters.js';
import { renderAtom, tagUri, type AtomEntry } from '../render/atom.js';
import { levelLabel, rangeText } from '../views.js';

const FEED_SIZE = 50;

/** The feed of a filter state, or null when the query does not read. */
export async function atomOf(ctx: WebContext, query: Record<string, string | string[]>, options: { cap: boolean }) {
  const parsed = parseFilter(query);
  if (parsed.problems.length) return null;
  const { alerts } = await searchAlerts(ctx.db, parsed.filter, { limit: FEED_SIZE });
  const q = queryOf(parsed.params);
  const path = options.cap ? '/alerts.cap.atom' : '/alerts.atom';
  const updated = alerts.reduce((latest, a) => (new Date(a.updatedAt) > latest ? new Date(a.updatedAt) : latest), new Date(0));
  const body = renderAtom({
    id: tagUri(ctx.baseUrl, `${options.cap ? 'cap' : 'alerts'}${q}`),
    title: `Vigil — ${options.cap ? 'CAP messages of ' : ''}${describeFilter(parsed.params)}`,
    updated: alerts.length ? updated : ctx.now(),
    selfUrl: `${ctx.baseUrl}${path}${q}`,
    pageUrl: `${ctx.baseUrl}/alerts${q}`,
    entries: alerts.map((a) => entryOf(ctx.baseUrl, a, options.cap)),
  });
  return { body, updated: alerts.length ? updated : null };
}

function describeFilter(params: { watchlist: string; level: string[] }): string {
  const parts = [params.level.length ? params.level.map(levelLabel).join(' or ') : 'all', 'alerts'];
  if (params.watchlist) parts.push(`of ${params.watchlist}`);
  return parts.join(' ');
}

function entryOf(baseUrl: string, alert: HistoryAlert, cap: boolean): AtomEntry {
  const killed = rangeText(alert.killed);
  const summary = [
    `${levelLabel(alert.level)} — ${alert.eventDate.slice(0, 10)} — ${alert.places.join(', ') || 'no place named'}.`,
    alert.withdrawn ? `Withdrawn: ${alert.withdrawn.reason}.` : null,
    killed ? `Killed (reported): ${killed}.` : null,
    alert.reasons.length ? `Why this level: ${alert.reasons.join('; ')}.` : null,
    `Revision ${alert.revision}, ${alert.sources.length} source(s): ${alert.sources.map((s) => s.publisher).join(', ')}.`,
  ];
  return {
    // The same id whatever the feed (all, per level, CAP index), so readers merge them.
    id: tagUri(baseUrl, `alert/${alert.id}`),
    title: `${alert.withdrawn ? 'WITHDRAWN — ' : ''}${levelLabel(alert.level).toUpperCase()}: ${alert.title}`,
    updated: new Date(alert.updatedAt),
    published: new Date(alert.createdAt),
    link: `${baseUrl}/alerts/${alert.id}`,
    summary: summary.filter(Boolean).join(' '),
    categories: [{ term: alert.level, label: levelLabel(alert.level) }, { term: `watchlist:${alert.watchlist}`, label: alert.watchlist }],
    alternates: cap ? [{ type: 'application/cap+xml', href: `${baseUrl}/alerts/${alert.id}.cap` }] : [],
  };
}

export function registerAtomRoutes(app: WebServer, ctx: WebContext) {
  app.get<{ Querystring: Record<string, string | string[]> }>('/alerts.atom', async (request, reply) => {
    const feed = await atomOf(ctx, request.query, { cap: false });
    if (!feed) return reply.code(400).type('text/plain; charset=utf-8').send('Invalid filter: see /alerts for the fields.');
    return sendDocument(request, reply, 'application/atom+xml; charset=utf-8', feed.body, feed.updated);
  });
}
