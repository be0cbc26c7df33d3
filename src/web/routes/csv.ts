// CSV export of the filtered history, with the HXL hashtag row HDX tools read: the same query
// string as /alerts, every matching event (up to MAX_ROWS), newest first.
import { listAdminAreas, searchAlerts, type HistoryAlert, type HistoryCursor } from '../../alerts/index.js';
import { sendDocument, type WebContext, type WebServer } from '../context.js';
import { parseFilter } from '../filters.js';
import { renderCsv, type CsvColumn } from '../render/csv.js';

const MAX_ROWS = 10_000;
const BATCH = 500;

/** The columns of the export, with their HXL hashtags. */
export function csvColumns(baseUrl: string, adminAreas: ReadonlyMap<string, string>): CsvColumn<HistoryAlert>[] {
  const areaOf = (alert: HistoryAlert, kind: string) =>
    unique(alert.placeDetails.flatMap((p) => [p.name, ...p.within].filter((n) => (n === p.name ? p.kind === kind : adminAreas.get(n) === kind)).slice(0, 1)));
  const located = (alert: HistoryAlert) => alert.placeDetails.find((p) => p.latitude !== null && p.longitude !== null);
  return [
    { header: 'id', hxl: '#event+code', value: (a) => a.id },
    { header: 'date', hxl: '#date', value: (a) => a.eventDate.slice(0, 10) },
    { header: 'level', hxl: '#severity', value: (a) => a.level },
    { header: 'title', hxl: '#description', value: (a) => a.title },
    { header: 'region', hxl: '#adm1+name', value: (a) => areaOf(a, 'region') },
    { header: 'cercle', hxl: '#adm2+name', value: (a) => areaOf(a, 'cercle') },
    { header: 'places', hxl: '#loc+name', value: (a) => a.places.join('; ') },
    { header: 'latitude', hxl: '#geo+lat', value: (a) => located(a)?.latitude ?? null },
    { header: 'longitude', hxl: '#geo+lon', value: (a) => located(a)?.longitude ?? null },
    { header: 'killed_min', hxl: '#affected+killed+min', value: (a) => a.killed?.min ?? null },
    { header: 'killed_max', hxl: '#affected+killed+max', value: (a) => a.killed?.max ?? null },
    { header: 'perpetrators', hxl: '#group+perpetrator', value: (a) => a.perpetrators.join('; ') },
    { header: 'sources', hxl: '#meta+source', value: (a) => unique(a.sources.map((s) => s.publisher)) },
    { header: 'withdrawn', hxl: '#status+withdrawn', value: (a) => (a.withdrawn ? `withdrawn: ${a.withdrawn.reason}` : '') },
    { header: 'url', hxl: '#meta+url', value: (a) => `${baseUrl}/alerts/${a.id}` },
  ];
}

function unique(names: string[]): string {
  return [...new Set(names)].join('; ');
}

export function registerCsvRoutes(app: WebServer, ctx: WebContext) {
  app.get<{ Querystring: Record<string, string | string[]> }>('/alerts.csv', async (request, reply) => {
    const parsed = parseFilter(request.query);
    if (parsed.problems.length) return reply.code(400).type('text/plain; charset=utf-8').send(parsed.problems.join('\n'));
    const rows: HistoryAlert[] = [];
    let after: HistoryCursor | null = null;
    do {
      const page = await searchAlerts(ctx.db, parsed.filter, { limit: BATCH, after });
      rows.push(...page.alerts);
      after = page.next;
    } while (after && rows.length < MAX_ROWS);
    const body = renderCsv(csvColumns(ctx.baseUrl, await listAdminAreas(ctx.db)), rows.slice(0, MAX_ROWS));
    reply.header('content-disposition', 'attachment; filename="vigil-alerts.csv"');
    return sendDocument(request, reply, 'text/csv; charset=utf-8', body, null);
  });
}
