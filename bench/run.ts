// `npm run bench`: Vigil's figures side by side with a baseline, printed as one table. The
// ratio says how many times better Vigil does: Vigil ÷ baseline for rates, baseline ÷ Vigil for
// times. Pure stages (matching, feed parsing) and catalog sync on the embedded database and,
// when DATABASE_URL is set, on PostgreSQL; HTTP and SMTP figures arrive with the issues that
// set their targets. Timings are wall-clock on this machine: compare rows of one run, not runs
// of different machines.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { performance } from 'node:perf_hooks';
import { join } from 'node:path';
import Parser from 'rss-parser';
import { loadCatalogWatchlists, syncCatalog, type CatalogConfig } from '../src/catalog/index.js';
import { loadConfig } from '../src/config/index.js';
import { applyMigrations, openDatabase, readMigrations, type Database } from '../src/db/index.js';
import { parseFeed } from '../src/feeds/parse.js';
import { toItemDraft } from '../src/feeds/items.js';
import { silentLogger } from '../src/log.js';
import { MIGRATIONS_DIR, PACKAGE_ROOT } from '../src/paths.js';
import { gazetteer } from '../test/helpers/catalogs.js';
import { adminQuery } from '../test/helpers/db.js';
import { benchFanout, BASELINE_SUBSCRIBERS, FANOUT_SUBSCRIBERS, POOL_CONNECTIONS } from './fanout.js';
import { benchFeedsCycle, CYCLE_CONCURRENCY } from './feeds-cycle.js';
import { benchIngest } from './ingest.js';
import { benchRematch } from './rematch.js';
import { benchMatching, SENTENCES } from './matching.js';
import { benchWeb } from './web.js';
import { rowByRowSync } from './row-by-row-sync.js';
import { atLeast, atMost, markdownTable, ratioAtLeast, recordBenchmarks, type Row } from './table.js';


const rows: Row[] = [];
const notes: string[] = [];
// `npm run bench -- --only web,notify` runs those stages; `--record` writes BENCHMARKS.md.
const args = process.argv.slice(2);
const only = args.includes('--only') ? (args[args.indexOf('--only') + 1] ?? '').split(',') : null;
const wanted = (stage: string): boolean => only === null || only.includes(stage);
const postgresUrl = process.env.DATABASE_URL ?? null;
const config = loadConfig({ path: join(PACKAGE_ROOT, 'config/vigil.yaml'), env: {} });

/**
 * Runs/s of two pieces of work measured in alternating slices, each figure the median of its
 * slices: a machine busy for a moment slows both alike, where two runs one after the other
 * would put the whole slowdown on one side of the ratio.
 */
async function ratesInterleaved(a: () => Promise<void>, b: () => Promise<void>, slices = 7, ms = 400): Promise<[number, number]> {
  const ofA: number[] = [];
  const ofB: number[] = [];
  for (let i = 0; i < slices; i++) {
    ofA.push(await rateAsync(a, ms));
    ofB.push(await rateAsync(b, ms));
  }
  const median = (xs: number[]) => xs.sort((x, y) => x - y)[Math.floor(xs.length / 2)] ?? Number.NaN;
  return [median(ofA), median(ofB)];
}

async function rateAsync(work: () => Promise<void>, ms = 1500): Promise<number> {
  await work();
  let runs = 0;
  const start = performance.now();
  while (performance.now() - start < ms) {
    await work();
    runs += 1;
  }
  return runs / ((performance.now() - start) / 1000);
}

