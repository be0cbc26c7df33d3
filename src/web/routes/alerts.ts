// The alert history (/alerts, filtered, a page at a time, every state a permalink) and the page
// of one event (/alerts/:id), with its CAP message at /alerts/:id.cap.
import { findHistoryAlert, findRecommendedActions, listEvidence, listFilterChoices, searchAlerts, showAlert, type FilterChoices } from '../../alerts/index.js';
import { LEVELS } from '../../risk/index.js';
import { sendDocument, sendPage, type Alternate, type WebContext, type WebServer } from '../context.js';
import { formatCursor, parseFilter, queryOf, type FilterParams } from '../filters.js';
import { eventView, levelLabel, listItemView } from '../views.js';
import { capEventOf } from './cap.js';
import { renderCap } from '../render/cap.js';
import { notFound } from './errors.js';

export const PAGE_SIZE = 50;
/** The form's places and actors change only when the catalog is synced: read at most this often. */
const CHOICES_TTL_MS = 30_000;

/** listFilterChoices, kept for CHOICES_TTL_MS. */
function cachedChoices(ctx: WebContext): () => Promise<FilterChoices> {
  let cached: { at: number; choices: Promise<FilterChoices> } | null = null;
  return () => {
    const now = ctx.now().getTime();
    if (!cached || now - cached.at > CHOICES_TTL_MS) {
      const choices = listFilterChoices(ctx.db);
      cached = { at: now, choices };
      // A failed read is not kept: the next request tries again.
      choices.catch(() => (cached = null));
    }
    return cached.choices;
  };
}

/** The Atom and CSV links of a filter state, shown in <head> and beside the list. */
export function alternatesOf(params: FilterParams): Alternate[] {
  return [
    { type: 'application/atom+xml', title: 'Atom feed of these alerts', href: `/alerts.atom${queryOf(params)}` },
    { type: 'text/csv', title: 'CSV (with HXL hashtags) of these alerts', href: `/alerts.csv${queryOf(params)}` },
  ];
}

export function registerAlertRoutes(app: WebServer, ctx: WebContext) {
  const filterChoices = cachedChoices(ctx);
  app.get<{ Querystring: Record<string, string | string[]> }>('/alerts', async (request, reply) => {
    const parsed = parseFilter(request.query);
    const [page, choices] = await Promise.all([
      parsed.problems.length ? { alerts: [], next: null } : searchAlerts(ctx.db, parsed.filter, { limit: PAGE_SIZE, after: parsed.after }),
      filterChoices(),
    ]);
    const { params } = parsed;
    const selected = (list: { value: string; label: string }[], chosen: readonly string[]) => list.map((o) => ({ ...o, selected: chosen.includes(o.value) }));
    const view = {
      title: 'Alerts',
      alternates: alternatesOf(params),
      problems: parsed.problems,
      params,
      filtered: queryOf(params) !== '',
      continued: parsed.after !== null,
      permalink: `/alerts${queryOf(params, parsed.after ? { after: formatCursor(parsed.after) } : {})}`,
      firstPage: `/alerts${queryOf(params)}`,
      nextPage: page.next ? `/alerts${queryOf(params, { after: formatCursor(page.next) })}` : null,
      alerts: page.alerts.map(listItemView),
      choices: {
        watchlists: selected(choices.watchlists.map((w) => ({ value: w.slug, label: w.name })), [params.watchlist]),
        levels: selected(LEVELS.map((l) => ({ value: l, label: levelLabel(l) })), params.level),
        places: selected(choices.places.map((p) => ({ value: String(p.id), label: `${p.name} (${p.kind})` })), [params.place]),
        actors: selected(choices.actors.map((a) => ({ value: String(a.id), label: a.name })), [params.actor]),
      },
    };
    return sendPage(ctx, reply, 'alerts', view, parsed.problems.length ? 400 : 200);
  });

  app.get<{ Params: { id: string } }>('/alerts/:id', async (request, reply) => {
    const match = /^(\d{1,9})(\.cap)?$/.exec(request.params.id);
    if (!match) return notFound(ctx, request, reply);
    const id = Number(match[1]);
    if (match[2]) {
      const event = await capEventOf(ctx, id);
      if (!event) return notFound(ctx, request, reply);
      return sendDocument(request, reply, 'application/cap+xml; charset=utf-8', renderCap(event, ctx.baseUrl), event.revisions.at(-1)?.at ?? null);
    }
    const show = await showAlert(ctx.db, id, ctx.historyDays);
    if (!show) return notFound(ctx, request, reply);
    const [alert, evidence, actions] = await Promise.all([findHistoryAlert(ctx.db, id), listEvidence(ctx.db, id), findRecommendedActions(ctx.db, show.watchlist.slug)]);
    const view = eventView(show, alert?.placeDetails ?? [], evidence, actions);
    const alternates: Alternate[] = [{ type: 'application/cap+xml', title: 'CAP 1.2 message of this event', href: `/alerts/${id}.cap` }];
    return sendPage(ctx, reply, 'alert', { ...view, historyDays: ctx.historyDays, alternates });
  });
}
