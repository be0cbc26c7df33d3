// The bench's web figures (issue 18's target: p95 under 50 ms for each page at 50 connections):
// 100,000 events on 200 places stored on PostgreSQL, then autocannon against the history, one
// event page and the API filtered by level. The load runs in a worker thread, whose per-response
// latencies do not reach this thread: autocannon's p97.5 is reported, an upper bound of p95.
// Each page is measured as served (the page cache on) and rendered every time (off).
import autocannon from 'autocannon';
import { syncCatalog } from '../src/catalog/index.js';
import type { Database } from '../src/db/index.js';
import { silentLogger } from '../src/log.js';
import { TEMPLATES_DIR } from '../src/paths.js';
import { loadTemplates } from '../src/templates.js';
import { buildWebApp } from '../src/web/index.js';
import { gazetteer } from '../test/helpers/catalogs.js';

const EVENTS = 100_000;
const CONNECTIONS = 50;
const SECONDS = 8;
const NOW = new Date('2026-11-27T00:00:00Z');

export interface WebFigure {
  path: string;
  /** Served as users get it (kept pages while the data is unchanged), or rendered every time. */
  cache: boolean;
  requestsPerSecond: number;
  /** autocannon's 97.5th percentile latency: p95 is at most this. */
  p97_5Ms: number;
  errors: number;
}

// One statement per table: events a few minutes apart over the last year, levels in turn, each
// at one place with one revision.
async function storeEvents(db: Database): Promise<void> {
  await syncCatalog(db.prisma, gazetteer(200, 20), { now: NOW, syncedBy: 'bench', vigilVersion: 'bench' });
  await db.prisma.$executeRaw`
    INSERT INTO alert (watchlist_id, level, title, event_date, killed_min, killed_max, violence, reasons, revision, created_at, updated_at)
    SELECT w.id, (ARRAY['current-crisis','imminent-risk','serious-concern'])[1 + i % 3], 'Village ' || i || ' — attack: ' || (i % 40) || ' killed',
      ${NOW}::timestamptz - i * interval '5 minutes', i % 40, i % 40 + i % 3, ARRAY['attack'], ARRAY['Attack reported (bench)'], 1,
      ${NOW}::timestamptz - i * interval '5 minutes', ${NOW}::timestamptz - i * interval '5 minutes'
    FROM generate_series(1, ${EVENTS}::int) i, (SELECT id FROM watchlist LIMIT 1) w`;
  await db.prisma.$executeRaw`
    INSERT INTO alert_place (alert_id, place_id)
    SELECT a.id, p.ids[1 + a.id % array_length(p.ids, 1)] FROM alert a, (SELECT array_agg(id ORDER BY id) AS ids FROM place) p`;
  await db.prisma.$executeRaw`
    INSERT INTO alert_revision (alert_id, revision, level, killed_min, killed_max, sources, reasons, changes, notified, created_at)
    SELECT id, 1, level, killed_min, killed_max, 1, reasons, ARRAY['first report'], true, created_at FROM alert`;
  await db.prisma.$executeRawUnsafe('ANALYZE');
}

async function load(url: string): Promise<Omit<WebFigure, 'path' | 'cache'>> {
  const result = await new Promise<autocannon.Result>((resolve, reject) => {
    // The load comes from a worker thread, so the server keeps the main thread to itself.
    autocannon({ url, connections: CONNECTIONS, duration: SECONDS, workers: 1 }, (error: unknown, done) =>
      error ? reject(error instanceof Error ? error : new Error('autocannon failed', { cause: error })) : resolve(done),
    );
  });
  return { requestsPerSecond: result.requests.average, p97_5Ms: result.latency.p97_5, errors: result.errors + result.non2xx };
}

export async function benchWeb(db: Database): Promise<WebFigure[]> {
  await storeEvents(db);
  const event = await db.prisma.alert.findFirstOrThrow({ orderBy: { id: 'asc' }, skip: EVENTS / 2, select: { id: true } });
  const figures: WebFigure[] = [];
  // With the page cache the figure is what readers get while no cycle writes; without it, what
  // each render costs (the worst case, as right after every commit).
  for (const cache of [true, false]) {
    const app = buildWebApp({ db: db.prisma, log: silentLogger(), templates: loadTemplates(TEMPLATES_DIR), templatesDir: TEMPLATES_DIR, now: () => NOW, ...(cache ? {} : { pageCache: false as const }) });
    const base = await app.listen({ port: 0, host: '127.0.0.1' });
    try {
      for (const path of ['/alerts', `/alerts/${event.id}`, '/api/alerts?level=current-crisis']) figures.push({ path, cache, ...(await load(`${base}${path}`)) });
    } finally {
      await app.close();
    }
  }
  return figures;
}