// ---- Feed parsing: parse + clean into items against rss-parser's bare parse of the same XML.
// First, on a fresh heap: after the matching rows, the collector's work on their garbage falls
// mostly on whichever side allocates more, and the ratio then says more about them than about it.
const bigFeed = `<?xml version="1.0" encoding="UTF-8"?><rss version="2.0"><channel><title>Bench</title><link>https://example.org</link><description>x</description>${Array.from(
  { length: 1000 },
  (_, i) =>
    `<item><title>Item ${i}: ${SENTENCES[i % SENTENCES.length] ?? ''}</title><link>https://example.org/${i}</link><guid>g${i}</guid><pubDate>Wed, 25 Nov 2026 10:00:00 +0000</pubDate><description>&lt;p&gt;${SENTENCES.join(' ')}&lt;/p&gt;</description></item>`,
).join('')}</channel></rss>`;

async function benchParseRow(): Promise<void> {
  const bare = new Parser();
  const fetchedAt = new Date();
  const [bareRate, vigilParseRate] = await ratesInterleaved(
    async () => {
      await bare.parseString(bigFeed);
    },
    async () => {
      const parsed = await parseFeed(bigFeed);
      if (parsed.ok) parsed.entries.map((entry) => toItemDraft(entry, fetchedAt));
    },
  );
  const parsing: Row = { stage: 'feeds', figure: 'items/s parsed and cleaned (1,000-item feed)', vigil: vigilParseRate * 1000, baseline: bareRate * 1000, baselineName: 'rss-parser alone' };
  rows.push({ ...parsing, target: ratioAtLeast(parsing, 0.5) });
}
if (wanted('feeds')) await benchParseRow();

// ---- Matching: the token trie against one regex per alias and against its own floor.
const shipped = config.watchlists[0];
if (!shipped) throw new Error('no watchlist in config');
if (wanted('matching')) rows.push(...benchMatching(shipped));

// ---- Catalog sync: 20,000 places and 2,000 actors, what a start costs (sync, then read back
// what the matcher compiles), against the row-by-row upserts Vigil had before. The baseline runs
// on a tenth of the catalog and is scaled up: it costs the same per row whatever the size
// (31 s measured for the whole catalog on PostgreSQL), and a minute per run is too long here.
const BASELINE_SCALE = 10;
const big = gazetteer(20_000, 2_000);
const bigBaseline = gazetteer(20_000 / BASELINE_SCALE, 2_000 / BASELINE_SCALE);
const syncOptions = (force = false) => ({ now: new Date(), syncedBy: `bench pid ${process.pid}`, vigilVersion: 'bench', force });

async function seconds(work: () => Promise<unknown>): Promise<number> {
  const start = performance.now();
  await work();
  return (performance.now() - start) / 1000;
}

/** The median of three runs, each after `prepare` (not timed). */
async function median3(prepare: () => Promise<unknown>, work: () => Promise<unknown>): Promise<number> {
  const runs: number[] = [];
  for (let i = 0; i < 3; i++) {
    await prepare();
    runs.push(await seconds(work));
  }
  return runs.sort((a, b) => a - b)[1] ?? Number.NaN;
}

async function benchCatalog(db: Database, label: string): Promise<void> {
  const empty = () => db.pool.query('TRUNCATE feed, watchlist, place, actor, catalog_sync RESTART IDENTITY CASCADE');
  const start = async (catalog: CatalogConfig, force = false) => {
    await syncCatalog(db.prisma, catalog, syncOptions(force));
    await loadCatalogWatchlists(db.prisma);
  };
  const nothing = () => Promise.resolve();
  const fromScratch = await median3(empty, () => start(big));
  const unchanged = await median3(nothing, () => start(big));
  const forced = await median3(nothing, () => start(big, true));
  await empty();
  const oldScratch = (await seconds(() => rowByRowSync(db.prisma, bigBaseline))) * BASELINE_SCALE;
  const oldResync = (await seconds(() => rowByRowSync(db.prisma, bigBaseline))) * BASELINE_SCALE;
  const baselineName = `row-by-row upserts (1/${BASELINE_SCALE} of it, x${BASELINE_SCALE})`;
  // Issue 13's targets, on PostgreSQL: a sync from scratch in 10 s, an unchanged config in 2 s.
  const row = (figure: string, vigil: number, baseline: number, target?: number) =>
    rows.push({ stage: 'catalog', figure: `s, ${figure}, 20k places + 2k actors, ${label}`, vigil, baseline, baselineName, lowerIsBetter: true, ...(target && label === 'PostgreSQL' ? { target: atMost(vigil, target, ' s') } : {}) });
  row('sync from scratch', fromScratch, oldScratch, 10);
  row('re-sync, config unchanged', unchanged, oldResync, 2);
  row('forced re-sync, no change', forced, oldResync);
}

/** Opens a scratch database of this kind, migrated, runs `work` on it, and removes it. */
async function withScratchDatabase(serverUrl: string | null, work: (db: Database) => Promise<void>): Promise<void> {
  const dataDir = mkdtempSync(join(tmpdir(), 'vigil-bench-'));
  const name = `vigil_bench_${process.pid}`;
  let url: string | null = null;
  if (serverUrl) {
    await adminQuery(serverUrl, `CREATE DATABASE "${name}"`);
    const u = new URL(serverUrl);
    u.pathname = `/${name}`;
    url = u.toString();
  }
  try {
    const db = await openDatabase({ url, dataDir, log: silentLogger() });
    try {
      await applyMigrations(db.pool, readMigrations(MIGRATIONS_DIR));
      await work(db);
    } finally {
      await db.close();
    }
  } finally {
    if (serverUrl) await adminQuery(serverUrl, `DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
    rmSync(dataDir, { recursive: true, force: true });
  }
}

