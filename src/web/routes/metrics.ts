// /metrics in the Prometheus text format (prom-client): the process's default metrics, and
// gauges read from the database at each scrape, so every replica reports the same
// database-wide figures. Counters of work done in one process (feeds polled, cycle seconds)
// belong to the poller and are not here yet. No per-subscriber labels.
import { collectDefaultMetrics, Gauge, Registry } from 'prom-client';
import type { Db } from '../../db/index.js';
import type { WebContext, WebServer } from '../context.js';

interface Counts {
  feeds_failing: number;
  items: number;
  matches: number;
  outbox_pending: number;
  events: { level: string; n: number }[] | null;
  deliveries: { status: string; n: number }[] | null;
}

// One statement, so a scrape costs one round trip; counts of large tables use their indexes.
async function readCounts(db: Db): Promise<Counts> {
  const rows = await db.$queryRaw<Counts[]>`
    SELECT
      (SELECT count(*)::int FROM feed WHERE enabled AND error_count > 0) AS feeds_failing,
      (SELECT count(*)::int FROM item) AS items,
      (SELECT count(*)::int FROM match) AS matches,
      (SELECT count(*)::int FROM delivery WHERE status = 'pending') AS outbox_pending,
      (SELECT json_agg(json_build_object('level', level, 'n', n)) FROM (SELECT level, count(*)::int AS n FROM alert GROUP BY level) e) AS events,
      (SELECT json_agg(json_build_object('status', status, 'n', n)) FROM (SELECT status, count(*)::int AS n FROM delivery GROUP BY status) d) AS deliveries`;
  const row = rows[0];
  if (!row) throw new Error('the metrics query returned no row');
  return row;
}

/** A registry of this app's metrics (one per app, so tests can build several). */
export function createMetrics(db: Db): Registry {
  const register = new Registry();
  collectDefaultMetrics({ register });
  let pending: Promise<Counts> | null = null;
  // Every gauge of one scrape reads the same query.
  const counts = () => (pending ??= readCounts(db).finally(() => setTimeout(() => (pending = null), 0)));
  const gauge = (name: string, help: string, read: (c: Counts, g: Gauge) => void, labelNames: string[] = []) =>
    new Gauge({
      name,
      help,
      labelNames,
      registers: [register],
      async collect() {
        this.reset();
        read(await counts(), this);
      },
    });
  gauge('vigil_feeds_failing', 'Enabled feeds whose last poll failed.', (c, g) => g.set(c.feeds_failing));
  gauge('vigil_items_total', 'Items stored.', (c, g) => g.set(c.items));
  gauge('vigil_matches_total', 'Matches of watched places and actors stored.', (c, g) => g.set(c.matches));
  gauge('vigil_outbox_pending', 'Deliveries waiting to be sent.', (c, g) => g.set(c.outbox_pending));
  gauge('vigil_events_total', 'Events (alerts) by level.', (c, g) => (c.events ?? []).forEach((e) => g.set({ level: e.level }, e.n)), ['level']);
  gauge('vigil_deliveries_total', 'Deliveries by status.', (c, g) => (c.deliveries ?? []).forEach((d) => g.set({ status: d.status }, d.n)), ['status']);
  return register;
}

export function registerMetricsRoutes(app: WebServer, ctx: WebContext) {
  const register = createMetrics(ctx.db);
  app.get('/metrics', async (_request, reply) => reply.type(register.contentType).send(await register.metrics()));
}
