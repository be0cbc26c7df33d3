// /metrics in the Prometheus text format (prom-client): the process's default metrics, and
// gauges read from the database at each scrape, so every replica reports the same
// database-wide figures, and counters of the polling this process did (each replica its own,
// as Prometheus sums them). No per-subscriber labels.
import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from 'prom-client';
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

/** What a finished poll cycle reports to the metrics. */
export interface CycleFigures {
  feedsPolled: number;
  feedsFailed: number;
  durationMs: number;
}

/** A process's metrics: the registry /metrics serves, and what the poller tells it. */
export interface Metrics {
  register: Registry;
  recordCycle(cycle: CycleFigures): void;
  recordCycleFailure(): void;
}

/** This process's metrics (one per app, so tests can build several). */
export function createMetrics(db: Db): Metrics {
  const register = databaseGauges(db);
  const counter = (name: string, help: string) => new Counter({ name, help, registers: [register] });
  const polled = counter('vigil_feeds_polled_total', 'Feeds this process polled.');
  const failures = counter('vigil_feed_failures_total', 'Polls by this process that failed (unreachable, refused, unreadable, gone).');
  const cycleFailures = counter('vigil_poll_cycle_failures_total', 'Poll cycles this process could not finish (the database was lost).');
  const seconds = new Histogram({ name: 'vigil_poll_cycle_seconds', help: 'How long the poll cycles of this process took.', buckets: [0.5, 1, 2, 5, 10, 30, 60, 120, 300, 600], registers: [register] });
  return {
    register,
    recordCycle: (cycle) => {
      polled.inc(cycle.feedsPolled);
      failures.inc(cycle.feedsFailed);
      seconds.observe(cycle.durationMs / 1000);
    },
    recordCycleFailure: () => cycleFailures.inc(),
  };
}

function databaseGauges(db: Db): Registry {
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

export function registerMetricsRoutes(app: WebServer, ctx: WebContext, metrics: Metrics) {
  const { register } = metrics;
  app.get('/metrics', async (_request, reply) => reply.type(register.contentType).send(await register.metrics()));
}