// ---- Ingest: match + signals + event assignment + store (target: 1,000 items/s on PostgreSQL).
async function benchIngestRow(db: Database, label: string): Promise<void> {
  const { vigil, baseline } = await benchIngest(db, config);
  // Issue 14's target, on PostgreSQL: 1,000 items a second.
  const target = label === 'PostgreSQL' ? { target: atLeast(vigil, 1000, ' items/s') } : {};
  rows.push({ stage: 'events', figure: `items/s ingested (match, signals, event assignment, store), 10k items, 10% naming 1 of 200 places, ${label}`, vigil, baseline, baselineName: 'one transaction per item', ...target });
}

if (wanted('events')) {
  if (postgresUrl) await withScratchDatabase(postgresUrl, (db) => benchIngestRow(db, 'PostgreSQL'));
  await withScratchDatabase(null, (db) => benchIngestRow(db, 'embedded'));
}

// ---- Re-matching after a watchlist change (issue 16's target: 100,000 items in under 60 s on
// PostgreSQL). No older Vigil re-matched at all: the target stands in the baseline column.
async function benchRematchRows(db: Database, label: string): Promise<void> {
  const figures = await benchRematch(db, config);
  const items = figures.items.toLocaleString('en');
  rows.push({ stage: 'matching', figure: `s, re-match ${items} stored items finding 10,000 new reports, ${label}`, vigil: figures.finding, target: atMost(figures.finding, 60, ' s') });
  rows.push({ stage: 'matching', figure: `s, re-match ${items} stored items changing nothing, ${label}`, vigil: figures.unchanged, target: atMost(figures.unchanged, 60, ' s') });
}

if (wanted('matching')) {
  if (postgresUrl) await withScratchDatabase(postgresUrl, (db) => benchRematchRows(db, 'PostgreSQL'));
  else notes.push('re-match of 100,000 items: skipped (set DATABASE_URL)');
}

// ---- A fresh install's first cycle over 500 feeds, and the same feeds answering 304 (issue 15's
// targets: under 60 s and 300 MB, and under 10 s). There is no older Vigil to run against, so
// the target stands in the baseline column.
async function benchCycleRows(serverUrl: string): Promise<void> {
  const name = `vigil_bench_cycle_${process.pid}`;
  await adminQuery(serverUrl, `CREATE DATABASE "${name}"`);
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  try {
    const figures = await benchFeedsCycle(url.toString());
    const label = `500 feeds × 20 items, 50–500 ms each, concurrency ${CYCLE_CONCURRENCY}, PostgreSQL`;
    rows.push({ stage: 'feeds', figure: `s, first cycle, ${label}`, vigil: figures.firstCycleSeconds, target: atMost(figures.firstCycleSeconds, 60, ' s') });
    if (figures.peakRssMb === null) notes.push('peak memory of the first cycle: skipped (no GNU time at /usr/bin/time)');
    else rows.push({ stage: 'feeds', figure: 'MB, peak RSS of that `vigil poll` process', vigil: figures.peakRssMb, target: atMost(figures.peakRssMb, 300, ' MB') });
    rows.push({ stage: 'feeds', figure: 's, the same cycle again, every feed answering 304', vigil: figures.notModifiedSeconds, target: atMost(figures.notModifiedSeconds, 10, ' s') });
  } finally {
    await adminQuery(serverUrl, `DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
  }
}

if (wanted('feeds')) {
  if (postgresUrl) await benchCycleRows(postgresUrl);
  else notes.push('feeds cycle of 500 feeds: skipped (set DATABASE_URL)');
}

if (wanted('catalog')) {
  if (postgresUrl) await withScratchDatabase(postgresUrl, (db) => benchCatalog(db, 'PostgreSQL'));
  else notes.push('catalog on PostgreSQL: skipped (set DATABASE_URL to a server where this user may create databases)');
  await withScratchDatabase(null, (db) => benchCatalog(db, 'embedded'));
}

// ---- The web app under load (issue 18's target: p95 under 50 ms at 50 connections, 100,000
// events on PostgreSQL). The target stands in the baseline column.
async function benchWebRows(db: Database): Promise<void> {
  for (const figure of await benchWeb(db)) {
    const served = figure.cache ? 'as served' : 'rendered every time (cache off)';
    const row: Row = { stage: 'web', figure: `ms p97.5 (≥ p95), GET ${figure.path}, ${served}, 50 connections, 100,000 events, PostgreSQL (${Math.round(figure.requestsPerSecond)} req/s, ${figure.errors} errors)`, vigil: figure.p97_5Ms };
    // The target is for pages as served; the rows without the cache say what a render costs.
    rows.push(figure.cache ? { ...row, target: atMost(figure.p97_5Ms, 50, ' ms') } : row);
  }
}

if (wanted('web')) {
  if (postgresUrl) await withScratchDatabase(postgresUrl, benchWebRows);
  else notes.push('web app under load: skipped (set DATABASE_URL)');
}

// ---- Fan-out (issue 17's targets: one event to 10,000 subscribers in under 60 s through a local
// SMTP server, at least 5× a single-connection sequential send, no duplicates).
async function benchFanoutRows(db: Database, label: string): Promise<void> {
  const { vigil, baseline } = await benchFanout(db);
  const to = `one event to ${FANOUT_SUBSCRIBERS.toLocaleString('en')} subscribers, local SMTP, pooled (${POOL_CONNECTIONS} connections), ${label}`;
  rows.push({ stage: 'notify', figure: `s, ${to}`, vigil: vigil.seconds, target: atMost(vigil.seconds, 60, ' s') });
  const rate: Row = { stage: 'notify', figure: `messages/s, ${to}`, vigil: vigil.messagesPerSecond, baseline: baseline.messagesPerSecond, baselineName: `pool=false, one sender, ${BASELINE_SUBSCRIBERS.toLocaleString('en')} sent` };
  rows.push({ ...rate, target: ratioAtLeast(rate, 5) });
  rows.push({ stage: 'notify', figure: `duplicate Message-IDs received of ${vigil.received.toLocaleString('en')} (baseline: ${baseline.duplicates} of ${baseline.received.toLocaleString('en')})`, vigil: vigil.duplicates, target: atMost(vigil.duplicates, 0) });
}

if (wanted('notify')) {
  if (postgresUrl) await withScratchDatabase(postgresUrl, (db) => benchFanoutRows(db, 'PostgreSQL'));
  else notes.push('fan-out to 10,000 subscribers: skipped (set DATABASE_URL)');
}

// ---- The table.
console.log(markdownTable(rows).join('\n'));
for (const note of notes) console.log(`\n${note}`);
console.log(`\nNode ${process.version}, ${process.platform}/${process.arch}. Targets come with the issues that own each stage (see README, "Benchmarks").`);
if (args.includes('--record')) {
  recordBenchmarks(join(PACKAGE_ROOT, 'BENCHMARKS.md'), rows, notes, postgresUrl ? 'PostgreSQL (DATABASE_URL)' : null);
  console.log('Recorded in BENCHMARKS.md.');
}
